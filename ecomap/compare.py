"""What changed between two snapshots of one person's map, in data and in plain words.

:func:`compare` matches the alters of the two maps, then lists who is new and who is no longer
on the map, how each tie that is on both maps changed (strength, circle, stress, contact,
dormancy, support each way), which alter-alter ties appeared or went, and every measure before
and after. :meth:`Comparison.sentences` says it in words a coordinator can read out::

    New: Brackford Men's Shed (weekly).
    Ruth moved closer: circle 3 -> 2.

Matching (first rule that applies):

1. the same alter id on both maps;
2. among the alters still unmatched, the same name ignoring case and surrounding spaces, when
   that name is used by exactly one unmatched alter on each map. This keeps someone who was
   re-entered under a new id (``ruth`` and ``ruth-2``) from showing as lost and new.

Everything is listed in a fixed order: the after map's order for what is on it, the before
map's order for what is gone, so the same two maps always read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ecomap.measures import MEASURES, is_dormant, measure_all
from ecomap.model import Alter, AlterTie, EcoMap

#: Line strengths from weakest to strongest (Hartman's tenuous, ordinary and strong lines).
STRENGTH_ORDER: tuple[str, ...] = ("tenuous", "moderate", "strong")
#: Stress from none to high.
STRESS_ORDER: tuple[str, ...] = ("none", "some", "high")
#: Contact from least to most often.
CONTACT_ORDER: tuple[str, ...] = ("never", "less", "monthly", "fortnightly", "weekly", "daily")
CONTACT_WORDS: dict[str | None, str] = {
    None: "not recorded",
    "daily": "daily",
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "monthly": "monthly",
    "less": "less than monthly",
    "never": "never",
}

#: The kinds of change to a tie on both maps, in the order they are listed for each alter.
CHANGE_KINDS: tuple[str, ...] = (
    "strengthened",
    "weakened",
    "closer",
    "further",
    "more_stress",
    "less_stress",
    "more_contact",
    "less_contact",
    "contact_recorded",
    "became_dormant",
    "reactivated",
    "support_gained",
    "support_lost",
    "gives_gained",
    "gives_lost",
)


@dataclass(frozen=True)
class TieChange:
    """One change to the tie between the person and an alter who is on both maps.

    ``alter_id`` and ``name`` are the after map's; ``before`` and ``after`` are the values
    (for support, the functions gained or lost are both in ``after``, or both in ``before``).
    """

    alter_id: str
    name: str
    kind: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AlterLink:
    """An alter-alter tie, by the ids and names it has on the map it is on."""

    source: str
    target: str
    source_name: str
    target_name: str


@dataclass(frozen=True)
class MeasureChange:
    """One measure before and after. ``change`` is ``after - before`` for numbers, else ``None``."""

    name: str
    before: Any
    after: Any

    @property
    def change(self) -> int | float | None:
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.before, self.after)
        )
        return self.after - self.before if numbers else None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Comparison:
    """The difference between a ``before`` and an ``after`` map of the same person."""

    before: EcoMap
    after: EcoMap
    #: (before alter, after alter) for every alter on both maps, in the after map's order
    matched: tuple[tuple[Alter, Alter], ...]
    added: tuple[Alter, ...]
    lost: tuple[Alter, ...]
    changes: tuple[TieChange, ...]
    ties_added: tuple[AlterLink, ...]
    ties_lost: tuple[AlterLink, ...]
    measures: tuple[MeasureChange, ...]

    @property
    def has_changes(self) -> bool:
        """Whether anyone or any tie changed (the measures follow from these and the date)."""
        return bool(self.added or self.lost or self.changes or self.ties_added or self.ties_lost)

    def measure(self, name: str) -> MeasureChange:
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(name)

    def sentences(self) -> list[str]:
        """The changes in plain words: new people, people no longer on the map, changed ties,
        then who now knows whom. Alter-alter ties of someone new or gone are not repeated: the
        sentence about that person covers them. Measures are in :attr:`measures`, not here."""
        person = self.after.ego.name
        said = [_added_sentence(a) for a in self.added]
        said += [f"No longer on the map: {a.name}." for a in self.lost]
        said += [_change_sentence(c, person) for c in self.changes]
        coming_and_going = {a.id for a in self.added} | {a.id for a in self.lost}
        said += [
            f"{t.source_name} and {t.target_name} now know each other."
            for t in self.ties_added
            if not {t.source, t.target} & coming_and_going
        ]
        said += [
            f"{t.source_name} and {t.target_name} are no longer linked."
            for t in self.ties_lost
            if not {t.source, t.target} & coming_and_going
        ]
        return said


def match_alters(before: EcoMap, after: EcoMap) -> dict[str, str]:
    """Before id -> after id for every alter on both maps (rules in the module docstring)."""
    after_ids = {a.id for a in after.alters}
    matched = {a.id: a.id for a in before.alters if a.id in after_ids}
    unmatched_before = [a for a in before.alters if a.id not in matched]
    unmatched_after = [a for a in after.alters if a.id not in matched.values()]
    before_by_name = _unique_names(unmatched_before)
    after_by_name = _unique_names(unmatched_after)
    for name, before_id in before_by_name.items():
        if name in after_by_name:
            matched[before_id] = after_by_name[name]
    return matched


def _unique_names(alters: list[Alter]) -> dict[str, str]:
    """Folded name -> id, for names used by exactly one of ``alters``."""
    seen: dict[str, list[str]] = {}
    for a in alters:
        seen.setdefault(a.name.strip().casefold(), []).append(a.id)
    return {name: ids[0] for name, ids in seen.items() if len(ids) == 1}


def compare(before: EcoMap, after: EcoMap) -> Comparison:
    """Everything that changed from ``before`` to ``after``; identical maps give no changes."""
    matching = match_alters(before, after)
    after_to_before = {v: k for k, v in matching.items()}
    pairs = tuple((before.alter(after_to_before[a.id]), a) for a in after.alters if a.id in after_to_before)
    changes = tuple(
        change
        for old, new in pairs
        for change in tie_changes(old, new, before.ego.map_date, after.ego.map_date)
    )
    ties_added, ties_lost = _alter_tie_changes(before, after, matching)
    return Comparison(
        before=before,
        after=after,
        matched=pairs,
        added=tuple(a for a in after.alters if a.id not in after_to_before),
        lost=tuple(a for a in before.alters if a.id not in matching),
        changes=changes,
        ties_added=ties_added,
        ties_lost=ties_lost,
        measures=measure_changes(before, after),
    )


def tie_changes(old: Alter, new: Alter, old_date: date, new_date: date) -> list[TieChange]:
    """How the tie to one alter changed, in :data:`CHANGE_KINDS` order.

    Strength follows :data:`STRENGTH_ORDER`; a lower circle number is closer (1 intimacy ... 4
    exchange); contact follows :data:`CONTACT_ORDER`, and a change to or from "not recorded" is
    ``contact_recorded``; dormancy is :func:`ecomap.measures.is_dormant` on each map's own date.
    """
    found: list[TieChange] = []

    def note(kind: str, before: Any, after: Any) -> None:
        found.append(TieChange(new.id, new.name, kind, before, after))

    if old.strength != new.strength:
        up = STRENGTH_ORDER.index(new.strength) > STRENGTH_ORDER.index(old.strength)
        note("strengthened" if up else "weakened", old.strength, new.strength)
    if old.circle != new.circle:
        note("closer" if new.circle < old.circle else "further", old.circle, new.circle)
    if old.stress != new.stress:
        up = STRESS_ORDER.index(new.stress) > STRESS_ORDER.index(old.stress)
        note("more_stress" if up else "less_stress", old.stress, new.stress)
    if old.contact != new.contact:
        if old.contact is None or new.contact is None:
            note("contact_recorded", old.contact, new.contact)
        else:
            up = CONTACT_ORDER.index(new.contact) > CONTACT_ORDER.index(old.contact)
            note("more_contact" if up else "less_contact", old.contact, new.contact)
    was, now = is_dormant(old, old_date), is_dormant(new, new_date)
    if was != now:
        note("became_dormant" if now else "reactivated", was, now)
    for field in ("support", "gives"):
        # "none" is an answer, not a function: going from "none" to company gains company only.
        then, later = getattr(old, f"{field}_functions"), getattr(new, f"{field}_functions")
        gained = [f for f in later if f not in then]
        lost = [f for f in then if f not in later]
        if gained:
            note(f"{field}_gained", [], gained)
        if lost:
            note(f"{field}_lost", lost, [])
    return found


def _alter_tie_changes(
    before: EcoMap, after: EcoMap, matching: dict[str, str]
) -> tuple[tuple[AlterLink, ...], tuple[AlterLink, ...]]:
    """Alter-alter ties on one map and not the other, with before ids read as after ids."""
    # An unmatched before id is on no after alter (rule 1 would have matched it), so it stays.
    rename = {a.id: matching.get(a.id, a.id) for a in before.alters}
    before_pairs = {frozenset((rename[t.source], rename[t.target])) for t in before.ties}
    after_pairs = {frozenset((t.source, t.target)) for t in after.ties}
    added = tuple(_link(after, t) for t in after.ties if frozenset((t.source, t.target)) not in before_pairs)
    lost = tuple(
        _link(before, t)
        for t in before.ties
        if frozenset((rename[t.source], rename[t.target])) not in after_pairs
    )
    return added, lost


def _link(m: EcoMap, t: AlterTie) -> AlterLink:
    return AlterLink(t.source, t.target, m.alter(t.source).name, m.alter(t.target).name)


def measure_changes(before: EcoMap, after: EcoMap) -> tuple[MeasureChange, ...]:
    """Every measure of :func:`ecomap.measures.measure_all`, before and after, in contract order."""
    old, new = measure_all(before), measure_all(after)
    return tuple(MeasureChange(name, getattr(old, name), getattr(new, name)) for name in MEASURES)


# --- words -----------------------------------------------------------------------------------


def _words(functions: list[str]) -> str:
    return ", ".join(f.replace("_", " ") for f in functions)


def _added_sentence(a: Alter) -> str:
    return f"New: {a.name} ({CONTACT_WORDS[a.contact]})." if a.contact else f"New: {a.name}."


def _change_sentence(c: TieChange, person: str) -> str:
    name = c.name
    if c.kind in {"strengthened", "weakened"}:
        return f"The tie with {name} {c.kind}: {c.before} -> {c.after}."
    if c.kind == "closer":
        return f"{name} moved closer: circle {c.before} -> {c.after}."
    if c.kind == "further":
        return f"{name} moved further out: circle {c.before} -> {c.after}."
    if c.kind in {"more_stress", "less_stress"}:
        more_or_less = "More" if c.kind == "more_stress" else "Less"
        return f"{more_or_less} stress in the tie with {name}: {c.before} -> {c.after}."
    if c.kind in {"more_contact", "less_contact", "contact_recorded"}:
        lead = {
            "more_contact": "More contact",
            "less_contact": "Less contact",
            "contact_recorded": "Contact",
        }[c.kind]
        return f"{lead} with {name}: {CONTACT_WORDS[c.before]} -> {CONTACT_WORDS[c.after]}."
    if c.kind == "became_dormant":
        return f"The tie with {name} became dormant."
    if c.kind == "reactivated":
        return f"The tie with {name} is active again."
    if c.kind == "support_gained":
        return f"{name} now gives {person}: {_words(c.after)}."
    if c.kind == "support_lost":
        return f"{name} no longer gives {person}: {_words(c.before)}."
    if c.kind == "gives_gained":
        return f"{person} now gives {name}: {_words(c.after)}."
    return f"{person} no longer gives {name}: {_words(c.before)}."
