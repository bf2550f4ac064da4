"""Realistic fictional maps from a seed, for benchmarks, tests and demonstration data.

Each map is drawn from a *profile* (family centred, friends, community, services, mixed) that
weights the categories of alters (children, siblings, friends, neighbours, groups, faith,
health and social care, pets ...). Each category has its own roles, circles, contact
frequencies, support and names. Alter-alter ties follow who plausibly knows whom: relatives
know each other, members of the same group know each other and the group, neighbours often
know each other, paid carers sometimes know the family.

Everyone is fictional: first names and surnames are drawn from mixed lists, places from
invented town names, and no postcode is invented (a real one could point at a real home).
The same seed always gives the same maps.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ecomap.model import ACCESS_NEEDS, Alter, AlterTie, EcoMap, Ego

WOMEN: tuple[str, ...] = (
    "Aisha", "Amara", "Ann", "Barbara", "Bisi", "Bronwen", "Carol", "Deepa", "Dorothy", "Eileen", "Fatima",
    "Fiona", "Gloria", "Grace", "Hazel", "Irene", "Janet", "Jean", "Joan", "Karen", "Lakshmi", "Leah",
    "Lena", "Margaret", "Maud", "Mei", "Moira", "Nadia", "Niamh", "Pauline", "Priya", "Rhiannon", "Rita",
    "Rosa", "Ruth", "Sadia", "Shirley", "Siobhan", "Sunita", "Valerie", "Vera", "Wendy", "Zofia",
)
MEN: tuple[str, ...] = (
    "Alan", "Arjun", "Brian", "Chen", "Colin", "Dafydd", "Derek", "Emeka", "Gareth", "Hamza", "Ian",
    "Imran", "Jack", "Kamal", "Keith", "Kofi", "Liam", "Malcolm", "Marek", "Nigel", "Olu", "Rajesh",
    "Sean", "Stan", "Tariq", "Tom", "Winston", "Yusuf",
)
FIRST_NAMES: tuple[str, ...] = WOMEN + MEN
SURNAMES: tuple[str, ...] = (
    "Adeyemi", "Ahmed", "Baker", "Begum", "Bennett", "Brennan", "Campbell", "Chowdhury", "Clarke",
    "Davies", "Evans", "Fletcher", "Gill", "Green", "Hughes", "Hussain", "Jackson", "James", "Jones",
    "Kaur", "Kelly", "Khan", "Kowalski", "Lewis", "Lloyd", "Mensah", "Morgan", "Murphy", "Nowak",
    "Okafor", "Osei", "Owen", "Patel", "Price", "Rahman", "Reid", "Roberts", "Robinson", "Shah",
    "Singh", "Smith", "Taylor", "Thomas", "Turner", "Walker", "Ward", "Watson", "Williams", "Wong",
    "Wright", "Young",
)
TOWNS: tuple[str, ...] = (
    "Ashgrove", "Brookmead", "Elmstead", "Fernhill", "Hollybank", "Kingsmead", "Millbrook",
    "Oakfield", "Riverside", "Westcombe",
)
TEAMS: tuple[str, ...] = ("North", "South", "Town Centre", "Valleys")
PET_NAMES: tuple[str, ...] = ("Bramble", "Biscuit", "Tilly", "Max", "Pepper", "Luna", "Alfie", "Poppy")
INTERESTS: tuple[str, ...] = (
    "gardening", "walking", "football", "singing", "knitting", "cooking", "history", "crosswords",
    "fishing", "painting", "music", "dancing", "reading", "birdwatching", "woodwork", "photography",
)
GIFTS: tuple[str, ...] = (
    "baking", "gardening", "listening", "fixing things", "driving", "sewing", "teaching languages",
    "making people laugh", "computer skills", "storytelling", "cooking for others", "DIY",
)
WHAT_MATTERS: tuple[str, ...] = (
    "seeing the grandchildren", "staying in my own home", "getting out of the house",
    "my garden", "my faith", "feeling useful", "my dog", "keeping my independence",
    "being part of something", "going back to work",
)

# Names of groups, places and services: ``{town}`` is filled from TOWNS.
_GROUPS = (
    "{town} Lunch Club", "{town} Walking Group", "{town} Community Choir", "{town} Men's Shed",
    "{town} Memory Cafe", "{town} Allotment Society", "{town} Bowls Club", "{town} Book Group",
    "Knit and Natter ({town})", "{town} Repair Cafe", "{town} Tenants' Association",
)
_FAITH = (
    "St Mary's Church, {town}", "{town} Mosque", "{town} Gurdwara", "{town} Methodist Chapel",
    "{town} Quaker Meeting", "{town} Synagogue", "{town} Baptist Church",
)
_LEARNING = (
    ("IT class, {town} Adult Learning", "class"),
    ("Volunteering, {town} charity shop", "volunteer"),
    ("{town} College art course", "course"),
    ("Job at {town} garden centre", "colleague"),
    ("Volunteering, {town} library", "volunteer"),
)
_HEALTH = (
    ("{town} Surgery", "GP"),
    ("District nurse team, {town}", "district nurse"),
    ("{town} Pharmacy", "pharmacist"),
    ("{town} Community Mental Health Team", "mental health support"),
    ("{town} Physiotherapy", "physiotherapist"),
)
_CARE = (
    ("{town} Home Care", "home care agency"),
    ("Adult Social Care, {town}", "social worker"),
    ("{town} Day Centre", "day centre"),
)
_OTHER_SERVICES = (
    ("{town} Food Bank", "food bank"),
    ("Citizens Advice {town}", "advice"),
    ("{town} Housing Association", "housing officer"),
)
_PLACES = ("{town} Library", "{town} Park Cafe", "{town} Community Centre", "{town} Leisure Centre")
_NAMED_ONLY = {"group": _GROUPS, "faith": _FAITH, "place": _PLACES}
_NAMED_WITH_ROLE = {"learning": _LEARNING, "health": _HEALTH, "care": _CARE, "other_service": _OTHER_SERVICES}
_ONLINE = ("Online chess club", "Carers' group (online)", "Family video call group", "Online quiz night")


@dataclass(frozen=True)
class _Category:
    """One kind of alter: who they are, how close, how often in touch, what they give.

    ``circles`` and ``contacts`` are drawn uniformly (repeat a value to weight it); ``support``
    gives each function's chance; ``gives`` is the chance that the person gives something back;
    ``acquaintance`` names who they tend to know (see :data:`_KNOWS`).
    """

    kind: str
    sector: str
    roles: tuple[str, ...]
    circles: tuple[int, ...]
    contacts: tuple[str, ...]
    support: dict[str, float]
    gives: float
    is_kin: bool = False
    is_paid: bool = False
    acquaintance: str = "other"


def _kin(
    roles: str, circles: tuple[int, ...], contacts: str, support: dict[str, float], gives: float
) -> _Category:
    """A relative: roles comma-separated, contacts space-separated."""
    return _Category(
        "person", "family", tuple(roles.split(",")), circles, tuple(contacts.split()), support, gives,
        is_kin=True, acquaintance="kin",
    )


_CATEGORIES: dict[str, _Category] = {
    "partner": _Category(
        "person", "household", ("partner", "husband", "wife"), (1,), ("daily",),
        {"emotional": 0.85, "practical": 0.7, "company": 0.8, "emergency": 0.7, "transport": 0.4,
         "personal_care": 0.2},
        gives=0.85, is_kin=True, acquaintance="kin",
    ),
    "child": _kin(
        "son,daughter,son,daughter,stepson,stepdaughter", (1, 1, 2),
        "daily weekly weekly fortnightly monthly less",
        {"emotional": 0.5, "practical": 0.5, "emergency": 0.6, "transport": 0.35, "information": 0.2}, 0.4,
    ),
    "grandchild": _kin(
        "grandson,granddaughter", (2, 2, 3), "weekly monthly monthly less",
        {"company": 0.4, "practical": 0.15, "information": 0.2}, 0.5,
    ),
    "sibling": _kin(
        "sister,brother", (1, 2, 2, 3), "weekly monthly monthly less less never",
        {"emotional": 0.4, "emergency": 0.2, "company": 0.3}, 0.3,
    ),
    "relative": _kin(
        "niece,nephew,cousin,son-in-law,daughter-in-law,aunt", (2, 3, 3), "monthly less less never",
        {"practical": 0.15, "company": 0.2, "emotional": 0.1}, 0.2,
    ),
    "friend": _Category(
        "person", "friends", ("friend", "old school friend", "friend from work"), (1, 2, 2, 3),
        ("weekly", "fortnightly", "monthly", "less"),
        {"emotional": 0.5, "company": 0.6, "practical": 0.2, "emergency": 0.15, "transport": 0.15,
         "information": 0.2},
        gives=0.6, acquaintance="friend",
    ),
    "neighbour": _Category(
        "person", "neighbours", ("neighbour", "next-door neighbour"), (2, 3, 3),
        ("daily", "weekly", "weekly", "monthly", "less"),
        {"practical": 0.3, "emergency": 0.35, "company": 0.3, "information": 0.1},
        gives=0.4, acquaintance="neighbour",
    ),
    "group": _Category(
        "group", "community", ("club",), (3,), ("weekly", "fortnightly", "monthly", "less"),
        {"company": 0.8, "information": 0.3, "emotional": 0.1}, gives=0.3,
    ),
    "faith": _Category(
        "group", "faith", ("place of worship",), (2, 3), ("weekly", "weekly", "monthly", "less"),
        {"company": 0.6, "emotional": 0.3, "practical": 0.15, "information": 0.2}, gives=0.3,
    ),
    "learning": _Category(
        "group", "work_learning", ("course",), (3,), ("weekly", "weekly", "fortnightly"),
        {"information": 0.4, "company": 0.5}, gives=0.6,
    ),
    "health": _Category(
        "service", "health", ("GP",), (4,), ("weekly", "fortnightly", "monthly", "monthly", "less"),
        {"information": 0.6, "personal_care": 0.1, "practical": 0.2, "emotional": 0.1},
        gives=0.0, is_paid=True, acquaintance="services",
    ),
    "care": _Category(
        "service", "social_care", ("home care agency",), (4, 4, 3), ("daily", "weekly", "weekly", "monthly"),
        {"personal_care": 0.6, "practical": 0.6, "company": 0.3, "information": 0.2, "emotional": 0.1},
        gives=0.0, is_paid=True, acquaintance="services",
    ),
    "other_service": _Category(
        "service", "other_services", ("advice",), (4,), ("monthly", "less", "fortnightly"),
        {"information": 0.7, "practical": 0.4}, gives=0.1,
    ),
    "place": _Category(
        "place", "community", ("local place",), (3,), ("weekly", "fortnightly", "monthly", "less"),
        {"company": 0.3, "information": 0.3}, gives=0.1,
    ),
    "online": _Category(
        "group", "online", ("online group",), (3,), ("daily", "weekly", "weekly", "monthly"),
        {"company": 0.6, "emotional": 0.2, "information": 0.3}, gives=0.4,
    ),
    "pet": _Category(
        "pet", "pets", ("dog", "cat", "budgie"), (1,), ("daily",), {"company": 0.95, "emotional": 0.4},
        gives=0.9, acquaintance="pet",
    ),
}
#: Categories whose alters can have members on the map: people who know the group and each other.
_HAS_MEMBERS = frozenset({"group", "faith", "learning"})
_MEMBER = _Category(
    "person", "community", ("member",), (2, 3), ("weekly", "fortnightly", "monthly"),
    {"company": 0.6, "emotional": 0.25, "practical": 0.2, "transport": 0.15}, gives=0.5,
)

#: Profile -> category weights. "member" draws a person from one of the map's groups.
_PROFILES: dict[str, dict[str, float]] = {
    "family centred": {
        "child": 4, "grandchild": 3, "sibling": 2, "relative": 3, "friend": 1.5, "neighbour": 1.5,
        "faith": 0.5, "health": 1, "care": 0.5, "pet": 0.5, "member": 0.5,
    },
    "friends": {
        "child": 1, "sibling": 1, "relative": 0.5, "friend": 5, "neighbour": 2, "group": 1.5, "online": 1,
        "place": 1, "health": 0.7, "pet": 0.5, "member": 1.5,
    },
    "community": {
        "child": 1, "relative": 0.5, "friend": 2, "neighbour": 1.5, "group": 2.5, "faith": 1.5,
        "learning": 1.5, "place": 1, "health": 0.5, "member": 5,
    },
    "services": {
        "child": 1, "relative": 0.5, "neighbour": 1, "health": 3, "care": 3, "other_service": 2,
        "place": 0.5, "pet": 0.7, "friend": 0.5,
    },
    "mixed": {
        "child": 2, "grandchild": 1, "sibling": 1, "relative": 1, "friend": 2, "neighbour": 1.5, "group": 1,
        "faith": 0.7, "learning": 0.5, "health": 1, "care": 0.7, "other_service": 0.4, "place": 0.5,
        "online": 0.5, "pet": 0.5, "member": 2,
    },
}
#: Chance that two alters know each other, by their circles of acquaintance (order-free).
_KNOWS: dict[frozenset[str], float] = {
    frozenset({"kin"}): 0.75,
    frozenset({"friend"}): 0.3,
    frozenset({"neighbour"}): 0.5,
    frozenset({"services"}): 0.35,
    frozenset({"kin", "friend"}): 0.15,
    frozenset({"kin", "neighbour"}): 0.15,
    frozenset({"friend", "neighbour"}): 0.1,
    frozenset({"kin", "services"}): 0.12,
}
_STRENGTHS_BY_CIRCLE = {
    1: ("strong", "strong", "strong", "moderate"),
    2: ("strong", "moderate", "moderate"),
    3: ("moderate", "moderate", "tenuous"),
    4: ("moderate", "tenuous"),
}
_LAST_CONTACT_DAYS = {
    "daily": (0, 2), "weekly": (0, 8), "fortnightly": (0, 15), "monthly": (0, 35), "less": (40, 400),
    "never": (200, 1500), None: (0, 500),
}
_TIMES = ("mon_am", "tue_am", "wed_pm", "thu", "fri_am", "sat")
_GIVES = ("company", "practical", "emotional", "information", "transport")
_SIZES = ((0, 5, 0.2), (6, 15, 0.4), (16, 30, 0.25), (31, 60, 0.15))


def _pick_size(rng: random.Random) -> int:
    """0-60 alters, most maps small: isolation work starts with small networks."""
    low, high, _ = rng.choices(_SIZES, weights=[w for *_, w in _SIZES])[0]
    return rng.randint(low, high)


_ROLE_NAMES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("son", "stepson", "husband", "brother", "grandson", "nephew", "son-in-law"), MEN),
    **dict.fromkeys(
        ("daughter", "stepdaughter", "wife", "sister", "granddaughter", "niece", "daughter-in-law", "aunt"),
        WOMEN,
    ),
}


def _person_name(rng: random.Random, role: str = "", surname: str | None = None) -> str:
    """A first name that fits the role (a son is not called Fiona) and a surname."""
    return f"{rng.choice(_ROLE_NAMES.get(role, FIRST_NAMES))} {surname or rng.choice(SURNAMES)}"


def _local(rng: random.Random, template: str, town: str) -> str:
    """Most groups, places and services are in the person's own town."""
    return template.format(town=town if rng.random() < 0.85 else rng.choice(TOWNS))


