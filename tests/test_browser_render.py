"""The interactive map in a real browser: it draws, runs nothing it should not, fetches nothing,
and shows hostile names as text. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecomap.model import EcoMap
from ecomap.render import render_html
from tests.conftest import HOSTILE_NAMES

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

#: Share of the drawing's pixels that are not white: rings, lines, nodes and labels.
INKED_PIXELS = """() => {
  const canvas = document.querySelector("#mynetwork canvas");
  const ctx = canvas.getContext("2d");
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) inked++;
  }
  return inked / (canvas.width * canvas.height);
}"""


def open_map(browser, tmp_path: Path, m: EcoMap, name: str, **render_options) -> tuple[object, dict]:
    """Open the map's page from a file; record dialogs, requests and errors while it loads."""
    path = tmp_path / f"{name}.html"
    path.write_text(render_html(m, **render_options), encoding="utf-8")
    seen: dict[str, list] = {"dialogs": [], "requests": [], "errors": []}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(path.as_uri())
    page.locator("#mynetwork canvas").wait_for()
    page.wait_for_function("() => typeof network !== 'undefined' && network.body !== undefined")
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"ecomap-{name}.png", full_page=True)
    return page, seen


def assert_drawn_offline_and_quiet(page, seen: dict, m: EcoMap, own_url: str) -> None:
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert [url for url in seen["requests"] if url != own_url] == []
    assert page.evaluate("network.body.data.nodes.length") == len(m.alters) + 1
    assert page.evaluate("network.body.data.edges.length") == len(m.alters) + len(m.ties)
    assert page.evaluate(INKED_PIXELS) > 0.05


def test_everyday_map_draws_offline(browser, tmp_path, everyday_map):
    page, seen = open_map(browser, tmp_path, everyday_map, "everyday", planned={"knit"})
    assert_drawn_offline_and_quiet(page, seen, everyday_map, (tmp_path / "everyday.html").as_uri())
    assert page.inner_text("h1") == "Ecomap of Maud Hargreaves"
    page.close()


def test_hostile_names_stay_text_and_run_nothing(browser, tmp_path, hostile_map):
    page, seen = open_map(browser, tmp_path, hostile_map, "hostile")
    assert_drawn_offline_and_quiet(page, seen, hostile_map, (tmp_path / "hostile.html").as_uri())
    assert page.inner_text("h1") == f"Ecomap of {HOSTILE_NAMES[0]}"
    assert page.locator("img, a, b").count() == 0
    assert page.locator("script").count() == 3  # vis-network, pyvis's setup and the drawing
    # Hovering a hostile node shows its tooltip as plain text and still runs nothing.
    x, y = page.evaluate(
        "() => { const d = network.canvasToDOM(network.getPositions(['a1']).a1);"
        " const r = document.querySelector('#mynetwork').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; }"
    )
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(HOSTILE_NAMES[0])
    # innerText turns line breaks into <br>; nothing else becomes an element.
    assert tooltip.evaluate("element => [...element.children].every(child => child.tagName === 'BR')")
    page.screenshot(path=ARTIFACTS / "ecomap-hostile-tooltip.png")
    assert seen["dialogs"] == []
    page.close()


def test_the_map_fits_a_narrow_frame(browser, tmp_path, everyday_map):
    path = tmp_path / "narrow.html"
    path.write_text(render_html(everyday_map, height_px=420), encoding="utf-8")
    page = browser.new_page(viewport={"width": 480, "height": 700})
    page.goto(path.as_uri())
    page.locator("#mynetwork canvas").wait_for()
    page.wait_for_timeout(300)
    # Every node is inside the visible canvas after the initial fit.
    inside = page.evaluate(
        "() => { const box = document.querySelector('#mynetwork').getBoundingClientRect();"
        " return Object.values(network.getPositions()).every(p => { const d = network.canvasToDOM(p);"
        " return d.x >= 0 && d.y >= 0 && d.x <= box.width && d.y <= box.height; }); }"
    )
    assert inside
    page.screenshot(path=ARTIFACTS / "ecomap-narrow.png", full_page=True)
    page.close()
