"""How long the interactive map takes to build, and how big it is.

Builds the HTML for a 60-alter map (the largest the layout promises to keep legible) and prints
the median over repeats of the layout alone and of the whole page, the page's size and how much
of it is the inlined vis-network library. Target: at most 150 ms for the page.

    python benchmarks/render_html.py [--alters 60] [--repeats 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import pyvis

from ecomap.layout import layout
from ecomap.model import SECTORS, STRENGTHS, STRESSES, SUPPORTS, Alter, AlterTie, EcoMap, Ego
from ecomap.render import render_html

TARGET_MS = 150.0
FIRST = ("Ruth", "Tom", "Aisha", "Mohammed", "Grace", "Dylan", "Priya", "Sean", "Eleanor", "Kwame", "Zofia")
LAST = ("Evans", "Okafor", "Patel", "Nowak", "Hughes", "MacLeod", "Khan", "Williams", "Davies", "Chen")
KIND_OF_SECTOR = {"pets": "pet", "faith": "group", "health": "service", "social_care": "service",
                  "other_services": "service", "community": "group"}  # fmt: skip


def crowded_map(n: int, seed: int = 7) -> EcoMap:
    """A fictional map of ``n`` alters over every sector, circle, strength and stress, with ties."""
    rng = random.Random(seed)
    map_date = date(2026, 3, 12)
    alters = []
    for i in range(n):
        sector = SECTORS[i % len(SECTORS)]
        kind = KIND_OF_SECTOR.get(sector, "person")
        paid = kind == "service"
        alters.append(
            Alter(
                id=f"a{i:02d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                kind=kind,
                sector=sector,
                is_paid=paid,
                circle=4 if paid else rng.randint(1, 3),
                strength=rng.choice(STRENGTHS),
                stress=rng.choice(STRESSES),
                contact=rng.choice(["daily", "weekly", "monthly", "less"]),
                last_contact=map_date - timedelta(days=rng.randint(0, 400)),
                support=rng.sample(SUPPORTS, rng.randint(0, 3)),
                gives=rng.sample(SUPPORTS, rng.randint(0, 2)),
            )
        )
    pairs = {frozenset(rng.sample(range(n), 2)) for _ in range(n)}
    ties = [AlterTie(source=f"a{min(p):02d}", target=f"a{max(p):02d}") for p in sorted(pairs, key=sorted)]
    return EcoMap(ego=Ego(id="p1", name="Maud Hargreaves", map_date=map_date), alters=alters, ties=ties)


def median_ms(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alters", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    m = crowded_map(args.alters)
    started = time.perf_counter()
    page = render_html(m)  # the first page also compiles pyvis's template once per process
    first_ms = (time.perf_counter() - started) * 1000
    layout_ms = median_ms(lambda: layout(m), args.repeats)
    page_ms = median_ms(lambda: render_html(m), args.repeats)
    library = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    size = len(page.encode("utf-8"))
    library_size = library.stat().st_size
    print(f"map: {len(m.alters)} alters, {len(m.ties)} ties; {args.repeats} repeats")
    print(f"layout      median {layout_ms:7.1f} ms")
    print(f"render_html median {page_ms:7.1f} ms  (first call {first_ms:.0f} ms; target {TARGET_MS:.0f} ms)")
    print(f"html size   {size / 1024:7.1f} KB, of which vis-network {library_size / 1024:.1f} KB")
    print(f"            {(size - library_size) / 1024:7.1f} KB is this map (data, drawing, key, words)")
    print("within target" if page_ms <= TARGET_MS else "OVER TARGET")


if __name__ == "__main__":
    main()
