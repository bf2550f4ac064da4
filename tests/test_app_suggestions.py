"""Ideas, the connection plan and the Directory page, driven through Streamlit's AppTest against a
temporary store."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from ecomap import edit
from ecomap.directory import load_directory
from ecomap.plan import ConnectionPlan
from ecomap.samples import SAMPLES_DIR
from ecomap.suggest import suggestions_for
from ecomap.ui import state
from ecomap.ui.map_page import alters_frame
from ecomap.ui.views import md_text
from tests.apptest import APP, drawn_map, go_to, open_tab, start_app, texts

LIBRARY = "asset:home-library-volunteer"  # an idea for Edith: she enjoys reading
JOAN = "alter:friend-joan"  # a friend she has lost touch with


def open_sample(stem: str = "edith-marsh-2025-03") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["sample"] = stem
    open_tab(at, "Ideas and plan")
    assert not at.exception, at.exception
    return at


def workspace(at: AppTest) -> state.Workspace:
    return at.session_state["ecomap.workspace"]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def button_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def drawn(at: AppTest) -> str:
    """What the map shows: the interactive map's data and the map in words."""
    return json.dumps(drawn_map(at)) + "\n".join(t.value for t in at.text)


def plan_of(at: AppTest) -> list[tuple[str, str]]:
    return [(i.target.name, i.status) for i in workspace(at).plan.items]


def test_ideas_preview_accept_decline_and_undo(app_store):
    at = open_sample()
    shown = texts(at)
    assert "Ideas to talk through" in shown
    assert md_text("Joan Pryor (friend from the WI) was close to you") in shown
    assert md_text("If it came true: LSNS-6 estimate 5 -> 6") in shown

    click(at, f"idea-preview-{JOAN}")
    assert "Planned ties, not yet real: Joan Pryor." in drawn(at)
    assert "Previewing **Joan Pryor**" in texts(at)

    click(at, f"idea-accept-{LIBRARY}")
    assert plan_of(at) == [("Home Library Service volunteer", "suggested")]
    assert "plan-home-library-service-volunteer" in drawn(at)  # the planned tie, drawn dotted
    assert f"idea-accept-{LIBRARY}" not in button_keys(at)

    click(at, f"idea-decline-{JOAN}")
    assert plan_of(at) == [("Home Library Service volunteer", "suggested"), ("Joan Pryor", "declined")]
    assert f"idea-accept-{JOAN}" not in button_keys(at)  # never offered again
    assert "Previewing" not in texts(at)

    next(b for b in at.button if b.label == "Undo").click().run()
    assert plan_of(at) == [("Home Library Service volunteer", "suggested")]
    assert f"idea-accept-{JOAN}" in button_keys(at)


def test_the_plan_moves_on_and_a_tie_goes_on_the_map_for_real(app_store):
    at = click(open_sample(), f"idea-accept-{LIBRARY}")
    item_id = workspace(at).plan.items[0].id
    for status in ("agreed", "attending"):
        at.selectbox(key=f"plan-status-{item_id}").set_value(status)
        click(at, "plan-record")
    assert plan_of(at) == [("Home Library Service volunteer", "attending")]
    assert "it can go on the map as a real tie now" in texts(at)
    click(at, f"plan-real-{item_id}")
    added = workspace(at).map.alters[-1]
    assert (added.id, added.name, added.contact) == (
        "asset-home-library-volunteer",
        "Home Library Service volunteer",
        "weekly",
    )
    assert f"plan-real-{item_id}" not in button_keys(at)
    # Refused moves are said, and nothing changes.
    at.selectbox(key=f"plan-status-{item_id}").set_value("sustained")
    yesterday = date.today() - timedelta(days=1)
    at.date_input(key="plan-on").set_value(yesterday)
    click(at, "plan-record")
    assert md_text(f"a later change cannot be dated {yesterday.isoformat()}") in texts(at)
    assert plan_of(at) == [("Home Library Service volunteer", "attending")]


