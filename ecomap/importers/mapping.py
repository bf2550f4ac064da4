"""A team's vocabulary mapping, and turning another tool's records into the data contract's.

Other tools name things their own way: a column ``closeness`` rated 1 to 5, a relationship
option ``coworker``, an easyNWK sector ``Kolleg*innen``. A mapping file (TOML) says once what
they mean in ecomap, so repeated imports come out the same::

    [alters.columns]            # the tool's column (or variable) -> the ecomap field
    closeness = "strength"
    relationship = "sector"

    [alters.values.strength]    # the tool's value (or option label) -> the ecomap value
    "1" = "tenuous"
    "5" = "strong"

    [alters.values.sector]
    coworker = "work_learning"

    [alters.defaults]           # for a required field the tool does not have
    sector = "friends"

    [ego.columns]
    participant = "name"

    [networkcanvas]             # options of one format (see each importer)
    node_type = "Person"

A tool's own columns that share a name with an ecomap field (``name``, ``role``, ``sector`` ...)
are read without being listed. Values are matched case-insensitively. A blank value is *not
recorded*, never "none"; a value that fits no vocabulary is left out and reported, never guessed.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecomap.model import (
    CIRCLES,
    CONTACTS,
    GENDERS,
    KINDS,
    LIST_SEPARATOR,
    NO_SUPPORT,
    SECTORS,
    STRENGTHS,
    STRESSES,
    SUPPORTS,
    Alter,
    Ego,
    MapInvalid,
    Problem,
)

ALTER_FIELDS: tuple[str, ...] = tuple(Alter.model_fields)
EGO_FIELDS: tuple[str, ...] = tuple(Ego.model_fields)
#: The words each vocabulary field allows (``circle`` as its numbers).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "sector": SECTORS,
    "strength": STRENGTHS,
    "stress": STRESSES,
    "contact": CONTACTS,
    "circle": tuple(str(n) for n in CIRCLES),
    "support": (*SUPPORTS, NO_SUPPORT),
    "gives": (*SUPPORTS, NO_SUPPORT),
    "gender": GENDERS,
}
LIST_FIELDS: frozenset[str] = frozenset({"support", "gives", "offers", "interests", "gifts", "what_matters"})
YES = frozenset({"true", "yes", "y", "1"})
NO = frozenset({"false", "no", "n", "0"})
BOOLEAN_FIELDS: frozenset[str] = frozenset(
    name
    for model in (Alter, Ego)
    for name, info in model.model_fields.items()
    if "bool" in str(info.annotation)
)


class MappingInvalid(MapInvalid):
    """Raised with every problem of a mapping file."""


@dataclass
class Mapping:
    """What another tool's columns and values mean in ecomap (see the module's docstring)."""

    alter_columns: dict[str, str] = field(default_factory=dict)
    ego_columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def with_tool(self, *, alter_columns=None, ego_columns=None, values=None, defaults=None) -> Mapping:
        """This mapping over a tool's own defaults: the team's entries win."""
        merged_values = {f: dict(v) for f, v in (values or {}).items()}
        for f, table in self.values.items():
            merged_values.setdefault(f, {}).update(table)
        return Mapping(
            {**(alter_columns or {}), **self.alter_columns},
            {**(ego_columns or {}), **self.ego_columns},
            merged_values,
            {**(defaults or {}), **self.defaults},
            self.options,
        )

    def option(self, tool: str, name: str, default: Any) -> Any:
        return self.options.get(tool, {}).get(name, default)


def load_mapping(path: str | os.PathLike[str]) -> Mapping:
    """Read a mapping file; raises :class:`MappingInvalid` naming the file and every bad entry."""
    file = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MappingInvalid([Problem(file, None, None, None, "does not exist")]) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problem = Problem(file, None, None, None, f"is not a readable TOML file: {error}")
        raise MappingInvalid([problem]) from None
    problems: list[Problem] = []

    def table(where: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, MappingABC):
            problems.append(Problem(file, None, where, None, "must be a table"))
            return {}
        return {str(k).casefold(): v for k, v in value.items()}

    def columns(where: str, value: Any, fields: tuple[str, ...]) -> dict[str, str]:
        found = {}
        for column, target in table(where, value).items():
            if target not in fields:
                problems.append(Problem(file, None, f"{where}.{column}", target, "is not an ecomap field"))
            else:
                found[column] = target
        return found

    alters, ego = table("alters", data.get("alters")), table("ego", data.get("ego"))
    values: dict[str, dict[str, str]] = {}
    for target, words in table("alters.values", alters.get("values")).items():
        if target not in ALTER_FIELDS:
            problems.append(Problem(file, None, f"alters.values.{target}", None, "is not an ecomap field"))
            continue
        values[target] = {}
        for word, meaning in table(f"alters.values.{target}", words).items():
            allowed = VOCABULARIES.get(target)
            meaning = str(meaning)
            if allowed and any(part.strip() not in allowed for part in meaning.split(LIST_SEPARATOR)):
                where = f"alters.values.{target}.{word}"
                problems.append(Problem(file, None, where, meaning, f"is not one of: {', '.join(allowed)}"))
            else:
                values[target][word] = meaning
    defaults = {}
    for target, value in table("alters.defaults", alters.get("defaults")).items():
        allowed = VOCABULARIES.get(target)
        if target not in ALTER_FIELDS:
            problems.append(Problem(file, None, f"alters.defaults.{target}", None, "is not an ecomap field"))
        elif allowed and str(value) not in allowed:
            where = f"alters.defaults.{target}"
            problems.append(Problem(file, None, where, value, f"is not one of: {', '.join(allowed)}"))
        else:
            defaults[target] = str(value)
    options = {tool: table(tool, data[tool]) for tool in data if tool not in ("alters", "ego")}
    mapping = Mapping(
        columns("alters.columns", alters.get("columns"), ALTER_FIELDS),
        columns("ego.columns", ego.get("columns"), EGO_FIELDS),
        values,
        defaults,
        options,
    )
    if problems:
        raise MappingInvalid(problems)
    return mapping


@dataclass
class Report:
    """Every choice an import made and everything it could not map, for the person to check."""

    choices: list[str] = field(default_factory=list)
    not_mapped: dict[str, set[str]] = field(default_factory=dict)

    def choose(self, text: str) -> None:
        if text not in self.choices:
            self.choices.append(text)

    def cannot_map(self, what: str, detail: str) -> None:
        self.not_mapped.setdefault(what, set()).add(detail)

    def sections(self) -> list[tuple[str, list[str]]]:
        """The report's two parts, each a heading and its items."""
        unmapped = [f"{what}: {', '.join(sorted(details))}" for what, details in self.not_mapped.items()]
        return [
            ("Choices made:", self.choices or ["none"]),
            ("Not mapped (left out, so not recorded):", unmapped or ["nothing"]),
        ]

    def lines(self) -> list[str]:
        return [line for heading, items in self.sections() for line in (heading, *(f"- {i}" for i in items))]


