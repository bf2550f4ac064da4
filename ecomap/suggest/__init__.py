"""Connection suggestions: who and what could strengthen a person's network, and why.

Local Area Coordinators start from what is already there: ties that have gone quiet, people who
could introduce the person to others, what the person enjoys and what they can give. Only then do
they look to services, and natural supports (neighbours, friends, groups) come before paid ones.
:func:`suggest` follows that order. Six kinds of suggestion:

``reconnect``
    A dormant tie worth renewing: unpaid, not a service or a pet, without high stress, that was
    close (circle 1 or 2), strong, or gave or received support.
``strengthen``
    A tenuous tie that could grow: unpaid, local (or not known to be far), in touch monthly or
    more, without high stress.
``introduce``
    Someone on the map who could introduce the person to a group: an alter whose ``offers`` say
    they know, run or could introduce the person to something ("knows the stroke club at the
    leisure centre"); the directory assets holding every word of the group they name
    (:func:`_head_words`), or, when the directory has no such group, the group as named.
``join``
    A directory asset matching the person's interests (see :class:`DirectoryIndex`).
``contribute``
    A place to give their gifts: a volunteering role matching their gifts or interests, or a
    group whose tags match a gift. Contribution is a Local Area Coordination principle.
``fill_gap``
    Someone for a kind of support nobody gives (a support gap) or only one alter gives (a single
    point of failure): for critical support, an unpaid person in touch already on the map who
    could also give it; or a directory asset whose tags offer it (:data:`GAP_TAGS`: befriending
    for emotional support, community transport for transport).

Every directory asset offered must pass every rule in :meth:`Profile.can_use`: active; not on
the map already (:func:`on_map`); within reach (walking distance, a bus route or transport it
offers for someone who does not drive, else a drive); meeting on a day the person is free;
providing every access need the directory can check (a wheelchair user is never offered a venue
without step-free access); suiting their age; and, for faith groups, of the person's own faith
when their map shows it. A group for a particular circumstance (carers, dementia ...) is offered
only when the person's map shows it (:data:`CIRCUMSTANCES`). ``docs/suggestions.md`` explains
every rule and weight for coordinators.

Each suggestion carries a sentence a coordinator can read aloud, naming the people and places
involved; the ``effect`` it would have on the measures and flags if it came true (the map with the
planned tie added, reassessed with :func:`ecomap.risk.assess`); and a ``score`` that is the sum of
named parts, weighted by :class:`SuggestionWeights`, so every ranking can be explained.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
import weakref
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from ecomap.directory import EARTH_RADIUS_KM, VENUE_ACCESS, Asset, Directory, Schedule
from ecomap.edit import unique_id
from ecomap.measures import is_active, is_dormant, is_unpaid_person, support_gaps
from ecomap.model import ACTIVE_CONTACTS, WEEKDAYS, Alter, EcoMap
from ecomap.risk import SECTOR_WORDS, SUPPORT_WORDS, Assessment, Flag, assess
from ecomap.settings import Thresholds, load_settings

#: The kinds of suggestion, in the order they are preferred when scores tie: ties the person
#: already has, then introductions, then new connections.
SUGGESTION_KINDS: tuple[str, ...] = ("reconnect", "strengthen", "introduce", "fill_gap", "contribute", "join")


# --- the weights, in one place -------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionWeights:
    """Every weight and limit behind the ranking, with its default and why.

    A suggestion's score is the sum of the parts that apply to it; each part is named after the
    weight that gives it. Override any of them in a TOML file (:func:`load_weights`).
    """

    #: Starting points of a dormant tie worth renewing: an existing relationship is the most
    #: natural support there is, so renewing one comes before anything new.
    reconnect: float = 3.0
    #: Starting points of a tenuous tie that could grow.
    strengthen: float = 2.0
    #: Starting points of an introduction by someone the person knows: a warm introduction is
    #: far more likely to last than walking in alone.
    introduce: float = 3.0
    #: Per interest an asset matches (a description-only match counts half), for at most
    #: ``interests_counted`` interests: people keep going to what they enjoy.
    interest: float = 2.5
    interests_counted: int = 2
    #: A gift the asset can use: what the person can offer matters as much as what they need.
    gift: float = 2.5
    #: Filling a critical support gap (``Thresholds.critical_functions``, and transport for
    #: someone who does not drive), another support gap, or a single point of failure.
    gap_critical: float = 3.0
    gap: float = 1.5
    single_point: float = 1.0
    #: A tie to renew or grow that was close (circle 1 or 2) or strong.
    close: float = 1.0
    #: A dormant tie that gave the person support, or received it.
    gave_support: float = 1.0
    #: Someone the person is in touch with already knows the dormant tie and could help.
    bridge: float = 1.0
    #: A tie marked local: local ties are there day to day and in an emergency.
    local: float = 1.0
    #: Someone outside the family: friends and neighbours widen a network most.
    non_kin: float = 0.5
    #: A group, place or volunteering role rather than a service: natural supports before
    #: services, so a service ranks below a community group for the same need.
    community: float = 1.0
    #: An asset in a sector none of the person's active ties is in.
    new_sector: float = 1.0
    #: Closeness: ``near`` points at the door, falling in a straight line to 0 at ``near_km``.
    near: float = 2.0
    near_km: float = 5.0
    #: Within walking distance (``walk_km``): no lift or bus needed.
    walkable: float = 1.0
    #: It meets at a time the person said they are free (0 when no availability is recorded).
    free_then: float = 1.0
    #: Free, or low cost (up to :data:`ecomap.directory.LOW_COST_LIMIT`).
    free: float = 0.5
    low_cost: float = 0.25
    #: Per point the LSNS-6 estimate would gain if the suggestion came true.
    lsns: float = 0.5
    #: Per concern (flag) it would resolve, less one per concern it would raise.
    resolves: float = 1.0
    #: Reach, in km: on foot for someone who does not drive; on a bus route, or with transport
    #: the asset offers, for someone who does not drive; by car for everyone else.
    walk_km: float = 1.2
    bus_km: float = 10.0
    drive_km: float = 8.0
    #: Suggestions sharing one reason (the same interest, gift, support gap or introducer) kept
    #: at most, so that ten lunch clubs do not crowd out everything else.
    max_per_reason: int = 2
    #: Candidates whose effect is worked out (by the other parts, best first); the rest are
    #: dropped. Reassessing the map is the costly step, so it is done for a shortlist only.
    shortlist: int = 30


def load_weights(path: str | os.PathLike[str]) -> SuggestionWeights:
    """Read weights from a TOML file, top-level or under ``[suggestions]``; keys left out keep
    their defaults. Raises :class:`~ecomap.settings.SettingsInvalid` naming the file and every
    bad key (the same rules as :func:`ecomap.settings.load_thresholds`)."""
    return load_settings(path, SuggestionWeights(), section="suggestions", noun="weight")


# --- words ---------------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    "a an and the of for to in at on with by from or as is are be it its my her his him their them "
    "our your you she he they who what when can could would will into about up out".split()
)
_INTRODUCTION = re.compile(
    r"\b(introduc\w*|knows?|runs?|leads?|organis\w*|goes to|belongs? to|member of|"
    r"(?:takes?|brings?) (?:her|him|them|you) to)\b",
    re.IGNORECASE,
)
_OBJECT_PRONOUN = re.compile(r"\b(introduc\w*|takes?|brings?)\s+(?:her|him|them)\b", re.IGNORECASE)
_PHRASE_START = re.compile(r"^\s*(?:(?:her|him|them|you)\s+)?(?:to\s+)?(?:the\s+)?", re.IGNORECASE)
_NOT_ONE_GROUP = re.compile(r"^(every|all|any|lots|many|most|some)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text as compared: lower case, accents and apostrophes dropped, ``&`` read as ``and``, other
    punctuation a space. ``"St Mary's Café & Bar"`` -> ``"st marys cafe and bar"``."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['\u2019`]", "", plain.replace("&", " and "))
    return " ".join(re.findall(r"[^\W_]+", plain))


def stem(word: str) -> str:
    """A light English stemmer, enough to match interests to tags: plural ``-s``/``-ies``,
    ``-ing`` (undoubling a final consonant) and a final ``-e`` are dropped.

    >>> [stem(w) for w in ("gardening", "knitting", "bakes", "baking", "societies", "dance")]
    ['garden', 'knit', 'bak', 'bak', 'society', 'danc']
    """
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
        if word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def stems(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning (no "and", "the", "for" ...)."""
    return frozenset(stem(w) for w in fold(text).split() if w not in _STOPWORDS)


