"""How fast one large map is assessed with its what-if for every person on it.

Generates seeded fictional maps of a given size (500 alters by default, with ties among them as
the generator draws them) and times, as the median of a few repeats:

- the assessment alone (measures, strengths, flags, questions to ask, band);
- the what-if of every alter (``ecomap.risk.resilience``): before, one assessment per alter,
  so the time grew with the square of the map's size; now one pass over the counts;
- both together, as the Map page and ``ecomap assess --format json`` need them.

It also prints the ratio to the assessment alone, and the same timings for half the size: the
what-if grows with the map's alters and ties (linear), not with their square. For comparison,
the earlier what-if (a full assessment per alter) took 7.4 s on a 250-alter map on the same
machine.

Run: ``python benchmarks/what_if.py [--alters 500] [--repeats 5] [--seed 2026]``.
Target: a 500-alter map assessed with every what-if in under 2 s (median).
"""

from __future__ import annotations

import argparse
import random

from timing import median_seconds

from ecomap.risk import assess, resilience
from ecomap.synthetic import random_map


def timings(alters: int, repeats: int, seed: int) -> dict[str, float]:
    """The alter-alter tie count (under ``ties``) and the median seconds of each step."""
    m = random_map(random.Random(seed), alters)
    print(f"map of {len(m.alters)} alters and {len(m.ties)} alter-alter ties")
    return {
        "ties": len(m.ties),
        "assessment": median_seconds(lambda: assess(m), repeats),
        "what-if of every alter": median_seconds(lambda: resilience(m), repeats),
        "assessment + every what-if": median_seconds(lambda: (assess(m), resilience(m)), repeats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alters", type=int, default=500, help="alters on the map (default 500)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats per timing; the median is shown")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    results = {}
    for size in (args.alters // 2, args.alters):
        results[size] = timings(size, args.repeats, args.seed)
        print(f"median of {args.repeats} repeats, {size} alters:")
        for label, taken in list(results[size].items())[1:]:
            print(f"  {label:<28} {taken * 1000:8.1f} ms")
        ratio = results[size]["what-if of every alter"] / results[size]["assessment"]
        print(f"  what-if / assessment         {ratio:8.1f}x")
    half, full = results[args.alters // 2], results[args.alters]
    growth = full["what-if of every alter"] / half["what-if of every alter"]
    size_growth = (args.alters + full["ties"]) / (args.alters // 2 + half["ties"])
    print(
        f"what-if time, {args.alters} vs {args.alters // 2} alters: {growth:.1f}x, while alters + ties grew "
        f"{size_growth:.1f}x (linear in the size of the map; one assessment per alter grew as its square)"
    )
    total = full["assessment + every what-if"]
    verdict = "meets" if total < 2 else "MISSES"
    print(f"target: {args.alters} alters assessed with every what-if in under 2 s: {total:.2f} s ({verdict})")


if __name__ == "__main__":
    main()
