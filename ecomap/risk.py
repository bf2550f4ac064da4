"""Explainable strengths, flags, questions to ask and an isolation band for one map, and "what if"
someone went.

Strengths come first, as Local Area Coordinators work: what is already there, then what is
missing. Every :class:`Strength` and :class:`Flag` carries a code, a sentence a coordinator can
read aloud to the person (naming the people involved), the rule that fired with its threshold,
and the ids of the alters involved. Thresholds live in :class:`ecomap.settings.Thresholds`; the
words and rules are described for coordinators in ``docs/measures.md``.

**Claim only what was recorded.** A concern that says something is missing (no one for an
emergency, no close tie in touch, a low LSNS-6 score ...) is a :class:`Flag` only when it would
stay true whatever the questions not yet asked turn out to be. When it holds on what is recorded
but an unanswered question could overturn it, it becomes a :class:`Question` under ``to_ask``
instead, and it does not count towards the band; when those questions could change the band, the
band is ``"unknown"``.

Every concern is decided from counts over the alters (:class:`_Counts`), so that "what if this
person went" is the same decision on the counts less that person's share: the what-if of every
alter on a map costs one pass, not one assessment per alter.

Everything here is deterministic: findings come in a fixed order, people in map order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ecomap.describe import quoted
from ecomap.measures import (
    Measures,
    SelfReport,
    alter_adjacency,
    components_without_each,
    could_call_on,
    could_confide,
    groups_among,
    is_dormant,
    is_unpaid_person,
    lsns_answers,
    lsns_code,
    lsns_missing,
    measure_all,
    self_report,
)
from ecomap.model import ACTIVE_CONTACTS, CIRCLES, SUPPORTS, Alter, EcoMap
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
#: Every flag's short plain-English name, for tables, filters, charts and band rules.
FLAG_NAMES: dict[str, str] = {
    "lsns_at_risk": "LSNS-6 score below the cut-off",
    "lsns_family_low": "Few relatives to rely on",
    "lsns_friends_low": "Few friends to rely on",
    "no_close_unpaid": "No close unpaid tie in touch",
    "support_gap": "Support gap",
    "single_point": "Depends on one person for something",
    "paid_dominant": "Mostly paid support",
    "mostly_dormant": "Most ties gone quiet",
    "fragmented": "Network in separate pieces",
    "no_community": "No group or community tie",
    "stressful_close_tie": "Stressful close tie",
    "receives_only": "Gives nothing yet (opportunity)",
}
#: Every strength's short plain-English name, for tables.
STRENGTH_NAMES: dict[str, str] = {
    "confidant": "Someone to confide in",
    "close_kin": "Close family in touch",
    "close_friends": "Close friends in touch",
    "mutual_support": "Help both ways",
    "gives_to_others": "Helps others",
    "community_member": "Part of a community",
    "neighbourly": "Knows the neighbours",
    "connected_people": "People who know each other",
    "diverse_network": "Many parts of life",
    "pet_companion": "A pet's company",
    "gifts": "Gifts to share",
    "what_matters": "Knows what matters",
    "starting_point": "Made a start",
}
#: Flags that describe an opportunity rather than a concern; they never raise the band.
OPPORTUNITIES: frozenset[str] = frozenset({"receives_only"})
#: Concerns that on their own make the band at least moderate, and with ``lsns_at_risk`` high.
CORE_CONCERNS: tuple[str, ...] = ("no_close_unpaid", "support_gap")
#: The family and friends parts of the LSNS-6 are the same kind of concern as its total.
_KIND_OF: dict[str, str] = {"lsns_family_low": "lsns_at_risk", "lsns_friends_low": "lsns_at_risk"}
BANDS: tuple[str, ...] = ("low", "moderate", "high")
#: The band when the questions still to ask could change it: "not enough recorded yet".
UNKNOWN = "unknown"
#: Every value ``band`` can take, in the order a review sorts them: the unknown below low, so
#: that known risks come first (it is shown as "not enough recorded yet", never as low).
ALL_BANDS: tuple[str, ...] = (UNKNOWN, *BANDS)
BAND_NAMES: dict[str, str] = {
    "low": "Low risk of isolation",
    "moderate": "Moderate risk of isolation",
    "high": "High risk of isolation",
    UNKNOWN: "Not enough recorded yet",
}
#: Critical functions that the person could have without them having been given yet: someone
#: they could confide in is there for emotional support, someone they could call on is there in
#: an emergency (LSNS-6 items 2/5 and 3/6).
AVAILABLE_THROUGH: dict[str, str] = {"emotional": "confide", "emergency": "call_on"}
#: Sectors of paid help: not "parts of life" for the diverse network strength.
_SERVICE_SECTORS = frozenset({"health", "social_care", "other_services"})
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


class Question(Finding):
    """A question for the coordinator to ask: a concern the map cannot settle until it is
    answered. ``sentence`` is the question, ``rule`` what it would settle, ``people`` whom it is
    about."""


@dataclass(frozen=True)
class Assessment:
    """Strengths (first), flags, questions to ask and the band of one map, with the measures
    behind them.

    ``self_report`` holds the person's own answers, kept apart from the map's estimates (their own
    LSNS-6 answers decide the LSNS flags when given). ``network_type`` is an approximate Wenger
    support-network type and says so, or ``None`` with the reason in ``network_type_note``.
    ``estimate_notes`` say how the map's estimates were read (for example where "could confide
    in" was read from the support given).
    """

    measures: Measures
    self_report: SelfReport
    strengths: tuple[Strength, ...]
    flags: tuple[Flag, ...]
    to_ask: tuple[Question, ...]
    band: str
    band_rule: str
    network_type: str | None
    network_type_note: str = ""
    estimate_notes: tuple[str, ...] = ()

    @property
    def flag_codes(self) -> tuple[str, ...]:
        """Distinct flag codes in order (several alters can each be a single point)."""
        return tuple(dict.fromkeys(f.code for f in self.flags))

    @property
    def strength_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.code for s in self.strengths))

    @property
    def to_ask_codes(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.to_ask)


# --- the counts every concern is decided on ------------------------------------------------------

#: Key -> how many alters have it (see :func:`_keys`); a missing key counts 0.
_Counts = Counter


#: The LSNS keys of each side, by ``is_kin``: seen, could confide in, could call on, missing.
_LSNS_KEYS = {
    kin: tuple(f"{side}:{item}" for item in ("seen", "confide", "call", "missing"))
    for kin, side in ((True, "family"), (False, "friends"))
}
_GIVES_KEYS = {g: f"gives:{g}" for g in SUPPORTS}


def _keys(a: Alter, on: bool, off: bool, unknown: bool, t: Thresholds) -> list[str]:
    """What one alter adds to the counts the concerns are decided on (each key counts 1). This
    runs for every alter of every map of a caseload, hence the precomputed key names."""
    keys = ["n"]
    if on:
        keys.append("active")
        if a.is_paid:
            keys.append("paid_active")
    if off:
        keys.append("dormant")
    if unknown and not a.is_paid:
        keys.append("unpaid_unknown")
    if _is_close_unpaid(a, t):
        if on:
            keys.append("close_active")
        elif unknown:
            keys.append("close_unknown")
    if not off and _is_community(a):
        keys.append("community")
    if a.circle == 1 and a.stress == "high":
        keys.append("stressful_close")
    if is_unpaid_person(a):
        seen_key, confide_key, call_key, missing_key = _LSNS_KEYS[a.is_kin]
        seen, confide, call = lsns_answers(a, on)
        keys += [key for key, yes in ((seen_key, seen), (confide_key, confide), (call_key, call)) if yes]
        if lsns_missing(a, unknown):
            keys.append(missing_key)
    given = a.support_functions
    keys += [_GIVES_KEYS[g] for g in given]
    # Support from a tie that has gone quiet is not there to call on.
    if not off:
        for g in t.critical_functions:
            through = AVAILABLE_THROUGH.get(g)
            if g in given or (through and getattr(a, through)):
                keys.append(f"available:{g}")
            elif not a.support and a.kind != "pet" and (not through or getattr(a, through) is None):
                keys.append(f"unsure:{g}")
    if a.gives_functions:
        keys.append("receives")
    # Pets give company and are cared for, but no one asks a dog what it does for you.
    if a.kind != "pet":
        if not a.support:
            keys.append("support_unknown")
        if not a.gives:
            keys.append("gives_unknown")
    return keys


def _lsns(c: _Counts, side: str) -> int:
    return lsns_code(c[f"{side}:seen"]) + lsns_code(c[f"{side}:confide"]) + lsns_code(c[f"{side}:call"])


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _decide(c: _Counts, ties: int, parts: int, own: SelfReport, t: Thresholds) -> dict[str, bool]:
    """Each concern that holds on what is recorded -> whether it is settled (``True``: a flag)
    or could still be overturned by a question not yet asked (``False``: a question to ask).

    Unrecorded answers count as nothing, so a count is a floor: a concern that holds when a
    count is *low* is settled only when nothing it counts is unrecorded.
    """
    found: dict[str, bool] = {}
    family, friends = _lsns(c, "family"), _lsns(c, "friends")
    for code, own_score, estimate, missing, cut in (
        ("lsns_at_risk", own.lsns6_total, family + friends, c["family:missing"] + c["friends:missing"],
         t.lsns_at_risk_below),
        ("lsns_family_low", own.lsns6_family, family, c["family:missing"], t.lsns_family_low_below),
        ("lsns_friends_low", own.lsns6_friends, friends, c["friends:missing"], t.lsns_friends_low_below),
    ):
        if own_score is not None:
            if own_score < cut:
                found[code] = True
        elif estimate < cut:
            found[code] = not missing
    if not c["close_active"]:
        found["no_close_unpaid"] = not c["close_unknown"]
    gaps = [g for g in t.critical_functions if not c[f"available:{g}"]]
    if gaps:
        found["support_gap"] = not any(c[f"unsure:{g}"] for g in gaps)
    if any(c[f"gives:{g}"] == 1 for g in SUPPORTS):
        found["single_point"] = not c["support_unknown"]
    active, paid = c["active"], c["paid_active"]
    if active and paid / active >= t.paid_dominant_share:
        found["paid_dominant"] = paid / (active + c["unpaid_unknown"]) >= t.paid_dominant_share
    n = c["n"]
    if c["dormant"] and c["dormant"] / n >= t.mostly_dormant_share:
        found["mostly_dormant"] = True
    if n >= t.fragmented_min_alters and parts / n >= t.fragmented_component_share:
        # With no alter-alter tie at all, who knows whom was most likely never asked.
        found["fragmented"] = ties > 0
    if not c["community"]:
        found["no_community"] = True
    if c["stressful_close"]:
        found["stressful_close_tie"] = True
    if not c["receives"]:
        found["receives_only"] = not c["gives_unknown"]
    return found


def band_of(codes: Iterable[str], t: Thresholds) -> tuple[str, str]:
    """The band and the rule that set it (in words), from the distinct flag codes.

    - high: ``lsns_at_risk`` together with ``no_close_unpaid`` or ``support_gap``; or at least
      ``band_high_concerns`` distinct concerns;
    - moderate: any of ``lsns_at_risk``, ``no_close_unpaid``, ``support_gap``; or at least
      ``band_moderate_concerns`` distinct concerns;
    - low otherwise. Opportunities (``receives_only``) are not concerns, and the three LSNS-6
      flags count as one kind of concern: they come from one questionnaire.
    """
    concerns = [c for c in dict.fromkeys(codes) if c not in OPPORTUNITIES]
    kinds = len({_KIND_OF.get(c, c) for c in concerns})
    core = [c for c in CORE_CONCERNS if c in concerns]
    lsns = FLAG_NAMES["lsns_at_risk"]
    if "lsns_at_risk" in concerns and core:
        return "high", f"{lsns}, with {FLAG_NAMES[core[0]].lower()}"
    if kinds >= t.band_high_concerns:
        return "high", f"{kinds} kinds of concern ({t.band_high_concerns} or more make it high)"
    if "lsns_at_risk" in concerns or core:
        return "moderate", (lsns if "lsns_at_risk" in concerns else FLAG_NAMES[core[0]])
    if kinds >= t.band_moderate_concerns:
        return "moderate", f"{kinds} kinds of concern ({t.band_moderate_concerns} or more make it moderate)"
    return "low", f"fewer than {t.band_moderate_concerns} kinds of concern, and none of the main ones"


def _band(found: dict[str, bool], t: Thresholds) -> tuple[str, str]:
    """The band of the settled concerns, or ``unknown`` when the unsettled ones could change it."""
    settled = band_of((code for code, sure in found.items() if sure), t)
    if all(found.values()):
        return settled
    could_be = band_of(found, t)[0]
    if could_be == settled[0]:
        return settled
    return UNKNOWN, (
        f"not enough recorded yet: {settled[0]} on what is recorded, {could_be} if the questions to ask "
        "are answered the way the map now reads"
    )


# --- the facts the rules read ------------------------------------------------------------------


class _Facts:
    """One map, its measures and thresholds, the state of every tie, and the counts."""

    def __init__(self, m: EcoMap, measures: Measures, own: SelfReport, t: Thresholds):
        self.m, self.measures, self.own, self.t = m, measures, own, t
        when, days = m.ego.map_date, t.dormant_after_days
        self.dormant = [is_dormant(a, when, days) for a in m.alters]
        # is_active and contact_unknown, from the dormancy already worked out.
        self.active = [not off and a.contact in ACTIVE_CONTACTS for a, off in zip(m.alters, self.dormant)]
        self.unknown = [not off and a.contact is None for a, off in zip(m.alters, self.dormant)]
        self.keys = [
            _keys(a, on, off, unknown, t)
            for a, on, off, unknown in zip(m.alters, self.active, self.dormant, self.unknown)
        ]
        self.counts: _Counts = Counter([key for keys in self.keys for key in keys])
        self.ties = len(m.ties)  # a valid map never repeats a tie
        self.found = _decide(self.counts, self.ties, measures.alter_components, own, t)
        self.position = {a.id: i for i, a in enumerate(m.alters)}
        # Several strengths ask for the same people; functools.cached_property takes a lock on
        # every read in Python 3.11, which cost more than the work over a caseload.
        self._in_touch: list[Alter] | None = None
        self._adjacency: dict[str, set[str]] | None = None

    def pick(self, keep: Callable[[Alter, bool, bool], bool]) -> list[Alter]:
        """Alters, in map order, for which ``keep(alter, active, dormant)`` holds."""
        return [a for a, on, off in zip(self.m.alters, self.active, self.dormant) if keep(a, on, off)]

    def in_touch(self) -> list[Alter]:
        """Unpaid alters in touch (contact monthly or more, recorded) on a tie that is not
        high-stress: the only ones a strength about people names (pets have their own)."""
        if self._in_touch is None:
            self._in_touch = self.pick(
                lambda a, on, off: on and not a.is_paid and a.stress != "high" and a.kind != "pet"
            )
        return self._in_touch

    def community(self) -> list[Alter]:
        """Unpaid groups and anyone from community, faith, work or learning, not out of touch."""
        return self.pick(lambda a, on, off: not off and _is_community(a))

    @property
    def adjacency(self) -> dict[str, set[str]]:
        """Who knows whom, worked out when a rule first asks."""
        if self._adjacency is None:
            self._adjacency = alter_adjacency(self.m)
        return self._adjacency

    def alter(self, alter_id: str) -> Alter:
        return self.m.alters[self.position[alter_id]]

    @property
    def first_name(self) -> str:
        return self.m.ego.name.split()[0]


def _is_close_unpaid(a: Alter, t: Thresholds) -> bool:
    return is_unpaid_person(a) and a.circle in t.close_circles


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


def _is_or_are(alters: list[Alter]) -> str:
    return "is" if len(alters) == 1 else "are"


# --- strengths ---------------------------------------------------------------------------------


def _confidants(f: _Facts) -> list[Alter]:
    return [a for a in f.in_touch() if a.kind == "person" and could_confide(a)]


def _confidant(f: _Facts) -> list[Strength]:
    who = _confidants(f)
    if not who:
        return []
    return [
        Strength(
            "confidant",
            f"You can talk to {_names(who)} about how you feel.",
            "an unpaid person in touch, on a tie that is not high-stress, whom the person could "
            "confide in (or, where that was not asked, who gives emotional support)",
            _ids(who),
        )
    ]


def _close(code: str, kin: bool, words: str) -> Callable[[_Facts], list[Strength]]:
    def rule(f: _Facts) -> list[Strength]:
        who = [a for a in f.in_touch() if _is_close_unpaid(a, f.t) and a.is_kin is kin]
        if not who:
            return []
        circles = " or ".join(str(c) for c in f.t.close_circles)
        return [
            Strength(
                code,
                f"{words}: {_names(who)}.",
                f"an unpaid {'relative' if kin else 'person outside the family'} in circle {circles}, "
                "with contact monthly or more, on a tie that is not high-stress",
                _ids(who),
            )
        ]

    rule.__name__ = f"_{code}"
    return rule


def _flowing(code: str, flow: str, words: Callable[[str], str], rule_text: str):
    def rule(f: _Facts) -> list[Strength]:
        who = [a for a in f.in_touch() if a.flow == flow]
        return [Strength(code, words(_names(who)), rule_text, _ids(who))] if who else []

    rule.__name__ = f"_{code}"
    return rule


def _community_member(f: _Facts) -> list[Strength]:
    in_touch = set(_ids(f.in_touch()))
    who = [a for a in f.community() if a.id in in_touch]
    if not who:
        return []
    return [
        Strength(
            "community_member",
            f"You are connected to your community through {_names(who)}.",
            "an unpaid group, or a community, faith, work or learning tie, in touch and not high-stress",
            _ids(who),
        )
    ]


def _neighbourly(f: _Facts) -> list[Strength]:
    who = [a for a in f.in_touch() if a.sector == "neighbours"]
    if not who:
        return []
    return [
        Strength(
            "neighbourly",
            f"You know your neighbours: {_names(who)}.",
            "an unpaid neighbour in touch, on a tie that is not high-stress",
            _ids(who),
        )
    ]


def _connected_people(f: _Facts) -> list[Strength]:
    in_touch = f.in_touch()
    if len(in_touch) < f.t.connected_min_group:
        return []
    groups = groups_among(f.adjacency, _ids(in_touch))
    if not groups or len(groups[0]) < f.t.connected_min_group:
        return []
    who = [f.alter(i) for i in groups[0]]
    return [
        Strength(
            "connected_people",
            f"{_names(who)} know each other, so they can look out for you together.",
            f"largest group of unpaid alters in touch (not high-stress) who know each other has "
            f"{len(who)} >= {f.t.connected_min_group} members",
            _ids(who),
        )
    ]


def _diverse_network(f: _Facts) -> list[Strength]:
    sectors = dict.fromkeys(a.sector for a in f.in_touch() if a.sector not in _SERVICE_SECTORS)
    if len(sectors) < f.t.diverse_min_sectors:
        return []
    return [
        Strength(
            "diverse_network",
            f"Your network reaches into {len(sectors)} parts of life: "
            f"{_join(SECTOR_WORDS[s] for s in sectors)}.",
            f"sectors of unpaid ties in touch (not health, social care or other services) "
            f"{len(sectors)} >= {f.t.diverse_min_sectors}",
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
    _flowing(
        "mutual_support",
        "mutual",
        lambda names: f"You and {names} help each other.",
        "support flows both ways on an unpaid tie in touch, not high-stress",
    ),
    _flowing(
        "gives_to_others",
        "from_person",
        lambda names: f"You already help {names}.",
        "the person gives support to an unpaid alter in touch who gives none back (yet)",
    ),
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


# --- flags: the sentences of the settled concerns ----------------------------------------------


def _lsns_flag(code: str, part: str, out_of: int, cut_name: str, means: str) -> Callable[[_Facts], Flag]:
    """The sentence of an LSNS-6 flag: from the person's own answers when given, else the map."""
    own_field = {"": "lsns6_total", "family": "lsns6_family", "friends": "lsns6_friends"}[part]
    estimate_field = {"": "lsns6_estimate", "family": "lsns6_family", "friends": "lsns6_friends"}[part]
    scale = f"{part} score" if part else "network score"

    def sentence(f: _Facts) -> Flag:
        cut = getattr(f.t, cut_name)
        own = getattr(f.own, own_field)
        estimate = getattr(f.measures, estimate_field)
        if own is not None:
            return Flag(
                code,
                f"From your own answers, your {scale} is {own} out of {out_of}; below {cut} {means}.",
                f"own LSNS-6 answers {own} < {cut} (the person's answers come before the map's "
                f"estimate of {estimate}; Lubben et al. 2006)",
            )
        return Flag(
            code,
            f"From this map, your {scale} is an estimated {estimate} out of {out_of}; below {cut} {means}.",
            f"LSNS-6 estimate from the map {estimate} < {cut}, with everything it counts recorded "
            "(Lubben et al. 2006)",
        )

    return sentence


