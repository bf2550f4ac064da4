"""The conversation record and the person's own answers in the app (AppTest): recorded on the Map
page, kept with every snapshot, charted on the History page, averaged on the Review page, and the
person's copy offered for download."""

from __future__ import annotations

import pytest
import streamlit as st

from ecomap.formats import load_map
from ecomap.plan import ConnectionPlan
from ecomap.samples import SAMPLES_DIR, plan_data
from ecomap.ui.views import md_text
from tests.apptest import open_tab, start_app, texts
from tests.test_app_map import add, new_person, workspace

RAY = SAMPLES_DIR / "ray-pollard-2025-03.json", SAMPLES_DIR / "ray-pollard-2025-10.json"


def press(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def test_the_conversation_record_is_kept_in_their_words_and_a_crisis_says_so(app_store):
    at = new_person(start_app())
    open_tab(at, "The person")
    k = f"conversation.{workspace(at).revision}."
    at.text_area(key=k + "good_life").input('"Out of the house, and a laugh with someone."')
    at.selectbox(key=k + "stage").set_value("crisis")
    at.text_input(key=k + "present").input("Maud; Ruth (daughter)")
    at.selectbox(key=k + "sharing").set_value("partners")
    at.text_input(key=k + "sharing_partners").input("GP practice")
    press(at, "Save the conversation record")
    e = workspace(at).map.ego
    assert e.good_life == '"Out of the house, and a laugh with someone."'
    assert (e.stage, e.present, e.sharing, e.sharing_partners) == (
        "crisis",
        ["Maud", "Ruth (daughter)"],
        "partners",
        ["GP practice"],
    )
    assert "Crisis conversation" in "\n".join(w.value for w in at.warning)
    press(at, "Save snapshot")
    assert app_store.latest(e.id).ego.good_life == e.good_life  # kept with the snapshot


def test_words_about_the_person_get_a_gentle_hint(app_store):
    at = new_person(start_app())
    open_tab(at, "The person")
    k = f"person.{workspace(at).revision}."
    at.text_input(key=k + "what_matters").input("keeping his flat")
    press(at, "Save the person's details")
    assert "'his' sounds like someone talking about them" in texts(at)


def test_every_instrument_is_recorded_labelled_and_kept_apart(app_store):
    at = new_person(start_app())
    open_tab(at, "Their own answers")
    shown = texts(at)
    for name in ("UCLA-3 loneliness scale", "ONS direct loneliness question", "(LSNS-6)", "(ONS4)"):
        assert name in shown
    assert "0 (none) to 5 (nine or more)" in shown and "0 to 10" in shown
    k = f"answers.{workspace(at).revision}."
    for item, answer in {
        "lsns6_1": 2,
        "lsns6_2": 1,
        "lsns6_3": 1,
        "lsns6_4": 3,
        "lsns6_5": 0,
        "lsns6_6": 1,
    }.items():
        at.radio(key=k + item).set_value(answer)
    at.radio(key=k + "ons4_satisfied").set_value(7)
    at.radio(key=k + "ons4_anxious").set_value(2)
    press(at, "Record their answers")
    e = workspace(at).map.ego
    assert (e.lsns6_1, e.lsns6_4, e.ons4_satisfied, e.ons4_anxious, e.ons4_happy) == (2, 3, 7, 2, None)
    shown = texts(at)
    assert "LSNS-6, their own answers: 8 of 30" in shown  # 2+1+1+3+0+1
    assert "ONS4 (0-10): satisfied 7, anxious 2" in shown
    # With someone on the map the estimates appear too, under their own label.
    add(at, "Ruth Okafor", sector="family")
    assert "Estimated from the map (not the person's own answers)" in texts(at)


@pytest.fixture
def ray(app_store):
    for path in RAY:
        app_store.save_snapshot(load_map(path), plan=ConnectionPlan.from_json(plan_data(path)).to_json())
    return "p-ray-pollard"


def test_history_charts_estimates_and_own_answers_apart_and_compares_them(ray):
    at = start_app("history")
    assert not at.exception, at.exception
    shown = texts(at)
    assert shown.index("Estimated from the map") < shown.index("Their own answers")
    charts = at.get("vega_lite_chart")
    # 3 estimates, then every own answer Ray gave: UCLA-3, ONS, LSNS-6 (3) and ONS4 (4).
    assert len(charts) == 3 + 9
    assert "Their own answers, before and after" in shown
    for said in (
        "UCLA-3 loneliness (3-9, lower is better): 6 -> 9.",
        "Stage: connect -> crisis.",
        "Walking Football: agreed -> ended.",
    ):
        assert md_text(said) in shown


def test_review_charts_how_the_team_own_answers_moved(ray):
    at = start_app("review")
    assert not at.exception, at.exception
    assert "What people said: their own answers over the last year" in texts(at)
    at.selectbox(key="review.own-answer").set_value("ons4_anxious").run()
    assert not at.exception, at.exception
    assert "lower is better" in texts(at)


def test_the_download_offers_a_copy_for_the_person(app_store, monkeypatch):
    offered = {}
    original = st.download_button

    def recording(label, data, *args, **kwargs):
        offered[label] = (kwargs.get("file_name"), data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    at = new_person(start_app())
    open_tab(at, "Keep and share")
    at.radio(key="pdf-copy").set_value("person").run()
    name, make = offered["Summary (PDF), for the person"]
    assert name.endswith("-person.pdf")
    assert make().startswith(b"%PDF")


def test_learn_shows_edith_own_answers_before_and_after(app_store):
    at = start_app("learn")
    at.selectbox(key="learn-person").set_value("p-edith-marsh").run()
    assert not at.exception, at.exception
    shown = texts(at)
    # Her story's headline outcome: her own UCLA-3 fell from 8 to 5.
    assert md_text("UCLA-3 loneliness (3-9, lower is better): 8 -> 5.") in shown
    assert md_text("ONS lonely (1-5, lower is better): 4 -> 2.") in shown


def test_a_sample_opens_with_its_plan(app_store):
    at = start_app("learn")
    at.selectbox(key="learn-person").set_value("p-ray-pollard").run()
    at.button(key="learn-open").click().run()
    plan = workspace(at).plan
    assert [(i.target.name, i.status) for i in plan.items][-1] == ("Vic Harding", "agreed")
