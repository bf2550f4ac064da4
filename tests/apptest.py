"""Helpers for driving the app with Streamlit's AppTest (no browser, no JavaScript)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def start_app(page: str = "") -> AppTest:
    """The app, run once; ``page`` opens another page by its URL path (``history``, ``learn``)."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    return go_to(at, page) if page else at


def go_to(at: AppTest, url_path: str) -> AppTest:
    """Open a page of ``st.navigation`` by its URL path and run it.

    ``AppTest.switch_page`` finds file-based pages only; ecomap's pages are functions, so pick
    the registered page by its URL path, as a browser does.
    """
    pages = at._registered_pages  # noqa: SLF001 - AppTest has no public way for callable pages
    at._page_hash = next(h for h, info in pages.items() if info.get("url_pathname") == url_path)  # noqa: SLF001
    return at.run()


def open_tab(at: AppTest, label: str) -> AppTest:
    """Choose a tab under the map, as a click on it does, and run the page."""
    from ecomap.ui.map_page import TAB_KEY

    at.session_state[TAB_KEY] = label
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of text the page shows, joined: for asserting what a person can read."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(e.label) for e in at.get("button")]
    parts += [str(e.label) for e in at.get("metric")] + [str(e.value) for e in at.get("metric")]
    return "\n".join(parts)


def drawn_map(at: AppTest) -> dict:
    """What the Map page sent its interactive map: nodes, edges and what is painted."""
    import json

    (drawn,) = [c for c in at.get("bidi_component") if c.proto.component_name == "ecomap_touch_map"]
    return json.loads(drawn.proto.json)


def drawn_labels(at: AppTest) -> list[str]:
    return [node["label"] for node in drawn_map(at)["nodes"]]