def _no_close_unpaid(f: _Facts) -> Flag:
    close = f.pick(lambda a, on, off: _is_close_unpaid(a, f.t))
    sentence = "No one unpaid is recorded in your closest circles whom you see or hear from at least monthly."
    if close:
        sentence += f" {_names(close)} {_is_or_are(close)} close, but not in touch that often."
    return Flag(
        "no_close_unpaid",
        sentence,
        f"no unpaid person in circle {' or '.join(map(str, f.t.close_circles))} with contact monthly or more",
        _ids(close),
    )


def _gaps(f: _Facts) -> list[str]:
    return [g for g in f.t.critical_functions if not f.counts[f"available:{g}"]]


def _support_gap(f: _Facts) -> Flag:
    gaps = _gaps(f)
    return Flag(
        "support_gap",
        f"No one on your map is recorded as giving you {_join((SUPPORT_WORDS[g] for g in gaps), 'or')}.",
        f"no alter in touch gives, or could be called on for: {', '.join(gaps)} "
        f"(critical functions: {', '.join(f.t.critical_functions)})",
    )


def _single_points(f: _Facts) -> dict[str, list[str]]:
    """Alter id -> the functions only they give, in map order."""
    by_alter: dict[str, list[str]] = {}
    for function, alter_id in f.measures.single_points.items():
        by_alter.setdefault(alter_id, []).append(function)
    return {a.id: by_alter[a.id] for a in f.m.alters if a.id in by_alter}


