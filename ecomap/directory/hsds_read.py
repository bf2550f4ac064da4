"""Reading a directory: :func:`load_directory` turns HSDS tables or HSDS JSON into a :class:`Directory`.

- an HSDS *tabular data package*: a folder or ``.zip`` of CSV files, with or without a
  ``datapackage.json``. Both table-name styles are read: HSDS 3.0 (``organization.csv``,
  ``service.csv``, ``location.csv``, ``service_at_location.csv``, ``schedule.csv``,
  ``taxonomy.csv``, ``taxonomy_term.csv``, ``attribute.csv``, ``cost_option.csv``,
  ``accessibility.csv``, ``address.csv``, ``phone.csv``, ``contact.csv``) and the plural, older
  Open Referral UK names (``organizations.csv``, ``services.csv``, ``locations.csv``,
  ``regular_schedules.csv``, ``service_taxonomys.csv``, ``taxonomies.csv``,
  ``accessibility_for_disabilities.csv``, ``cost_options.csv``, ``eligibilitys.csv``,
  ``physical_addresses.csv``). Only the service table is required.
- HSDS JSON: a list of services with their organization, service_at_locations (each with its
  location), schedules and taxonomy terms nested inside, as the HSDS 3.0 ``/services`` API and Open
  Referral UK's ``/services/{id}`` return them; a paged response (``contents`` or ``content``) or
  a single service are read too.

Every problem is collected and raised together as :class:`DirectoryInvalid`, each naming the file,
the row (spreadsheet row: the header is row 1; for JSON, the service's place in the list), the
field, the bad value and what is allowed.

HSDS JSON objects are read by what they are (:func:`json_kind`): organisations give their nested
services, service_at_location responses their service at that place; locations, taxonomies and
terms on their own are not assets. HSDS 1.x ``regular_schedules.weekday`` gives the day; a
schedule past its ``valid_to`` is left out. :func:`read_directory` reads strictly or leniently
(keeping every good record, returning the problems of the rest; see ``docs/import-open-referral.md``).

An asset's kind, tags, extra access codes and features are read from the ``ecomap-*`` taxonomies
(see :mod:`ecomap.directory.hsds_write`). Terms from any other taxonomy (an Open Referral UK feed's
categories, say) become tags.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import posixpath
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, time
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from ecomap.directory.assets import (
    _RRULE_DAYS,
    ASSET_KINDS,
    STATUSES,
    TAXONOMY_ACCESS,
    TAXONOMY_FEATURE,
    TAXONOMY_KIND,
    TAXONOMY_TAG,
    UK_ACCESS_CODES,
    VENUE_ACCESS,
    Asset,
    Directory,
    DirectoryInvalid,
    Location,
    Schedule,
    access_codes_from_text,
)
from ecomap.directory.wording import languages_by_owner
from ecomap.model import Problem

# --- reading: files and tables -----------------------------------------------------------------

#: Table names as files or datapackage resources, in every style read, -> the table they hold.
#: ``taxonomy`` is a list of vocabularies when a ``taxonomy_term`` table is present, and a list
#: of terms otherwise (the older style). ``service_taxonomy`` links services to those terms.
TABLE_NAMES: dict[str, str] = {
    **dict.fromkeys(["organization", "organizations"], "organization"),
    **dict.fromkeys(["service", "services"], "service"),
    **dict.fromkeys(["location", "locations"], "location"),
    **dict.fromkeys(
        ["service_at_location", "service_at_locations", "services_at_location", "services_at_locations"],
        "service_at_location",
    ),
    **dict.fromkeys(["schedule", "schedules", "regular_schedule", "regular_schedules"], "schedule"),
    **dict.fromkeys(["taxonomy", "taxonomies"], "taxonomy"),
    **dict.fromkeys(["taxonomy_term", "taxonomy_terms"], "taxonomy_term"),
    **dict.fromkeys(["attribute", "attributes"], "attribute"),
    **dict.fromkeys(
        ["service_taxonomy", "service_taxonomys", "service_taxonomies", "services_taxonomy"],
        "service_taxonomy",
    ),
    **dict.fromkeys(["cost_option", "cost_options"], "cost_option"),
    **dict.fromkeys(
        [
            "accessibility",
            "accessibilities",
            "accessibility_for_disabilities",
            "accessibility_for_disability",
        ],
        "accessibility",
    ),
    **dict.fromkeys(["address", "addresses", "physical_address", "physical_addresses"], "address"),
    **dict.fromkeys(["phone", "phones"], "phone"),
    **dict.fromkeys(["contact", "contacts"], "contact"),
    **dict.fromkeys(["eligibility", "eligibilitys", "eligibilities"], "eligibility"),
    **dict.fromkeys(["language", "languages"], "language"),
}
#: Columns a table must have to be read at all.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name"),
    "service": ("id", "name"),
    "location": ("id",),
    "service_at_location": ("service_id", "location_id"),
    "schedule": (),
    "taxonomy": ("id", "name"),
    "taxonomy_term": ("id", "name"),
    "attribute": ("link_id", "taxonomy_term_id"),
    "service_taxonomy": ("service_id", "taxonomy_id"),
    "cost_option": ("service_id",),
    "accessibility": ("location_id",),
    "address": ("location_id",),
    "phone": ("number",),
    "contact": ("id",),
    "eligibility": ("service_id",),
    "language": (),
}


@dataclass(frozen=True)
class _Row:
    """One record of one table, with where a person would find it.

    ``path`` prefixes field names for nested JSON (``service_at_locations[0].location.``).
    """

    values: Mapping[str, str]
    file: str
    row: int | None
    path: str = ""

    def get(self, field: str) -> str:
        return self.values.get(field, "").strip()

    def problem(self, field: str, value: Any, message: str) -> Problem:
        return Problem(self.file, self.row, f"{self.path}{field}", value, message)


Tables = dict[str, list[_Row]]


def load_directory(path: str | os.PathLike[str], *, today: date | None = None) -> Directory:
    """Read a directory: a folder or ``.zip`` tabular package, or an HSDS JSON file.

    Strict: raises :class:`DirectoryInvalid` listing every problem (see :func:`read_directory` for
    a lenient read). ``today`` (default: the date today) decides which schedules are still valid.
    """
    return read_directory(path, today=today).directory


@dataclass(frozen=True)
class DirectoryRead:
    """What a lenient read kept, and the problems of the records it left out."""

    directory: Directory
    problems: list[Problem] = dataclass_field(default_factory=list)


@dataclass(frozen=True)
class _Options:
    lenient: bool
    today: date


def read_directory(
    path: str | os.PathLike[str], *, lenient: bool = False, today: date | None = None
) -> DirectoryRead:
    """Read a directory strictly (every problem raised together), or leniently.

    A lenient read keeps every good record and leaves out the bad ones: a service whose own
    fields have a problem is left out; a bad schedule, cost or location value is left out and
    the service kept without it. It still refuses a file it cannot read at all, or one with no
    service in it. The problems of what was left out come back with the directory (see
    :func:`ecomap.directory.summary.summarise` for a summary by kind).
    """
    options = _Options(lenient, today or date.today())
    p = Path(path)
    if not p.exists():
        raise DirectoryInvalid([Problem(str(path), None, None, None, "does not exist")])
    if p.is_dir():
        return _from_files(_FolderFiles(p), str(p), options)
    suffix = p.suffix.lower()
    if suffix == ".zip":
        try:
            files = _zip_files(p.read_bytes())
        except zipfile.BadZipFile:
            raise DirectoryInvalid([Problem(str(p), None, None, None, "is not a zip file")]) from None
        return _from_files(files, str(p), options)
    if p.name.lower() == "datapackage.json":
        return _from_files(_FolderFiles(p.parent), str(p.parent), options)
    if suffix == ".json":
        return _from_json(p.read_bytes(), str(p), options)
    raise DirectoryInvalid(
        [
            Problem(
                str(p),
                None,
                None,
                None,
                "is not a directory; use a folder or .zip of HSDS tables, or HSDS .json",
            )
        ]
    )


class _FolderFiles(Mapping[str, bytes]):
    """A package folder's files by relative path, read when asked for; only those inside the folder."""

    def __init__(self, folder: Path):
        self.folder = folder.resolve()

    def _path(self, name: str) -> Path | None:
        path = (self.folder / name).resolve()
        return path if path.is_relative_to(self.folder) and path.is_file() else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._path(name) is not None

    def __getitem__(self, name: str) -> bytes:
        path = self._path(name)
        if path is None:
            raise KeyError(name)
        return path.read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(p.name for p in self.folder.iterdir() if p.is_file()))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _zip_files(data: bytes) -> dict[str, bytes]:
    """The package's files, relative to its datapackage.json or to the one folder zipping made."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {
            n: archive.read(n)
            for n in archive.namelist()
            if not n.endswith("/") and not n.startswith("__MACOSX")
        }
        members = _follow_links(archive, members)
    descriptors = sorted((n for n in members if PurePosixPath(n).name == "datapackage.json"), key=len)
    if descriptors:
        base = PurePosixPath(descriptors[0]).parent
    else:
        parents = {PurePosixPath(n).parent for n in members if n.lower().endswith(".csv")}
        base = parents.pop() if len(parents) == 1 else PurePosixPath(".")
    return {
        PurePosixPath(n).relative_to(base).as_posix(): content
        for n, content in members.items()
        if PurePosixPath(n).is_relative_to(base)
    }


#: How many links in a row a zip's symbolic link may follow before it is taken as a loop.
_MOST_LINKS = 8


def _follow_links(archive: zipfile.ZipFile, members: dict[str, bytes]) -> dict[str, bytes]:
    """Replace each symbolic-link entry by the file it points to inside the archive.

    GitHub's archives store a symbolic link as an entry whose Unix mode (the top 16 bits of the
    external attributes) is a link (``S_IFLNK``) and whose content is the target path. A target
    is followed only within the archive: absolute paths, paths that climb out of it and loops
    are left unresolved, and such an entry is dropped rather than read.
    """
    links = {
        info.filename: info
        for info in archive.infolist()
        if info.filename in members and stat.S_ISLNK(info.external_attr >> 16)
    }
    resolved = dict(members)
    for name in links:
        target: str | None = name
        for _ in range(_MOST_LINKS):
            if target not in links:
                break
            pointed = members[target].decode("utf-8", "replace").strip()
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(target), pointed))
            target = None if pointed.startswith("/") or joined.startswith("..") else joined
        if target is None or target in links or target not in members:
            del resolved[name]
        else:
            resolved[name] = members[target]
    return resolved


def _table_for(name: str) -> str | None:
    return TABLE_NAMES.get(name.strip().lower().replace("-", "_").replace(" ", "_"))


def _from_files(files: Mapping[str, bytes], source: str, options: _Options) -> DirectoryRead:
    problems: list[Problem] = []
    chosen: dict[str, str] = {}  # table -> file inside the package
    named_but_missing: set[str] = set()

    def choose(table: str | None, member: str) -> None:
        if table is None:
            return  # funding, metadata ...: not part of a directory of assets
        if table in chosen:
            problems.append(
                Problem(
                    f"{source}/{member}",
                    None,
                    None,
                    None,
                    f"holds the {table} table again (already in {chosen[table]})",
                )
            )
            return
        chosen[table] = member

    if "datapackage.json" in files:
        where = f"{source}/datapackage.json"
        try:
            resources = json.loads(files["datapackage.json"].decode("utf-8-sig"))["resources"]
            if not isinstance(resources, list):
                raise TypeError("resources is not a list")
        except (ValueError, KeyError, TypeError) as error:
            raise DirectoryInvalid(
                [
                    Problem(
                        where,
                        None,
                        "resources",
                        None,
                        f"is not a data package with a list of resources ({error})",
                    )
                ]
            ) from None
        for number, resource in enumerate(resources):
            member = resource.get("path") if isinstance(resource, dict) else None
            if not isinstance(member, str):
                problems.append(
                    Problem(where, None, f"resources[{number}].path", member, "is not a file path")
                )
                continue
            table = _table_for(str(resource.get("name", ""))) or _table_for(PurePosixPath(member).stem)
            if member not in files:
                if table is not None:
                    named_but_missing.add(table)
                    problems.append(
                        Problem(
                            where,
                            None,
                            f"resources[{number}].path",
                            member,
                            "names a file that is not in the package",
                        )
                    )
                continue
            choose(table, member)
    else:
        for member in sorted(files):
            if "/" not in member and member.lower().endswith(".csv"):
                choose(_table_for(PurePosixPath(member).stem), member)

    tables: Tables = {}
    for table, member in chosen.items():
        tables[table] = _read_csv(files[member], f"{source}/{member}", table, problems)
    if "service" not in chosen and "service" not in named_but_missing:
        problems.append(
            Problem(
                source,
                None,
                None,
                None,
                "has no service table (service.csv or services.csv); a directory needs one",
            )
        )
    if problems and not (options.lenient and tables.get("service")):
        raise DirectoryInvalid(problems)
    return _assemble(tables, set(tables), options, problems)


def _read_csv(raw: bytes, where: str, table: str, problems: list[Problem]) -> list[_Row]:
    """Rows of one CSV table, keyed by header; numbered as a spreadsheet shows them."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(where, None, None, None, f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8")
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS[table] if c not in header]
    for column in missing:
        problems.append(Problem(where, 1, column, None, "is a required column and is missing"))
    if missing:
        return []
    rows: list[_Row] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines, as spreadsheets leave at the end
        if len(cells) > len(header):
            problems.append(
                Problem(where, number, None, None, f"has {len(cells)} cells but the header has {len(header)}")
            )
            continue
        rows.append(_Row({h: c for h, c in zip(header, cells) if h}, where, number))
    return rows


