"""easyNWK's saved file: one map per version of the network.

The layout is easyNWK's (easynwk-web, ``src/data``): a record ``{"versions": [{"id", "title",
"date", "nwk": {...}}], "currentVersion"}``, or (older files) one network ``{"ego", "alteri",
"connections"}``. A network has the ego (``name``, ``age``, ``currentGender``, ``note``), the
alters (``id``, ``name``, ``role``, ``human``, ``currentGender``, ``age``, ``note``,
``deceased``, ``edgeType``: 0 no current tie, 1 a tie, 2 a multiplex tie; and where they are
drawn: ``angle`` in degrees from the x axis, -180 to 180, and ``distance`` from the centre, 100
at the outer horizon) and ``connections`` (``id1``, ``id2``: two alters who know each other).

Where an alter is drawn is read as easyNWK reads it:

- the sector by the angle (easyNWK's ``sectorIndex``): 0 to 90 degrees Familie (family,
  kin), 90 to 180 Freund*innen / Bekannte (friends), -180 to -90 Kolleg*innen (work and
  learning), -90 to 0 professionelle Helfer*innen (other services, paid);
- the circle by the distance, easyNWK's three horizons (``horizonKey``): under 33.33 the
  closest (circle 1, intimacy), under 66.67 the middle (2, friendship), up to 100 the outer
  (3, participation).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from ecomap.importers.build import ImportResult, build, finish_alter, map_date_from, usable_id
from ecomap.importers.mapping import ALTER_FIELDS, Mapping, Report, map_columns
from ecomap.model import MapInvalid, Problem

TOOL = "easyNWK"
#: easyNWK's sectors in the order of its ``sectorIndex``, with the ecomap sector each is read as.
SECTOR_LABELS: tuple[str, ...] = ("Familie", "Freund*innen / Bekannte", "Kolleg*innen", "prof. Helfer*innen")
SECTORS: dict[str, str] = dict(
    zip((s.casefold() for s in SECTOR_LABELS), ("family", "friends", "work_learning", "other_services"))
)
#: easyNWK's horizons (distance below which an alter is inside) and the circle each is read as.
HORIZONS: tuple[tuple[float, int], ...] = ((33.33, 1), (66.67, 2), (100.0, 3))
GENDERS: dict[str, str] = {
    "weiblich": "woman",
    "female": "woman",
    "männlich": "man",
    "male": "man",
    "divers": "non_binary",
    "diverse": "non_binary",
}
STRENGTHS: dict[int, str] = {0: "tenuous", 1: "moderate", 2: "strong"}


def sector_index(angle: float) -> int:
    """easyNWK's sector for an angle: 0 Familie (0 to 90), 1 Freund*innen (90 to 180),
    2 Kolleg*innen (-180 to -90), 3 professional helpers (-90 to 0)."""
    if angle < -90:
        return 2
    if angle < 0:
        return 3
    if angle < 90:
        return 0
    return 1


def circle_for(distance: float) -> int:
    """The circle for a distance from the centre, by easyNWK's horizons; beyond the outer horizon is
    the outer circle too (the report says which alters were there)."""
    return next((circle for limit, circle in HORIZONS if distance < limit), 3)


def versions(data: Any, file: str) -> list[dict[str, Any]]:
    """The versions of a saved file; an older file's one network is one version without a date."""
    if isinstance(data, dict) and isinstance(data.get("versions"), list):
        return [v for v in data["versions"] if isinstance(v, dict) and isinstance(v.get("nwk"), dict)]
    if isinstance(data, dict) and {"ego", "alteri", "connections"} <= set(data):
        return [{"id": 1, "title": "", "date": "", "nwk": data}]
    raise MapInvalid(
        [Problem(file, None, None, None, "is not an easyNWK file (no versions, and no ego with alteri)")]
    )


