"""The app in a real browser (Debian's Chromium under Playwright): build a small map from
nothing, open a sample, and check that the map is drawn, nothing is fetched from another host,
and hostile names are shown as text. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
BUSY = '[data-testid="stSkeleton"], [data-testid="stStatusWidget"]'


@pytest.fixture(scope="module")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture
def page(browser, app_url):
    """A fresh browser tab that records every request to another host and every script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.outside = []
    tab.dialogs = []
    tab.errors = []
    own = (app_url, "data:", "about:", "blob:")
    tab.on("request", lambda r: None if r.url.startswith(own) else tab.outside.append(r.url))
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def settle(tab) -> None:
    """Wait until Streamlit has finished the script run (no skeleton or running widget)."""
    calm = 0
    for _ in range(100):
        tab.wait_for_timeout(300)
        calm = calm + 1 if tab.locator(BUSY).count() == 0 else 0
        if calm >= 2:
            return


def drawn_nodes(tab) -> int:
    return len(drawn_labels(tab))


def drawn_labels(tab) -> list[str]:
    """The labels of the nodes the Map page's interactive map has drawn."""
    box = tab.locator(".ecomap-touch-map").first
    box.locator("canvas").wait_for(timeout=30000)
    tab.wait_for_function("() => document.querySelector('.ecomap-touch-map').ecomapNetwork", timeout=30000)
    return box.evaluate("b => b.ecomapNetwork.body.data.nodes.get().map(n => n.label)")


def wait_for_label(tab, label: str, timeout: float = 15000) -> None:
    """Wait until a node's label on the interactive map starts with ``label``."""
    tab.wait_for_function(
        "start => { const b = document.querySelector('.ecomap-touch-map');"
        " return b && b.ecomapNetwork && b.ecomapNetwork.body.data.nodes.get()"
        ".some(n => n.label.startsWith(start)); }",
        arg=label,
        timeout=timeout,
    )


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=ARTIFACTS / f"app-{name}.png", full_page=True)


def test_open_a_sample_draws_the_map_offline(page, app_url):
    page.goto(f"{app_url}/?sample=edith-marsh-2025-03")
    page.get_by_text("Edith Marsh's ecomap").wait_for(timeout=30000)
    settle(page)
    assert drawn_nodes(page) == 12 + 1
    page.get_by_text("What is working").wait_for()
    shot(page, "sample")
    assert page.outside == [] and page.dialogs == [] and page.errors == []


def test_build_a_small_map_from_nothing(page, app_url):
    page.goto(app_url)
    page.get_by_label("Name or pseudonym").fill("<img src=x onerror=alert(1)>")
    page.get_by_role("button", name="Start the map").click()
    page.get_by_text("Add to the map").wait_for(timeout=30000)
    settle(page)
    for name in ("Ruth", "</script><script>alert(2)</script>"):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_role("button", name="Add to the map").click()
        settle(page)
    assert drawn_nodes(page) == 3
    # The hostile names are on the page as text, and nothing ran.
    page.get_by_text("<img src=x onerror=alert(1)>'s ecomap").wait_for()
    shot(page, "built")
    assert page.dialogs == [] and page.outside == [] and page.errors == []
    # The map names the person to screen readers in an attribute, as text.
    label = page.locator(".ecomap-touch-map").get_attribute("aria-label")
    assert label.startswith("Ecomap of <img src=x onerror=alert(1)>")


def test_a_broken_import_is_explained_and_changes_nothing(page, app_url, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"schema": "ecomap/1", "ego": {"id": "p1", "name": "Ann", "map_date": "2026-02-30"},'
        ' "alters": [{"id": "a", "name": "Bo", "sector": "famly", "circle": 9}]}',
        encoding="utf-8",
    )
    page.goto(app_url)
    page.get_by_role("tab", name="Import").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(broken))
    page.get_by_role("button", name="Import").click()
    settle(page)
    shown = page.locator('[data-testid="stAlert"]').inner_text()
    for words in ("broken.json", "field 'map_date'", "field 'sector'", "'famly'", "field 'circle'"):
        assert words in shown, shown
    assert page.get_by_text("Add to the map").count() == 0  # no map was opened
    shot(page, "broken-import")


def edit_cell(tab, row_y: float, first_cell_x: float, columns_right: int, text: str) -> None:
    """Edit one cell of the Everyone table as a person does: select it, Enter, type, Enter."""
    tab.mouse.click(first_cell_x, row_y)
    for _ in range(columns_right):
        tab.keyboard.press("ArrowRight")
    tab.wait_for_timeout(300)
    tab.keyboard.press("Enter")  # opens the cell's editor; it needs a moment to take keys
    tab.wait_for_timeout(400)
    tab.keyboard.press("Control+A")
    tab.keyboard.type(text, delay=30)
    tab.wait_for_timeout(200)
    tab.keyboard.press("Enter")
    settle(tab)


def test_two_edits_in_a_row_in_the_table_both_stay(page, app_url):
    """The trap of st.data_editor: writing its output back into its input loses every second
    edit. Both edits must reach the map."""
    page.goto(f"{app_url}/?sample=frank-dyer-2025-10")
    page.get_by_text("What is working").wait_for(timeout=30000)
    settle(page)
    page.get_by_role("tab", name="Everyone").click()
    settle(page)  # the tab's content is made when it is opened
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The first data row sits under the header row (35 px); the Name column follows the row
    # markers (about 32 px).
    row_y, name_x = box["y"] + 52, box["x"] + 70
    edit_cell(page, row_y, name_x, 0, "Bessie")
    # The table is made afresh after each change; a person waits for the map to redraw too.
    wait_for_label(page, "Bessie\ncollie cross")
    settle(page)
    edit_cell(page, row_y, name_x, 3, "sheepdog")  # Name, Kind, Sector, Role
    wait_for_label(page, "Bessie\nsheepdog")
    shot(page, "table-edits")
