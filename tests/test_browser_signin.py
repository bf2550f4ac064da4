"""A team server in a real browser: sign-in end to end against a local OpenID Connect provider
(``oidc-provider-mock``, started here on 127.0.0.1), once for each role, checking what each can and
cannot open; an anonymous browser sees only a sign-in control; a foreign Host is refused."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from ecomap.access import Identity, ScopedStore, add_user
from ecomap.model import EcoMap, Ego
from ecomap.store import Store
from tests.serve import ROOT, free_port, running_app
from tests.test_access import ADA, ANNE, BEN, LEAH, SAM, TOM
from tests.test_browser_app import settle

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
NAMES = ("Ivy Green", "Joe Brown", "Kay Stone")


def person(person_id: str, name: str) -> EcoMap:
    return EcoMap(ego=Ego(id=person_id, name=name, map_date=date(2026, 3, 1)))


@pytest.fixture(scope="module")
def team_folder(tmp_path_factory) -> Path:
    """Where the team server keeps its settings and its store (``team.sqlite3``)."""
    return tmp_path_factory.mktemp("team-server")


@pytest.fixture(scope="module")
def team_server(team_folder, browser) -> Iterator[str]:
    """The app as a team server: ``[auth]`` in its secrets pointing at a mock OpenID Connect
    provider on 127.0.0.1, and a store with six users; Anne keeps Ivy, Ben Joe, Sam (South) Kay."""
    with serve_team(team_folder) as base:
        yield base


@contextmanager
def serve_team(folder: Path, **env: str) -> Iterator[str]:
    from oidc_provider_mock import run_server_in_thread

    url = f"sqlite:///{folder / 'team.sqlite3'}"
    with Store(url) as store:
        for user in (ANNE, BEN, LEAH, SAM, TOM, ADA):
            add_user(store, user.email, user.role, user.team)
        ScopedStore(store, ANNE).save_snapshot(person("ivy", "Ivy Green"))
        ScopedStore(store, BEN).save_snapshot(person("joe", "Joe Brown"))
        ScopedStore(store, SAM).save_snapshot(person("kay", "Kay Stone"))
    port = free_port()
    with run_server_in_thread(port=0) as provider:
        settings = folder / ".streamlit"
        settings.mkdir()
        shutil.copy(ROOT / ".streamlit" / "config.toml", settings / "config.toml")
        (settings / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a test secret that is long enough to sign cookies"\n'
            'client_id = "ecomap-test"\n'
            'client_secret = "ecomap-test-secret"\n'
            f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with running_app({"ECOMAP_DATABASE_URL": url, **env}, cwd=folder, port=port) as base:
            yield base


def nav(tab) -> list[str]:
    return [
        t.split("\n")[-1].strip() for t in tab.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    ]


def sign_in(browser, base: str, email: str):
    """A fresh browser signed in as ``email`` through the provider's authorisation form."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.goto(base)
    tab.get_by_role("button", name="Sign in").click()
    tab.locator('input[name="sub"]').fill(email)
    tab.get_by_role("button", name="Authorize").click()
    tab.wait_for_url(f"{base}/**")
    tab.get_by_text("Signed in as").first.wait_for()
    settle(tab)
    return context, tab


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def shown(tab) -> str:
    return tab.locator("body").inner_text()


@pytest.mark.parametrize("path", ["", "map", "history", "review", "learn", "admin", "about"])
def test_an_anonymous_browser_sees_a_sign_in_control_and_no_name(browser, team_server, path) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{team_server}/{path}")
    tab.get_by_role("button", name="Sign in").wait_for()
    settle(tab)
    html = tab.content()
    assert not any(name in html for name in NAMES)
    assert nav(tab) == []
    if not path:
        shot(tab, "signed-out")
    context.close()


IVY, JOE, KAY = "Ivy Green (2026-03-01)", "Joe Brown (2026-03-01)", "Kay Stone (2026-03-01)"


def saved_people(tab) -> list[str]:
    """The people the Map page's side bar offers to open."""
    if tab.get_by_text("Nobody saved yet").count():
        return []
    tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    options = tab.locator('[role="option"]')
    options.first.wait_for()
    found = [t.strip() for t in options.all_inner_texts()]
    tab.keyboard.press("Escape")
    return found


@pytest.mark.parametrize(
    ("user", "pages", "saved"),
    [
        (ANNE, ["Map", "History", "Directory", "Learn", "About"], [IVY]),
        (LEAH, ["Map", "History", "Review", "Directory", "Learn", "About"], [IVY, JOE]),
        (SAM, ["Map", "History", "Directory", "Learn", "About"], [KAY]),
        (TOM, ["Map", "Directory", "Learn", "About"], []),
        (ADA, ["Users and audit", "About"], None),
    ],
    ids=lambda v: v.role if isinstance(v, Identity) else None,
)
def test_each_role_signs_in_and_opens_only_its_pages(browser, team_server, user, pages, saved) -> None:
    context, tab = sign_in(browser, team_server, user.email)
    assert nav(tab) == pages
    assert f"Signed in as {user.email}" in shown(tab)
    hidden = [name for name in NAMES if saved is None or not any(s.startswith(name) for s in saved)]
    if saved is None:  # the admin's first page: users and the audit trail, nobody's map
        assert "Remove a user" in shown(tab) and "Audit trail" in shown(tab)
    else:
        assert saved_people(tab) == saved
    assert not any(name in tab.content() for name in hidden)
    shot(tab, f"signed-in-{user.role}")
    # a page the role may not open: its address shows the role's own pages only, and no one else
    for path, title in (("review", "Review"), ("admin", "Users and audit"), ("history", "History")):
        if title not in pages:
            tab.goto(f"{team_server}/{path}")
            tab.get_by_text("Signed in as").first.wait_for()
            settle(tab)
            assert nav(tab) == pages
            assert not any(name in tab.content() for name in hidden)
    context.close()


