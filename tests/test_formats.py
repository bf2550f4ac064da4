"""Every format reads what it writes, without loss, and reads other tools' files."""

from __future__ import annotations

import json
import zipfile

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from ecomap.formats import load_map, save_map
from ecomap.formats.csv_bundle import from_texts, read_bundle_bytes, tables
from ecomap.formats.graphml import dumps as graphml_dumps
from ecomap.formats.json_map import dumps, loads
from ecomap.graph import from_graph, to_graph
from ecomap.model import MapInvalid, json_schema, validate_map
from tests.strategies import maps

EGO = {
    "id": "p1",
    "name": "Maud",
    "map_date": "2026-03-01",
    "interests": "gardening; singing",
    "latitude": 51.14,
    "longitude": -2.71,
}
ALTERS = [
    {
        "id": "ruth",
        "name": 'Ruth "Roo", daughter',
        "sector": "family",
        "is_kin": True,
        "circle": 1,
        "strength": "strong",
        "contact": "weekly",
        "support": ["emotional", "practical"],
        "gives": ["company"],
    },
    {
        "id": "bisi",
        "name": "Bisi <b>Adeyemi</b>",
        "sector": "neighbours",
        "contact": "less",
        "last_contact": "2025-06-01",
        "notes": "line one\nline two",
    },
    {"id": "cat", "name": "Tibbles", "kind": "pet", "sector": "pets", "circle": 1},
]
TIES = [{"source": "bisi", "target": "ruth", "stress": "some"}]


@pytest.fixture
def maud():
    return validate_map(EGO, ALTERS, TIES)


@pytest.mark.parametrize("name", ["m.json", "m.zip", "folder", "m.graphml"])
def test_each_format_reads_back_what_it_wrote(maud, tmp_path, name):
    save_map(maud, tmp_path / name)
    assert dumps(load_map(tmp_path / name)) == dumps(maud)


def test_json_is_canonical_with_the_schema_tag(maud):
    data = json.loads(dumps(maud))
    assert data["schema"] == "ecomap/1.1"
    assert list(data) == ["schema", "ego", "alters", "ties"]
    assert dumps(loads(dumps(maud))) == dumps(maud)


def test_csv_bundle_has_exactly_the_contract_columns(maud):
    texts = tables(maud)
    assert texts["ego.csv"].splitlines()[0] == (
        "id,name,map_date,year_of_birth,lives_alone,has_partner,postcode,latitude,longitude,interests,gifts,"
        "what_matters,access_needs,availability,coordinator,team,consent_date,ucla3_1,ucla3_2,ucla3_3,ons_lonely,"
        "gender,languages,interpreter,lsns6_1,lsns6_2,lsns6_3,lsns6_4,lsns6_5,lsns6_6,"
        "ons4_satisfied,ons4_worthwhile,ons4_happy,ons4_anxious,stage,good_life,present,sharing,sharing_partners"
    )
    assert texts["alters.csv"].splitlines()[0] == (
        "id,name,kind,sector,role,is_kin,is_paid,circle,strength,stress,contact,last_contact,support,gives,local,offers,notes,"
        "confide,call_on,under_18,looked_after,do_not_contact"
    )
    assert texts["alter_ties.csv"].splitlines() == ["source,target,stress", "bisi,ruth,some"]
    assert "emotional; practical" in texts["alters.csv"]


def test_excel_files_with_bom_and_crlf_read(maud):
    excel = {
        name: ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8") for name, text in tables(maud).items()
    }
    assert dumps(from_texts(excel)) == dumps(maud)


def test_a_zip_of_a_folder_reads(maud):
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in tables(maud).items():
            archive.writestr(f"maud/{name}", text)
    assert dumps(read_bundle_bytes(buffer.getvalue())) == dumps(maud)


def test_a_bundle_without_alter_ties_is_a_map_with_no_ties(maud):
    texts = tables(maud)
    del texts["alter_ties.csv"]
    assert from_texts(texts).ties == []


