"""What a community asset is: the directory's vocabularies, its pure rules and its model.

:class:`Location`, :class:`Schedule` and :class:`Asset` are frozen records; :class:`Directory` is the
collection a coordinator searches and filters. Nothing here reads or writes files: see
:mod:`ecomap.directory.hsds_read` and :mod:`ecomap.directory.hsds_write`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from datetime import time
from typing import Annotated, Any, Literal, get_args

import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ecomap.model import DAY_PARTS, WEEKDAYS, MapInvalid, Problem

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
        "step_free": r"step[-_ ]?free|level access|wheelchair|\bramps?\b|\blifts?\b|\belevators?\b"
        # US and older UK wording: "Handicap accessible", "Disabled access".
        r"|handicap(ped)?[-_ ]access|disabled[-_ ]access(?!\w*[-_ ](toilet|loo|wc))",
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
    #: Languages it is delivered in (HSDS ``language``), as ISO 639-1 codes; none recorded means
    #: not recorded (:func:`ecomap.directory.wording.spoken_languages` also reads the wording).
    languages: Annotated[tuple[str, ...], BeforeValidator(_tags)] = ()
    #: Who it is for, in words (HSDS ``service.eligibility_description``): "Women only".
    eligibility: Text = ""

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
