"""History, Learn and About, driven through AppTest against a temporary store."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ecomap.edit import add_alter, new_map, update_alter
from ecomap.samples import sample_people
from tests.apptest import start_app, texts


@pytest.fixture
def two_snapshots(app_store):
    first = add_alter(
        new_map("Maud Okafor", date(2026, 1, 10)), "Ruth", "family", circle=3, strength="tenuous"
    )
    app_store.save_snapshot(first, note="first conversation")
    second = update_alter(first, "ruth", circle=1, strength="strong")
    second = add_alter(second, "Brackford Men's Shed", "community", kind="group", contact="weekly")
    app_store.save_snapshot(
        second.model_copy(update={"ego": second.ego.model_copy(update={"map_date": date(2026, 7, 1)})})
    )
    return first.ego.id


def test_history_without_snapshots_explains_itself(app_store):
    at = start_app("history")
    assert not at.exception and "Nothing saved yet" in texts(at)


def test_history_lists_opens_and_compares_snapshots(two_snapshots):
    at = start_app("history")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["map date"].astype(str)) == ["2026-07-01", "2026-01-10"]
    assert list(table["note"]) == ["", "first conversation"]
    # The compare tab: oldest before, newest after, changes in words and measures.
    shown = texts(at)
    assert "New: Brackford Men's Shed (weekly)." in shown.replace("\\", "")
    assert "Ruth moved closer" in shown.replace("\\", "")
    assert len(at.get("iframe")) == 1  # the opened snapshot
    # The two compared are drawn side by side: what is new outlined on the later one.
    maps = [c.proto for c in at.get("bidi_component") if c.proto.component_name == "ecomap_touch_map"]
    before, after = (json.loads(m.json) for m in maps)
    assert before["mode"] == after["mode"] == "still"  # to look at: no gesture changes them
    shed = next(n for n in after["nodes"] if n["label"].startswith("Brackford Men's"))
    ruth = next(n for n in after["nodes"] if n["label"] == "Ruth")
    assert shed["borderWidth"] == 4.5 and ruth["borderWidth"] != 4.5
    assert shown.index("What changed") < shown.index("Key:")  # what changed comes first


def test_history_opens_a_snapshot_for_work_on_the_map_page(two_snapshots):
    at = start_app("history")
    at.button(key="history-work").click().run()
    ws = at.session_state["ecomap.workspace"]
    assert ws.map.ego.id == two_snapshots and ws.version == 2


def test_learn_opens_samples_as_sandboxes_and_never_writes(app_store):
    at = start_app("learn")
    assert not at.exception, at.exception
    before_after = next(p for p in sample_people() if p.has_before_after)
    at.selectbox(key="learn-person").set_value(before_after.person_id).run()
    shown = texts(at)
    assert before_after.story.split("\n")[0][:40] in shown.replace("\\", "")
    assert "What changed" in shown and "Before" in shown
    # The guided what-if reports what taking someone away would do.
    assert "LSNS-6 estimate" in shown
    at.button(key="learn-open").click().run()
    ws = at.session_state["ecomap.workspace"]
    assert ws.sandbox and ws.map.ego.id == before_after.person_id
    assert app_store.people() == []


def test_learn_s_what_if_agrees_with_the_map_page(app_store):
    # Susan Blake is the one person Edith could confide in: both pages must say so.
    at = start_app("learn")
    edith = next(p for p in sample_people() if p.person_id == "p-edith-marsh")
    at.selectbox(key="learn-person").set_value(edith.person_id).run()
    at.selectbox(key="learn-what-if").set_value("daughter-susan").run()
    shown = texts(at).replace("\\", "")
    assert not at.exception, at.exception
    assert "If Susan Blake moved away: no one left to talk to" in shown
    assert "No new concerns" not in shown and "the rest of the network would hold" not in shown


def test_learn_handles_the_empty_map(app_store):
    at = start_app("learn")
    empty = next(p for p in sample_people() if not p.maps()[-1].alters)
    at.selectbox(key="learn-person").set_value(empty.person_id).run()
    assert not at.exception and "Nobody on this map yet" in texts(at)


def test_about_explains_notation_measures_and_privacy(app_store):
    at = start_app("about")
    shown = texts(at)
    assert not at.exception
    for words in ("LSNS-6", "lsns_at_risk", "Nothing leaves the machine", "tenuous"):
        assert words in shown, words


def test_history_shows_bands_in_words_never_codes(two_snapshots):
    """The snapshot table and the compared measures read the band as the Map page does. Neither
    map records what Ruth gives Maud, so both bands are unknown: "Not enough recorded yet"."""
    at = start_app("history")
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["band"]) == ["Not enough recorded yet"] * 2
    measures = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    compared = measures[measures["measure"] == "Band"].iloc[0]
    assert [compared["Before"], compared["After"]] == ["Not enough recorded yet"] * 2
