"""Reading and writing maps in every format, chosen from the path.

========================  ============================================
path                      format
========================  ============================================
``*.json``                one map, ``"schema": "ecomap/1.1"``
``*.zip`` or a folder     CSV bundle (ego.csv, alters.csv, alter_ties.csv)
``*.graphml``             GraphML (Gephi, networkx)
========================  ============================================
"""

from __future__ import annotations

import os
from pathlib import Path

from ecomap.formats.csv_bundle import read_bundle, read_bundle_bytes, write_bundle
from ecomap.formats.graphml import read_graphml, write_graphml
from ecomap.formats.json_map import loads, read_json, write_json
from ecomap.model import EcoMap, MapInvalid, Problem

__all__ = ["load_map", "save_map", "format_of", "read_upload"]


def format_of(path: str | os.PathLike[str], *, for_writing: bool = False) -> str:
    """``json``, ``csv`` or ``graphml`` from a path; a folder (or a path with no suffix) is CSV."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".graphml":
        return "graphml"
    if suffix == ".zip" or p.is_dir() or (for_writing and not suffix):
        return "csv"
    raise MapInvalid(
        [
            Problem(
                str(path),
                None,
                None,
                None,
                "is not a map file; use .json, .zip, .graphml or a folder of CSV files",
            )
        ]
    )


def load_map(path: str | os.PathLike[str]) -> EcoMap:
    """Read a map in any format; raises :class:`MapInvalid` listing every problem."""
    p = Path(path)
    if not p.exists():
        raise MapInvalid([Problem(str(path), None, None, None, "does not exist")])
    reader = {"json": read_json, "csv": read_bundle, "graphml": read_graphml}[format_of(p)]
    return reader(p)


def save_map(m: EcoMap, path: str | os.PathLike[str]) -> None:
    """Write a map in the format its path names (see the table above)."""
    writer = {"json": write_json, "csv": write_bundle, "graphml": write_graphml}[
        format_of(path, for_writing=True)
    ]
    writer(m, path)


def read_upload(name: str, data: bytes) -> EcoMap:
    """An uploaded map held in memory: a ``.zip`` CSV bundle, else JSON. Problems name the upload;
    raises :class:`MapInvalid`."""
    if name.lower().endswith(".zip"):
        return read_bundle_bytes(data, file=name)
    return loads(data, file=name)
