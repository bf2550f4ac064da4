"""Network Canvas's CSV export: one map per interview session, grouped by case and session.

The layout is the one Network Canvas (Interviewer, Fresco) exports, per session or merged:

- ``<case>_<session>_ego.csv``: one row per session, ``networkCanvasEgoUUID``,
  ``networkCanvasCaseID``, ``networkCanvasSessionID``, ``networkCanvasProtocolName``,
  ``sessionStart``, ``sessionFinish``, ``sessionExported``, then the ego's variables by name;
- ``<case>_<session>_attributeList_<NodeType>.csv``: one row per node, ``nodeID``,
  ``networkCanvasEgoUUID``, ``networkCanvasUUID``, then the node's variables (ties to the person
  are kept on the node, as Network Canvas keeps them);
- ``<case>_<session>_edgeList_<EdgeType>.csv``: ``edgeID``, ``from``, ``to``,
  ``networkCanvasEgoUUID``, ``networkCanvasUUID``, ``networkCanvasSourceUUID``,
  ``networkCanvasTargetUUID``, then the edge's variables.

A categorical variable is exported as one ``true``/``false`` column per option
(``<variable>_<option value>``); an ordinal one as its option's value. The protocol file
(``.netcanvas``, a zip holding ``protocol.json`` with its codebook), when given, turns option
values into their labels and tells which columns belong to one categorical variable. Layout
columns (``<variable>_x``, ``_y``) say where a node was drawn and are left out.

The person's case id is their ecomap id, so two sessions of one case are two snapshots of one
person; the map date is the session's start.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ecomap.importers.build import ImportResult, build, finish_alter, map_date_from, usable_id
from ecomap.importers.mapping import ALTER_FIELDS, EGO_FIELDS, Mapping, Report, map_columns
from ecomap.importers.tables import read_table
from ecomap.model import MapInvalid, Problem

TOOL = "Network Canvas"
EGO_UUID = "networkCanvasEgoUUID"
UUID = "networkCanvasUUID"
SOURCE, TARGET = "networkCanvasSourceUUID", "networkCanvasTargetUUID"
CASE = "networkCanvasCaseID"
#: Columns that are Network Canvas's own bookkeeping, not anyone's answers.
BOOKKEEPING = frozenset(
    {"nodeID", "edgeID", "from", "to", "sessionStart", "sessionFinish", "sessionExported", "APP_VERSION"}
    | {"COMMIT_HASH", "codebookHash"}
)
_LAYOUT = re.compile(r".+_(x|y|screenSpaceX|screenSpaceY)$")
_FILE = re.compile(
    r"(?:^|_)(?:(?P<ego>ego)|attributeList_(?P<node>\w+)|edgeList_(?P<edge>\w+)|(?P<matrix>adjacencyMatrix_\w+))\.csv$"
)


def _collect(paths: list[Path]) -> tuple[dict[str, bytes], bytes | None]:
    """The export's CSV files by name, and a protocol file found among them."""
    files: dict[str, bytes] = {}
    protocol = None
    for path in paths:
        if path.is_dir():
            for inner in sorted(path.rglob("*")):
                if inner.suffix.lower() == ".csv":
                    files[inner.name] = inner.read_bytes()
                elif inner.suffix.lower() == ".netcanvas":
                    protocol = inner.read_bytes()
        elif path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    for name in archive.namelist():
                        base = PurePosixPath(name).name
                        if name.startswith("__MACOSX") or name.endswith("/"):
                            continue
                        if base.lower().endswith(".csv"):
                            files[base] = archive.read(name)
                        elif base.lower().endswith(".netcanvas"):
                            protocol = archive.read(name)
            except zipfile.BadZipFile:
                raise MapInvalid([Problem(str(path), None, None, None, "is not a zip file")]) from None
        elif path.suffix.lower() == ".netcanvas":
            protocol = path.read_bytes()
        elif path.suffix.lower() == ".csv":
            files[path.name] = path.read_bytes()
        else:
            raise MapInvalid(
                [
                    Problem(
                        str(path), None, None, None, "is not a Network Canvas export (.zip, folder or .csv)"
                    )
                ]
            )
    return files, protocol


