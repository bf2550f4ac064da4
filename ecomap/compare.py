"""What changed between two snapshots of one person's map, in data and in plain words.

:func:`compare` matches the alters of the two maps, then lists who is new and who is no longer
on the map, how each tie that is on both maps changed (strength, circle, stress, contact,
dormancy, support each way), which alter-alter ties appeared or went, and every measure before
and after. :meth:`Comparison.sentences` says it in words a coordinator can read out::

    New: Brackford Men's Shed (weekly).
    Ruth moved closer: circle 3 -> 2.

The person's own answers (UCLA-3, the ONS question, their own LSNS-6, ONS4) are listed apart
from the measures in :attr:`Comparison.own_answers`: they are what the person said, not what
the map estimates. :func:`comparison_json` and :func:`comparison_table` give the whole
comparison, with the plan's progress, for ``ecomap compare``.

Matching (first rule that applies):

1. the same alter id on both maps;
2. among the alters still unmatched, the same name ignoring case and surrounding spaces, when
   that name is used by exactly one unmatched alter on each map. This keeps someone who was
   re-entered under a new id (``ruth`` and ``ruth-2``) from showing as lost and new.

Everything is listed in a fixed order: the after map's order for what is on it, the before
map's order for what is gone, so the same two maps always read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ecomap.instruments import OWN_SCORES, own_scores
from ecomap.measures import MEASURES, is_dormant, measure_all
from ecomap.model import SHARINGS, STAGES, Alter, AlterTie, EcoMap

if TYPE_CHECKING:
    from ecomap.plan import ConnectionPlan

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
    #: the person's own scores before and after (:data:`ecomap.instruments.OWN_SCORES` order)
    own_answers: tuple[MeasureChange, ...] = ()
    #: the conversation record (stage, own words, sharing) where it changed
    conversation: tuple[MeasureChange, ...] = ()

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

    def own_answer_sentences(self) -> list[str]:
        """Each own score that was asked on either map, before and after, with its scale:
        ``UCLA-3 loneliness (3-9, lower is better): 8 -> 5.``; "not asked" where it was not."""
        said = []
        for score, change in zip(OWN_SCORES, self.own_answers, strict=True):
            if change.before is None and change.after is None:
                continue
            before, after = (NOT_ASKED if v is None else v for v in (change.before, change.after))
            said.append(f"{score.label} ({score.scale}): {before} -> {after}.")
        return said

    def conversation_sentences(self) -> list[str]:
        """What changed in the conversation record: ``Stage: crisis -> connect.``"""
        said = [
            f"{CONVERSATION_FIELDS[c.name]}: {_said(c.before)} -> {_said(c.after)}" for c in self.conversation
        ]
        return [s if s[-1] in ".!?\"'”" else f"{s}." for s in said]


NOT_ASKED = "not asked"
#: The conversation record's fields a comparison lists when they change, with their names.
CONVERSATION_FIELDS: dict[str, str] = {
    "stage": "Stage",
    "what_matters": "What matters, in their words",
    "good_life": "A good life, in their words",
    "sharing": "Agreed to share with",
}


def _said(value: Any) -> str:
    """A field's value in words; the vocabulary words of stage and sharing read ``longer term``."""
    if value in (None, "", []):
        return "not recorded"
    if isinstance(value, list):
        return "; ".join(value)
    return value.replace("_", " ") if value in STAGES + SHARINGS else str(value)


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
        own_answers=own_answer_changes(before, after),
        conversation=tuple(
            MeasureChange(name, getattr(before.ego, name), getattr(after.ego, name))
            for name in CONVERSATION_FIELDS
            if getattr(before.ego, name) != getattr(after.ego, name)
        ),
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


def own_answer_changes(before: EcoMap, after: EcoMap) -> tuple[MeasureChange, ...]:
    """Every own score (:data:`ecomap.instruments.OWN_SCORES`) before and after, by column name."""
    old, new = own_scores(before), own_scores(after)
    return tuple(MeasureChange(s.column, old[s.column], new[s.column]) for s in OWN_SCORES)


# --- plan progress ------------------------------------------------------------------------------


