"""The Map page's main flows, driven through Streamlit's AppTest against a temporary store."""

from __future__ import annotations

import re

from tests.apptest import drawn_labels, drawn_map, open_tab, start_app, texts


def new_person(at, name="Maud Okafor"):
    at.text_input(key="new.name").input(name)
    next(b for b in at.button if b.label == "Start the map").click().run()
    assert not at.exception, at.exception
    return at


def add(at, name, sector="friends", circle=2):
    open_tab(at, "Add with details")
    at.text_input(key="add.name").input(name)
    at.selectbox(key="add.sector").set_value(sector)
    at.radio(key="add.circle").set_value(circle)
    next(b for b in at.button if b.label == "Add to the map").click().run()
    assert not at.exception, at.exception
    return at


def workspace(at):
    return at.session_state["ecomap.workspace"]


def test_the_first_page_invites_a_new_map_or_a_sample(app_store):
    at = start_app()
    assert not at.exception
    assert "Start a new map" in texts(at)


def test_new_person_add_remove_undo_and_save(app_store):
    at = new_person(start_app())
    assert "Maud Okafor's ecomap" in texts(at)
    add(at, "Ruth", "family", circle=1)
    add(at, "Bisi Adeyemi", "neighbours")
    ws = workspace(at)
    assert [(a.name, a.sector, a.circle, a.is_kin) for a in ws.map.alters] == [
        ("Ruth", "family", 1, True),
        ("Bisi Adeyemi", "neighbours", 2, False),
    ]
    # The map redraws after every change: the drawn map names the new person.
    assert "Bisi Adeyemi" in drawn_labels(at)
    # Autosaved as a working copy before any explicit save.
    assert [a.name for a in app_store.draft(ws.map.ego.id).map.alters] == ["Ruth", "Bisi Adeyemi"]

    open_tab(at, "Everyone")
    at.selectbox(key="remove-who").set_value("ruth")
    at.button(key="remove-button").click().run()
    assert [a.name for a in workspace(at).map.alters] == ["Bisi Adeyemi"]
    next(b for b in at.button if b.label == "Undo").click().run()
    assert [a.name for a in workspace(at).map.alters] == ["Ruth", "Bisi Adeyemi"]

    next(b for b in at.button if b.label == "Save snapshot").click().run()
    (info,) = app_store.snapshots(ws.map.ego.id)
    assert info.summary["size"] == 2
    assert app_store.draft(ws.map.ego.id) is None


def test_bad_input_shows_a_clear_message_and_loses_nothing(app_store):
    at = new_person(start_app())
    add(at, "Ruth", "family")
    open_tab(at, "Add with details")
    at.text_input(key="add.name").input("   ")  # an empty name
    at.text_input(key="add.role").input("an old friend")
    next(b for b in at.button if b.label == "Add to the map").click().run()
    # The problem is said under the name field, and the rest of what was typed is kept.
    assert "Name: is empty; this field is required" in texts(at)
    assert at.text_input(key="add.role").value == "an old friend"
    assert [a.name for a in workspace(at).map.alters] == ["Ruth"]


def test_an_empty_name_cannot_start_a_map_and_nothing_typed_is_lost(app_store):
    at = start_app()
    at.text_input(key="new.interests").input("gardening; singing")
    at = new_person(at, name="")
    assert "Name: is empty; this field is required" in texts(at) and workspace(at).map is None
    assert at.text_input(key="new.interests").value == "gardening; singing"


def test_who_knows_whom_is_recorded_and_removed(app_store):
    at = new_person(start_app())
    for name in ("Ruth", "Sam", "Ade"):
        add(at, name, "family")
    open_tab(at, "Who knows whom")
    at.multiselect(key="tie.people").set_value(["ruth", "sam", "ade"])
    next(b for b in at.button if b.label == "Record").click().run()
    assert len(workspace(at).map.ties) == 3
    at.button(key="untie-ruth-sam").click().run()
    assert len(workspace(at).map.ties) == 2


def test_the_person_and_their_own_answers_are_kept_apart_from_the_estimate(app_store):
    at = add(new_person(start_app()), "Ruth", "family")
    ws = workspace(open_tab(at, "Their own answers"))
    k = f"answers.{ws.revision}."
    for item in ("ucla3_1", "ucla3_2", "ucla3_3"):
        at.radio(key=k + item).set_value(3)
    at.radio(key=k + "ons_lonely").set_value(4)
    next(b for b in at.button if b.label == "Record their answers").click().run()
    shown = texts(at)
    assert "UCLA-3 loneliness score 9 of 9" in shown and "ONS question: some of the time" in shown
    assert "Estimated from the map (not the person's own answers)" in shown

    open_tab(at, "The person")
    k = f"person.{workspace(at).revision}."
    at.text_input(key=k + "gifts").input("baking; listening")
    next(b for b in at.button if b.label == "Save the person's details").click().run()
    assert workspace(at).map.ego.gifts == ["baking", "listening"]


