"""The app's pages, made in one place so that app.py and page links agree on them.

Each page's module is imported when the page is first shown, not when the app starts: a
coordinator opening the Map page does not wait for the Review page's charts to load.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ecomap.access import Identity

#: url path -> (title, icon, module under ecomap.ui); the first is the default page.
PAGES: dict[str, tuple[str, str, str]] = {
    "map": ("Map", ":material/hub:", "map_page"),
    "history": ("History", ":material/history:", "history_page"),
    "review": ("Review", ":material/groups:", "review_page"),
    "directory": ("Directory", ":material/storefront:", "directory_page"),
    "learn": ("Learn", ":material/school:", "learn_page"),
    "about": ("About", ":material/info:", "about_page"),
    "admin": ("Users and audit", ":material/admin_panel_settings:", "admin_page"),
}


def _page_function(module: str) -> Callable[[], None]:
    def page() -> None:
        import_module(f"ecomap.ui.{module}").page()

    page.__name__ = module  # Streamlit names a callable page after its function
    return page


#: The default page is served at the app's root but still reserves its own url path, so the Map
#: page is registered under this one and ``/map`` (``/map?sample=...`` links) is a hidden twin.
DEFAULT_URL_PATH = "start"


def _page(url_path: str, default: str = "map") -> StreamlitPage:
    title, icon, module = PAGES[url_path]
    is_default = url_path == default
    return st.Page(
        _page_function(module),
        title=title,
        icon=icon,
        url_path=DEFAULT_URL_PATH if is_default else url_path,
        default=is_default,
    )


def _map_link() -> StreamlitPage:
    title, icon, module = PAGES["map"]
    return st.Page(_page_function(module), title=title, icon=icon, url_path="map", visibility="hidden")


def the_map_page() -> StreamlitPage:
    """The Map page, for ``st.switch_page`` from pages that open a map."""
    return _page("map")


def pages_for(user: Identity) -> list[StreamlitPage]:
    """The pages the user's role may open (ecomap.access.ROLE_PAGES), the first the default: the
    others are not in the navigation, and their addresses open the default page instead."""
    allowed = user.pages
    pages = [_page(url_path, default=allowed[0]) for url_path in allowed]
    return [*pages, _map_link()] if allowed[0] == "map" else pages
