"""GraphML from other tools: every problem named by node or edge and field, drawing attributes of
Gephi, yEd and Network Canvas left out and reported, and the person on the graph element.

The files are written here in the layouts those tools write: Gephi's GraphML export (node
``label``, ``size``, ``r``, ``g``, ``b``, ``x``, ``y``; edge ``weight``), yEd's (node graphics in
``yfiles.type="nodegraphics"`` keys) and Network Canvas's (ego data on the ``<graph>`` element,
session metadata as ``nc:`` attributes; documented in its "Network Canvas GraphML Format").
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.formats import load_map
from ecomap.formats.graphml import read_graphml
from ecomap.model import MapInvalid

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'


def key(name: str, kind: str = "string", for_: str = "node") -> str:
    return f'<key id="{name}" for="{for_}" attr.name="{name}" attr.type="{kind}"/>\n'


def node(node_id: str, **data) -> str:
    cells = "".join(f'<data key="{k}">{v}</data>' for k, v in data.items())
    return f'<node id="{node_id}">{cells}</node>\n'


def edge(source: str, target: str, edge_id: str | None = None, **data) -> str:
    cells = "".join(f'<data key="{k}">{v}</data>' for k, v in data.items())
    ident = f' id="{edge_id}"' if edge_id else ""
    return f'<edge{ident} source="{source}" target="{target}">{cells}</edge>\n'


def gephi_file(tmp_path, ego_extra: dict | None = None, alters: str = "", edges: str = ""):
    keys = "".join(key(k) for k in ("label", "name", "map_date", "sector", "kind", "circle"))
    keys += "".join(key(k, "float") for k in ("size", "x", "y")) + "".join(key(k, "int") for k in "rgb")
    keys += "".join(key(k) for k in (ego_extra or {}))
    keys += (
        key("weight", "double", "edge") + key("stress", "string", "edge") + key("strength", "string", "edge")
    )
    drawing = {"size": 10.0, "r": 153, "g": 153, "b": 153, "x": -12.5, "y": 40.1}
    body = node("ego", label="Maud", name="Maud", map_date="2026-03-01", **drawing, **(ego_extra or {}))
    body += alters or node("a1", label="Ann", sector="family", **drawing) + node(
        "a2", label="Bob", sector="friends"
    )
    body += edges or edge("ego", "a1", "0", weight=1.0) + edge("ego", "a2", "1", weight=1.0)
    path = tmp_path / "gephi.graphml"
    path.write_text(HEAD + keys + '<graph edgedefault="undirected">\n' + body + "</graph>\n</graphml>\n")
    return path


def test_gephi_drawing_attributes_are_left_out_on_the_ego_node_too_and_reported(tmp_path):
    notes: list[str] = []
    m = read_graphml(gephi_file(tmp_path), notes)
    assert m.ego.name == "Maud" and m.ego.map_date == date(2026, 3, 1)
    assert [(a.id, a.name, a.sector) for a in m.alters] == [("a1", "Ann", "family"), ("a2", "Bob", "friends")]
    assert "Left out drawing attributes on the person's node: b, g, r, size, x, y." in notes
    assert "Left out drawing attributes on nodes: b, g, r, size, x, y." in notes
    assert "Left out attributes that are not ecomap fields on ties to the person: weight." in notes
    assert "Names read from the label (no name attribute): a1, a2." in notes


def test_every_problem_is_listed_with_its_node_or_edge_and_field(tmp_path):
    alters = node("a1", name="Ann", sector="family", circle="7") + node("a2", name="Bob", sector="pub")
    alters += node("a3", name="Cy")
    edges = edge("ego", "a1") + edge("ego", "a2") + edge("ego", "a3", "e3", strength="huge")
    edges += edge("a1", "a2", "tie-1", stress="awful")
    with pytest.raises(MapInvalid) as error:
        read_graphml(gephi_file(tmp_path, alters=alters, edges=edges))
    found = {(p.file.split("#", 1)[1], p.field) for p in error.value.problems}
    assert found == {
        ("node 'a1'", "circle"),
        ("node 'a2'", "sector"),
        ("node 'a3'", "sector"),
        ("node 'a3'", "strength"),
        ("edge 'tie-1'", "stress"),
    }
    assert all(p.file.startswith(str(tmp_path / "gephi.graphml")) for p in error.value.problems)


def test_a_bad_field_of_the_person_names_the_ego_node(tmp_path):
    with pytest.raises(MapInvalid) as error:
        read_graphml(gephi_file(tmp_path, ego_extra={"year_of_birth": "long ago"}))
    (problem,) = error.value.problems
    assert (problem.file.split("#")[1], problem.field) == ("node 'ego'", "year_of_birth")


def test_yed_node_graphics_are_drawing_attributes(tmp_path):
    y = "http://www.yworks.com/xml/graphml"
    graphics = (
        f'<data key="d6"><y:ShapeNode xmlns:y="{y}"><y:Geometry height="30" width="30" x="10" y="20"/>'
        '<y:NodeLabel>Ann</y:NodeLabel><y:Shape type="ellipse"/></y:ShapeNode></data>'
    )
    text = (
        HEAD
        + '<key id="d6" for="node" yfiles.type="nodegraphics"/>\n'
        + key("name")
        + key("map_date")
        + key("sector")
        + '<graph edgedefault="undirected">\n'
        + node("ego", name="Maud", map_date="2026-03-01")
        + f'<node id="a1"><data key="sector">family</data>{graphics}</node>\n'
        + edge("ego", "a1")
        + "</graph>\n</graphml>\n"
    )
    path = tmp_path / "yed.graphml"
    path.write_text(text)
    notes: list[str] = []
    m = read_graphml(path, notes)
    assert m.alters[0].name == "Ann"  # from yEd's node label
    assert "Left out drawing attributes on nodes: shape_type, x, y." in notes


def network_canvas_file(tmp_path, started="2026-04-02T14:00:11.000Z"):
    nc = 'xmlns:nc="http://schema.networkcanvas.com/xmlns"'
    text = (
        HEAD.replace("<graphml ", f"<graphml {nc} ")
        + key("name", for_="graph")
        + key("networkCanvasUUID", for_="all")
        + key("networkCanvasType", for_="all")
        + key("label")
        + key("sector")
        + key("layout_x", "double")
        + key("layout_y", "double")
        + f'<graph edgedefault="undirected" nc:caseId="P014" nc:sessionUUID="s-1" '
        f'nc:sessionStartTime="{started}">\n'
        + '<data key="networkCanvasUUID">6f1c-ego</data><data key="name">Maud</data>\n'
        + node(
            "1",
            networkCanvasUUID="a11",
            networkCanvasType="Person",
            label="Ann",
            sector="family",
            layout_x=0.31,
            layout_y=0.4,
        )
        + node("2", networkCanvasUUID="b22", networkCanvasType="Person", label="Bob", sector="friends")
        + edge("1", "2", "1", networkCanvasUUID="e01", networkCanvasType="knows")
        + "</graph>\n</graphml>\n"
    )
    path = tmp_path / "nc.graphml"
    path.write_text(text)
    return path


def test_network_canvas_keeps_the_person_on_the_graph_element(tmp_path):
    notes: list[str] = []
    m = read_graphml(network_canvas_file(tmp_path), notes)
    assert (m.ego.id, m.ego.name, m.ego.map_date) == ("6f1c-ego", "Maud", date(2026, 4, 2))
    assert [(a.id, a.name) for a in m.alters] == [("1", "Ann"), ("2", "Bob")]
    assert [(t.source, t.target) for t in m.ties] == [("1", "2")]
    assert any("graph element" in n for n in notes)
    assert "Left out drawing attributes on nodes: layout_x, layout_y." in notes
    assert "Left out Network Canvas bookkeeping on nodes: networkCanvasType, networkCanvasUUID." in notes


def test_no_ego_anywhere_is_one_clear_problem(tmp_path):
    path = tmp_path / "plain.graphml"
    path.write_text(
        HEAD + key("name") + '<graph edgedefault="undirected">' + node("a", name="A") + "</graph></graphml>"
    )
    with pytest.raises(MapInvalid) as error:
        read_graphml(path)
    assert "no node 'ego'" in error.value.problems[0].message


def test_a_position_of_another_type_is_a_problem_not_a_crash(tmp_path):
    keys = key("name") + key("map_date") + key("sector") + key("position", "string", "edge")
    body = node("ego", name="Maud", map_date="2026-03-01")
    body += (
        node("a", name="A", sector="family")
        + node("b", name="B", sector="family")
        + node("c", name="C", sector="family")
    )
    body += edge("ego", "a") + edge("ego", "b") + edge("ego", "c") + edge("a", "b", position="first")
    body += edge("b", "c")
    path = tmp_path / "position.graphml"
    path.write_text(HEAD + keys + '<graph edgedefault="undirected">' + body + "</graph></graphml>")
    with pytest.raises(MapInvalid) as error:
        load_map(path)
    (problem,) = error.value.problems
    assert (problem.field, problem.value) == ("position", "first") and "a - b" in problem.file
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output and "'position'" in result.output


def test_a_problem_of_the_person_on_the_graph_element_names_the_graph(tmp_path):
    with pytest.raises(MapInvalid) as error:
        read_graphml(network_canvas_file(tmp_path, started="yesterday"))
    (problem,) = error.value.problems
    assert (problem.file.split("#")[1], problem.field, problem.value) == ("graph", "map_date", "yesterday")
