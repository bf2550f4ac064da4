"""How big an input may be, in one place: every reader checks these before it starts work.

A map or directory file can come from anyone (an email attachment, an upload to a shared team
server), so no file may take the server's memory, stall it, or crash it. Each limit has a name, a
default and an environment variable that changes it, for a team whose real maps need more:

=====================  ====================================  ===============  ======================
limit                  what it bounds                        default          environment variable
=====================  ====================================  ===============  ======================
``file_bytes``         one input file (a map, a directory,   20 MiB           ``ECOMAP_LIMIT_FILE_BYTES``
                       an upload)
``member_bytes``       one file inside a zip, unpacked       50 MiB           ``ECOMAP_LIMIT_MEMBER_BYTES``
``unpacked_bytes``     all the files read from one zip,      100 MiB          ``ECOMAP_LIMIT_UNPACKED_BYTES``
                       unpacked
``zip_ratio``          unpacked / packed size of a zip       200              ``ECOMAP_LIMIT_ZIP_RATIO``
                       member over 1 MiB (a "zip bomb")
``zip_members``        entries in one zip                    1,000            ``ECOMAP_LIMIT_ZIP_MEMBERS``
``alters``             alters on one map                     500              ``ECOMAP_LIMIT_ALTERS``
``ties``               alter-alter ties on one map           20,000           ``ECOMAP_LIMIT_TIES``
``text_chars``         one text field (a name, a note)       20,000           ``ECOMAP_LIMIT_TEXT_CHARS``
``json_depth``         nesting of a JSON document            64               ``ECOMAP_LIMIT_JSON_DEPTH``
``number_digits``      digits of one number                  30               ``ECOMAP_LIMIT_NUMBER_DIGITS``
``directory_rows``     rows of one directory table           100,000          ``ECOMAP_LIMIT_DIRECTORY_ROWS``
=====================  ====================================  ===============  ======================

Only the members of a zip that are read are unpacked, and each is unpacked a piece at a time, so
a member that claims to be small but unpacks to more than its limit is stopped at the limit.

This module holds numbers only; the readers that apply them are in :mod:`ecomap.formats.safe_input`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache

MiB = 1024 * 1024
#: A zip member smaller than this is never refused for its compression ratio: a short CSV of
#: repeated words legitimately packs very tightly.
RATIO_APPLIES_FROM = MiB
ENV_PREFIX = "ECOMAP_LIMIT_"
#: The text limit may not be set lower than this: names and roles need room, and shorter texts
#: are then checked without reading the limit at all.
TEXT_CHARS_FLOOR = 200


@dataclass(frozen=True)
class Limits:
    """The limits above; :func:`current` reads any overrides from the environment."""

    file_bytes: int = 20 * MiB
    member_bytes: int = 50 * MiB
    unpacked_bytes: int = 100 * MiB
    zip_ratio: int = 200
    zip_members: int = 1_000
    alters: int = 500
    ties: int = 20_000
    text_chars: int = 20_000
    json_depth: int = 64
    number_digits: int = 30
    directory_rows: int = 100_000

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable that changes limit ``name``."""
        return ENV_PREFIX + name.upper()


_NAMES = tuple(f.name for f in fields(Limits))
_VARIABLES = tuple(Limits.variable(name) for name in _NAMES)


def current() -> Limits:
    """The limits in force: the defaults, with any ``ECOMAP_LIMIT_*`` variable applied.

    A variable that is not a positive whole number raises ``ValueError`` naming it: a typing
    mistake must not silently remove a limit.
    """
    return _limits(tuple(os.environ.get(v) for v in _VARIABLES))


def text_chars() -> int:
    """The ``text_chars`` limit alone: read for every text field validated, so kept cheap."""
    text = os.environ.get(_TEXT_CHARS_VARIABLE)
    return Limits.text_chars if text is None else current().text_chars


_TEXT_CHARS_VARIABLE = Limits.variable("text_chars")


@lru_cache(maxsize=8)
def _limits(values: tuple[str | None, ...]) -> Limits:
    overrides: dict[str, int] = {}
    for name, variable, value in zip(_NAMES, _VARIABLES, values):
        text = (value or "").strip().replace("_", "")
        if not text:
            continue
        if not text.isdigit() or len(text) > 15 or int(text) < 1:
            raise ValueError(f"{variable} must be a positive whole number, not {text!r}")
        if name == "text_chars" and int(text) < TEXT_CHARS_FLOOR:
            raise ValueError(f"{variable} must be at least {TEXT_CHARS_FLOOR}, not {text}")
        overrides[name] = int(text)
    return Limits(**overrides)


def describe(name: str, value: int) -> str:
    """``the limit for one file (20,971,520 bytes; ECOMAP_LIMIT_FILE_BYTES)``: for messages."""
    return f"{value:,} ({Limits.variable(name)})"
