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
from ecomap.ui import conversation, keep, map_component, state, suggestions
from ecomap.ui.views import (
    assessment_of,
    findings,
    key_of,
    map_text_view,
    map_view,
    md_text,
    own_answers,
    resilience_of,
    show_problems,
    what_if_losses,
)

#: The interactive map's height beside the quick add and the findings: with the header above,
#: the map and the "Add someone" box fit a 1366 x 768 laptop screen without scrolling.
TOUCH_MAP_HEIGHT = 520
PERSON_VIEW_HEIGHT = 680
PERSON_VIEW = "person-view"
NOT_OPENED = "This file was not opened; nothing has changed:"
CIRCLE_LABELS = {n: f"{n} {word}" for n, word in CIRCLES.items()}
AVAILABILITY = [f"{d}_{p}" for d in WEEKDAYS for p in DAY_PARTS]


def words(value: str) -> str:
    return value.replace("_", " ")


def page() -> None:
    ws = state.workspace()
    _open_from_link(ws)
    map_component.fit_narrow_screen()
    with st.sidebar:
        open_panel()
    if ws.notice:
        # Before the empty page too: "Erased N records" shows where it happened.
        st.toast(ws.notice)
        ws.notice = ""
    if ws.map is None:
        welcome()
        return
    if st.session_state.get(PERSON_VIEW):
        person_view(ws)
        return
    header(ws)
    show_problems(ws.problems)
    conversation.stage_notice(ws.map)
    show_cautions(ws.map)
    shown, planned = suggestions.drawn(ws)
    st.html(map_component.STACK_CSS)
    with st.container(key="map-and-panel"):
        left, right = st.columns([3, 2], gap="medium")
    with left:
        drawn_map(shown, planned)
        suggestions.preview_note(ws)
    with right:
        quick_add()
        selected = st.session_state.get(map_component.SELECTED)
        if selected in {a.id for a in ws.map.alters}:
            alter_editor(ws, selected)
        else:
            # The findings scroll beside the map, so the picture and what it shows stay in view.
            with st.container(height=TOUCH_MAP_HEIGHT - 40, border=False):
                findings_or_start(ws.map)
    # Only the open tab is worked out and sent: a change redraws the map, the findings and the
    # tab in use, not every form, table and idea on the page.
    tabs = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun")
    for tab, show in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                show(ws)


#: The tabs under the map, each with what it shows (a function of the workspace).
TABS = {
    "Add with details": lambda ws: add_someone(ws.map),
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
        "where the person is isolated, and what could help."
    )
    st.subheader("Start a new map", anchor=False)
    start_new()
    st.caption(
        "Or **open a saved map**, a sample or a file in the side bar (the arrow at the top left). "
        "Samples are fictional people for trying things out: never saved unless you keep a copy."
    )


def open_panel() -> None:
    st.header("Open a map")
    saved, sample, upload = st.tabs(["Saved", "Sample", "Import"])
    with saved:
        open_saved()
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
    """The new-map form; a missing or bad field is shown under that field, nothing typed is lost."""
    with st.form("new-person", border=False):
        c1, c2 = st.columns(2)
        c1.text_input("Name or pseudonym", key="new.name")
        field_problem("new", "name")
        c2.date_input("Date of the conversation", value=date.today(), format="YYYY-MM-DD", key="new.map_date")
        field_problem("new", "map_date")
        c1.text_input("Interests", placeholder="gardening; singing", key="new.interests")
        c2.text_input("Gifts: what they can offer others", placeholder="baking; listening", key="new.gifts")
        c1.text_input("What matters to them", key="new.what_matters")
        c2.multiselect(
            "Access needs",
            list(ACCESS_NEEDS),
            format_func=lambda k: ACCESS_NEEDS.get(k, k),
            accept_new_options=True,
            key="new.access_needs",
        )
        c1.text_input("Postcode", key="new.postcode")
        field_problem("new", "postcode")
        st.form_submit_button("Start the map", type="primary", on_click=_start_from_form)


def _start_from_form() -> None:
    fields = _form_values("new.")
    try:
        m = edit.new_map(fields.pop("name"), fields.pop("map_date"), **fields)
    except MapInvalid as error:
        _remember_field_problems("new", error)
        return
    _remember_field_problems("new", None)
    for key in [k for k in st.session_state if str(k).startswith("new.")]:
        del st.session_state[key]
    state.open_map(state.with_free_person_id(m), label="new")


# --- problems shown next to their field ---------------------------------------------------------

_FIELD_PROBLEMS = "field-problems"


def _remember_field_problems(form: str, error: MapInvalid | None) -> None:
    """Keep the problems of a refused form by field, to show each under its field."""
    found = {} if error is None else {p.field or "": p.message for p in error.problems}
    st.session_state.setdefault(_FIELD_PROBLEMS, {})[form] = found