def test_the_plan_is_kept_with_snapshots_reopened_and_shown_in_history(app_store):
    at = open_sample()
    next(b for b in at.button if b.label == "Keep a copy").click().run()
    person_id = workspace(at).map.ego.id
    click(at, f"idea-accept-{LIBRARY}")
    assert len(ConnectionPlan.from_json(app_store.draft(person_id).plan).items) == 1  # autosaved with the map
    next(b for b in at.button if b.label == "Save snapshot").click().run()
    saved = ConnectionPlan.from_json(app_store.latest_snapshot(person_id).plan)
    assert [i.target.name for i in saved.items] == ["Home Library Service volunteer"]

    next(b for b in at.button if b.label == "Close").click().run()
    at.selectbox(key="open-saved").set_value(person_id)
    click(at, "open-saved-button")
    assert plan_of(at) == [("Home Library Service volunteer", "suggested")]

    item_id = workspace(at).plan.items[0].id
    at.selectbox(key=f"plan-status-{item_id}").set_value("agreed")
    click(at, "plan-record")
    next(b for b in at.button if b.label == "Save snapshot").click().run()
    go_to(at, "history")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "The connection plan" in shown
    assert md_text("followed up by Helen Ashworth") in shown  # the newest snapshot's plan
    # Compared with the first snapshot (kept before anything was planned), the item is new.
    assert md_text("Added to the plan: Home Library Service volunteer (agreed).") in shown


def test_directory_page_filters(app_store):
    at = start_app("directory")
    assert not at.exception, at.exception
    everything = at.dataframe[0].value
    assert len(everything) == 113  # the active assets of the sample directory
    at.text_input(key="dir.search").input("singing").run()
    names = at.dataframe[0].value["name"].tolist()
    assert "Brackford Community Choir" in names and len(names) < 10
    at.text_input(key="dir.search").input("").run()
    at.multiselect(key="dir.access").set_value(["step_free", "hearing_loop"]).run()
    at.selectbox(key="dir.day").set_value("wed_am").run()
    at.multiselect(key="dir.kind").set_value(["group"]).run()
    at.selectbox(key="dir.cost").set_value("free").run()
    frame = at.dataframe[0].value
    assert len(frame) > 0
    assert all("step_free" in a and "hearing_loop" in a for a in frame["accessibility"])
    assert set(frame["kind"]) == {"group"} and set(frame["cost"]) == {"free"}
    assert all("Wednesday" in w or "Mondays to" in w for w in frame["when"])
    at.checkbox(key="dir.homes").check().run()
    assert not at.exception, at.exception


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_a_bad_package_shows_every_problem_and_changes_nothing(app_store):
    at = start_app("directory")
    bad = zipped({"service.csv": b"id,name,status\nx1,,active\nx2,Thing,maybe\n"})
    at.file_uploader(key="dir.upload").set_value(("area.zip", bad, "application/zip")).run()
    click(at, "dir.use")
    message = at.error[0].value
    assert "This directory was not used" in message
    assert md_text("area.zip") in message and "row 2" in message and "field 'name'" in message
    assert "row 3" in message and "field 'status'" in message
    assert "sample Brackford directory" in texts(at)


def test_a_package_with_some_bad_records_is_used_without_them_and_says_what_was_left_out(app_store):
    at = start_app("directory")
    messy = zipped(
        {
            "service.csv": b"id,name,status\ngood,Lunch Club,active\nbad1,,active\nbad2,Choir,maybe\n"
            b"bad3,Chess,maybe\n"
        }
    )
    at.file_uploader(key="dir.upload").set_value(("area.zip", messy, "application/zip")).run()
    click(at, "dir.use")
    assert not at.error and md_text("area.zip (imported)") in texts(at)
    warning = at.warning[0].value
    assert "3 problem(s)" in warning
    # Most frequent kind first: two bad statuses, then one empty name.
    assert warning.index("2 × field 'status'") < warning.index("1 × field 'name'")
    assert "row 5" not in warning and "row 5" in at.expander[0].markdown[0].value
    assert "Lunch Club" in set(at.dataframe[0].value["name"])
    # Strict on request: the same package is refused whole.
    at.checkbox(key="dir.strict").check().run()
    click(at, "dir.use")
    assert "This directory was not used" in at.error[0].value


def test_an_imported_directory_is_used_for_ideas_until_the_sample_is_chosen_again(app_store):
    at = open_sample()
    go_to(at, "directory")
    package = zipped({p.name: p.read_bytes() for p in (SAMPLES_DIR / "directory").iterdir() if p.is_file()})
    at.file_uploader(key="dir.upload").set_value(("brackford.zip", package, "application/zip")).run()
    click(at, "dir.use")
    assert md_text("brackford.zip (imported)") in texts(at)
    go_to(at, "")  # the Map page
    assert md_text("from brackford.zip (imported)") in texts(at)
    assert f"idea-accept-{LIBRARY}" in button_keys(at)
    go_to(at, "directory")
    click(at, "dir.sample")
    assert "sample Brackford directory" in texts(at)