def _single_point(f: _Facts) -> list[Flag]:
    return [
        Flag(
            "single_point",
            f"Only {f.alter(alter_id).name} gives you {_join(SUPPORT_WORDS[g] for g in functions)}.",
            f"{', '.join(functions)} given by exactly one alter, with everyone's support recorded",
            (alter_id,),
        )
        for alter_id, functions in _single_points(f).items()
    ]


def _paid_dominant(f: _Facts) -> Flag:
    share, cut = f.measures.paid_share, f.t.paid_dominant_share
    paid = f.pick(lambda a, on, off: on and a.is_paid)
    return Flag(
        "paid_dominant",
        f"Half or more of those you are in regular touch with are paid to be there: {_names(paid)}.",
        f"paid share of active ties {share:.2f} >= {cut}",
        _ids(paid),
    )


def _mostly_dormant(f: _Facts) -> Flag:
    n, quiet = f.measures.size, f.measures.dormant_ties
    who = f.pick(lambda a, on, off: off)
    return Flag(
        "mostly_dormant",
        f"Much of your map has gone quiet: you are rarely or no longer in touch with {_names(who)}.",
        f"dormant ties {quiet} of {n} ({quiet / n:.2f}) >= {f.t.mostly_dormant_share}",
        _ids(who),
    )


