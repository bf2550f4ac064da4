"""The person as the rules see them: needs, reach, age, faith, circumstances and support gaps."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from ecomap.directory import Asset
from ecomap.measures import is_active, support_gaps
from ecomap.model import EcoMap
from ecomap.settings import Thresholds
from ecomap.suggest.fit import body_fit, language_fit, sex_fit, venue_needs
from ecomap.suggest.index import DirectoryIndex, on_map
from ecomap.suggest.weights import SuggestionWeights
from ecomap.suggest.words import (
    NEED_WORDS,
    NOT_A_GIFT,
    availability_words,
    distance_words,
    fold,
    join_words,
    matter_stems,
    stems,
    traditions,
)

#: Directory tags that offer each kind of support, for ``fill_gap``. Personal care and help in an
#: emergency are not offered from a community directory: they are asked of people the person knows.
GAP_TAGS: dict[str, tuple[str, ...]] = {
    "emotional": ("befriending", "peer support", "bereavement", "mental health"),
    "company": ("befriending", "friendship", "lunch", "coffee"),
    "practical": ("help", "repair", "pantry", "handyperson"),
    "information": ("advice", "information", "community agent"),
    "transport": ("transport", "community transport"),
}
#: Tags of assets where support is received (befriending, advice, transport, a pantry): a gift
#: is not matched to them, except to a volunteering role there.
RECEIVED_TAGS: frozenset[str] = frozenset(
    {"befriending", "advice", "information", "transport", "community transport", "pantry", "food bank",
     "handyperson", "peer support"}
)  # fmt: skip
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
#: Who each circumstance's groups are for, in words.
CIRCUMSTANCE_PEOPLE: dict[str, str] = {
    "carers": "carers like you",
    "dementia": "people living with dementia and those who care for them",
    "parents": "parents of young children",
    "stroke": "people after a stroke",
    "learning disability": "people with a learning disability",
    "bereavement": "people who have lost someone",
}
CIRCUMSTANCE_OF_TAG = {tag: name for name, (tags, _) in CIRCUMSTANCES.items() for tag in tags}


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
    gender: str | None = None
    languages: tuple[str, ...] = ()
    interpreter: bool | None = None
    #: What matters to the person, each with its stems (:func:`matters_of`).
    matters: tuple[tuple[str, frozenset[str]], ...] = ()
    #: Their words for a good life, clause by clause, each with its stems.
    good_life: tuple[tuple[str, frozenset[str]], ...] = ()
    #: Whether the person cares for someone on the map (gives them personal care).
    cares_for: bool = False
    stage: str | None = None

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
            gifts=tuple((g, s) for g in e.gifts if (s := stems(g) - NOT_A_GIFT)),
            faith=traditions(faith_words),
            in_faith_community=any(a.sector == "faith" and is_active(a, e.map_date) for a in m.alters),
            circumstances=circumstances_in(
                [*e.interests, *e.gifts, *e.what_matters, *e.access_needs]
                + [f"{a.name} . {a.role}" for a in m.alters]
            ),
            active_sectors=frozenset(a.sector for a in m.alters if is_active(a, e.map_date)),
            w=w,
            gender=e.gender,
            languages=tuple(e.languages),
            interpreter=e.interpreter,
            matters=tuple((text, s) for text in e.what_matters if (s := matter_stems(text))),
            good_life=tuple((text, s) for text in life_clauses(e.good_life) if (s := matter_stems(text))),
            cares_for=any("personal_care" in a.gives for a in m.alters),
            stage=e.stage,
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

    def can_use(
        self, index: DirectoryIndex, i: int, km: float | None, *, on_the_map: bool = False
    ) -> tuple[str, tuple[str, ...]] | str:
        """``(reach, free slots)`` when the person could go to asset ``i``, else why not, in words
        (empty when the reason is not one to tell: it is on the map, or of another faith).

        Every rule must hold: it is not on the map (:func:`on_map`); a faith group is of the
        person's own tradition, when their map or interests show one; within reach
        (:meth:`reach`); what it asks of the body suits their needs (:func:`~ecomap.suggest.fit.body_fit`);
        a single-sex group is for their recorded gender (:func:`~ecomap.suggest.fit.sex_fit`); a
        talk is in a language they speak (:func:`~ecomap.suggest.fit.language_fit`); every venue
        need that applies (:func:`~ecomap.suggest.fit.venue_needs`) is provided
        (:meth:`ecomap.directory.Asset.provides`); the ages suit (:meth:`ages_allow`); it meets
        when the person is free (:meth:`free_slots`).
        """
        asset, wording = index.assets[i], index.wording(i)
        if not on_the_map and on_map(self.m, asset, index.names[i]):
            return ""
        faith = index.faith[i]
        if faith is not None and self.faith and faith and not faith & self.faith:
            return ""
        how = self.reach(asset, km)
        if how is None:
            return self.out_of_reach(km)
        missing = body_fit(self.needs, wording) or sex_fit(self.gender, wording)
        missing = missing or language_fit(self.languages, self.interpreter, wording)
        if missing:
            return missing
        lacking = [n for n in venue_needs(self.needs, wording, self.cares_for) if not asset.provides(n)]
        if lacking:
            return f"does not offer {join_words([NEED_WORDS[n] for n in lacking], 'or')}"
        if not self.ages_allow(asset, index.tag_sets[i]):
            return f"is for ages {asset.ages}" if asset.ages else "is for another age group"
        free = self.free_slots(index.slots[i], index.days_known[i])
        if free is None:
            days = join_words([availability_words(t) for t in self.availability[:3]], "or")
            return f"meets {asset.when}; you are free {days}"
        return how, free

    def out_of_reach(self, km: float | None) -> str:
        """Why a place this far is out of reach, in words."""
        where = distance_words(km or 0.0)
        if "no_car" in self.needs:
            return f"{where}, beyond walking distance and not on a bus route"
        return f"{where}, further than a short drive"


def matter_for(p: Profile, text: str) -> str:
    """The first thing that matters to the person (what matters, then a clause of their good life)
    that a tie's words (name, role, sector) speak to: "seeing my brother Kai" and Kai Barnes;
    empty when none does."""
    words = stems(text)
    return next((matter for matter, wanted in (*p.matters, *p.good_life) if wanted & words), "")


def life_clauses(good_life: str) -> list[str]:
    """A good life in the person's words, as the clauses that can each name something: "Darts
    at the Legion on a Thursday, a pint with Vic, and Les on the phone" -> "Darts at the Legion
    on a Thursday", "a pint with Vic", "Les on the phone"."""
    text = good_life.strip().strip('"\u201c\u201d').strip()
    clauses = re.split(r"[,.;:!?]+|\band\b|\bthen\b", text)
    return [c.strip() for c in clauses if c.strip()]


