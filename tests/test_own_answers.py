"""The person's own answers over time: the instruments, a comparison of two snapshots, ``ecomap
compare``, the team table and its CSV, and the team's averages month by month."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from ecomap.assess import SELF_REPORT_COLUMNS, assessment_json
from ecomap.caseload import OWN_ANSWERS, average_own_answers_over_time, caseload_frame, own_answer_history
from ecomap.cli import main
from ecomap.compare import compare, plan_progress
from ecomap.formats import load_map
from ecomap.instruments import INSTRUMENTS, OWN_SCORES, own_scores
from ecomap.measures import SelfReport
from ecomap.model import EcoMap, Ego
from ecomap.plan import ConnectionPlan
from ecomap.samples import SAMPLES_DIR, plan_data
from ecomap.store import Store

RAY = SAMPLES_DIR / "ray-pollard-2025-03.json", SAMPLES_DIR / "ray-pollard-2025-10.json"


def person(when: date, team: str = "North", person_id: str = "p-ann", **answers) -> EcoMap:
    return EcoMap(ego=Ego(id=person_id, name=person_id[2:].title(), map_date=when, team=team, **answers))


def ucla(a: int, b: int, c: int) -> dict[str, int]:
    return {"ucla3_1": a, "ucla3_2": b, "ucla3_3": c}


# --- the instruments ---------------------------------------------------------------------------


def test_every_own_score_is_a_self_report_field_under_its_assessment_column() -> None:
    report_fields = {f.name for f in fields(SelfReport)}
    for score in OWN_SCORES:
        assert score.field in report_fields
        assert SELF_REPORT_COLUMNS[score.field] == score.column
    asked = {field for i in INSTRUMENTS for field in i.questions}
    assert asked == {
        *(f"ucla3_{n}" for n in (1, 2, 3)),
        "ons_lonely",
        *(f"lsns6_{n}" for n in range(1, 7)),
    } | {f"ons4_{w}" for w in ("satisfied", "worthwhile", "happy", "anxious")}
    for i in INSTRUMENTS:
        assert i.scale and i.source and i.licence


def test_own_scores_are_worked_out_by_hand() -> None:
    m = person(
        date(2026, 1, 5),
        **ucla(2, 2, 3),
        ons_lonely=4,
        lsns6_1=2,
        lsns6_2=1,
        lsns6_3=1,
        lsns6_4=0,
        lsns6_5=0,
        lsns6_6=1,
        ons4_happy=6,
        ons4_anxious=8,
    )
    assert own_scores(m) == {
        "ucla3_total": 7,
        "ons_lonely": 4,
        "lsns6_self": 5,  # family 2 + 1 + 1, friends 0 + 0 + 1
        "lsns6_self_family": 4,
        "lsns6_self_friends": 1,
        "ons4_satisfied": None,
        "ons4_worthwhile": None,
        "ons4_happy": 6,
        "ons4_anxious": 8,
    }
    report = assessment_json(m)["self_report"]
    assert {k for k in report if k.startswith("ons4_")} == {
        "ons4_satisfied",
        "ons4_worthwhile",
        "ons4_happy",
        "ons4_anxious",
    }
    assert "lsns6_total" not in assessment_json(m)["estimates_from_the_map"]


# --- comparing two snapshots -----------------------------------------------------------------


def test_a_comparison_lists_own_answers_apart_from_the_estimates() -> None:
    before = person(
        date(2025, 3, 1), **ucla(3, 3, 2), ons_lonely=4, stage="crisis", good_life='"Getting out."'
    )
    after = person(date(2025, 11, 1), **ucla(2, 1, 2), ons_lonely=2, ons4_satisfied=7, stage="connect")
    c = compare(before, after)
    assert c.measure("lsns6_estimate").before == 0  # estimates stay in measures
    answers = {m.name: (m.before, m.after, m.change) for m in c.own_answers}
    assert answers["ucla3_total"] == (8, 5, -3)
    assert answers["ons_lonely"] == (4, 2, -2)
    assert answers["ons4_satisfied"] == (None, 7, None)
    assert c.own_answer_sentences() == [
        "UCLA-3 loneliness (3-9, lower is better): 8 -> 5.",
        "ONS lonely (1-5, lower is better): 4 -> 2.",
        "ONS4 satisfied (0-10, higher is better): not asked -> 7.",
    ]
    assert c.conversation_sentences() == [
        "Stage: crisis -> connect.",
        'A good life, in their words: "Getting out." -> not recorded.',
    ]
    assert not c.has_changes  # no one and no tie changed


def test_plan_progress_lists_every_item_before_and_after() -> None:
    before, after = (ConnectionPlan.from_json(plan_data(p)) for p in RAY)
    rows = plan_progress(before, after)
    assert [(r["name"], r["status_before"], r["status_after"]) for r in rows] == [
        ("Brackford Men's Shed", "declined", "declined"),
        ("Walking Football", "agreed", "ended"),
        ("Brackford Community Transport", "agreed", "ended"),
        ("Telephone Befriending", "suggested", "declined"),
        ("Vic Harding", None, "agreed"),
    ]
    assert rows[1]["since"] == "2025-05-07"
    assert plan_progress(None, None) == []


def test_ecomap_compare_json_has_the_history_page_comparison() -> None:
    result = CliRunner().invoke(main, ["compare", *map(str, RAY), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["before"], report["after"]) == ("2025-03-11", "2025-10-14")
    assert [a["name"] for a in report["added"]] == ["Hospice bereavement nurse"]
    assert [a["name"] for a in report["lost"]] == ["Les Pollard", "Royal British Legion club, Ashcombe"]
    assert report["estimates_from_the_map"]["size"] == {"before": 7, "after": 6, "change": -1}
    own = report["own_answers"]
    assert own["ucla3_total"] == {"before": 6, "after": 9, "change": 3}
    assert own["lsns6_self"] == {"before": 8, "after": 2, "change": -6}  # 2+1+1+2+1+1, then 1+0+0+1+0+0
    assert own["ons4_anxious"] == {"before": 3, "after": 7, "change": 4}
    assert report["conversation"]["stage"] == {"before": "connect", "after": "crisis"}
    assert "Walking Football: agreed -> ended." in report["plan"]["changes"]
    assert report["plan"]["items"][-1]["name"] == "Vic Harding"


def test_ecomap_compare_table_keeps_own_answers_in_their_own_section(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["compare", *map(str, RAY)])
    assert result.exit_code == 0, result.output
    text = result.output
    estimates, own = text.index("Estimated from the map"), text.index("Their own answers")
    assert estimates < own < text.index("The connection plan")
    assert "ucla3_total" not in text[:own]
    row = next(line.split() for line in text[own:].splitlines() if line.strip().startswith("ucla3_total"))
    assert row[-3:] == ["6", "9", "+3"]
    assert "  Walking Football: agreed -> ended" in text
    # With no plans beside the maps, the plan is said to be missing, not made up.
    for path in RAY:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    bare = CliRunner().invoke(main, ["compare", *(str(tmp_path / p.name) for p in RAY)])
    assert "No plan with either map." in bare.output


def test_ecomap_compare_reports_a_bad_plan_file(tmp_path: Path) -> None:
    broken = tmp_path / "plan.json"
    broken.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", *map(str, RAY), "--old-plan", str(broken)])
    assert result.exit_code == 1 and "plan.json: The plan is not JSON" in result.output


# --- the team ---------------------------------------------------------------------------------


@pytest.fixture
def team(store: Store) -> Store:
    for m in (
        person(date(2025, 1, 10), **ucla(2, 2, 2)),
        person(date(2025, 2, 3), "South", "p-cy", **ucla(3, 3, 2), ons4_happy=4),
        person(date(2025, 3, 5), "North", "p-bo", **ucla(3, 3, 3)),
        person(date(2025, 6, 2), **ucla(1, 1, 2), ons_lonely=2),
        person(date(2025, 9, 8), "North", "p-bo"),  # not asked this time
    ):
        store.save_snapshot(m)
    return store


def test_the_team_table_has_each_person_latest_own_answers(team: Store) -> None:
    frame = caseload_frame(team, today=date(2025, 12, 1), pseudonymise=False).set_index("person_id")
    assert all(column in frame.columns for column in OWN_ANSWERS)
    assert frame.loc["p-ann", "ucla3_total"] == 4 and frame.loc["p-ann", "ons_lonely"] == 2
    assert pd.isna(frame.loc["p-bo", "ucla3_total"])  # not asked on the latest map: not a score
    assert frame.loc["p-cy", "ons4_happy"] == 4
    assert str(frame["ucla3_total"].dtype) == "Int64"


def test_team_averages_of_an_own_answer_count_only_the_people_asked(team: Store) -> None:
    history = own_answer_history(team, pseudonymise=False)
    frame = caseload_frame(team, today=date(2025, 12, 1), pseudonymise=False)
    table = average_own_answers_over_time(history, frame, "ucla3_total")
    north = table[table["team"] == "North"]
    north = north.set_index(north["month"].dt.strftime("%Y-%m"))
    assert north.loc["2025-01", ["average", "people"]].tolist() == [6.0, 1]
    assert north.loc["2025-03", ["average", "people"]].tolist() == [7.5, 2]  # (6 + 9) / 2
    assert north.loc["2025-06", ["average", "people"]].tolist() == [6.5, 2]  # (4 + 9) / 2
    assert north.loc["2025-09", ["average", "people"]].tolist() == [4.0, 1]  # Bo was not asked
    south = table[table["team"] == "South"]
    assert set(south["average"]) == {8.0}
    assert average_own_answers_over_time(history, frame, "lsns6_self").empty


def test_the_review_csv_carries_the_own_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    with Store(url) as store:
        store.save_snapshot(load_map(RAY[0]))
        store.save_snapshot(load_map(RAY[1]))
    result = CliRunner().invoke(main, ["review", "--database", url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = pd.read_csv(pd.io.common.StringIO(result.output)).iloc[0]
    assert (row["ucla3_total"], row["ons_lonely"], row["lsns6_self"]) == (9, 5, 2)
    assert (row["ons4_satisfied"], row["ons4_worthwhile"], row["ons4_happy"], row["ons4_anxious"]) == (
        3,
        2,
        3,
        7,
    )


def test_the_conversation_record_reads_in_words() -> None:
    before = person(date(2025, 3, 1), stage="connect", sharing="nobody")
    after = person(date(2025, 9, 1), stage="longer_term", sharing="team", good_life="my_own words")
    assert compare(before, after).conversation_sentences() == [
        "Stage: connect -> longer term.",
        "A good life, in their words: not recorded -> my_own words.",  # their words stay as typed
        "Agreed to share with: nobody -> team.",
    ]
