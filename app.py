"""ecomap's Streamlit entry point: page wiring only (run: streamlit run app.py)."""

from pathlib import Path

import streamlit as st

from ecomap.ui.pages import pages_for
from ecomap.ui.signin import signed_in_user

# A local icon: a Material icon name here would make the browser fetch it from a font CDN.
ICON = Path(__file__).parent / "ecomap" / "ui" / "icon.png"
st.set_page_config(page_title="ecomap", page_icon=str(ICON), layout="wide")
# Less empty space above the page's title, so the map and its findings fit a laptop screen.
st.html("<style>.block-container { padding-top: 2.2rem; } h1 { padding-top: 0; }</style>")
# Personal mode: the one local user. A team server: nothing below runs before sign-in.
st.navigation(pages_for(signed_in_user())).run()
