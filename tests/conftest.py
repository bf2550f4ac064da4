"""Shared fixtures."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from ecomap.model import EcoMap, validate_map
from ecomap.store import Store
from tests import serve

# --- store: one fixture, every database backend the store supports ---------------------------

POSTGRES_URL_ENV = "ECOMAP_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class TickingClock:
    """A clock that starts at 14:00 UTC on 3 March 2026 and moves on one minute per reading,
    so every save has its own, predictable time."""

    def __init__(self, start: datetime = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)):
        self.now = start

    def __call__(self) -> datetime:
        moment = self.now
        self.now += timedelta(minutes=1)
        return moment


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.Engine]:
    """An engine on the test PostgreSQL server; skipped when it cannot be reached, except in CI
    (``$CI`` set), where PostgreSQL is provided and a skip would hide a failure."""
    url = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        engine.dispose()
        where = make_url(url).render_as_string()
        reason = f"PostgreSQL is not reachable at {where} (set {POSTGRES_URL_ENV}): {error.orig}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server: sa.Engine) -> Iterator[str]:
    """A URL whose connections see only a fresh schema of their own, dropped afterwards."""
    schema = f"ecomap_test_{uuid.uuid4().hex[:12]}"
    with postgres_server.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = postgres_server.url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with postgres_server.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each backend: a fresh SQLite file, and a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ecomap.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty :class:`~ecomap.store.Store` on each backend, with a ticking clock."""
    with Store(store_url, clock=TickingClock()) as opened:
        yield opened


# --- a real browser: Playwright driving Debian's chromium ------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Chromium under Playwright for the ``browser`` tests; skipped when Debian's chromium is not
    installed, except in CI (``$CI`` set), where it is installed and a skip would hide a failure.
    Never run ``playwright install``: it downloads a browser of its own."""
    if not Path(CHROMIUM).exists():
        reason = f"no chromium at {CHROMIUM} (Debian: apt install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# --- maps for the drawing tests ---------------------------------------------------------------


def _everyday_map() -> EcoMap:
    """A realistic map using every kind, stress level, flow, paid support, dormant ties and
    ties between alters."""
    return validate_map(
        {"id": "p-maud", "name": "Maud Hargreaves", "map_date": "2026-03-12", "coordinator": "Sunita Patel"},
        [
            {"id": "ruth", "name": "Ruth Evans", "sector": "family", "role": "daughter", "is_kin": True,
             "circle": 1, "strength": "strong", "stress": "some", "contact": "weekly",
             "support": "emotional; practical", "gives": "company"},
            {"id": "tom", "name": "Tom Evans", "sector": "family", "role": "grandson", "is_kin": True,
             "circle": 2, "strength": "moderate", "contact": "monthly", "gives": "practical"},
            {"id": "alan", "name": "Alan Hargreaves", "sector": "household", "role": "husband",
             "is_kin": True, "circle": 1, "strength": "strong", "stress": "high", "contact": "daily",
             "support": "company", "gives": "personal_care"},
            {"id": "biscuit", "name": "Biscuit", "kind": "pet", "sector": "pets", "role": "dog", "circle": 1,
             "strength": "strong", "contact": "daily", "support": "company", "gives": "practical"},
            {"id": "pat", "name": "Pat Greenaway", "sector": "neighbours", "role": "next-door neighbour",
             "circle": 2, "strength": "moderate", "contact": "weekly", "support": "emergency"},
            {"id": "joan", "name": "Joan Pryor", "sector": "friends", "role": "old friend", "circle": 2,
             "strength": "tenuous", "contact": "less", "last_contact": "2025-02-01"},
            {"id": "knit", "name": "Tuesday Knit & Natter", "kind": "group", "sector": "community",
             "circle": 3, "strength": "moderate", "contact": "weekly", "support": "company",
             "gives": "company"},
            {"id": "church", "name": "St Mary's Church", "kind": "group", "sector": "faith", "circle": 3,
             "strength": "tenuous", "contact": "monthly"},
            {"id": "library", "name": "Brackford Library", "kind": "place", "sector": "community",
             "circle": 3, "strength": "tenuous", "contact": "fortnightly", "support": "information"},
            {"id": "gp", "name": "Dr Shah (GP)", "kind": "service", "sector": "health", "is_paid": True,
             "strength": "moderate", "contact": "less", "support": "information"},
            {"id": "carer", "name": "Bluebird Home Care", "kind": "service", "sector": "social_care",
             "is_paid": True, "strength": "moderate", "stress": "some", "contact": "daily",
             "support": "personal_care; practical"},
            {"id": "cab", "name": "Citizens Advice", "kind": "service", "sector": "other_services",
             "is_paid": True, "strength": "tenuous", "contact": "never"},
            {"id": "sam", "name": "Sam Okafor", "sector": "online", "role": "forum friend", "circle": 3,
             "strength": "moderate", "contact": "weekly", "support": "emotional", "gives": "emotional"},
            {"id": "work", "name": "Volunteer shop", "kind": "place", "sector": "work_learning", "circle": 3,
             "strength": "tenuous", "contact": "weekly", "gives": "practical"},
        ],
        [
            {"source": "ruth", "target": "tom"},
            {"source": "ruth", "target": "alan", "stress": "some"},
            {"source": "alan", "target": "carer"},
            {"source": "pat", "target": "church"},
            {"source": "knit", "target": "library"},
        ],
    )  # fmt: skip


HOSTILE_NAMES = ("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>")


def _hostile_map() -> EcoMap:
    """Names, notes and roles that would run script if anything treated them as HTML."""
    return validate_map(
        {"id": "p-x", "name": HOSTILE_NAMES[0], "map_date": "2026-01-05", "coordinator": HOSTILE_NAMES[1]},
        [
            {"id": "a1", "name": HOSTILE_NAMES[0], "sector": "friends", "circle": 1, "support": "emotional",
             "notes": '<a href="javascript:alert(3)">href</a>'},
            {"id": "a2", "name": HOSTILE_NAMES[1], "kind": "group", "sector": "community",
             "role": "<b onmouseover=alert(4)>", "gives": "company"},
            {"id": "a3", "name": "Ruth", "sector": "family", "circle": 2, "notes": "HREF=x"},
        ],
        [{"source": "a1", "target": "a2", "stress": "high"}],
    )  # fmt: skip


@pytest.fixture
def everyday_map() -> EcoMap:
    return _everyday_map()


@pytest.fixture
def hostile_map() -> EcoMap:
    return _hostile_map()


# --- the app against a store of its own -------------------------------------------------------


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A fresh SQLite store that the app (run by AppTest) uses too, through ECOMAP_DATABASE_URL."""
    from ecomap.ui import state

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("ECOMAP_DATABASE_URL", url)
    state.shared_store.clear()  # the app keeps one Store per process; make it open this one
    with Store(url) as opened:
        yield opened
    state.shared_store.clear()


# --- the app served by ``streamlit run``, for the browser tests -----------------------------------

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class AppServer:
    url: str
    database_url: str


@contextmanager
def served_app(database_url: str) -> Iterator[str]:
    """The app served by ``streamlit run`` on a free local port, keeping its maps at ``database_url``."""
    with serve.running_app({"ECOMAP_DATABASE_URL": database_url}) as base:
        yield base


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator[AppServer]:
    """The app served by ``streamlit run`` on a free local port, with a store of its own."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('app-store') / 'browser.sqlite3'}"
    with served_app(database_url) as base:
        yield AppServer(base, database_url)