def field_problem(form: str, field: str) -> None:
    message = st.session_state.get(_FIELD_PROBLEMS, {}).get(form, {}).get(field)
    if message:
        st.error(f"{words(field).capitalize()}: {md_text(message)}", icon=":material/error:")


def show_cautions(m: EcoMap) -> None:
    """Warnings, not refusals: things that may be true but deserve a second look."""
    said = edit.cautions(m)
    if said:
        st.warning("\n".join(f"- {md_text(c)}" for c in said), icon=":material/info:")


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
        m = state.with_free_person_id(m)
        state.store().record("import", m.ego.id, upload.name.rsplit(".", 1)[-1].lower())
        state.open_map(m, label=f"imported {upload.name}")
        st.rerun()


# --- the header ------------------------------------------------------------------------------


def header(ws: state.Workspace) -> None:
    m = ws.map
    st.header(f"{md_text(m.ego.name)}'s ecomap", anchor=False)
    with st.container(horizontal=True, vertical_alignment="center"):
        if ws.sandbox:
            badge = "Sample: a sandbox, never saved"
        elif ws.version is not None:
            badge = "Saved · changes autosaved"
        else:
            badge = "Not saved as a snapshot yet · changes autosaved"
        st.caption(f"{m.ego.map_date:%d %B %Y} · {badge}", width="content")
        st.button("Undo", on_click=state.undo, disabled=not ws.undo, icon=":material/undo:")
        if ws.sandbox:
            st.button("Keep a copy", on_click=keep.keep_copy, icon=":material/bookmark_add:")
        else:
            st.button("Save snapshot", on_click=keep.save_snapshot, type="primary", icon=":material/save:")
        st.button(
            "Show the person",
            on_click=_person_view,
            args=(True,),
            icon=":material/fullscreen:",
            help="The map and what is working, large, to show the person across the table.",
        )
        st.button("Close", on_click=state.close, icon=":material/close:")
    if ws.stale is not None:
        stale_choice(ws)


def _person_view(on: bool) -> None:
    st.session_state[PERSON_VIEW] = on


def stale_choice(ws: state.Workspace) -> None:
    st.warning(ws.stale)
    c1, c2 = st.columns(2)
    c1.button("Keep my changes as a new snapshot", on_click=keep.keep_stale_edit)
    c2.button("Reload the saved map (my changes stay in Undo)", on_click=keep.reload_saved)


# --- the map beside the quick add, the editor and the findings -----------------------------------

MODES = {"move": "Move people", "connect": "Connect people"}


def drawn_map(shown: EcoMap, planned: set[str]) -> None:
    """The map to touch: drag someone to another ring or sector, tap them to edit, or connect two
    people; the tables and forms below do all the same from the keyboard."""
    if not map_component.available():
        map_view(shown, planned=planned)
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.segmented_control(
            "What a touch on the map does",
            list(MODES),
            format_func=MODES.get,
            default="move",
            key=map_component.MODE,
            label_visibility="collapsed",
        )
        st.caption(
            "Drag someone to another ring or sector; tap them to change their tie."
            if st.session_state.get(map_component.MODE) != "connect"
            else "Tap one person, then someone they know.",
            width="content",
        )
    map_component.touch_map(shown, planned=planned, height=TOUCH_MAP_HEIGHT)
    map_text_view(shown, planned)


def quick_add() -> None:
    """Name, sector, Enter: the person goes on the ring their sector suggests (see
    :func:`ecomap.edit.sector_defaults`); drag them elsewhere, or tap them to say more."""
    with st.form("quick-add", border=False, enter_to_submit=True):
        c1, c2, c3 = st.columns([5, 3, 2], vertical_alignment="bottom")
        c1.text_input("Add someone", placeholder="A name, then Enter", key="quick.name")
        c2.selectbox("Sector", SECTORS, index=SECTORS.index("friends"), format_func=words, key="quick.sector")
        c3.form_submit_button("Add", type="primary", on_click=_quick_add_from_form, width="stretch")
    field_problem("quick", "name")


def _quick_add_from_form() -> None:
    name, sector = st.session_state["quick.name"], st.session_state["quick.sector"]
    try:
        edit.quick_add(state.workspace().map, name, sector)
    except MapInvalid as error:
        _remember_field_problems("quick", error)
        return
    _remember_field_problems("quick", None)
    if state.change(edit.quick_add, name, sector):
        st.session_state["quick.name"] = ""
        circle = edit.sector_defaults(sector)["circle"]
        state.workspace().notice = f"Added {name} to {words(sector)}, circle {CIRCLE_LABELS[circle]}."


YES_NO = [None, True, False]
SUPPORT_ANSWERS = [*SUPPORTS, "none"]