def read_codebook(data: bytes, file: str = "protocol.netcanvas") -> dict[str, Any]:
    """The codebook of a protocol file (a zip holding ``protocol.json``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = next(n for n in archive.namelist() if PurePosixPath(n).name == "protocol.json")
            return json.loads(archive.read(name).decode("utf-8-sig")).get("codebook", {})
    except (zipfile.BadZipFile, StopIteration, ValueError, AttributeError) as error:
        raise MapInvalid(
            [Problem(file, None, None, None, f"is not a Network Canvas protocol with a codebook ({error})")]
        ) from None


def _variables(entity: Any) -> dict[str, dict[str, str]]:
    """Categorical and ordinal variables of a codebook entry: name -> {option value: label}."""
    found = {}
    variables = entity.get("variables", {}) if isinstance(entity, dict) else {}
    for variable in variables.values() if isinstance(variables, dict) else []:
        options = variable.get("options") if isinstance(variable, dict) else None
        if isinstance(options, list) and variable.get("name"):
            labels = {}
            for option in options:
                if isinstance(option, dict):
                    labels[str(option.get("value"))] = str(option.get("label", option.get("value")))
                else:
                    labels[str(option)] = str(option)
            found[str(variable["name"])] = labels
    return found


def _answers(row: dict[str, str], options: dict[str, dict[str, str]], wanted: set[str]) -> dict[str, str]:
    """The row with each categorical variable gathered into one cell of its options' labels.

    With a codebook, ``<name>_<value>`` columns that are ``true`` give the labels of the values,
    and an ordinal variable's value becomes its label. Without one, a variable the mapping names
    but the row lacks is gathered from its ``<name>_<value>`` columns, as values.
    """
    out = dict(row)
    present = {c.casefold() for c in row}
    names = set(options) | {w for w in wanted if w.casefold() not in present}
    for name in names:
        labels = options.get(name, {})
        prefix = f"{name}_".casefold()
        columns = [
            c for c in row if c.casefold().startswith(prefix) and c[len(prefix) :] and not _LAYOUT.match(c)
        ]
        if name in row and labels:
            out[name] = labels.get(row[name], row[name])
            continue
        if not columns:
            continue
        chosen = [c[len(prefix) :] for c in columns if row[c].strip().casefold() == "true"]
        for column in columns:
            out.pop(column, None)
        answered = any(row[c].strip() for c in columns)
        out[name] = ";".join(labels.get(v, v) for v in chosen) if answered else ""
    return out


#: What the chosen node and edge types are read as, for the report.
_READ_AS = {
    "node": "node types read as the person's contacts",
    "edge": "edge types read as 'know each other'",
}


def _choose(found: list[str], given: list[str] | None, report: Report, entity: str, default) -> list[str]:
    """The node or edge types to read: those asked for, else the default's; the rest reported."""
    what = _READ_AS[entity]
    if given:
        chosen = [t for t in found if t.casefold() in {g.casefold() for g in given}]
        report.choose(f"{what}: {', '.join(chosen) or 'none of them'} (as asked)")
    else:
        chosen = default(found)
        report.choose(f"{what}: {', '.join(chosen) or 'none'} (by default; of {', '.join(found) or 'none'})")
    for other in sorted(set(found) - set(chosen)):
        report.cannot_map(f"{entity} types left out", other)
    return chosen


def _default_node_types(found: list[str]) -> list[str]:
    """Network Canvas's usual type for people, "Person"; else the first type (in name order)."""
    people = [t for t in found if t.casefold() == "person"]
    return people or found[:1]


def _default_edge_types(found: list[str]) -> list[str]:
    knowing = [t for t in found if "know" in t.casefold()]
    return knowing or found