def _fragmented(f: _Facts) -> Flag:
    n, parts = f.measures.size, f.measures.alter_components
    return Flag(
        "fragmented",
        "The people and groups around you mostly do not know each other, so everything runs through you.",
        f"{parts} separate groups among {n} alters ({parts / n:.2f}) >= "
        f"{f.t.fragmented_component_share}, with at least {f.t.fragmented_min_alters} alters",
    )


def _no_community(f: _Facts) -> Flag:
    sentence = "No group, faith community, club, work or learning is recorded on your map yet."
    if f.m.ego.interests:
        sentence += f" Your interests ({_join(f.m.ego.interests)}) could lead to one."
    return Flag(
        "no_community",
        sentence,
        "no unpaid group, community, faith, work or learning tie that is not out of touch",
    )


def _stressful_close_tie(f: _Facts) -> Flag:
    who = f.pick(lambda a, on, off: a.circle == 1 and a.stress == "high")
    return Flag(
        "stressful_close_tie",
        f"Your relationship with {_names(who)} is close but brings a lot of stress.",
        f"a circle 1 ({CIRCLES[1]}) tie with high stress",
        _ids(who),
    )


def _receives_only(f: _Facts) -> Flag:
    gifts = f.m.ego.gifts
    sentence = (
        f"You have gifts to share ({_join(gifts)}): no one on your map receives them yet."
        if gifts
        else "No one on your map receives help from you yet: what you could offer is worth talking about."
    )
    return Flag("receives_only", sentence, "the person gives nothing to any alter, as recorded (opportunity)")


