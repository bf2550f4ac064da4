"""The About page: what ecomap is, the notation key, the measures and flags, and privacy."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC_TABS = {
    "Reading the map": "notation.md",
    "Measures and flags": "measures.md",
    "Suggestions": "suggestions.md",
    "Team review": "review.md",
    "Privacy": "privacy.md",
}


@st.cache_data(show_spinner=False)
def _doc(name: str) -> str:
    path = DOCS / name
    return path.read_text(encoding="utf-8") if path.exists() else f"({name} is not installed with this copy.)"


def page() -> None:
    st.title("About ecomap")
    st.markdown(
        "ecomap draws a person's world with them: family, friends, neighbours, groups, places, pets "
        "and services, and the ties between them (Hartman's ecomap, 1978). It shows what is already "
        "working, exposes isolation, and helps find new connections the way Local Area Coordinators "
        "work: strengths first, natural supports before services, and what the person can offer as "
        "well as what they need."
    )
    for tab, doc in zip(st.tabs(list(DOC_TABS)), DOC_TABS.values(), strict=True):
        with tab:
            st.markdown(_doc(doc))
