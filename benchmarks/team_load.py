"""A team's load: N concurrent real-browser sessions adding people to maps, on one app process and
on two processes sharing one database.

Each session (its own Chromium context) starts a new map, then adds someone with the quick add (a
name, then Enter) again and again; one measurement is the time from pressing Enter to the new name
being drawn on the interactive map. The sessions start together and wait
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

from served import CHROMIUM_FLAGS  # noqa: E402 - benchmarks/ is on the path when run as a script

from tests.serve import running_app  # noqa: E402 - the project root is on the path only now

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# True once the Map page's interactive map has drawn a node labelled ``name``.
DRAWN = """(name) => { const m = document.querySelector('.ecomap-touch-map');
    return !!(m && m.ecomapNetwork && m.ecomapNetwork.body.data.nodes.get().some(n => n.label === name)); }"""


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
    browser, base: str, number: int, adds: int, think: float, start: asyncio.Barrier, load: CpuUse
) -> list[float]:
    context = await browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(120_000)  # a loaded machine may take long to start eight sessions
    page = await context.new_page()
    await page.goto(base)
    await page.get_by_label("Name or pseudonym").fill(f"Load Person {number}")
    await page.get_by_role("button", name="Start the map").click()
    await page.get_by_text(f"Load Person {number}'s ecomap").wait_for()
    await page.wait_for_function(DRAWN, arg=f"Load Person {number}")
    await start.wait()  # every session's map is drawn: now they all add at once
    load.begin()
    times = []
    for n in range(adds):
        name = f"Visitor {number} {n}"
        box = page.get_by_role("textbox", name="Add someone")
        await box.fill(name)
        began = time.perf_counter()
        await box.press("Enter")  # the quick add: a name, then Enter
        await page.wait_for_function(DRAWN, arg=name, polling=25)
        times.append(time.perf_counter() - began)
        await asyncio.sleep(think)
    await start.wait()  # every session is done: count the CPU before any browser tab closes
    load.end()
    await context.close()
    return times


async def run_sessions(
    bases: list[str], sessions: int, adds: int, think: float
) -> tuple[list[float], CpuUse]:
    from playwright.async_api import async_playwright

    load = CpuUse()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        start = asyncio.Barrier(sessions)
        results = await asyncio.gather(
            *(session(browser, bases[n % len(bases)], n, adds, think, start, load) for n in range(sessions))
        )
        await browser.close()
    return [t for times in results for t in times], load


class CpuUse:
    """CPU seconds used during the load by this benchmark's own child processes, by kind: the
    app server(s), the browser, and the rest (the Playwright driver): where the time goes."""

    def __init__(self) -> None:
        self.started: dict[str, float] | None = None
        self.used: dict[str, float] = {}
        self.wall = 0.0

    def begin(self) -> None:
        if self.started is None:  # the first session past the start
            self.started, self.wall = cpu_by_kind(), time.perf_counter()

    def end(self) -> None:
        if self.used:
            return
        now = cpu_by_kind()
        self.wall = time.perf_counter() - self.wall
        self.used = {kind: now.get(kind, 0.0) - (self.started or {}).get(kind, 0.0) for kind in now}


def cpu_by_kind() -> dict[str, float]:
    """User + system CPU seconds of every descendant of this process, by kind (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu, kinds = {}, {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        kinds[pid] = "app server" if "streamlit" in command else "browser" if "chrom" in command else "other"
    mine, totals = os.getpid(), {}
    for pid in cpu:
        ancestor = parents.get(pid)
        while ancestor not in (None, 0, 1, mine):
            ancestor = parents.get(ancestor)
        if ancestor == mine:
            totals[kinds[pid]] = totals.get(kinds[pid], 0.0) + cpu[pid]
    return totals


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for the 95th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def measure(processes: int, sessions: int, adds: int, think: float) -> None:
    with database(processes) as (url, backend), ExitStack() as servers:
        bases = [servers.enter_context(running_app({"ECOMAP_DATABASE_URL": url})) for _ in range(processes)]
        times, load = asyncio.run(run_sessions(bases, sessions, adds, think))
    use = ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in sorted(load.used.items()))
    print(
        f"{sessions} sessions, {processes} process(es), {backend}: add someone -> drawn on the map: "
        f"median {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s, "
        f"max {max(times):.2f} s over {len(times)} additions (target: median <= 1 s, p95 <= 2 s)\n"
        f"    CPU seconds used in the {load.wall:.1f} s of load: {use} ({os.cpu_count()} cores)"
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