_FLAGS: dict[str, Callable[[_Facts], Flag | list[Flag]]] = {
    "lsns_at_risk": _lsns_flag("lsns_at_risk", "", 30, "lsns_at_risk_below", "suggests a risk of isolation"),
    "lsns_family_low": _lsns_flag(
        "lsns_family_low",
        "family",
        15,
        "lsns_family_low_below",
        "means few relatives you see, can talk to or can call on",
    ),
    "lsns_friends_low": _lsns_flag(
        "lsns_friends_low",
        "friends",
        15,
        "lsns_friends_low_below",
        "means few friends you see, can talk to or can call on",
    ),
    "no_close_unpaid": _no_close_unpaid,
    "support_gap": _support_gap,
    "single_point": _single_point,
    "paid_dominant": _paid_dominant,
    "mostly_dormant": _mostly_dormant,
    "fragmented": _fragmented,
    "no_community": _no_community,
    "stressful_close_tie": _stressful_close_tie,
    "receives_only": _receives_only,
}


def _flags(f: _Facts) -> tuple[Flag, ...]:
    found: list[Flag] = []
    for code, rule in _FLAGS.items():
        if f.found.get(code):
            made = rule(f)
            found.extend(made if isinstance(made, list) else [made])
    return tuple(found)


# --- questions to ask: the concerns a question could still overturn ------------------------------


