"""ecomap's Streamlit entry point: page wiring only (run: streamlit run app.py)."""

from pathlib import Path

import pandas as pd
import streamlit as st

from ecomap.formats import load_map

SAMPLES = Path(__file__).parent / "sample_networks"

st.set_page_config(page_title="ecomap", layout="wide")
st.title("ecomap")
files = sorted(SAMPLES.glob("*.json"))
if not files:
    st.info("No sample maps found.")
    st.stop()
chosen = st.selectbox("Sample person", files, format_func=lambda p: p.stem)
m = load_map(chosen)
st.subheader(f"{m.ego.name}, {m.ego.map_date:%d %B %Y}")
st.dataframe(pd.DataFrame([a.model_dump() for a in m.alters]), hide_index=True)
st.dataframe(pd.DataFrame([t.model_dump() for t in m.ties]), hide_index=True)
st.json(m.ego.model_dump(mode="json"))