def _name_and_role(
    rng: random.Random, category: str, c: _Category, surname: str, town: str
) -> tuple[str, str]:
    role = rng.choice(c.roles)
    if category == "pet":
        return rng.choice(PET_NAMES), role
    if c.kind == "person":
        # Most children, siblings and grandchildren share the person's surname; partners often do.
        same = c.is_kin and category != "relative" and rng.random() < 0.7
        return _person_name(rng, role, surname if same else None), role
    if category == "online":
        return rng.choice(_ONLINE), role
    if category in _NAMED_ONLY:
        return _local(rng, rng.choice(_NAMED_ONLY[category]), town), role
    template, role = rng.choice(_NAMED_WITH_ROLE[category])
    return _local(rng, template, town), role


def _contact_fields(rng: random.Random, c: _Category, map_date: date) -> dict[str, object]:
    contact = None if rng.random() < 0.05 else rng.choice(c.contacts)
    last_contact = None
    if rng.random() < 0.4:
        low, high = _LAST_CONTACT_DAYS[contact]
        # Now and then the record shows a long silence despite the usual frequency.
        days = rng.randint(200, 700) if rng.random() < 0.05 else rng.randint(low, high)
        last_contact = map_date - timedelta(days=days)
    return {"contact": contact, "last_contact": last_contact}