def _ask_lsns(f: _Facts, pending: set[str]) -> Question:
    sides = {"family", "friends"}
    if pending == {"lsns_family_low"}:
        sides = {"family"}
    elif pending == {"lsns_friends_low"}:
        sides = {"friends"}
    who = [
        a
        for a, unknown in zip(f.m.alters, f.unknown)
        if is_unpaid_person(a) and ("family" if a.is_kin else "friends") in sides and lsns_missing(a, unknown)
    ]
    name = f.first_name
    asks = (
        ("how often they are in touch", lambda a: f.unknown[f.position[a.id]]),
        (f"whether {name} could talk to them about private matters", lambda a: could_confide(a) is None),
        (f"whether {name} could call on them for help", lambda a: could_call_on(a) is None),
    )
    unknown = [words for words, missing in asks if any(missing(a) for a in who)]
    return Question(
        "ask_lsns",
        f"For {_names(who)}, {_join(unknown, 'or')} is not recorded: ask, or ask {name} the six "
        "LSNS-6 questions.",
        f"would settle: {_join(FLAG_NAMES[c].lower() for c in sorted(pending, key=list(_FLAGS).index))} "
        f"(the map's estimate so far is {f.measures.lsns6_estimate})",
        _ids(who),
    )


def _ask_close_contact(f: _Facts) -> Question:
    who = [a for a, unknown in zip(f.m.alters, f.unknown) if unknown and _is_close_unpaid(a, f.t)]
    return Question(
        "ask_close_contact",
        f"{_names(who)} {_is_or_are(who)} close to {f.first_name}, but contact is not recorded: "
        "how often are they in touch?",
        f"would settle: {FLAG_NAMES['no_close_unpaid'].lower()}",
        _ids(who),
    )


_ASK_FOR = {
    "emotional": "who could {name} talk to about how they feel",
    "emergency": "who could {name} call on in an emergency",
}


def _ask_support(f: _Facts, pending: set[str]) -> Question:
    name = f.first_name
    if "support_gap" in pending:
        gaps = _gaps(f)
        who = [a for a, keys in zip(f.m.alters, f.keys) if any(f"unsure:{g}" in keys for g in gaps)]
        asks = [_ASK_FOR.get(g, "who gives {name} " + SUPPORT_WORDS[g]).format(name=name) for g in gaps]
        question = "; ".join(asks)
        settles = FLAG_NAMES["support_gap"].lower()
    else:
        who = [a for a, keys in zip(f.m.alters, f.keys) if "support_unknown" in keys]
        only = sorted({g for g in SUPPORTS if f.counts[f"gives:{g}"] == 1}, key=SUPPORTS.index)
        question = f"does anyone else give {name} {_join((SUPPORT_WORDS[g] for g in only), 'or')}"
        settles = FLAG_NAMES["single_point"].lower()
    count = f"{len(who)} {'person' if len(who) == 1 else 'people'}"
    return Question(
        "ask_support",
        f"Support is not recorded for {count} ({_names(who)}): {question}?",
        f"would settle: {settles}",
        _ids(who),
    )


