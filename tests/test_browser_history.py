"""The History page's charts in a real browser: every estimate and every own answer is drawn, the
estimates in grey and the person's answers in blue, at laptop and tablet widths."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from ecomap.formats import load_map
from ecomap.plan import ConnectionPlan
from ecomap.samples import SAMPLES_DIR, plan_data
from ecomap.store import Store
from tests.conftest import served_app
from tests.test_browser_app import ARTIFACTS, page, settle  # noqa: F401 - page is a fixture

pytestmark = pytest.mark.browser

CHARTS = '[data-testid="stVegaLiteChart"]'
OWN_BLUE, ESTIMATE_GREY = (0, 114, 178), (107, 107, 107)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app over a store holding Ray Pollard's two snapshots and their plans."""
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'history.sqlite3'}"
    with Store(url) as store:
        for name in ("ray-pollard-2025-03.json", "ray-pollard-2025-10.json"):
            path = SAMPLES_DIR / name
            store.save_snapshot(load_map(path), plan=ConnectionPlan.from_json(plan_data(path)).to_json())
    with served_app(url) as base:
        yield base


def has_colour(png: bytes, colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int).reshape(-1, 3)
    return bool((np.abs(pixels - np.array(colour)) <= tolerance).all(axis=1).any())


@pytest.mark.parametrize("width, height", [(1366, 768), (800, 1000)], ids=["laptop", "tablet"])
def test_history_draws_each_estimate_and_own_answer_apart(page, app_url, width, height):  # noqa: F811
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/history")
    page.get_by_text("Over time").wait_for(timeout=30000)
    settle(page)
    charts = page.locator(CHARTS)
    assert charts.count() == 3 + 9  # three estimates; UCLA-3, ONS, LSNS-6 x3 and ONS4 x4 from Ray
    for n in range(charts.count()):
        chart = charts.nth(n)
        chart.scroll_into_view_if_needed()
        chart.locator("canvas, svg").first.wait_for(timeout=30000)
        box = chart.bounding_box()
        assert box["width"] >= 140 and box["height"] >= 150, box
        picture = chart.screenshot()
        # The estimates are grey with no blue; the person's answers are blue.
        assert has_colour(picture, OWN_BLUE) == (n >= 3)
        assert has_colour(picture, ESTIMATE_GREY, 10)
    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_text("Over time").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"history-over-time-{width}x{height}.png", full_page=True)
    assert page.outside == [] and page.errors == []
