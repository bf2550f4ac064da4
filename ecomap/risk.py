"""Explainable strengths, flags and an isolation band for one map, and "what if" someone went.

Strengths come first, as Local Area Coordinators work: what is already there, then what is
missing. Every :class:`Strength` and :class:`Flag` carries a code, a sentence a coordinator can
read aloud to the person (naming the people involved), the rule that fired with its threshold,
and the ids of the alters involved. Thresholds live in :class:`ecomap.settings.Thresholds`; the
words and rules are described for coordinators in ``docs/measures.md``.

Everything here is deterministic: findings come in a fixed order, people in map order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from ecomap.describe import quoted
from ecomap.measures import (
    Measures,
    SelfReport,
    alter_groups,
    is_active,
    is_dormant,
    is_unpaid_person,
    measure_all,
    self_report,
)
from ecomap.model import CIRCLES, Alter, EcoMap
from ecomap.settings import Thresholds

#: How the support functions are said in a sentence ("Only Bisi gives you transport.").
SUPPORT_WORDS: dict[str, str] = {
    "emotional": "emotional support",
    "practical": "practical help",
    "information": "information and advice",
    "company": "company",
    "personal_care": "personal care",
    "transport": "transport",
    "emergency": "help in an emergency",
}
SECTOR_WORDS: dict[str, str] = {
    "household": "home",
    "family": "family",
    "friends": "friends",
    "neighbours": "neighbours",
    "community": "community",
    "faith": "faith",
    "work_learning": "work or learning",
    "health": "health",
    "social_care": "social care",
    "other_services": "other services",
    "online": "online",
    "pets": "pets",
}
#: Flags that describe an opportunity rather than a concern; they never raise the band.
OPPORTUNITIES: frozenset[str] = frozenset({"receives_only"})
#: Concerns that on their own make the band at least moderate, and with ``lsns_at_risk`` high.
CORE_CONCERNS: tuple[str, ...] = ("no_close_unpaid", "support_gap")
BANDS: tuple[str, ...] = ("low", "moderate", "high")
_NAMES_SHOWN = 4


@dataclass(frozen=True)
class Finding:
    """One explained finding: ``code``, a ``sentence`` to read to the person, the ``rule`` that
    fired (with its threshold) and the ids of the ``people`` involved, in map order."""

    code: str
    sentence: str
    rule: str
    people: tuple[str, ...] = ()


class Strength(Finding):
    """Something already working in the person's network."""


class Flag(Finding):
    """Something missing or at risk in the person's network, or an opportunity."""


@dataclass(frozen=True)
class Assessment:
    """Strengths (first), flags and the band of one map, with the measures behind them.

    ``self_report`` holds the person's own answers, kept apart from the map's estimates.
    ``network_type`` is an approximate Wenger support-network type and says so.
    """

    measures: Measures
    self_report: SelfReport
    strengths: tuple[Strength, ...]
    flags: tuple[Flag, ...]
    band: str
    band_rule: str
    network_type: str

    @property
    def flag_codes(self) -> tuple[str, ...]:
        """Distinct flag codes in order (several alters can each be a single point)."""
        return tuple(dict.fromkeys(f.code for f in self.flags))

    @property
    def strength_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.code for s in self.strengths))


# --- the facts the rules read ------------------------------------------------------------------


class _Facts:
    """One map, its measures and thresholds, and the few things several rules ask about."""

    def __init__(self, m: EcoMap, measures: Measures, t: Thresholds):
        self.m, self.measures, self.t = m, measures, t
        when = m.ego.map_date
        self.active = [is_active(a, when) for a in m.alters]
        self.dormant = [is_dormant(a, when) for a in m.alters]

    def pick(self, keep: Callable[[Alter, bool, bool], bool]) -> list[Alter]:
        """Alters, in map order, for which ``keep(alter, active, dormant)`` holds."""
        return [a for a, on, off in zip(self.m.alters, self.active, self.dormant) if keep(a, on, off)]

    @cached_property
    def community(self) -> list[Alter]:
        """Unpaid groups and anyone from community, faith, work or learning, not out of touch."""
        return self.pick(lambda a, on, off: not off and _is_community(a))

    @cached_property
    def by_id(self) -> dict[str, Alter]:
        return {a.id: a for a in self.m.alters}


def _is_close_unpaid(a: Alter) -> bool:
    return is_unpaid_person(a) and a.circle in (1, 2)


def _is_community(a: Alter) -> bool:
    return not a.is_paid and a.kind not in {"service", "pet"} and (
        a.kind == "group" or a.sector in {"community", "faith", "work_learning"}
    )


