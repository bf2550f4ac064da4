"""Reading untrusted bytes within :mod:`ecomap.limits`: files, zip members, JSON, CSV and XML.

Every function here either returns what was asked for or raises :class:`~ecomap.model.MapInvalid`
(or the subclass the caller names) with a problem that names the file and the limit; none lets a
parser's own exception (``RecursionError``, ``UnicodeDecodeError``, ``csv.Error``, an XML
error) escape, and each checks sizes *before* the expensive work.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ecomap import limits
from ecomap.model import MapInvalid, Problem

Invalid = type[MapInvalid]

#: Python's own csv module refuses cells over 128 KiB; a list cell of an ecomap export can be
#: longer when the text limit is raised, and a long cell must be a problem, never a crash.
_CSV_FIELD_MINIMUM = 128 * 1024
#: Bytes unpacked per read from a zip member, so that no member is ever held past its limit.
_CHUNK = 1024 * 1024


def refuse(file: str, message: str, invalid: Invalid = MapInvalid, **where: Any) -> MapInvalid:
    """A one-problem error for ``file`` (``row``, ``field`` and ``value`` may be given)."""
    return invalid([Problem(file, where.get("row"), where.get("field"), where.get("value"), message)])


def check_size(size: int, file: str, invalid: Invalid = MapInvalid) -> None:
    """Refuse a file bigger than the ``file_bytes`` limit."""
    limit = limits.current().file_bytes
    if size > limit:
        raise refuse(
            file, f"is {size:,} bytes; a file may be {at_most('file_bytes', limit, 'bytes')}", invalid
        )


def read_file(path: str | os.PathLike[str], invalid: Invalid = MapInvalid) -> bytes:
    """The bytes of a file, refused before reading when it is over the ``file_bytes`` limit."""
    p = Path(path)
    try:
        check_size(p.stat().st_size, str(path), invalid)
        return p.read_bytes()
    except OSError as error:
        raise refuse(str(path), f"cannot be read: {error.strerror or error}", invalid) from None


def at_most(name: str, value: int, unit: str) -> str:
    """``at most 500 alters (ECOMAP_LIMIT_ALTERS)``: the limit and how to change it."""
    return f"at most {value:,} {unit} ({limits.Limits.variable(name)})"


# --- zip -------------------------------------------------------------------------------------


class ZipMembers:
    """The members of a zip held in memory, unpacked one at a time when asked for and never past
    the limits: the member count is checked on opening, each member's declared size and
    compression ratio before it is unpacked, and the bytes actually unpacked as they come."""

    def __init__(self, data: bytes, file: str, invalid: Invalid = MapInvalid):
        self.file, self.invalid, self.limits = file, invalid, limits.current()
        check_size(len(data), file, invalid)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise refuse(file, "is not a zip file", invalid) from None
        if len(infos) > self.limits.zip_members:
            raise refuse(
                file,
                f"holds {len(infos):,} files; a zip may hold "
                f"{at_most('zip_members', self.limits.zip_members, 'files')}",
                invalid,
            )
        self.infos = {i.filename: i for i in infos if not i.is_dir()}
        self.unpacked = 0

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes:
        """One member's bytes; raises the caller's error for a member over any limit."""
        info, where, lim = self.infos[name], f"{self.file}/{name}", self.limits
        ceiling = min(lim.member_bytes, lim.unpacked_bytes - self.unpacked)
        if info.file_size > lim.member_bytes:
            raise self._too_big(where, info.file_size)
        if info.file_size >= limits.RATIO_APPLIES_FROM and info.file_size > lim.zip_ratio * max(
            info.compress_size, 1
        ):
            raise refuse(
                where,
                f"unpacks {info.compress_size:,} bytes into {info.file_size:,}; a file in a zip may unpack "
                f"to {at_most('zip_ratio', lim.zip_ratio, 'times')} its packed size",
                self.invalid,
            )
        out = bytearray()
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > ceiling:
                        raise self._too_big(where, len(out))
        except (
            zipfile.BadZipFile,
            NotImplementedError,
            RuntimeError,
            ValueError,
            OSError,
            EOFError,
        ) as error:
            raise refuse(where, f"cannot be unpacked: {error}", self.invalid) from None
        self.unpacked += len(out)
        return bytes(out)

    def _too_big(self, where: str, size: int) -> MapInvalid:
        lim = self.limits
        if size > lim.member_bytes:
            return refuse(
                where,
                f"unpacks to more than {lim.member_bytes:,} bytes; a file in a zip may unpack to "
                f"{at_most('member_bytes', lim.member_bytes, 'bytes')}",
                self.invalid,
            )
        return refuse(
            self.file,
            f"unpacks to more than {lim.unpacked_bytes:,} bytes in all; a zip may unpack to "
            f"{at_most('unpacked_bytes', lim.unpacked_bytes, 'bytes')}",
            self.invalid,
        )


# --- text and JSON ---------------------------------------------------------------------------


def decode_text(raw: bytes, file: str, invalid: Invalid = MapInvalid, what: str = "CSV UTF-8") -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is a problem naming the byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(file, f"is not UTF-8 text (byte {error.start}); save it as {what}", invalid) from None


class _NumberTooLong(ValueError):
    pass


def _bounded_number(kind: Callable[[str], Any], digits: int) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if len(text) > digits:
            raise _NumberTooLong(text)
        return kind(text)

    return parse


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(raw: bytes | str, file: str, invalid: Invalid = MapInvalid) -> Any:
    """Parse JSON within the limits.

    Bytes may be UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32, as JSON allows (RFC
    8259 asks for UTF-8, but Windows tools write UTF-16); other encodings are refused naming the
    first bad byte. Numbers longer than ``number_digits`` digits, ``NaN`` and ``Infinity`` and
    nesting deeper than ``json_depth`` are refused.
    """
    lim = limits.current()
    if isinstance(raw, bytes):
        check_size(len(raw), file, invalid)
        encoding = json.detect_encoding(raw)
        try:
            raw = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError as error:
            name = "UTF-8" if encoding == "utf-8" else encoding.upper()
            raise refuse(
                file, f"is not {name} text (byte {error.start}); save it as UTF-8 JSON", invalid
            ) from None
    else:
        check_size(len(raw), file, invalid)
    # Numbers are parsed by hooks that refuse long ones only when the text holds a long run of
    # digits at all (a quick scan): the hooks cost a Python call per number.
    long_digits = re.search(rf"\d{{{lim.number_digits + 1},}}", raw) is not None
    hooks = {
        "parse_int": _bounded_number(int, lim.number_digits) if long_digits else int,
        "parse_float": _bounded_number(float, lim.number_digits + 10) if long_digits else float,
    }
    try:
        data = json.loads(raw.removeprefix("\ufeff"), parse_constant=_refuse_constant, **hooks)
    except json.JSONDecodeError as error:
        raise refuse(
            file, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})", invalid
        ) from None
    except _NumberTooLong as error:
        raise refuse(
            file,
            f"holds a number {len(str(error)):,} characters long; a number may have "
            f"{at_most('number_digits', lim.number_digits, 'digits')}",
            invalid,
        ) from None
    except RecursionError:
        raise refuse(file, _too_deep(lim.json_depth), invalid) from None
    except ValueError as error:
        raise refuse(file, f"is not valid JSON: {error}", invalid) from None
    if _depth_over(data, lim.json_depth):
        raise refuse(file, _too_deep(lim.json_depth), invalid)
    return data


def _too_deep(depth: int) -> str:
    return f"nests lists and objects too deeply; JSON may nest {at_most('json_depth', depth, 'levels')}"


def _depth_over(data: Any, limit: int) -> bool:
    """Whether the lists and objects of parsed JSON nest more than ``limit`` levels, level by
    level without recursing (every map read pays this, so it is kept to one pass over the
    containers)."""
    level = [data] if type(data) in (dict, list) else []
    for _ in range(limit):
        if not level:
            return False
        below: list[Any] = []
        for value in level:
            children = value.values() if type(value) is dict else value
            below += [c for c in children if type(c) is dict or type(c) is list]
        level = below
    return bool(level)


# --- CSV -------------------------------------------------------------------------------------


def csv_rows(text: str, file: str, invalid: Invalid = MapInvalid) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of a CSV text, numbered as a spreadsheet shows them (the header is
    row 1); a malformed or over-long cell is a problem naming its row, never ``csv.Error``."""
    text_chars = limits.current().text_chars
    size = max(_CSV_FIELD_MINIMUM, 4 * text_chars)
    if csv.field_size_limit() < size:
        csv.field_size_limit(size)
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (the row of an error, below)
            yield number, cells
    except csv.Error as error:
        message = f"cannot be read as CSV: {error}"
        if "field larger than field limit" in str(error):
            message = (
                f"has a cell longer than {csv.field_size_limit():,} characters; a text field may hold "
                f"{at_most('text_chars', text_chars, 'characters')}"
            )
        raise refuse(file, message, invalid, row=number + 1) from None


# --- XML -------------------------------------------------------------------------------------


def check_xml(
    path: str | os.PathLike[str], invalid: Invalid = MapInvalid, *, max_nodes: int | None = None
) -> None:
    """Refuse an XML file that is too big, declares a DTD or entities (entity expansion, "billion
    laughs", and external entities that read local files or fetch URLs), is not well formed, or
    has more than ``max_nodes`` GraphML ``node`` elements, before any other parser sees it."""
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException

    data = read_file(path, invalid)
    file = str(path)
    try:
        root = safe_tree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise refuse(
            file, "declares a DTD or entities, which ecomap does not read (they can expand or fetch)", invalid
        ) from None
    except (safe_tree.ParseError, ValueError) as error:
        raise refuse(file, f"is not well-formed XML: {error}", invalid) from None
    if max_nodes is not None:
        count = sum(1 for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "node")
        if count > max_nodes:
            raise refuse(
                file,
                f"has {count - 1:,} alters; a map may have {at_most('alters', max_nodes - 1, 'alters')}",
                invalid,
            )
