"""How fast a whole caseload is assessed, against the floor of only reading its files.

Generates a seeded caseload of fictional maps (0-60 alters), writes each as JSON to a temporary
folder, then times, as the median of a few repeats:

- the floors: reading every file with ``json.loads`` only, and with ``json.loads`` plus the map
  validation (``ecomap.assess.load_maps``, as the assessment reads them);
- the full assessment (every measure including Burt's constraint, strengths, flags, band) of
  maps already in memory, and from the files (``ecomap.assess.assess_paths``, DataFrame included).

Run: ``python benchmarks/assess_caseload.py [--maps 10000] [--repeats 3] [--seed 2026]``.
Target: 10,000 maps fully assessed in 10 s or less, within 10x of the parse floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from ecomap.assess import assess_maps, assess_paths, load_maps
from ecomap.formats.json_map import dumps
from ecomap.synthetic import caseload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=10_000, help="how many maps (default 10000)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per timing; the median is shown")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    start = time.perf_counter()
    maps = list(caseload(args.seed, args.maps))
    alters = [len(m.alters) for m in maps]
    print(
        f"generated {len(maps)} maps in {time.perf_counter() - start:.1f} s: "
        f"alters mean {statistics.mean(alters):.1f}, max {max(alters)}; "
        f"alter-alter ties mean {statistics.mean(len(m.ties) for m in maps):.1f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"{m.ego.id}.json" for m in maps]
        for m, path in zip(maps, paths):
            path.write_text(dumps(m), encoding="utf-8")

        def read(path: Path) -> str:
            return path.read_text(encoding="utf-8")

        timings = {
            "floor: json.loads only": lambda: [json.loads(read(p)) for p in paths],
            # Read as assess_paths reads them (load_maps pauses the cycle collector).
            "floor: json.loads + map validation": lambda: load_maps(paths),
            "full assessment, parsed maps": lambda: assess_maps(maps),
            "full assessment, from files": lambda: assess_paths(paths),
        }
        seconds = {label: median_seconds(work, args.repeats) for label, work in timings.items()}

    print(f"median of {args.repeats} repeats, {len(maps)} maps:")
    for label, taken in seconds.items():
        print(f"  {label:<38} {taken:7.2f} s  {len(maps) / taken:9.0f} maps/s")
    from_files = seconds["full assessment, from files"]
    for floor in ("floor: json.loads only", "floor: json.loads + map validation"):
        print(f"  from files / {floor.removeprefix('floor: '):<27} {from_files / seconds[floor]:6.1f}x")


if __name__ == "__main__":
    main()