def plan_progress(before: ConnectionPlan | None, after: ConnectionPlan | None) -> list[dict[str, Any]]:
    """Every plan item on either plan: ``name``, ``kind``, ``status_before`` and ``status_after``
    (``None`` where the item is not on that plan), ``follow_up`` (the latest) and ``since`` (the
    date of its latest status); after plan's order, then items only on the before plan."""
    earlier = {i.id: i for i in before.items} if before else {}
    later = {i.id: i for i in after.items} if after else {}
    rows = []
    for item_id in [*later, *(i for i in earlier if i not in later)]:
        item = later.get(item_id) or earlier[item_id]
        rows.append(
            {
                "name": item.target.name,
                "kind": item.kind,
                "status_before": earlier[item_id].status if item_id in earlier else None,
                "status_after": later[item_id].status if item_id in later else None,
                "follow_up": item.follow_up,
                "since": item.since.isoformat(),
            }
        )
    return rows


# --- the whole comparison, for notes and for researchers ------------------------------------


def _change_row(c: MeasureChange) -> dict[str, Any]:
    return {"before": c.before, "after": c.after, "change": c.change}


def comparison_json(
    c: Comparison, plan: Sequence[dict[str, Any]] = (), plan_said: Sequence[str] = ()
) -> dict[str, Any]:
    """The comparison as data ``json.dumps`` can write: who, the two dates, people new and gone,
    ties changed, who now knows whom, every measure (estimates from the map), the person's own
    answers apart, the conversation record's changes and the plan (:func:`plan_progress` rows
    and ``plan_said``, :func:`ecomap.plan.plan_changes` sentences)."""
    return {
        "person": {"id": c.after.ego.id, "name": c.after.ego.name},
        "before": c.before.ego.map_date.isoformat(),
        "after": c.after.ego.map_date.isoformat(),
        "added": [{"id": a.id, "name": a.name, "contact": a.contact} for a in c.added],
        "lost": [{"id": a.id, "name": a.name} for a in c.lost],
        "tie_changes": [asdict(t) for t in c.changes],
        "ties_added": [asdict(t) for t in c.ties_added],
        "ties_lost": [asdict(t) for t in c.ties_lost],
        "sentences": c.sentences(),
        "estimates_from_the_map": {m.name: _change_row(m) for m in c.measures},
        "own_answers": {m.name: _change_row(m) for m in c.own_answers},
        "conversation": {m.name: {"before": m.before, "after": m.after} for m in c.conversation},
        "plan": {"items": list(plan), "changes": list(plan_said)},
    }


def _value(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, (dict, list)):
        return ";".join(v) or "-"
    return str(v)


def _signed(v: float) -> str:
    if abs(v) < 0.005:
        return "0"
    return f"{v:+.2f}" if isinstance(v, float) else f"{v:+d}"


def _columns(header: tuple[str, ...], changes: Sequence[tuple[str, MeasureChange]]) -> list[str]:
    """Aligned rows: a name, before, after and the change (blank when not a number)."""
    rows = [header] + [
        (name, _value(m.before), _value(m.after), "" if m.change is None else _signed(m.change))
        for name, m in changes
    ]
    width = max(len(r[0]) for r in rows)
    return [f"  {name:<{width}}  {b:>8}  {a:>8}  {d:>8}" for name, b, a, d in rows]


def comparison_table(c: Comparison, plan: Sequence[dict[str, Any]] = ()) -> str:
    """The comparison as text to read or paste into notes, section by section (``plan``:
    :func:`plan_progress` rows)."""
    e = c.after.ego
    out = [f"{e.name}: {c.before.ego.map_date.isoformat()} -> {e.map_date.isoformat()}", ""]
    out.append("What changed")
    out += [f"  {s}" for s in c.sentences()] or ["  No one and no tie changed."]
    out += ["", "Estimated from the map (not the person's answers)"]
    out += _columns(("measure", "before", "after", "change"), [(m.name, m) for m in c.measures])
    out += ["", "Their own answers (what the person said)"]
    asked = [
        (f"{s.column} ({s.scale})", m)
        for s, m in zip(OWN_SCORES, c.own_answers, strict=True)
        if m.before is not None or m.after is not None
    ]
    out += (
        _columns(("answer", "before", "after", "change"), asked) if asked else ["  Not asked on either map."]
    )
    if c.conversation:
        out += ["", "The conversation record", *(f"  {s}" for s in c.conversation_sentences())]
    out += ["", "The connection plan"]
    out += [
        f"  {p['name']}: {p['status_before'] or 'not in the plan'} -> "
        f"{p['status_after'] or 'no longer in the plan'}"
        for p in plan
    ] or ["  No plan with either map."]
    return "\n".join(out) + "\n"


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