def alter_editor(ws: state.Workspace, alter_id: str) -> None:
    """The tie to one person, opened by a tap on the map; Close goes back to the findings."""
    a = ws.map.alter(alter_id)
    k = f"editor.{ws.revision}.{alter_id}."
    with st.container(border=True, key="alter-editor"):
        top = st.container(horizontal=True, vertical_alignment="center")
        top.markdown(f"**{md_text(a.name)}** · {words(a.sector)} · circle {CIRCLE_LABELS[a.circle]}")
        top.button("Close", key="editor-close", on_click=_close_editor, icon=":material/close:")
        with st.form(f"alter-editor-{alter_id}", border=False):
            c1, c2, c3 = st.columns(3)
            c1.selectbox("Tie", STRENGTHS, index=STRENGTHS.index(a.strength), key=k + "strength")
            c2.selectbox("Stress", STRESSES, index=STRESSES.index(a.stress), key=k + "stress")
            contacts = ["", *CONTACTS]
            c3.selectbox(
                "Contact",
                contacts,
                index=contacts.index(a.contact or ""),
                format_func=lambda c: c or "not recorded",
                key=k + "contact",
            )
            c1.date_input("Last contact", value=a.last_contact, format="YYYY-MM-DD", key=k + "last_contact")
            asked = ((c2, "Could confide in them", "confide"), (c3, "Could call on them", "call_on"))
            for column, label, field in asked:
                value = getattr(a, field)
                column.selectbox(label, YES_NO, index=YES_NO.index(value), format_func=_yes_no, key=k + field)
            st.multiselect(
                "Gives the person", SUPPORT_ANSWERS, default=a.support, format_func=words, key=k + "support"
            )
            st.multiselect(
                "The person gives them", SUPPORT_ANSWERS, default=a.gives, format_func=words, key=k + "gives"
            )
            st.text_area("Notes", value=a.notes, height=68, key=k + "notes")
            field_problem("editor", "")
            st.form_submit_button("Save", type="primary", on_click=_save_editor, args=(k, alter_id))


def _save_editor(prefix: str, alter_id: str) -> None:
    fields = _form_values(prefix)
    fields["contact"] = fields["contact"] or None
    if state.change(edit.update_alter, alter_id, **fields):
        _close_editor()


def _close_editor() -> None:
    st.session_state.pop(map_component.SELECTED, None)


def findings_or_start(m: EcoMap) -> None:
    """An empty map asks for who is closest; a band then would be a verdict on nothing."""
    if m.alters:
        findings(m, with_resilience=False)
        # Worked out on request: on a large map it takes longer than the rest of a redraw.
        if st.toggle("If someone were no longer there", key="what-if"):
            items = resilience_of(key_of(m))
            if items:
                what_if_losses(items)
            else:
                st.caption("Nothing to show from this map yet.")
        return
    st.markdown("#### Start with who is closest")
    st.markdown(
        "Ask who they see most, who they would call first, who lives with them. Type a name in "
        "**Add someone** and press Enter; then drag them to the ring that feels right, or tap them "
        "to say how strong the tie is."
    )
    own_answers(assessment_of(key_of(m)))


# --- showing the person ------------------------------------------------------------------------

_PERSON_VIEW_CSS = """<style>
.st-key-person-view p, .st-key-person-view li { font-size: 1.6rem; line-height: 1.35; }
.st-key-person-view h2 { font-size: 2.4rem; }
</style>"""


def person_view(ws: state.Workspace) -> None:
    """For the person across the table or on a projector: their map and what is working, in
    large type; no band, score or flag. One click back."""
    st.html(_PERSON_VIEW_CSS)
    with st.container(key="person-view"):
        top = st.container(horizontal=True, vertical_alignment="center")
        top.header(f"{md_text(ws.map.ego.name)}'s world", anchor=False, width="content")
        top.button("Back to the map", on_click=_person_view, args=(False,), icon=":material/arrow_back:")
        if map_component.available():
            map_component.touch_map(ws.map, height=PERSON_VIEW_HEIGHT, large=True, key="touch-map-large")
        else:
            map_view(ws.map, height=PERSON_VIEW_HEIGHT)
        st.markdown("## What is working")
        strengths = assessment_of(key_of(ws.map)).strengths
        if strengths:
            st.markdown("\n".join(f"- {md_text(s.sentence)}" for s in strengths))
        else:
            st.markdown("Let's find out together who is around you.")


# --- adding and editing ----------------------------------------------------------------------


def add_someone(m: EcoMap) -> None:
    """Name, sector, Add: three interactions; everything else has a sensible default."""
    with st.form("add-someone", border=False):
        c1, c2, c3 = st.columns([3, 2, 2])
        c1.text_input("Name", placeholder="Ruth, the lunch club, Bess the dog...", key="add.name")
        with c1:
            field_problem("add", "name")
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
    fields["is_paid"] = fields["is_paid"] or sector in edit.PAID_SECTORS
    try:
        edit.add_alter(state.workspace().map, name, sector, **fields)
    except MapInvalid as error:
        _remember_field_problems("add", error)
        return
    _remember_field_problems("add", None)
    if state.change(edit.add_alter, name, sector, **fields):
        st.session_state["add.name"] = ""
        st.session_state["add.role"] = ""


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