def test_csv_problems_name_the_file_row_and_field(maud):
    texts = tables(maud)
    lines = texts["alters.csv"].splitlines()
    lines[2] = lines[2].replace("neighbours", "nieghbours")
    texts["alters.csv"] = "\n".join(lines) + "\n"
    with pytest.raises(MapInvalid) as caught:
        from_texts(texts, file="maud.zip")
    (problem,) = caught.value.problems
    # The header is row 1, Ruth row 2 and Bisi (whose cell spans two lines) row 3.
    assert (problem.file, problem.row, problem.field, problem.value) == (
        "maud.zip/alters.csv",
        3,
        "sector",
        "nieghbours",
    )


def test_unknown_and_missing_columns_are_reported_on_the_header_row(maud):
    texts = tables(maud)
    texts["alters.csv"] = texts["alters.csv"].replace("sector,", "sektor,", 1)
    with pytest.raises(MapInvalid) as caught:
        from_texts(texts)
    assert {(p.row, p.field) for p in caught.value.problems} == {(1, "sektor"), (1, "sector")}


def test_missing_tables_and_broken_files_are_reported(tmp_path):
    with pytest.raises(MapInvalid, match="ego.csv: is missing from the bundle"):
        from_texts({"alters.csv": "id,name,sector\n"})
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    with pytest.raises(MapInvalid, match="is not a zip file"):
        load_map(tmp_path / "bad.zip")
    (tmp_path / "bad.json").write_text('{"ego": ', encoding="utf-8")
    with pytest.raises(MapInvalid, match="not valid JSON"):
        load_map(tmp_path / "bad.json")
    with pytest.raises(MapInvalid, match="does not exist"):
        load_map(tmp_path / "missing.json")


def test_unknown_file_type_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(MapInvalid, match="not a map file"):
        load_map(tmp_path / "notes.txt")


def test_json_problems_name_the_list_and_item():
    doc = json.loads(dumps(validate_map(EGO, ALTERS, TIES)))
    doc["alters"][1]["circle"] = 9
    with pytest.raises(MapInvalid) as caught:
        loads(json.dumps(doc), file="maud.json")
    assert str(caught.value.problems[0]).startswith("maud.json#alters, row 2, field 'circle'")


def test_graphml_is_read_by_networkx_with_typed_attributes(maud, tmp_path):
    path = tmp_path / "maud.graphml"
    path.write_bytes(graphml_dumps(maud))
    G = nx.read_graphml(path)
    assert set(G) == {"ego", "ruth", "bisi", "cat"}
    assert G.nodes["ego"]["label"] == "Maud" and G.nodes["ego"]["latitude"] == 51.14
    assert G.nodes["ruth"]["is_kin"] is True
    assert (
        G.edges["ego", "ruth"]["circle"] == 1 and G.edges["ego", "ruth"]["support"] == "emotional; practical"
    )
    assert G.edges["bisi", "ruth"]["tie"] == "alter"


def test_the_graph_has_the_person_as_ego_and_the_tie_on_the_edge(maud):
    G = to_graph(maud)
    assert G.nodes["ego"]["kind"] == "ego" and G.nodes["ego"]["name"] == "Maud"
    assert G.edges["ego", "ruth"]["flow"] == "mutual" and G.edges["ego", "ruth"]["strength"] == "strong"
    assert nx.shortest_path_length(G, "cat", "bisi") == 2


def test_published_json_schema_is_up_to_date():
    from pathlib import Path

    published = Path(__file__).parent.parent / "schema" / "ecomap-1.1.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == json_schema()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_round_trips_are_lossless_for_any_valid_map(m):
    text = dumps(m)
    assert dumps(loads(text)) == text
    assert dumps(from_texts(tables(m))) == text
    assert dumps(from_graph(to_graph(m))) == text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(maps())
def test_graphml_round_trip_is_lossless_for_any_valid_map(tmp_path, m):
    path = tmp_path / "m.graphml"
    path.write_bytes(graphml_dumps(m))
    assert dumps(load_map(path)) == dumps(m)
