"""Every download the app and the command line offer, plain and pseudonymised."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.export import FORMATS, download_name, export
from ecomap.formats import save_map
from ecomap.formats.json_map import dumps, loads

STARTS = {
    "json": b"{",
    "csv": b"PK",
    "graphml": b"<?xml",
    "html": b"<!DOCTYPE html>",
    "png": b"\x89PNG",
    "svg": b"<?xml",
    "pdf": b"%PDF",
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_is_offered_with_a_file_name_and_type(everyday_map, fmt):
    download = export(everyday_map, fmt)
    assert download.data.startswith(STARTS[fmt])
    assert download.file_name == f"ecomap-maud-hargreaves-2026-03-12.{FORMATS[fmt][0]}"
    assert download.media_type == FORMATS[fmt][1]


def test_the_json_download_is_the_map(everyday_map):
    assert dumps(loads(export(everyday_map, "json").data.decode())) == dumps(everyday_map)
    with zipfile.ZipFile(io.BytesIO(export(everyday_map, "csv").data)) as bundle:
        assert sorted(bundle.namelist()) == ["alter_ties.csv", "alters.csv", "ego.csv"]


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml", "html", "svg"])
def test_pseudonymised_downloads_carry_no_names(everyday_map, fmt):
    download = export(everyday_map, fmt, pseudonymised=True)
    text = download.data.decode("utf-8", errors="replace")
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(download.data)) as bundle:
            text = "".join(bundle.read(n).decode() for n in bundle.namelist())
    for alter in [everyday_map.ego, *everyday_map.alters]:
        if alter.name.istitle() and len(alter.name) > 3:
            assert alter.name not in text, alter.name
    assert "hargreaves" not in download.file_name.lower() and download.file_name.endswith(
        f"-shared.{FORMATS[fmt][0]}"
    )


def test_unknown_format_is_refused(everyday_map):
    with pytest.raises(ValueError, match="unknown export format"):
        export(everyday_map, "docx")
    assert download_name(everyday_map, "pdf") == "ecomap-maud-hargreaves-2026-03-12.pdf"


def test_render_can_pseudonymise(tmp_path, everyday_map):
    save_map(everyday_map, tmp_path / "maud.json")
    result = CliRunner().invoke(
        main, ["render", str(tmp_path / "maud.json"), "--out", str(tmp_path / "m.html"), "--pseudonymise"]
    )
    assert result.exit_code == 0, result.output
    assert "Maud Hargreaves" not in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_pictures_draw_the_plan_and_data_keep_the_map_as_it_is():
    from datetime import date

    from ecomap.plan import ConnectionPlan
    from ecomap.suggest import suggest
    from tests.test_suggest import rose, rose_directory

    m = rose()
    idea = next(s for s in suggest(m, rose_directory(), top=20) if s.target.is_new)
    plan = ConnectionPlan().accept(idea, "Helen", date(2026, 3, 1))
    html = export(m, "html", plan=plan).data.decode("utf-8")
    assert idea.target.name in html and "planned ties (1)" in html
    assert export(m, "json", plan=plan).data == export(m, "json").data
    # A shared copy leaves the plan out, since its items name people by who they are.
    assert "planned ties" not in export(m, "html", plan=plan, pseudonymised=True).data.decode("utf-8")
    assert export(m, "pdf", plan=plan).data.startswith(b"%PDF")
