"""What the largest inputs ecomap accepts, and the bombs it refuses, cost to read.

Each input is read in a fresh worker process, as the app reads uploads, and the script prints the
wall time and the worker's peak memory: the largest map the limits allow (500 alters with long
notes, 20,000 ties), the largest directory table (100,000 rows), and zip bombs that must be
refused at their limit without being unpacked whole. The peak includes the worker's imports
(about 190 MiB). Target: every refused bomb under 1 s, with no memory beyond the imports; the
largest accepted inputs within the app's 120 s and 2 GiB upload limits.

    python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from ecomap.formats import read_upload
from ecomap.model import MapInvalid

MiB = 1024 * 1024


def read_directory_upload(name: str, data: bytes):
    """The app's directory upload reader, imported in the worker (it lives beside its page)."""
    from ecomap.ui.directory_page import read_upload

    return read_upload(name, data)


def largest_map() -> bytes:
    alters = [
        {"id": f"a{n}", "name": f"Alter {n}", "sector": "friends", "notes": "word " * 3_900}
        for n in range(500)
    ]
    ties = [
        {"source": f"a{i}", "target": f"a{j}"} for i in range(500) for j in range(i + 1, min(500, i + 41))
    ]
    return json.dumps(
        {"ego": {"id": "p", "name": "A", "map_date": "2026-01-01"}, "alters": alters, "ties": ties}
    ).encode()


def largest_directory() -> bytes:
    rows = "".join(f"s{n},Club {n},A club that meets on Tuesdays,active\n" for n in range(99_999))
    return zipped({"service.csv": ("id,name,description,status\n" + rows).encode()})


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb(name: str, megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as member:
            for _ in range(megabytes):
                member.write(b"a" * MiB)
    return buffer.getvalue()


def measure(read, name: str, data: bytes) -> tuple[float, float, str]:
    """Seconds, peak MiB of the worker, and the outcome."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_quiet) as pool:
        return pool.submit(_timed, read, name, data).result()


def _quiet() -> None:
    """Import the readers before the clock starts; Streamlit's "no runtime" warnings (the
    directory reader lives beside its page) are noise here."""
    sys.stderr = sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (for the worker's whole life)
    import ecomap.ui.directory_page  # noqa: F401


def _timed(read, name: str, data: bytes) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        read(name, data)
        outcome = "accepted"
    except MapInvalid as error:
        outcome = f"refused: {error.problems[0].message[:60]}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return seconds, max(peak, before) / 1024, outcome


def main() -> None:
    cases = [
        ("largest map (500 alters, 19,180 ties)", read_upload, "map.json", largest_map()),
        ("largest directory table (100,000 rows)", read_directory_upload, "dir.zip", largest_directory()),
        ("map bomb: alters.csv unpacks to 1 GiB", read_upload, "bomb.zip", bomb("alters.csv", 1024)),
        (
            "directory bomb: service.csv to 1 GiB",
            read_directory_upload,
            "bomb.zip",
            bomb("service.csv", 1024),
        ),
    ]
    print(f"{'input':42} {'size':>9} {'seconds':>8} {'peak MiB':>9}  outcome")
    for label, read, name, data in cases:
        seconds, peak, outcome = measure(read, name, data)
        print(f"{label:42} {len(data) / MiB:8.1f}M {seconds:8.2f} {peak:9.0f}  {outcome}")


if __name__ == "__main__":
    main()
