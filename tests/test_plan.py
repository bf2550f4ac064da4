"""The connection plan: statuses and their moves, JSON round trips, the plan drawn on the map,
changes in words, making a tie real, and the plan kept with a snapshot."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomap.plan import (
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    ConnectionPlan,
    PlanError,
    PlanItem,
    StatusChange,
    is_real,
    make_real,
    plan_changes,
    planned_map,
)
from ecomap.suggest import SUGGESTION_KINDS, Target, suggest
from tests.test_suggest import rose, rose_directory

DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def found():
    return {s.target.name: s for s in suggest(rose(), rose_directory(), top=20)}


def plan_of(found, *names: str) -> ConnectionPlan:
    plan = ConnectionPlan()
    for name in names:
        plan = plan.accept(found[name], "Helen", DAY)
    return plan


# --- statuses ------------------------------------------------------------------------------------


def test_accept_starts_suggested_with_who_and_when(found):
    plan = plan_of(found, "Tuesday Music Club")
    item = plan.items[0]
    assert (item.id, item.kind, item.status, item.since, item.follow_up) == (
        "tuesday-music-club", "join", "suggested", DAY, "Helen"
    )  # fmt: skip
    assert item.reason == found["Tuesday Music Club"].reason
    assert item.effect == found["Tuesday Music Club"].effect.sentence()
    assert item.history == (StatusChange(status="suggested", on=DAY, by="Helen"),)


def test_the_whole_way_from_suggested_to_sustained(found):
    plan = plan_of(found, "Tuesday Music Club")
    steps = ["agreed", "introduced", "attending", "sustained", "ended"]
    for n, status in enumerate(steps, start=1):
        plan = plan.advance("tuesday-music-club", status, "Helen", DAY + timedelta(days=7 * n))
    item = plan.item("tuesday-music-club")
    assert [c.status for c in item.history] == ["suggested", *steps]
    assert item.since == DAY + timedelta(days=35)


def test_agreed_can_go_straight_to_attending_and_accept_can_agree_at_once(found):
    plan = ConnectionPlan().accept(found["Joan Pryor"], "Helen", DAY, status="agreed")
    assert [c.status for c in plan.items[0].history] == ["suggested", "agreed"]
    plan = plan.advance("joan-pryor", "attending", "Helen", DAY)
    assert plan.items[0].status == "attending"


@pytest.mark.parametrize(
    "path, refused, message",
    [
        ([], "attending", "Tuesday Music Club is suggested; it can go to agreed or declined, not attending."),
        (["declined"], "agreed", "Tuesday Music Club is declined; that is final, not agreed."),
        (["agreed", "attending"], "introduced",
         "Tuesday Music Club is attending; it can go to sustained or ended, not introduced."),
        ([], "maybe", "'maybe' is not a plan status"),
    ],
)  # fmt: skip
def test_moves_not_allowed_say_what_is(found, path, refused, message):
    plan = plan_of(found, "Tuesday Music Club")
    for status in path:
        plan = plan.advance("tuesday-music-club", status, "Helen", DAY)
    with pytest.raises(PlanError) as raised:
        plan.advance("tuesday-music-club", refused, "Helen", DAY)
    assert message in str(raised.value)


def test_other_refusals(found):
    plan = plan_of(found, "Joan Pryor")
    with pytest.raises(PlanError, match="Joan Pryor is in the plan already \\(suggested\\)"):
        plan.accept(found["Joan Pryor"], "Helen", DAY)
    with pytest.raises(PlanError, match="no item 'nobody'"):
        plan.advance("nobody", "agreed", "Helen", DAY)
    with pytest.raises(PlanError, match="cannot be dated 2026-02-28"):
        plan.advance("joan-pryor", "agreed", "Helen", DAY - timedelta(days=1))


def test_transitions_reach_every_status_and_end_in_final_ones():
    assert set(TRANSITIONS) == set(STATUSES)
    reached = {"suggested"} | {s for nexts in TRANSITIONS.values() for s in nexts}
    assert reached == set(STATUSES)
    assert [s for s, nexts in TRANSITIONS.items() if not nexts] == ["declined", "ended"]


def test_decline_is_recorded_and_never_offered_again(found):
    plan = ConnectionPlan().decline(found["Tuesday Music Club"], "Helen", DAY)
    assert plan.items[0].status == "declined"
    again = suggest(rose(), rose_directory(), top=20, skip=plan.target_keys())
    assert "Tuesday Music Club" not in [s.target.name for s in again]


def test_assign_and_same_names_get_their_own_ids(found):
    plan = plan_of(found, "Joan Pryor").assign("joan-pryor", "  Tom Quigley ")
    assert plan.item("joan-pryor").follow_up == "Tom Quigley"
    twin = found["Tuesday Music Club"]
    other = type(twin)(
        **{**twin.__dict__, "target": Target(name="Joan Pryor", kind="group", sector="community")}
    )
    assert [i.id for i in plan.accept(other, "Helen", DAY).items] == ["joan-pryor", "joan-pryor-2"]


# --- JSON ------------------------------------------------------------------------------------------


def test_round_trip_through_json_text(found):
    plan = plan_of(found, *found).advance("joan-pryor", "agreed", "Tom", DAY + timedelta(days=3))
    data = plan.to_json()
    assert data["schema"] == "ecomap-plan/1"
    assert ConnectionPlan.from_json(json.loads(json.dumps(data))) == plan
    assert ConnectionPlan.from_json(json.dumps(data)) == plan


def test_none_is_the_empty_plan_and_bad_plans_say_why():
    assert ConnectionPlan.from_json(None) == ConnectionPlan()
    assert ConnectionPlan.from_json(None).to_json() == {"schema": "ecomap-plan/1", "items": []}
    with pytest.raises(PlanError, match="not JSON"):
        ConnectionPlan.from_json("{nope")
    with pytest.raises(PlanError, match="schema"):
        ConnectionPlan.from_json({"schema": "ecomap-plan/9", "items": []})
    with pytest.raises(PlanError, match="items"):
        ConnectionPlan.from_json({"items": [{"id": "x"}]})


names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20)


@st.composite
def plan_items(draw, item_id: str) -> PlanItem:
    statuses = ["suggested"]
    for _ in range(draw(st.integers(0, 4))):
        nexts = TRANSITIONS[statuses[-1]]
        if not nexts:
            break
        statuses.append(draw(st.sampled_from(nexts)))
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
    gaps = draw(st.lists(st.integers(0, 60), min_size=len(statuses), max_size=len(statuses)))
    on = [start + timedelta(days=sum(gaps[: n + 1])) for n in range(len(statuses))]
    existing = draw(st.booleans())
    target = Target(
        name=draw(names),
        kind=draw(st.sampled_from(["person", "group", "service", "place"])),
        sector=draw(st.sampled_from(["friends", "community", "faith", "other_services"])),
        alter_id=draw(names) if existing else None,
        asset_id=None if existing else draw(st.none() | names),
    )
    return PlanItem(
        id=item_id,
        kind=draw(st.sampled_from(SUGGESTION_KINDS)),
        target=target,
        reason=draw(names),
        effect=draw(st.text(max_size=30)),
        tie=draw(st.fixed_dictionaries({}, optional={"contact": st.sampled_from(["weekly", "monthly"]),
                                                      "support": st.lists(st.sampled_from(["company"]))})),
        via=draw(st.none() | names),
        follow_up=draw(st.text(max_size=10)),
        history=tuple(StatusChange(status=s, on=d, by=draw(st.text(max_size=8)))
                      for s, d in zip(statuses, on)),
    )  # fmt: skip


@st.composite
def plans(draw) -> ConnectionPlan:
    count = draw(st.integers(0, 4))
    return ConnectionPlan(items=tuple(draw(plan_items(f"item-{n}")) for n in range(count)))


@settings(max_examples=60, deadline=None)
@given(plans())
def test_any_plan_round_trips(plan):
    assert ConnectionPlan.from_json(plan.to_json()) == plan
    assert ConnectionPlan.from_json(json.dumps(plan.to_json())) == plan


# --- on the map ------------------------------------------------------------------------------------


def test_planned_map_draws_open_items_only(found):
    m = rose()
    plan = plan_of(found, "Tuesday Music Club", "Joan Pryor", "Wednesday Singers", "Phone Befriending")
    plan = plan.advance("phone-befriending", "declined", "Helen", DAY)
    drawn, planned = planned_map(m, plan)
    assert planned == {"plan-tuesday-music-club", "joan", "plan-wednesday-singers"}
    assert [a.id for a in drawn.alters][len(m.alters) :] == [
        "plan-tuesday-music-club",
        "plan-wednesday-singers",
    ]
    club = drawn.alter("plan-tuesday-music-club")
    assert (club.name, club.kind, club.sector, club.contact) == (
        "Tuesday Music Club",
        "group",
        "community",
        "weekly",
    )
    assert drawn.alter("joan").contact == "monthly"  # the renewed tie, as planned
    assert m.alter("joan").contact == "less"  # the map itself is untouched
    assert planned_map(m, ConnectionPlan()) == (m, set())


def test_items_made_real_or_gone_are_not_drawn(found):
    m = rose()
    plan = plan_of(found, "Tuesday Music Club", "Joan Pryor")
    plan = plan.advance("tuesday-music-club", "agreed", "Helen", DAY)
    assert not is_real(m, plan.item("tuesday-music-club"))
    real = make_real(m, plan.item("tuesday-music-club"))
    assert real.alters[-1].id == "asset-music" and real.alters[-1].contact == "weekly"
    assert is_real(real, plan.item("tuesday-music-club"))
    assert "Tuesday Music Club" not in [s.target.name for s in suggest(real, rose_directory(), top=20)]
    _, planned = planned_map(real, plan)
    assert planned == {"joan"}  # the club is on the map for real now
    without_joan = real.model_copy(update={"alters": [a for a in real.alters if a.id != "joan"], "ties": []})
    assert planned_map(without_joan, plan)[1] == set()


def test_make_real_renews_a_tie_on_the_map(found):
    m = rose()
    item = plan_of(found, "Joan Pryor").item("joan-pryor")
    assert not is_real(m, item)
    renewed = make_real(m, item)
    assert (renewed.alter("joan").contact, renewed.alter("joan").last_contact) == ("monthly", None)
    assert is_real(renewed, item)


def test_open_statuses():
    assert OPEN_STATUSES == {"suggested", "agreed", "introduced"}


# --- changes in words ----------------------------------------------------------------------------


def test_plan_changes_in_words(found):
    before = plan_of(found, "Tuesday Music Club", "Joan Pryor", "Phone Befriending")
    after = (
        before.advance("tuesday-music-club", "agreed", "Helen", DAY)
        .advance("tuesday-music-club", "attending", "Helen", DAY)
        .assign("joan-pryor", "Tom Quigley")
    )
    after = after.model_copy(update={"items": tuple(i for i in after.items if i.id != "phone-befriending")})
    after = after.accept(found["Wednesday Singers"], "Helen", DAY)
    assert plan_changes(before, after) == [
        "Tuesday Music Club: suggested -> attending.",
        "Joan Pryor: now followed up by Tom Quigley.",
        "Added to the plan: Wednesday Singers (suggested).",
        "No longer in the plan: Phone Befriending.",
    ]
    assert plan_changes(None, None) == []
    assert plan_changes(None, before)[0] == "Added to the plan: Tuesday Music Club (suggested)."


# --- kept with a snapshot ------------------------------------------------------------------------------


def test_the_store_keeps_the_plan_with_a_snapshot_and_a_draft(store, found):
    m = rose()
    plan = plan_of(found, "Joan Pryor", "Tuesday Music Club").advance("joan-pryor", "agreed", "Helen", DAY)
    store.autosave(m, plan=plan.to_json())
    assert ConnectionPlan.from_json(store.draft(m.ego.id).plan) == plan
    info = store.save_snapshot(m, plan=plan.to_json())
    assert ConnectionPlan.from_json(store.load_snapshot(info.id).plan) == plan
    store.save_snapshot(m)
    assert ConnectionPlan.from_json(store.latest_snapshot(m.ego.id).plan) == ConnectionPlan()
