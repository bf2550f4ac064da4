"""Keeping a map: snapshots, downloads (plain or pseudonymised), copies of samples, erasure."""

from __future__ import annotations

import streamlit as st

from ecomap.access import Denied, ScopedStore
from ecomap.directory import Directory
from ecomap.export import COPIES, FORMATS, download_name, export
from ecomap.model import EcoMap
from ecomap.plan import ConnectionPlan
from ecomap.store import StaleMap
from ecomap.ui import state
from ecomap.ui.views import md_text


def keep_and_share(ws: state.Workspace) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        if ws.sandbox:
            st.markdown("**This is a sample.** Nothing is saved unless you keep a copy.")
            st.button("Keep a copy in my maps", on_click=keep_copy, key="keep-copy-tab")
        else:
            st.markdown("**Save a snapshot**: a dated record of the map as it is now, for History.")
            st.text_input(
                "Note (optional)", key="snapshot-note", placeholder="first conversation, at the library"
            )
            st.button("Save snapshot", type="primary", on_click=_save_with_note, key="save-tab")
            st.caption("Every change is autosaved as a working copy; a snapshot is what History compares.")
    with right:
        downloads(ws)
    if not ws.sandbox:
        st.divider()
        erase(ws)


def _save_with_note() -> None:
    save_snapshot(st.session_state.get("snapshot-note", ""))


def save_snapshot(note: str = "") -> None:
    """Save the map as a dated snapshot; if someone else saved first, ask what to do."""
    ws = state.workspace()
    try:
        info = state.store().save_snapshot(
            ws.map, note=note, plan=ws.plan.to_json(), expected_version=ws.version
        )
    except StaleMap as error:
        ws.stale = str(error)
        return
    ws.version = info.version
    ws.notice = f"Saved a snapshot dated {ws.map.ego.map_date:%d %B %Y}."


def downloads(ws: state.Workspace) -> None:
    st.markdown("**Download**")
    shared = st.checkbox(
        "Pseudonymise (names become roles or initials; notes and full postcode removed)",
        key="pseudonymise",
        help="For team meetings or sharing with someone who does not need to know who is who.",
    )
    copy = st.radio(
        "The PDF is",
        list(COPIES),
        format_func=COPIES.get,
        horizontal=True,
        key="pdf-copy",
        help="For the person: large print, what is working, their own words, the map and the plan they "
        "agreed, with no score, band or risk word. Easy Read: short sentences and a larger map.",
    )
    m, plan, directory = ws.map, ws.plan, state.directory()[2]
    scoped = state.store()  # the file is made outside this run, where the session is not at hand
    for fmt, (_, media_type, words) in FORMATS.items():
        # The file is made only when the button is pressed (a callable), so drawing the page
        # does not render a PDF on every change.
        st.download_button(
            f"{words}, {COPIES[copy]}" if fmt == "pdf" else words,
            data=lambda fmt=fmt: _exported(scoped, m, fmt, shared, plan, copy, directory),
            file_name=download_name(m, fmt, shared, copy),
            mime=media_type,
            key=f"download-{fmt}",
            on_click="ignore",
        )


def _exported(
    scoped: ScopedStore,
    m: EcoMap,
    fmt: str,
    pseudonymised: bool,
    plan: ConnectionPlan,
    copy: str,
    directory: Directory,
) -> bytes:
    """The file to download, written to the audit trail (the person's id, the format)."""
    scoped.record("export", m.ego.id, f"{fmt}{' pseudonymised' if pseudonymised else ''}")
    return export(m, fmt, pseudonymised=pseudonymised, plan=plan, copy=copy, directory=directory).data


def erase(ws: state.Workspace) -> None:
    m = ws.map
    with st.expander("Erase this person"):
        st.markdown(
            f"Erasing removes **every snapshot, working copy and record of {md_text(m.ego.name)}** from this "
            "database. It cannot be undone. Download a copy first if the person wants to keep one."
        )
        typed = st.text_input(
            f"Type the person's name to confirm: {md_text(m.ego.name)}", key="erase-confirm"
        )
        if st.button(
            "Erase everything about this person", disabled=typed.strip() != m.ego.name, type="primary"
        ):
            removed = state.store().erase_person(m.ego.id)
            state.close()
            state.workspace().notice = f"Erased {removed} records."
            st.rerun()


def keep_copy() -> None:
    """Turn the sandbox sample into a map of the coordinator's own, saved as a first snapshot."""
    ws = state.workspace()
    m = state.with_free_person_id(ws.map)
    try:
        info = state.store().save_snapshot(m, note=f"copied from {ws.label}", plan=ws.plan.to_json())
    except Denied as refused:
        ws.problems = [str(refused)]
        return
    state.open_map(m, label="saved", version=info.version, plan=ws.plan)
    state.workspace().notice = "Kept a copy in your maps."


def keep_stale_edit() -> None:
    """Someone else saved first: keep this edit as a further snapshot, on top of theirs."""
    ws = state.workspace()
    info = state.store().save_snapshot(
        ws.map, note="kept from an edit made while someone else saved", plan=ws.plan.to_json()
    )
    ws.version, ws.stale = info.version, None
    ws.notice = "Your changes were kept as a new snapshot; History shows both."


def reload_saved() -> None:
    ws = state.workspace()
    s = state.store()
    latest = s.latest_snapshot(ws.map.ego.id)
    state.remember(ws)
    ws.map, ws.version, ws.stale = latest.map, s.version(latest.map.ego.id), None
    ws.plan = ConnectionPlan.from_json(latest.plan)
    ws.revision += 1
    ws.notice = "Reloaded the saved map. Undo brings your version back."
