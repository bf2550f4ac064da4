"""The person's connection plan: the suggestions they chose to try, and how each one went.

A suggestion (:mod:`ecomap.suggest`) accepted into the plan becomes a :class:`PlanItem` that moves
through these statuses, each change dated and signed:

==============  =====================================================================
status          meaning
==============  =====================================================================
``suggested``   talked about with the person, in their plan to think over
``agreed``      the person wants to try it
``introduced``  an introduction was made, or the first contact
``attending``   going, or back in touch: the tie is real now
``sustained``   still going some months on
``declined``    not for them (never offered again)
``ended``       tried, and it stopped
==============  =====================================================================

Allowed moves are in :data:`TRANSITIONS`; anything else raises :class:`PlanError` saying what
is allowed. Items that are suggested, agreed or introduced are *open*: :func:`planned_map` draws
them on the map as planned ties. At attending the tie is real: :func:`make_real` adds it to the
map (or renews the tie already there) as an ordinary edit.

A plan is a pydantic model; :meth:`ConnectionPlan.to_json` gives the plain JSON value the store
keeps beside each snapshot and draft, and :meth:`ConnectionPlan.from_json` reads it back
(``None``, what the store holds for a map saved without a plan, is the empty plan). Every change
returns a new plan, so the app can keep the old one for undo.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ecomap import edit
from ecomap.measures import is_active
from ecomap.model import EcoMap
from ecomap.suggest import Suggestion, Target, apply_tie, fold

PLAN_SCHEMA = "ecomap-plan/1"
STATUSES: tuple[str, ...] = (
    "suggested",
    "agreed",
    "introduced",
    "attending",
    "sustained",
    "declined",
    "ended",
)
#: Statuses of an item drawn on the map as a planned tie.
OPEN_STATUSES: frozenset[str] = frozenset({"suggested", "agreed", "introduced"})
#: Statuses of an item whose tie is real.
REAL_STATUSES: frozenset[str] = frozenset({"attending", "sustained"})
#: Where each status can go next. Agreed can go straight to attending (no introduction was
#: needed); declined and ended are final (undo in the app brings a mistaken change back).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "suggested": ("agreed", "declined"),
    "agreed": ("introduced", "attending", "declined", "ended"),
    "introduced": ("attending", "declined", "ended"),
    "attending": ("sustained", "ended"),
    "sustained": ("ended",),
    "declined": (),
    "ended": (),
}
#: Each status in words, for the app.
STATUS_WORDS: dict[str, str] = {
    "suggested": "suggested: to think over",
    "agreed": "agreed: wants to try it",
    "introduced": "introduced: first contact made",
    "attending": "attending: going, or back in touch",
    "sustained": "sustained: still going",
    "declined": "declined: not for them",
    "ended": "ended: tried, and it stopped",
}


class PlanError(ValueError):
    """A change the plan cannot make, or a stored plan that cannot be read, in words."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StatusChange(_Frozen):
    """One step in an item's history: the status it reached, when, and who recorded it."""

    status: str
    on: date
    by: str = ""


class PlanItem(_Frozen):
    """One connection in the plan.

    ``target`` is who or what it is about (an alter on the map, a directory asset, or a group
    named by someone); ``tie`` is the planned tie (:attr:`ecomap.suggest.Suggestion.tie`);
    ``reason`` and ``effect`` are the sentences given when it was suggested; ``follow_up`` is who
    follows it up; ``history`` holds every status change, oldest first; ``phone``, ``address``
    and ``next_step`` say how to reach the target and what to do first.
    """

    id: str
    kind: str
    target: Target
    reason: str
    effect: str = ""
    tie: dict[str, Any] = {}
    via: str | None = None
    follow_up: str = ""
    history: tuple[StatusChange, ...]
    #: How to reach the target (a directory asset's phone and address) and what to do first.
    phone: str = ""
    address: str = ""
    next_step: str = ""

    @property
    def status(self) -> str:
        return self.history[-1].status

    @property
    def since(self) -> date:
        """The date of the latest status change."""
        return self.history[-1].on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def drawn_id(self) -> str:
        """The alter id the planned tie is drawn with: the target alter's, or ``plan-<item id>``."""
        return self.target.alter_id or f"plan-{self.id}"

    def moved(self, status: str, by: str, on: date) -> PlanItem:
        """This item at a new status, or :class:`PlanError` when the move is not allowed."""
        if status not in STATUSES:
            raise PlanError(f"{status!r} is not a plan status; use one of: {', '.join(STATUSES)}.")
        allowed = TRANSITIONS[self.status]
        if status not in allowed:
            options = f"it can go to {_or(allowed)}" if allowed else "that is final"
            raise PlanError(f"{self.target.name} is {self.status}; {options}, not {status}.")
        if on < self.since:
            raise PlanError(
                f"{self.target.name} became {self.status} on {self.since.isoformat()}; "
                f"a later change cannot be dated {on.isoformat()}."
            )
        return self.model_copy(update={"history": (*self.history, StatusChange(status=status, on=on, by=by))})