def translate(field_name: str, value: str, mapping: Mapping, report: Report, column: str) -> Any:
    """One value of a tool's column as the ecomap field's value, or ``None`` (left out, reported).

    The mapping's table for the field is tried first (case-insensitive), then the field's own
    vocabulary (``Strong``, ``work learning``), yes/no words for yes/no fields; free text is kept.
    A list field (support, offers ...) translates each ``;``-separated part.
    """
    text = str(value).strip()
    if not text:
        return None
    if field_name in LIST_FIELDS:
        parts = [translate_one(field_name, p, mapping, report, column) for p in text.split(LIST_SEPARATOR)]
        kept = [p for p in parts if p]
        return LIST_SEPARATOR.join(dict.fromkeys(kept)) or None
    return translate_one(field_name, text, mapping, report, column)


def translate_one(field_name: str, text: str, mapping: Mapping, report: Report, column: str) -> Any:
    text = text.strip()
    if not text:
        return None
    table = mapping.values.get(field_name, {})
    if text.casefold() in table:
        return table[text.casefold()]
    allowed = VOCABULARIES.get(field_name)
    if allowed is not None:
        word = text.casefold().replace(" ", "_").replace("-", "_")
        if word in allowed:
            return word
        report.cannot_map(f"values of '{column}' that are not a {field_name}", repr(text))
        return None
    if field_name in BOOLEAN_FIELDS:
        if text.casefold() in YES:
            return True
        if text.casefold() in NO:
            return False
        report.cannot_map(f"values of '{column}' that are not yes or no", repr(text))
        return None
    return text


def map_columns(
    raw: dict[str, str], columns: dict[str, str], fields: tuple[str, ...], mapping: Mapping, report: Report
) -> dict[str, Any]:
    """A tool's record (column -> text) as ecomap fields: a column is read when the mapping names
    it, or when it is itself an ecomap field; every other column is reported as not mapped."""
    record: dict[str, Any] = {}
    for column, value in raw.items():
        target = columns.get(column.casefold()) or (column if column in fields else None)
        if target is None:
            report.cannot_map("columns that are not ecomap fields", column)
            continue
        translated = translate(target, value, mapping, report, column)
        if translated is not None and target not in record:
            record[target] = translated
    return record
