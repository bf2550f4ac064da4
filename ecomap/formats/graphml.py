"""GraphML for Gephi, yEd, igraph and ``networkx.read_graphml``.

Attributes are typed (GraphML ``string``, ``int``, ``double``, ``boolean``); lists become
``;``-separated strings and dates ISO strings, because GraphML has neither. Every node has a
``label`` (the name) for Gephi. The person is the node ``ego``. Reading a file this module wrote
gives the map back exactly.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx

from ecomap.formats.atomic import write_atomically
from ecomap.graph import NODE_FIELDS, TIE_FIELDS, from_graph, to_graph
from ecomap.model import EGO_ID, LIST_SEPARATOR, Alter, EcoMap, Ego, MapInvalid, Problem, validate_map


def _scalar(value):
    if isinstance(value, (list, tuple)):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_graph(m: EcoMap) -> nx.Graph:
    """The map's graph with GraphML-friendly attributes (no ``None``, no lists, no dates)."""
    G = to_graph(m)
    H = nx.Graph(**{k: _scalar(v) for k, v in G.graph.items()})
    for node, data in G.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None}
        H.add_node(node, label=data["name"], **attrs)
    for u, v, data in G.edges(data=True):
        attrs = {k: _scalar(val) for k, val in data.items() if val is not None}
        # GraphML's own edge ends are source/target; keep ours under names that cannot clash.
        if "source" in attrs:
            attrs["tie_source"] = attrs.pop("source")
        H.add_edge(u, v, **attrs)
    return H


