"""The History page: every saved snapshot of a person, opened or compared side by side."""

from __future__ import annotations

import streamlit as st

from ecomap.plan import plan_changes, planned_map
from ecomap.risk import BAND_NAMES
from ecomap.ui import history_charts, state
from ecomap.ui.pages import the_map_page
from ecomap.ui.suggestions import plan_list, stored_plan
from ecomap.ui.views import (
    comparison_of,
    comparison_view,
    findings,
    map_view,
    md_text,
    measures_table,
    what_changed,
)


def page() -> None:
    st.title("History")
    store = state.store()
    people = state.saved_people()
    if not people:
        st.info("Nothing saved yet. Each **Save snapshot** on the Map page adds a dated snapshot here.")
        return
    ws = state.workspace()
    ids = [p.person_id for p in people]
    names = {p.person_id: f"{p.name} ({p.snapshot_count} snapshots)" for p in people}
    current = ws.map.ego.id if ws.map is not None and ws.map.ego.id in ids else ids[0]
    person_id = st.selectbox("Person", ids, index=ids.index(current), format_func=names.get)
    snapshots = store.snapshots(person_id)
    if not snapshots:
        st.info("Only a working copy so far: save a snapshot on the Map page.")
        return
    st.dataframe(
        [
            {
                "map date": s.map_date,
                "saved": f"{s.saved_at:%d %b %Y %H:%M}",
                "note": s.note,
                # Summaries saved before a band was recorded have none: blank, not a guess.
                "band": BAND_NAMES.get(s.summary.get("band", ""), ""),
                "LSNS-6 estimate": s.summary.get("lsns6_estimate"),
                "people": s.summary.get("size"),
            }
            for s in snapshots
        ],
        hide_index=True,
        width="stretch",
    )
    history_charts.over_time(snapshots)
    labels = {
        s.id: f"{s.map_date} (saved {s.saved_at:%d %b %Y %H:%M}){' - ' + s.note if s.note else ''}"
        for s in snapshots
    }
    order = [s.id for s in snapshots]  # newest first
    tab_open, tab_compare = st.tabs(["Open one", "Compare two"])
    with tab_open:
        chosen = st.selectbox("Snapshot", order, format_func=labels.get, key="history-open")
        snap = store.load_snapshot(chosen)
        plan = stored_plan(snap.plan)
        left, right = st.columns([3, 2])
        with left:
            shown, planned = planned_map(snap.map, plan)
            map_view(shown, planned=planned, height=520)
        with right:
            findings(snap.map, with_resilience=False)
            st.markdown("##### The connection plan")
            if plan.items:
                plan_list(plan)
            else:
                st.caption("No plan was saved with this snapshot.")
        if st.button("Work on this snapshot on the Map page", key="history-work"):
            state.open_map(
                snap.map,
                label=f"from the snapshot of {snap.map.ego.map_date}",
                version=store.version(person_id),
                plan=plan,
            )
            st.switch_page(the_map_page())
    with tab_compare:
        if len(order) < 2:
            st.caption("Compare needs two snapshots.")
            return
        c1, c2 = st.columns(2)
        older = c1.selectbox(
            "Before", order, index=len(order) - 1, format_func=labels.get, key="history-before"
        )
        newer = c2.selectbox("After", order, index=0, format_func=labels.get, key="history-after")
        first, second = store.load_snapshot(older), store.load_snapshot(newer)
        before, after = first.map, second.map
        if older == newer:
            st.caption("Choose two different snapshots.")
            return
        change_on_the_map(before, after)
        history_charts.own_answers_compared(before, after)
        st.markdown("##### What changed in the plan")
        changed = plan_changes(stored_plan(first.plan), stored_plan(second.plan))
        said = "\n".join(f"- {md_text(c)}" for c in changed)
        st.markdown(said or "Nothing changed in the plan.")
        st.caption(
            md_text(f"Comparing {before.ego.name}'s maps of {before.ego.map_date} and {after.ego.map_date}.")
        )


# --- change on the map -------------------------------------------------------------------------

CHANGE_KEY = (
    "**Key:** a blue outline and blue line: new on the later map · faint: on the earlier map, "
    "no longer on the later one."
)


def _pairs(links) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((link.source, link.target) for link in links))


def change_on_the_map(before, after) -> None:
    """What changed, in words first; then the two snapshots side by side, new people and ties
    outlined in blue on the later map and those no longer there faint on the earlier one, under
    one key; then the measures."""
    from ecomap.ui import map_component

    if not map_component.available():
        comparison_view(before, after)
        return
    c = comparison_of(before, after)
    what_changed(c)
    st.markdown(CHANGE_KEY)
    left, right = st.columns(2)
    gone = tuple(sorted(a.id for a in c.lost))
    new = tuple(sorted(a.id for a in c.added))
    with left:
        st.markdown(f"**Before: {before.ego.map_date:%d %B %Y}**")
        map_component.still_map(before, key="history-before-map", marks=((), gone, (), _pairs(c.ties_lost)))
    with right:
        st.markdown(f"**After: {after.ego.map_date:%d %B %Y}**")
        map_component.still_map(after, key="history-after-map", marks=(new, (), _pairs(c.ties_added), ()))
    measures_table(c, before, after, ("Before", "After"))