def critical_functions(p: Profile, settings: Thresholds) -> frozenset[str]:
    """The support the person most needs someone for: ``settings.critical_functions``, and
    transport for someone who does not drive."""
    return frozenset(settings.critical_functions) | ({"transport"} if "no_car" in p.needs else frozenset())


def support_unrecorded(m: EcoMap) -> bool:
    """Whether the map has people on it but support was asked about for none of them (as on a
    map imported from a tool that does not record it): its gaps in support are not known."""
    return bool(m.alters) and not any(a.support_recorded for a in m.alters)


def gap_needs(m: EcoMap, p: Profile, settings: Thresholds) -> list[tuple[str, str]]:
    """(function, why) for every support gap and single point of failure worth filling, in
    :data:`~ecomap.model.SUPPORTS` order; why is ``critical``, ``gap`` or ``single:<alter id>``.
    None while support is recorded for no one (:func:`support_unrecorded`): a gap that was never
    asked about is a question, not a need."""
    if support_unrecorded(m):
        return []
    gaps = support_gaps(m)
    critical = critical_functions(p, settings)
    needs = [(f, "critical" if f in critical else "gap") for f in gaps]
    givers: dict[str, list[str]] = {}
    for a in m.alters:
        for f in a.support_functions:
            givers.setdefault(f, []).append(a.id)
    needs += [(f, f"single:{ids[0]}") for f, ids in givers.items() if len(ids) == 1]
    return needs