def read_networkcanvas(
    paths: list[str | os.PathLike[str]],
    mapping: Mapping | None = None,
    *,
    protocol: str | os.PathLike[str] | None = None,
    node_types: list[str] | None = None,
    know_each_other: list[str] | None = None,
    map_date: date | None = None,
) -> ImportResult:
    """One map per session of a Network Canvas CSV export; see the module's docstring."""
    mapping = mapping or Mapping()
    files, found_protocol = _collect([Path(p) for p in paths])
    codebook: dict[str, Any] = {}
    result = ImportResult()
    report = result.report
    if protocol is not None:
        codebook = read_codebook(Path(protocol).read_bytes(), str(protocol))
    elif found_protocol is not None:
        codebook = read_codebook(found_protocol)
    if codebook:
        report.choose("option labels come from the protocol's codebook")
    else:
        report.choose("no protocol given: categorical and ordinal answers are read as their option values")
    egos: list[tuple[str, int, dict[str, str]]] = []
    nodes: dict[str, list[tuple[str, int, dict[str, str]]]] = {}
    edges: dict[str, list[tuple[str, int, dict[str, str]]]] = {}
    for name, raw in sorted(files.items()):
        match = _FILE.search(name)
        if match is None or match["matrix"]:
            report.cannot_map("files that are not an ego list, node list or edge list", name)
            continue
        _, rows = read_table(raw, name, ",")
        tagged = [(name, number, row) for number, row in rows]
        if match["ego"]:
            egos += tagged
        elif match["node"]:
            nodes.setdefault(match["node"], []).extend(tagged)
        else:
            edges.setdefault(match["edge"], []).extend(tagged)
    if not egos:
        raise MapInvalid(
            [
                Problem(
                    ", ".join(map(str, paths)), None, None, None, "has no ego file (<case>_<session>_ego.csv)"
                )
            ]
        )
    options = mapping.options.get("networkcanvas", {})
    types = _choose(
        sorted(nodes), node_types or options.get("node_types"), report, "node", _default_node_types
    )
    tie_types = _choose(
        sorted(edges), know_each_other or options.get("know_each_other"), report, "edge", _default_edge_types
    )
    node_codebook = codebook.get("node", {}) if isinstance(codebook.get("node"), dict) else {}
    options_of_type = {
        str(entry.get("name")): _variables(entry)
        for entry in node_codebook.values()
        if isinstance(entry, dict)
    }
    ego_options = _variables(codebook.get("ego", {}))
    alter_wanted = set(mapping.alter_columns)
    for file, number, row in egos:
        uuid = row.get(EGO_UUID, "").strip()
        answers = _answers(
            _without_bookkeeping(row, report, "the ego file"), ego_options, set(mapping.ego_columns)
        )
        ego = map_columns(answers, mapping.ego_columns, EGO_FIELDS, mapping, report)
        ego.setdefault("id", usable_id(row.get(CASE) or uuid, f"session-{number}"))
        if "name" not in ego:
            ego["name"] = row.get(CASE) or uuid or f"Session {number}"
            report.choose("name: the person's name is their case id (the ego file has no name variable)")
        when = row.get("sessionStart") or row.get("sessionFinish") or row.get("sessionExported")
        ego.setdefault("map_date", map_date_from(when, map_date))
        alters, ids_of = [], {}
        for node_type in types:
            for _, node_number, node in nodes.get(node_type, []):
                if node.get(EGO_UUID, "").strip() != uuid:
                    continue
                key = node.get(UUID, "").strip() or f"{node_type}-{node.get('nodeID')}"
                answers = _answers(
                    _without_bookkeeping(node, report, "node lists"),
                    options_of_type.get(node_type, {}),
                    alter_wanted,
                )
                record = map_columns(answers, mapping.alter_columns, ALTER_FIELDS, mapping, report)
                record["id"] = usable_id(key, f"alter-{node_number}")
                ids_of[key] = record["id"]
                alters.append(finish_alter(record, TOOL, mapping, report))
        ties, pairs = [], set()
        for edge_type in tie_types:
            for _, _, edge in edges.get(edge_type, []):
                if edge.get(EGO_UUID, "").strip() != uuid:
                    continue
                ends = edge.get(SOURCE, "").strip(), edge.get(TARGET, "").strip()
                if ends[0] not in ids_of or ends[1] not in ids_of or ends[0] == ends[1]:
                    report.cannot_map("edges to nodes that were not read", f"{edge_type} {ends[0]}-{ends[1]}")
                    continue
                pair = frozenset(ends)
                if pair not in pairs:
                    pairs.add(pair)
                    ties.append({"source": ids_of[ends[0]], "target": ids_of[ends[1]]})
        build(ego, alters, ties, f"{file} (session {row.get('networkCanvasSessionID') or uuid})", result)
    return result


def _without_bookkeeping(row: dict[str, str], report: Report, where: str) -> dict[str, str]:
    """The row without Network Canvas's ids and session columns, and without layout columns."""
    kept = {}
    for column, value in row.items():
        if column in BOOKKEEPING or column.startswith("networkCanvas"):
            continue
        if _LAYOUT.match(column):
            report.cannot_map(f"layout columns (where a node was drawn) in {where}", column)
            continue
        kept[column] = value
    return kept
