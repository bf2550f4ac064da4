"""How long a lenient read of a large, messy HSDS feed takes, and how short its summary is.

Generates a seeded HSDS JSON feed shaped like a real 211 export (default 4,000 services, each at
its own location with HSDS 1.x ``regular_schedules`` a weekday a row): a share of the locations
has a latitude of 100 and a share of the schedules opens at "9:00am", as real feeds do. Then
times, as the median of a few repeats, a strict read (which refuses the feed with every problem)
and a lenient read with its summary by kind, and prints how many services were kept, how many
problems there were and how many lines the summary takes.

Run: ``python benchmarks/lenient_directory.py [--services 4000] [--bad 0.1] [--repeats 3] [--seed 2026]``.
Target: a lenient read of 4,000 services in at most 5 s median; the summary in a handful of lines.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from timing import median_seconds

from ecomap.directory import DirectoryInvalid, read_directory, summarise

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def feed(services: int, bad: float, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for n in range(services):
        latitude = 100 if rng.random() < bad else round(25.5 + rng.random(), 5)
        opens = "9:00am" if rng.random() < bad / 2 else "09:00"
        schedules = [
            {"id": f"r{n}-{d}", "weekday": day, "opens_at": opens, "closes_at": "17:00"}
            for d, day in enumerate(rng.sample(DAYS, rng.randint(1, 5)))
        ]
        location = {"id": f"l{n}", "name": f"Site {n}", "latitude": latitude, "longitude": -80.2}
        out.append(
            {
                "id": f"s{n}",
                "name": f"Service {n}",
                "status": "active",
                "regular_schedules": schedules,
                "service_at_locations": [{"id": f"sal{n}", "location": location}],
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=4000)
    parser.add_argument("--bad", type=float, default=0.1, help="share of locations with a bad latitude")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        path.write_text(json.dumps(feed(args.services, args.bad, args.seed)), encoding="utf-8")

        def strict() -> int:
            try:
                read_directory(path)
            except DirectoryInvalid as error:
                return len(error.problems)
            return 0

        refused = strict()
        found = read_directory(path, lenient=True)
        kinds = summarise(found.problems)
        strict_s = median_seconds(strict, args.repeats)
        lenient_s = median_seconds(
            lambda: summarise(read_directory(path, lenient=True).problems), args.repeats
        )
    print(
        f"services: {args.services}; strict read refuses with {refused} problems in {strict_s:.2f} s (median)"
    )
    print(
        f"lenient read keeps {len(found.directory)} assets, leaves out what {len(found.problems)} problems "
        f"are in, in {lenient_s:.2f} s (median); summary: {len(kinds)} lines"
    )
    for kind in kinds:
        print(f"  {kind}")


if __name__ == "__main__":
    main()