def _alter(
    rng: random.Random, c: _Category, alter_id: str, name: str, role: str, map_date: date, giving: float
) -> Alter:
    circle = rng.choice(c.circles)
    high_stress = 0.06 if c.is_kin else 0.02
    stress_roll = rng.random()
    return Alter(
        id=alter_id,
        name=name,
        kind=c.kind,
        sector=c.sector,
        role=role,
        is_kin=c.is_kin,
        is_paid=c.is_paid,
        circle=circle,
        strength=rng.choice(_STRENGTHS_BY_CIRCLE[circle]),
        stress="high" if stress_roll < high_stress else "some" if stress_roll < 0.15 else "none",
        # Generated maps are drawn as if every question was asked: no support is "none", not blank.
        support=[f for f, chance in c.support.items() if rng.random() < chance] or ["none"],
        gives=rng.sample(_GIVES, rng.randint(1, 2)) if rng.random() < c.gives * giving else ["none"],
        local=rng.choices([True, False, None], weights=[7, 2, 1])[0],
        **_contact_fields(rng, c, map_date),
    )


def _ego(rng: random.Random, ego_id: str, map_date: date) -> Ego:
    lives_alone = rng.choices([True, False, None], weights=[10, 8, 1])[0]
    has_partner = rng.choices([True, False, None], weights=[4, 10, 1])[0]
    answered = rng.random() < 0.7
    return Ego(
        id=ego_id,
        name=_person_name(rng),
        map_date=map_date,
        year_of_birth=rng.randint(max(1925, map_date.year - 95), map_date.year - 18),
        lives_alone=lives_alone,
        has_partner=has_partner,
        interests=rng.sample(INTERESTS, rng.randint(0, 3)),
        gifts=rng.sample(GIFTS, rng.randint(0, 2)),
        what_matters=rng.sample(WHAT_MATTERS, rng.randint(0, 2)),
        access_needs=rng.sample(sorted(ACCESS_NEEDS), rng.choice([0, 0, 0, 1, 2])),
        availability=sorted(rng.sample(_TIMES, rng.randint(0, 3))),
        coordinator=_person_name(rng),
        team=rng.choice(TEAMS),
        consent_date=map_date - timedelta(days=rng.randint(0, 60)),
        ucla3_1=rng.randint(1, 3) if answered else None,
        ucla3_2=rng.randint(1, 3) if answered else None,
        ucla3_3=rng.randint(1, 3) if answered else None,
        ons_lonely=rng.randint(1, 5) if rng.random() < 0.6 else None,
    )


