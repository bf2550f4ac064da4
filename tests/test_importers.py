"""Importing other tools' files: egor's three tables, Network Canvas's CSV export, easyNWK's saved
file, a team's mapping file, the report, and ``ecomap export egor``.

Every input is written here in the tool's documented layout: egor's ``threefiles_to_egor``
(egor's example data ``egos_32.csv`` / ``alters_32.csv`` / ``edges_32.csv``: ``;``-separated,
``egoID``, ``alterID``, ``Source``, ``Target``); Network Canvas's CSV export
(``<case>_<session>_ego.csv``, ``_attributeList_<Type>.csv``, ``_edgeList_<Type>.csv`` with its
``networkCanvas*`` columns, categorical answers as ``<variable>_<value>`` columns, and a
``.netcanvas`` protocol holding ``protocol.json``); easyNWK's saved record (``versions`` of
``{ego, alteri, connections}``, alters placed by ``angle`` and ``distance``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.formats import load_map
from ecomap.formats.egor import egor_tables, write_egor
from ecomap.formats.json_map import dumps
from ecomap.importers import (
    MappingInvalid,
    import_upload,
    load_mapping,
    read_easynwk,
    read_egor,
    read_networkcanvas,
)
from ecomap.importers.easynwk import circle_for, sector_index
from ecomap.model import MapInvalid
from ecomap.samples import SAMPLES_DIR

# --- egor ---------------------------------------------------------------------------------------

EGOS = '"egoID";"sex";"age"\n1;"w";"56 - 65"\n2;"m";"26 - 35"\n'
ALTERS = (
    '"egoID";"alterID";"name";"rel";"alter.sex"\n'
    '"1";1;"Ann";"family";"w"\n"1";2;"Bob";"coworker";"m"\n"1";3;"Cy";"neighbours";"m"\n'
    '"2";1;"Dee";"";"w"\n'
)
EDGES = '"egoID";"Source";"Target";"weight"\n1;1;2;1\n1;2;3;2\n'


def egor_folder(tmp_path, egos=EGOS, alters=ALTERS, edges=EDGES) -> Path:
    folder = tmp_path / "egor"
    folder.mkdir()
    (folder / "egos_2.csv").write_text(egos)
    (folder / "alters_2.csv").write_text(alters)
    (folder / "edges_2.csv").write_text(edges)
    return folder


MAPPING = """
[alters.columns]
rel = "sector"

