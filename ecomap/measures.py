"""Network and instrument-derived measures of one map: pure functions of an :class:`EcoMap`.

The names are part of the data contract (``DESIGN.md``, "Measures"): they are the CLI's output
columns, the CSV columns and this API. Every measure is defined for every valid map, including
a map with no alters or no alter-alter ties: a near-empty map *is* the finding, so it gives
numbers, never an error or NaN.

Scores derived from the map (LSNS-6, Cohen's roles, Steptoe's index) are *estimates*: the person
did not answer the questionnaire. The person's own answers (UCLA-3, the ONS question) stay apart
in :func:`self_report` and are never merged with the estimates.

The ego-centred structural measures (density, components, effective size, constraint) are
computed directly from the alters' adjacency; they equal networkx's own on
:func:`ecomap.graph.to_graph` and :func:`ecomap.graph.alter_graph` (the tests check it), at a
small fraction of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date

from ecomap.model import ACTIVE_CONTACTS, DORMANT_AFTER_DAYS, SUPPORTS, Alter, EcoMap
from ecomap.settings import Thresholds

#: Contact words that make a tie dormant whatever the last contact date.
LAPSED_CONTACTS: frozenset[str] = frozenset({"less", "never"})
#: Cohen's SNI counts a role when there is contact at least once every two weeks.
FORTNIGHTLY_OR_MORE: frozenset[str] = frozenset({"daily", "weekly", "fortnightly"})


# --- the state of one tie ---------------------------------------------------------------------


def is_dormant(a: Alter, map_date: date, after_days: int = DORMANT_AFTER_DAYS) -> bool:
    """A tie is dormant when contact is ``less`` or ``never``, or the last contact is more than
    ``after_days`` (by default :data:`~ecomap.model.DORMANT_AFTER_DAYS`, six months) before the
    map date (``DESIGN.md``; a team can change it: ``Thresholds.dormant_after_days``).

    A recorded last contact wins over the usual frequency: "weekly" with a last contact a year
    ago is dormant, because the date is the recorded fact.
    """
    if a.contact in LAPSED_CONTACTS:
        return True
    return a.last_contact is not None and (map_date - a.last_contact).days > after_days


def is_active(a: Alter, map_date: date, after_days: int = DORMANT_AFTER_DAYS) -> bool:
    """A tie is active when contact is monthly or more often and it is not dormant.

    Contact that was not recorded (``None``) is neither active nor dormant, unless the last
    contact date alone makes it dormant.
    """
    return a.contact in ACTIVE_CONTACTS and not is_dormant(a, map_date, after_days)


def contact_unknown(a: Alter, map_date: date, after_days: int = DORMANT_AFTER_DAYS) -> bool:
    """Contact was not recorded and no last contact date makes the tie dormant: whether the
    person is in touch with them is a question still to ask."""
    return a.contact is None and not is_dormant(a, map_date, after_days)


def is_unpaid_person(a: Alter) -> bool:
    """A person (not a group, place, service or pet) who is not paid to be there."""
    return a.kind == "person" and not a.is_paid


# --- counts -----------------------------------------------------------------------------------


def size(m: EcoMap) -> int:
    """Number of alters on the map, of every kind. Example: a daughter and a dog give 2."""
    return len(m.alters)


def active_ties(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """Alters with active contact (monthly or more, not dormant; see :func:`is_active`)."""
    return sum(is_active(a, m.ego.map_date, after_days) for a in m.alters)


def dormant_ties(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """Alters whose tie is dormant (see :func:`is_dormant`)."""
    return sum(is_dormant(a, m.ego.map_date, after_days) for a in m.alters)


def strong_unpaid_ties(m: EcoMap) -> int:
    """Ties drawn *strong* to alters who are not paid (any kind: a sister, a choir, a dog).

    Example: a strong tie to a daughter and a strong tie to a paid carer give 1.
    """
    return sum(a.strength == "strong" and not a.is_paid for a in m.alters)


def paid_share(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> float:
    """Paid alters among active alters, 0 when none is active (``DESIGN.md``).

    Example: a home carer and a GP seen monthly, a daughter seen weekly: 2/3.
    """
    active = [a for a in m.alters if is_active(a, m.ego.map_date, after_days)]
    return sum(a.is_paid for a in active) / len(active) if active else 0.0


def sectors_covered(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """Distinct sectors (family, friends, faith ...) among active alters."""
    return len({a.sector for a in m.alters if is_active(a, m.ego.map_date, after_days)})


def reciprocity(m: EcoMap) -> float:
    """Share of alters with mutual flow (support both ways), 0 when there are none.

    Example: four alters of whom one both helps and is helped by the person: 1/4.
    """
    return sum(a.flow == "mutual" for a in m.alters) / len(m.alters) if m.alters else 0.0


# --- Cohen's Social Network Index (an estimate) --------------------------------------------------

#: Cohen et al. (1997) count 12 kinds of relationship ("roles") in which the person has contact
#: at least every two weeks. Cohen's in-law item asks about parents-in-law; children-in-law are
#: counted with them here, so that a son-in-law is not mistaken for a son.
COHEN_ROLES: tuple[str, ...] = (
    "partner",
    "parents",
    "in_laws",
    "children",
    "close_relatives",
    "close_friends",
    "religious_group",
    "education",
    "work",
    "neighbours",
    "volunteering",
    "other_groups",
)

_RELATIONSHIP_WORDS: dict[str, str] = {
    word: role
    for role, words in {
        "partner": "partner husband wife spouse fiance fiancee boyfriend girlfriend",
        "parents": "mother father mum mom mam mummy dad daddy parent parents stepmother stepfather "
        "stepmum stepdad",
        "children": "son daughter child children sons daughters stepson stepdaughter stepchild",
        "close_relatives": "sister brother sibling grandson granddaughter grandchild grandchildren "
        "grandmother grandfather grandma grandad granddad nan nana gran aunt auntie uncle cousin "
        "niece nephew relative",
    }.items()
    for word in words.split()
}
_EDUCATION_WORDS = frozenset(
    "school college class classes course university uni student students tutor teacher lesson "
    "lessons learning education classmate classmates".split()
)
_VOLUNTEER_WORDS = frozenset({"volunteer", "volunteers", "volunteering"})
_NEIGHBOUR_WORDS = frozenset({"neighbour", "neighbours", "neighbor", "neighbors"})
_FRIEND_WORDS = frozenset({"friend", "friends", "mate", "mates", "pal"})
_WORD = re.compile(r"[a-z]+")


def _family_role(words: list[str]) -> str | None:
    """The role of the *last* relationship word, English's head noun: "wife's sister" is a
    sister; "-in-law" after a parent or child word makes an in-law, after others a relative."""
    for i in range(len(words) - 1, -1, -1):
        role = _RELATIONSHIP_WORDS.get(words[i])
        if role is None:
            continue
        if words[i + 1 : i + 3] == ["in", "law"]:
            return "in_laws" if role in {"parents", "children"} else "close_relatives"
        return role
    return None


def cohen_role(a: Alter) -> str | None:
    """Which of :data:`COHEN_ROLES` an alter fills, from the role text, kinship and sector.

    Rules, first match wins:

    1. paid alters, services and pets fill no role (Cohen counts relationships);
    2. a relationship word in the role text (the last one: "wife's sister" is a sister): for
       kin, partner / parents / in-laws / children / close relatives; for non-kin only a
       partner word counts ("friend's mum" is a friend);
    3. "volunteer" in the role text: volunteering;
    4. sector ``faith``: religious group; ``work_learning``: education when the role speaks of a
       school, college, class, course or tutor, otherwise work;
    5. sector ``neighbours`` or "neighbour" in the role: neighbours;
    6. other kin: close relatives; sector ``friends`` or "friend" in the role: close friends;
    7. a group, or anyone from the ``community`` or ``online`` sectors: other groups.

    Example: ``role="son-in-law", is_kin=True`` gives ``"in_laws"``; a church gives
    ``"religious_group"``.
    """
    if a.is_paid or a.kind in {"service", "pet"}:
        return None
    words = _WORD.findall(a.role.lower())
    family = _family_role(words)
    if family is not None and (a.is_kin or family == "partner"):
        return family
    said = set(words)
    if said & _VOLUNTEER_WORDS:
        return "volunteering"
    if a.sector == "faith":
        return "religious_group"
    if a.sector == "work_learning":
        return "education" if said & _EDUCATION_WORDS else "work"
    if a.sector == "neighbours" or said & _NEIGHBOUR_WORDS:
        return "neighbours"
    if a.is_kin:
        return "close_relatives"
    if a.sector == "friends" or said & _FRIEND_WORDS:
        return "close_friends"
    if a.kind == "group" or a.sector in {"community", "online"}:
        return "other_groups"
    return None


def cohen_diversity(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """Estimate of Cohen's Social Network Index (Cohen et al., JAMA 1997;277(24):1940-4): the
    number of the 12 :data:`COHEN_ROLES` with at least one alter in touch fortnightly or more
    often (and not dormant). Roles come from :func:`cohen_role`.

    Example: a daughter seen weekly, a friend seen fortnightly and a church attended monthly
    give 2 (children, close friends; the church is not fortnightly).
    """
    return len(
        {
            cohen_role(a)
            for a in m.alters
            if a.contact in FORTNIGHTLY_OR_MORE and not is_dormant(a, m.ego.map_date, after_days)
        }
        - {None}
    )


# --- Lubben Social Network Scale, LSNS-6 (an estimate) -------------------------------------------


def lsns_code(count: int) -> int:
    """Lubben's coding of one LSNS-6 item answer: 0, 1, 2 as they are; 3-4 -> 3; 5-8 -> 4; 9 or
    more -> 5 (Lubben et al. 2006, The Gerontologist 46(4):503-13)."""
    if count <= 2:
        return count
    if count <= 4:
        return 3
    if count <= 8:
        return 4
    return 5


def could_confide(a: Alter) -> bool | None:
    """LSNS-6 items 2 and 5: could the person talk to them about private matters? ``confide``
    where it was asked; where it was not, whether they give ``emotional`` support (when support
    was recorded); ``None`` when neither was asked (``DESIGN.md``, "LSNS items with v1.1")."""
    if a.confide is not None:
        return a.confide
    return "emotional" in a.support if a.support_recorded else None


def could_call_on(a: Alter) -> bool | None:
    """LSNS-6 items 3 and 6: could the person call on them for help? ``call_on`` where it was
    asked; where it was not, whether they give ``practical`` or ``emergency`` support (when
    support was recorded); ``None`` when neither was asked."""
    if a.call_on is not None:
        return a.call_on
    if not a.support_recorded:
        return None
    return "practical" in a.support or "emergency" in a.support


def lsns_answers(a: Alter, active: bool) -> tuple[bool, bool, bool]:
    """What one unpaid person adds to the three items of their LSNS-6 subscale, given whether
    their tie is ``active`` (:func:`is_active`): seen or heard from monthly or more (item 1/4),
    could confide in (2/5), could call on (3/6). Anything not recorded adds nothing (so an
    incomplete map's estimate is a floor)."""
    return active, could_confide(a) is True, could_call_on(a) is True


def lsns_missing(a: Alter, contact_not_known: bool) -> bool:
    """Whether any of the three LSNS-6 answers for this person is not recorded, given whether
    their contact is unknown (:func:`contact_unknown`)."""
    return contact_not_known or could_confide(a) is None or could_call_on(a) is None


def _lsns_subscale(m: EcoMap, kin: bool, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """Items 1-3 (family) or 4-6 (friends): how many are seen or heard from monthly or more; how
    many one could talk to about private matters (:func:`could_confide`); how many one could
    call on for help (:func:`could_call_on`). Each count is coded by :func:`lsns_code`. Only
    unpaid persons count: pets, groups and services never do."""
    seen = confide = helps = 0
    for a in m.alters:
        if is_unpaid_person(a) and a.is_kin is kin:
            s, c, h = lsns_answers(a, is_active(a, m.ego.map_date, after_days))
            seen, confide, helps = seen + s, confide + c, helps + h
    return lsns_code(seen) + lsns_code(confide) + lsns_code(helps)


def lsns6_family(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """LSNS-6 family subscale estimated from the map (0-15): kin persons who are not paid.

    Example: a daughter seen weekly who gives emotional and practical support: 1 + 1 + 1 = 3;
    a son in the household seen daily, recorded as ``confide`` and ``call_on`` though he gives
    no support: also 1 + 1 + 1 = 3.
    """
    return _lsns_subscale(m, True, after_days)


def lsns6_friends(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int:
    """LSNS-6 friends subscale estimated from the map (0-15): non-kin persons who are not paid
    (friends, neighbours, people from groups)."""
    return _lsns_subscale(m, False, after_days)


def lsns6_estimate(m: EcoMap) -> int:
    """LSNS-6 total estimated from the map (0-30); below 12 is the published at-risk cut-off
    (Lubben et al. 2006). An estimate: label it so beside any score the person gave."""
    return lsns6_family(m) + lsns6_friends(m)


# --- the alters' own graph, computed directly ------------------------------------------------------


def alter_adjacency(m: EcoMap) -> dict[str, set[str]]:
    """Each alter's id -> the ids of the alters they know (the graph ``A`` of ``DESIGN.md``)."""
    adjacency: dict[str, set[str]] = {a.id: set() for a in m.alters}
    for t in m.ties:
        adjacency[t.source].add(t.target)
        adjacency[t.target].add(t.source)
    return adjacency


def _tie_count(adjacency: dict[str, set[str]]) -> int:
    return sum(len(known) for known in adjacency.values()) // 2


def _density(adjacency: dict[str, set[str]]) -> float:
    n = len(adjacency)
    return 2 * _tie_count(adjacency) / (n * (n - 1)) if n > 1 else 0.0


def _groups(adjacency: dict[str, set[str]]) -> list[list[str]]:
    order = {alter_id: i for i, alter_id in enumerate(adjacency)}
    seen: set[str] = set()
    groups = []
    for start in adjacency:
        if start in seen:
            continue
        seen.add(start)
        group, frontier = [start], [start]
        while frontier:
            for other in adjacency[frontier.pop()]:
                if other not in seen:
                    seen.add(other)
                    group.append(other)
                    frontier.append(other)
        groups.append(sorted(group, key=order.__getitem__))
    return sorted(groups, key=lambda g: (-len(g), order[g[0]]))


def _effective_size(adjacency: dict[str, set[str]]) -> float:
    n = len(adjacency)
    return n - 2 * _tie_count(adjacency) / n if n else 0.0


def _constraint(adjacency: dict[str, set[str]]) -> float | None:
    n = len(adjacency)
    if n == 0:
        return None
    share = {q: 1 / (len(known) + 1) for q, known in adjacency.items()}
    return sum((1 + sum(share[q] for q in known)) ** 2 for known in adjacency.values()) / n**2


def alter_density(m: EcoMap) -> float:
    """Share of possible alter-alter ties present, 2t / (n(n-1)); 0 when n < 2.

    Example (``DESIGN.md`` fixture): alters A, B, C, D with one tie A-B: 2*1/(4*3) = 1/6.
    """
    return _density(alter_adjacency(m))


def alter_groups(m: EcoMap, among: Collection[str] | None = None) -> list[list[str]]:
    """Connected components of the alters' graph: groups of alters linked through people they
    know, largest first (ties broken by map order), each in map order. With ``among``, only
    those alters and the ties between them count.

    Example: alters A, B, C, D with one tie A-B give ``[["A", "B"], ["C"], ["D"]]``; among
    A, C and D: ``[["A"], ["C"], ["D"]]``.
    """
    return groups_among(alter_adjacency(m), among)


def groups_among(adjacency: dict[str, set[str]], among: Collection[str] | None = None) -> list[list[str]]:
    """:func:`alter_groups` from the alters' adjacency (:func:`alter_adjacency`), already worked
    out."""
    if among is not None:
        keep = set(among)
        adjacency = {i: known & keep for i, known in adjacency.items() if i in keep}
    return _groups(adjacency)


def alter_components(m: EcoMap) -> int:
    """Number of connected components of the alters' graph (0 with no alters).

    Example: A, B, C, D with one tie A-B give 3: {A, B}, {C}, {D}.
    """
    return len(alter_groups(m))


def alter_isolates(m: EcoMap) -> int:
    """Alters who know none of the other alters. Example: A, B, C, D with A-B give 2."""
    return sum(not known for known in alter_adjacency(m).values())


def effective_size(m: EcoMap) -> float:
    """Burt's effective size of the person's network, in Borgatti's (1997) unweighted form
    n - 2t/n: the number of alters less their redundancy; 0 when n = 0 (networkx gives NaN).

    Example: A, B, C, D with one tie A-B: 4 - 2/4 = 3.5.
    """
    return _effective_size(alter_adjacency(m))


def constraint(m: EcoMap) -> float | None:
    """Burt's (1992) constraint on the person, unweighted, as ``nx.constraint`` computes it on
    :func:`~ecomap.graph.to_graph`; ``None`` when there are no alters (it is undefined: networkx
    gives NaN).

    With unweighted ties the proportional tie strength is p_ij = 1/deg(i). The person knows all
    n alters, so p_ej = 1/n, and an alter q of degree d_q in the alters' graph has degree
    d_q + 1 in the whole graph. Burt's sum over the person's contacts j,
    c = sum_j (p_ej + sum_q p_eq p_qj)^2, with q over the alters j knows, becomes

        c = sum_j (1 + sum_{q ~ j} 1/(d_q + 1))^2 / n^2.

    Example (``DESIGN.md`` fixture): A, B, C, D with one tie A-B. For A: (1 + 1/2)^2 = 2.25,
    the same for B, and 1 each for C and D: (2.25 + 2.25 + 1 + 1) / 16 = 0.40625.
    """
    return _constraint(alter_adjacency(m))


# --- support ---------------------------------------------------------------------------------


def givers(m: EcoMap) -> dict[str, list[str]]:
    """Each support function -> the ids of the alters who give it, in map order.

    Every alter who gives a function counts, paid or not and whatever the contact: a home care
    agency that alone gives personal care is still the only one who does.
    """
    given: dict[str, list[str]] = {f: [] for f in SUPPORTS}
    for a in m.alters:
        for function in a.support_functions:
            given[function].append(a.id)
    return given


def single_points(m: EcoMap) -> dict[str, str]:
    """Support functions given by exactly one alter -> that alter's id (in :data:`SUPPORTS`
    order). Example: only Bisi gives transport: ``{"transport": "bisi"}``."""
    return {f: ids[0] for f, ids in givers(m).items() if len(ids) == 1}


def support_gaps(m: EcoMap) -> list[str]:
    """Support functions no alter gives, in :data:`SUPPORTS` order (all seven on an empty map)."""
    return [f for f, ids in givers(m).items() if not ids]


# --- Steptoe's social isolation index (an estimate) -------------------------------------------


def _not_cohabiting(m: EcoMap) -> bool | None:
    """Steptoe's first item: not married or cohabiting. Living alone or having no partner says
    yes; a partner and not living alone says no; otherwise it is unknown."""
    ego = m.ego
    if ego.lives_alone or ego.has_partner is False:
        return True
    if ego.has_partner and ego.lives_alone is False:
        return False
    return None


def _is_organisation(a: Alter) -> bool:
    """Steptoe's organisations item asks about taking part in social clubs, residents' groups,
    religious groups or voluntary work, met in person (ELSA): an unpaid group that is not online,
    or a place of worship. A person, a service or an online group is not one."""
    if a.is_paid or a.sector == "online":
        return False
    return a.kind == "group" or (a.kind == "place" and a.sector == "faith")


def steptoe_index(m: EcoMap, after_days: int = DORMANT_AFTER_DAYS) -> int | None:
    """Estimate of Steptoe's social isolation index (Steptoe et al., PNAS 2013;110(15):5797-801),
    0-5, 2 or more meaning isolated. Steptoe built it on the English Longitudinal Study of Ageing
    (ELSA: people aged 52 and over); label it so. One point each for: not married or cohabiting; less than
    monthly contact with children; with other family; with friends; no participation in
    organisations. Contact is active contact (:func:`is_active`) with an unpaid person; having
    no children on the map scores the children point (there is no monthly contact with one).

    ``None`` when the ego's ``lives_alone`` and ``has_partner`` do not settle the first item.
    Example: lives alone, a daughter seen weekly, no one else: 1 + 0 + 1 + 1 + 1 = 4.
    """
    alone = _not_cohabiting(m)
    if alone is None:
        return None
    seen = [a for a in m.alters if is_active(a, m.ego.map_date, after_days)]
    people = [(a, cohen_role(a)) for a in seen if is_unpaid_person(a)]
    children = any(role == "children" for _, role in people)
    family = any(a.is_kin and role not in {"children", "partner"} for a, role in people)
    friends = any(not a.is_kin and role != "partner" for a, role in people)
    organisations = any(_is_organisation(a) for a in seen)
    return int(alone) + (not children) + (not family) + (not friends) + (not organisations)


# --- the person's own answers, kept apart -----------------------------------------------------


@dataclass(frozen=True)
class SelfReport:
    """What the person answered, never merged with the estimates from the map.

    - ``ucla3_total``: the three-item UCLA loneliness scale (Hughes et al. 2004), 3-9, ``None``
      unless all three items were answered; ``ucla3_lonely`` is ``total >= lonely_from``.
    - ``ons_lonely``: the ONS direct question (1 never ... 5 often/always) as given.
    - ``lsns6_total`` (0-30), ``lsns6_family`` and ``lsns6_friends`` (0-15 each): the person's own
      LSNS-6 answers (Lubben et al. 2006; items 1-3 family, 4-6 friends), each part ``None``
      unless all its three items were answered, the total unless all six were.
    - ``ons4_satisfied``, ``ons4_worthwhile``, ``ons4_happy``, ``ons4_anxious``: ONS personal
      well-being, 0-10 each, as given (for anxiety, higher is worse).
    """

    ucla3_total: int | None
    ucla3_lonely: bool | None
    ons_lonely: int | None
    lsns6_total: int | None = None
    lsns6_family: int | None = None
    lsns6_friends: int | None = None
    ons4_satisfied: int | None = None
    ons4_worthwhile: int | None = None
    ons4_happy: int | None = None
    ons4_anxious: int | None = None


def _answered_sum(items: tuple[int | None, ...]) -> int | None:
    """The sum of a scale's items, or ``None`` when any item was not answered."""
    return None if None in items else sum(items)  # type: ignore[arg-type]


def self_report(m: EcoMap, lonely_from: int = Thresholds.ucla3_lonely_from) -> SelfReport:
    """The person's own answers.

    Example: UCLA-3 items 2, 2, 3 give total 7, lonely (>= 6); LSNS-6 answers 2, 1, 1 (family)
    and 0, 0, 1 (friends) give family 4, friends 1, total 5.
    """
    e = m.ego
    total = _answered_sum((e.ucla3_1, e.ucla3_2, e.ucla3_3))
    family = _answered_sum((e.lsns6_1, e.lsns6_2, e.lsns6_3))
    friends = _answered_sum((e.lsns6_4, e.lsns6_5, e.lsns6_6))
    return SelfReport(
        ucla3_total=total,
        ucla3_lonely=None if total is None else total >= lonely_from,
        ons_lonely=e.ons_lonely,
        lsns6_total=None if family is None or friends is None else family + friends,
        lsns6_family=family,
        lsns6_friends=friends,
        ons4_satisfied=e.ons4_satisfied,
        ons4_worthwhile=e.ons4_worthwhile,
        ons4_happy=e.ons4_happy,
        ons4_anxious=e.ons4_anxious,
    )


# --- every measure at once ------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    """Every measure of one map, in the contract's column order (``DESIGN.md``)."""

    size: int
    active_ties: int
    dormant_ties: int
    strong_unpaid_ties: int
    paid_share: float
    sectors_covered: int
    cohen_diversity: int
    reciprocity: float
    lsns6_estimate: int
    lsns6_family: int
    lsns6_friends: int
    alter_density: float
    alter_components: int
    alter_isolates: int
    effective_size: float
    #: ``None`` with no alters (undefined)
    constraint: float | None
    #: support function -> the one alter who gives it
    single_points: dict[str, str]
    #: support functions no one gives
    support_gaps: list[str]
    #: ``None`` when the ego's fields do not allow it
    steptoe_index: int | None

    def as_row(self) -> dict[str, int | float | str | None]:
        """A flat row: the lists become ``;``-separated function names (CSV's list cells)."""
        row: dict[str, int | float | str | None] = {name: getattr(self, name) for name in MEASURES}
        row["single_points"] = ";".join(self.single_points)
        row["support_gaps"] = ";".join(self.support_gaps)
        return row


MEASURES: tuple[str, ...] = tuple(f.name for f in fields(Measures))
_DEFAULTS = Thresholds()


def measure_all(m: EcoMap, settings: Thresholds | None = None) -> Measures:
    """Every measure of the map, with the dormancy threshold of ``settings`` (default six months).
    The LSNS subscales and the alters' adjacency are worked out once and shared, since this runs
    over whole caseloads."""
    days = (settings or _DEFAULTS).dormant_after_days
    family, friends = lsns6_family(m, days), lsns6_friends(m, days)
    adjacency = alter_adjacency(m)
    groups = _groups(adjacency)
    return Measures(
        size=len(m.alters),
        active_ties=active_ties(m, days),
        dormant_ties=dormant_ties(m, days),
        strong_unpaid_ties=strong_unpaid_ties(m),
        paid_share=paid_share(m, days),
        sectors_covered=sectors_covered(m, days),
        cohen_diversity=cohen_diversity(m, days),
        reciprocity=reciprocity(m),
        lsns6_estimate=family + friends,
        lsns6_family=family,
        lsns6_friends=friends,
        alter_density=_density(adjacency),
        alter_components=len(groups),
        alter_isolates=sum(len(g) == 1 for g in groups),
        effective_size=_effective_size(adjacency),
        constraint=_constraint(adjacency),
        single_points=single_points(m),
        support_gaps=support_gaps(m),
        steptoe_index=steptoe_index(m, days),
    )


def components_without_each(adjacency: dict[str, set[str]]) -> dict[str, int]:
    """For each alter, how many connected components the alters' graph would have without them,
    for every alter in one pass (Hopcroft and Tarjan's articulation points, 1973), so a
    what-if over every alter stays linear in the size of the map.

    Removing an alter who knows no one leaves one component fewer; removing one who does splits
    their component into as many parts as the depth-first search finds below them that cannot
    reach above them, plus the part above (none for the root of a search).

    Example: a path A-B-C and an isolate D (2 components): without A 2, without B 3 (A, C, D),
    without C 2, without D 1.
    """
    total = len(_groups(adjacency))
    found: dict[str, int] = {}
    depth: dict[str, int] = {}
    low: dict[str, int] = {}
    for root in adjacency:
        if root in depth:
            continue
        depth[root] = low[root] = 0
        parts = {root: 0}
        stack = [(root, iter(adjacency[root]), None)]
        while stack:
            node, neighbours, parent = stack[-1]
            step = next(neighbours, None)
            if step is None:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[node])
                    if low[node] >= depth[parent]:
                        parts[parent] += 1
                continue
            if step not in depth:
                depth[step] = low[step] = depth[node] + 1
                parts[step] = 0
                stack.append((step, iter(adjacency[step]), node))
            elif step != parent:
                low[node] = min(low[node], depth[step])
        for node, below in parts.items():
            # The root has no part above it; an alter who knows no one leaves nothing behind.
            found[node] = total - 1 + below + (node != root)
    return found