def _ask_contact(f: _Facts) -> Question:
    who = [a for a, keys in zip(f.m.alters, f.keys) if "unpaid_unknown" in keys]
    return Question(
        "ask_contact",
        f"How often {f.first_name} sees {_names(who)} is not recorded: are they in regular touch?",
        f"would settle: {FLAG_NAMES['paid_dominant'].lower()}",
        _ids(who),
    )


def _ask_ties(f: _Facts) -> Question:
    return Question(
        "ask_ties",
        f"Who knows whom is not recorded: do any of {_names(f.m.alters)} know each other?",
        f"would settle: {FLAG_NAMES['fragmented'].lower()}",
        _ids(f.m.alters),
    )


def _ask_gives(f: _Facts) -> Question:
    who = [a for a, keys in zip(f.m.alters, f.keys) if "gives_unknown" in keys]
    return Question(
        "ask_gives",
        f"What {f.first_name} does for {_names(who)} is not recorded: what do they give, and to whom?",
        f"would settle: {FLAG_NAMES['receives_only'].lower()}",
        _ids(who),
    )


def _to_ask(f: _Facts) -> tuple[Question, ...]:
    pending = {code for code, sure in f.found.items() if not sure}
    asks = []
    lsns = pending & {"lsns_at_risk", "lsns_family_low", "lsns_friends_low"}
    if lsns:
        asks.append(_ask_lsns(f, lsns))
    if "no_close_unpaid" in pending:
        asks.append(_ask_close_contact(f))
    support = pending & {"support_gap", "single_point"}
    if support:
        asks.append(_ask_support(f, support))
    if "paid_dominant" in pending:
        asks.append(_ask_contact(f))
    if "fragmented" in pending:
        asks.append(_ask_ties(f))
    if "receives_only" in pending:
        asks.append(_ask_gives(f))
    return tuple(asks)


# --- network type and notes ------------------------------------------------------------------


def _network_type(f: _Facts) -> tuple[str | None, str]:
    """An approximate Wenger support-network type (Wenger 1991), or ``None`` and why not.

    Wenger built the typology from interviews with people aged 65 and over, about the people and
    groups near them; the map only approximates it, and the label says so. It is given only from
    ``network_type_from_age`` (50, in the year of the map), and counts only unpaid ties that are
    in touch (monthly or more), not online, and recorded as local; when any such tie's ``local``
    is not recorded there is no type. Counting relatives, friends, neighbours and community ties
    among them, first match wins:

    1. private restricted: at most one such person and no community tie;
    2. locally integrated: family, friends or neighbours, and a community tie;
    3. wider community focused: no family nearby, but friends or a community tie;
    4. local family dependent: family, and at least as many relatives as friends and neighbours;
    5. local self-contained: otherwise (mostly neighbours, at arm's length).
    """
    born, when, from_age = f.m.ego.year_of_birth, f.m.ego.map_date, f.t.network_type_from_age
    if born is None:
        return None, f"Age is not recorded: the network type (Wenger) is only given from {from_age}."
    if when.year - born < from_age:
        return None, (
            f"Not given under {from_age}: Wenger's network types were built with older people "
            "and say little about younger adults' networks."
        )
    ties = f.pick(lambda a, on, off: on and not a.is_paid and a.sector != "online"
                  and (a.kind == "person" or _is_community(a)))
    unknown = [a for a in ties if a.local is None]
    if unknown:
        return None, (
            f"Whether {_names(unknown)} {'lives' if len(unknown) == 1 else 'live'} nearby is not recorded: "
            "the network type (Wenger) counts only local ties."
        )
    local = [a for a in ties if a.local]
    people = [a for a in local if a.kind == "person"]
    kin = [a for a in people if a.is_kin]
    neighbours = [a for a in people if not a.is_kin and a.sector == "neighbours"]
    friends = [a for a in people if not a.is_kin and a.sector != "neighbours"]
    community = any(_is_community(a) for a in local)
    if len(people) <= 1 and not community:
        kind = "private restricted"
    elif kin and (friends or neighbours) and community:
        kind = "locally integrated"
    elif not kin and (friends or community):
        kind = "wider community focused"
    elif kin and len(kin) >= len(friends) + len(neighbours):
        kind = "local family dependent"
    else:
        kind = "local self-contained"
    return f"{kind} (approximate)", "Wenger's support-network type, approximated from the map's local ties."


def _estimate_notes(f: _Facts) -> tuple[str, ...]:
    """Where the LSNS-6 estimate read "could confide in" or "could call on" from the support given."""
    read = [
        a
        for a in f.m.alters
        if is_unpaid_person(a) and a.support_recorded and (a.confide is None or a.call_on is None)
    ]
    if not read:
        return ()
    return (
        f"For {_names(read)}, the LSNS-6 estimate reads whether {f.first_name} could confide in them or "
        "call on them from the support they give, as that was not asked.",
    )


