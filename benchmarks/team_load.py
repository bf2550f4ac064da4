"""A team's load: N concurrent real-browser sessions adding people to maps, on one app process and
on two processes sharing one database.

Each session (its own Chromium context) starts a new map, then adds someone through the Add form
again and again; one measurement is the time from pressing *Add to the map* to the new name being
drawn on the map (in the map's frame, with its canvas). The sessions start together and wait
``--think`` seconds between additions, as a coordinator typing the next name would.
Target with 8 sessions: median <= 1 s and 95th percentile <= 2 s, on one process and on two.

The store is a throwaway SQLite file for one process; two processes share a fresh schema of the
PostgreSQL database named by ``$ECOMAP_TEST_POSTGRES_URL`` (default: the local test database), or
one SQLite file when that cannot be reached. Sessions are spread over the processes in turn, as a
reverse proxy with sticky sessions would.

Run from the project root:  python benchmarks/team_load.py [--sessions 8] [--adds 6] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serve import app_server  # noqa: E402 - the project root is on the path only now

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# True once the named person is in a map frame's data and the frame has drawn its canvas.
DRAWN = """(name) => [...document.querySelectorAll('iframe')].some(f =>
    (f.srcdoc || '').includes(name) && f.contentDocument && f.contentDocument.querySelector('canvas'))"""


@contextmanager
def database(processes: int):
    """A fresh database URL for this run, removed afterwards."""
    if processes > 1:
        import sqlalchemy as sa

        server = sa.create_engine(os.environ.get("ECOMAP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
        try:
            schema = f"ecomap_bench_{uuid.uuid4().hex[:10]}"
            with server.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        except sa.exc.OperationalError:
            server.dispose()
        else:
            try:
                url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
                yield url.render_as_string(hide_password=False), "PostgreSQL"
            finally:
                with server.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                server.dispose()
            return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'team-load.sqlite3'}", "SQLite"


async def session(
    browser, base: str, number: int, adds: int, think: float, start: asyncio.Barrier
) -> list[float]:
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await context.new_page()
    received: list[float] = []  # when each message from the server arrived
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(time.perf_counter())))
    await page.goto(base)
    await page.get_by_role("tab", name="New").click()
    await page.get_by_label("Name or pseudonym").fill(f"Load Person {number}")
    await page.get_by_role("button", name="Start the map").click()
    await page.get_by_text(f"Load Person {number}'s ecomap").wait_for(timeout=120_000)
    await page.wait_for_function(DRAWN, arg=f"Load Person {number}", timeout=120_000)
    await start.wait()  # every session's map is drawn: now they all add at once
    times = []
    for n in range(adds):
        name = f"Visitor {number} {n}"
        await page.get_by_label("Name", exact=True).fill(name)
        began = time.perf_counter()
        await page.get_by_role("button", name="Add to the map").click()
        await page.wait_for_function(DRAWN, arg=name, timeout=120_000, polling=25)
        drawn = time.perf_counter()
        answered = max((t for t in received if began < t <= drawn), default=drawn)
        times.append((drawn - began, answered - began))
        await asyncio.sleep(think)
    await context.close()
    return times


async def run_sessions(bases: list[str], sessions: int, adds: int, think: float) -> list[tuple[float, float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        start = asyncio.Barrier(sessions)
        results = await asyncio.gather(
            *(session(browser, bases[n % len(bases)], n, adds, think, start) for n in range(sessions))
        )
        await browser.close()
    return [t for times in results for t in times]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for the 95th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def measure(processes: int, sessions: int, adds: int, think: float) -> None:
    with database(processes) as (url, backend), ExitStack() as servers:
        bases = [servers.enter_context(app_server({"ECOMAP_DATABASE_URL": url})) for _ in range(processes)]
        pairs = asyncio.run(run_sessions(bases, sessions, adds, think))
    times, answers = [d for d, _ in pairs], [a for _, a in pairs]
    print(
        f"{sessions} sessions, {processes} process(es), {backend}: add someone -> drawn on the map: "
        f"median {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s, "
        f"max {max(times):.2f} s over {len(times)} additions (target: median <= 1 s, p95 <= 2 s)\n"
        f"    of which the server's last message arrived after: median {statistics.median(answers):.2f} s, "
        f"p95 {percentile(answers, 0.95):.2f} s (the rest is the browser drawing)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--adds", type=int, default=6, help="additions per session")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a session's additions")
    args = parser.parse_args()
    for processes in args.processes:
        for sessions in args.sessions:
            measure(processes, sessions, args.adds, args.think)


if __name__ == "__main__":
    main()
