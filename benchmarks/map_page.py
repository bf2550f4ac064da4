"""How fast the Map page answers a coordinator, measured two ways.

1. Server-side rerun (Streamlit's AppTest, no browser): the 60+ alter sample map open, then an
   edit (add someone through the form) and the redraw that follows; median over repeats.
   Target: at most 300 ms median.
2. Cold start: ``streamlit run app.py`` to the first drawn map (canvas present in the
   interactive map) in headless Chromium, opening a sample by link. Target: at most 5 s.

Run from the project root:  python benchmarks/map_page.py [--repeats N] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from served import app_in_chromium

ROOT = Path(__file__).resolve().parent.parent
LARGE_SAMPLE = "bernie-walsh-2025-06"


def rerun_times(repeats: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["sample"] = LARGE_SAMPLE
    at.run()
    assert not at.exception, at.exception
    times = []
    for n in range(repeats):
        at.text_input(key="add.name").input(f"Neighbour {n}")
        start = time.perf_counter()
        next(b for b in at.button if b.label == "Add to the map").click().run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def cold_start_seconds() -> float:
    with app_in_chromium() as (base, page, start):
        page.goto(f"{base}/?sample={LARGE_SAMPLE}")
        page.locator(".ecomap-touch-map canvas").first.wait_for(timeout=30000)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-browser", action="store_true", help="skip the cold-start measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # A throwaway store: the benchmark must not write into the user's data.
        os.environ["ECOMAP_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        os.chdir(ROOT)
        times = rerun_times(args.repeats)
        print(f"Map page, {LARGE_SAMPLE} (60+ alters): add someone and redraw")
        print(f"  median {statistics.median(times) * 1000:.0f} ms over {len(times)} edits "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); target <= 300 ms")
        if not args.no_browser:
            colds = [cold_start_seconds() for _ in range(3)]
            print("Cold start: streamlit run -> first drawn map in Chromium")
            print(f"  median {statistics.median(colds):.2f} s over {len(colds)} starts "
                  f"({', '.join(f'{c:.2f}' for c in colds)}); target <= 5 s")


if __name__ == "__main__":
    main()
