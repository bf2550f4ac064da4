"""A fictional team to try team review with: three coordinators in two teams, a year of maps.

Everyone is made up (people and maps from :mod:`ecomap.synthetic`). Each first map has a handful
to a dozen people, groups and services across the sectors, with most questions about them asked
and a few not yet, so bands run from low to high and some read "not enough recorded yet". Each
person has two to four snapshots over about a year, and their map changes between snapshots
along one of three courses, as maps do when a coordinator works with someone:

- **improving**: new unpaid ties (a friend, a neighbour), a group joined, quiet ties renewed,
  the person starting to give something back;
- **declining**: people lost (moved away, died), ties going quiet, paid services stepping in;
- **stable**: the same people, contact going on as before.

About one person in five was last mapped more than six months ago, so some reviews are overdue.
The same seed and the same ``today`` give the same people, maps and dates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ecomap.measures import is_active, is_dormant, is_unpaid_person
from ecomap.model import Alter, EcoMap, Ego
from ecomap.store import Store, StoreError
from ecomap.synthetic import random_map

#: The fictional coordinators and their teams; people are shared out among them in turn.
COORDINATORS: tuple[tuple[str, str], ...] = (
    ("Asha Kapoor", "North"),
    ("Gareth Lloyd", "North"),
    ("Niamh Kelly", "South"),
)
DEMO_PEOPLE = 120
DEMO_SEED = 2026
#: Share of people whose latest map is older than six months.
OVERDUE_SHARE = 0.2
_SNAPSHOTS = (2, 3, 3, 4)
_COURSES = ("improving", "declining", "stable")
#: How many people, groups and services a first map has: a handful to a dozen, as a first
#: conversation finds.
_FIRST_MAP_SIZE = (5, 12)
#: The chance that a question about one alter was not asked yet (how often in touch; what they
#: give the person; what the person gives them), so some maps are "not enough recorded yet".
_UNASKED = {"contact": 0.06, "support": 0.06, "gives": 0.1}
#: A person is never left with fewer alters than this when people are lost.
_FEWEST_ALTERS = 4

Change = Callable[[random.Random, EcoMap], EcoMap]


def demo_histories(
    people: int = DEMO_PEOPLE, seed: int = DEMO_SEED, today: date | None = None
) -> list[list[EcoMap]]:
    """Each fictional person's maps, oldest first (ids ``demo-001`` ...), the same for the same
    ``seed`` and ``today`` (default: the local date)."""
    rng = random.Random(seed)
    today = today or date.today()
    histories = []
    for number in range(1, people + 1):
        coordinator, team = COORDINATORS[(number - 1) % len(COORDINATORS)]
        dates = _snapshot_dates(rng, today)
        course = rng.choice(_COURSES)
        first = _some_unasked(
            rng,
            random_map(rng, rng.randint(*_FIRST_MAP_SIZE), ego_id=f"demo-{number:03d}", map_date=dates[0]),
        )
        maps = [_rebuilt(first, ego={"coordinator": coordinator, "team": team})]
        for when in dates[1:]:
            maps.append(_next_map(rng, maps[-1], when, course))
        histories.append(maps)
    return histories


def load_demo_caseload(
    store: Store, *, people: int = DEMO_PEOPLE, seed: int = DEMO_SEED, today: date | None = None
) -> int:
    """Save the fictional team's snapshots through :meth:`Store.save_snapshot` (so every summary
    is a real assessment) and return how many were saved.

    Refuses, with :class:`StoreError`, a store that already has anyone in it: fictional people
    must never be mixed into a real caseload.
    """
    if store.people():
        raise StoreError(
            f"{store.url} already has people in it. The fictional team goes into an empty database "
            "only, so that it is never mixed with real maps."
        )
    saved = 0
    for maps in demo_histories(people, seed, today):
        for number, m in enumerate(maps):
            store.save_snapshot(m, note="First map" if number == 0 else "Review", saved_by=m.ego.coordinator)
            saved += 1
    return saved


def _some_unasked(rng: random.Random, m: EcoMap) -> EcoMap:
    """The first map as a first conversation leaves it: most questions about each alter asked,
    some not yet (blank, never "none"; see :data:`_UNASKED`)."""
    blank = {
        "contact": {"contact": None, "last_contact": None},
        "support": {"support": []},
        "gives": {"gives": []},
    }
    alters = []
    for a in m.alters:
        unasked = {}
        for question, chance in _UNASKED.items():
            if rng.random() < chance:
                unasked.update(blank[question])
        alters.append(_changed(a, **unasked))
    return _rebuilt(m, alters=alters)


def _snapshot_dates(rng: random.Random, today: date) -> list[date]:
    """Two to four map dates within about a year, the last one more than six months ago for
    :data:`OVERDUE_SHARE` of people."""
    count = rng.choice(_SNAPSHOTS)
    overdue = rng.random() < OVERDUE_SHARE
    last = today - timedelta(days=rng.randint(190, 300) if overdue else rng.randint(3, 170))
    dates = [last]
    for _ in range(count - 1):
        dates.append(dates[-1] - timedelta(days=rng.randint(60, 365 // (count - 1))))
    return dates[::-1]


# --- how a map changes between snapshots ---------------------------------------------------------


def _next_map(rng: random.Random, m: EcoMap, when: date, course: str) -> EcoMap:
    """The map at a later date ``when``: contact carried on, then the main change of the
    person's ``course`` and up to two more of its changes."""
    m = _carried_on(m, when)
    main, others = _CHANGES[course]
    for change in [main, *rng.sample(others, k=rng.randint(0, min(2, len(others))))]:
        m = change(rng, m)
    return m