def _chance_to_know(a: str, b: str) -> float:
    """Members of one group always know the group and mostly know each other; otherwise the
    chance depends on the two circles of acquaintance."""
    (kind_a, _, group_a), (kind_b, _, group_b) = a.partition(":"), b.partition(":")
    if group_a and group_a == group_b:
        return 1.0 if kind_a != kind_b else 0.85
    return _KNOWS.get(frozenset({a, b}), 0.02)


def _ties(rng: random.Random, acquaintances: list[tuple[str, str]]) -> list[AlterTie]:
    ties = []
    for i, (a, circle_a) in enumerate(acquaintances):
        for b, circle_b in acquaintances[i + 1 :]:
            if rng.random() < _chance_to_know(circle_a, circle_b):
                ties.append(AlterTie(source=a, target=b, stress="some" if rng.random() < 0.05 else "none"))
    return ties


def random_map(
    rng: random.Random,
    n_alters: int | None = None,
    *,
    ego_id: str | None = None,
    map_date: date | None = None,
    profile: str | None = None,
) -> EcoMap:
    """A realistic fictional map drawn with ``rng``: 0-60 alters unless ``n_alters`` is given,
    from one of the profiles ``family centred``, ``friends``, ``community``, ``services`` or
    ``mixed`` (drawn when not given)."""
    map_date = map_date or date(2024, 6, 1) + timedelta(days=rng.randint(0, 640))
    ego = _ego(rng, ego_id or f"p{rng.randint(0, 999_999):06d}", map_date)
    n = _pick_size(rng) if n_alters is None else n_alters
    profile = profile or rng.choice(sorted(_PROFILES))
    weights = _PROFILES[profile]
    giving = rng.choice([0.0, 0.5, 1.0, 1.5])
    surname, town = ego.name.split()[-1], rng.choice(TOWNS)
    alters: list[Alter] = []
    acquaintances: list[tuple[str, str]] = []
    groups: list[tuple[str, str]] = []
    names: set[str] = set()
    services: set[str] = set()
    while len(alters) < n:
        if not alters and ego.has_partner and rng.random() < 0.9:
            category = "partner"
        else:
            category = rng.choices(list(weights), weights=list(weights.values()))[0]
        if category == "member":
            if not groups:
                continue
            group, sector = rng.choice(groups)
            name, role = _person_name(rng), f"from {group}"
            c = replace(_MEMBER, sector=sector, roles=(role,))
            acquaintance = f"member:{group}"
        else:
            c = _CATEGORIES[category]
            if category == "partner" and ego.lives_alone:
                c = replace(c, sector="family")
            name, role = _name_and_role(rng, category, c, surname, town)
            acquaintance = c.acquaintance
        if name in names or (c.kind == "service" and role in services):
            # One of each service: a person has one GP surgery and one home care agency.
            continue
        if c.kind == "service":
            services.add(role)
        if category in _HAS_MEMBERS:
            groups.append((name, c.sector))
            acquaintance = f"group:{name}"
        names.add(name)
        alters.append(_alter(rng, c, f"a{len(alters) + 1}", name, role, map_date, giving))
        acquaintances.append((alters[-1].id, acquaintance))
    return EcoMap(ego=ego, alters=alters, ties=_ties(rng, acquaintances))


def caseload(seed: int, people: int) -> Iterator[EcoMap]:
    """``people`` maps of a fictional caseload, ids ``p00001`` ..., the same for the same seed."""
    rng = random.Random(seed)
    for number in range(1, people + 1):
        yield random_map(rng, ego_id=f"p{number:05d}")
