"""How fast the team review table loads from a large store, on SQLite and on PostgreSQL.

Seeds a caseload of fictional people (10,000 by default) with three snapshots each, written in
bulk with SQLAlchemy Core: every snapshot row is what ``Store.save_snapshot`` would store (the
map's JSON, its real assessment summary, its alter ids). The earlier two snapshots of a person
are their latest map with a few alters not there yet and an earlier date, so ties gained and
lost are real too. The same rows go into a temporary SQLite file and, when it can be reached,
a fresh schema on the test PostgreSQL server (``$ECOMAP_TEST_POSTGRES_URL``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), dropped afterwards.

Then it times, as the median of a few runs, loading the review table
(``ecomap.caseload.caseload_frame``) and, for the charts, every snapshot's band and estimate
(``caseload_history``), and prints the size of each database.

Run: ``python benchmarks/review_caseload.py [--people 10000] [--repeats 5] [--seed 2026]``.
Target: the review table in 2 s or less (median) on each database.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from timing import median_seconds

from ecomap.assess import assessment_row
from ecomap.caseload import caseload_frame, caseload_history
from ecomap.formats.json_map import dumps
from ecomap.model import EcoMap
from ecomap.store import Store, json_safe, people, snapshots
from ecomap.synthetic import caseload

POSTGRES_URL = os.environ.get("ECOMAP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SNAPSHOTS = 3
#: Days between a person's snapshots.
GAP_DAYS = 120



def earlier(m: EcoMap, steps: int, rng: random.Random) -> EcoMap:
    """The map ``steps`` snapshots before: up to two alters per step not there yet, the date
    ``GAP_DAYS`` earlier per step (last contacts no later than the date)."""
    keep = max(0, len(m.alters) - sum(rng.randint(0, 2) for _ in range(steps)))
    when = m.ego.map_date - timedelta(days=GAP_DAYS * steps)
    alters = [
        a.model_copy(update={"last_contact": min(a.last_contact, when)}) if a.last_contact else a
        for a in m.alters[:keep]
    ]
    kept = {a.id for a in alters}
    ties = [t for t in m.ties if t.source in kept and t.target in kept]
    return EcoMap(ego=m.ego.model_copy(update={"map_date": when}), alters=alters, ties=ties)


def seed_rows(people_count: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """People rows and snapshot rows (oldest snapshot of each person first) for the bulk insert."""
    rng = random.Random(seed)
    saved = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    person_rows, snapshot_rows = [], []
    for number, latest in enumerate(caseload(seed, people_count)):
        ego = latest.ego
        person_rows.append(
            {
                "person_id": ego.id,
                "name": ego.name,
                "coordinator": ego.coordinator,
                "team": ego.team,
                "version": SNAPSHOTS,
                "created_at": saved,
                "updated_at": saved,
            }
        )
        for version, m in enumerate(
            (*(earlier(latest, s, rng) for s in range(SNAPSHOTS - 1, 0, -1)), latest), 1
        ):
            snapshot_rows.append(
                {
                    "person_id": ego.id,
                    "map_date": m.ego.map_date,
                    "saved_at": saved + timedelta(minutes=number * SNAPSHOTS + version),
                    "saved_by": ego.coordinator,
                    "note": "",
                    "map_json": dumps(m),
                    "summary": json_safe(assessment_row(m)),
                    "plan": None,
                    "version": version,
                    "alter_ids": [a.id for a in m.alters],
                }
            )
    return person_rows, snapshot_rows


@contextmanager
def sqlite_store() -> Iterator[tuple[Store, Callable[[], int]]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.sqlite3"
        with Store(f"sqlite:///{path}") as store:

            def size() -> int:
                with store.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                return sum(p.stat().st_size for p in Path(folder).glob("review.sqlite3*"))

            yield store, size


@contextmanager
def postgres_store() -> Iterator[tuple[Store, Callable[[], int]]]:
    server = sa.create_engine(POSTGRES_URL)
    schema = f"ecomap_bench_{uuid.uuid4().hex[:12]}"
    with server.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = server.url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        with Store(url.render_as_string(hide_password=False)) as store:

            def size() -> int:
                with store.engine.connect() as conn:
                    return sum(
                        conn.execute(
                            sa.text("SELECT pg_total_relation_size(:t)"), {"t": f'"{schema}".{t}'}
                        ).scalar()
                        for t in ("people", "snapshots", "drafts")
                    )

            yield store, size
    finally:
        with server.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        server.dispose()


def postgres_reachable() -> str | None:
    """``None`` when the test server answers, else why not."""
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            return None
    except sa.exc.OperationalError as error:
        return str(error.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


def measure(name: str, opened: Any, rows: tuple[list, list], repeats: int) -> None:
    person_rows, snapshot_rows = rows
    with opened as (store, size):
        start = time.perf_counter()
        with store.engine.begin() as conn:
            conn.execute(people.insert(), person_rows)
            for first in range(0, len(snapshot_rows), 5000):
                conn.execute(snapshots.insert(), snapshot_rows[first : first + 5000])
            conn.exec_driver_sql("ANALYZE")  # as a running database would have, for the query planner
        inserted = time.perf_counter() - start
        frame = caseload_frame(store, today=date(2026, 3, 3))
        assert len(frame) == len(person_rows)
        table = median_seconds(lambda: caseload_frame(store, today=date(2026, 3, 3)), repeats)
        history = median_seconds(lambda: caseload_history(store), repeats)
        megabytes = size() / 1e6
    verdict = "ok" if table <= 2.0 else "OVER the 2 s target"
    print(
        f"{name:<10} review table {table:6.3f} s median ({verdict}); chart history {history:6.3f} s; "
        f"database {megabytes:7.1f} MB; bulk insert {inserted:5.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="how many people (default 10000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per timing; the median is shown")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    start = time.perf_counter()
    rows = seed_rows(args.people, args.seed)
    print(
        f"generated and assessed {len(rows[1])} snapshots of {args.people} people "
        f"in {time.perf_counter() - start:.1f} s"
    )
    measure("SQLite", sqlite_store(), rows, args.repeats)
    why_not = postgres_reachable()
    if why_not is None:
        measure("PostgreSQL", postgres_store(), rows, args.repeats)
    else:
        print(f"PostgreSQL skipped: not reachable at {make_safe(POSTGRES_URL)} ({why_not})")


def make_safe(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
