"""How fast one person's suggestions come from a large community directory.

Generates a seeded directory of fictional assets (default 20,000): each copies the tags, kind,
schedule and access of a random asset of the sample directory, with a new id and name, a venue
scattered within about 15 km of Brackford, a random extra tag or two from the sample's tags, a
random weekday, and access and cost shuffled. Then times, as the median of a few repeats:

- indexing the directory once (:class:`ecomap.suggest.DirectoryIndex`), which :func:`suggest`
  keeps for every later call on the same directory;
- :func:`ecomap.suggest.suggest` for sample people against the indexed directory: Edith Marsh
  (twelve alters, six interests, four gifts, does not drive) and Alan Critchley (an empty map).

The first call for a directory also reads the wording of the assets it weighs (what an activity
asks of the body, who it is for, its languages: :mod:`ecomap.directory.wording`), once; that call
is timed apart. Medians are wall time; the CPU time the process was given is printed beside them,
because on a busy machine wall time also counts waiting for a core.

Run: ``python benchmarks/suggest_directory.py [--assets 20000] [--repeats 7] [--seed 2026]``.
Target: at most 200 ms median per person once the directory is indexed.
"""

from __future__ import annotations

import argparse
import random
import time

from timing import median_seconds

from ecomap.directory import VENUE_ACCESS, Directory, Location, Schedule, load_directory
from ecomap.formats import load_map
from ecomap.model import WEEKDAYS
from ecomap.samples import SAMPLES_DIR
from ecomap.suggest import DirectoryIndex, fold, index_of, stems, suggest

CENTRE = (51.1400, -2.7100)


def generated_directory(size: int, seed: int) -> Directory:
    """``size`` fictional assets modelled on the sample directory's (see the module docstring)."""
    rng = random.Random(seed)
    templates = load_directory(SAMPLES_DIR / "directory").assets
    every_tag = sorted({t for a in templates for t in a.tags})
    assets = []
    for n in range(size):
        template = rng.choice(templates)
        where = Location(
            id=f"venue-{n}",
            name=f"Venue {n}",
            latitude=round(CENTRE[0] + rng.uniform(-0.14, 0.14), 5),
            longitude=round(CENTRE[1] + rng.uniform(-0.22, 0.22), 5),
            on_bus_route=rng.random() < 0.7,
        )
        schedules = tuple(
            Schedule(days=(rng.choice(WEEKDAYS),), opens_at=s.opens_at, closes_at=s.closes_at)
            if s.freq == "weekly"
            else s
            for s in template.schedules
        )
        assets.append(
            template.model_copy(
                update={
                    "id": f"asset-{n}",
                    "name": f"{template.name} {n}",
                    "tags": tuple(dict.fromkeys([*template.tags, *rng.sample(every_tag, rng.randint(0, 2))])),
                    "location": where,
                    "schedules": schedules,
                    "accessibility": frozenset(c for c in VENUE_ACCESS if rng.random() < 0.5),
                    "cost_amount": rng.choice([0.0, 0.0, 2.0, 4.5, 8.0, None]),
                }
            )
        )
    return Directory(assets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    started = time.perf_counter()
    directory = generated_directory(args.assets, args.seed)
    print(f"generated {len(directory):,} assets in {time.perf_counter() - started:.1f} s")

    def index_from_cold() -> DirectoryIndex:
        fold.cache_clear()  # the word caches would otherwise carry over from the last run
        stems.cache_clear()
        return DirectoryIndex(directory)

    index_seconds = median_seconds(index_from_cold, max(1, args.repeats // 3))
    print(f"index the directory (once per directory): median {index_seconds * 1000:.0f} ms")
    index = index_of(directory)
    for stem in ("edith-marsh-2025-03", "alan-critchley-2025-09"):
        m = load_map(SAMPLES_DIR / f"{stem}.json")
        started = time.perf_counter()
        found = suggest(m, index)
        first = time.perf_counter() - started
        seconds = median_seconds(lambda m=m: suggest(m, index), args.repeats)
        cpu = median_seconds(lambda m=m: suggest(m, index), args.repeats, clock=time.process_time)
        verdict = "within" if seconds <= 0.2 else "OVER"
        print(
            f"suggest for {m.ego.name} ({len(m.alters)} alters): first call {first * 1000:.0f} ms; "
            f"then median {seconds * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms) over {args.repeats} runs, "
            f"{len(found)} suggestions; {verdict} the 200 ms target"
        )


if __name__ == "__main__":
    main()
