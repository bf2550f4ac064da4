"""Importing the maps people already have in other tools: Network Canvas, egor, easyNWK (and
GraphML from Gephi, yEd or Network Canvas).

Each importer turns a tool's files into ecomap maps (one per session, ego or version) with a
:class:`~ecomap.importers.mapping.Report` of every choice it made and everything it could not
map. What a tool does not record (how often they are in contact, what support flows) stays *not
recorded*, never invented. A :class:`~ecomap.importers.mapping.Mapping` (a TOML file) keeps a
team's vocabulary for repeated imports. See ``docs/import-*.md``.

- :mod:`ecomap.importers.networkcanvas`: the CSV export, a folder or zip;
- :mod:`ecomap.importers.egor`: egor's three tables;
- :mod:`ecomap.importers.easynwk`: an easyNWK saved file.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ecomap.formats.graphml import read_graphml
from ecomap.importers.build import ImportResult, write_maps
from ecomap.importers.easynwk import read_easynwk
from ecomap.importers.egor import ID_VARS, find_files, read_egor
from ecomap.importers.mapping import Mapping, MappingInvalid, Report, load_mapping
from ecomap.importers.networkcanvas import read_networkcanvas
from ecomap.model import MapInvalid, Problem

__all__ = [
    "FORMATS",
    "ImportResult",
    "Mapping",
    "MappingInvalid",
    "Report",
    "import_upload",
    "load_mapping",
    "read_easynwk",
    "read_egor",
    "read_graphml_import",
    "read_networkcanvas",
    "write_maps",
]


def read_graphml_import(
    paths: list[str | os.PathLike[str]], mapping: Mapping | None = None, **_
) -> ImportResult:
    """GraphML files (ecomap, networkx, Gephi, yEd, Network Canvas), one map each, with what was
    left out in the report."""
    result = ImportResult()
    for path in paths:
        notes: list[str] = []
        try:
            result.maps.append(read_graphml(path, notes))
        except MapInvalid as error:
            result.problems.extend(error.problems)
        for note in notes:
            result.report.choose(f"{Path(path).name}: {note}")
    return result


#: ``ecomap import FORMAT``: the format's name -> its reader.
FORMATS: dict[str, Callable[..., ImportResult]] = {
    "networkcanvas": read_networkcanvas,
    "egor": read_egor,
    "easynwk": read_easynwk,
    "graphml": read_graphml_import,
}


def import_upload(name: str, data: bytes, mapping: Mapping | None = None) -> ImportResult | None:
    """Maps from one uploaded file of another tool, told apart by what it holds: an easyNWK saved
    file (.json), a Network Canvas export (.zip of ``*_ego.csv`` ...), egor's three tables
    (.zip, with an ``egoID`` column), GraphML. ``None`` when the
    file is none of these (an ecomap map or CSV bundle, read as such by the caller). Problems
    name the upload."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        if suffix == ".graphml":
            reader = read_graphml_import
        elif suffix == ".json" and _is_easynwk(data):
            reader = read_easynwk
        elif suffix == ".zip" and _is_network_canvas(path):
            reader = read_networkcanvas
        elif suffix == ".zip" and (tables := _egor_tables(path, Path(folder) / "egor")) is not None:
            reader, path = read_egor, tables
        else:
            return None
        try:
            result = reader([path], mapping)
        except MapInvalid as error:
            raise MapInvalid([_renamed(p, str(path), name) for p in error.problems]) from None
        result.problems = [_renamed(p, str(path), name) for p in result.problems]
        return result


def _is_easynwk(data: bytes) -> bool:
    """An easyNWK saved file: a record of ``versions``, or one network with ``alteri``."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(parsed, dict) and ("versions" in parsed or "alteri" in parsed)


def _egor_tables(path: Path, folder: Path) -> Path | None:
    """The zip's CSV files in ``folder`` when they are egor's three tables (an egos file with an
    ``egoID`` column, as ``ecomap export egor`` writes them), else ``None``."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {
                PurePosixPath(n).name: n
                for n in archive.namelist()
                if n.lower().endswith(".csv") and "/." not in n
            }
            folder.mkdir()
            for name, member in members.items():
                (folder / name).write_bytes(archive.read(member))
    except zipfile.BadZipFile:
        return None
    try:
        egos = find_files([folder])["egos"]
    except MapInvalid:
        return None
    header = egos.read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0]
    return folder if ID_VARS["ego"].casefold() in header.casefold() else None


def _is_network_canvas(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.endswith("_ego.csv") for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _renamed(problem: Problem, temporary: str, name: str) -> Problem:
    return replace(problem, file=problem.file.replace(temporary, name))