[alters.values.sector]
coworker = "work_learning"
"""


def test_egor_gives_one_map_per_ego_with_ties_by_alter_id(tmp_path):
    mapping_file = tmp_path / "team.toml"
    mapping_file.write_text(MAPPING)
    result = read_egor([egor_folder(tmp_path)], load_mapping(mapping_file), map_date=date(2026, 5, 1))
    assert result.problems == []
    first, second = result.maps
    assert (first.ego.id, first.ego.name, first.ego.map_date) == ("1", "Ego 1", date(2026, 5, 1))
    assert [(a.id, a.name, a.sector) for a in first.alters] == [
        ("1", "Ann", "family"),
        ("2", "Bob", "work_learning"),  # the team's word, from the mapping file
        ("3", "Cy", "neighbours"),  # already an ecomap word
    ]
    assert [(t.source, t.target) for t in first.ties] == [("1", "2"), ("2", "3")]
    assert [(a.name, a.sector) for a in second.alters] == [("Dee", "friends")]  # blank: the default
    # What egor does not have stays not recorded.
    assert all(a.contact is None and a.support == [] and a.confide is None for a in first.alters)
    lines = "\n".join(result.report.lines())
    assert "sector: egor gave none for some alters; they are in 'friends'" in lines
    assert "columns that are not ecomap fields: age, alter.sex, sex" in lines


def egoweb_files(tmp_path, sep: str) -> list[Path]:
    """Three tables with EgoWeb's id columns (egor's ``read_egoweb`` defaults), separated by ``sep``."""
    texts = {
        "egos.csv": "EgoID,name,map_date\n7,Maud,2026-03-01\n",
        "alters.csv": "EgoID,Alter.Number,name,sector\n7,1,Ann,family\n7,2,Bob,friends\n",
        "ties.csv": "EgoID,Alter.1.Number,Alter.2.Number\n7,1,2\n",
    }
    paths = []
    for name, text in texts.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text.replace(",", sep))
    return paths


def test_egor_files_given_one_by_one_with_other_id_columns(tmp_path):
    ids = {"ego": "EgoID", "alter": "Alter.Number", "source": "Alter.1.Number", "target": "Alter.2.Number"}
    result = read_egor(egoweb_files(tmp_path, ","), id_vars=ids)
    (m,) = result.maps
    assert (m.ego.name, m.ego.map_date, len(m.alters), len(m.ties)) == ("Maud", date(2026, 3, 1), 2, 1)


def test_egor_problems_name_file_row_and_field(tmp_path):
    folder = egor_folder(tmp_path, edges='"egoID";"Source";"Target"\n1;1;9\n')
    result = read_egor([folder])
    where = {(Path(p.file.split(" ")[0]).name, p.row, p.field) for p in result.problems}
    assert ("edges_2.csv", 2, "Target") in where
    assert any(p.field == "map_date" for p in result.problems)  # no map_date column, no --date
    assert result.maps == []


def test_egor_refuses_a_missing_id_column(tmp_path):
    folder = egor_folder(tmp_path, alters='"egoID";"person";"name"\n1;1;"Ann"\n')
    with pytest.raises(MapInvalid) as error:
        read_egor([folder], map_date=date(2026, 5, 1))
    assert error.value.problems[0].field == "alterID"


def sample_maps():
    return [load_map(p) for p in sorted(SAMPLES_DIR.glob("*.json"))[:4]]


def test_export_egor_gives_three_tables_linked_by_an_ego_id(tmp_path):
    maps = sample_maps()
    texts = egor_tables(maps)
    egos = list(csv.DictReader(io.StringIO(texts["egos.csv"])))
    alters = list(csv.DictReader(io.StringIO(texts["alters.csv"])))
    ties = list(csv.DictReader(io.StringIO(texts["aaties.csv"])))
    assert [e["egoID"] for e in egos] == ["1", "2", "3", "4"] and egos[0]["id"] == maps[0].ego.id
    first = [a for a in alters if a["egoID"] == "1"]
    assert [a["alterID"] for a in first] == [str(n) for n in range(1, len(maps[0].alters) + 1)]
    assert [a["id"] for a in first] == [a.id for a in maps[0].alters]
    # Every tie names two alters of its own ego by their alterID, as threefiles_to_egor links them.
    by_ego = {(a["egoID"], a["alterID"]) for a in alters}
    assert ties and all(
        (t["egoID"], t["Source"]) in by_ego and (t["egoID"], t["Target"]) in by_ego for t in ties
    )
    assert len(ties) == sum(len(m.ties) for m in maps)


def test_export_egor_then_import_egor_gives_the_same_maps(tmp_path):
    maps = sample_maps()
    write_egor(maps, tmp_path / "out")
    result = read_egor([tmp_path / "out"])
    assert result.problems == []
    assert [dumps(m) for m in result.maps] == [dumps(m) for m in maps]


def test_cli_export_and_import_egor(tmp_path):
    runner = CliRunner()
    sources = [str(p) for p in sorted(SAMPLES_DIR.glob("*.json"))[:2]]
    exported = runner.invoke(main, ["export", "egor", *sources, "--out", str(tmp_path / "egor")])
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in (tmp_path / "egor").iterdir()) == ["aaties.csv", "alters.csv", "egos.csv"]
    imported = runner.invoke(
        main, ["import", "egor", str(tmp_path / "egor"), "--out", str(tmp_path / "maps")]
    )
    assert imported.exit_code == 0, imported.output
    written = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert len(written) == 3 and "import-report.txt" in written
    assert "Choices made:" in (tmp_path / "maps" / "import-report.txt").read_text()


def test_cli_import_with_problems_writes_the_good_maps_and_exits_1(tmp_path):
    folder = egor_folder(tmp_path, edges='"egoID";"Source";"Target"\n1;1;9\n')
    result = CliRunner().invoke(
        main, ["import", "egor", str(folder), "--out", str(tmp_path / "maps"), "--date", "2026-05-01"]
    )
    assert result.exit_code == 1
    assert "field 'Target'" in result.output
    assert len(list((tmp_path / "maps").glob("*.json"))) == 1  # ego 2 is fine


def test_a_bad_mapping_file_names_every_bad_entry(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[alters.columns]\nrel = "relationship"\n[alters.values.sector]\nboss = "work"\n')
    with pytest.raises(MappingInvalid) as error:
        load_mapping(path)
    assert {p.field for p in error.value.problems} == {"alters.columns.rel", "alters.values.sector.boss"}


# --- Network Canvas -----------------------------------------------------------------------------

EGO_HEAD = (
    "networkCanvasEgoUUID,networkCanvasCaseID,networkCanvasSessionID,networkCanvasProtocolName,"
    "sessionStart,sessionFinish,sessionExported,APP_VERSION,COMMIT_HASH,name\n"
)
PERSON_HEAD = (
    "nodeID,networkCanvasEgoUUID,networkCanvasUUID,name,closeness,relationship_1,relationship_2,"
    "relationship_3,layout_x,layout_y\n"
)
EDGE_HEAD = (
    "edgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,networkCanvasSourceUUID,networkCanvasTargetUUID\n"
)


def session(
    case: str, session_id: str, ego: str, started: str, people: list[str], knows: list[str], other=""
):
    prefix = f"{case}_{session_id}"
    return {
        f"{prefix}_ego.csv": EGO_HEAD
        + f"{ego},{case},{session_id},Study,{started},{started},{started},6.5.0,x,\n",
        f"{prefix}_attributeList_Person.csv": PERSON_HEAD + "".join(people),
        f"{prefix}_attributeList_Venue.csv": "nodeID,networkCanvasEgoUUID,networkCanvasUUID,name\n"
        f"1,{ego},v1,Library\n",
        f"{prefix}_edgeList_knows.csv": EDGE_HEAD + "".join(knows),
        f"{prefix}_edgeList_conflict.csv": EDGE_HEAD + other,
    }


def export_files() -> dict[str, str]:
    files = {}
    files |= session(
        "P014",
        "s-1",
        "e-1",
        "2026-04-02T14:00:11.000Z",
        [
            "1,e-1,a11,Ann,3,true,false,false,0.31,0.40\n",
            "2,e-1,b22,'=HYPERLINK(1),1,false,true,false,0.62,0.24\n",
            "3,e-1,c33,Cy,,false,false,false,0.5,0.5\n",
        ],
        ["1,1,2,e-1,k1,a11,b22\n"],
        other="1,2,3,e-1,x1,b22,c33\n",
    )
    files |= session(
        "P014", "s-2", "e-2", "2026-10-02T09:00:00.000Z", ["1,e-2,a11,Ann,3,true,false,false,0.3,0.4\n"], []
    )
    return files


PROTOCOL = {
    "codebook": {
        "ego": {"variables": {}},
        "node": {
            "t-person": {
                "name": "Person",
                "variables": {
                    "v1": {"name": "name", "type": "text"},
                    "v2": {
                        "name": "relationship",
                        "type": "categorical",
                        "options": [
                            {"label": "Family", "value": 1},
                            {"label": "Friend", "value": 2},
                            {"label": "Neighbour", "value": 3},
                        ],
                    },
                    "v3": {
                        "name": "closeness",
                        "type": "ordinal",
                        "options": [{"label": "Not close", "value": 1}, {"label": "Very close", "value": 3}],
                    },
                },
            }
        },
        "edge": {"t-knows": {"name": "knows"}, "t-conflict": {"name": "conflict"}},
    }
}
NC_MAPPING = """
[alters.columns]
relationship = "sector"
closeness = "strength"

