"""The Learn page: fictional people for teaching strengths-based practice.

Everything here is a sandbox: nothing is written to the store unless the trainer keeps a copy
from the Map page.
"""

from __future__ import annotations

import streamlit as st

from ecomap.risk import BAND_NAMES, FLAG_NAMES
from ecomap.samples import plan_data
from ecomap.ui import history_charts, state
from ecomap.ui.pages import the_map_page
from ecomap.ui.views import comparison_view, key_of, map_view, md_text, what_if_of


def page() -> None:
    st.title("Learn")
    st.markdown(
        "Fictional people from the town of Brackford, for practising conversations and showing what "
        "strengths-based work can change. Opening one is a **sandbox**: try anything, nothing is saved."
    )
    people = state.samples()
    by_id = {p.person_id: p for p in people}
    labels = {p.person_id: p.heading for p in people}
    chosen = by_id[st.selectbox("Person", list(by_id), format_func=labels.get, key="learn-person")]
    maps = chosen.maps()
    st.markdown(md_text(chosen.story))
    if st.button("Open in the Map page as a sandbox", key="learn-open", type="primary"):
        plan = plan_data(chosen.files[-1])
        state.open_map(maps[-1], label=f"sample {chosen.files[-1].stem}", sandbox=True, plan=plan)
        st.switch_page(the_map_page())
    if chosen.has_before_after:
        st.subheader("Before and after")
        comparison_view(maps[0], maps[-1])
        history_charts.own_answers_compared(maps[0], maps[-1])
    else:
        st.subheader("The map")
        map_view(maps[-1], height=520)
    what_if(maps[0])


def what_if(m) -> None:
    """A guided what-if: take someone away and see what the person would lose. The answer is the
    Map page's own (:func:`ecomap.risk.what_if`), so the two pages never disagree."""
    st.subheader("What if someone were no longer there?")
    if not m.alters:
        st.caption("Nobody on this map yet: that is the finding. What would a first connection be?")
        return
    names = {a.id: f"{a.name} ({a.role or a.sector.replace('_', ' ')})" for a in m.alters}
    gone = st.selectbox("Take away", list(names), format_func=names.get, key="learn-what-if")
    item = what_if_of(key_of(m), gone)
    c1, c2 = st.columns(2)
    c1.metric(
        "Band",
        BAND_NAMES[item.band_after],
        None if item.band_after == item.band_before else f"was {BAND_NAMES[item.band_before].lower()}",
        delta_color="off",
    )
    c2.metric("LSNS-6 estimate", item.lsns_after, item.lsns_after - item.lsns_before)
    st.markdown(md_text(item.sentence))
    if item.new_flags:
        st.markdown(
            "**New concerns**\n\n" + "\n".join(f"- {md_text(FLAG_NAMES[code])}" for code in item.new_flags)
        )
    st.caption("Questions to ask: who else could step in? Who would the person want to be closer to?")
