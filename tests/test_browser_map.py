"""The Map page's interactive map in a real browser (Debian's Chromium under Playwright):
dragging across a ring, tapping to edit, connecting two people, quick add, undo, hostile names,
and the layout on a 1366 x 768 laptop and an 800 x 1000 tablet. Screenshots go to
``test-artifacts/``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ecomap.store import Store
from tests.test_browser_app import drawn_labels, settle, shot

pytestmark = pytest.mark.browser

HOSTILE_PERSON = "<img src=x onerror=alert(1)>"
HOSTILE_ALTER = "</script><script>alert(2)</script>"


@pytest.fixture
def tab(browser, app_server):
    """A fresh tab that records requests to other hosts, dialogs and script errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.outside, page.dialogs, page.errors = [], [], []
    own = (app_server.url, "data:", "about:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(own) else page.outside.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def start_map(tab, url: str, person: str, people: list[tuple[str, str]]) -> None:
    """A new map for ``person`` with ``people`` (name, sector) added by the quick add."""
    tab.goto(url)
    tab.get_by_label("Name or pseudonym").fill(person)
    tab.get_by_role("button", name="Start the map").click()
    tab.get_by_text("Start with who is closest").wait_for(timeout=30000)
    settle(tab)
    for name, sector in people:
        quick_add(tab, name, sector)


def quick_add(tab, name: str, sector: str) -> None:
    before = len(drawn_labels(tab))
    tab.get_by_label("Sector", exact=True).first.click()
    tab.get_by_role("option", name=sector, exact=True).click()
    box = tab.get_by_role("textbox", name="Add someone")
    box.fill(name)
    box.press("Enter")
    tab.wait_for_function(
        "n => document.querySelector('.ecomap-touch-map').ecomapNetwork.body.data.nodes.length === n",
        arg=before + 1,
        timeout=20000,
    )
    settle(tab)


def connect_mode(tab) -> None:
    tab.get_by_text("Connect people", exact=True).click()
    drawn = "document.querySelector('.ecomap-touch-map').dataset.drawn"
    tab.wait_for_function(f"() => {drawn}.includes(':connect')")
    settle(tab)


def network(tab):
    return tab.locator(".ecomap-touch-map")


def node_on_screen(tab, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page pixels."""
    return network(tab).evaluate(
        """(b, id) => { const n = b.ecomapNetwork, p = n.canvasToDOM(n.getPositions([id])[id]);
        const r = b.getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )


def ring_spot_on_screen(tab, node_id: str, ring: int) -> tuple[float, float]:
    """The middle of ring ``ring`` (1 = innermost) on the node's own ray, in page pixels."""
    return network(tab).evaluate(
        """(b, [id, ring]) => {
        const n = b.ecomapNetwork, p = n.getPositions([id])[id];
        const D = n.ecomapCanvas, inner = ring === 1 ? D.inner : D.rings[ring - 2].r;
        const r = (inner + D.rings[ring - 1].r) / 2, len = Math.hypot(p.x, p.y);
        const q = n.canvasToDOM({x: p.x * r / len, y: p.y * r / len});
        const box = b.getBoundingClientRect(); return [box.left + q.x, box.top + q.y]; }""",
        [node_id, ring],
    )


def drag(tab, start: tuple[float, float], end: tuple[float, float]) -> None:
    tab.mouse.move(*start)
    tab.mouse.down()
    for i in range(1, 11):
        tab.mouse.move(start[0] + (end[0] - start[0]) * i / 10, start[1] + (end[1] - start[1]) * i / 10)
        tab.wait_for_timeout(20)
    tab.mouse.up()


def saved(app_server, person_id: str):
    """The map as the store holds it now (the autosaved working copy)."""
    return Store(app_server.database_url).draft(person_id).map


def test_drag_across_a_ring_changes_the_circle_and_undo_takes_it_back(tab, app_server):
    start_map(tab, app_server.url, "Nora Quinn", [("Ruth", "family"), ("Sam", "friends")])
    assert saved(app_server, "p-nora-quinn").alter("ruth").circle == 2  # family: friendship circle
    version = network(tab).get_attribute("data-drawn")
    drag(tab, node_on_screen(tab, "ruth"), ring_spot_on_screen(tab, "ruth", 1))
    tab.wait_for_function(
        "v => document.querySelector('.ecomap-touch-map').dataset.drawn !== v", arg=version, timeout=20000
    )
    settle(tab)
    ruth = saved(app_server, "p-nora-quinn").alter("ruth")
    assert (ruth.circle, ruth.sector) == (1, "family")
    shot(tab, "map-dragged")

    tab.get_by_role("button", name="Undo").click()
    settle(tab)
    assert saved(app_server, "p-nora-quinn").alter("ruth").circle == 2
    assert tab.outside == [] and tab.dialogs == [] and tab.errors == []


def test_a_tap_opens_the_editor_beside_the_map_and_close_goes_back(tab, app_server):
    start_map(tab, app_server.url, "Olu Bello", [("Grace", "friends")])
    tab.mouse.click(*node_on_screen(tab, "grace"))
    editor = tab.locator(".st-key-alter-editor")
    editor.get_by_text("Could confide in them").wait_for(timeout=20000)
    shot(tab, "map-editor")
    editor.locator('[data-testid="stSelectbox"]').first.click()  # the tie's strength
    tab.get_by_role("option", name="strong", exact=True).click()
    editor.get_by_role("button", name="Save").click()
    settle(tab)
    assert saved(app_server, "p-olu-bello").alter("grace").strength == "strong"
    assert editor.count() == 0  # saving closes the editor: the findings are back
    tab.mouse.click(*node_on_screen(tab, "grace"))
    editor.get_by_text("Could confide in them").wait_for(timeout=20000)
    editor.get_by_role("button", name="Close").click()
    tab.get_by_text("What is working").wait_for(timeout=20000)


def test_connect_mode_records_who_knows_whom(tab, app_server):
    start_map(tab, app_server.url, "Pia Lund", [("Ann", "friends"), ("Bo", "friends")])
    connect_mode(tab)
    tab.mouse.click(*node_on_screen(tab, "ann"))
    expect(tab.locator(".ecomap-touch-status")).to_have_text("Now tap someone Ann knows.")
    tab.mouse.click(*node_on_screen(tab, "bo"))
    settle(tab)
    tab.wait_for_timeout(500)
    settle(tab)
    assert [(t.source, t.target) for t in saved(app_server, "p-pia-lund").ties] == [("ann", "bo")]


def test_hostile_names_are_drawn_as_text_and_never_run(tab, app_server):
    start_map(tab, app_server.url, HOSTILE_PERSON, [(HOSTILE_ALTER, "friends"), ("Ann", "friends")])
    labels = drawn_labels(tab)
    assert HOSTILE_PERSON in labels and "</script><script>…" in labels
    # The names reach the page only as text: the status line says one as typed.
    connect_mode(tab)
    alters = saved(app_server, "p-img-src-x-onerror-alert-1").alters
    hostile_id = next(a.id for a in alters if a.name != "Ann")
    tab.mouse.click(*node_on_screen(tab, hostile_id))
    status = tab.locator(".ecomap-touch-status")
    expect(status).to_have_text("Now tap someone </script><script>… knows.")
    assert status.locator("*").count() == 0
    assert tab.locator(".ecomap-touch img, .ecomap-touch script").count() == 0
    tab.get_by_role("button", name="Show the person").click()
    settle(tab)
    shot(tab, "map-hostile-person-view")
    assert tab.dialogs == [] and tab.errors == [] and tab.outside == []


def visible_height(box: dict, viewport_height: int) -> float:
    return max(0.0, min(box["y"] + box["height"], viewport_height) - max(box["y"], 0.0))


def test_laptop_quick_add_and_map_share_the_screen_with_readable_labels(tab, app_server):
    tab.goto(f"{app_server.url}/map?sample=edith-marsh-2025-03")
    tab.get_by_text("Edith Marsh's ecomap").wait_for(timeout=30000)
    settle(tab)
    drawn_labels(tab)
    add = tab.get_by_role("textbox", name="Add someone").bounding_box()
    canvas = tab.locator(".ecomap-touch-map canvas").bounding_box()
    assert add["y"] >= 0 and add["y"] + add["height"] <= 768  # the quick add, unscrolled
    assert visible_height(canvas, 768) >= 400  # and most of the map with it
    scale = network(tab).evaluate("b => b.ecomapNetwork.getScale()")
    assert 14 * scale >= 12  # labels are 14 px at 100 %
    # Long names wrap over two lines and the role is under the name.
    assert "St Michael's\nChurch, Little We…\nparish church" in drawn_labels(tab)
    shot(tab, "map-laptop")


def test_tablet_side_bar_starts_closed_and_the_map_takes_the_width(browser, app_server):
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    tab = context.new_page()
    try:
        tab.goto(f"{app_server.url}/map?sample=edith-marsh-2025-03")
        tab.get_by_text("Edith Marsh's ecomap").wait_for(timeout=30000)
        settle(tab)
        drawn_labels(tab)
        tab.wait_for_selector('section[data-testid="stSidebar"][data-collapsed="true"]', state="attached")
        assert tab.locator(".ecomap-touch-map canvas").bounding_box()["width"] >= 600
        shot(tab, "map-tablet")
    finally:
        context.close()