[alters.values.sector]
family = "family"
friend = "friends"
neighbour = "neighbours"

[alters.values.strength]
"very close" = "strong"
"not close" = "tenuous"
"""


def protocol_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("protocol.json", json.dumps(PROTOCOL))
    return buffer.getvalue()


def write_export(folder: Path) -> Path:
    folder.mkdir()
    for name, text in export_files().items():
        (folder / name).write_text(text)
    return folder


def test_network_canvas_one_map_per_session_with_the_protocols_labels(tmp_path):
    folder = write_export(tmp_path / "export")
    (tmp_path / "study.netcanvas").write_bytes(protocol_bytes())
    mapping = tmp_path / "team.toml"
    mapping.write_text(NC_MAPPING)
    result = read_networkcanvas([folder], load_mapping(mapping), protocol=tmp_path / "study.netcanvas")
    assert result.problems == []
    first, second = result.maps
    # Two sessions of one case are two snapshots of one person.
    assert (first.ego.id, first.ego.map_date, second.ego.id, second.ego.map_date) == (
        "P014",
        date(2026, 4, 2),
        "P014",
        date(2026, 10, 2),
    )
    assert first.ego.name == "P014"  # no name variable for the ego: the case id
    assert [(a.id, a.name, a.sector, a.strength) for a in first.alters] == [
        ("a11", "Ann", "family", "strong"),  # option 1 = Family; closeness 3 = Very close
        ("b22", "=HYPERLINK(1)", "friends", "tenuous"),  # the formula guard undone: kept as text
        ("c33", "Cy", "friends", "moderate"),  # nothing answered: the default sector, reported
    ]
    assert [(t.source, t.target) for t in first.ties] == [("a11", "b22")]  # "knows", not "conflict"
    assert all(a.contact is None and a.support == [] for a in first.alters)
    lines = "\n".join(result.report.lines())
    assert "node types read as the person's contacts: Person (by default; of Person, Venue)" in lines
    assert "edge types read as 'know each other': knows (by default; of conflict, knows)" in lines
    assert "node types left out: Venue" in lines and "edge types left out: conflict" in lines
    assert "layout columns (where a node was drawn) in node lists: layout_x, layout_y" in lines


def test_network_canvas_zip_with_chosen_types_and_no_protocol(tmp_path):
    path = tmp_path / "networkCanvasExport.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in export_files().items():
            archive.writestr(f"export/{name}", text)
    mapping = tmp_path / "team.toml"
    mapping.write_text('[alters.columns]\nrelationship = "sector"\n[alters.values.sector]\n"1" = "family"\n')
    result = read_networkcanvas(
        [path], load_mapping(mapping), node_types=["Person", "Venue"], know_each_other=["knows", "conflict"]
    )
    first = result.maps[0]
    assert [a.name for a in first.alters] == ["Ann", "=HYPERLINK(1)", "Cy", "Library"]
    assert first.alters[0].sector == "family"  # option value 1, without a protocol
    assert len(first.ties) == 2
    assert "no protocol given" in "\n".join(result.report.lines())


def test_an_export_without_an_ego_file_is_refused(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "a_b_attributeList_Person.csv").write_text(PERSON_HEAD)
    with pytest.raises(MapInvalid) as error:
        read_networkcanvas([folder])
    assert "has no ego file" in error.value.problems[0].message


# --- easyNWK ------------------------------------------------------------------------------------


def alter(id_, name, angle, distance, **extra):
    return {
        "id": id_,
        "name": name,
        "role": extra.pop("role", ""),
        "human": extra.pop("human", True),
        "currentGender": "",
        "age": extra.pop("age", ""),
        "note": "",
        "deceased": extra.pop("deceased", False),
        "edgeType": extra.pop("edgeType", 1),
        "angle": angle,
        "distance": distance,
    }


def nwk(alters, connections):
    return {
        "ego": {"name": "Maud", "age": "81", "currentGender": "weiblich", "note": ""},
        "alteri": alters,
        "connections": connections,
    }


RECORD = {
    "versions": [
        {
            "id": 1,
            "title": "first meeting",
            "date": "2026-01-10",
            "nwk": nwk(
                [
                    alter(1, "Tochter Eva", 45, 20, role="Tochter", edgeType=2),
                    alter(2, "Karl", 135, 50),
                    alter(3, "Kollegin Ute", -135, 90, edgeType=0),
                    alter(4, "Sozialarbeiterin", -45, 40, role="Sozialarbeiter*in"),
                    alter(5, "Opa Hans", 80, 120, deceased=True),
                    alter(6, "Rex", 100, 30, human=False),
                    alter(7, "Enkel Tim", 60, 25, age="12"),
                ],
                [{"id1": 1, "id2": 2}, {"id1": 2, "id2": 3}],
            ),
        },
        {"id": 2, "title": "", "date": "2026-06-10", "nwk": nwk([alter(1, "Tochter Eva", 10, 10)], [])},
    ],
    "currentVersion": 2,
}


@pytest.mark.parametrize(
    ("angle", "index"), [(45, 0), (0, 0), (90, 1), (179.9, 1), (-180, 2), (-90.1, 2), (-90, 3), (-0.1, 3)]
)
def test_easynwk_sector_by_angle_as_easynwk_draws_it(angle, index):
    assert sector_index(angle) == index


@pytest.mark.parametrize(
    ("distance", "circle"), [(1, 1), (33.32, 1), (33.33, 2), (66.66, 2), (66.67, 3), (100, 3)]
)
def test_easynwk_circle_by_horizon(distance, circle):
    assert circle_for(distance) == circle


def test_easynwk_one_map_per_version(tmp_path):
    path = tmp_path / "Maud Marsh.json"
    path.write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    result = read_easynwk([path])
    assert result.problems == []
    first, second = result.maps
    assert (first.ego.id, first.ego.name, first.ego.gender, first.ego.map_date) == (
        "maud-marsh",
        "Maud",
        "woman",
        date(2026, 1, 10),
    )
    assert second.ego.map_date == date(2026, 6, 10) and second.ego.id == "maud-marsh"
    got = {a.name: a for a in first.alters}
    assert (got["Tochter Eva"].sector, got["Tochter Eva"].circle, got["Tochter Eva"].is_kin) == (
        "family",
        1,
        True,
    )
    assert got["Tochter Eva"].strength == "strong" and got["Tochter Eva"].role == "Tochter"
    assert (got["Karl"].sector, got["Karl"].circle) == ("friends", 2)
    assert (got["Kollegin Ute"].sector, got["Kollegin Ute"].circle, got["Kollegin Ute"].strength) == (
        "work_learning",
        3,
        "tenuous",
    )
    assert "no current tie" in got["Kollegin Ute"].notes
    assert (got["Sozialarbeiterin"].sector, got["Sozialarbeiterin"].is_paid) == ("other_services", True)
    assert got["Opa Hans"].do_not_contact is True and "Deceased" in got["Opa Hans"].notes
    assert "beyond the outer horizon" in got["Opa Hans"].notes
    assert (got["Rex"].kind, got["Rex"].sector) == ("pet", "pets")
    assert got["Enkel Tim"].under_18 is True and got["Karl"].under_18 is None
    # Contact and support: easyNWK does not ask, so they are not recorded.
    assert all(a.contact is None and a.support == [] and a.gives == [] for a in first.alters)
    assert [(t.source, t.target) for t in first.ties] == [("1", "2"), ("2", "3")]
    lines = "\n".join(result.report.lines())
    assert "the person's easyNWK fields ecomap has no field for: age" in lines


def test_easynwk_mapping_changes_a_sector(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    mapping = tmp_path / "team.toml"
    mapping.write_text('[alters.values.sector]\n"kolleg*innen" = "community"\n')
    first = read_easynwk([path], load_mapping(mapping)).maps[0]
    assert {a.name: a.sector for a in first.alters}["Kollegin Ute"] == "community"


def test_easynwk_older_file_needs_a_date(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps(nwk([alter(1, "Eva", 45, 20)], [])), encoding="utf-8")
    assert any(p.field == "map_date" for p in read_easynwk([path]).problems)
    (m,) = read_easynwk([path], map_date=date(2025, 12, 1)).maps
    assert m.ego.map_date == date(2025, 12, 1)


def test_easynwk_not_a_saved_file_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[1, 2]")
    with pytest.raises(MapInvalid):
        read_easynwk([path])


# --- the app's Import: told apart by what the file holds --------------------------------------


def test_import_upload_tells_the_tools_apart():
    easynwk = import_upload("maud.json", json.dumps(RECORD).encode())
    assert easynwk is not None and len(easynwk.maps) == 2
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in export_files().items():
            archive.writestr(name, text)
    canvas = import_upload("export.zip", buffer.getvalue())
    assert canvas is not None and [m.ego.map_date for m in canvas.maps] == [
        date(2026, 4, 2),
        date(2026, 10, 2),
    ]
    own = (SAMPLES_DIR / "edith-marsh-2025-03.json").read_bytes()
    assert import_upload("edith.json", own) is None  # an ecomap map: read as one


def test_a_mapping_file_keeps_each_formats_options(tmp_path):
    mapping = tmp_path / "team.toml"
    mapping.write_text(
        '[egor]\ndelimiter = "|"\n'
        'id_vars = { ego = "EgoID", alter = "Alter.Number", '
        'source = "Alter.1.Number", target = "Alter.2.Number" }\n'
        '[networkcanvas]\nnode_types = ["Venue"]\nknow_each_other = []\n'
    )
    (m,) = read_egor(egoweb_files(tmp_path, "|"), load_mapping(mapping)).maps
    assert [(t.source, t.target) for t in m.ties] == [("1", "2")]
    canvas = read_networkcanvas([write_export(tmp_path / "export")], load_mapping(mapping))
    assert [a.name for a in canvas.maps[0].alters] == ["Library"] and canvas.maps[0].ties == []


def test_cli_import_graphml_reports_what_was_left_out(tmp_path):
    from tests.test_graphml_read import gephi_file

    result = CliRunner().invoke(
        main, ["import", "graphml", str(gephi_file(tmp_path)), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    report = (tmp_path / "m" / "import-report.txt").read_text()
    assert "Left out drawing attributes on the person's node: b, g, r, size, x, y." in report


def test_an_ecomap_map_that_mentions_alteri_is_not_taken_for_easynwk():
    m = json.loads((SAMPLES_DIR / "edith-marsh-2025-03.json").read_text(encoding="utf-8"))
    m["alters"][0]["name"] = "alteri"
    m["alters"][0]["notes"] = '"versions"'
    assert import_upload("edith.json", json.dumps(m).encode()) is None


def test_the_documented_mapping_file_loads(tmp_path):
    text = (Path(__file__).parent.parent / "docs" / "import-mapping.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    path = tmp_path / "team.toml"
    path.write_text(block, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.alter_columns["closeness"] == "strength" and mapping.defaults == {"sector": "community"}
    assert mapping.values["sector"]["kolleg*innen"] == "community"


def test_import_upload_reads_a_zip_of_egors_tables_but_not_a_csv_bundle(tmp_path):
    maps = sample_maps()[:2]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in egor_tables(maps).items():
            archive.writestr(f"egor/{name}", text)
    result = import_upload("egor.zip", buffer.getvalue())
    assert result is not None and [dumps(m) for m in result.maps] == [dumps(m) for m in maps]
    bundle = tmp_path / "edith.zip"
    from ecomap.formats import save_map

    save_map(maps[0], bundle)
    assert import_upload("edith.zip", bundle.read_bytes()) is None  # a CSV bundle: read as one map
