"""Writing a directory: :func:`save_directory` and :func:`directory_files` give an HSDS 3.0 package.

The package has singular table names and a ``datapackage.json``; :func:`load_directory
<ecomap.directory.hsds_read.load_directory>` reads it back to an equal directory. What HSDS has
no column for travels as HSDS *attributes*: taxonomy terms from four small vocabularies of this
project, linked to a service or a location:

=====================  ======================================================================
taxonomy               terms
=====================  ======================================================================
``ecomap-asset-kind``  the asset's kind: group, service, place, volunteering
``ecomap-tag``         lower-case keywords (gardening, singing, carers ...)
``ecomap-access``      access codes of one service beyond what its venue offers every visitor
``ecomap-feature``     ``offers_transport`` (service), ``on_bus_route`` (location); value true/false
=====================  ======================================================================
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import time
from pathlib import Path
from typing import Any

from ecomap.directory.assets import (
    _RRULE_DAYS,
    ACCESS_WORDING,
    TAXONOMIES,
    TAXONOMY_ACCESS,
    TAXONOMY_FEATURE,
    TAXONOMY_KIND,
    TAXONOMY_TAG,
    VENUE_ACCESS,
    Directory,
    Schedule,
)
from ecomap.directory.wording import LANGUAGE_NAMES, language_code
from ecomap.formats.atomic import write_atomically
from ecomap.formats.csv_bundle import bundle_zip_bytes

#: The HSDS 3.0 tables written, with their columns.
WRITTEN_TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name"),
    "service": (
        "id", "organization_id", "name", "description", "url", "email", "status",
        "minimum_age", "maximum_age", "eligibility_description",
    ),
    "location": ("id", "location_type", "name", "latitude", "longitude"),
    "address": ("id", "location_id", "address_1", "city", "postal_code", "country", "address_type"),
    "service_at_location": ("id", "service_id", "location_id"),
    "schedule": (
        "id", "service_id", "freq", "interval", "byday", "bymonthday", "opens_at", "closes_at", "description",
    ),
    "taxonomy": ("id", "name", "description"),
    "taxonomy_term": ("id", "code", "name", "taxonomy_id"),
    "attribute": ("id", "link_id", "link_entity", "taxonomy_term_id", "value"),
    "cost_option": ("id", "service_id", "currency", "amount", "amount_description"),
    "accessibility": ("id", "location_id", "description"),
    "phone": ("id", "service_id", "number", "type"),
    "language": ("id", "service_id", "name", "code"),
}  # fmt: skip
#: Table Schema types of the written columns that are not strings.
FIELD_TYPES: dict[str, str] = {
    "latitude": "number",
    "longitude": "number",
    "amount": "number",
    "minimum_age": "integer",
    "maximum_age": "integer",
    "interval": "integer",
}
FOREIGN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization_id", "organization"),),
    "address": (("location_id", "location"),),
    "service_at_location": (("service_id", "service"), ("location_id", "location")),
    "schedule": (("service_id", "service"),),
    "taxonomy_term": (("taxonomy_id", "taxonomy"),),
    "attribute": (("taxonomy_term_id", "taxonomy_term"),),
    "cost_option": (("service_id", "service"),),
    "accessibility": (("location_id", "location"),),
    "phone": (("service_id", "service"),),
    "language": (("service_id", "service"),),
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _schedule_record(s: Schedule) -> dict[str, Any]:
    codes = {day: code for code, day in _RRULE_DAYS.items()}
    if s.weeks:
        byday = ",".join(f"{w}{codes[d]}" for d in s.days for w in s.weeks)
    else:
        byday = ",".join(codes[d] for d in s.days)
    return {
        "freq": s.freq.upper(),
        "interval": s.interval,
        "byday": byday,
        "bymonthday": ",".join(str(n) for n in s.month_days),
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "description": s.notes,
    }


def _directory_tables(directory: Directory) -> dict[str, list[dict[str, Any]]]:
    """The directory as HSDS 3.0 table records, keyed by table name.

    Access codes that every asset at a location shares are the venue's, written once in the
    location's accessibility table (what any HSDS reader sees); a service's other codes are
    attributes in the ``ecomap-access`` taxonomy. Reading joins the two back together.
    """
    out: dict[str, list[dict[str, Any]]] = {table: [] for table in WRITTEN_TABLES}
    org_ids: dict[str, str] = {}
    for name in dict.fromkeys(a.organization for a in directory if a.organization):
        org_id = base = _slug(name)
        suffix = 2
        while org_id in org_ids.values():
            org_id, suffix = f"{base}-{suffix}", suffix + 1
        org_ids[name] = org_id
        out["organization"].append({"id": org_id, "name": name})
    venue_access: dict[str, frozenset[str]] = {}
    for asset in directory:
        if asset.location is not None:
            shared = venue_access.get(asset.location.id, asset.accessibility)
            venue_access[asset.location.id] = shared & asset.accessibility
    terms: dict[tuple[str, str], dict[str, Any]] = {}
    counts: dict[tuple[str, str], int] = {}

    def attribute(
        link_id: str, entity: str, taxonomy: str, code: str, value: str = "", name: str = ""
    ) -> None:
        if (taxonomy, code) not in terms:
            term_id = base = f"{taxonomy.removeprefix('ecomap-')}-{_slug(code)}"
            suffix = 2
            while any(t["id"] == term_id for t in terms.values()):  # "a b" and "a-b" share a slug
                term_id, suffix = f"{base}-{suffix}", suffix + 1
            terms[taxonomy, code] = {
                "id": term_id,
                "code": code,
                "name": name or code,
                "taxonomy_id": taxonomy,
            }
        counts[link_id, entity] = number = counts.get((link_id, entity), 0) + 1
        out["attribute"].append(
            {
                "id": f"{link_id}-{entity}-{number}",
                "link_id": link_id,
                "link_entity": entity,
                "taxonomy_term_id": terms[taxonomy, code]["id"],
                "value": value,
            }
        )

    written_locations: set[str] = set()
    for asset in directory:
        out["service"].append(
            {
                "id": asset.id,
                "organization_id": org_ids.get(asset.organization, ""),
                "name": asset.name,
                "description": asset.description,
                "url": asset.url,
                "email": asset.email,
                "status": asset.status,
                "minimum_age": asset.minimum_age,
                "maximum_age": asset.maximum_age,
                "eligibility_description": asset.eligibility,
            }
        )
        for language in asset.languages:
            code = language_code(language)
            out["language"].append(
                {
                    "id": f"{asset.id}-language-{_slug(language)}",
                    "service_id": asset.id,
                    "name": LANGUAGE_NAMES[code][0].title() if code else language,
                    "code": code or "",
                }
            )
        attribute(asset.id, "service", TAXONOMY_KIND, asset.kind)
        for tag in asset.tags:
            attribute(asset.id, "service", TAXONOMY_TAG, tag)
        place = asset.location
        shared = venue_access.get(place.id, frozenset()) if place else frozenset()
        for code in VENUE_ACCESS:
            if code in asset.accessibility and code not in shared:
                attribute(asset.id, "service", TAXONOMY_ACCESS, code, name=ACCESS_WORDING[code])
        if asset.offers_transport:
            attribute(asset.id, "service", TAXONOMY_FEATURE, "offers_transport", "true")
        for number, schedule in enumerate(asset.schedules, start=1):
            out["schedule"].append(
                {"id": f"{asset.id}-schedule-{number}", "service_id": asset.id, **_schedule_record(schedule)}
            )
        if asset.cost_amount is not None or asset.cost_text:
            out["cost_option"].append(
                {
                    "id": f"{asset.id}-cost",
                    "service_id": asset.id,
                    "currency": "GBP",
                    "amount": asset.cost_amount,
                    "amount_description": asset.cost_text,
                }
            )
        if asset.phone:
            out["phone"].append(
                {"id": f"{asset.id}-phone", "service_id": asset.id, "number": asset.phone, "type": "voice"}
            )
        if place is None:
            continue
        out["service_at_location"].append(
            {"id": f"{asset.id}-at-location", "service_id": asset.id, "location_id": place.id}
        )
        if place.id in written_locations:
            continue
        written_locations.add(place.id)
        out["location"].append(
            {
                "id": place.id,
                "location_type": "physical",
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
        )
        if place.address or place.town or place.postcode:
            out["address"].append(
                {
                    "id": f"{place.id}-address",
                    "location_id": place.id,
                    "address_1": place.address,
                    "city": place.town,
                    "postal_code": place.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            )
        for code in VENUE_ACCESS:
            if code in shared:
                out["accessibility"].append(
                    {
                        "id": f"{place.id}-access-{_slug(code)}",
                        "location_id": place.id,
                        "description": ACCESS_WORDING[code],
                    }
                )
        if place.on_bus_route is not None:
            attribute(place.id, "location", TAXONOMY_FEATURE, "on_bus_route", _cell(place.on_bus_route))
    out["taxonomy"] = [{"id": t, "name": t, "description": d} for t, d in TAXONOMIES.items()]
    out["taxonomy_term"] = sorted(terms.values(), key=lambda t: (t["taxonomy_id"], t["id"]))
    return out


def directory_files(
    directory: Directory, *, name: str = "community-directory", title: str = ""
) -> dict[str, str]:
    """The directory as file name -> text: one CSV per table and a ``datapackage.json``."""
    records = _directory_tables(directory)
    texts: dict[str, str] = {}
    resources = []
    for table, columns in WRITTEN_TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(r.get(c)) for c in columns] for r in records[table])
        texts[f"{table}.csv"] = buffer.getvalue()
        schema: dict[str, Any] = {
            "fields": [{"name": c, "type": FIELD_TYPES.get(c, "string")} for c in columns],
            "primaryKey": "id",
        }
        if table in FOREIGN_KEYS:
            schema["foreignKeys"] = [
                {"fields": c, "reference": {"resource": ref, "fields": "id"}}
                for c, ref in FOREIGN_KEYS[table]
            ]
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    package = {
        "name": name,
        "title": title or "Community asset directory",
        "description": "Community assets as an Open Referral UK / HSDS 3.0 tabular data package.",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    texts["datapackage.json"] = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return texts


def save_directory(
    directory: Directory, path: str | os.PathLike[str], *, name: str = "community-directory", title: str = ""
) -> None:
    """Write an HSDS 3.0 tabular package: a ``.zip`` when the path ends so, otherwise a folder.

    Each file is written whole or not at all; :func:`load_directory` reads the result back to an
    equal directory.
    """
    target = Path(path)
    texts = directory_files(directory, name=name, title=title)
    if target.suffix.lower() == ".zip":
        write_atomically(target, bundle_zip_bytes(texts))
        return
    for file_name, text in texts.items():
        write_atomically(target / file_name, text.encode("utf-8"))
