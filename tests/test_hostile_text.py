"""Hostile text is data: spreadsheet formulas neutralised in every CSV ecomap writes (and the CSV
bundle still round-trips exactly), maths never parsed in pictures."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomap.cli import main
from ecomap.figure import figure_svg
from ecomap.formats.csv_bundle import read_bundle_bytes, tables, write_bundle
from ecomap.formats.formula import neutralise, neutralise_frame, restore
from ecomap.formats.json_map import write_json
from tests.hostile_files import EGO, FORMULA_NAMES, MARKDOWN_NAMES, a_map, alter

SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_restore_undoes_neutralise_for_any_text(text):
    assert restore(neutralise(text)) == text


@given(st.text())
def test_no_neutralised_cell_starts_a_formula_unless_it_is_a_plain_number(text):
    out = neutralise(text)
    if out.startswith(SPREADSHEET_TRIGGERS):
        float(out)  # only a number such as -1.5 is left as it is: it is not a formula


def test_examples_worked_by_hand():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("@x") == "'@x"
    assert neutralise("'tis") == "''tis"
    assert neutralise("-1.5") == "-1.5"
    assert neutralise("+44 20 7946 0000") == "'+44 20 7946 0000"
    assert neutralise("Ruth") == "Ruth"


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and ";" not in s
)


@settings(deadline=None)
@given(st.lists(names, min_size=1, max_size=5, unique=True), names)
def test_the_bundle_round_trips_whatever_the_names(alter_names, note):
    alters = [alter(n, name=name, notes=note, role=name, offers=[name]) for n, name in enumerate(alter_names)]
    m = a_map(alters, ego={**EGO, "team": note, "interests": [note]})
    texts = tables(m)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in texts.items():
            archive.writestr(name, text)
    assert read_bundle_bytes(buffer.getvalue()) == m
    for text in texts.values():
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            for cell in row:
                if cell.startswith(SPREADSHEET_TRIGGERS):
                    float(cell)


def test_the_bundle_on_disk_has_no_live_formula(tmp_path):
    m = a_map([alter(n, name=name) for n, name in enumerate(FORMULA_NAMES)])
    write_bundle(m, tmp_path / "b")
    with (tmp_path / "b" / "alters.csv").open(encoding="utf-8", newline="") as handle:
        names = [r["name"] for r in csv.DictReader(handle)]
    assert names == [
        '\'=HYPERLINK("http://example.invalid/x","click")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A9)",
        "''quoted",
    ]


def test_assess_csv_neutralises_formulas(tmp_path):
    path = tmp_path / "m.json"
    write_json(a_map(ego={**EGO, "name": "=1+2"}), path)
    out = CliRunner().invoke(main, ["assess", "--format", "csv", str(path)]).output
    frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert frame.loc[0, "name"] == "'=1+2"


def test_neutralise_frame_leaves_numbers_and_non_text_alone():
    frame = pd.DataFrame({"name": ["=x", "Ann"], "score": [-1, 2], "=col": [None, "-3"]})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["name", "score", "'=col"]
    assert out["name"].tolist() == ["'=x", "Ann"]
    assert out["score"].tolist() == [-1, 2]
    assert pd.isna(out["'=col"][0]) and out["'=col"][1] == "-3"


def test_dollar_signs_draw_as_typed_not_as_maths():
    m = a_map([alter(n, name=name) for n, name in enumerate([*MARKDOWN_NAMES, "$5 a week", "a $ b $ c $"])])
    svg = figure_svg(m)  # with maths on, "a $ b $ c $" stops the picture being made
    assert svg.lstrip().startswith(b"<?xml")


def test_a_shared_download_is_named_by_pseudonym_never_by_the_real_id():
    from ecomap.export import download_name, export
    from ecomap.pseudonymise import pseudonymise

    m = a_map(ego={**EGO, "id": "p-maud-okafor", "name": "Maud Okafor"})
    shared = download_name(m, "pdf", pseudonymised=True)
    assert "maud" not in shared and "okafor" not in shared
    assert shared == f"ecomap-{pseudonymise(m).ego.id}-2026-01-10-shared.pdf"
    assert export(m, "json", pseudonymised=True).file_name == download_name(m, "json", pseudonymised=True)


def test_a_file_that_cannot_be_written_is_a_plain_message(tmp_path):
    source = tmp_path / "m.json"
    write_json(a_map(), source)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    result = CliRunner().invoke(main, ["convert", str(source), str(blocked / "m.zip")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "not written" in result.output and "Traceback" not in result.output


def test_a_settings_file_nested_too_deeply_is_a_plain_message(tmp_path):
    settings = tmp_path / "deep.toml"
    settings.write_text("a = " + "[" * 100_000 + "]" * 100_000)
    source = tmp_path / "m.json"
    write_json(a_map(), source)
    result = CliRunner().invoke(main, ["assess", str(source), "--settings", str(settings)])
    assert result.exit_code == 1 and "nests arrays or tables too deep" in result.output
