"""One map per JSON file, ``{"schema": "ecomap/1.1", "ego": {...}, "alters": [...], "ties": [...]}``.

The writer is canonical (fixed key order, two-space indent, UTF-8, a final newline), so the same
map always gives the same bytes and round trips can be compared byte for byte.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ecomap.formats.atomic import write_atomically
from ecomap.formats.safe_input import load_json, read_file
from ecomap.model import SCHEMA, EcoMap, MapInvalid, Problem, validate_map


def dumps(m: EcoMap) -> str:
    """The map as canonical JSON text."""
    return json.dumps(m.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes, *, file: str = "") -> EcoMap:
    """Read a map from JSON text or bytes (UTF-8, or UTF-16/32 with a byte-order mark), within
    :mod:`ecomap.limits`; every problem is reported as :class:`MapInvalid`."""
    return from_dict(load_json(text, file), file=file)


def from_dict(data: Any, *, file: str = "") -> EcoMap:
    """Validate a parsed JSON document as a map."""
    if not isinstance(data, dict) or not isinstance(data.get("ego"), dict):
        raise MapInvalid(
            [Problem(file, None, "ego", None, "is missing; a map is an object with an 'ego' object")]
        )
    problems = []
    extra = sorted(set(data) - {"schema", "ego", "alters", "ties"})
    for key in extra:
        problems.append(Problem(file, None, key, None, "is not part of an ecomap map"))
    alters, ties = data.get("alters", []), data.get("ties", [])
    for name, rows in (("alters", alters), ("ties", ties)):
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(Problem(file, None, name, None, "must be a list of objects"))
    if problems:
        raise MapInvalid(problems)
    return validate_map(data["ego"], alters, ties, file=file, schema=data.get("schema", SCHEMA))


def read_json(path: str | os.PathLike[str]) -> EcoMap:
    return loads(read_file(path), file=str(path))


def write_json(m: EcoMap, path: str | os.PathLike[str]) -> None:
    write_atomically(path, dumps(m).encode("utf-8"))
