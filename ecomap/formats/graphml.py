"""GraphML for Gephi, yEd, igraph and ``networkx.read_graphml``.

Attributes are typed (GraphML ``string``, ``int``, ``double``, ``boolean``); lists become
``;``-separated strings and dates ISO strings, because GraphML has neither. Every node has a
``label`` (the name) for Gephi. The person is the node ``ego``. Reading a file this module wrote
gives the map back exactly.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import networkx as nx

from ecomap import limits
from ecomap.formats.atomic import write_atomically
from ecomap.formats.safe_input import check_xml
from ecomap.graph import from_graph, to_graph
from ecomap.model import LIST_SEPARATOR, EcoMap, MapInvalid, Problem


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


def read_graphml(path: str | os.PathLike[str]) -> EcoMap:
    """Read a GraphML file written by ecomap back into a map."""
    check_xml(path, max_nodes=limits.current().alters + 1)
    try:
        G = nx.read_graphml(Path(path))
    except Exception as error:  # networkx raises several XML and key errors
        raise MapInvalid(
            [Problem(str(path), None, None, None, f"is not readable GraphML: {error}")]
        ) from None
    if "ego" not in G:
        raise MapInvalid([Problem(str(path), None, None, None, "has no node 'ego' for the person")])
    H = nx.Graph(**G.graph)
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: v for k, v in data.items() if k != "label"})
    for u, v, data in G.edges(data=True):
        data = dict(data)
        if "tie_source" in data:
            data["source"] = data.pop("tie_source")
        H.add_edge(u, v, **data)
    try:
        return from_graph(H)
    except (ValueError, TypeError) as error:  # TypeError: attributes of mixed types
        raise MapInvalid([Problem(str(path), None, None, None, str(error))]) from None