def _or(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


class ConnectionPlan(_Frozen):
    """The person's plan: its items in the order they were added."""

    items: tuple[PlanItem, ...] = ()

    def item(self, item_id: str) -> PlanItem:
        for i in self.items:
            if i.id == item_id:
                return i
        raise PlanError(f"There is no item {item_id!r} in the plan.")

    def target_keys(self) -> frozenset[str]:
        """The targets of every item, whatever its status: not to be suggested again."""
        return frozenset(i.target.key for i in self.items)

    @property
    def open_items(self) -> tuple[PlanItem, ...]:
        return tuple(i for i in self.items if i.is_open)

    def accept(self, suggestion: Suggestion, by: str, on: date, status: str = "suggested") -> ConnectionPlan:
        """Add a suggestion to the plan, as suggested (or moved on at once to ``status``, when
        the person agrees there and then). Refused with :class:`PlanError` when its target is
        in the plan already."""
        for existing in self.items:
            if existing.target.key == suggestion.target.key:
                raise PlanError(f"{existing.target.name} is in the plan already ({existing.status}).")
        item_id = edit.unique_id(edit.slug(suggestion.target.name), (i.id for i in self.items))
        item = PlanItem(
            id=item_id,
            kind=suggestion.kind,
            target=suggestion.target,
            reason=suggestion.reason,
            effect=suggestion.effect.sentence(),
            tie=suggestion.tie,
            via=suggestion.via,
            follow_up=by,
            history=(StatusChange(status="suggested", on=on, by=by),),
            phone=suggestion.phone,
            address=suggestion.address,
            next_step=suggestion.next_step,
        )
        if status != "suggested":
            item = item.moved(status, by, on)
        return self.model_copy(update={"items": (*self.items, item)})

    def decline(self, suggestion: Suggestion, by: str, on: date) -> ConnectionPlan:
        """Record that the person does not want a suggestion, so it is not offered again."""
        return self.accept(suggestion, by, on, status="declined")

    def advance(self, item_id: str, status: str, by: str, on: date) -> ConnectionPlan:
        """Move one item to a new status (:data:`TRANSITIONS`), dated and signed."""
        moved = self.item(item_id).moved(status, by, on)
        return self._replace(moved)

    def achieve(self, item_id: str, by: str, on: date) -> ConnectionPlan:
        """Mark an open item achieved (attending) because it came true on the map; a suggested
        item passes through agreed on the way, on the same date."""
        item = self.item(item_id)
        if item.status == "suggested":
            item = item.moved("agreed", by, on)
        return self._replace(item.moved("attending", by, on))

    def assign(self, item_id: str, who: str) -> ConnectionPlan:
        """Change who follows an item up."""
        return self._replace(self.item(item_id).model_copy(update={"follow_up": who.strip()}))

    def _replace(self, changed: PlanItem) -> ConnectionPlan:
        return self.model_copy(
            update={"items": tuple(changed if i.id == changed.id else i for i in self.items)}
        )

    def to_json(self) -> dict[str, Any]:
        """The plan as plain JSON data (dates as ISO text), for the store's plan column."""
        return {"schema": PLAN_SCHEMA, **self.model_dump(mode="json")}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str | None) -> ConnectionPlan:
        """A plan from :meth:`to_json`'s value or its JSON text; ``None`` is the empty plan.
        Raises :class:`PlanError` listing what is wrong."""
        if data is None:
            return cls()
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as error:
                raise PlanError(f"The plan is not JSON: {error}.") from None
        if not isinstance(data, dict):
            raise PlanError("The plan is not a JSON object.")
        data = dict(data)
        schema = data.pop("schema", PLAN_SCHEMA)
        if schema != PLAN_SCHEMA:
            raise PlanError(f"The plan's schema {schema!r} is not supported; this is {PLAN_SCHEMA!r}.")
        try:
            plan = cls.model_validate(data)
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
            raise PlanError(f"The plan cannot be read: {problems}.") from None
        for item in plan.items:
            if not item.history:
                raise PlanError(f"Plan item {item.id!r} has no status.")
            if unknown := [c.status for c in item.history if c.status not in STATUSES]:
                raise PlanError(f"Plan item {item.id!r} has an unknown status {unknown[0]!r}.")
        return plan


# --- the plan on the map -------------------------------------------------------------------------


