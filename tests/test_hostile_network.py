"""The served app makes no request to the internet: a WebSocket from a foreign origin used to make
the Streamlit server ask an outside IP-lookup service for the machine's address. The server runs
under an audit hook that records every connection and name lookup it attempts; a real browser
loads the app and opens a map whose names are Markdown and HTML payloads, then foreign-origin
WebSockets knock. Nothing may leave the machine, and the payloads show as text."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

from ecomap.formats.json_map import write_json
from ecomap.store import Store
from tests.hostile_files import EGO, HTML_NAMES, MARKDOWN_NAMES, a_map, alter
from tests.serve import running_app
from tests.test_browser_app import settle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
#: Serve the app as ``ecomap app`` does, with an audit hook recording outbound attempts.
WATCHED_SERVER = """
import json, sys
log = open(sys.argv[1], "a", buffering=1)
LOCAL = ("127.", "::1", "localhost", "0.0.0.0")
def hook(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else str(address)
        if not str(host).startswith(LOCAL) and not str(host).startswith("/"):
            log.write(json.dumps([event, str(address)]) + "\\n")
    elif event == "socket.getaddrinfo":
        if not str(args[0]).startswith(LOCAL):
            log.write(json.dumps([event, str(args[0])]) + "\\n")
sys.addaudithook(hook)
from ecomap.cli import main
main(["app", "--server.port", sys.argv[2]])
"""


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    folder = tmp_path_factory.mktemp("watched")
    log = folder / "outbound.jsonl"
    log.touch()
    env = {"ECOMAP_DATABASE_URL": f"sqlite:///{folder / 'w.sqlite3'}"}
    with running_app(env, command=[sys.executable, "-c", WATCHED_SERVER, str(log)]) as base:
        yield base, log, folder


def knock_from_a_foreign_origin(base: str, times: int = 3) -> None:
    for _ in range(times):
        try:
            with connect(
                base.replace("http", "ws") + "/_stcore/stream",
                origin="http://attacker.example",
                open_timeout=10,
            ):
                pass
        except Exception:  # noqa: BLE001 (refused is the expected answer)
            pass


def test_payload_names_show_as_text_and_nothing_leaves_the_machine(watched, browser):
    base, log, folder = watched
    hostile = folder / "payloads.json"
    names = MARKDOWN_NAMES + HTML_NAMES
    write_json(
        a_map(
            [alter(n, name=name) for n, name in enumerate(names)],
            ego={**EGO, "name": "![e](http://example.invalid/e.png)"},
        ),
        hostile,
    )
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    outside: list[str] = []
    tab.on(
        "request",
        lambda r: None if r.url.startswith((base, "data:", "about:", "blob:")) else outside.append(r.url),
    )
    knock_from_a_foreign_origin(base)  # before any page is loaded: the app's script has not run
    tab.goto(base)
    settle(tab)
    tab.get_by_role("tab", name="Import").click()
    tab.locator('input[type="file"]').first.set_input_files(str(hostile))
    settle(tab)
    tab.get_by_role("button", name="Import").click()
    tab.get_by_text("s ecomap").first.wait_for(timeout=30_000)
    settle(tab)
    body = tab.locator("body").inner_text().replace("\u2060", "")  # the invisible link breaker
    assert "![e](http://example.invalid/e.png)'s ecomap" in body  # the title shows the name as typed
    assert tab.locator('img[src*="example.invalid"]').count() == 0
    links = tab.locator("a[href*='example.invalid']")
    assert links.count() == 0
    # The Review page, with a team named by a Markdown picture.
    with Store(f"sqlite:///{folder / 'w.sqlite3'}") as store:
        store.save_snapshot(a_map(ego={**EGO, "id": "p-0a1b2c3d", "team": "![t](http://example.invalid/t.png)"}))
    tab.goto(base + "/review")
    settle(tab)
    tab.get_by_text("Across the caseload").first.wait_for(timeout=30_000)
    assert "![t](http://example.invalid/t.png)" in tab.locator("body").inner_text().replace("\u2060", "")
    assert tab.locator('img[src*="example.invalid"]').count() == 0
    context.close()
    knock_from_a_foreign_origin(base)
    time.sleep(1)
    assert outside == []
    attempts = [json.loads(line) for line in log.read_text().splitlines()]
    assert attempts == [], attempts