#: Stems a gift is not matched on: who or where a group is for rather than what it does ("remembers
#: the village back to the 1950s" is not a gift for every village group), and everyday verbs
#: ("makes people laugh" is not a gift for a making group).
_NOT_A_GIFT = frozenset(
    stem(w)
    for w in "village older people friendship youth young men women parents families support help drop "
    "community good new know every everyone strong make do get give take like love keep use want".split()
)
#: Stems of words for kinds of group: an offer naming one names a group someone could be
#: introduced to ("the stroke club"), and they are left out when matching it to an asset.
_GROUP_WORDS = frozenset(
    stem(w)
    for w in "club group cafe class course session choir society circle team meeting service network".split()
)

#: Words that tell a faith tradition, by stem.
FAITH_TRADITIONS: dict[str, str] = {
    stem(word): tradition
    for tradition, words in {
        "christian": "christian church chapel anglican methodist baptist quaker quakers parish "
        "pentecostal fellowship",
        "catholic": "catholic mass",
        "muslim": "muslim islamic mosque masjid",
        "sikh": "sikh gurdwara langar",
        "hindu": "hindu mandir",
        "jewish": "jewish synagogue",
        "buddhist": "buddhist",
    }.items()
    for word in words.split()
}


def traditions(words: Iterable[str]) -> frozenset[str]:
    """The faith traditions some stems speak of (:data:`FAITH_TRADITIONS`)."""
    return frozenset(FAITH_TRADITIONS[w] for w in words if w in FAITH_TRADITIONS)


#: Directory tags that offer each kind of support, for ``fill_gap``. Personal care and help in an
#: emergency are not offered from a community directory: they are asked of people the person knows.
GAP_TAGS: dict[str, tuple[str, ...]] = {
    "emotional": ("befriending", "peer support", "bereavement", "mental health"),
    "company": ("befriending", "friendship", "lunch", "coffee"),
    "practical": ("help", "repair", "pantry", "handyperson"),
    "information": ("advice", "information", "community agent"),
    "transport": ("transport", "community transport"),
}
#: Groups for people in a particular circumstance, by the tags that say so, and the words that show
#: the circumstance in the person's own profile (interests, gifts, what matters, access needs) or
#: in the names and roles of those on their map. Such a group is suggested only when they show it
#: (or someone on the map offers an introduction): a carers' group is not offered to someone who
#: is not a carer just because it also gives company.
CIRCUMSTANCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "carers": (("carers", "young carers"), ("carers", "caring for", "care for", "cares for", "looks after")),
    "dementia": (("dementia",), ("dementia", "alzheimer", "alzheimers", "memory service", "memory clinic")),
    "parents": (
        ("parents", "young parents", "dads", "babies", "toddlers", "under 5s"),
        (
            "baby",
            "babies",
            "toddler",
            "health visitor",
            "health visiting",
            "pregnant",
            "antenatal",
            "nursery",
        ),
    ),
    "stroke": (("stroke",), ("stroke",)),
    "learning disability": (
        ("learning disability",),
        ("learning disability", "learning disabilities", "day opportunities", "shared lives"),
    ),
    "bereavement": (
        ("bereavement",),
        (
            "bereaved",
            "bereavement",
            "widow",
            "widower",
            "widowed",
            "late husband",
            "late wife",
            "late partner",
        ),
    ),
}
_CIRCUMSTANCE_OF_TAG = {tag: name for name, (tags, _) in CIRCUMSTANCES.items() for tag in tags}


def circumstances_in(texts: Iterable[str]) -> frozenset[str]:
    """The :data:`CIRCUMSTANCES` some texts show, by whole words."""
    folded = " " + " ".join(fold(t) for t in texts) + " "
    return frozenset(
        name for name, (_, words) in CIRCUMSTANCES.items() if any(f" {w} " in folded for w in words)
    )


