"""The community asset directory: groups, places, services and volunteering roles a person could join,
read from and written as Open Referral UK / HSDS data.

One :class:`Asset` is one service at one location (HSDS's *service_at_location*): a lunch club in a
church hall, the library with its opening hours, a volunteering role at the food bank. A
:class:`Directory` holds the assets and answers the questions a coordinator asks: what is near, what
meets on a Tuesday morning, what has step-free access, what costs little.

Asset kinds and how each is drawn on an ecomap (:data:`ecomap.model.KINDS`, sectors by
:func:`sector_for`):

================  ==========================================  ===========  ==========================
kind              for                                         ecomap kind  sector
================  ==========================================  ===========  ==========================
``group``         clubs, classes, choirs, worship, societies  group        community; faith if tagged
                                                                           faith; work_learning if
                                                                           tagged learning
``service``       befriending, transport, advice, food bank   service      other_services
``place``         the library, a cafe, allotments, a gym      place        community
``volunteering``  a role where the person gives time          group        work_learning
================  ==========================================  ===========  ==========================

Input (:func:`load_directory`):

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

Output (:func:`save_directory`) is an HSDS 3.0 tabular package with singular table names and a
``datapackage.json``. What HSDS has no column for travels as HSDS *attributes*: taxonomy terms from
four small vocabularies of this project, linked to a service or a location:

=====================  ======================================================================
taxonomy               terms
=====================  ======================================================================
``ecomap-asset-kind``  the asset's kind: group, service, place, volunteering
``ecomap-tag``         lower-case keywords (gardening, singing, carers ...)
``ecomap-access``      access codes of one service beyond what its venue offers every visitor
``ecomap-feature``     ``offers_transport`` (service), ``on_bus_route`` (location); value true/false
=====================  ======================================================================

Terms from any other taxonomy (an Open Referral UK feed's categories, say) become tags.

References: HSDS 3.0 schema reference, https://docs.openreferral.org/en/latest/hsds/schema_reference.html;
Open Referral UK, https://openreferraluk.org; recurrence fields (freq, interval, byday, bymonthday)
follow iCalendar RRULE, RFC 5545 section 3.3.10.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, get_args

import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ecomap.formats._files import write_atomically
from ecomap.formats.csv_bundle import bundle_zip_bytes
from ecomap.model import DAY_PARTS, WEEKDAYS, MapInvalid, Problem

__all__ = [
    "ASSET_KINDS",
    "COST_BANDS",
    "LOW_COST_LIMIT",
    "STATUSES",
    "VENUE_ACCESS",
    "Asset",
    "Directory",
    "DirectoryInvalid",
    "Location",
    "Schedule",
    "access_codes_from_text",
    "directory_files",
    "distance_km",
    "load_directory",
    "save_directory",
    "sector_for",
]

# --- vocabularies ----------------------------------------------------------------------------

AssetKind = Literal["group", "service", "place", "volunteering"]
Status = Literal["active", "inactive", "defunct"]
CostBand = Literal["free", "low", "paid", "unknown"]
VenueAccess = Literal[
    "step_free",
    "hearing_loop",
    "accessible_toilet",
    "quiet",
    "large_print",
    "bsl",
    "dementia_friendly",
    "carer_welcome",
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

ASSET_KINDS: tuple[str, ...] = get_args(AssetKind)
STATUSES: tuple[str, ...] = get_args(Status)
#: Cost bands from cheapest up; ``unknown`` (no cost recorded) sits outside the order.
COST_BANDS: tuple[str, ...] = ("free", "low", "paid")
#: The access needs of :data:`ecomap.model.ACCESS_NEEDS` that a venue or session can offer. The
#: other two are met otherwise: ``no_car`` by :attr:`Asset.on_bus_route` or
#: :attr:`Asset.offers_transport`, ``low_cost`` by :attr:`Asset.cost`.
VENUE_ACCESS: tuple[str, ...] = get_args(VenueAccess)
#: The most a session can cost, in pounds, and still count as low cost (the project's threshold).
LOW_COST_LIMIT = 5.0

#: How an asset kind is drawn on an ecomap (:data:`ecomap.model.KINDS`). A volunteering role is a
#: group the person gives time to.
ECOMAP_KIND: dict[str, str] = {
    "group": "group",
    "service": "service",
    "place": "place",
    "volunteering": "group",
}
#: Tags that decide an asset's ecomap sector, checked in this order (see :func:`sector_for`).
SECTOR_TAGS: tuple[tuple[str, str], ...] = (
    ("faith", "faith"),
    ("learning", "work_learning"),
    ("health", "health"),
)

TAXONOMY_KIND = "ecomap-asset-kind"
TAXONOMY_TAG = "ecomap-tag"
TAXONOMY_ACCESS = "ecomap-access"
TAXONOMY_FEATURE = "ecomap-feature"
TAXONOMIES: dict[str, str] = {
    TAXONOMY_KIND: "What an asset is, as drawn on an ecomap: group, service, place or volunteering.",
    TAXONOMY_TAG: "Lower-case keywords matched against a person's interests.",
    TAXONOMY_ACCESS: "Access a service offers beyond what its venue offers every visitor.",
    TAXONOMY_FEATURE: "Yes/no facts: offers_transport (service), on_bus_route (location).",
}

#: Words written in HSDS's accessibility table for each code; :func:`access_codes_from_text` reads
#: each back as exactly its code.
ACCESS_WORDING: dict[str, str] = {
    "step_free": "Step-free access",
    "hearing_loop": "Hearing loop",
    "accessible_toilet": "Accessible toilet",
    "quiet": "Quiet, low-stimulus space",
    "large_print": "Large print and easy read materials",
    "bsl": "British Sign Language (BSL)",
    "dementia_friendly": "Dementia friendly",
    "carer_welcome": "Carers and supporters welcome",
}
_ACCESS_PATTERNS: dict[str, re.Pattern[str]] = {
    code: re.compile(pattern, re.IGNORECASE)
    for code, pattern in {
        "step_free": r"step[-_ ]?free|level access|wheelchair|\bramps?\b|\blifts?\b|\belevators?\b",
        "hearing_loop": r"(hearing|induction) loops?|hearing_loop",
        "accessible_toilet": r"(accessible|disabled)[-_ ](toilet|loo|wc|restroom)|changing places",
        "quiet": r"\bquiet\b|low[- ]stimulus",
        "large_print": r"large[-_ ]print|easy read|braille",
        "bsl": r"\bbsl\b|sign language",
        "dementia_friendly": r"dementia[-_ ]friendly",
        "carer_welcome": r"carers?\b.{0,30}\bwelcome|supporters? welcome|carer_welcome",
    }.items()
}
_NEGATION = re.compile(r"\b(no|not|without|none|unable)\b|n't\b", re.IGNORECASE)
#: Open Referral UK 1.x ``accessibility_for_disabilities.accessibility`` codes with a matching need.
UK_ACCESS_CODES: dict[str, str] = {
    "wheelchair": "step_free",
    "ramp": "step_free",
    "elevator": "step_free",
    "restroom": "accessible_toilet",
    "deaf_interpreter": "bsl",
    "tape_braille": "large_print",
}

#: Parts of the day used in a person's availability (``tue_am``): am before 12:00, pm from 12:00 to
#: 17:00, eve from 17:00.
DAY_PART_HOURS: dict[str, tuple[time, time]] = {
    "am": (time(0, 0), time(12, 0)),
    "pm": (time(12, 0), time(17, 0)),
    "eve": (time(17, 0), time.max),
}
_RRULE_DAYS: dict[str, str] = dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), WEEKDAYS, strict=True))
_DAY_NAMES: dict[str, str] = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
_ORDINAL_WORDS: dict[int, str] = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
_AVAILABILITY = re.compile(rf"^({'|'.join(WEEKDAYS)})(_({'|'.join(DAY_PARTS)}))?$")

#: Mean radius of the Earth in kilometres (IUGG mean radius R1, rounded as usually quoted).
EARTH_RADIUS_KM = 6371.0


class DirectoryInvalid(MapInvalid):
    """Raised with every problem found in a directory; nothing is half-read."""


# --- pure rules --------------------------------------------------------------------------------


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees.

    The haversine formula (R. W. Sinnott, "Virtues of the Haversine", *Sky and Telescope* 68(2),
    1984, p. 159)::

        a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2)
        d = 2 R · asin(√a)

    with φ latitude, λ longitude (in radians) and R = :data:`EARTH_RADIUS_KM`. It treats the Earth
    as a sphere, which is within 0.5% of the true distance: ample for "how far is the lunch club".

    Example: one degree of latitude along a meridian is 2πR/360 = 111.19 km.

    >>> round(distance_km(0, 0, 1, 0), 2)
    111.19
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def access_codes_from_text(text: str) -> frozenset[str]:
    """The access codes (:data:`VENUE_ACCESS`) a free-text accessibility note states.

    HSDS 3.0 describes a location's accessibility in words ("The building is equipped with
    induction loops for hearing aids. Wheelchair access is possible on all levels."). The text is
    split into clauses at ``.``, ``;``, ``!`` and line ends; a clause that holds a negation (no,
    not, without, none, unable, n't) says what is *missing* and is skipped; every other clause is
    matched against a few phrases per code (``wheelchair``, ``ramp``, ``lift`` or ``level access``
    mean step_free; ``induction loop`` means hearing_loop; and so on, see ``_ACCESS_PATTERNS``).
    The code itself (``step_free``) is read too.

    >>> sorted(access_codes_from_text("Induction loop. Wheelchair access on all levels."))
    ['hearing_loop', 'step_free']
    >>> sorted(access_codes_from_text("Upstairs room, no lift"))
    []
    """
    codes: set[str] = set()
    for clause in re.split(r"[.;!\n]+", text):
        if _NEGATION.search(clause):
            continue
        codes.update(code for code, pattern in _ACCESS_PATTERNS.items() if pattern.search(clause))
    return frozenset(codes)


def sector_for(kind: str, tags: Iterable[str]) -> str:
    """The ecomap sector (:data:`ecomap.model.SECTORS`) an asset is drawn in, by the first rule that fits.

    1. A volunteering role is ``work_learning``: unpaid work, and Cohen's Social Network Index
       counts volunteering as a role of its own, apart from group membership.
    2. A tag in :data:`SECTOR_TAGS`: ``faith`` -> faith, ``learning`` -> work_learning,
       ``health`` -> health.
    3. A service (befriending, community transport, advice) is ``other_services``.
    4. Anything else (lunch clubs, choirs, the library, allotments) is ``community``.
    """
    if kind == "volunteering":
        return "work_learning"
    tag_set = set(tags)
    for tag, sector in SECTOR_TAGS:
        if tag in tag_set:
            return sector
    return "other_services" if kind == "service" else "community"


def _check_availability(token: str) -> tuple[str, str]:
    """Split ``tue_am`` into ``("tue", "am")`` and ``tue`` into ``("tue", "")``."""
    if not _AVAILABILITY.match(token):
        raise ValueError(
            f"{token!r} is not a time; write a weekday (mon ... sun), optionally with _am, _pm or _eve"
        )
    day, _, part = token.partition("_")
    return day, part


def _join(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _ordinal_word(n: int) -> str:
    """1 -> first, -1 -> last, -2 -> second to last."""
    if n > 0:
        return _ORDINAL_WORDS[n]
    return "last" if n == -1 else f"{_ORDINAL_WORDS[-n]} to last"


def _month_day_word(n: int) -> str:
    """15 -> the 15th, -1 -> the last day, -2 -> the 2nd to last day."""
    if n == -1:
        return "the last day"
    count = abs(n)
    suffix = "th" if 11 <= count % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(count % 10, "th")
    return f"the {count}{suffix}" if n > 0 else f"the {count}{suffix} to last day"


def _week_order(n: int) -> int:
    """Sort weeks of the month as written: 1, 2, ... 5, then -5 ... -1 (last)."""
    return n if n > 0 else 10 + n


# --- the model ---------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def _tags(value: Any) -> Any:
    """Tags are lower-case, stripped, without repeats, in the order given."""
    if isinstance(value, str):
        value = value.split(";")
    if isinstance(value, (list, tuple, set, frozenset)):
        cleaned = (" ".join(str(v).split()).lower() for v in value)
        return tuple(dict.fromkeys(t for t in cleaned if t))
    return value


Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_text), Field(min_length=1, pattern=r"^[^;\s]+$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Frozen):
    """Where an asset happens. Assets at the same place share one location (same ``id``)."""

    id: Annotated[Text, Field(min_length=1)]
    name: Text = ""
    address: Text = ""
    town: Text = ""
    postcode: Text = ""
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    #: On a bus route; ``None`` when not recorded.
    on_bus_route: bool | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self


class Schedule(_Frozen):
    """When an asset meets or opens, in the terms of an HSDS schedule (an iCalendar RRULE).

    ``weekly``: on each of ``days``, every ``interval`` weeks (2 = fortnightly). ``monthly``: on
    ``days`` in the ``weeks`` of the month (1 = first, -1 = last; none = every such day), or on the
    ``month_days`` (15 = the 15th), every ``interval`` months. ``notes`` is HSDS's free-text
    description ("term time only").
    """

    freq: Literal["weekly", "monthly"] = "weekly"
    interval: Annotated[int, Field(ge=1, le=52)] = 1
    days: tuple[Weekday, ...] = ()
    weeks: tuple[Annotated[int, Field(ge=-5, le=5)], ...] = ()
    month_days: tuple[Annotated[int, Field(ge=-31, le=31)], ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None
    notes: Text = ""

    @field_validator("days")
    @classmethod
    def _days_in_week_order(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(d for d in WEEKDAYS if d in value)

    @field_validator("weeks")
    @classmethod
    def _weeks_in_order(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if 0 in value:
            raise ValueError("week 0 does not exist; use 1 to 5, or -1 (last) to -5")
        return tuple(sorted(set(value), key=_week_order))

    @field_validator("month_days")
    @classmethod
    def _month_days_in_order(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if 0 in value:
            raise ValueError("day 0 does not exist; use 1 to 31, or -1 (the last day) to -31")
        return tuple(sorted(set(value), key=lambda n: n if n > 0 else 100 + n))

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _to_the_minute(cls, value: time | None) -> time | None:
        # HSDS writes HH:MM; the zone is dropped because sessions are in local time.
        return None if value is None else value.replace(second=0, microsecond=0, tzinfo=None)

    @model_validator(mode="after")
    def _consistent(self) -> Schedule:
        if self.freq == "weekly" and (self.weeks or self.month_days):
            raise ValueError("only a monthly schedule has weeks or days of the month")
        if self.weeks and not self.days:
            raise ValueError("weeks of the month need the weekdays they number")
        if self.days and self.month_days:
            raise ValueError("give weekdays or days of the month, not both")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValueError("closes before it opens")
        return self

    @property
    def weekdays(self) -> frozenset[str]:
        """The weekdays it meets on; none when it follows dates of the month (the 15th moves)."""
        return frozenset(self.days)

    @property
    def day_parts(self) -> frozenset[str]:
        """The parts of the day (:data:`DAY_PART_HOURS`) the session overlaps.

        A session from ``opens_at`` to ``closes_at`` overlaps a part when it starts before the
        part ends and ends after the part starts: 10:00-12:00 is ``am`` only, 11:30-13:00 is ``am``
        and ``pm``. With one time only, the session is taken as that moment; with neither, it could
        be any part of the day.
        """
        if self.opens_at is None and self.closes_at is None:
            return frozenset(DAY_PART_HOURS)
        start = self.opens_at or self.closes_at
        end = self.closes_at or self.opens_at
        assert start is not None and end is not None
        return frozenset(
            part
            for part, (low, high) in DAY_PART_HOURS.items()
            if (start < high and end > low) or (start == end and low <= start < high)
        )

    def meets(self, token: str) -> bool:
        """Whether it meets at an availability token of the person (``tue``, ``tue_am``)."""
        day, part = _check_availability(token)
        return day in self.weekdays and (not part or part in self.day_parts)

    def describe(self) -> str:
        """Plain words: "Tuesdays 10:00-12:00", "first Thursday of the month, 14:00-16:00"."""
        when = self._when()
        hours = self._hours()
        separator = ", " if self.freq == "monthly" and (self.weeks or self.month_days) else " "
        text = separator.join(part for part in (when, hours) if part)
        if self.notes:
            text = f"{text} ({self.notes})" if text else self.notes
        return text

    def _hours(self) -> str:
        opens = self.opens_at.strftime("%H:%M") if self.opens_at else ""
        closes = self.closes_at.strftime("%H:%M") if self.closes_at else ""
        if opens and closes:
            return f"{opens}-{closes}"
        if opens:
            return f"from {opens}"
        return f"until {closes}" if closes else ""

    def _when(self) -> str:
        singular = [_DAY_NAMES[d] for d in self.days]
        month = {1: "the month", 2: "every other month"}.get(self.interval, f"every {self.interval} months")
        if self.freq == "monthly" and self.month_days:
            return f"{_join([_month_day_word(n) for n in self.month_days])} of {month}"
        if self.freq == "monthly" and self.weeks:
            return f"{_join([_ordinal_word(n) for n in self.weeks])} {_join(singular)} of {month}"
        if not singular:
            return ""
        if self.interval == 1:
            return _plural_days(self.days)
        if self.interval == 2:
            return f"every other {_join(singular)}"
        unit = "weeks" if self.freq == "weekly" else "months"
        return f"every {self.interval} {unit} on {_join(singular)}"


def _plural_days(days: tuple[str, ...]) -> str:
    """Mondays; Mondays and Thursdays; three or more days in a row as "Mondays to Fridays"."""
    runs: list[list[str]] = []
    for day in days:
        if runs and WEEKDAYS.index(day) == WEEKDAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{_DAY_NAMES[run[0]]}s to {_DAY_NAMES[run[-1]]}s")
        else:
            words.extend(f"{_DAY_NAMES[d]}s" for d in run)
    return _join(words)


class Asset(_Frozen):
    """Something in the community a person could join, use or give time to.

    ``kind`` (:data:`ASSET_KINDS`) maps onto an ecomap's kind and sector through
    :attr:`ecomap_kind` and :attr:`ecomap_sector`. ``tags`` are lower-case keywords matched against a
    person's interests. ``accessibility`` holds codes of :data:`VENUE_ACCESS`. The cost band
    (:attr:`cost`) follows from ``cost_amount`` in pounds; ``cost_text`` says it in words ("£2
    including tea"). ``minimum_age`` and ``maximum_age`` are the ages of the person who would go (for
    a young parents' group, the parent), as HSDS's service eligibility. Contact details are text to
    show, never links to follow.
    """

    id: Id
    name: Annotated[Text, Field(min_length=1)]
    organization: Text = ""
    description: Text = ""
    kind: AssetKind = "service"
    tags: Annotated[tuple[str, ...], BeforeValidator(_tags)] = ()
    location: Location | None = None
    schedules: tuple[Schedule, ...] = ()
    accessibility: frozenset[VenueAccess] = frozenset()
    cost_amount: Annotated[float, Field(ge=0, le=1_000_000)] | None = None
    cost_text: Text = ""
    minimum_age: Annotated[int, Field(ge=0, le=130)] | None = None
    maximum_age: Annotated[int, Field(ge=0, le=130)] | None = None
    status: Status = "active"
    phone: Text = ""
    email: Text = ""
    url: Text = ""
    offers_transport: bool = False

    @model_validator(mode="after")
    def _ages_in_order(self) -> Asset:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValueError("minimum_age is above maximum_age")
        return self

    @property
    def cost(self) -> CostBand:
        """``free`` (£0), ``low`` (up to :data:`LOW_COST_LIMIT`), ``paid``; with no amount,
        ``free`` if the cost text says the word free, else ``unknown``."""
        if self.cost_amount is None:
            return "free" if re.search(r"\bfree\b", self.cost_text, re.IGNORECASE) else "unknown"
        if self.cost_amount == 0:
            return "free"
        return "low" if self.cost_amount <= LOW_COST_LIMIT else "paid"

    @property
    def is_volunteering(self) -> bool:
        """A place to give time: a volunteering role, or anything tagged ``volunteering``."""
        return self.kind == "volunteering" or "volunteering" in self.tags

    @property
    def on_bus_route(self) -> bool | None:
        return self.location.on_bus_route if self.location else None

    @property
    def ecomap_kind(self) -> str:
        return ECOMAP_KIND[self.kind]

    @property
    def ecomap_sector(self) -> str:
        return sector_for(self.kind, self.tags)

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.location is None or self.location.latitude is None or self.location.longitude is None:
            return None
        return self.location.latitude, self.location.longitude

    def distance_from(self, latitude: float, longitude: float) -> float | None:
        """Kilometres from a point (:func:`distance_km`); ``None`` when the asset has no coordinates."""
        where = self.coordinates
        return None if where is None else distance_km(latitude, longitude, *where)

    def meets(self, token: str) -> bool:
        """Whether any of its schedules meets at an availability token (``tue``, ``tue_am``)."""
        return any(s.meets(token) for s in self.schedules)

    def suits_age(self, age: int) -> bool:
        return (self.minimum_age is None or age >= self.minimum_age) and (
            self.maximum_age is None or age <= self.maximum_age
        )

    def provides(self, need: str) -> bool:
        """Whether it meets one access need of :data:`ecomap.model.ACCESS_NEEDS`.

        Venue needs are in :attr:`accessibility`; ``no_car`` is met by a bus route or transport
        offered; ``low_cost`` by a free or low cost. Other needs are free text, kept with the
        person and talked through, and never rule an asset out.
        """
        if need in VENUE_ACCESS:
            return need in self.accessibility
        if need == "no_car":
            return bool(self.on_bus_route) or self.offers_transport
        if need == "low_cost":
            return self.cost in ("free", "low")
        return True

    @property
    def when(self) -> str:
        """All its schedules in plain words, separated by ``;``."""
        return "; ".join(s.describe() for s in self.schedules)

    @property
    def ages(self) -> str:
        low, high = self.minimum_age, self.maximum_age
        if low is None and high is None:
            return ""
        if high is None:
            return f"{low}+"
        return f"up to {high}" if low is None else f"{low}-{high}"


# --- the collection ----------------------------------------------------------------------------


class Directory:
    """An ordered, read-only collection of assets with unique ids.

    Assets that share a location id must describe the location identically; otherwise
    :class:`DirectoryInvalid` names both. :meth:`search` and :meth:`filter` return a new
    directory, so they chain; :meth:`near` returns assets with their distances.
    """

    def __init__(self, assets: Iterable[Asset] = ()):
        self.assets: tuple[Asset, ...] = tuple(assets)
        problems: list[Problem] = []
        self._by_id: dict[str, Asset] = {}
        places: dict[str, Asset] = {}
        for asset in self.assets:
            if asset.id in self._by_id:
                problems.append(
                    Problem("", None, "id", asset.id, "is used by two assets; ids must be unique")
                )
            self._by_id.setdefault(asset.id, asset)
            if asset.location is None:
                continue
            first = places.setdefault(asset.location.id, asset)
            if first.location != asset.location:
                problems.append(
                    Problem(
                        "",
                        None,
                        "location",
                        asset.location.id,
                        f"is described differently by {first.id!r} and {asset.id!r}",
                    )
                )
        if problems:
            raise DirectoryInvalid(problems)

    def __len__(self) -> int:
        return len(self.assets)

    def __iter__(self) -> Iterator[Asset]:
        return iter(self.assets)

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._by_id

    def __getitem__(self, asset_id: str) -> Asset:
        return self._by_id[asset_id]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Directory) and self.assets == other.assets

    def __hash__(self) -> int:
        return hash(self.assets)

    def __repr__(self) -> str:
        return f"Directory({len(self.assets)} assets)"

    def get(self, asset_id: str) -> Asset | None:
        return self._by_id.get(asset_id)

    @property
    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({t for a in self.assets for t in a.tags})

    def search(self, text: str) -> Directory:
        """Assets holding every word of ``text`` (case-insensitive, anywhere in a word).

        Searched: name, organization, description, tags, kind and the place's name, town and
        postcode. Best first: a word found in the name scores 3, in the tags 2, elsewhere 1;
        ties keep the directory's order. Empty text returns everything.
        """
        words = text.lower().split()
        scored: list[tuple[int, int, Asset]] = []
        for order, asset in enumerate(self.assets):
            name = asset.name.lower()
            tags = " ".join(asset.tags)
            place = asset.location
            rest = " ".join(
                [asset.organization, asset.description, asset.kind]
                + ([place.name, place.town, place.postcode] if place else [])
            ).lower()
            score = 0
            for word in words:
                hits = [weight for weight, field in ((3, name), (2, tags), (1, rest)) if word in field]
                if not hits:
                    break
                score += max(hits)
            else:
                scored.append((-score, order, asset))
        return Directory(a for _, _, a in sorted(scored, key=lambda t: (t[0], t[1])))

    def filter(
        self,
        *,
        tags: Iterable[str] | None = None,
        day: str | Iterable[str] | None = None,
        accessible_for: Iterable[str] | None = None,
        max_cost: str | None = None,
        status: str | None = "active",
        kind: str | Iterable[str] | None = None,
        age: int | None = None,
    ) -> Directory:
        """The assets that pass every test given; ``None`` skips a test.

        - ``tags``: has at least one of them (an interest matches a tag).
        - ``day``: meets at any of these availability tokens (``tue``, ``tue_am``; see
          :meth:`Schedule.meets`).
        - ``accessible_for``: provides *every* need listed (:meth:`Asset.provides`).
        - ``max_cost``: costs no more than ``free``, ``low`` or ``paid``; an unknown cost passes
          only ``paid``.
        - ``status``: ``active`` by default; ``None`` keeps every status.
        - ``kind``: one kind or several.
        - ``age``: the person's age is within the asset's age range.
        """
        wanted_tags = set(_tags(list(tags))) if tags is not None else None
        tokens = [day] if isinstance(day, str) else list(day) if day is not None else None
        for token in tokens or []:
            _check_availability(token)
        needs = list(accessible_for) if accessible_for is not None else None
        kinds = {kind} if isinstance(kind, str) else set(kind) if kind is not None else None
        if max_cost is not None and max_cost not in COST_BANDS:
            raise ValueError(f"max_cost {max_cost!r} is not one of {', '.join(COST_BANDS)}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")

        def passes(a: Asset) -> bool:
            return (
                (status is None or a.status == status)
                and (wanted_tags is None or bool(wanted_tags & set(a.tags)))
                and (tokens is None or any(a.meets(t) for t in tokens))
                and (needs is None or all(a.provides(n) for n in needs))
                and (max_cost is None or _within_cost(a.cost, max_cost))
                and (kinds is None or a.kind in kinds)
                and (age is None or a.suits_age(age))
            )

        return Directory(a for a in self.assets if passes(a))

    def near(self, latitude: float, longitude: float, km: float) -> list[tuple[Asset, float]]:
        """Assets within ``km`` kilometres of a point, nearest first, each with its distance.

        Assets without coordinates are left out.
        """
        found = [
            (a, d) for a in self.assets if (d := a.distance_from(latitude, longitude)) is not None and d <= km
        ]
        return sorted(found, key=lambda pair: pair[1])

    def to_frame(self) -> pd.DataFrame:
        """One row per asset, in plain words, for a table on screen or a spreadsheet."""
        columns = [
            "id",
            "name",
            "organization",
            "kind",
            "sector",
            "tags",
            "when",
            "place",
            "address",
            "town",
            "postcode",
            "latitude",
            "longitude",
            "accessibility",
            "cost",
            "cost_text",
            "ages",
            "status",
            "volunteering",
            "offers_transport",
            "on_bus_route",
            "phone",
            "email",
            "url",
            "description",
        ]
        rows = []
        for a in self.assets:
            place = a.location
            rows.append(
                {
                    "id": a.id,
                    "name": a.name,
                    "organization": a.organization,
                    "kind": a.kind,
                    "sector": a.ecomap_sector,
                    "tags": "; ".join(a.tags),
                    "when": a.when,
                    "place": place.name if place else "",
                    "address": place.address if place else "",
                    "town": place.town if place else "",
                    "postcode": place.postcode if place else "",
                    "latitude": place.latitude if place else None,
                    "longitude": place.longitude if place else None,
                    "accessibility": "; ".join(c for c in VENUE_ACCESS if c in a.accessibility),
                    "cost": a.cost,
                    "cost_text": a.cost_text,
                    "ages": a.ages,
                    "status": a.status,
                    "volunteering": a.is_volunteering,
                    "offers_transport": a.offers_transport,
                    "on_bus_route": a.on_bus_route,
                    "phone": a.phone,
                    "email": a.email,
                    "url": a.url,
                    "description": a.description,
                }
            )
        return pd.DataFrame(rows, columns=columns)


def _within_cost(band: str, max_cost: str) -> bool:
    if band == "unknown":
        return max_cost == "paid"
    return COST_BANDS.index(band) <= COST_BANDS.index(max_cost)


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


def load_directory(path: str | os.PathLike[str]) -> Directory:
    """Read a directory: a folder or ``.zip`` tabular package, or an HSDS JSON file.

    Raises :class:`DirectoryInvalid` listing every problem.
    """
    p = Path(path)
    if not p.exists():
        raise DirectoryInvalid([Problem(str(path), None, None, None, "does not exist")])
    if p.is_dir():
        return _from_files(_FolderFiles(p), str(p))
    suffix = p.suffix.lower()
    if suffix == ".zip":
        try:
            files = _zip_files(p.read_bytes())
        except zipfile.BadZipFile:
            raise DirectoryInvalid([Problem(str(p), None, None, None, "is not a zip file")]) from None
        return _from_files(files, str(p))
    if p.name.lower() == "datapackage.json":
        return _from_files(_FolderFiles(p.parent), str(p.parent))
    if suffix == ".json":
        return _from_json(p.read_bytes(), str(p))
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


def _table_for(name: str) -> str | None:
    return TABLE_NAMES.get(name.strip().lower().replace("-", "_").replace(" ", "_"))


def _from_files(files: Mapping[str, bytes], source: str) -> Directory:
    problems: list[Problem] = []
    chosen: dict[str, str] = {}  # table -> file inside the package
    named_but_missing: set[str] = set()

    def choose(table: str | None, member: str) -> None:
        if table is None:
            return  # funding, languages, metadata ...: not part of a directory of assets
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
    if problems:
        raise DirectoryInvalid(problems)
    return _assemble(tables, check_unique=set(tables))


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


def _from_json(raw: bytes, source: str) -> Directory:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DirectoryInvalid([Problem(source, None, None, None, f"is not JSON ({error})")]) from None
    if isinstance(data, dict):
        services = data.get("contents", data.get("content", [data] if "name" in data else None))
    else:
        services = data
    if not isinstance(services, list):
        raise DirectoryInvalid(
            [
                Problem(
                    source,
                    None,
                    None,
                    None,
                    "holds no services; expected a list of HSDS services, or a page of them",
                )
            ]
        )
    tables: Tables = {}
    seen: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            problems.append(Problem(source, number, None, None, "is not a service (a JSON object)"))
            continue
        _flatten_service(service, _Flattener(tables, source, number, seen))
    if problems:
        raise DirectoryInvalid(problems)
    return _assemble(tables, check_unique={"service"})


@dataclass
class _Flattener:
    """Turns one nested HSDS service into rows of the same tables a tabular package has."""

    tables: Tables
    file: str
    number: int
    seen: dict[str, set[str]]

    def add(self, table: str, obj: Mapping[str, Any], path: str, **links: str) -> str:
        """Add the object's plain fields (and ``links``) as a row; returns its id."""
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
    for path, contact in f.children(service, "contacts"):
        for inner, phone in f.children(contact, "phones"):
            f.add("phone", phone, path + inner, service_id=service_id)
    for path, at in f.children(service, "service_at_locations"):
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


def _assemble(tables: Tables, check_unique: set[str]) -> Directory:
    """Check the tables against each other and build the assets; raise every problem at once."""
    resolver = _Resolver(tables, check_unique)
    assets = resolver.assets()
    if resolver.problems:
        raise DirectoryInvalid(resolver.problems)
    return Directory(assets)


class _Resolver:
    """Reads the normalised tables into assets, collecting every problem on the way."""

    def __init__(self, tables: Tables, check_unique: set[str]):
        self.problems: list[Problem] = []
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
            value = float(text.removeprefix("£"))
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
        if len(self.problems) > problems_before:
            return []
        common = dict(
            freq=freq.lower(),
            interval=interval,
            opens_at=opens_at,
            closes_at=closes_at,
            notes=row.get("description"),
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
            words = " ".join(p for p in (row.get("option"), row.get("amount_description")) if p)
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

    def assets(self) -> list[Asset]:
        classes, bus = self.classify()
        locations = self.locations(bus)
        location_access = self.location_access()
        schedules = self.schedules()
        phones = self.service_phones()
        costs = self.costs()
        eligibility = self.ages()
        organizations = self.organizations()
        places: dict[str, list[tuple[str, str]]] = {}
        for row in self.rows("service_at_location"):
            service_id = self.known(row, "service_id", "service", required=True)
            location_id = self.known(row, "location_id", "location", required=True)
            if service_id and location_id:
                places.setdefault(service_id, []).append((row.get("id"), location_id))
        assets = []
        for service_id, row in self.by_id.get("service", {}).items():
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


# --- writing -----------------------------------------------------------------------------------

#: The HSDS 3.0 tables written, with their columns.
WRITTEN_TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name"),
    "service": (
        "id", "organization_id", "name", "description", "url", "email", "status",
        "minimum_age", "maximum_age",
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