def test_a_team_lead_reviews_their_team_only(browser, team_server, team_folder) -> None:
    context, tab = sign_in(browser, team_server, LEAH.email)
    tab.goto(f"{team_server}/review")
    settle(tab)
    tab.get_by_text("Team meeting mode").first.wait_for()
    people = tab.get_by_test_id("stMetric").filter(has_text="People").first
    assert people.get_by_test_id("stMetricValue").inner_text().strip() == "2"  # Ivy and Joe
    assert "Kay Stone" not in tab.content()
    shot(tab, "team-lead-review")
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download this table (CSV)").click()
    assert download.value.suggested_filename.startswith("caseload-review-pseudonymised")
    settle(tab)
    with Store(f"sqlite:///{team_folder / 'team.sqlite3'}") as store:
        exports = [(e.who, e.detail) for e in store.audit_trail() if e.action == "export"]
    assert exports == [(LEAH.email, "review table, 2 people, pseudonymised")]
    context.close()


def test_a_signed_in_stranger_is_told_to_ask_an_administrator(browser, team_server) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(team_server)
    tab.get_by_role("button", name="Sign in").click()
    tab.locator('input[name="sub"]').fill("stranger@elsewhere.example")
    tab.get_by_role("button", name="Authorize").click()
    tab.get_by_text("Ask your administrator").wait_for()
    settle(tab)
    assert nav(tab) == []
    assert not any(name in tab.content() for name in NAMES)
    context.close()


def handshake(base: str, host: str) -> str:
    """The status line the server answers a WebSocket upgrade of the app's stream with."""
    port = int(base.rsplit(":", 1)[1])
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return s.recv(1024).decode("latin-1").splitlines()[0]


def test_a_request_with_a_foreign_host_is_refused(team_server) -> None:
    assert " 101 " in handshake(team_server, "127.0.0.1")
    assert " 101 " not in handshake(team_server, "rebind.example")


def test_dns_rebinding_shows_nothing(browser, tmp_path: Path) -> None:
    """The attack of the issue: another name that resolves to 127.0.0.1 loads no data."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    url = f"sqlite:///{tmp_path / 'personal.sqlite3'}"
    with Store(url) as store:
        store.save_snapshot(person("ivy", "Ivy Green"))
    with running_app({"ECOMAP_DATABASE_URL": url}) as base:
        port = base.rsplit(":", 1)[1]
        rules = "--host-resolver-rules=MAP rebind.example 127.0.0.1"
        rebinding = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
        tab = rebinding.new_page()
        tab.goto(f"http://rebind.example:{port}/")
        tab.wait_for_timeout(5000)
        assert "Ivy Green" not in tab.content()
        tab.goto(f"{base}/")  # the same server, by its own name: the person is listed
        tab.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.wait_for()
        assert "Ivy Green" in tab.content()
        rebinding.close()


def test_an_idle_session_is_signed_out_without_a_touch(browser, tmp_path: Path) -> None:
    with serve_team(tmp_path, ECOMAP_IDLE_MINUTES="0.1") as base:  # six seconds
        context, tab = sign_in(browser, base, ANNE.email)
        assert saved_people(tab) == [IVY]
        # signed out by the app, then at the provider, which asks to end its session too
        tab.get_by_role("button", name="End session").click(timeout=30_000)
        tab.get_by_role("button", name="Sign in").wait_for()
        assert "Ivy Green" not in tab.content()
        context.close()
        with Store(f"sqlite:///{tmp_path / 'team.sqlite3'}") as store:
            mine = [(e.action, e.detail) for e in store.audit_trail() if e.who == ANNE.email]
        assert ("sign_in", "") in mine and mine[-1] == ("sign_out", "idle")


def test_a_coordinator_s_open_save_and_download_are_in_the_trail(browser, team_server, team_folder) -> None:
    context, tab = sign_in(browser, team_server, BEN.email)
    tab.locator('[data-testid="stBaseButton-secondary"]').filter(has_text="Open").first.click()
    tab.get_by_text("Joe Brown's ecomap").wait_for()
    tab.get_by_role("button", name="Save snapshot").first.click()
    settle(tab)
    tab.get_by_role("tab", name="Keep and share").click()
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Map file (JSON)").click()
    assert '"Joe Brown"' in Path(download.value.path()).read_text(encoding="utf-8")
    context.close()
    with Store(f"sqlite:///{team_folder / 'team.sqlite3'}") as store:
        ben = [(e.action, e.person_id, e.detail) for e in store.audit_trail() if e.who == BEN.email]
    # before: creating and saving Joe (the fixture); then this session
    assert ben == [
        ("create", "joe", ""),
        ("save", "joe", "version 1"),
        ("sign_in", "", ""),
        ("view", "joe", ""),
        ("edit", "joe", ""),
        ("save", "joe", "version 2"),
        ("export", "joe", "json"),
    ]