def _on_map_already(m: EcoMap, target: Target) -> bool:
    """A new connection made real by hand: an alter with the asset's id or the same name."""
    name = fold(target.name)
    return any(
        (target.asset_id and a.id == f"asset-{target.asset_id}") or fold(a.name) == name for a in m.alters
    )


def planned_map(m: EcoMap, plan: ConnectionPlan) -> tuple[EcoMap, set[str]]:
    """The map with the plan's open items drawn in, and the ids of the planned alters (for
    :func:`ecomap.render.render_html`'s ``planned``).

    A new connection is added as the alter ``plan-<item id>`` with its planned tie; a tie to
    renew or grow is the alter already there, changed as planned. Items whose alter has left the
    map, and items that have come true on the map (:func:`has_come_true`), are not drawn.
    """
    planned: set[str] = set()
    for item in plan.open_items:
        target = item.target
        if not target.is_new and target.alter_id not in {a.id for a in m.alters}:
            continue
        if has_come_true(m, item):
            continue  # the real tie is drawn; a dotted line over it would say it is not there yet
        drawn_id = item.drawn_id if target.is_new else target.alter_id
        if target.is_new:
            drawn_id = edit.unique_id(drawn_id, (a.id for a in m.alters))
        m = apply_tie(m, target, item.tie, drawn_id)
        planned.add(drawn_id)
    return m, planned


def is_real(m: EcoMap, item: PlanItem) -> bool:
    """Whether the item's tie is on the map as planned: the new connection is there (by the
    asset's id or the name), or the alter's tie already has the planned values."""
    target = item.target
    if target.is_new:
        return _on_map_already(m, target)
    alter = next((a for a in m.alters if a.id == target.alter_id), None)
    return alter is not None and all(getattr(alter, k) == v for k, v in item.tie.items())


def has_come_true(m: EcoMap, item: PlanItem) -> bool:
    """Whether the map now shows what the item planned, however it was recorded: the new
    connection is on the map (by the asset's id or the name); a tie to renew or go back to is
    active again; a tie to grow is no longer tenuous; someone asked for support now gives it; or
    the alter's tie has exactly the planned values (:func:`is_real`)."""
    target = item.target
    if target.is_new:
        return _on_map_already(m, target)
    alter = next((a for a in m.alters if a.id == target.alter_id), None)
    if alter is None:
        return False
    if is_real(m, item):
        return True
    if item.kind in ("reconnect", "return"):
        return is_active(alter, m.ego.map_date)
    if item.kind == "strengthen":
        return alter.strength != "tenuous"
    planned_support = set(item.tie.get("support", ()))
    return bool(planned_support) and planned_support <= set(alter.support_functions)


def came_true(m: EcoMap, plan: ConnectionPlan) -> tuple[PlanItem, ...]:
    """The open items that have come true on the map: the plan offers to mark them achieved."""
    return tuple(i for i in plan.open_items if has_come_true(m, i))


def make_real(m: EcoMap, item: PlanItem) -> EcoMap:
    """The map with an item's tie made real, as an ordinary (validated) edit: a new connection
    is added (a directory asset with the id ``asset-<asset id>``, so it is never suggested
    again), a tie to renew or grow is changed as planned."""
    target = item.target
    if not target.is_new:
        return edit.update_alter(m, target.alter_id, **item.tie)
    taken = [a.id for a in m.alters]
    alter_id = edit.unique_id(
        f"asset-{target.asset_id}" if target.asset_id else edit.slug(target.name), taken
    )
    return edit.add_alter(m, target.name, target.sector, id=alter_id, kind=target.kind, **item.tie)


def plan_changes(before: ConnectionPlan | None, after: ConnectionPlan | None) -> list[str]:
    """What changed in the plan between two snapshots, in words, in the after plan's order then
    the before plan's: "Added to the plan: Brackford Men's Shed (suggested).", "Brackford Men's
    Shed: agreed -> attending.", "Joan Pryor: now followed up by Helen Ashworth.", "No longer in
    the plan: Walk and Talk."."""
    before, after = before or ConnectionPlan(), after or ConnectionPlan()
    earlier = {i.id: i for i in before.items}
    said = []
    for item in after.items:
        name = item.target.name
        was = earlier.get(item.id)
        if was is None:
            said.append(f"Added to the plan: {name} ({item.status}).")
            continue
        if was.status != item.status:
            said.append(f"{name}: {was.status} -> {item.status}.")
        if was.follow_up != item.follow_up:
            who = item.follow_up or "nobody named"
            said.append(f"{name}: now followed up by {who}.")
    later = {i.id for i in after.items}
    said += [f"No longer in the plan: {i.target.name}." for i in before.items if i.id not in later]
    return said
