"""The ecomap command: validate and convert, with problems listed and never a traceback."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ecomap.cli import main
from ecomap.formats import save_map
from ecomap.formats.json_map import dumps
from ecomap.model import validate_map

MAP = validate_map(
    {"id": "p1", "name": "Maud", "map_date": "2026-03-01"},
    [{"id": "ruth", "name": "Ruth", "sector": "family", "support": "emotional"}],
    [],
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_accepts_valid_maps(tmp_path):
    save_map(MAP, tmp_path / "maud.json")
    save_map(MAP, tmp_path / "maud.zip")
    result = run("validate", tmp_path / "maud.json", tmp_path / "maud.zip")
    assert result.exit_code == 0, result.output
    assert result.output.count("valid (Maud, 1 alters, 0 ties)") == 2


def test_validate_lists_every_problem_and_exits_1(tmp_path):
    doc = json.loads(dumps(MAP))
    doc["alters"][0]["circle"] = 8
    doc["alters"][0]["contact"] = "hourly"
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    save_map(MAP, tmp_path / "good.json")
    result = run("validate", tmp_path / "good.json", tmp_path / "bad.json")
    assert result.exit_code == 1
    assert "bad.json: 2 problem(s)" in result.output
    assert "bad.json#alters, row 1, field 'circle'" in result.output
    assert "field 'contact': 'hourly'" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_validate_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    result = run("validate", tmp_path / "nope.json")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_convert_round_trips_through_every_format(tmp_path):
    save_map(MAP, tmp_path / "a.json")
    chain = ["a.json", "b.zip", "c", "d.graphml", "e.json"]
    for source, target in zip(chain, chain[1:]):
        assert run("convert", tmp_path / source, tmp_path / target).exit_code == 0
    assert (tmp_path / "e.json").read_text(encoding="utf-8") == (tmp_path / "a.json").read_text(
        encoding="utf-8"
    )


def test_convert_refuses_bad_input_with_problems(tmp_path):
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    result = run("convert", tmp_path / "bad.json", tmp_path / "out.zip")
    assert result.exit_code == 1 and "ego" in result.output
    assert not (tmp_path / "out.zip").exists()


def test_schema_command_prints_the_published_schema():
    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "ecomap/1.1 map"