# --- reading: HSDS JSON ------------------------------------------------------------------------


#: Keys only an HSDS location, taxonomy or taxonomy term has (a service has none of them), and keys
#: only an organisation has: such objects are read for the services they hold, never as assets.
_LOCATION_KEYS = frozenset(
    {
        "latitude",
        "longitude",
        "location_type",
        "addresses",
        "physical_addresses",
        "transportation",
        "external_identifier",
        "accessibility",
        "accessibility_for_disabilities",
    }
)
_TAXONOMY_KEYS = frozenset(
    {"code", "term", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri", "vocabulary"}
    | {"version"}
)
_ORGANIZATION_KEYS = frozenset(
    {"legal_status", "year_incorporated", "tax_status", "tax_id", "website", "logo"}
)


def json_kind(obj: Mapping[str, Any]) -> str:
    """What an HSDS JSON object is, by the fields only it has.

    ``organization`` (it lists its ``services``, or has fields only an organisation has),
    ``service_at_location`` (a ``service`` object, or service and location ids without a name),
    ``location``, ``taxonomy_term`` (taxonomies and their terms) or ``service``. HSDS 3.0 API
    responses (``/services``, ``/organizations/{id}``, ``/service_at_locations``, ``/locations``,
    ``/taxonomies``, ``/taxonomy_terms``) and Open Referral UK's ``/services/{id}`` each give one.
    """
    keys = set(obj)
    if isinstance(obj.get("services"), list):
        return "organization"
    if isinstance(obj.get("service"), dict) or ("service_id" in keys and "name" not in keys):
        return "service_at_location"
    if keys & _LOCATION_KEYS:
        return "location"
    if keys & _TAXONOMY_KEYS:
        return "taxonomy_term"
    if keys & _ORGANIZATION_KEYS:
        return "organization"
    return "service"


def _from_json(raw: bytes, source: str, options: _Options) -> DirectoryRead:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DirectoryInvalid([Problem(source, None, None, None, f"is not JSON ({error})")]) from None
    if isinstance(data, dict):
        # A page of results (HSDS 3.0 ``contents``, Open Referral UK ``content``), else one object.
        objects = data.get("contents", data.get("content", [data] if {"id", "name"} & set(data) else []))
    else:
        objects = data
    if not isinstance(objects, list):
        objects = [objects]
    tables: Tables = {}
    seen: dict[str, set[str]] = {}
    problems: list[Problem] = []
    kinds: Counter[str] = Counter()
    for number, obj in enumerate(objects, start=1):
        if not isinstance(obj, dict):
            problems.append(
                Problem(source, number, None, None, "is not a service or other HSDS object (a JSON object)")
            )
            continue
        kind = json_kind(obj)
        kinds[kind] += 1
        f = _Flattener(tables, source, number, seen)
        if kind == "service":
            _flatten_service(obj, f)
        elif kind == "organization":
            organization = {k: v for k, v in obj.items() if k != "services"}
            for path, service in f.children(obj, "services"):
                nested = {**service, "organization": service.get("organization") or organization}
                _flatten_service(nested, _Flattener(tables, source, number, seen, path))
        elif kind == "service_at_location":
            _flatten_service_at_location(obj, f, problems)
    if not tables.get("service"):
        found = ", ".join(f"{count} {kind.replace('_', ' ')}(s)" for kind, count in sorted(kinds.items()))
        raise DirectoryInvalid(
            problems
            + [
                Problem(
                    source,
                    None,
                    None,
                    None,
                    "holds no services; expected HSDS services, organisations with their services, or "
                    f"services at locations (it holds {found or 'nothing'}; locations and taxonomy terms "
                    "are not assets)",
                )
            ]
        )
    if problems and not options.lenient:
        raise DirectoryInvalid(problems)
    return _assemble(tables, {"service"}, options, problems)


def _flatten_service_at_location(obj: dict[str, Any], f: _Flattener, problems: list[Problem]) -> None:
    """An HSDS 3.0 service_at_location response: its service, at its location.

    The same service is listed once per place it runs; it is read once, and each place added.
    """
    service = obj.get("service")
    if not isinstance(service, dict):
        problems.append(
            Problem(
                f.file, f.number, "service", None, "is missing; a service at a location needs its service"
            )
        )
        return
    at = {k: v for k, v in obj.items() if k != "service"}
    service_id = _json_cell(service.get("id") or obj.get("service_id"))
    if service_id and service_id in f.seen.get("service", set()):
        _flatten_at_location(at, f, "", service_id)
    else:
        _flatten_service({**service, "id": service_id, "service_at_locations": [at]}, f)


@dataclass
class _Flattener:
    """Turns one nested HSDS service into rows of the same tables a tabular package has."""

    tables: Tables
    file: str
    number: int
    seen: dict[str, set[str]]
    prefix: str = ""  # where the service sits inside the object (an organisation's services[2].)

    def add(self, table: str, obj: Mapping[str, Any], path: str, **links: str) -> str:
        """Add the object's plain fields (and ``links``) as a row; returns its id."""
        path = self.prefix + path
        values = {k: _json_cell(v) for k, v in obj.items() if not isinstance(v, (dict, list))}
        values.update(links)
        if not values.get("id") and table != "service":
            values["id"] = f"{self.file}#{self.number}:{path}"  # a nested record may leave out its id
        record_id = values.get("id", "")
        seen = self.seen.setdefault(table, set())
        # The same organization, location or term is repeated under every service that uses it.
        if table == "service" or record_id not in seen:
            self.tables.setdefault(table, []).append(_Row(values, self.file, self.number, path))
            seen.add(record_id)
        return record_id

    def children(self, obj: Mapping[str, Any], *keys: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects in the first of ``keys`` present, each with its path."""
        for key in keys:
            items = obj.get(key)
            if isinstance(items, list):
                return [(f"{key}[{i}].", item) for i, item in enumerate(items) if isinstance(item, dict)]
        return []


def _json_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten_service(service: dict[str, Any], f: _Flattener) -> None:
    organization = service.get("organization")
    links = {}
    if isinstance(organization, dict):
        links["organization_id"] = f.add("organization", organization, "organization.")
    service_id = f.add("service", service, "", **links)
    _flatten_attributes(service, f, "", service_id, "service")
    for path, schedule in f.children(service, "schedules", "regular_schedules"):
        f.add("schedule", schedule, path, service_id=service_id)
    for path, cost in f.children(service, "cost_options"):
        f.add("cost_option", cost, path, service_id=service_id)
    for path, eligibility in f.children(service, "eligibilitys", "eligibilities"):
        f.add("eligibility", eligibility, path, service_id=service_id)
    for path, phone in f.children(service, "phones"):
        f.add("phone", phone, path, service_id=service_id)
    for path, language in f.children(service, "languages"):
        f.add("language", language, path, service_id=service_id)
    for path, contact in f.children(service, "contacts"):
        for inner, phone in f.children(contact, "phones"):
            f.add("phone", phone, path + inner, service_id=service_id)
    for path, at in f.children(service, "service_at_locations"):
        _flatten_at_location(at, f, path, service_id)


def _flatten_at_location(at: dict[str, Any], f: _Flattener, path: str, service_id: str) -> None:
    location = at.get("location")
    location_id = str(at.get("location_id") or "")
    if isinstance(location, dict):
        location_id = f.add("location", location, path + "location.")
        _flatten_location(location, f, path + "location.", location_id)
    at_id = f.add("service_at_location", at, path, service_id=service_id, location_id=location_id)
    for inner, schedule in f.children(at, "schedules", "regular_schedules"):
        f.add("schedule", schedule, path + inner, service_at_location_id=at_id)
    for inner, phone in f.children(at, "phones"):
        f.add("phone", phone, path + inner, service_at_location_id=at_id)


def _flatten_location(location: dict[str, Any], f: _Flattener, path: str, location_id: str) -> None:
    for inner, address in f.children(location, "addresses", "physical_addresses"):
        f.add("address", address, path + inner, location_id=location_id)
    for inner, access in f.children(location, "accessibility", "accessibility_for_disabilities"):
        f.add("accessibility", access, path + inner, location_id=location_id)
    for inner, schedule in f.children(location, "schedules", "regular_schedules"):
        f.add("schedule", schedule, path + inner, location_id=location_id)
    for inner, phone in f.children(location, "phones"):
        f.add("phone", phone, path + inner, location_id=location_id)
    _flatten_attributes(location, f, path, location_id, "location")


def _flatten_attributes(obj: dict[str, Any], f: _Flattener, path: str, link_id: str, entity: str) -> None:
    """HSDS 3.0 ``attributes[].taxonomy_term`` and Open Referral UK ``service_taxonomys[].taxonomy``."""
    for key, term_key in (("attributes", "taxonomy_term"), ("service_taxonomys", "taxonomy")):
        for inner, attribute in f.children(obj, key):
            term = attribute.get(term_key)
            if not isinstance(term, dict):
                continue
            detail = term.get("taxonomy_detail")
            taxonomy = term.get("taxonomy") or (detail.get("name") if isinstance(detail, dict) else "")
            term_id = f.add(
                "taxonomy_term", term, f"{path}{inner}{term_key}.", taxonomy=_json_cell(taxonomy or "")
            )
            f.add(
                "attribute",
                attribute,
                path + inner,
                link_id=link_id,
                link_entity=entity,
                taxonomy_term_id=term_id,
            )


# --- reading: from tables to assets ------------------------------------------------------------


def _assemble(
    tables: Tables, check_unique: set[str], options: _Options, read: list[Problem]
) -> DirectoryRead:
    """Check the tables against each other and build the assets; raise every problem at once,
    or (lenient) keep what is good and return the problems of what was left out."""
    resolver = _Resolver(tables, check_unique, options)
    assets = resolver.assets()
    problems = read + resolver.problems
    if not options.lenient:
        if problems:
            raise DirectoryInvalid(problems)
        return DirectoryRead(Directory(assets))
    kept, clashes = _without_clashes(assets)
    if not kept:
        raise DirectoryInvalid(problems + clashes)
    return DirectoryRead(Directory(kept), problems + clashes)


def _without_clashes(assets: list[Asset]) -> tuple[list[Asset], list[Problem]]:
    """The assets a directory can hold together: the first of any repeated id, and only assets
    that describe a shared location as the first one there does (see :class:`Directory`)."""
    kept: list[Asset] = []
    ids: set[str] = set()
    places: dict[str, Location] = {}
    problems = []
    for asset in assets:
        place = asset.location
        if asset.id in ids:
            problems.append(Problem("", None, "id", asset.id, "is used by two assets; the first is kept"))
        elif place is not None and places.setdefault(place.id, place) != place:
            problems.append(
                Problem("", None, "location", place.id, f"is described differently by {asset.id!r}; left out")
            )
        else:
            ids.add(asset.id)
            kept.append(asset)
    return kept, problems


class _Resolver:
    """Reads the normalised tables into assets, collecting every problem on the way."""

    def __init__(self, tables: Tables, check_unique: set[str], options: _Options):
        self.problems: list[Problem] = []
        self.options = options
        self.tables = tables
        if "taxonomy_term" not in tables and "taxonomy" in tables:
            # Older packages list the terms themselves in taxonomy.csv / taxonomies.csv.
            tables["taxonomy_term"] = tables.pop("taxonomy")
        self.by_id: dict[str, dict[str, _Row]] = {
            table: self._index(table, table in check_unique) for table in tables
        }

    def rows(self, table: str) -> list[_Row]:
        return self.tables.get(table, [])

    def _index(self, table: str, check_unique: bool) -> dict[str, _Row]:
        index: dict[str, _Row] = {}
        for row in self.rows(table):
            row_id = row.get("id")
            if not row_id:
                if table in ("organization", "service", "location", "taxonomy", "taxonomy_term"):
                    self.problems.append(row.problem("id", None, "is empty; this field is required"))
                continue
            if row_id in index:
                if check_unique:
                    first = index[row_id].row
                    self.problems.append(
                        row.problem("id", row_id, f"is used twice (first on row {first}); ids must be unique")
                    )
                continue
            index[row_id] = row
        return index

    def known(self, row: _Row, field: str, table: str, *, required: bool = False) -> str | None:
        """The id in ``field`` if the ``table`` has it; a problem (and ``None``) if not.

        A package may leave optional tables out: ids pointing into a table it does not have are
        not checked.
        """
        ref = row.get(field)
        if not ref:
            if required:
                self.problems.append(row.problem(field, None, "is empty; this field is required"))
            return None
        if table not in self.tables:
            return None
        if ref not in self.by_id.get(table, {}):
            self.problems.append(
                row.problem(field, ref, f"is not the id of any {table} in the {table} table")
            )
            return None
        return ref

    # -- field parsers: each returns a value or None, and records a problem for a bad cell --

    def number(self, row: _Row, field: str, low: float, high: float) -> float | None:
        text = row.get(field)
        if not text:
            return None
        try:
            # A currency sign and thousands separators, as people write amounts, are dropped.
            plain = re.fullmatch(r"[£$€]?[\d,]*\.?\d*", text)
            value = float(text.lstrip("£$€").replace(",", "") if plain else text)
        except ValueError:
            self.problems.append(row.problem(field, text, "is not a number"))
            return None
        if not (low <= value <= high) or math.isnan(value):
            self.problems.append(row.problem(field, text, f"must be between {low:g} and {high:g}"))
            return None
        return value

    def whole(self, row: _Row, field: str, low: int, high: int) -> int | None:
        text = row.get(field)
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            self.problems.append(row.problem(field, text, "is not a whole number"))
            return None
        value = int(float(text))
        if not low <= value <= high:
            self.problems.append(row.problem(field, text, f"must be between {low} and {high}"))
            return None
        return value

    def yes_no(self, row: _Row, field: str, blank: bool) -> bool | None:
        text = row.get(field).lower()
        if not text:
            return blank
        if text in ("true", "yes", "1", "y"):
            return True
        if text in ("false", "no", "0", "n"):
            return False
        self.problems.append(row.problem(field, row.get(field), "is not yes or no; write true or false"))
        return None

    def clock(self, row: _Row, field: str) -> time | None:
        """HH:MM, HH:MM:SS, with or without a zone (Z, +01:00), which is dropped: times are local."""
        text = row.get(field)
        if not text:
            return None
        match = re.fullmatch(
            r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", text, re.IGNORECASE
        )
        if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
            self.problems.append(
                row.problem(field, text, "is not a time; write HH:MM on the 24-hour clock, for example 09:30")
            )
            return None
        return time(int(match[1]), int(match[2]))

    # -- the tables --

    def organizations(self) -> dict[str, _Row]:
        return self.by_id.get("organization", {})

    def terms(self) -> dict[str, tuple[str, str, str]]:
        """Term id -> (taxonomy name, code, name)."""
        taxonomy_names = {tid: row.get("name") for tid, row in self.by_id.get("taxonomy", {}).items()}
        terms = {}
        for term_id, row in self.by_id.get("taxonomy_term", {}).items():
            taxonomy = (
                taxonomy_names.get(row.get("taxonomy_id"))
                or row.get("taxonomy")
                or row.get("vocabulary")
                or row.get("taxonomy_id")
            )
            if row.get("taxonomy_id") and "taxonomy" in self.by_id:
                self.known(row, "taxonomy_id", "taxonomy")
            terms[term_id] = (taxonomy, row.get("code") or row.get("name"), row.get("name"))
        return terms

    def attributes(self) -> list[_Row]:
        """HSDS 3.0 attribute rows, with older service-taxonomy links read as attributes of services."""
        links = [
            _Row(
                {
                    "link_id": r.get("service_id"),
                    "link_entity": "service",
                    "taxonomy_term_id": r.get("taxonomy_id"),
                },
                r.file,
                r.row,
                r.path,
            )
            for r in self.rows("service_taxonomy")
        ]
        return self.rows("attribute") + links

    def classify(self) -> tuple[dict[str, dict[str, Any]], dict[str, bool]]:
        """Per service: kind, tags, access codes, offers_transport. Per location: on_bus_route."""
        terms = self.terms()
        services: dict[str, dict[str, Any]] = {}
        bus: dict[str, bool] = {}
        service_ids = self.by_id.get("service", {})
        location_ids = self.by_id.get("location", {})
        for row in self.attributes():
            entity = row.get("link_entity").lower()
            link = row.get("link_id")
            if entity not in ("", "service", "location"):
                continue  # attributes of organizations, contacts ...: not needed here
            if not entity:
                entity = "service" if link in service_ids else "location" if link in location_ids else ""
                if not entity:
                    continue
            if self.known(row, "link_id", entity, required=True) is None:
                continue
            term_id = row.get("taxonomy_term_id")
            if term_id not in terms:
                self.known(row, "taxonomy_term_id", "taxonomy_term", required=True)
                continue
            taxonomy, code, name = terms[term_id]
            if entity == "location":
                if taxonomy == TAXONOMY_FEATURE and code == "on_bus_route":
                    value = self.yes_no(row, "value", blank=True)
                    if value is not None:
                        bus[link] = value
                continue
            found = services.setdefault(link, {"tags": [], "accessibility": set()})
            if taxonomy == TAXONOMY_KIND:
                if code.lower() not in ASSET_KINDS:
                    self.problems.append(
                        row.problem(
                            "taxonomy_term_id",
                            term_id,
                            f"names the kind {code!r}; use one of {', '.join(ASSET_KINDS)}",
                        )
                    )
                else:
                    found["kind"] = code.lower()
            elif taxonomy == TAXONOMY_ACCESS:
                if code not in VENUE_ACCESS:
                    self.problems.append(
                        row.problem(
                            "taxonomy_term_id",
                            term_id,
                            f"names the access code {code!r}; use one of {', '.join(VENUE_ACCESS)}",
                        )
                    )
                else:
                    found["accessibility"].add(code)
            elif taxonomy == TAXONOMY_FEATURE and code == "offers_transport":
                value = self.yes_no(row, "value", blank=True)
                if value is not None:
                    found["offers_transport"] = value
            else:
                found["tags"].append(name if taxonomy != TAXONOMY_TAG else code)
        return services, bus

    def location_access(self) -> dict[str, set[str]]:
        codes: dict[str, set[str]] = {}
        for row in self.rows("accessibility"):
            location_id = self.known(row, "location_id", "location", required=True)
            if location_id is None:
                continue
            found = codes.setdefault(location_id, set())
            uk_code = row.get("accessibility").lower()
            if uk_code in UK_ACCESS_CODES:
                found.add(UK_ACCESS_CODES[uk_code])
            for field in ("accessibility", "description", "details"):
                found |= access_codes_from_text(row.get(field))
        return codes

    def locations(self, bus: dict[str, bool]) -> dict[str, Location]:
        addresses: dict[str, _Row] = {}
        for row in self.rows("address"):
            location_id = self.known(row, "location_id", "location", required=True)
            # A location may have postal and physical addresses; the physical one is where to go.
            if location_id and (
                location_id not in addresses or row.get("address_type").lower() == "physical"
            ):
                addresses[location_id] = row
        found = {}
        for location_id, row in self.by_id.get("location", {}).items():
            latitude = self.number(row, "latitude", -90, 90)
            longitude = self.number(row, "longitude", -180, 180)
            if (row.get("latitude") == "") != (row.get("longitude") == ""):
                self.problems.append(
                    row.problem(
                        "longitude" if row.get("latitude") else "latitude",
                        None,
                        "latitude and longitude go together",
                    )
                )
            address = addresses.get(location_id)
            found[location_id] = Location(
                id=location_id,
                name=row.get("name"),
                address=", ".join(p for p in (address.get("address_1"), address.get("address_2")) if p)
                if address
                else "",
                town=address.get("city") if address else "",
                postcode=address.get("postal_code") if address else "",
                latitude=latitude if latitude is not None and longitude is not None else None,
                longitude=longitude if latitude is not None and longitude is not None else None,
                on_bus_route=bus.get(location_id),
            )
        return found

    def schedules(self) -> dict[tuple[str, str], list[Schedule]]:
        """Schedules keyed by owner: ``("service_at_location" | "service" | "location", id)``."""
        found: dict[tuple[str, str], list[Schedule]] = {}
        for row in self.rows("schedule"):
            owner = None
            for table in ("service_at_location", "service", "location"):
                if row.get(f"{table}_id"):
                    owner = (table, self.known(row, f"{table}_id", table))
                    break
            if owner is None:
                self.problems.append(
                    row.problem(
                        "service_id",
                        None,
                        "is empty; a schedule belongs to a service, a location or a service at a location",
                    )
                )
                continue
            parsed = self.schedule(row)
            if owner[1] is not None:
                found.setdefault((owner[0], owner[1]), []).extend(parsed)
        return found

    def schedule(self, row: _Row) -> list[Schedule]:
        """One HSDS schedule row as schedules (a monthly 1MO,3WE splits into one per weekday)."""
        byday = [t.strip().upper() for t in row.get("byday").split(",") if t.strip()]
        bymonthday = [t.strip() for t in row.get("bymonthday").split(",") if t.strip()]
        freq = row.get("freq").upper() or ("MONTHLY" if bymonthday else "WEEKLY")
        problems_before = len(self.problems)
        if not byday and row.get("weekday"):
            byday = self.weekday(row)
        valid = self.validity(row)
        if freq not in ("WEEKLY", "MONTHLY"):
            self.problems.append(
                row.problem("freq", row.get("freq"), "is not a frequency; use WEEKLY or MONTHLY")
            )
        interval = self.whole(row, "interval", 1, 52) or 1
        weeks_by_day: dict[str, set[int]] = {}
        for token in byday:
            match = re.fullmatch(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", token)
            if not match:
                self.problems.append(
                    row.problem(
                        "byday",
                        token,
                        "is not a day; use MO, TU, WE, TH, FR, SA or SU (a monthly schedule may number them: "
                        "1TU is the first Tuesday, -1FR the last Friday)",
                    )
                )
                continue
            if match[1] and freq != "MONTHLY":
                self.problems.append(
                    row.problem("byday", token, "numbers a day, which only a MONTHLY schedule can do")
                )
                continue
            weeks_by_day.setdefault(_RRULE_DAYS[match[2]], set()).update([int(match[1])] if match[1] else [])
        month_days = []
        # RFC 5545 forbids BYMONTHDAY in a WEEKLY rule, yet HSDS's own example has one: the weekly
        # days are what such a row means, so its days of the month are left unread.
        for token in bymonthday if freq == "MONTHLY" else []:
            if not re.fullmatch(r"[+-]?\d{1,2}", token) or not 1 <= abs(int(token)) <= 31:
                self.problems.append(
                    row.problem(
                        "bymonthday", token, "is not a day of the month; use 1 to 31, or -1 for the last day"
                    )
                )
            else:
                month_days.append(int(token))
        opens_at, closes_at = self.clock(row, "opens_at"), self.clock(row, "closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.problems.append(
                row.problem(
                    "closes_at", row.get("closes_at"), f"is not after opens_at ({row.get('opens_at')})"
                )
            )
        if len(self.problems) > problems_before or valid is None:
            return []
        common = dict(
            freq=freq.lower(),
            interval=interval,
            opens_at=opens_at,
            closes_at=closes_at,
            notes="; ".join(p for p in (row.get("description"), valid) if p),
        )
        # Days that share the same weeks of the month make one schedule; others need one each.
        groups: dict[frozenset[int], list[str]] = {}
        for day, weeks in weeks_by_day.items():
            groups.setdefault(frozenset(weeks), []).append(day)
        schedules = [
            Schedule(days=tuple(days), weeks=tuple(weeks), **common) for weeks, days in groups.items()
        ]
        if month_days or not schedules:
            schedules.append(Schedule(month_days=tuple(month_days), **common))
        return schedules

    def weekday(self, row: _Row) -> list[str]:
        """HSDS 1.x ``regular_schedules.weekday``: one day a row, as a name ("Monday", "Mon", "MO")
        or a number, 1 = Monday to 7 = Sunday (ISO 8601), as the day of an RRULE's BYDAY."""
        text = row.get("weekday")
        token = _WEEKDAY_TOKENS.get(text.lower().rstrip("."))
        if token is None:
            self.problems.append(
                row.problem(
                    "weekday", text, "is not a day; write Monday ... Sunday, or 1 (Monday) ... 7 (Sunday)"
                )
            )
            return []
        return [token]

    def validity(self, row: _Row) -> str | None:
        """A schedule's ``valid_from`` / ``valid_to`` in words for its notes ("until 31 July 2026"),
        or ``None`` when it is over: a schedule valid only until a day before today is left out,
        so that an old timetable is never shown as current."""
        valid_from, valid_to = self.day(row, "valid_from"), self.day(row, "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.problems.append(
                row.problem(
                    "valid_to", row.get("valid_to"), f"is before valid_from ({row.get('valid_from')})"
                )
            )
            return ""
        if valid_to is not None and valid_to < self.options.today:
            return None
        words = []
        if valid_from is not None and valid_from > self.options.today:
            words.append(f"from {valid_from.day} {valid_from:%B %Y}")
        if valid_to is not None:
            words.append(f"until {valid_to.day} {valid_to:%B %Y}")
        return " ".join(words)

    def day(self, row: _Row, field: str) -> date | None:
        """A date as YYYY-MM-DD (a time after it, as some feeds write, is dropped)."""
        text = row.get(field)
        if not text:
            return None
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?", text)
        try:
            return date.fromisoformat(match[1]) if match else date.fromisoformat(text)
        except ValueError:
            self.problems.append(
                row.problem(field, text, "is not a date; write it as YYYY-MM-DD, for example 2026-03-31")
            )
            return None

    def service_phones(self) -> dict[tuple[str, str], str]:
        """The first phone number for each (table, id) it is linked to."""
        contact_service = {cid: row.get("service_id") for cid, row in self.by_id.get("contact", {}).items()}
        phones: dict[tuple[str, str], str] = {}
        for row in self.rows("phone"):
            number = row.get("number").strip('"')
            links = [
                (t, row.get(f"{t}_id"))
                for t in ("service", "service_at_location", "location", "organization")
            ]
            if row.get("contact_id") in contact_service:
                links.append(("service", contact_service[row.get("contact_id")]))
            for table, ref in links:
                if ref:
                    phones.setdefault((table, ref), number)
        return phones

    def costs(self) -> dict[str, tuple[float | None, str]]:
        """Per service: the lowest amount given, and every option in words."""
        found: dict[str, tuple[float | None, list[str]]] = {}
        for row in self.rows("cost_option"):
            service_id = self.known(row, "service_id", "service", required=True)
            amount = self.number(row, "amount", 0, 1_000_000)
            if service_id is None:
                continue
            low, texts = found.get(service_id, (None, []))
            if amount is not None:
                low = amount if low is None else min(low, amount)
            # A named cost option lists its amount after the name ("Per session £2.50 with lunch"),
            # unless its words already say it. A description alone is kept as written (this
            # project writes its own cost words there, amount included when it matters).
            said = " ".join(p for p in (row.get("option"), row.get("amount_description")) if p)
            stated = amount is None or not row.get("option") or f"{amount:g}" in said.replace(",", "")
            money = "" if stated else _money(amount, row.get("currency"))
            words = " ".join(p for p in (row.get("option"), money, row.get("amount_description")) if p)
            found[service_id] = (low, texts + [words] if words else texts)
        return {sid: (low, "; ".join(dict.fromkeys(texts))) for sid, (low, texts) in found.items()}

    def ages(self) -> dict[str, tuple[int | None, int | None]]:
        found: dict[str, tuple[int | None, int | None]] = {}
        for row in self.rows("eligibility"):
            service_id = self.known(row, "service_id", "service", required=True)
            low, high = self.whole(row, "minimum_age", 0, 130), self.whole(row, "maximum_age", 0, 130)
            if service_id and (low is not None or high is not None):
                found.setdefault(service_id, (low, high))
        return found

    def status(self, row: _Row) -> str:
        text = row.get("status").lower()
        if not text:
            return "active"
        if text == "temporarily closed":
            return "inactive"
        if text not in STATUSES:
            self.problems.append(
                row.problem("status", row.get("status"), f"is not a status; use {', '.join(STATUSES)}")
            )
            return "active"
        return text

    def services(self, assets: list[Asset]) -> Iterator[tuple[str, _Row]]:
        """The service rows, one at a time; in a lenient read, the assets a service added are taken
        back out of ``assets`` when its own record turned out to have a problem.

        The check runs when the loop asks for the next service, that is after the loop's body
        for the previous one has finished (however it ended).
        """
        for service_id, row in self.by_id.get("service", {}).items():
            problems_before, assets_before = len(self.problems), len(assets)
            yield service_id, row
            if self.options.lenient and len(self.problems) > problems_before:
                del assets[assets_before:]

    def assets(self) -> list[Asset]:
        classes, bus = self.classify()
        locations = self.locations(bus)
        location_access = self.location_access()
        schedules = self.schedules()
        phones = self.service_phones()
        costs = self.costs()
        eligibility = self.ages()
        organizations = self.organizations()
        languages = languages_by_owner(row.values for row in self.rows("language"))
        # Open Referral UK 1.x words eligibility in its own table; HSDS 3.0 on the service.
        eligible = {r.get("service_id"): r.get("eligibility") for r in self.rows("eligibility")}
        places: dict[str, list[tuple[str, str]]] = {}
        for row in self.rows("service_at_location"):
            service_id = self.known(row, "service_id", "service", required=True)
            location_id = self.known(row, "location_id", "location", required=True)
            if service_id and location_id:
                places.setdefault(service_id, []).append((row.get("id"), location_id))
        assets: list[Asset] = []
        for service_id, row in self.services(assets):
            if not re.fullmatch(r"[^;\s]+", service_id):
                self.problems.append(
                    row.problem("id", service_id, "is not a usable id; ids contain no spaces or ';'")
                )
                continue
            if not row.get("name"):
                self.problems.append(row.problem("name", None, "is empty; this field is required"))
            organization = None
            if row.get("organization_id"):
                organization = organizations.get(self.known(row, "organization_id", "organization") or "")
            minimum = self.whole(row, "minimum_age", 0, 130)
            maximum = self.whole(row, "maximum_age", 0, 130)
            if minimum is None and maximum is None:
                minimum, maximum = eligibility.get(service_id, (None, None))
            if minimum is not None and maximum is not None and minimum > maximum:
                self.problems.append(row.problem("maximum_age", maximum, f"is below minimum_age ({minimum})"))
                continue
            status = self.status(row)
            amount, cost_text = costs.get(service_id, (None, row.get("fees_description") or row.get("fees")))
            extra = classes.get(service_id, {"tags": [], "accessibility": set()})
            at_locations = places.get(service_id) or [("", "")]
            for at_id, location_id in at_locations:
                asset_id = service_id if len(at_locations) == 1 else at_id or f"{service_id}-{location_id}"
                location = locations.get(location_id)
                own = (
                    schedules.get(("service_at_location", at_id))
                    or schedules.get(("service", service_id))
                    or schedules.get(("location", location_id))
                    or []
                )
                # The service's own number first, then the place's, then the organization's.
                owners = [
                    ("service", service_id),
                    ("service_at_location", at_id),
                    ("location", location_id),
                    ("organization", row.get("organization_id")),
                ]
                phone = next((phones[owner] for owner in owners if owner in phones), "")
                fields = dict(
                    id=asset_id,
                    name=row.get("name") or service_id,
                    organization=organization.get("name") if organization else "",
                    description=row.get("description"),
                    kind=extra.get("kind", "service"),
                    tags=extra["tags"],
                    location=location,
                    schedules=tuple(own),
                    accessibility=frozenset(extra["accessibility"] | location_access.get(location_id, set())),
                    cost_amount=amount,
                    cost_text=cost_text,
                    minimum_age=minimum,
                    maximum_age=maximum,
                    status=status,
                    phone=phone,
                    email=row.get("email") or (organization.get("email") if organization else ""),
                    url=row.get("url")
                    or (organization.get("website") or organization.get("url") if organization else ""),
                    offers_transport=extra.get("offers_transport", False),
                    languages=languages.get(("service", service_id))
                    or languages.get(("location", location_id), ()),
                    eligibility=row.get("eligibility_description") or eligible.get(service_id) or "",
                )
                try:
                    assets.append(Asset(**fields))
                except ValidationError as error:
                    self.problems.extend(
                        row.problem(
                            str(e["loc"][0]) if e["loc"] else "",
                            e.get("input"),
                            e["msg"].removeprefix("Value error, "),
                        )
                        for e in error.errors()
                    )
        return assets


#: HSDS 1.x weekday names, short names, RRULE codes and ISO numbers (1 = Monday), as BYDAY codes.
_WEEKDAY_TOKENS: dict[str, str] = {
    key: code
    for number, (code, name) in enumerate(
        zip(_RRULE_DAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")),
        start=1,
    )
    for key in (name, name[:3], code.lower(), str(number))
}
#: Symbols for the currencies an HSDS cost option names most often; others are written as the code.
_CURRENCY_SYMBOLS: dict[str, str] = {"GBP": "£", "USD": "$", "EUR": "€"}


def _money(amount: float, currency: str) -> str:
    """An amount as a cost list shows it: ``£2.50``, ``$5``, ``12 CAD``. Without a currency it is
    in pounds, as :attr:`Asset.cost_amount` is (Open Referral UK leaves the currency out)."""
    number = f"{amount:,.2f}".removesuffix(".00")
    code = currency.strip().upper() or "GBP"
    if code in _CURRENCY_SYMBOLS:
        return f"{_CURRENCY_SYMBOLS[code]}{number}"
    return f"{number} {code}"
