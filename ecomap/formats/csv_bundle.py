"""The CSV bundle: ``ego.csv``, ``alters.csv`` and ``alter_ties.csv``, in a folder or a ``.zip``.

The three tables are shaped like egor's (ego / alters / alter-alter ties) and read in pandas with
``read_csv``; they hold one map and have no ego-id column, so egor's ``threefiles_to_egor`` needs
``ecomap export egor`` (:mod:`ecomap.formats.egor`), which adds it. Columns are exactly those of
the data contract; list cells are separated by ``;``; yes/no cells are ``true``/``false`` (``yes``
/``no`` and ``1``/``0`` are read too); dates are ``YYYY-MM-DD``. Files saved by Excel (UTF-8 with
a byte-order mark, CRLF line ends) read as well.

Text cells that a spreadsheet would run as a formula are written with a leading quote and read
back without it (:mod:`ecomap.formats.formula`), so the bundle is safe to open in Excel and still
round-trips exactly. Inputs are read within :mod:`ecomap.limits`: of a zip, only the three tables
are unpacked.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ecomap import limits
from ecomap.formats.atomic import write_atomically
from ecomap.formats.formula import neutralise, restore
from ecomap.formats.safe_input import ZipMembers, at_most, csv_rows, decode_text, read_file, refuse
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
        writer.writerows([neutralise(cell(r[c])) for c in columns] for r in rows[table])
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
        wanted = {f"{t}.csv" for t in TABLES}
        texts = {p.name: read_file(p) for p in path.iterdir() if p.name in wanted and p.is_file()}
        return from_texts(texts, file=str(path))
    return read_bundle_bytes(read_file(path), file=str(path))


def read_bundle_bytes(data: bytes, *, file: str = "upload.zip") -> EcoMap:
    """Read a zipped bundle held in memory (an upload)."""
    return from_texts(_zip_members(data, file), file=file)


def _zip_members(data: bytes, file: str) -> dict[str, bytes]:
    """The three tables of a zip, unpacked within the limits; no other member is unpacked."""
    wanted = {f"{t}.csv" for t in TABLES}
    archive = ZipMembers(data, file)
    # Accept the three files at the top or inside one folder, as zipping a folder makes.
    chosen = {
        PurePosixPath(n).name: n
        for n in sorted(archive.names(), key=len, reverse=True)
        if PurePosixPath(n).name in wanted and not n.startswith("__MACOSX")
    }
    return {name: archive.read(member) for name, member in chosen.items()}


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
            text = decode_text(raw, where) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
            table_rows = list(_rows(text, where, table))
        except MapInvalid as error:
            problems.extend(error.problems)
            continue
        header = [h.strip() for h in (table_rows[0][1] if table_rows else [])]
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
        for number, values in table_rows[1:]:
            if not any(v.strip() for v in values):
                continue  # blank lines, as spreadsheets leave at the end
            if len(values) > len(header):
                problems.append(
                    Problem(
                        where, number, None, None, f"has {len(values)} cells but the header has {len(header)}"
                    )
                )
                continue
            records[table].append({h: restore(v) for h, v in zip(header, values) if h})
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


#: The limit on the rows of each table that has one (the ego table must hold exactly one row).
_ROW_LIMITS = {"alters": "alters", "alter_ties": "ties"}


def _rows(text: str, where: str, table: str) -> list[tuple[int, list[str]]]:
    """The header and the rows of one table; stops with a problem as soon as a table has more rows
    than a map may hold, before the rest is read."""
    limit = _ROW_LIMITS.get(table)
    most = getattr(limits.current(), limit) if limit else None
    out, filled = [], 0
    for number, cells in csv_rows(text, where):
        out.append((number, cells))
        filled += any(c.strip() for c in cells)
        if most is not None and filled > most + 1:
            raise refuse(where, f"has more than {most:,} rows; a map may have {at_most(limit, most, limit)}")
    return out
