"""The app's pages, made in one place so that app.py and page links agree on them."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ecomap.ui import map_page


def the_map_page() -> StreamlitPage:
    """The Map page, for ``st.switch_page`` from pages that open a map."""
    return st.Page(map_page.page, title="Map", icon=":material/hub:", url_path="map", default=True)


def all_pages() -> list[StreamlitPage]:
    # Imported here: these pages link back to the Map page through this module.
    from ecomap.ui import about_page, history_page, learn_page

    return [
        the_map_page(),
        st.Page(history_page.page, title="History", icon=":material/history:", url_path="history"),
        st.Page(learn_page.page, title="Learn", icon=":material/school:", url_path="learn"),
        st.Page(about_page.page, title="About", icon=":material/info:", url_path="about"),
    ]
