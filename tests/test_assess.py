"""Batch assessment: rows, DataFrames, the JSON report, the `ecomap assess` command, and the
synthetic caseloads the benchmarks and demonstrations use."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from ecomap.assess import COLUMNS, assess_maps, assess_paths, assessment_json, assessment_row
from ecomap.cli import main
from ecomap.formats import save_map
from ecomap.measures import MEASURES
from ecomap.model import MapInvalid
from ecomap.synthetic import caseload, random_map
from tests.test_measures import MAUD, make_map
from tests.test_risk import HEALTHY

SAMPLES = Path(__file__).resolve().parent.parent / "sample_networks"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_row_is_flat_and_in_column_order():
    row = assessment_row(MAUD)
    assert tuple(row) == COLUMNS
    assert COLUMNS[:3] == ("ego_id", "name", "map_date") and COLUMNS[3 : 3 + len(MEASURES)] == MEASURES
    assert (row["ego_id"], row["name"], row["size"], row["lsns6_estimate"]) == ("p1", "Maud Okafor", 7, 7)
    assert row["single_points"] == "company;personal_care;transport;emergency"
    assert row["flags"].startswith("lsns_at_risk;") and row["strengths"].startswith("confidant;")
    # Only Sam would help in an emergency, and he is out of touch: LSNS at risk with a support gap.
    assert row["band"] == "high" and row["network_type"] is None  # her age is not recorded
    assert all(not isinstance(v, (list, dict, tuple)) for v in row.values())


def test_flag_codes_appear_once_in_a_row():
    two_single_points = make_map([dict(id="a", support="transport"), dict(id="b", support="emergency")])
    assert assessment_row(two_single_points)["flags"].count("single_point") == 1


def test_a_frame_of_maps_has_no_nan():
    frame = assess_maps([MAUD, HEALTHY, make_map(ucla3_1=3, ucla3_2=3, ucla3_3=3)])
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 3
    assert frame["band"].tolist() == ["high", "low", "high"]
    # Unknown optional numbers are missing values, never NaN floats.
    assert str(frame["steptoe_index"].dtype) == "Int64" and frame["steptoe_index"].isna().tolist() == [
        False,
        True,
        True,
    ]
    assert frame["ucla3_total"].tolist()[2] == 9 and frame["ucla3_lonely"].tolist()[2]
    assert assess_maps([]).columns.tolist() == list(COLUMNS)


def test_assess_paths_reads_json_and_csv_bundles(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    save_map(HEALTHY, tmp_path / "healthy.zip")
    save_map(HEALTHY, tmp_path / "folder")
    frame = assess_paths([tmp_path / "maud.json", tmp_path / "healthy.zip", tmp_path / "folder"])
    assert frame["size"].tolist() == [7, 6, 6]
    pd.testing.assert_frame_equal(frame.iloc[[0]].reset_index(drop=True), assess_maps([MAUD]))


def test_assess_paths_lists_the_problems_of_every_bad_file(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(MapInvalid) as caught:
        assess_paths([tmp_path / "bad.json", tmp_path / "maud.json", tmp_path / "missing.json"])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2
    assert "bad.json" in messages[0] and "is not valid JSON" in messages[0]
    assert "missing.json" in messages[1] and "does not exist" in messages[1]


def test_assessment_json_carries_words_rules_and_what_ifs():
    report = assessment_json(HEALTHY)
    json.dumps(report)  # plain data
    assert report["ego"] == {"id": "p1", "name": "Maud Okafor", "map_date": "2026-03-01"}
    assert report["band"] == "low" and report["flags"] == []
    assert report["strengths"][0]["code"] == "confidant"
    assert set(report["strengths"][0]) == {"code", "sentence", "rule", "people"}
    assert report["resilience"][0]["sentence"].startswith("If Ruth Okafor moved away:")
    assert report["estimates_from_the_map"]["lsns6_estimate"] == 12
    assert set(report["self_report"].values()) == {None}  # the person answered nothing
    assert {"ucla3_total", "ons_lonely", "lsns6_total", "ons4_happy"} <= set(report["self_report"])


def test_cli_table(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    save_map(HEALTHY, tmp_path / "healthy.json")
    result = run("assess", tmp_path / "maud.json", tmp_path / "healthy.json")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "ego_id",
        "name",
        "map_date",
        "size",
        "active_ties",
        "lsns6_estimate",
        "band",
        "flags",
    ]
    assert len(lines) == 3 and "Maud Okafor" in lines[1] and "lsns_at_risk" in lines[1]


def test_cli_csv_has_every_column(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    result = run("assess", "--format", "csv", tmp_path / "maud.json")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output))
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "constraint"] == pytest.approx(assessment_row(MAUD)["constraint"])
    assert frame.loc[0, "support_gaps"] == "information"


def test_cli_json_has_sentences_and_resilience(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    result = run("assess", "--format", "json", tmp_path / "maud.json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["strengths"] and report["flags"][0]["sentence"].startswith("From this map")
    assert any(f["sentence"] == "Only Bisi gives you transport." for f in report["flags"])
    assert report["resilience"] and all(r["sentence"].startswith("If ") for r in report["resilience"])


def test_cli_settings_change_the_result(tmp_path):
    save_map(HEALTHY, tmp_path / "healthy.json")
    (tmp_path / "team.toml").write_text("[thresholds]\nlsns_at_risk_below = 13\n")
    result = run("assess", "--format", "csv", "--settings", tmp_path / "team.toml", tmp_path / "healthy.json")
    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.output)).loc[0, "flags"] == "lsns_at_risk"


def test_cli_bad_input_lists_problems_without_a_traceback(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    doc = json.loads((tmp_path / "maud.json").read_text())
    doc["alters"][0]["contact"] = "hourly"
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    result = run("assess", tmp_path / "maud.json", tmp_path / "bad.json")
    assert result.exit_code == 1
    assert "bad.json#alters, row 1, field 'contact': 'hourly'" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_cli_bad_settings_are_listed(tmp_path):
    save_map(MAUD, tmp_path / "maud.json")
    (tmp_path / "team.toml").write_text("lsns_cutoff = 10\n")
    result = run("assess", "--settings", tmp_path / "team.toml", tmp_path / "maud.json")
    assert result.exit_code == 1 and "field 'lsns_cutoff': is not a threshold" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not list(SAMPLES.glob("*.json")), reason="no sample maps")
def test_every_sample_map_is_assessed():
    paths = sorted(SAMPLES.glob("*.json"))
    frame = assess_paths(paths)
    assert len(frame) == len(paths) and set(frame["band"]) <= {"low", "moderate", "high", "unknown"}


def test_caseloads_are_seeded_and_realistic():
    first, again = list(caseload(11, 40)), list(caseload(11, 40))
    assert [m.model_dump() for m in first] == [m.model_dump() for m in again]
    assert [m.ego.id for m in first[:2]] == ["p00001", "p00002"]
    sizes = [len(m.alters) for m in first]
    assert min(sizes) >= 0 and max(sizes) <= 60 and len(set(sizes)) > 10
    for m in first:
        assert len({a.name for a in m.alters}) == len(m.alters)  # names tell people apart


def test_random_maps_follow_who_knows_whom():
    m = random_map(random.Random(3), 60, profile="family centred")
    assert len(m.alters) == 60
    kin = {a.id for a in m.alters if a.is_kin}
    pairs = {frozenset((t.source, t.target)) for t in m.ties}
    kin_pairs = [frozenset((a, b)) for a in kin for b in kin if a < b]
    # Relatives mostly know each other; across the whole map ties are much sparser.
    assert sum(p in pairs for p in kin_pairs) / len(kin_pairs) > 0.5
    assert len(pairs) / (60 * 59 / 2) < 0.5
    assert random_map(random.Random(3), 0).alters == []


def test_cli_json_keeps_the_contract_names(tmp_path):
    from tests.test_risk import imported_map

    own = dict(lsns6_1=2, lsns6_2=2, lsns6_3=2, lsns6_4=1, lsns6_5=0, lsns6_6=0)
    maps = {"empty": make_map(), "imported": imported_map(), "answered": make_map(**own)}
    for name, m in maps.items():
        named = m.model_copy(update={"ego": m.ego.model_copy(update={"id": name})})
        save_map(named, tmp_path / f"{name}.json")
    result = run("assess", "--format", "json", *sorted(tmp_path.glob("*.json")))
    assert result.exit_code == 0, result.output
    reports = {r["ego"]["id"]: r for r in json.loads(result.output)}
    for r in reports.values():
        contract = {"band", "flags", "strengths", "to_ask", "network_type", "estimates_from_the_map"}
        assert contract | {"self_report"} <= set(r)
        assert set(MEASURES) <= set(r["estimates_from_the_map"])
        assert all("code" in f for f in r["flags"])
        assert all("code" in s and "people" in s for s in r["strengths"])
    empty = reports["empty"]
    assert empty["estimates_from_the_map"]["constraint"] is None  # undefined with no one, not 0
    assert empty["network_type"] is None and empty["to_ask"] == []
    imported = reports["imported"]
    assert imported["band"] == "unknown" and imported["flags"] == [] and imported["to_ask"]
    assert reports["answered"]["self_report"]["lsns6_total"] == 7  # 2 + 2 + 2 + 1 + 0 + 0
    assert {"satisfied", "worthwhile", "happy", "anxious"} <= {
        key.removeprefix("ons4_") for key in reports["answered"]["self_report"]
    }


def test_a_row_says_what_is_still_to_ask_and_constraint_is_missing_not_nan():
    from tests.test_risk import imported_map

    frame = assess_maps([make_map(), imported_map()])
    assert pd.isna(frame.loc[0, "constraint"]) and str(frame["constraint"].dtype) == "Float64"
    assert frame.loc[1, "to_ask"] == "ask_lsns;ask_close_contact;ask_support;ask_ties;ask_gives"
    assert frame.loc[1, "band"] == "unknown"