#: Ages assumed for groups tagged for an age group that give no ages themselves.
AUDIENCE_AGES: dict[str, tuple[int | None, int | None]] = {
    "older people": (50, None),
    "youth": (None, 25),
    "young people": (None, 25),
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = dict(zip(WEEKDAYS, _DAY_NAMES, strict=True))
_PART_WORDS = {"am": "mornings", "pm": "afternoons", "eve": "evenings"}
_ACCESS_WORDS = {
    "step_free": "step-free access",
    "hearing_loop": "a hearing loop",
    "accessible_toilet": "an accessible toilet",
    "quiet": "a quiet space",
    "large_print": "large print",
    "bsl": "British Sign Language",
    "dementia_friendly": "a dementia-friendly welcome",
    "carer_welcome": "a welcome for carers too",
}
#: Concerns in words, for the effect of a suggestion ("no longer: no group or community tie").
FLAG_WORDS: dict[str, str] = {
    "lsns_at_risk": "network score below the at-risk line",
    "no_close_unpaid": "no one close and unpaid in regular touch",
    "support_gap": "a gap in support",
    "single_point": "support resting on one person",
    "paid_dominant": "mostly paid support",
    "mostly_dormant": "a mostly quiet network",
    "fragmented": "people who do not know each other",
    "no_community": "no group or community tie",
    "stressful_close_tie": "a stressful close tie",
    "receives_only": "no one receiving help from you",
}


def _join(words: list[str], conjunction: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def availability_words(token: str) -> str:
    """``tue`` -> Tuesdays, ``wed_am`` -> Wednesday mornings."""
    day, _, part = token.partition("_")
    return f"{_DAY_WORDS[day]} {_PART_WORDS[part]}" if part else f"{_DAY_WORDS[day]}s"


def distance_words(km: float) -> str:
    """``0.63`` -> "600 m from home"; ``2.34`` -> "2.3 km from home"."""
    if km < 0.95:
        return f"{max(100, round(km * 10) * 100)} m from home"
    return f"{km:.1f} km from home"


# --- the target, the effect, the suggestion -----------------------------------------------------------


class Target(BaseModel):
    """Who or what a suggestion is about: an alter already on the map (``alter_id``), a directory
    asset (``asset_id``), or a group named in someone's offer (neither), with the name, ecomap
    kind and sector it is drawn with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: str
    sector: str
    alter_id: str | None = None
    asset_id: str | None = None

    @property
    def key(self) -> str:
        """Identifies the target across suggestions and the plan: ``alter:<id>``,
        ``asset:<id>`` or ``name:<folded name>``."""
        if self.alter_id:
            return f"alter:{self.alter_id}"
        if self.asset_id:
            return f"asset:{self.asset_id}"
        return f"name:{fold(self.name)}"

    @property
    def is_new(self) -> bool:
        """A new connection, rather than a change to a tie on the map."""
        return self.alter_id is None


@dataclass(frozen=True)
class Effect:
    """What a suggestion would change if it came true: the LSNS-6 estimate and band before and
    after, the concerns (flag codes) it would resolve or raise, and the sectors it would add."""

    lsns_before: int
    lsns_after: int
    band_before: str
    band_after: str
    resolved: tuple[str, ...]
    raised: tuple[str, ...]
    new_sectors: tuple[str, ...]

    def sentence(self) -> str:
        """``LSNS-6 estimate 5 -> 6; no longer: no group or community tie; new: community.``"""
        parts = [f"LSNS-6 estimate {self.lsns_before} -> {self.lsns_after}"]
        if self.band_after != self.band_before:
            parts.append(f"risk {self.band_before} -> {self.band_after}")
        if self.resolved:
            parts.append(f"no longer: {_join([FLAG_WORDS.get(c, c) for c in self.resolved])}")
        if self.raised:
            parts.append(f"watch for: {_join([FLAG_WORDS.get(c, c) for c in self.raised])}")
        if self.new_sectors:
            parts.append(f"new part of life: {_join([SECTOR_WORDS[s] for s in self.new_sectors])}")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Suggestion:
    """One ranked suggestion.

    ``reason`` is the sentence to read aloud; ``parts`` are the named points making up
    ``score``; ``effect`` is what would change if it came true. ``tie`` is the planned tie: for a
    new connection, the fields of the alter that would be added; for an alter on the map, the
    fields that would change. ``via`` is the id of the alter who would make an introduction.
    """

    kind: str
    target: Target
    reason: str
    score: float
    parts: tuple[tuple[str, float], ...]
    effect: Effect
    tie: dict[str, Any]
    via: str | None = None

    @property
    def key(self) -> str:
        return self.target.key

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target.model_dump(),
            "reason": self.reason,
            "score": self.score,
            "parts": dict(self.parts),
            "effect": {**self.effect.__dict__, "sentence": self.effect.sentence()},
            "tie": self.tie,
            "via": self.via,
        }


def apply_tie(m: EcoMap, target: Target, tie: dict[str, Any], new_id: str) -> EcoMap:
    """The map as if a planned tie were real: a new alter ``new_id`` for a new connection, or the
    target alter's fields changed. Each alter is validated; the map as a whole is not revalidated
    (it is for drawing and reassessing, not for saving)."""
    if target.is_new:
        added = Alter.model_validate(
            {"id": new_id, "name": target.name, "kind": target.kind, "sector": target.sector, **tie}
        )
        return m.model_copy(update={"alters": [*m.alters, added]})
    alters = [
        Alter.model_validate({**a.model_dump(), **tie}) if a.id == target.alter_id else a for a in m.alters
    ]
    return m.model_copy(update={"alters": alters})


def _flag_key(f: Flag) -> tuple[str, tuple[str, ...]]:
    # A single point of failure is one per alter; the other flags are one per map whatever the
    # people they name.
    return (f.code, f.people if f.code == "single_point" else ())


def effect_of(
    before: Assessment, m: EcoMap, after_map: EcoMap, planned_id: str, settings: Thresholds | None = None
) -> Effect:
    """Compare the assessment of ``m`` (given, so it is worked out once) with ``after_map``'s, in
    which ``planned_id`` is the planned tie.

    Two flags a planned tie can raise are not counted as new concerns: a single point of failure
    on the planned tie itself (it gives something nobody gave before, or gave alone already:
    progress), and a fragmented network when the tie is new (a newcomer knows nobody on the map
    yet; that is how every new connection starts).
    """
    after = assess(after_map, settings)
    after_keys = {_flag_key(f) for f in after.flags}
    before_keys = {_flag_key(f) for f in before.flags}
    resolved = dict.fromkeys(f.code for f in before.flags if _flag_key(f) not in after_keys)
    newcomer = planned_id not in {a.id for a in m.alters}
    raised = dict.fromkeys(
        f.code
        for f in after.flags
        if _flag_key(f) not in before_keys
        and not (f.code == "single_point" and f.people == (planned_id,))
        and not (f.code == "fragmented" and newcomer)
    )
    sectors = {a.sector for a in m.alters if is_active(a, m.ego.map_date)}
    new_sectors = dict.fromkeys(
        a.sector for a in after_map.alters if is_active(a, m.ego.map_date) and a.sector not in sectors
    )
    return Effect(
        lsns_before=before.measures.lsns6_estimate,
        lsns_after=after.measures.lsns6_estimate,
        band_before=before.band,
        band_after=after.band,
        resolved=tuple(c for c in resolved if c not in raised),
        raised=tuple(c for c in raised if c not in resolved),
        new_sectors=tuple(new_sectors),
    )


# --- the directory, indexed once ---------------------------------------------------------------------


def _slots(schedules: Iterable[Schedule]) -> frozenset[str]:
    """Availability tokens (``tue``, ``tue_am``) at which any of the schedules meets."""
    found: set[str] = set()
    for s in schedules:
        for day in s.weekdays:
            found.add(day)
            found.update(f"{day}_{part}" for part in s.day_parts)
    return frozenset(found)


def _name_variants(name: str) -> tuple[str, ...]:
    """An asset's folded name, and without any bracketed aside: "Polish Mass (Msza Święta)"."""
    variants = [fold(name), fold(re.sub(r"\([^)]*\)", " ", name))]
    return tuple(dict.fromkeys(v for v in variants if v))


def contact_for(schedules: Iterable[Schedule]) -> str:
    """How often someone going to every session would be in touch: weekly, fortnightly (every
    other week, or twice a month) or monthly; monthly when no schedule says."""
    best = "monthly"
    for s in schedules:
        if s.freq == "weekly" and s.interval == 1 and s.days:
            return "weekly"
        twice_a_month = s.freq == "monthly" and len(s.weeks) * len(s.days) >= 2
        if (s.freq == "weekly" and s.interval == 2) or twice_a_month:
            best = "fortnightly"
    return best


class DirectoryIndex:
    """What :func:`suggest` needs from a directory, worked out once: its active assets, their
    coordinates as arrays, word stems, the times they meet, and indexes from words and tags to
    assets. Get one with :func:`index_of`, which keeps it while the directory lives."""

    def __init__(self, directory: Directory):
        # No reference back to the directory: index_of keeps indexes only while directories live.
        self.assets: tuple[Asset, ...] = tuple(a for a in directory if a.status == "active")
        where = [a.coordinates or (math.nan, math.nan) for a in self.assets]
        self.lat = np.radians(np.array([w[0] for w in where], dtype=float))
        self.lon = np.radians(np.array([w[1] for w in where], dtype=float))
        #: reachable without a car from further than walking distance: a bus route or transport
        self.by_bus = np.array([bool(a.on_bus_route) or a.offers_transport for a in self.assets], dtype=bool)
        self.tag_sets: list[frozenset[str]] = [frozenset(fold(t) for t in a.tags) for a in self.assets]
        self.tag_stems: list[frozenset[str]] = [frozenset().union(*map(stems, a.tags)) for a in self.assets]
        self.topic: list[frozenset[str]] = [t | stems(a.name) for t, a in zip(self.tag_stems, self.assets)]
        self.described: list[frozenset[str]] = [stems(a.description) for a in self.assets]
        self.org: list[frozenset[str]] = [stems(a.organization) for a in self.assets]
        self.slots: list[frozenset[str]] = [_slots(a.schedules) for a in self.assets]
        self.days_known: list[bool] = [any(s.weekdays for s in a.schedules) for a in self.assets]
        self.names: list[tuple[str, ...]] = [_name_variants(a.name) for a in self.assets]
        self.faith: list[frozenset[str] | None] = [
            traditions(topic | org) if "faith" in tags or a.ecomap_sector == "faith" else None
            for topic, org, tags, a in zip(self.topic, self.org, self.tag_sets, self.assets)
        ]
        #: stem -> assets with it in their tags, name or description
        self.by_word: dict[str, set[int]] = {}
        #: stem -> assets with it in their tags, name or organization
        self.by_name: dict[str, set[int]] = {}
        #: folded tag -> assets with that tag
        self.by_tag: dict[str, set[int]] = {}
        for i, (topic, described, tags) in enumerate(zip(self.topic, self.described, self.tag_sets)):
            for word in topic | described:
                self.by_word.setdefault(word, set()).add(i)
            for word in topic | self.org[i]:
                self.by_name.setdefault(word, set()).add(i)
            for tag in tags:
                self.by_tag.setdefault(tag, set()).add(i)

    def __len__(self) -> int:
        return len(self.assets)

    def distances(self, latitude: float, longitude: float, chosen: list[int]) -> np.ndarray:
        """Haversine distances in km (:func:`ecomap.directory.distance_km`) from a point to the
        chosen assets, NaN where an asset has no coordinates."""
        idx = np.asarray(chosen, dtype=int)
        phi, lam = math.radians(latitude), math.radians(longitude)
        lat, lon = self.lat[idx], self.lon[idx]
        a = np.sin((lat - phi) / 2) ** 2 + math.cos(phi) * np.cos(lat) * np.sin((lon - lam) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))

    def with_all_words(self, words: Collection[str], index: dict[str, set[int]] | None = None) -> set[int]:
        """Assets holding every word, in :attr:`by_word` or another of the word indexes."""
        index = self.by_word if index is None else index
        found: set[int] | None = None
        for word in sorted(words, key=lambda w: len(index.get(w, ()))):
            holding = index.get(word, set())
            found = set(holding) if found is None else found & holding
            if not found:
                return set()
        return found or set()


_INDEXES: dict[int, tuple[weakref.ref[Directory], DirectoryIndex]] = {}


def index_of(directory: Directory) -> DirectoryIndex:
    """The directory's :class:`DirectoryIndex`, built on first use and kept until the directory
    is garbage collected (a directory is read-only, so its index never goes stale)."""
    entry = _INDEXES.get(id(directory))
    if entry is not None and entry[0]() is directory:
        return entry[1]
    index = DirectoryIndex(directory)
    _INDEXES[id(directory)] = (weakref.ref(directory), index)
    weakref.finalize(directory, _INDEXES.pop, id(directory), None)
    return index


# --- the person, as the rules see them ------------------------------------------------------------


def _holds_words(longer: str, shorter: str) -> bool:
    words = set(shorter.split()) - _STOPWORDS
    return len(words) >= 2 and words <= set(longer.split())


def _same_name(one: str, other: str) -> bool:
    """Two folded names are one place when equal, or when every word of one (two or more,
    leaving out "and", "the" ...) is in the other: "Ashcombe Park buggy walk" and "Ashcombe Buggy
    Walk", "Brackford walking football" and "Walking Football"."""
    return bool(one) and (one == other or _holds_words(one, other) or _holds_words(other, one))


def on_map(m: EcoMap, asset: Asset, names: tuple[str, ...] | None = None) -> bool:
    """Whether a directory asset is already on the map, by the first rule that holds:

    1. an alter has the id ``asset-<asset id>`` (given when a suggestion was made real);
    2. an alter's name equals the asset's, compared folded (:func:`fold`: case, accents and
       punctuation ignored), with or without any bracketed aside in the asset's name;
    3. every word of one name is in the other, when that is two words or more leaving out "and",
       "the" ... ("Brackford walking football" and "Walking Football");
    4. it is a volunteering role of an organization on the map that the person already gives to.
    """
    names = names or _name_variants(asset.name)
    organization = fold(asset.organization)
    for a in m.alters:
        if a.id == f"asset-{asset.id}":
            return True
        alter_name = fold(a.name)
        if any(_same_name(alter_name, n) for n in names):
            return True
        if asset.is_volunteering and a.gives_functions and organization and alter_name == organization:
            return True
    return False


@dataclass(frozen=True)
class Profile:
    """The facts about the person the rules read, worked out once per map."""

    m: EcoMap
    age: int | None
    needs: frozenset[str]
    availability: tuple[str, ...]
    home: tuple[float, float] | None
    interests: tuple[tuple[str, frozenset[str]], ...]
    gifts: tuple[tuple[str, frozenset[str]], ...]
    faith: frozenset[str]
    in_faith_community: bool
    circumstances: frozenset[str]
    active_sectors: frozenset[str]
    w: SuggestionWeights

    @classmethod
    def of(cls, m: EcoMap, w: SuggestionWeights, today: date) -> Profile:
        e = m.ego
        faith_words: set[str] = set()
        for a in m.alters:
            if a.sector == "faith":
                faith_words |= stems(f"{a.name} {a.role}")
        for interest in e.interests:
            faith_words |= stems(interest)
        return cls(
            m=m,
            age=None if e.year_of_birth is None else today.year - e.year_of_birth,
            needs=frozenset(e.access_needs),
            availability=tuple(e.availability),
            home=None if e.latitude is None else (e.latitude, e.longitude),
            interests=tuple((i, s) for i in e.interests if (s := stems(i))),
            gifts=tuple((g, s) for g in e.gifts if (s := stems(g) - _NOT_A_GIFT)),
            faith=traditions(faith_words),
            in_faith_community=any(a.sector == "faith" and is_active(a, e.map_date) for a in m.alters),
            circumstances=circumstances_in(
                [*e.interests, *e.gifts, *e.what_matters, *e.access_needs]
                + [f"{a.name} . {a.role}" for a in m.alters]
            ),
            active_sectors=frozenset(a.sector for a in m.alters if is_active(a, e.map_date)),
            w=w,
        )

    def reach(self, asset: Asset, km: float | None) -> str | None:
        """How the person would get there: ``walk``, ``bus``, ``transport``, ``drive`` or
        ``unknown`` (no home or venue coordinates); ``None`` when it is out of reach."""
        if km is None or math.isnan(km):
            return "unknown"
        w = self.w
        if "no_car" not in self.needs:
            return "walk" if km <= w.walk_km else "drive" if km <= w.drive_km else None
        if km <= w.walk_km:
            return "walk"
        if km <= w.bus_km and asset.offers_transport:
            return "transport"
        if km <= w.bus_km and asset.on_bus_route:
            return "bus"
        return None

    def may_reach(self, index: DirectoryIndex, chosen: list[int], kms: np.ndarray) -> np.ndarray:
        """:meth:`reach` for many assets at once, as a mask: a quick first sieve."""
        w, unknown = self.w, np.isnan(kms)
        if "no_car" not in self.needs:
            return unknown | (kms <= w.drive_km)
        return unknown | (kms <= w.walk_km) | (index.by_bus[np.asarray(chosen)] & (kms <= w.bus_km))

    def ages_allow(self, asset: Asset, tags: frozenset[str]) -> bool:
        """The person's age is within the asset's ages, or the ages its audience tag implies
        (:data:`AUDIENCE_AGES`); an unknown age passes."""
        if self.age is None:
            return True
        if asset.minimum_age is not None or asset.maximum_age is not None:
            return asset.suits_age(self.age)
        for tag, (low, high) in AUDIENCE_AGES.items():
            too_young = low is not None and self.age < low
            too_old = high is not None and self.age > high
            if tag in tags and (too_young or too_old):
                return False
        return True

    def free_slots(self, slots: frozenset[str], days_known: bool) -> tuple[str, ...] | None:
        """The person's availability tokens the asset meets at; ``()`` when either side does not
        say; ``None`` when both say and never meet."""
        if not self.availability or not days_known:
            return ()
        matched = tuple(t for t in self.availability if t in slots)
        return matched or None

    def can_use(self, index: DirectoryIndex, i: int, km: float | None) -> tuple[str, tuple[str, ...]] | None:
        """``(reach, free slots)`` when the person could go to asset ``i``, else ``None``.

        Every rule must hold: within reach (:meth:`reach`); every access need the directory can
        check is provided (:meth:`ecomap.directory.Asset.provides`; ``no_car`` is settled by
        reach); the ages suit (:meth:`ages_allow`); it meets when the person is free
        (:meth:`free_slots`); a faith group is of the person's own tradition, when their map or
        interests show one; and it is not on the map (:func:`on_map`).
        """
        asset = index.assets[i]
        how = self.reach(asset, km)
        if how is None:
            return None
        if any(not asset.provides(n) for n in self.needs if n in VENUE_ACCESS or n == "low_cost"):
            return None
        if not self.ages_allow(asset, index.tag_sets[i]):
            return None
        free = self.free_slots(index.slots[i], index.days_known[i])
        if free is None:
            return None
        faith = index.faith[i]
        if faith is not None and self.faith and faith and not faith & self.faith:
            return None
        if on_map(self.m, asset, index.names[i]):
            return None
        return how, free


# --- directory suggestions ---------------------------------------------------------------------------


@dataclass
class _AssetCandidate:
    """Everything found about one asset for one person, before it is scored."""

    i: int
    km: float | None
    how: str
    free: tuple[str, ...]
    interests: list[tuple[str, float]]
    gifts: list[str]
    gaps: list[tuple[str, str]]  # (support function, "gap" | "critical" | "single:<alter id>")
    via: Alter | None = None
    offer: str = ""


def _interest_strength(index: DirectoryIndex, i: int, words: frozenset[str]) -> float:
    """1 when every word of an interest is in the asset's tags or name; 0.5 when some are only
    in its description; 0 otherwise."""
    if words <= index.topic[i]:
        return 1.0
    return 0.5 if words <= index.topic[i] | index.described[i] else 0.0


def _to_you(offer: str) -> str:
    """An offer read to the person: "can introduce her to" -> "can introduce you to"."""
    return _OBJECT_PRONOUN.sub(lambda found: f"{found[1]} you", offer)


def _offer_phrase(offer: str) -> str | None:
    """The group an offer names, after an introduction verb ("knows the stroke club at the
    leisure centre" -> "stroke club at the leisure centre"); ``None`` without such a verb, or
    when it speaks of many groups ("knows every group in the villages")."""
    found = _INTRODUCTION.search(offer)
    if found is None:
        return None
    phrase = _PHRASE_START.sub("", offer[found.end() :]).strip(" .;:,")
    return phrase if phrase and not _NOT_ONE_GROUP.match(phrase) else None


def _head_words(offer: str) -> frozenset[str]:
    """The stems an asset must hold to be the group an offer names: the phrase before any "at",
    "in", "on" or "near" (the group, not its venue), less words for kinds of group (club,
    session ...). "knows the stroke club at the leisure centre" -> {"stroke"}."""
    phrase = _offer_phrase(offer)
    if phrase is None:
        return frozenset()
    head = re.split(r"\s(?:at|in|on|near)\s", phrase, maxsplit=1, flags=re.IGNORECASE)[0]
    words = stems(head)
    return words - _GROUP_WORDS or words


def critical_functions(p: Profile, settings: Thresholds) -> frozenset[str]:
    """The support the person most needs someone for: ``settings.critical_functions``, and
    transport for someone who does not drive."""
    return frozenset(settings.critical_functions) | ({"transport"} if "no_car" in p.needs else frozenset())


def _gap_needs(m: EcoMap, p: Profile, settings: Thresholds) -> list[tuple[str, str]]:
    """(function, why) for every support gap and single point of failure worth filling, in
    :data:`~ecomap.model.SUPPORTS` order; why is ``critical``, ``gap`` or ``single:<alter id>``."""
    gaps = support_gaps(m)
    critical = critical_functions(p, settings)
    needs = [(f, "critical" if f in critical else "gap") for f in gaps]
    givers: dict[str, list[str]] = {}
    for a in m.alters:
        for f in a.support_functions:
            givers.setdefault(f, []).append(a.id)
    needs += [(f, f"single:{ids[0]}") for f, ids in givers.items() if len(ids) == 1]
    return needs


def _asset_candidates(
    m: EcoMap, index: DirectoryIndex, p: Profile, needs: list[tuple[str, str]]
) -> tuple[dict[int, _AssetCandidate], set[tuple[str, str]]]:
    """Assets the person could use that match an interest, a gift, a support need or an offer,
    and the introduction offers that matched some asset (:func:`_introductions`)."""
    found: dict[int, _AssetCandidate] = {}
    considered: dict[int, tuple[str, tuple[str, ...]] | None] = {}

    def usable(chosen: set[int]) -> list[int]:
        fresh = sorted(i for i in chosen if i not in considered)
        kms = np.full(len(fresh), math.nan)
        if fresh and p.home:
            kms = index.distances(*p.home, fresh)
            near = p.may_reach(index, fresh, kms)
            for i in np.asarray(fresh)[~near]:
                considered[int(i)] = None  # out of reach: the other rules need not be read
            fresh, kms = list(np.asarray(fresh)[near]), kms[near]
        for i, km in zip(fresh, kms):
            i, km = int(i), None if math.isnan(km) else float(km)
            verdict = p.can_use(index, i, km)
            considered[i] = verdict
            if verdict is not None:
                found.setdefault(i, _AssetCandidate(i, km, verdict[0], verdict[1], [], [], []))
        return sorted(i for i in chosen if considered.get(i) is not None)

    for interest, words in p.interests:
        if p.in_faith_community and _is_faith(interest):
            continue  # a faith community is not collected: they have one
        for i in usable(index.with_all_words(words)):
            strength = _interest_strength(index, i, words)
            if strength:
                found[i].interests.append((interest, strength))
    for gift, words in p.gifts:
        chosen = set().union(*(index.by_word.get(w, set()) for w in words))
        for i in usable(chosen):
            if words & (index.tag_stems[i] - _NOT_A_GIFT):
                found[i].gifts.append(gift)
    for function, why in needs:
        if function not in GAP_TAGS:
            continue
        chosen = set().union(*(index.by_tag.get(t, set()) for t in GAP_TAGS[function]))
        for i in usable(chosen):
            if not index.assets[i].is_volunteering:
                found[i].gaps.append((function, why))
    matched = _introductions(m, index, found, usable)
    return found, matched


def _introductions(
    m: EcoMap,
    index: DirectoryIndex,
    found: dict[int, _AssetCandidate],
    usable: Callable[[set[int]], list[int]],
) -> set[tuple[str, str]]:
    """Match the introduction offers of alters in touch to directory assets.

    An asset matches an offer when its name, tags or organization hold every word of the
    offer's head phrase (:func:`_head_words`: "Family Hub" in "can introduce her to the Family
    Hub groups"). Matching assets the person could use become introductions; a match they cannot
    use (not free then, no step-free access ...) is not replaced by anything else. Returns the
    (alter id, offer) pairs that matched some asset.
    """
    matched: set[tuple[str, str]] = set()
    for a in m.alters:
        if is_dormant(a, m.ego.map_date):
            continue
        for offer in a.offers:
            words = _head_words(offer)
            if not words:
                continue
            holding = index.with_all_words(words, index.by_name)
            if not holding:
                continue
            matched.add((a.id, offer))
            for i in usable(holding):
                if found[i].via is None:
                    found[i].via, found[i].offer = a, offer
    return matched


# --- scoring and words for directory suggestions ---------------------------------------------------

_ROLE_AT = {"group": "member", "volunteering": "volunteer", "place": "visitor", "service": "service user"}
_VERB = {"group": "meets", "volunteering": "meets", "place": "is open", "service": "runs"}
_CONTACT_WORDS = {
    "daily": "every day",
    "weekly": "every week",
    "fortnightly": "every fortnight",
    "monthly": "every month",
}


@dataclass
class _Draft:
    """A suggestion before its effect is worked out. A directory suggestion's sentence is
    worked out only if it makes the shortlist (``reason`` is then a function giving it)."""

    kind: str
    target: Target
    tie: dict[str, Any]
    parts: list[tuple[str, float]]
    reason: str | Callable[[], str]
    reason_key: str | None
    via: str | None = None

    def sentence(self) -> str:
        return self.reason() if callable(self.reason) else self.reason

    @property
    def score(self) -> float:
        return round(sum(points for _, points in self.parts), 2)


def _order(kind: str, score: float, target: Target) -> tuple[float, int, str, str]:
    """Best first: score, then :data:`SUGGESTION_KINDS` order, then name, then key."""
    return (-score, SUGGESTION_KINDS.index(kind), fold(target.name), target.key)


def _gap_weight(why: str, w: SuggestionWeights) -> float:
    return {"critical": w.gap_critical, "gap": w.gap}.get(why, w.single_point)


def _support_need_words(m: EcoMap, functions: list[tuple[str, str]]) -> str:
    """A support need in words: "No one on your map gives you company", "Only Pat Greenaway gives
    you transport"."""
    missing = [SUPPORT_WORDS[f] for f, why in functions if not why.startswith("single:")]
    by_giver: dict[str, list[str]] = {}
    for f, why in functions:
        if why.startswith("single:"):
            by_giver.setdefault(why.removeprefix("single:"), []).append(SUPPORT_WORDS[f])
    said = [f"no one on your map gives you {_join(missing, 'or')}"] if missing else []
    said += [f"only {m.alter(giver).name} gives you {_join(what)}" for giver, what in by_giver.items()]
    text = _join(said)
    return text[0].upper() + text[1:]


def _cost_words(asset: Asset) -> str:
    if asset.cost_text:
        text = asset.cost_text
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
    return {"free": "free", "low": "low cost", "paid": "a fee to pay"}.get(asset.cost, "")


def _asset_phrase(asset: Asset, c: _AssetCandidate, p: Profile) -> str:
    """An asset in words: when, how far and how to get there, the access the person needs, cost:
    "Riverside Community Garden sessions meets then (Wednesdays 10:00-13:00), 600 m from home,
    step-free, free"."""
    verb = _VERB[asset.kind]
    met = [s for s in asset.schedules if any(s.meets(t) for t in c.free)]
    if met:
        head = f"{asset.name} {verb} then ({met[0].describe()})"
    elif asset.when:
        head = f"{asset.name} {verb} {asset.when}"
    else:
        head = asset.name
    details = []
    if c.km is not None:
        travel = {"bus": ", on a bus route", "transport": ", and transport can be arranged"}.get(c.how, "")
        details.append(distance_words(c.km) + travel)
    if access := [_ACCESS_WORDS[n] for n in VENUE_ACCESS if n in p.needs]:
        details.append(f"with {_join(access)}")
    if cost := _cost_words(asset):
        details.append(cost)
    if asset.ages:
        details.append(f"for ages {asset.ages}")
    tags = set(asset.tags)
    details += [f"for {who}" for who in ("men", "women") if who in tags]
    return ", ".join([head, *details])


def _is_faith(interest: str) -> bool:
    words = stems(interest)
    return "faith" in words or bool(traditions(words))


def _interest_lead(interests: list[str], days: str) -> str:
    """ "You enjoy gardening and are free on Tuesdays"; a faith is not something one "enjoys"."""
    enjoyed = [i for i in interests if not _is_faith(i)]
    if enjoyed:
        return f"You enjoy {_join(enjoyed)}" + (f" and are free on {days}" if days else "")
    return "Your faith matters to you" + (f", and you are free on {days}" if days else "")


def _asset_draft(c: _AssetCandidate, index: DirectoryIndex, p: Profile) -> _Draft | None:
    """The kind, parts, planned tie and sentence of one directory asset, or ``None`` when it
    gives no reason of its own (a gift matched only on words for who a group is for)."""
    asset, w = index.assets[c.i], p.w
    circumstances = {_CIRCUMSTANCE_OF_TAG[t] for t in index.tag_sets[c.i] if t in _CIRCUMSTANCE_OF_TAG}
    if c.via is None and not circumstances <= p.circumstances:
        return None
    if c.via is not None:
        kind = "introduce"
    elif c.gifts or (asset.is_volunteering and c.interests):
        kind = "contribute"
    elif any(strength == 1.0 for _, strength in c.interests):
        kind = "join"
    elif c.gaps:
        kind = "fill_gap"
    else:
        return None
    parts: list[tuple[str, float]] = []
    if kind == "introduce":
        parts.append(("introduce", w.introduce))
    strengths = sorted((s for _, s in c.interests), reverse=True)[: w.interests_counted]
    if strengths:
        parts.append(("interest", w.interest * sum(strengths)))
    if c.gifts:
        parts.append(("gift", w.gift))
    if c.gaps:
        parts.append(("gap", max(_gap_weight(why, w) for _, why in c.gaps)))
    if asset.kind != "service":
        parts.append(("community", w.community))
    if asset.ecomap_sector not in p.active_sectors:
        parts.append(("new_sector", w.new_sector))
    if c.km is not None:
        parts.append(("near", w.near * max(0.0, 1 - c.km / w.near_km)))
        if c.km <= w.walk_km:
            parts.append(("walkable", w.walkable))
    if c.free:
        parts.append(("free_then", w.free_then))
    if asset.cost in ("free", "low"):
        parts.append(("cost", w.free if asset.cost == "free" else w.low_cost))
    parts = [(name, round(points, 2)) for name, points in parts if points]

    interests = [i for i, _ in c.interests[:2]]
    support = list(dict.fromkeys([f for f, _ in c.gaps] + (["company"] if asset.kind != "service" else [])))
    tie = {
        "role": _ROLE_AT[asset.kind],
        "circle": 3,
        "strength": "moderate",
        "contact": contact_for(asset.schedules),
        "support": support,
        "gives": ["practical"] if kind == "contribute" else [],
        "local": None if c.km is None else c.km <= w.near_km,
    }
    target = Target(name=asset.name, kind=asset.ecomap_kind, sector=asset.ecomap_sector, asset_id=asset.id)
    reason_key = {
        "introduce": f"via:{c.via.id if c.via else ''}",
        "contribute": f"gift:{c.gifts[0]}" if c.gifts else f"interest:{interests[0] if interests else ''}",
        "join": f"interest:{c.interests[0][0] if c.interests else ''}",
        "fill_gap": f"gap:{c.gaps[0][0] if c.gaps else ''}",
    }[kind]
    reason = partial(_asset_reason, c, index, p, kind)
    return _Draft(kind, target, tie, parts, reason, reason_key, c.via.id if c.via else None)


def _asset_reason(c: _AssetCandidate, index: DirectoryIndex, p: Profile, kind: str) -> str:
    """The sentence for a directory suggestion: why (interests, a gift, an introduction or a
    need), then the asset in words (:func:`_asset_phrase`), then any further reason."""
    asset = index.assets[c.i]
    days = _join([availability_words(t) for t in c.free[:2]])
    free = f" and are free on {days}" if days else ""
    if c.via is not None:
        lead = f"{c.via.name} {_to_you(c.offer)}"
    elif c.gifts:
        lead = f"You have something to give ({c.gifts[0]}){free}"
    elif kind == "fill_gap":
        lead = _support_need_words(p.m, c.gaps)
    else:
        lead = _interest_lead([i for i, _ in c.interests[:2]], days)
    reason = f"{lead}: {_asset_phrase(asset, c, p)}."
    if c.via is not None:
        reason += f" {c.via.name} could introduce you."
    elif kind != "fill_gap" and c.gaps:
        need = _support_need_words(p.m, c.gaps)
        reason += f" It could also help where {need[0].lower()}{need[1:]}."
    elif asset.is_volunteering and not c.gifts:
        reason += " It is a way to give your time to others."
    return reason


def _named_introductions(m: EcoMap, p: Profile, matched: set[tuple[str, str]]) -> list[_Draft]:
    """Introductions to a group named in an offer that matched no directory asset: "Sarah Cole
    runs the Heathfield memory café" with no such café in the directory still is one. The phrase
    must name a group (club, group, café, class ...) that is not on the map."""
    drafts = []
    w = p.w
    names = [fold(a.name) for a in m.alters]
    for a in m.alters:
        if is_dormant(a, m.ego.map_date):
            continue
        for offer in a.offers:
            if (a.id, offer) in matched:
                continue
            phrase = _offer_phrase(offer)
            if phrase is None or not stems(phrase) & _GROUP_WORDS:
                continue
            if any(_same_name(n, fold(phrase)) for n in names):
                continue
            name = phrase[0].upper() + phrase[1:]
            target = Target(name=name, kind="group", sector="community")
            parts = [("introduce", w.introduce), ("community", w.community)]
            parts += [("new_sector", w.new_sector)] if "community" not in p.active_sectors else []
            tie = {"role": "member", "circle": 3, "strength": "moderate", "contact": "monthly",
                   "support": ["company"], "gives": [], "local": a.local}  # fmt: skip
            reason = f"{a.name} {_to_you(offer)}: ask {a.name} to introduce you."
            drafts.append(_Draft("introduce", target, tie, parts, reason, f"via:{a.id}", a.id))
    return drafts


# --- suggestions from the map itself ----------------------------------------------------------------


#: A role that says someone has died ("late husband"): their tie is not one to renew.
_DIED = re.compile(r"\b(late|deceased|died)\b|passed away", re.IGNORECASE)


def _since(a: Alter) -> str:
    if a.last_contact is not None:
        return f"you have not been in touch since {a.last_contact:%B %Y}"
    return "you are no longer in touch" if a.contact == "never" else "you are rarely in touch now"


def _reconnect(m: EcoMap, p: Profile) -> list[_Draft]:
    """Dormant ties worth renewing (rule in the module docstring), with anyone in touch who
    knows them and could help (a bridge). Someone whose role says they have died is left out."""
    w, when = p.w, m.ego.map_date
    known: dict[str, list[str]] = {a.id: [] for a in m.alters}
    for t in m.ties:
        known[t.source].append(t.target)
        known[t.target].append(t.source)
    drafts = []
    for a in m.alters:
        if (
            not is_dormant(a, when)
            or a.is_paid
            or a.kind in ("service", "pet")
            or a.stress == "high"
            or _DIED.search(a.role)
        ):
            continue
        close = (a.circle or 3) <= 2 or a.strength == "strong"
        if not (close or a.support_functions or a.gives_functions):
            continue
        bridges = [m.alter(b) for b in known[a.id] if is_active(m.alter(b), when) and not m.alter(b).is_paid]
        parts = [("reconnect", w.reconnect)]
        parts += [("close", w.close)] if close else []
        parts += [("gave_support", w.gave_support)] if a.support_functions or a.gives_functions else []
        parts += [("bridge", w.bridge)] if bridges else []
        parts += [("local", w.local)] if a.local else []
        parts += [("non_kin", w.non_kin)] if a.kind == "person" and not a.is_kin else []
        what = []
        if (a.circle or 3) <= 2:
            what.append("was close to you")
        elif a.strength == "strong":
            what.append("was a strong tie")
        if a.support_functions:
            what.append(f"gave you {_join([SUPPORT_WORDS[f] for f in a.support_functions])}")
        elif a.gives_functions and not what:
            what.append(f"was someone you gave {_join([SUPPORT_WORDS[f] for f in a.gives_functions])}")
        role = f" ({a.role})" if a.role and a.kind == "person" else ""
        reason = f"{a.name}{role} {_join(what)}, but {_since(a)}."
        if bridges:
            who = _join([b.name for b in bridges[:2]])
            one = len(bridges[:2]) == 1
            if a.kind == "person":
                knows = "knows" if one else "know"
                reason += f" {who} {knows} {a.name} too and could help you get back in touch."
            else:
                reason += f" {who} {'is' if one else 'are'} linked to it too and could go with you."
        elif a.kind == "person":
            reason += " A call or a visit could pick it up again."
        else:
            reason += " Going back, perhaps with someone, could pick it up again."
        tie = {"contact": a.contact if a.contact in ACTIVE_CONTACTS else "monthly", "last_contact": None}
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(_Draft("reconnect", target, tie, parts, reason, None))
    return drafts


def _strengthen(m: EcoMap, p: Profile) -> list[_Draft]:
    """Tenuous, unpaid, local ties in touch monthly or more that could grow."""
    w, when = p.w, m.ego.map_date
    drafts = []
    for a in m.alters:
        if (
            a.strength != "tenuous"
            or a.is_paid
            or a.kind in ("service", "pet")
            or a.stress == "high"
            or a.local is False
            or not is_active(a, when)
        ):
            continue
        parts = [("strengthen", w.strengthen)]
        parts += [("local", w.local)] if a.local else []
        parts += [("non_kin", w.non_kin)] if a.kind == "person" and not a.is_kin else []
        often = _CONTACT_WORDS[a.contact or "monthly"]
        tie: dict[str, Any] = {"strength": "moderate"}
        if a.kind == "person":
            local = " and they are local" if a.local else ""
            reason = f"You are in touch with {a.name} {often}{local}: this tie could grow into a friendship."
            if (a.circle or 3) > 2:
                tie["circle"] = 2
        else:
            reason = (
                f"You go to {a.name} {often}: going more often, or taking on a small role, could make it "
                "a stronger tie."
            )
        if a.contact == "monthly":
            tie["contact"] = "fortnightly"
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(_Draft("strengthen", target, tie, parts, reason, None))
    return drafts


#: Support that is asked of someone nearby, not of someone far away.
_NEEDS_SOMEONE_LOCAL = frozenset({"practical", "emergency", "transport", "company"})


def _ask_someone(
    m: EcoMap, p: Profile, needs: list[tuple[str, str]], critical: frozenset[str]
) -> list[_Draft]:
    """For each gap or single point of failure in a critical function (``critical``), the unpaid
    person in touch who could best also give it: close (circle 1 or 2, or strong) and local
    score. Someone to confide in must be close; help in an emergency, practical help, company
    and transport need someone not known to live far away. Someone the person gives personal
    care to is not asked: they depend on the person. Other needs are left to the directory."""
    w, when = p.w, m.ego.map_date
    best: dict[str, tuple[float, int, Alter, str]] = {}
    for function, why in needs:
        if function not in critical or function == "personal_care":
            continue
        for position, a in enumerate(m.alters):
            close = (a.circle or 3) <= 2 or a.strength == "strong"
            if (
                not is_unpaid_person(a)
                or not is_active(a, when)
                or a.stress == "high"
                or "personal_care" in a.gives
                or function in a.support
                or (function in _NEEDS_SOMEONE_LOCAL and a.local is False)
                or (function == "emotional" and not close)
            ):
                continue
            score = _gap_weight(why, w) + (w.close if close else 0)
            score += w.local if a.local else 0
            current = best.get(function)
            if current is None or (score, -position) > (current[0], -current[1]):
                best[function] = (score, position, a, why)
    by_alter: dict[str, list[tuple[str, str]]] = {}
    for function, (_, _, a, why) in best.items():
        by_alter.setdefault(a.id, []).append((function, why))
    drafts = []
    for alter_id, functions in by_alter.items():
        a = m.alter(alter_id)
        parts = [("gap", max(_gap_weight(why, w) for _, why in functions))]
        parts += [("close", w.close)] if (a.circle or 3) <= 2 or a.strength == "strong" else []
        parts += [("local", w.local)] if a.local else []
        words = _join([SUPPORT_WORDS[f] for f, _ in functions])
        local = " and they are local" if a.local else ""
        reason = (
            f"{_support_need_words(m, functions)}. You are in touch with {a.name} "
            f"{_CONTACT_WORDS[a.contact or 'monthly']}{local}: could they also be someone to ask for {words}?"
        )
        tie = {"support": list(dict.fromkeys([*a.support_functions, *(f for f, _ in functions)]))}
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(_Draft("fill_gap", target, tie, parts, reason, f"gap:{functions[0][0]}"))
    return drafts


# --- putting it together ---------------------------------------------------------------------------


def suggest(
    m: EcoMap,
    directory: Directory | DirectoryIndex | None = None,
    *,
    top: int = 10,
    weights: SuggestionWeights | None = None,
    today: date | None = None,
    skip: Collection[str] = (),
    settings: Thresholds | None = None,
) -> list[Suggestion]:
    """The ``top`` suggestions for the person of ``m``, best first.

    ``directory`` adds join, contribute, introduce and fill_gap suggestions from community
    assets (a :class:`~ecomap.directory.Directory`, indexed once by :func:`index_of`, or a
    :class:`DirectoryIndex`). ``skip`` holds target keys (:attr:`Target.key`) never to offer,
    such as everything already in the person's plan, declined included. ``today`` is the date
    ages are worked out at (default: the map date). ``settings`` are the thresholds the effect
    is assessed with.

    One suggestion per target, the best-scoring kind. Candidates are ranked by their parts; the
    best ``weights.shortlist`` (at most twice ``weights.max_per_reason`` sharing one reason) get
    their effect worked out and scored; then at most ``weights.max_per_reason`` suggestions per
    reason are kept. Ties are broken by kind order
    (:data:`SUGGESTION_KINDS`), then name, so the same map always gives the same list.
    """
    if top <= 0:
        return []
    w = weights or SuggestionWeights()
    settings = settings or Thresholds()
    p = Profile.of(m, w, today or m.ego.map_date)
    needs = _gap_needs(m, p, settings)
    drafts = _reconnect(m, p) + _strengthen(m, p) + _ask_someone(m, p, needs, critical_functions(p, settings))
    index = index_of(directory) if isinstance(directory, Directory) else directory
    matched: set[tuple[str, str]] = set()
    if index is not None:
        found, matched = _asset_candidates(m, index, p, needs)
        drafts += [d for c in found.values() if (d := _asset_draft(c, index, p)) is not None]
    drafts += _named_introductions(m, p, matched)
    best: dict[str, _Draft] = {}
    for d in drafts:
        if d.target.key in skip:
            continue
        kept = best.get(d.target.key)
        if kept is None or _order(d.kind, d.score, d.target) < _order(kept.kind, kept.score, kept.target):
            best[d.target.key] = d
    ranked = sorted(best.values(), key=lambda d: _order(d.kind, d.score, d.target))
    before = assess(m, settings)
    new_id = unique_id("planned-tie", (a.id for a in m.alters))
    finished = []
    for d in _capped(ranked, 2 * w.max_per_reason, max(w.shortlist, top)):
        planned_id = d.target.alter_id or new_id
        effect = effect_of(before, m, apply_tie(m, d.target, d.tie, planned_id), planned_id, settings)
        parts = list(d.parts)
        if gained := effect.lsns_after - effect.lsns_before:
            parts.append(("lsns", round(w.lsns * gained, 2)))
        if net := len(effect.resolved) - len(effect.raised):
            parts.append(("resolves", round(w.resolves * net, 2)))
        score = round(sum(points for _, points in parts), 2)
        suggestion = Suggestion(d.kind, d.target, d.sentence(), score, tuple(parts), effect, d.tie, d.via)
        finished.append((d, suggestion))
    finished.sort(key=lambda pair: _order(pair[1].kind, pair[1].score, pair[1].target))
    kept = {id(d) for d in _capped([d for d, _ in finished], w.max_per_reason, top)}
    return [s for d, s in finished if id(d) in kept]


def _capped(drafts: list[_Draft], per_reason: int, most: int) -> list[_Draft]:
    """The first ``most`` drafts, in order, keeping at most ``per_reason`` sharing one reason."""
    chosen: list[_Draft] = []
    counts: dict[str, int] = {}
    for d in drafts:
        if d.reason_key is not None:
            if counts.get(d.reason_key, 0) >= per_reason:
                continue
            counts[d.reason_key] = counts.get(d.reason_key, 0) + 1
        chosen.append(d)
        if len(chosen) == most:
            break
    return chosen