def test_import_opens_the_chosen_map_of_another_tools_file(app_store):
    at = start_app()
    record = {
        "versions": [
            {
                "id": n,
                "title": "",
                "date": f"2026-0{n}-10",
                "nwk": {
                    "ego": {"name": "Maud", "currentGender": "weiblich"},
                    "alteri": [{"id": 1, "name": f"Eva {n}", "angle": 45, "distance": 20, "edgeType": 1}],
                    "connections": [],
                },
            }
            for n in (1, 2)
        ],
        "currentVersion": 2,
    }
    upload = json.dumps(record).encode()
    at.sidebar.file_uploader[0].set_value(("maud.json", upload, "application/json")).run()
    at.selectbox(key="import-which").set_value(1).run()
    click(at, "import-button")
    assert not at.exception, at.exception
    m = workspace(at).map
    assert (m.ego.name, m.ego.map_date, [a.name for a in m.alters]) == ("Maud", date(2026, 2, 10), ["Eva 2"])
    assert m.alters[0].sector == "family" and m.alters[0].contact is None


def test_hostile_names_stay_text_in_ideas_and_the_plan(app_store):
    at = start_app()
    hostile = (SAMPLES_DIR / "testing" / "hostile-names.json").read_bytes()
    at.sidebar.file_uploader[0].set_value(("hostile.json", hostile, "application/json")).run()
    click(at, "import-button")
    open_tab(at, "Ideas and plan")
    ideas = [b.key for b in at.button if b.key and b.key.startswith("idea-accept-")]
    assert ideas
    for key in ideas[:4]:
        click(at, key)
    assert len(workspace(at).plan.items) == 4
    shown = [e.value for kind in ("markdown", "caption", "info") for e in at.get(kind)]
    assert any(md_text("</script><script>alert(2)</script>") in text for text in shown)
    assert not any(re.search(r"(?<!\\)<(script|img)", text) for text in shown)  # every < escaped


def test_the_person_records_gender_languages_and_safeguarding_and_the_ideas_follow(app_store):
    at = open_sample("stanislaw-nowak-2025-05")
    open_tab(at, "The person")
    ws = at.session_state["ecomap.workspace"]
    k = f"person.{ws.revision}."
    assert at.selectbox(key=k + "gender").value == "man"
    assert at.text_input(key=k + "languages").value == "pl"
    at.text_input(key=k + "languages").input("pl; en")
    at.selectbox(key=k + "interpreter").set_value(False)
    next(b for b in at.button if b.label == "Save the person's details").click().run()
    ego = at.session_state["ecomap.workspace"].map.ego
    assert ego.languages == ["pl", "en"] and ego.interpreter is False and ego.gender == "man"
    # The safeguarding columns are in the table of everyone, as recorded.
    frame = alters_frame(at.session_state["ecomap.workspace"].map).set_index("name")
    assert frame.loc["Zofia Kowalczyk", "under_18"] is True
    assert frame.loc["Zofia Kowalczyk", "do_not_contact"] is None


def test_ideas_show_the_next_step_near_misses_and_the_crisis_note(app_store):
    at = open_sample("derek-hollis-2025-06")
    shown = texts(at)
    assert md_text("Next step: Ring 01632 960592 to ask about the next session.") in shown
    assert md_text("Phone 01632 960592") in shown
    assert any(e.label.startswith("Nearly, but not quite") for e in at.expander)
    misses = suggestions_for(workspace(at).map, load_directory(SAMPLES_DIR / "directory"), top=8).near_misses
    assert misses and all("- " + md_text(miss) in shown for miss in misses)
    ws = at.session_state["ecomap.workspace"]
    ws.map = ws.map.model_copy(update={"ego": ws.map.ego.model_copy(update={"stage": "crisis"})})
    at.run()
    assert md_text("In a crisis: ideas for the longer term") in texts(at)


def test_an_idea_that_came_true_on_the_map_is_offered_as_achieved(app_store):
    at = open_sample()
    click(at, f"idea-accept-{JOAN}")
    item = workspace(at).plan.items[0]
    assert "Planned ties, not yet real: Joan Pryor." in drawn(at)
    assert f"plan-achieved-{item.id}" not in button_keys(at)
    # Joan is back in touch: recorded on the map by hand, weekly rather than the planned monthly.
    ws = workspace(at)
    ws.map = edit.update_alter(ws.map, "friend-joan", contact="weekly", last_contact=None)
    at.run()
    assert "Planned ties, not yet real" not in drawn(at)  # no dotted line over the real one
    assert "**Joan Pryor** is on the map now: the idea came true." in texts(at)
    click(at, f"plan-achieved-{item.id}")
    assert plan_of(at) == [("Joan Pryor", "attending")]
