"""The Ideas tab of the Map page: suggested connections with why and what each would change, the
person's connection plan with its statuses, and a preview of any idea on the map.

Suggestions come from :func:`ecomap.suggest.suggest`, cached on the map's JSON, the directory in
use and what is in the plan already (so an idea accepted or declined is not offered again).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ecomap.directory import Directory
from ecomap.edit import slug, unique_id
from ecomap.formats.json_map import loads
from ecomap.model import EcoMap
from ecomap.plan import (
    REAL_STATUSES,
    STATUS_WORDS,
    TRANSITIONS,
    ConnectionPlan,
    PlanError,
    PlanItem,
    came_true,
    is_real,
    make_real,
    planned_map,
)
from ecomap.suggest import Suggestion, SuggestionReport, apply_tie, suggestions_for
from ecomap.ui import state
from ecomap.ui.views import key_of, md_text

#: How many ideas the tab shows.
SHOWN = 8
PREVIEW = "ecomap.preview"
SHOW_PLAN = "ideas.show-plan"
KIND_WORDS = {
    "reconnect": "renew a tie",
    "strengthen": "grow a tie",
    "introduce": "an introduction",
    "return": "go back",
    "join": "something to join",
    "contribute": "somewhere to give",
    "fill_gap": "help where support is missing",
}
PART_WORDS = {
    "reconnect": "a tie to renew",
    "returning": "a group to go back to",
    "what_matters": "what matters to them",
    "circumstance": "for their circumstance",
    "language": "in their language",
    "strengthen": "a tie to grow",
    "introduce": "an introduction",
    "interest": "interests",
    "gift": "a gift",
    "gap": "support missing",
    "close": "was close",
    "gave_support": "gave support",
    "bridge": "someone can help",
    "local": "local",
    "non_kin": "outside the family",
    "community": "a community group",
    "new_sector": "a new part of life",
    "near": "near",
    "walkable": "walkable",
    "free_then": "free then",
    "cost": "cost",
    "lsns": "network score",
    "resolves": "concerns resolved",
}


@st.cache_data(max_entries=64, show_spinner=False)
def suggestions_of(
    map_json: str, directory_key: str, skip: tuple[str, ...], top: int, _directory: Directory
) -> SuggestionReport:
    """Suggestions for a map; ``_directory`` is not hashed: ``directory_key`` stands for it."""
    return suggestions_for(loads(map_json), _directory, top=top, skip=set(skip))


def report(ws: state.Workspace) -> SuggestionReport:
    key, _, directory = state.directory()
    skip = tuple(sorted(ws.plan.target_keys()))
    return suggestions_of(key_of(ws.map), key, skip, SHOWN, directory)


def current(ws: state.Workspace) -> list[Suggestion]:
    return list(report(ws).ideas)


def previewed(ws: state.Workspace) -> Suggestion | None:
    key = st.session_state.get(PREVIEW)
    return next((s for s in current(ws) if s.key == key), None) if key else None


def drawn(ws: state.Workspace) -> tuple[EcoMap, set[str]]:
    """The map to draw and its planned ids: the plan's open items (unless hidden) and the idea
    being previewed, as dotted planned ties."""
    shown = ws.plan if st.session_state.get(SHOW_PLAN, True) else ConnectionPlan()
    m, planned = planned_map(ws.map, shown)
    preview = previewed(ws)
    if preview is not None:
        drawn_id = preview.target.alter_id or unique_id(
            f"plan-{slug(preview.target.name)}", (a.id for a in m.alters)
        )
        m = apply_tie(m, preview.target, preview.tie, drawn_id)
        planned.add(drawn_id)
    return m, planned


def preview_note(ws: state.Workspace) -> None:
    """A line under the map saying what is drawn dotted, when anything is."""
    preview = previewed(ws)
    if preview is not None:
        st.caption(f"Previewing **{md_text(preview.target.name)}**: dotted, not yet real.")
    elif ws.plan.open_items and st.session_state.get(SHOW_PLAN, True):
        st.caption(f"Dotted ties are in the plan, not yet real ({len(ws.plan.open_items)}).")


# --- the tab ---------------------------------------------------------------------------------------


def ideas(ws: state.Workspace) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left:
        ideas_list(ws)
    with right:
        plan_panel(ws)


def ideas_list(ws: state.Workspace) -> None:
    _, label, _ = state.directory()
    st.markdown("##### Ideas to talk through")
    st.caption(
        f"Best first, from the map and from {md_text(label)} (choose another on the Directory page). "
        "Read them with the person: what they enjoy and can give, then what is missing."
    )
    found = report(ws)
    for n, note in enumerate(found.notes):
        # The crisis note comes first and is a warning: the list is deliberately short.
        (st.warning if found.held_back and n == 0 else st.info)(md_text(note))
    if not found.ideas and not found.notes:
        st.info(
            "No ideas yet. Record what the person enjoys, what they can give, what matters to them and "
            "when they are free under **The person**, and the ideas will follow."
        )
    idea_cards(found.ideas)
    if found.near_misses:
        with st.expander(f"Nearly, but not quite ({len(found.near_misses)})"):
            for miss in found.near_misses:
                st.markdown(f"- {md_text(miss)}")


def idea_cards(ideas: tuple[Suggestion, ...]) -> None:
    showing = st.session_state.get(PREVIEW)
    for s in ideas:
        with st.container(border=True):
            st.markdown(f"**{md_text(s.target.name)}** · {KIND_WORDS[s.kind]}")
            st.markdown(md_text(s.reason))
            if how := _how_to_reach(s.next_step, s.phone, s.address):
                st.caption(how)
            st.caption(f"If it came true: {md_text(s.effect.sentence())}")
            parts = ", ".join(f"{PART_WORDS.get(name, name)} {points:+g}" for name, points in s.parts)
            st.caption(f"Score {s.score:g}: {parts}")
            c1, c2, c3 = st.columns(3)
            c1.button(
                "Add to the plan", key=f"idea-accept-{s.key}", on_click=_accept, args=(s,), type="primary"
            )
            c2.button("Not for them", key=f"idea-decline-{s.key}", on_click=_decline, args=(s,))
            on = showing == s.key
            c3.button(
                "Stop the preview" if on else "Preview on the map",
                key=f"idea-preview-{s.key}",
                on_click=_preview,
                args=(None if on else s.key,),
            )


def _how_to_reach(next_step: str, phone: str, address: str) -> str:
    """Next step, phone and address in one line of plain text."""
    said = [f"Next step: {next_step}"] if next_step else []
    said += [f"Phone {phone}"] if phone else []
    said += [address] if address else []
    return md_text(" · ".join(said))


def _by() -> str:
    ws = state.workspace()
    return ws.map.ego.coordinator if ws.map is not None else ""


def _accept(s: Suggestion) -> None:
    if state.change_plan(ConnectionPlan.accept, s, _by(), date.today()):
        state.workspace().notice = f"Added {s.target.name} to the plan."
        _stop_preview(s)


def _decline(s: Suggestion) -> None:
    if state.change_plan(ConnectionPlan.decline, s, _by(), date.today()):
        state.workspace().notice = f"Noted: {s.target.name} is not for them; it will not be offered again."
        _stop_preview(s)


def _stop_preview(s: Suggestion) -> None:
    if st.session_state.get(PREVIEW) == s.key:
        st.session_state[PREVIEW] = None


def _preview(key: str | None) -> None:
    st.session_state[PREVIEW] = key


# --- the plan --------------------------------------------------------------------------------------


def _history(item: PlanItem) -> str:
    return " → ".join(f"{c.status} {c.on:%d %b %Y}" + (f" ({c.by})" if c.by else "") for c in item.history)


def plan_list(plan: ConnectionPlan) -> None:
    """Each item: who or what, the idea, its status and since when, who follows it up, and its
    history when it has moved on."""
    for item in plan.items:
        who = f" · followed up by {md_text(item.follow_up)}" if item.follow_up else ""
        st.markdown(
            f"**{md_text(item.target.name)}** ({KIND_WORDS[item.kind]}): {item.status} "
            f"since {item.since:%d %b %Y}{who}"
        )
        if how := _how_to_reach(item.next_step, item.phone, item.address):
            st.caption(how)
        if len(item.history) > 1:
            st.caption(md_text(_history(item)))


def stored_plan(data: object) -> ConnectionPlan:
    """A plan as the store keeps it; one that cannot be read is shown as a warning, not an error."""
    try:
        return ConnectionPlan.from_json(data)
    except PlanError as error:
        st.warning(f"The plan saved here could not be read: {md_text(str(error))}")
        return ConnectionPlan()


def plan_panel(ws: state.Workspace) -> None:
    st.markdown("##### The plan")
    st.toggle("Show the plan on the map", value=True, key=SHOW_PLAN)
    plan = ws.plan
    if not plan.items:
        st.caption("Nothing in the plan yet: add an idea the person would like to try.")
        return
    plan_list(plan)
    mark_achieved(ws)
    record_progress(ws)
    make_ties_real(ws)


def mark_achieved(ws: state.Workspace) -> None:
    """Offer to mark an open item achieved (attending) when the map shows it came true."""
    for item in came_true(ws.map, ws.plan):
        name = md_text(item.target.name)
        st.success(f"**{name}** is on the map now: the idea came true.")
        st.button(
            f"Mark {name} achieved",
            key=f"plan-achieved-{item.id}",
            on_click=_achieve,
            args=(item.id,),
        )


def _achieve(item_id: str) -> None:
    if state.change_plan(ConnectionPlan.achieve, item_id, _by(), date.today()):
        name = state.workspace().plan.item(item_id).target.name
        state.workspace().notice = f"Recorded: {name} came true (attending)."


def record_progress(ws: state.Workspace) -> None:
    """A status change for one item (only the moves :data:`TRANSITIONS` allows are offered),
    dated, and who follows it up. The buttons read the widgets when pressed, so what is recorded
    is what is shown."""
    items = {i.id: i for i in ws.plan.items}
    movable = [i for i, item in items.items() if TRANSITIONS[item.status]]
    if not movable:
        return
    st.markdown("**Record progress**")
    chosen = st.selectbox(
        "Connection",
        movable,
        format_func=lambda i: items[i].target.name,
        key="plan-item",
    )
    item = items[chosen]
    st.selectbox("Now", TRANSITIONS[item.status], format_func=STATUS_WORDS.get, key=f"plan-status-{chosen}")
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    c1.date_input("On", value=date.today(), format="YYYY-MM-DD", key="plan-on")
    c2.button("Record", key="plan-record", on_click=_advance, args=(chosen,), width="stretch")
    c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
    follow = f"plan-follow-{chosen}-{ws.revision}"
    c3.text_input("Followed up by", value=item.follow_up, key=follow)
    c4.button("Save", key="plan-assign", on_click=_assign, args=(chosen, follow), width="stretch")


def _advance(item_id: str) -> None:
    status, on = st.session_state[f"plan-status-{item_id}"], st.session_state["plan-on"]
    if state.change_plan(ConnectionPlan.advance, item_id, status, _by(), on):
        name = state.workspace().plan.item(item_id).target.name
        state.workspace().notice = f"Recorded: {name} is {status}."


def _assign(item_id: str, key: str) -> None:
    state.change_plan(ConnectionPlan.assign, item_id, st.session_state[key])


def make_ties_real(ws: state.Workspace) -> None:
    """Offer to put attending and sustained connections on the map for real."""
    for item in ws.plan.items:
        if item.status not in REAL_STATUSES or is_real(ws.map, item):
            continue
        name = md_text(item.target.name)
        st.info(f"**{name}** is {item.status}: it can go on the map as a real tie now.")
        st.button(
            f"Put {name} on the map",
            key=f"plan-real-{item.id}",
            on_click=state.change,
            args=(make_real, item),
        )