def _carried_on(m: EcoMap, when: date) -> EcoMap:
    """The same map at ``when``: ties that were not quiet kept in touch, so a last contact moves
    on with the date; quiet ties keep their old last contact."""
    gap = when - m.ego.map_date
    alters = [
        _changed(a, last_contact=a.last_contact + gap)
        if a.last_contact is not None and not is_dormant(a, m.ego.map_date)
        else a
        for a in m.alters
    ]
    return _rebuilt(m, ego={"map_date": when}, alters=alters)


def _meet_people(rng: random.Random, m: EcoMap) -> EcoMap:
    """One or two new unpaid people (a friend, a neighbour, someone from a group), in touch weekly
    or fortnightly, often close enough to talk to or to help out."""
    met = _newcomers(rng, m, rng.choice(["friends", "community"]), is_unpaid_person, rng.randint(1, 2))
    met = [
        _changed(
            a,
            contact=rng.choice(["weekly", "fortnightly"]),
            last_contact=None,
            circle=rng.choice([2, 2, 3]),
            support=sorted(
                {*a.support_functions, "company", *rng.sample(["emotional", "practical", "emergency"], 2)}
            ),
        )
        for a in met
    ]
    return _rebuilt(m, alters=[*m.alters, *met])


def _join_group(rng: random.Random, m: EcoMap) -> EcoMap:
    """A group joined, met weekly; often someone the person already knows goes too."""
    groups = _newcomers(rng, m, "community", lambda a: a.kind == "group" and not a.is_paid, 1)
    if not groups:
        return m
    group = _changed(groups[0], contact="weekly", last_contact=None, support=["company"])
    ties = list(m.ties)
    friends = [a for a in m.alters if is_unpaid_person(a) and is_active(a, m.ego.map_date)]
    if friends and rng.random() < 0.5:
        ties.append({"source": rng.choice(friends).id, "target": group.id})
    return _rebuilt(m, alters=[*m.alters, group], ties=ties)


def _renew_quiet_ties(rng: random.Random, m: EcoMap) -> EcoMap:
    """Up to two quiet unpaid ties back in touch: contact monthly or more, recently."""
    when = m.ego.map_date
    quiet = [a.id for a in m.alters if not a.is_paid and is_dormant(a, when)]
    renewed = set(rng.sample(quiet, k=min(2, len(quiet))))
    alters = [
        _changed(
            a,
            contact=rng.choice(["weekly", "fortnightly", "monthly"]),
            last_contact=when - timedelta(days=rng.randint(0, 20)),
            strength="moderate" if a.strength == "tenuous" else a.strength,
        )
        if a.id in renewed
        else a
        for a in m.alters
    ]
    return _rebuilt(m, alters=alters)


