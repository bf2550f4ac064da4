"""Building maps from another tool's records: ids made usable, required fields filled the way the
report says, every map validated with every problem kept, and the maps written out."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ecomap.formats.atomic import write_atomically
from ecomap.formats.json_map import write_json
from ecomap.importers.mapping import Mapping, Report
from ecomap.model import EGO_ID, EcoMap, MapInvalid, Problem, validate_map

#: The sector given to an alter when neither the tool nor the mapping says one: the data contract
#: requires a sector, and "friends" claims the least about who someone is. Always reported.
DEFAULT_SECTOR = "friends"
REPORT_NAME = "import-report.txt"


@dataclass
class ImportResult:
    """The maps an import built, the report of its choices, and the problems of maps it could not."""

    maps: list[EcoMap] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    problems: list[Problem] = field(default_factory=list)


def usable_id(text: Any, fallback: str) -> str:
    """An id the data contract accepts: no spaces or ``;`` (runs become ``-``), never ``ego``."""
    cleaned = re.sub(r"[;\s]+", "-", str(text or "").strip()).strip("-")
    if not cleaned:
        return fallback
    return f"{cleaned}-alter" if cleaned == EGO_ID else cleaned


def finish_alter(record: dict[str, Any], tool: str, mapping: Mapping, report: Report) -> dict[str, Any]:
    """Fill what the data contract requires and the tool did not give, saying so in the report.

    A missing sector takes the mapping's default (``[alters.defaults] sector``), else
    :data:`DEFAULT_SECTOR`; a missing name, the alter's id. Strength and stress have no "not
    recorded" in the contract: the contract's defaults (moderate, none) stand, and the report says
    so. Contact, support and every other optional field stay blank: not recorded.
    """
    if "sector" not in record:
        sector = mapping.defaults.get("sector", DEFAULT_SECTOR)
        record["sector"] = sector
        report.choose(
            f"sector: {tool} gave none for some alters; they are in '{sector}' (set another with "
            "[alters.defaults] sector in a mapping file)"
        )
    if "name" not in record:
        record["name"] = f"Alter {record['id']}"
        report.choose(f"name: {tool} gave none for some alters; they are called 'Alter <id>'")
    for name, default in (("kind", "person"), ("strength", "moderate"), ("stress", "none")):
        if name not in record and name in mapping.defaults:
            record[name] = mapping.defaults[name]
        elif name not in record:
            report.choose(
                f"{name}: not given by {tool} for some alters; the data contract's default '{default}' stands"
            )
    return record


def build(
    ego: dict[str, Any],
    alters: list[dict[str, Any]],
    ties: list[dict[str, Any]],
    file: str,
    result: ImportResult,
) -> None:
    """Validate one map; add it to the result, or add every problem it has."""
    try:
        m = validate_map(ego, alters, ties, file=file, locate=lambda f, table: f"{f} ({table})")
        result.maps.append(m)
    except MapInvalid as error:
        result.problems.extend(error.problems)


def map_date_from(text: Any, fallback: date | None) -> str | date | None:
    """A date from an ISO date or timestamp (``2026-04-02T14:00:11.000Z``), else the fallback."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(text or ""))
    return match[0] if match else fallback


def write_maps(result: ImportResult, folder: str | os.PathLike[str]) -> list[Path]:
    """Write each map as ``<person id>-<map date>.json`` and the report beside them."""
    out = Path(folder)
    written: list[Path] = []
    used: set[str] = set()
    for m in result.maps:
        stem = f"{m.ego.id}-{m.ego.map_date.isoformat()}"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        path = out / f"{name}.json"
        write_json(m, path)
        written.append(path)
    lines = [f"{len(result.maps)} map(s) written.", *result.report.lines()]
    if result.problems:
        lines.append(f"Maps not written ({len(result.problems)} problem(s)):")
        lines += [f"- {p}" for p in result.problems]
    write_atomically(out / REPORT_NAME, ("\n".join(lines) + "\n").encode("utf-8"))
    return written
