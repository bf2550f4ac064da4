"""The Map page: build an ecomap with a person, see what it shows, keep it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ecomap import edit
from ecomap.formats import load_map
from ecomap.formats.csv_bundle import read_bundle_bytes
from ecomap.formats.json_map import loads
from ecomap.importers import ImportResult, import_upload
from ecomap.model import (
    ACCESS_NEEDS,
    CIRCLES,
    CONTACTS,
    DAY_PARTS,
    GENDERS,
    KINDS,
    SECTORS,
    STRENGTHS,
    STRESSES,
    SUPPORTS,
    WEEKDAYS,
    EcoMap,
    MapInvalid,
)
from ecomap.samples import plan_data
from ecomap.ui import conversation, keep, state, suggestions
from ecomap.ui.views import MAP_HEIGHT, findings, map_view, md_text, show_problems

LARGE_MAP_HEIGHT = 760
NOT_OPENED = "This file was not opened; nothing has changed:"
CIRCLE_LABELS = {n: f"{n} {word}" for n, word in CIRCLES.items()}
AVAILABILITY = [f"{d}_{p}" for d in WEEKDAYS for p in DAY_PARTS]


def words(value: str) -> str:
    return value.replace("_", " ")


def page() -> None:
    ws = state.workspace()
    _open_from_link(ws)
    with st.sidebar:
        open_panel()
    if ws.map is None:
        welcome()
        return
    header(ws)
    show_problems(ws.problems)
    conversation.stage_notice(ws.map)
    if ws.notice:
        st.toast(ws.notice)
        ws.notice = ""
    shown, planned = suggestions.drawn(ws)
    if st.session_state.get("large-map"):
        # For showing the person across the table or on a projector: the map gets the width.
        map_view(shown, planned=planned, height=LARGE_MAP_HEIGHT)
        suggestions.preview_note(ws)
        findings(ws.map)
    else:
        left, right = st.columns([3, 2], gap="medium")
        with left:
            map_view(shown, planned=planned)
            suggestions.preview_note(ws)
        # The findings scroll beside the map, so the picture and what it shows stay in view together.
        with right, st.container(height=MAP_HEIGHT + 60, border=False):
            findings(ws.map)
    # Only the open tab is worked out and sent: a change redraws the map, the findings and the
    # tab in use, not every form, table and idea on the page.
    tabs = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun")
    for tab, show in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                show(ws)


#: The tabs under the map, each with what it shows (a function of the workspace).
TABS = {
    "Add someone": lambda ws: add_someone(ws.map),
    "Everyone": lambda ws: everyone_table(ws),
    "Who knows whom": lambda ws: who_knows_whom(ws.map),
    "The person": lambda ws: person_form(ws.map),
    "Their own answers": lambda ws: conversation.own_answers(ws.map),
    "Ideas and plan": lambda ws: suggestions.ideas(ws),
    "Keep and share": lambda ws: keep.keep_and_share(ws),
}
TAB_KEY = "map-tab"


# --- opening a map ----------------------------------------------------------------------------


def _open_from_link(ws: state.Workspace) -> None:
    """``/map?sample=edith-marsh-2025-03`` opens that sample, so a trainer can share a link."""
    stem = st.query_params.get("sample")
    if not stem:
        return
    del st.query_params["sample"]
    for person in state.samples():
        for path in person.files:
            if path.stem == stem:
                state.open_map(load_map(path), label=f"sample {stem}", sandbox=True, plan=plan_data(path))
                return
    ws.problems = [f"There is no sample called {stem!r}."]


def welcome() -> None:
    st.title("ecomap")
    st.markdown(
        "Draw a person's world with them: the people, groups, places, pets and services around them, "
        "how strong each tie is, and which way support flows. The map shows what is already working, "
        "where the person is isolated, and what could help.\n\n"
        "**Start a new map** or **open a saved one** in the side bar. To try it out first, open a "
        "sample person: samples are never saved unless you keep a copy."
    )


def open_panel() -> None:
    st.header("Open a map")
    saved, new, sample, upload = st.tabs(["Saved", "New", "Sample", "Import"])
    with saved:
        open_saved()
    with new:
        start_new()
    with sample:
        open_sample()
    with upload:
        import_file()


def open_saved() -> None:
    people = state.saved_people()
    if not people:
        st.caption("Nobody saved yet.")
        return
    labels = {p.person_id: f"{p.name} ({p.latest_map_date or 'draft'})" for p in people}
    chosen = st.selectbox("Person", list(labels), format_func=labels.get, key="open-saved")
    if st.button("Open", key="open-saved-button"):
        open_person(chosen)
        st.rerun()


def open_person(person_id: str) -> None:
    s = state.store()
    draft = s.draft(person_id)
    latest = s.latest_snapshot(person_id)
    chosen = draft if draft is not None else latest
    if chosen is None:
        st.error("That person has no saved map.")
        return
    state.open_map(chosen.map, label="saved", version=s.version(person_id), plan=chosen.plan)
    if draft is not None:
        state.workspace().notice = "Opened the autosaved working copy (not yet saved as a snapshot)."


def start_new() -> None:
    with st.form("new-person", clear_on_submit=True):
        name = st.text_input("Name or pseudonym")
        map_date = st.date_input("Date of the conversation", value=date.today(), format="YYYY-MM-DD")
        interests = st.text_input("Interests", placeholder="gardening; singing")
        gifts = st.text_input("Gifts: what they can offer others", placeholder="baking; listening")
        what_matters = st.text_input("What matters to them")
        access = st.multiselect(
            "Access needs",
            list(ACCESS_NEEDS),
            format_func=lambda k: ACCESS_NEEDS.get(k, k),
            accept_new_options=True,
        )
        place = st.text_input("Postcode")
        if st.form_submit_button("Start the map", type="primary"):
            try:
                m = edit.new_map(
                    name,
                    map_date,
                    interests=interests,
                    gifts=gifts,
                    what_matters=what_matters,
                    access_needs=access,
                    postcode=place,
                )
            except MapInvalid as error:
                show_problems([str(p) for p in error.problems])
                return
            state.open_map(state.with_free_person_id(m), label="new")
            st.rerun()


def open_sample() -> None:
    people = state.samples()
    options = {f"{p.person_id}|{f.name}": (p, f) for p in people for f in p.files}
    chosen = st.selectbox(
        "Sample person",
        list(options),
        format_func=lambda k: f"{options[k][0].name}, {options[k][1].stem[-7:]}",
        key="open-sample",
    )
    st.caption("A sample is a sandbox: changes are never saved unless you keep a copy.")
    if st.button("Open sample", key="open-sample-button"):
        person, path = options[chosen]
        state.open_map(load_map(path), label=f"sample {path.stem}", sandbox=True, plan=plan_data(path))
        st.rerun()


@st.cache_data(max_entries=4, show_spinner=False)
def _from_another_tool(name: str, data: bytes) -> ImportResult | None:
    return import_upload(name, data)


def import_file() -> None:
    upload = st.file_uploader(
        "A map file: ecomap .json, a .zip CSV bundle or .graphml; or from another tool, a Network "
        "Canvas export (.zip), egor's three tables (.zip), an easyNWK file (.json) or GraphML from "
        "Gephi or yEd",
        type=["json", "zip", "graphml"],
    )
    if upload is None:
        return
    data = upload.getvalue()
    try:
        imported = _from_another_tool(upload.name, data)
    except MapInvalid as error:
        show_problems([str(p) for p in error.problems], NOT_OPENED)
        return
    chosen = 0
    if imported is not None:
        if not imported.maps:
            show_problems([str(p) for p in imported.problems], NOT_OPENED)
            return
        labels = [f"{m.ego.name}, {m.ego.map_date:%d %B %Y}" for m in imported.maps]
        if len(labels) > 1:
            chosen = st.selectbox(
                f"{len(labels)} maps in this file: which one to open",
                range(len(labels)),
                index=len(labels) - 1,
                format_func=labels.__getitem__,
                key="import-which",
            )
        with st.expander("What the import chose, and what it left out"):
            sections = imported.report.sections()
            if imported.problems:
                sections.append(("Maps that could not be read:", [str(p) for p in imported.problems]))
            for heading, items in sections:
                st.markdown(f"**{heading}**\n\n" + "\n".join(f"- {md_text(item)}" for item in items))
    if st.button("Import", key="import-button"):
        try:
            if imported is not None:
                m = imported.maps[chosen]
            elif upload.name.lower().endswith(".zip"):
                m = read_bundle_bytes(data, file=upload.name)
            else:
                m = loads(data.decode("utf-8-sig"), file=upload.name)
        except MapInvalid as error:
            show_problems([str(p) for p in error.problems], NOT_OPENED)
            return
        except UnicodeDecodeError:
            show_problems([f"{upload.name}: is not UTF-8 text; save it as UTF-8 JSON"], NOT_OPENED)
            return
        state.open_map(state.with_free_person_id(m), label=f"imported {upload.name}")
        st.rerun()


# --- the header ------------------------------------------------------------------------------


def header(ws: state.Workspace) -> None:
    m = ws.map
    st.header(f"{md_text(m.ego.name)}'s ecomap", anchor=False)
    with st.container(horizontal=True, vertical_alignment="center"):
        badge = "Sample (sandbox, not saved)" if ws.sandbox else "Autosaved working copy"
        st.caption(f"{m.ego.map_date:%d %B %Y} · {badge} · {ws.label}", width="content")
        st.button("Undo", on_click=state.undo, disabled=not ws.undo, icon=":material/undo:")
        if ws.sandbox:
            st.button("Keep a copy", on_click=keep.keep_copy, icon=":material/bookmark_add:")
        else:
            st.button("Save snapshot", on_click=keep.save_snapshot, type="primary", icon=":material/save:")
        st.button("Close", on_click=state.close, icon=":material/close:")
        st.toggle("Large map", key="large-map", help="The map across the whole width, to show the person.")
    if ws.stale is not None:
        stale_choice(ws)


def stale_choice(ws: state.Workspace) -> None:
    st.warning(ws.stale)
    c1, c2 = st.columns(2)
    c1.button("Keep my changes as a new snapshot", on_click=keep.keep_stale_edit)
    c2.button("Reload the saved map (my changes stay in Undo)", on_click=keep.reload_saved)


# --- adding and editing ----------------------------------------------------------------------


def add_someone(m: EcoMap) -> None:
    """Name, sector, Add: three interactions; everything else has a sensible default."""
    with st.form("add-someone", clear_on_submit=True, border=False):
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.text_input("Name", placeholder="Ruth, the lunch club, Bess the dog...", key="add.name")
        c2.selectbox("Sector", SECTORS, index=SECTORS.index("friends"), format_func=words, key="add.sector")
        c3.selectbox("Kind", KINDS, format_func=words, key="add.kind")
        c4, c5, c6 = st.columns([3, 2, 2])
        c4.radio(
            "Circle", list(CIRCLES), index=1, horizontal=True, format_func=CIRCLE_LABELS.get, key="add.circle"
        )
        c5.selectbox("Tie", STRENGTHS, index=1, key="add.strength")
        c6.selectbox(
            "Contact",
            ["", *CONTACTS],  # "" is 'not recorded'; a None option would show as an empty choice
            format_func=lambda c: c or "not recorded",
            key="add.contact",
        )
        with st.expander("More (optional)"):
            d1, d2 = st.columns(2)
            d1.text_input("Role", placeholder="daughter, neighbour, GP...", key="add.role")
            d1.multiselect("Gives the person", SUPPORTS, format_func=words, key="add.support")
            d2.multiselect("The person gives them", SUPPORTS, format_func=words, key="add.gives")
            d3, d4, d5 = st.columns(3)
            d3.checkbox("Family (kin)", key="add.is_kin")
            d4.checkbox("Paid to help", key="add.is_paid")
            d5.selectbox("Stress", STRESSES, key="add.stress")
        st.form_submit_button("Add to the map", type="primary", on_click=_add_from_form)


def _form_values(prefix: str) -> dict:
    return {k.removeprefix(prefix): v for k, v in st.session_state.items() if k.startswith(prefix)}


def _add_from_form() -> None:
    fields = _form_values("add.")
    name, sector = fields.pop("name"), fields.pop("sector")
    # Family and household people are kin unless the coordinator says otherwise in the table.
    fields["is_kin"] = fields["is_kin"] or (sector in ("family", "household") and fields["kind"] == "person")
    state.change(edit.add_alter, name, sector, **fields)


TABLE_COLUMNS = [
    "name",
    "kind",
    "sector",
    "role",
    "circle",
    "strength",
    "stress",
    "contact",
    "last_contact",
    "support",
    "gives",
    "is_kin",
    "is_paid",
    "local",
    "offers",
    "notes",
    "under_18",
    "looked_after",
    "do_not_contact",
]


def alters_frame(m: EcoMap) -> pd.DataFrame:
    rows = [{c: getattr(a, c) for c in TABLE_COLUMNS} for a in m.alters]
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    frame["last_contact"] = pd.to_datetime(frame["last_contact"]).dt.date
    return frame


def everyone_table(ws: state.Workspace) -> None:
    m = ws.map
    key = f"alters-editor-{ws.revision}"
    st.caption("Edit any cell; add a row at the bottom; select rows and press Delete to remove people.")
    st.data_editor(
        alters_frame(m),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        on_change=_apply_table_edits,
        args=(key,),
        column_config={
            "name": st.column_config.TextColumn("Name", required=True),
            "kind": st.column_config.SelectboxColumn("Kind", options=KINDS, required=True, default="person"),
            "sector": st.column_config.SelectboxColumn("Sector", options=SECTORS, required=True),
            "role": st.column_config.TextColumn("Role"),
            "circle": st.column_config.SelectboxColumn("Circle", options=list(CIRCLES), default=3),
            "strength": st.column_config.SelectboxColumn("Tie", options=STRENGTHS, default="moderate"),
            "stress": st.column_config.SelectboxColumn("Stress", options=STRESSES, default="none"),
            "contact": st.column_config.SelectboxColumn("Contact", options=CONTACTS),
            "last_contact": st.column_config.DateColumn("Last contact", format="YYYY-MM-DD"),
            "support": st.column_config.MultiselectColumn("Gives the person", options=SUPPORTS),
            "gives": st.column_config.MultiselectColumn("The person gives", options=SUPPORTS),
            "is_kin": st.column_config.CheckboxColumn("Kin"),
            "is_paid": st.column_config.CheckboxColumn("Paid"),
            "local": st.column_config.CheckboxColumn("Local"),
            "offers": st.column_config.ListColumn("Could offer or introduce"),
            "notes": st.column_config.TextColumn("Notes"),
            "under_18": st.column_config.CheckboxColumn(
                "Under 18", help="A child: contact goes through a parent or carer"
            ),
            "looked_after": st.column_config.CheckboxColumn(
                "In care", help="A looked-after child: contact goes through their social worker"
            ),
            "do_not_contact": st.column_config.CheckboxColumn(
                "Do not contact", help="Never suggest contact; the reason, if any, in Notes"
            ),
        },
    )
    if m.alters:
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        names = {a.id: a.name for a in m.alters}
        gone = c1.selectbox("Remove someone", list(names), format_func=names.get, key="remove-who")
        c2.button("Remove", on_click=state.change, args=(edit.remove_alter, gone), key="remove-button")


def _apply_table_edits(key: str) -> None:
    delta = st.session_state[key]
    state.change(
        edit.apply_table_edits,
        {int(k): v for k, v in delta.get("edited_rows", {}).items()},
        delta.get("added_rows", []),
        delta.get("deleted_rows", []),
    )


def who_knows_whom(m: EcoMap) -> None:
    if len(m.alters) < 2:
        st.caption("Add at least two people to record who knows whom.")
        return
    names = {a.id: a.name for a in m.alters}
    with st.form("connect", clear_on_submit=True, border=False):
        st.multiselect(
            "These people know each other",
            list(names),
            format_func=names.get,
            help="Choose two or more: every pair among them is recorded (a family, a group's members).",
            key="tie.people",
        )
        st.selectbox("Stress between them", STRESSES, key="tie.stress")
        st.form_submit_button("Record", on_click=_connect_from_form)
    if m.ties:
        st.markdown("**Recorded**")
        for t in m.ties:
            c1, c2 = st.columns([5, 1], vertical_alignment="center")
            stress_words = "" if t.stress == "none" else f" ({t.stress} stress)"
            c1.text(f"{names[t.source]} – {names[t.target]}{stress_words}")
            c2.button(
                "Remove",
                key=f"untie-{t.source}-{t.target}",
                on_click=state.change,
                args=(edit.remove_tie, t.source, t.target),
            )


def _connect_from_form() -> None:
    fields = _form_values("tie.")
    state.change(edit.connect_all, fields["people"], fields["stress"])


def person_form(m: EcoMap) -> None:
    e = m.ego
    # Keys carry the map's revision so that undo or another change refreshes the form's values.
    k = f"person.{state.workspace().revision}."
    with st.form("person", border=False):
        c1, c2, c3 = st.columns(3)
        c1.text_input("Name or pseudonym", value=e.name, key=k + "name")
        c2.date_input("Map date", value=e.map_date, format="YYYY-MM-DD", key=k + "map_date")
        c3.number_input(
            "Year of birth",
            value=e.year_of_birth,
            min_value=1900,
            max_value=2100,
            step=1,
            key=k + "year_of_birth",
        )
        c1.text_input("Interests", value="; ".join(e.interests), key=k + "interests")
        c2.text_input("Gifts: what they can offer", value="; ".join(e.gifts), key=k + "gifts")
        c3.text_input("What matters to them", value="; ".join(e.what_matters), key=k + "what_matters")
        c1.multiselect(
            "Access needs",
            sorted(set(ACCESS_NEEDS) | set(e.access_needs)),
            default=e.access_needs,
            format_func=lambda n: ACCESS_NEEDS.get(n, n),
            accept_new_options=True,
            key=k + "access_needs",
        )
        c2.multiselect(
            "Free to meet", [*WEEKDAYS, *AVAILABILITY], default=e.availability, key=k + "availability"
        )
        c3.text_input("Postcode", value=e.postcode, key=k + "postcode")
        yes_no = [None, True, False]
        c1.selectbox(
            "Lives alone",
            yes_no,
            index=yes_no.index(e.lives_alone),
            format_func=_yes_no,
            key=k + "lives_alone",
        )
        c2.selectbox(
            "Has a partner",
            yes_no,
            index=yes_no.index(e.has_partner),
            format_func=_yes_no,
            key=k + "has_partner",
        )
        c3.text_input("Coordinator", value=e.coordinator, key=k + "coordinator")
        c1.text_input("Team", value=e.team, key=k + "team")
        c2.date_input("Consent recorded", value=e.consent_date, format="YYYY-MM-DD", key=k + "consent_date")
        genders = [None, *GENDERS]
        c3.selectbox(
            "Gender", genders, index=genders.index(e.gender), format_func=_not_recorded, key=k + "gender"
        )
        c1.text_input(
            "Languages (ISO codes, preferred first)",
            value="; ".join(e.languages),
            placeholder="ur; pa; en",
            key=k + "languages",
        )
        c2.selectbox(
            "Needs an interpreter",
            yes_no,
            index=yes_no.index(e.interpreter),
            format_func=_yes_no,
            key=k + "interpreter",
        )
        st.form_submit_button("Save the person's details", on_click=_update_person_from_form, args=(k,))
    conversation.conversation_record(m)


def _update_person_from_form(prefix: str) -> None:
    state.change(edit.update_person, **_form_values(prefix))


def _not_recorded(value: str | None) -> str:
    return words(value) if value else "not recorded"


def _yes_no(value: bool | None) -> str:
    return {None: "not recorded", True: "yes", False: "no"}[value]