def _start_giving(rng: random.Random, m: EcoMap) -> EcoMap:
    """The person starts giving something (company, practical help) to one or two active ties."""
    takers = [
        a.id for a in m.alters if not a.gives_functions and not a.is_paid and is_active(a, m.ego.map_date)
    ]
    giving = set(rng.sample(takers, k=min(2, len(takers))))
    alters = [
        _changed(a, gives=[rng.choice(["company", "practical", "emotional"])]) if a.id in giving else a
        for a in m.alters
    ]
    return _rebuilt(m, alters=alters)


def _lose_people(rng: random.Random, m: EcoMap) -> EcoMap:
    """One or two unpaid people gone (moved away, died): off the map with their ties, never
    leaving fewer than :data:`_FEWEST_ALTERS` alters."""
    people = [a.id for a in m.alters if is_unpaid_person(a)]
    most = max(0, len(m.alters) - _FEWEST_ALTERS)
    gone = set(rng.sample(people, k=min(rng.randint(1, 2), len(people), most)))
    return _rebuilt(
        m,
        alters=[a for a in m.alters if a.id not in gone],
        ties=[t for t in m.ties if t.source not in gone and t.target not in gone],
    )


def _go_quiet(rng: random.Random, m: EcoMap) -> EcoMap:
    """One to three active ties gone quiet: contact less than monthly, last some months ago."""
    when = m.ego.map_date
    active = [a.id for a in m.alters if is_active(a, when)]
    quiet = set(rng.sample(active, k=min(rng.randint(1, 3), len(active))))
    alters = [
        _changed(a, contact="less", last_contact=when - timedelta(days=rng.randint(190, 300)))
        if a.id in quiet
        else a
        for a in m.alters
    ]
    return _rebuilt(m, alters=alters)


def _services_step_in(rng: random.Random, m: EcoMap) -> EcoMap:
    """A paid service starts visiting (home care, a day centre, a district nurse)."""
    paid = _newcomers(rng, m, "services", lambda a: a.is_paid, 1)
    return _rebuilt(m, alters=[*m.alters, *(_changed(a, contact="weekly", last_contact=None) for a in paid)])


def _as_before(rng: random.Random, m: EcoMap) -> EcoMap:
    """Nothing changes but the date."""
    return m


#: Each course's main change, made at every snapshot, and the changes that may come with it.
_CHANGES: dict[str, tuple[Change, list[Change]]] = {
    "improving": (_meet_people, [_join_group, _renew_quiet_ties, _start_giving]),
    "declining": (_go_quiet, [_lose_people, _services_step_in]),
    "stable": (_as_before, []),
}


# --- building maps ---------------------------------------------------------------------------


def _newcomers(
    rng: random.Random, m: EcoMap, profile: str, keep: Callable[[Alter], bool], count: int
) -> list[Alter]:
    """Up to ``count`` fictional alters of a ``profile`` (see :func:`ecomap.synthetic.random_map`)
    that ``keep`` accepts, with names not already on the map and fresh ids."""
    drawn = random_map(rng, 12, profile=profile, map_date=m.ego.map_date).alters
    names = {a.name for a in m.alters}
    found = [a for a in drawn if keep(a) and a.name not in names][:count]
    taken = {a.id for a in m.alters}
    ids = (f"a{n}" for n in range(len(m.alters) + 1, len(m.alters) + 100) if f"a{n}" not in taken)
    return [_changed(a, id=next(ids)) for a in found]


def _changed(a: Alter, **fields: Any) -> Alter:
    return Alter.model_validate({**a.model_dump(), **fields})


def _rebuilt(
    m: EcoMap,
    *,
    ego: dict[str, Any] | None = None,
    alters: list[Alter] | None = None,
    ties: list[Any] | None = None,
) -> EcoMap:
    """A validated copy of ``m`` with some ego fields, the alters or the ties replaced."""
    return EcoMap.model_validate(
        {
            "ego": Ego.model_validate({**m.ego.model_dump(), **(ego or {})}),
            "alters": m.alters if alters is None else alters,
            "ties": m.ties if ties is None else ties,
        }
    )