def read_easynwk(
    paths: list[str | os.PathLike[str]], mapping: Mapping | None = None, *, map_date: date | None = None
) -> ImportResult:
    """One map per version of each easyNWK file; see the module's docstring."""
    mapping = (mapping or Mapping()).with_tool(alter_columns={"note": "notes"}, values={"sector": SECTORS})
    result = ImportResult()
    report = result.report
    report.choose(
        "sector: by the angle easyNWK drew the alter at (Familie, Freund*innen / Bekannte, "
        "Kolleg*innen, prof. Helfer*innen)"
    )
    report.choose("circle: by easyNWK's horizons (closest 1, middle 2, outer 3)")
    report.choose("is_kin: true for Familie; is_paid: true for professional helpers")
    report.choose(
        "strength: easyNWK's edge type 0 (no current tie) tenuous, 1 moderate, 2 (multiplex) strong"
    )
    for path in map(Path, paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            result.problems.append(Problem(str(path), None, None, None, f"is not readable JSON ({error})"))
            continue
        person = usable_id(re.sub(r"[^\w-]+", "-", path.stem).strip("-").lower(), "person")
        for version in versions(data, str(path)):
            _read_version(version, person, path, mapping, report, result, map_date)
    return result


def _read_version(version, person, path, mapping, report: Report, result: ImportResult, map_date) -> None:
    nwk = version["nwk"]
    ego_data = nwk.get("ego") if isinstance(nwk.get("ego"), dict) else {}
    where = f"{path} (version {version.get('id')}{': ' + version['title'] if version.get('title') else ''})"
    ego: dict[str, Any] = {
        "id": person,
        "name": str(ego_data.get("name") or "").strip() or path.stem,
        "map_date": map_date_from(version.get("date"), map_date),
    }
    gender = GENDERS.get(str(ego_data.get("currentGender", "")).casefold())
    if gender:
        ego["gender"] = gender
    for name in ("age", "note"):
        if str(ego_data.get(name) or "").strip():
            report.cannot_map("the person's easyNWK fields ecomap has no field for", name)
    alters, ids_of = [], {}
    for alter in nwk.get("alteri") or []:
        if not isinstance(alter, dict):
            continue
        try:
            distance, angle = float(alter.get("distance", 0)), float(alter.get("angle", 0))
        except (TypeError, ValueError):
            distance = angle = 0.0
        key = str(alter.get("id"))
        if distance <= 0:
            report.cannot_map(
                "alters not placed on the map (no sector), left out", str(alter.get("name") or key)
            )
            continue
        label = SECTOR_LABELS[sector_index(angle)]
        raw = {
            "name": str(alter.get("name") or ""),
            "role": str(alter.get("role") or ""),
            "note": str(alter.get("note") or ""),
            "sector": label,
        }
        record = map_columns(raw, mapping.alter_columns, ALTER_FIELDS, mapping, report)
        record["id"] = usable_id(key, f"alter-{len(alters) + 1}")
        record["circle"] = circle_for(distance)
        record["is_kin"] = label == SECTOR_LABELS[0]
        record["is_paid"] = label == SECTOR_LABELS[3]
        notes = [record.get("notes", "")]
        edge_type = alter.get("edgeType", 1)
        record["strength"] = STRENGTHS.get(edge_type if isinstance(edge_type, int) else 1, "moderate")
        if edge_type == 0:
            notes.append("easyNWK: no current tie to the person")
        if distance > 100:
            notes.append("easyNWK: placed beyond the outer horizon")
            report.choose("alters beyond easyNWK's outer horizon are in circle 3, and their notes say so")
        if alter.get("human") is False:
            record["kind"], record["sector"] = "pet", "pets"
            report.choose("kind: easyNWK's non-human alters are pets (sector pets)")
        if alter.get("deceased"):
            record["do_not_contact"] = True
            notes.append("Deceased (recorded in easyNWK)")
            report.choose("deceased alters are kept, marked do_not_contact, with 'Deceased' in their notes")
        age = str(alter.get("age") or "").strip()
        if re.fullmatch(r"\d{1,3}", age):
            record["under_18"] = int(age) < 18
            report.choose("under_18: from the alter's age in easyNWK, where a whole number was given")
        elif age:
            report.cannot_map("alter ages that are not a whole number", repr(age))
        if str(alter.get("currentGender") or "").strip() and not alter.get("genderDefault", False):
            report.cannot_map("alter fields ecomap has no field for", "currentGender")
        record["notes"] = "; ".join(n for n in notes if n)
        ids_of[key] = record["id"]
        alters.append(finish_alter(record, TOOL, mapping, report))
    ties, pairs = [], set()
    for connection in nwk.get("connections") or []:
        ends = (
            (str(connection.get("id1")), str(connection.get("id2")))
            if isinstance(connection, dict)
            else ("", "")
        )
        if ends[0] not in ids_of or ends[1] not in ids_of or ends[0] == ends[1]:
            report.cannot_map("connections to alters that were left out", f"{ends[0]}-{ends[1]}")
            continue
        if frozenset(ends) not in pairs:
            pairs.add(frozenset(ends))
            ties.append({"source": ids_of[ends[0]], "target": ids_of[ends[1]]})
    build(ego, alters, ties, where, result)