def _join(words: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _names(alters: Iterable[Alter]) -> str:
    """Names in a sentence; more than four become ``a, b, c and 2 others`` (the ids are all in
    the finding's ``people``)."""
    names = [a.name for a in alters]
    if len(names) > _NAMES_SHOWN:
        names = names[: _NAMES_SHOWN - 1] + [f"{len(names) - _NAMES_SHOWN + 1} others"]
    return _join(names)


def _ids(alters: Iterable[Alter]) -> tuple[str, ...]:
    return tuple(a.id for a in alters)


# --- strengths ---------------------------------------------------------------------------------


def _is_confidant(a: Alter, dormant: bool) -> bool:
    return is_unpaid_person(a) and "emotional" in a.support and not dormant


def _confidant(f: _Facts) -> list[Strength]:
    who = f.pick(lambda a, on, off: _is_confidant(a, off))
    if not who:
        return []
    return [
        Strength(
            "confidant",
            f"You can talk to {_names(who)} about how you feel.",
            "an unpaid person, not out of touch, gives emotional support",
            _ids(who),
        )
    ]


def _close(code: str, kin: bool, words: str) -> Callable[[_Facts], list[Strength]]:
    def rule(f: _Facts) -> list[Strength]:
        who = f.pick(lambda a, on, off: on and _is_close_unpaid(a) and a.is_kin is kin)
        if not who:
            return []
        return [
            Strength(
                code,
                f"{words}: {_names(who)}.",
                f"an unpaid {'relative' if kin else 'person outside the family'} in circle 1 or 2 "
                "with contact monthly or more",
                _ids(who),
            )
        ]

    rule.__name__ = f"_{code}"
    return rule


def _mutual_support(f: _Facts) -> list[Strength]:
    who = f.pick(lambda a, on, off: a.flow == "mutual" and not off)
    if not who:
        return []
    return [
        Strength(
            "mutual_support",
            f"You and {_names(who)} help each other.",
            "support flows both ways on a tie that is not out of touch",
            _ids(who),
        )
    ]


def _gives_to_others(f: _Facts) -> list[Strength]:
    who = f.pick(lambda a, on, off: a.flow == "from_person" and not off)
    if not who:
        return []
    return [
        Strength(
            "gives_to_others",
            f"You already help {_names(who)}.",
            "the person gives support to an alter who gives none back (yet)",
            _ids(who),
        )
    ]


def _community_member(f: _Facts) -> list[Strength]:
    if not f.community:
        return []
    return [
        Strength(
            "community_member",
            f"You are connected to your community through {_names(f.community)}.",
            "an unpaid group, or a community, faith, work or learning tie, not out of touch",
            _ids(f.community),
        )
    ]


def _neighbourly(f: _Facts) -> list[Strength]:
    who = f.pick(lambda a, on, off: a.sector == "neighbours" and not off)
    if not who:
        return []
    return [
        Strength(
            "neighbourly",
            f"You know your neighbours: {_names(who)}.",
            "a neighbour tie that is not out of touch",
            _ids(who),
        )
    ]


def _connected_people(f: _Facts) -> list[Strength]:
    groups = alter_groups(f.m)
    if not groups or len(groups[0]) < f.t.connected_min_group:
        return []
    who = [f.by_id[i] for i in groups[0]]
    return [
        Strength(
            "connected_people",
            f"{_names(who)} know each other, so they can look out for you together.",
            f"largest group of alters who know each other has {len(who)} >= "
            f"{f.t.connected_min_group} members",
            _ids(who),
        )
    ]


def _diverse_network(f: _Facts) -> list[Strength]:
    sectors = dict.fromkeys(a.sector for a in f.pick(lambda a, on, off: on))
    if len(sectors) < f.t.diverse_min_sectors:
        return []
    return [
        Strength(
            "diverse_network",
            f"Your network reaches into {len(sectors)} parts of life: "
            f"{_join(SECTOR_WORDS[s] for s in sectors)}.",
            f"sectors covered by active ties {len(sectors)} >= {f.t.diverse_min_sectors}",
        )
    ]


def _pet_companion(f: _Facts) -> list[Strength]:
    pets = f.pick(lambda a, on, off: a.kind == "pet" and not off)
    if not pets:
        return []
    return [
        Strength(
            "pet_companion",
            f"{_names(pets)} {'keeps' if len(pets) == 1 else 'keep'} you company.",
            "a pet on the map",
            _ids(pets),
        )
    ]


def _gifts(f: _Facts) -> list[Strength]:
    if not f.m.ego.gifts:
        return []
    return [Strength("gifts", f"You have gifts to share: {_join(f.m.ego.gifts)}.", "gifts recorded")]


def _what_matters(f: _Facts) -> list[Strength]:
    if not f.m.ego.what_matters:
        return []
    return [
        Strength(
            "what_matters",
            f"You told us what matters to you: {_join(quoted(w) for w in f.m.ego.what_matters)}.",
            "what matters to the person is recorded",
        )
    ]


_STRENGTH_RULES: tuple[Callable[[_Facts], list[Strength]], ...] = (
    _confidant,
    _close("close_kin", True, "You have family close to you"),
    _close("close_friends", False, "You have people close to you outside the family"),
    _mutual_support,
    _gives_to_others,
    _community_member,
    _neighbourly,
    _connected_people,
    _diverse_network,
    _pet_companion,
    _gifts,
    _what_matters,
)


def _strengths(f: _Facts) -> tuple[Strength, ...]:
    found = tuple(s for rule in _STRENGTH_RULES for s in rule(f))
    if found:
        return found
    # A map with nothing on it yet still has something to build on: the conversation itself.
    return (
        Strength(
            "starting_point",
            "You have made a start by drawing your map: it shows where to begin.",
            "no other strength found yet",
        ),
    )


# --- flags -------------------------------------------------------------------------------------


def _lsns_at_risk(f: _Facts) -> list[Flag]:
    score, cut = f.measures.lsns6_estimate, f.t.lsns_at_risk_below
    if score >= cut:
        return []
    return [
        Flag(
            "lsns_at_risk",
            f"From this map, your network score is an estimated {score} out of 30; "
            f"below {cut} suggests a risk of isolation.",
            f"LSNS-6 estimate from the map {score} < {cut}",
        )
    ]


def _no_close_unpaid(f: _Facts) -> list[Flag]:
    if f.pick(lambda a, on, off: on and _is_close_unpaid(a)):
        return []
    close = f.pick(lambda a, on, off: _is_close_unpaid(a))
    sentence = "There is no one unpaid in your closest circles whom you see or hear from at least monthly."
    if close:
        verb = "is" if len(close) == 1 else "are"
        sentence += f" {_names(close)} {verb} close, but contact is not recent or not recorded."
    return [
        Flag(
            "no_close_unpaid",
            sentence,
            "no unpaid person in circle 1 or 2 with contact monthly or more",
            _ids(close),
        )
    ]


def _support_gap(f: _Facts) -> list[Flag]:
    gaps = [g for g in f.t.critical_functions if g in f.measures.support_gaps]
    if not gaps:
        return []
    return [
        Flag(
            "support_gap",
            f"No one on your map gives you {_join((SUPPORT_WORDS[g] for g in gaps), 'or')}.",
            f"no alter gives: {', '.join(gaps)} (critical functions: {', '.join(f.t.critical_functions)})",
        )
    ]


def _single_point(f: _Facts) -> list[Flag]:
    by_alter: dict[str, list[str]] = {}
    for function, alter_id in f.measures.single_points.items():
        by_alter.setdefault(alter_id, []).append(function)
    return [
        Flag(
            "single_point",
            f"Only {a.name} gives you {_join(SUPPORT_WORDS[g] for g in by_alter[a.id])}.",
            f"{', '.join(by_alter[a.id])} given by exactly one alter",
            (a.id,),
        )
        for a in f.m.alters
        if a.id in by_alter
    ]


def _paid_dominant(f: _Facts) -> list[Flag]:
    share, cut = f.measures.paid_share, f.t.paid_dominant_share
    if not f.measures.active_ties or share < cut:
        return []
    paid = f.pick(lambda a, on, off: on and a.is_paid)
    return [
        Flag(
            "paid_dominant",
            f"Half or more of those you are in regular touch with are paid to be there: {_names(paid)}.",
            f"paid share of active ties {share:.2f} >= {cut}",
            _ids(paid),
        )
    ]


def _mostly_dormant(f: _Facts) -> list[Flag]:
    n, quiet = f.measures.size, f.measures.dormant_ties
    cut = f.t.mostly_dormant_share
    if not quiet or quiet / n < cut:
        return []
    who = f.pick(lambda a, on, off: off)
    return [
        Flag(
            "mostly_dormant",
            f"Much of your map has gone quiet: you are rarely or no longer in touch with {_names(who)}.",
            f"dormant ties {quiet} of {n} ({quiet / n:.2f}) >= {cut}",
            _ids(who),
        )
    ]


def _fragmented(f: _Facts) -> list[Flag]:
    n, parts = f.measures.size, f.measures.alter_components
    if n < f.t.fragmented_min_alters or parts / n < f.t.fragmented_component_share:
        return []
    return [
        Flag(
            "fragmented",
            "The people and groups around you mostly do not know each other, so everything runs through you.",
            f"{parts} separate groups among {n} alters ({parts / n:.2f}) >= "
            f"{f.t.fragmented_component_share}, with at least {f.t.fragmented_min_alters} alters",
        )
    ]


def _no_community(f: _Facts) -> list[Flag]:
    if f.community:
        return []
    sentence = "You are not part of a group, faith community, club, work or learning yet."
    if f.m.ego.interests:
        sentence += f" Your interests ({_join(f.m.ego.interests)}) could lead to one."
    return [
        Flag(
            "no_community",
            sentence,
            "no unpaid group, community, faith, work or learning tie that is not out of touch",
        )
    ]


def _stressful_close_tie(f: _Facts) -> list[Flag]:
    who = f.pick(lambda a, on, off: a.circle == 1 and a.stress == "high")
    if not who:
        return []
    return [
        Flag(
            "stressful_close_tie",
            f"Your relationship with {_names(who)} is close but brings a lot of stress.",
            f"a circle 1 ({CIRCLES[1]}) tie with high stress",
            _ids(who),
        )
    ]


def _receives_only(f: _Facts) -> list[Flag]:
    if any(a.gives_functions for a in f.m.alters):
        return []
    gifts = f.m.ego.gifts
    sentence = (
        f"You have gifts to share ({_join(gifts)}): no one on your map receives them yet."
        if gifts
        else "No one on your map receives help from you yet: what you could offer is worth talking about."
    )
    return [Flag("receives_only", sentence, "the person gives nothing to any alter (an opportunity)")]


_FLAG_RULES: tuple[Callable[[_Facts], list[Flag]], ...] = (
    _lsns_at_risk,
    _no_close_unpaid,
    _support_gap,
    _single_point,
    _paid_dominant,
    _mostly_dormant,
    _fragmented,
    _no_community,
    _stressful_close_tie,
    _receives_only,
)


def _flags(f: _Facts) -> tuple[Flag, ...]:
    return tuple(flag for rule in _FLAG_RULES for flag in rule(f))


# --- band and network type -------------------------------------------------------------------


def band_of(codes: Iterable[str], t: Thresholds) -> tuple[str, str]:
    """The band and the rule that set it, from the distinct flag codes.

    - high: ``lsns_at_risk`` together with ``no_close_unpaid`` or ``support_gap``; or at least
      ``band_high_concerns`` distinct concerns;
    - moderate: any of ``lsns_at_risk``, ``no_close_unpaid``, ``support_gap``; or at least
      ``band_moderate_concerns`` distinct concerns;
    - low otherwise. Opportunities (``receives_only``) are not concerns.
    """
    concerns = [c for c in dict.fromkeys(codes) if c not in OPPORTUNITIES]
    core = [c for c in CORE_CONCERNS if c in concerns]
    if "lsns_at_risk" in concerns and core:
        return "high", f"lsns_at_risk with {core[0]}"
    if len(concerns) >= t.band_high_concerns:
        return "high", f"{len(concerns)} kinds of concern >= {t.band_high_concerns}"
    if "lsns_at_risk" in concerns or core:
        return "moderate", ("lsns_at_risk" if "lsns_at_risk" in concerns else core[0])
    if len(concerns) >= t.band_moderate_concerns:
        return "moderate", f"{len(concerns)} kinds of concern >= {t.band_moderate_concerns}"
    return "low", f"fewer than {t.band_moderate_concerns} kinds of concern, none of them core"


def _network_type(f: _Facts) -> str:
    """An approximate Wenger support-network type (Wenger 1991), from active unpaid ties.

    Wenger types networks from interviews; the map only approximates it, and the label says so.
    Counting active unpaid people (relatives living locally, or where ``local`` is not recorded;
    friends; neighbours) and community ties, first match wins:

    1. private restricted: at most one such person and no community tie;
    2. locally integrated: local family, local friends or neighbours, and a community tie;
    3. wider community focused: no local family, but friends or a community tie;
    4. local family dependent: local family, and at least as many relatives as friends and
       neighbours together;
    5. local self-contained: otherwise (mostly neighbours, at arm's length).
    """
    people = f.pick(lambda a, on, off: on and is_unpaid_person(a))
    kin = [a for a in people if a.is_kin]
    local_kin = [a for a in kin if a.local is not False]
    neighbours = [a for a in people if not a.is_kin and a.sector == "neighbours"]
    friends = [a for a in people if not a.is_kin and a.sector != "neighbours"]
    local_others = [a for a in friends + neighbours if a.local is not False]
    community = any(on and _is_community(a) for a, on in zip(f.m.alters, f.active))
    if len(people) <= 1 and not community:
        kind = "private restricted"
    elif local_kin and local_others and community:
        kind = "locally integrated"
    elif not local_kin and (friends or community):
        kind = "wider community focused"
    elif local_kin and len(kin) >= len(friends) + len(neighbours):
        kind = "local family dependent"
    else:
        kind = "local self-contained"
    return f"{kind} (approximate)"


def assess(m: EcoMap, settings: Thresholds | None = None) -> Assessment:
    """Strengths, flags, band and approximate network type of a map (see ``docs/measures.md``)."""
    t = settings or Thresholds()
    facts = _Facts(m, measure_all(m), t)
    flags = _flags(facts)
    band, rule = band_of((flag.code for flag in flags), t)
    return Assessment(
        measures=facts.measures,
        self_report=self_report(m, t.ucla3_lonely_from),
        strengths=_strengths(facts),
        flags=flags,
        band=band,
        band_rule=rule,
        network_type=_network_type(facts),
    )


# --- what if someone went ---------------------------------------------------------------------


def without(m: EcoMap, alter_id: str) -> EcoMap:
    """The map as if that alter were gone: their row and every tie to them removed.

    Raises ``KeyError`` for an unknown id. The result shares the unchanged records with ``m``.
    """
    m.alter(alter_id)
    return m.model_copy(
        update={
            "alters": [a for a in m.alters if a.id != alter_id],
            "ties": [t for t in m.ties if alter_id not in (t.source, t.target)],
        }
    )


@dataclass(frozen=True)
class ResilienceItem:
    """What the person would lose if one key alter were gone."""

    alter_id: str
    sentence: str
    lost_functions: tuple[str, ...]
    lsns_before: int
    lsns_after: int
    band_before: str
    band_after: str
    new_flags: tuple[str, ...]


_GONE = {
    "person": "moved away",
    "group": "stopped meeting",
    "place": "closed",
    "service": "stopped",
    "pet": "were no longer with you",
}


def resilience(m: EcoMap, settings: Thresholds | None = None) -> list[ResilienceItem]:
    """For each key alter, what the person would lose if they were gone.

    An alter is key when they are the only one to give some support, when they are a confidant
    (an unpaid person, not out of touch, giving emotional support), or when losing them lowers
    the LSNS-6 estimate or raises the band. Items come with the largest loss first (band, then
    LSNS-6 drop, then functions lost), then map order.

    Example: "If Bisi Adeyemi moved away: no one for transport; LSNS estimate 13 -> 9."
    """
    before = assess(m, settings)
    rank = BANDS.index
    confidants = {a.id for a in m.alters if _is_confidant(a, is_dormant(a, m.ego.map_date))}
    found = []
    for position, a in enumerate(m.alters):
        after = assess(without(m, a.id), settings)
        lost = tuple(g for g, who in before.measures.single_points.items() if who == a.id)
        lsns = (before.measures.lsns6_estimate, after.measures.lsns6_estimate)
        worse = rank(after.band) > rank(before.band)
        confides = a.id in confidants
        if not (lost or confides or worse or lsns[1] < lsns[0]):
            continue
        parts = [f"no one for {_join((SUPPORT_WORDS[g] for g in lost), 'or')}"] if lost else []
        if confides and "emotional" not in lost:
            left = len(confidants) - 1
            parts.append(f"one fewer person to talk to ({left} left)")
        if lsns[1] < lsns[0]:
            parts.append(f"LSNS estimate {lsns[0]} -> {lsns[1]}")
        if worse:
            parts.append(f"isolation risk {before.band} -> {after.band}")
        item = ResilienceItem(
            alter_id=a.id,
            sentence=f"If {a.name} {_GONE[a.kind]}: {'; '.join(parts)}.",
            lost_functions=lost,
            lsns_before=lsns[0],
            lsns_after=lsns[1],
            band_before=before.band,
            band_after=after.band,
            new_flags=tuple(c for c in after.flag_codes if c not in before.flag_codes),
        )
        found.append((-(rank(after.band) - rank(before.band)), lsns[1] - lsns[0], -len(lost), position, item))
    return [row[-1] for row in sorted(found, key=lambda row: row[:4])]