def assess(m: EcoMap, settings: Thresholds | None = None) -> Assessment:
    """Strengths, flags, questions to ask, band and approximate network type of a map (see
    ``docs/measures.md``)."""
    return _assessed(_facts(m, settings))


def _facts(m: EcoMap, settings: Thresholds | None) -> _Facts:
    t = settings or Thresholds()
    return _Facts(m, measure_all(m, t), self_report(m, t.ucla3_lonely_from), t)


def _assessed(f: _Facts) -> Assessment:
    band, rule = _band(f.found, f.t)
    network_type, note = _network_type(f)
    return Assessment(
        measures=f.measures,
        self_report=f.own,
        strengths=_strengths(f),
        flags=_flags(f),
        to_ask=_to_ask(f),
        band=band,
        band_rule=rule,
        network_type=network_type,
        network_type_note=note,
        estimate_notes=_estimate_notes(f),
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
    """What the person would lose if one alter were gone (the answer to one "what if")."""

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


class _WhatIf:
    """The what-if of every alter of one map from one assessment: each alter's answer is the same
    decision (:func:`_decide`) on the counts less that alter's share."""

    def __init__(self, f: _Facts):
        self.f = f
        self.band_before = _band(f.found, f.t)[0]
        self.codes_before = {code for code, sure in f.found.items() if sure}
        self.parts_without = components_without_each(f.adjacency)
        self.confidants = set(_ids(_confidants(f)))
        self.lost_by = _single_points(f)

    def item(self, position: int) -> tuple[ResilienceItem, bool, tuple]:
        """The answer for the alter at ``position``, whether they are key, and a sort key."""
        f, a = self.f, self.f.m.alters[position]
        counts = f.counts.copy()
        counts.subtract(f.keys[position])
        after_found = _decide(counts, f.ties - len(f.adjacency[a.id]), self.parts_without[a.id], f.own, f.t)
        after_codes = [c for c, sure in after_found.items() if sure]
        band_before, band_after = self.band_before, _band(after_found, f.t)[0]
        lsns = (f.measures.lsns6_estimate, _lsns(counts, "family") + _lsns(counts, "friends"))
        lost = tuple(self.lost_by.get(a.id, ()))
        confides = a.id in self.confidants
        known = band_before != UNKNOWN and band_after != UNKNOWN
        rise = BANDS.index(band_after) - BANDS.index(band_before) if known else 0
        parts = [f"no one for {_join((SUPPORT_WORDS[g] for g in lost), 'or')}"] if lost else []
        if confides and "emotional" not in lost:
            left = len(self.confidants) - 1
            parts.append(f"one fewer person to talk to ({left} left)" if left else "no one left to talk to")
        if lsns[1] < lsns[0]:
            parts.append(f"LSNS estimate {lsns[0]} -> {lsns[1]}")
        if rise > 0:
            parts.append(f"isolation risk {band_before} -> {band_after}")
        elif band_after == UNKNOWN and band_before != UNKNOWN:
            parts.append("the risk of isolation could rise: not enough is recorded to say")
        new = tuple(c for c in after_codes if c not in self.codes_before)
        key = bool(parts)
        said = "; ".join(parts) if parts else "nothing the map records would be lost"
        if new and not parts:
            said = f"the map would show: {_join(FLAG_NAMES[c].lower() for c in new)}"
        item = ResilienceItem(
            alter_id=a.id,
            sentence=f"If {a.name} {_GONE[a.kind]}: {said}.",
            lost_functions=lost,
            lsns_before=lsns[0],
            lsns_after=lsns[1],
            band_before=band_before,
            band_after=band_after,
            new_flags=new,
        )
        return item, key, (-rise, lsns[1] - lsns[0], -len(lost), position)


def what_if(m: EcoMap, alter_id: str, settings: Thresholds | None = None) -> ResilienceItem:
    """What the person would lose if this alter were gone: the one what-if computation behind the
    Map page's list and the Learn page's guided what-if. Raises ``KeyError`` for an unknown id.

    Example: "If Susan Blake moved away: no one for emotional support; LSNS estimate 9 -> 6."
    """
    position = [a.id for a in m.alters].index(m.alter(alter_id).id)
    return _WhatIf(_facts(m, settings)).item(position)[0]


def resilience(m: EcoMap, settings: Thresholds | None = None) -> list[ResilienceItem]:
    """For each key alter, what the person would lose if they were gone (see :func:`what_if`).

    An alter is key when they are the only one to give some support, when they are a confidant
    (an unpaid person in touch whom the person could confide in), or when losing them lowers the
    LSNS-6 estimate, raises the band or leaves too little recorded to say. Items come with the
    largest loss first (band, then LSNS-6 drop, then functions lost), then map order. One pass:
    a map of 500 alters takes about as long as a few assessments, not 500.

    Example: "If Bisi Adeyemi moved away: no one for transport; LSNS estimate 13 -> 9."
    """
    answers = _WhatIf(_facts(m, settings))
    found = [answers.item(position) for position in range(len(m.alters))]
    return [item for item, key, _ in sorted((x for x in found if x[1]), key=lambda x: x[2])]
