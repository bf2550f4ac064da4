"""An :class:`~ecomap.model.EcoMap` as a networkx graph, and back, without loss.

The graph is undirected. The person is the node ``"ego"`` (attribute ``kind="ego"`` and every
profile field); each alter is a node keyed by its id carrying who they are; the tie to the person
is the edge ``("ego", alter_id)`` with ``tie="ego"`` and the tie's fields (circle, strength,
stress, contact, last contact, support, gives, flow); a tie between alters is an edge with
``tie="alter"`` and its stress. The map's schema lives in ``G.graph``.

Analysts can run any networkx algorithm on it, for example::

    >>> import networkx as nx
    >>> G = to_graph(m)                       # doctest: +SKIP
    >>> nx.ego_graph(G, "ego").number_of_nodes()  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ecomap.model import EGO_ID, SCHEMA, Alter, AlterTie, EcoMap, Ego, MapInvalid, Problem

#: Alter fields that describe the tie to the person, kept on the ego edge rather than the node.
TIE_FIELDS: tuple[str, ...] = (
    "circle",
    "strength",
    "stress",
    "contact",
    "last_contact",
    "support",
    "gives",
)
NODE_FIELDS: tuple[str, ...] = tuple(f for f in Alter.model_fields if f not in TIE_FIELDS)


def to_graph(m: EcoMap) -> nx.Graph:
    """The map as an undirected networkx graph with the person as node ``"ego"``.

    Node and edge insertion order follows the map's order, so :func:`from_graph` gives the map
    back exactly.
    """
    G = nx.Graph(schema=SCHEMA)
    G.add_node(EGO_ID, kind="ego", **m.ego.model_dump())
    for a in m.alters:
        data = a.model_dump()
        G.add_node(a.id, **{f: data[f] for f in NODE_FIELDS})
    for a in m.alters:
        data = a.model_dump()
        G.add_edge(EGO_ID, a.id, tie="ego", flow=a.flow, **{f: data[f] for f in TIE_FIELDS})
    for position, t in enumerate(m.ties):
        # An undirected graph forgets which end came first and iterates edges by node, so the
        # written direction and order ride along for a lossless way back.
        G.add_edge(t.source, t.target, tie="alter", stress=t.stress, source=t.source, position=position)
    return G


def from_graph(G: nx.Graph) -> EcoMap:
    """Rebuild the map from a graph made by :func:`to_graph` (or one shaped the same way).

    Ties added by hand (without the ``source`` and ``position`` attributes :func:`to_graph`
    writes) come after the others, with their ends in alter order.
    """
    ego_data = {k: v for k, v in G.nodes[EGO_ID].items() if k != "kind" or v != "ego"}
    ego_data.pop("kind", None)
    ego = Ego.model_validate(ego_data)
    alters: list[Alter] = []
    order: dict[str, int] = {}
    for node, data in G.nodes(data=True):
        if node == EGO_ID:
            continue
        record: dict[str, Any] = {f: data[f] for f in NODE_FIELDS if f in data}
        if G.has_edge(EGO_ID, node):
            edge = G.edges[EGO_ID, node]
            record.update({f: edge[f] for f in TIE_FIELDS if f in edge})
        order[node] = len(alters)
        alters.append(Alter.model_validate(record))
    ties = []
    for u, v, data in G.edges(data=True):
        if EGO_ID in (u, v):
            continue
        source, target = (u, v) if order[u] <= order[v] else (v, u)
        if data.get("source") in (u, v):
            source, target = (u, v) if data["source"] == u else (v, u)
        position = data.get("position", len(G))
        if isinstance(position, bool) or not isinstance(position, int):
            # A hand-made file may give a position of another type; sorting would fail on it.
            raise MapInvalid(
                [
                    Problem(
                        f"edge {u} - {v}",
                        None,
                        "position",
                        position,
                        "is not a whole number (the tie's order)",
                    )
                ]
            )
        ties.append((position, order[source], order[target], source, target, data.get("stress", "none")))
    ties.sort(key=lambda row: row[:3])
    return EcoMap(
        ego=ego,
        alters=alters,
        ties=[AlterTie(source=s, target=t, stress=stress) for *_, s, t, stress in ties],
    )


def alter_graph(m: EcoMap) -> nx.Graph:
    """The alters and their ties to each other, without the person (``A`` in DESIGN.md)."""
    A = nx.Graph()
    A.add_nodes_from(a.id for a in m.alters)
    A.add_edges_from((t.source, t.target) for t in m.ties)
    return A