def dumps(m: EcoMap) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(export_graph(m), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def write_graphml(m: EcoMap, path: str | os.PathLike[str]) -> None:
    write_atomically(path, dumps(m))


#: Attributes other tools add for drawing: Gephi (x, y, z, size, r, g, b), yEd (x, y, label,
#: shape_type from its node graphics), Network Canvas (layout as ``<variable>_x`` / ``_y``) and
#: common viewers (color, width, height). They say where and how a node was drawn, not who it is.
DRAWING_ATTRIBUTES: frozenset[str] = frozenset(
    {"x", "y", "z", "size", "r", "g", "b", "color", "colour", "shape_type", "width", "height", "fill"}
)
_DRAWN_LAYOUT = re.compile(r".+_(x|y|X|Y|screenSpaceX|screenSpaceY)$")
#: Network Canvas's own bookkeeping on nodes and edges (its ids and type names).
NETWORK_CANVAS_ATTRIBUTES: frozenset[str] = frozenset(
    {"networkCanvasType", "networkCanvasUUID", "networkCanvasSourceUUID", "networkCanvasTargetUUID"}
)
#: What this module writes besides the data contract's fields, read back without comment.
_OWN_ATTRIBUTES: frozenset[str] = frozenset({"label", "kind", "tie", "flow", "tie_source", "position", "id"})
_GRAPH_SETTINGS: frozenset[str] = frozenset({"node_default", "edge_default", "schema"})


def is_drawing_attribute(name: str) -> bool:
    """Whether an attribute only says how a node or edge was drawn (see :data:`DRAWING_ATTRIBUTES`)."""
    return name in DRAWING_ATTRIBUTES or bool(_DRAWN_LAYOUT.match(name))


def read_graphml(path: str | os.PathLike[str], notes: list[str] | None = None) -> EcoMap:
    """Read GraphML written by ecomap, networkx, Gephi, yEd or Network Canvas into a map.

    The person is the node ``ego``, or (as Network Canvas writes it) the data of the ``<graph>``
    element, with the map date from its ``nc:sessionStartTime``. A node's name is its ``name``,
    else its ``label`` (Gephi, yEd). Drawing attributes and anything that is not a field of the
    data contract are left out, and said so in ``notes`` when a list is given. Every problem is
    raised together as :class:`MapInvalid`, each naming the node or edge and the field.
    """
    file = str(path)
    try:
        G = nx.read_graphml(Path(path))
        graph_element = _graph_element_attributes(Path(path))
    except Exception as error:  # networkx and ElementTree raise several XML and key errors
        raise MapInvalid([Problem(file, None, None, None, f"is not readable GraphML: {error}")]) from None
    notes = [] if notes is None else notes
    left_out: dict[str, set[str]] = {}
    if EGO_ID in G:
        ego = _fields(G.nodes[EGO_ID], Ego.model_fields, "the person's node", left_out)
        if "id" not in ego:
            ego["id"] = EGO_ID
            notes.append("The person has no id attribute; their id is the node's, 'ego'.")
        people = [n for n in G if n != EGO_ID]
    else:
        ego = _ego_from_graph(G, graph_element, left_out)
        if not ego:
            raise MapInvalid(
                [
                    Problem(
                        file,
                        None,
                        None,
                        None,
                        "has no node 'ego' for the person, and no data about the person on its graph element",
                    )
                ]
            )
        notes.append("The person was read from the graph element's data, as Network Canvas writes it.")
        people = list(G)
    alters, named_by_label = [], []
    for node in people:
        # Other tools keep everything on the node; ecomap keeps the tie's fields on the edge.
        record = _fields(G.nodes[node], Alter.model_fields, "nodes", left_out)
        record["id"] = str(node)
        if "name" not in record and G.nodes[node].get("label"):
            record["name"] = G.nodes[node]["label"]
            named_by_label.append(str(node))
        if G.has_edge(EGO_ID, node):
            record.update(_fields(G.edges[EGO_ID, node], TIE_FIELDS, "ties to the person", left_out))
        alters.append(record)
    ties, tie_names, order = [], [], []
    for u, v, data in G.edges(data=True):
        if EGO_ID in (u, v):
            continue
        record = _fields(data, ("stress",), "ties between alters", left_out)
        source = str(data.get("tie_source", u))
        ties.append({"source": source, "target": str(v) if source == str(u) else str(u), **record})
        tie_names.append(f"edge {data['id']!r}" if "id" in data else f"edge {u} - {v}")
        order.append({"position": data["position"]} if "position" in data else {})
    if named_by_label:
        notes.append(f"Names read from the label (no name attribute): {', '.join(named_by_label)}.")
    for what, names in left_out.items():
        notes.append(f"Left out {what}: {', '.join(sorted(names))}.")
    person = "node 'ego'" if EGO_ID in G else "graph"
    _check(ego, alters, ties, file, [person] + [f"node {a['id']!r}" for a in alters], tie_names)
    H = nx.Graph()
    H.add_node(EGO_ID, **ego)
    for record in alters:
        H.add_node(record["id"], **{k: v for k, v in record.items() if k in NODE_FIELDS})
        H.add_edge(EGO_ID, record["id"], **{k: v for k, v in record.items() if k in TIE_FIELDS})
    for tie, position in zip(ties, order):
        H.add_edge(tie["source"], tie["target"], **tie, **position)
    try:
        return from_graph(H)
    except MapInvalid as error:
        raise MapInvalid([dataclasses.replace(p, file=f"{file}#{p.file}") for p in error.problems]) from None


def _fields(data: dict, wanted, where: str, left_out: dict[str, set[str]]) -> dict:
    """The attributes that are fields in ``wanted``; the others are noted in ``left_out``."""
    record = {}
    for name, value in data.items():
        if name in wanted:
            record[name] = value
        elif is_drawing_attribute(name):
            left_out.setdefault(f"drawing attributes on {where}", set()).add(name)
        elif name in NETWORK_CANVAS_ATTRIBUTES:
            left_out.setdefault(f"Network Canvas bookkeeping on {where}", set()).add(name)
        elif name not in _OWN_ATTRIBUTES:
            left_out.setdefault(f"attributes that are not ecomap fields on {where}", set()).add(name)
    return record


def _graph_element_attributes(path: Path) -> dict[str, str]:
    """The attributes of the first ``<graph>`` element, by local name (``nc:caseId`` -> ``caseId``)."""
    for _, element in ElementTree.iterparse(path, events=("start",)):
        if element.tag.rsplit("}", 1)[-1] == "graph":
            return {name.rsplit("}", 1)[-1]: value for name, value in element.attrib.items()}
    return {}


def _ego_from_graph(G: nx.Graph, element: dict[str, str], left_out: dict[str, set[str]]) -> dict:
    """The person from graph-level data (Network Canvas): the ego's variables by name, the id from
    its ``networkCanvasUUID`` or case id, the map date from the session's start."""
    data = {k: v for k, v in G.graph.items() if k not in _GRAPH_SETTINGS}
    if not data and "caseId" not in element:
        return {}
    ego = _fields(data, Ego.model_fields, "the person (graph data)", left_out)
    uuid = data.get("networkCanvasUUID") or element.get("caseId") or ""
    ego.setdefault("id", re.sub(r"[;\s]+", "-", str(uuid)).strip("-") or "person")
    if "name" not in ego and element.get("caseId"):
        ego["name"] = element["caseId"]
    started = element.get("sessionStartTime") or element.get("sessionFinishTime") or ""
    if "map_date" not in ego and started:
        ego["map_date"] = started[:10]
    return ego


def _check(
    ego: dict, alters: list[dict], ties: list[dict], file: str, nodes: list[str], edges: list[str]
) -> None:
    """Every problem of the map at once, each named by its node or edge in the file."""
    try:
        validate_map(ego, alters, ties, file=file, locate=lambda _file, table: table)
    except MapInvalid as error:
        raise MapInvalid([_located(p, file, nodes, edges) for p in error.problems]) from None


def _located(problem: Problem, file: str, nodes: list[str], edges: list[str]) -> Problem:
    """The problem named by where it is in the file; ``nodes`` starts with the person's place."""
    names = {"alters": nodes[1:], "alter_ties": edges}.get(problem.file)
    if problem.file == "ego":
        where = f"{file}#{nodes[0]}"
    elif names is not None and problem.row is not None:
        where = f"{file}#{names[problem.row - 1]}"
    else:
        where = file
    return dataclasses.replace(problem, file=where, row=None)