def test_reopen_a_saved_person_and_erase_them(app_store):
    at = new_person(start_app())
    add(at, "Ruth", "family")
    next(b for b in at.button if b.label == "Save snapshot").click().run()
    person_id = workspace(at).map.ego.id

    at = start_app()  # a new browser session
    at.sidebar.selectbox(key="open-saved").set_value(person_id)
    at.sidebar.button(key="open-saved-button").click().run()
    assert [a.name for a in workspace(at).map.alters] == ["Ruth"]

    open_tab(at, "Keep and share")
    at.text_input(key="erase-confirm").input("Maud Okafor").run()
    next(b for b in at.button if b.label == "Erase everything about this person").click().run()
    assert app_store.people() == [] and workspace(at).map is None


def test_a_sample_is_a_sandbox_until_a_copy_is_kept(app_store):
    at = start_app()
    at.sidebar.selectbox(key="open-sample").set_value(at.sidebar.selectbox(key="open-sample").options[0])
    at.sidebar.button(key="open-sample-button").click().run()
    assert "Sample: a sandbox, never saved" in texts(at)
    add(at, "Someone new")
    assert app_store.people() == []  # nothing autosaved from a sandbox
    next(b for b in at.button if b.label == "Keep a copy").click().run()
    (person,) = app_store.people()
    assert person.snapshot_count == 1 and not workspace(at).sandbox


def test_a_shared_link_opens_a_sample(app_store):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["sample"] = "frank-dyer-2025-10"
    at.run()
    assert "Frank Dyer's ecomap" in texts(at)


def test_downloads_are_offered_for_every_format(app_store):
    at = open_tab(new_person(start_app()), "Keep and share")
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 7 and "Summary (PDF), for the team" in labels


def test_hostile_names_are_shown_as_text(app_store):
    at = new_person(start_app(), name="<img src=x onerror=alert(1)>")
    add(at, "</script><script>alert(2)</script>")
    # Markdown shows the names escaped, never as HTML; the map's HTML carries them as data.
    # Markdown (and widget labels, which are Markdown too) must carry every "<" escaped.
    shown = [e.value for e in [*at.markdown, *at.caption, *at.header]] + [e.label for e in at.text_input]
    for text in shown:
        assert not re.search(r"(?<!\\)<(img|/?script)", text), text
    # The interactive map gets them as JSON strings, drawn as canvas text in the browser.
    assert "</script><script>…" in drawn_labels(at)  # cut to a line, as typed


def test_show_the_person_has_the_map_and_what_is_working_but_no_band(app_store):
    at = new_person(start_app())
    add(at, "Ruth", "family", circle=1)
    assert "Not enough recorded yet" in texts(at)  # the band, for the coordinator (contact not asked)
    next(b for b in at.button if b.label == "Show the person").click().run()
    shown = texts(at)
    assert "Maud Okafor's world" in shown and "What is working" in shown
    assert "risk" not in shown and "LSNS" not in shown and "What the map shows" not in shown
    assert "Not enough recorded" not in shown and "Worth asking" not in shown
    assert drawn_map(at)["minScale"] >= 16 / 14  # labels of 16 px and more
    next(b for b in at.button if b.label == "Back to the map").click().run()
    assert "Maud Okafor's ecomap" in texts(at)


def test_an_empty_map_asks_who_is_closest_not_a_risk_band(app_store):
    at = new_person(start_app())
    shown = texts(at)
    assert "Start with who is closest" in shown and "risk of isolation" not in shown


def test_quick_add_beside_the_map_puts_them_on_their_sectors_ring(app_store):
    at = new_person(start_app())
    for name, sector in (("Ruth", "family"), ("Home care team", "social_care")):
        at.text_input(key="quick.name").input(name)
        at.selectbox(key="quick.sector").set_value(sector)
        next(b for b in at.button if b.label == "Add").click().run()
    ruth, care = workspace(at).map.alters
    assert (ruth.circle, ruth.is_kin, ruth.is_paid) == (2, True, False)
    # A social-care service is paid support, in the circle of exchange.
    assert (care.kind, care.circle, care.is_paid) == ("service", 4, True)
    assert at.text_input(key="quick.name").value == ""
    at.text_input(key="quick.name").input("   ")
    next(b for b in at.button if b.label == "Add").click().run()
    assert "Name: is empty; this field is required" in texts(at) and len(workspace(at).map.alters) == 2


def test_the_findings_ask_gently_about_what_is_not_recorded(app_store):
    at = add(new_person(start_app()), "Ruth", "family", circle=1)
    shown = texts(at).replace("\\", "")
    # Ruth is close, but how often they are in touch was not asked: a question, not a finding.
    assert "Worth asking" in shown
    assert "Ruth is close to Maud, but contact is not recorded: how often are they in touch?" in shown
    assert "No one unpaid is recorded in your closest circles" not in shown
    assert "Not enough recorded yet" in shown
