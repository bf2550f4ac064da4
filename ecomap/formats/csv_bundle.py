"""The CSV bundle: ``ego.csv``, ``alters.csv`` and ``alter_ties.csv``, in a folder or a ``.zip``.

The three tables are shaped like egor's (ego / alters / alter-alter ties) and read in pandas with
``read_csv``; they hold one map and have no ego-id column, so egor's ``threefiles_to_egor`` needs
``ecomap export egor`` (:mod:`ecomap.formats.egor`), which adds it. Columns are exactly those of
the data contract; list cells are separated by ``;``; yes/no cells are ``true``/``false`` (``yes``
/``no`` and ``1``/``0`` are read too); dates are ``YYYY-MM-DD``. Files saved by Excel (UTF-8 with
a byte-order mark, CRLF line ends) read as well.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ecomap.formats.atomic import write_atomically
from ecomap.model import LIST_SEPARATOR, Alter, AlterTie, EcoMap, Ego, MapInvalid, Problem, validate_map

TABLES: dict[str, tuple[str, ...]] = {
    "ego": tuple(Ego.model_fields),
    "alters": tuple(Alter.model_fields),
    "alter_ties": tuple(AlterTie.model_fields),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "ego": ("id", "name", "map_date"),
    "alters": ("id", "name", "sector"),
    "alter_ties": ("source", "target"),
}


def cell(value: Any) -> str:
    """One value as a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    return str(value)


def tables(m: EcoMap) -> dict[str, str]:
    """The map as the three CSV texts, keyed by file name."""
    rows = {
        "ego": [m.ego.model_dump()],
        "alters": [a.model_dump() for a in m.alters],
        "alter_ties": [t.model_dump() for t in m.ties],
    }
    out = {}
    for table, columns in TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(r[c]) for c in columns] for r in rows[table])
        out[f"{table}.csv"] = buffer.getvalue()
    return out


def write_bundle(m: EcoMap, path: str | os.PathLike[str]) -> None:
    """Write a ``.zip`` (when the path ends so) or a folder holding the three files."""
    path = Path(path)
    texts = tables(m)
    if path.suffix.lower() == ".zip":
        write_atomically(path, bundle_zip_bytes(texts))
        return
    for name, text in texts.items():
        write_atomically(path / name, text.encode("utf-8"))


def bundle_zip_bytes(texts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            # A fixed timestamp keeps the archive identical for the same map.
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def read_bundle(path: str | os.PathLike[str]) -> EcoMap:
    """Read a folder or ``.zip`` bundle; every problem is reported as :class:`MapInvalid`."""
    path = Path(path)
    if path.is_dir():
        texts = {p.name: p.read_bytes() for p in path.iterdir() if p.name in {f"{t}.csv" for t in TABLES}}
    else:
        try:
            texts = _zip_members(path.read_bytes())
        except zipfile.BadZipFile:
            raise MapInvalid([Problem(str(path), None, None, None, "is not a zip file")]) from None
    return from_texts(texts, file=str(path))


def read_bundle_bytes(data: bytes, *, file: str = "upload.zip") -> EcoMap:
    """Read a zipped bundle held in memory (an upload)."""
    try:
        return from_texts(_zip_members(data), file=file)
    except zipfile.BadZipFile:
        raise MapInvalid([Problem(file, None, None, None, "is not a zip file")]) from None


def _zip_members(data: bytes) -> dict[str, bytes]:
    wanted = {f"{t}.csv" for t in TABLES}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Accept the three files at the top or inside one folder, as zipping a folder makes.
        return {
            PurePosixPath(n).name: archive.read(n)
            for n in archive.namelist()
            if PurePosixPath(n).name in wanted and not n.startswith("__MACOSX")
        }


def from_texts(texts: dict[str, bytes | str], *, file: str = "") -> EcoMap:
    """Validate the three tables, given as file name -> contents."""
    problems: list[Problem] = []
    records: dict[str, list[dict[str, str]]] = {}
    rows: dict[str, list[int | None]] = {}
    for table, columns in TABLES.items():
        name = f"{table}.csv"
        where = f"{file}/{name}" if file else name
        if name not in texts:
            if table == "alter_ties":
                records[table], rows[table] = [], []
                continue
            problems.append(Problem(where, None, None, None, "is missing from the bundle"))
            continue
        raw = texts[name]
        try:
            text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(
                    where, None, None, None, f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8"
                )
            )
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader, [])]
        unknown = [h for h in header if h and h not in columns]
        missing = [c for c in REQUIRED[table] if c not in header]
        for h in unknown:
            problems.append(
                Problem(where, 1, h, None, f"is not a column of {name}; columns are {', '.join(columns)}")
            )
        for c in missing:
            problems.append(Problem(where, 1, c, None, "is a required column and is missing"))
        if unknown or missing:
            continue
        records[table], rows[table] = [], []
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue  # blank lines, as spreadsheets leave at the end
            if len(values) > len(header):
                problems.append(
                    Problem(
                        where, number, None, None, f"has {len(values)} cells but the header has {len(header)}"
                    )
                )
                continue
            records[table].append({h: v for h, v in zip(header, values) if h})
            rows[table].append(number)
        if table == "ego" and len(records[table]) != 1:
            problems.append(
                Problem(
                    where, None, None, None, f"must hold exactly one person; it holds {len(records[table])}"
                )
            )
    if problems:
        raise MapInvalid(problems)
    return validate_map(records["ego"][0], records["alters"], records["alter_ties"], file=file, rows=rows)
