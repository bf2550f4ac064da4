"""Snapshot comparison: matching, tie changes, alter-alter ties, measures and the sentences."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings

from ecomap.compare import CHANGE_KINDS, compare, match_alters, tie_changes
from ecomap.measures import MEASURES
from ecomap.model import Alter, AlterTie, EcoMap, Ego
from tests.strategies import maps

BEFORE_DATE, AFTER_DATE = date(2025, 9, 1), date(2026, 3, 1)


def ego(map_date: date) -> Ego:
    return Ego(id="margaret-o", name="Margaret", map_date=map_date)


def before_map() -> EcoMap:
    return EcoMap(
        ego=ego(BEFORE_DATE),
        alters=[
            Alter(
                id="ruth",
                name="Ruth",
                sector="family",
                is_kin=True,
                circle=3,
                contact="monthly",
                support=["emotional"],
            ),
            Alter(id="tom", name="Tom", sector="friends", circle=2, strength="strong", contact="weekly"),
            Alter(id="jean", name="Jean Hollis", sector="neighbours", contact="weekly"),
            Alter(id="dave", name="Dave", sector="friends", contact="less"),
            Alter(id="bisi", name="Bisi Adeyemi", sector="neighbours", contact="monthly"),
        ],
        ties=[AlterTie(source="ruth", target="tom"), AlterTie(source="tom", target="jean")],
    )


def after_map() -> EcoMap:
    return EcoMap(
        ego=ego(AFTER_DATE),
        alters=[
            Alter(
                id="ruth",
                name="Ruth",
                sector="family",
                is_kin=True,
                circle=2,
                strength="strong",
                contact="weekly",
                support=["emotional", "practical"],
                gives=["company"],
            ),
            Alter(
                id="tom",
                name="Tom",
                sector="friends",
                circle=2,
                strength="strong",
                stress="some",
                contact="fortnightly",
            ),
            Alter(id="dave", name="Dave", sector="friends", contact="weekly"),
            # Re-entered under a new id: matched by name, ignoring case.
            Alter(id="bisi-2", name="bisi adeyemi", sector="neighbours", contact="monthly"),
            Alter(id="shed", name="Brackford Men's Shed", kind="group", sector="community", contact="weekly"),
        ],
        ties=[
            AlterTie(source="tom", target="ruth"),  # the same tie, written the other way round
            AlterTie(source="ruth", target="bisi-2"),
            AlterTie(source="shed", target="tom"),
        ],
    )


def test_the_sentences_say_what_changed_in_a_fixed_order() -> None:
    assert compare(before_map(), after_map()).sentences() == [
        "New: Brackford Men's Shed (weekly).",
        "No longer on the map: Jean Hollis.",
        "The tie with Ruth strengthened: moderate -> strong.",
        "Ruth moved closer: circle 3 -> 2.",
        "More contact with Ruth: monthly -> weekly.",
        "Ruth now gives Margaret: practical.",
        "Margaret now gives Ruth: company.",
        "More stress in the tie with Tom: none -> some.",
        "Less contact with Tom: weekly -> fortnightly.",
        "More contact with Dave: less than monthly -> weekly.",
        "The tie with Dave is active again.",
        "Ruth and bisi adeyemi now know each other.",
    ]


def test_the_comparison_as_data() -> None:
    c = compare(before_map(), after_map())
    assert [(old.id, new.id) for old, new in c.matched] == [
        ("ruth", "ruth"),
        ("tom", "tom"),
        ("dave", "dave"),
        ("bisi", "bisi-2"),
    ]
    assert [a.id for a in c.added] == ["shed"]
    assert [a.id for a in c.lost] == ["jean"]
    assert [(ch.alter_id, ch.kind, ch.before, ch.after) for ch in c.changes] == [
        ("ruth", "strengthened", "moderate", "strong"),
        ("ruth", "closer", 3, 2),
        ("ruth", "more_contact", "monthly", "weekly"),
        ("ruth", "support_gained", [], ["practical"]),
        ("ruth", "gives_gained", [], ["company"]),
        ("tom", "more_stress", "none", "some"),
        ("tom", "less_contact", "weekly", "fortnightly"),
        ("dave", "more_contact", "less", "weekly"),
        ("dave", "reactivated", True, False),
    ]
    # Ties of someone new or gone are in the data, though the sentences leave them to that person.
    assert [(t.source, t.target) for t in c.ties_added] == [("ruth", "bisi-2"), ("shed", "tom")]
    assert [(t.source_name, t.target_name) for t in c.ties_lost] == [("Tom", "Jean Hollis")]
    assert c.has_changes


def test_every_measure_before_and_after() -> None:
    c = compare(before_map(), after_map())
    assert [m.name for m in c.measures] == list(MEASURES)
    size = c.measure("size")
    assert (size.before, size.after, size.change, size.changed) == (5, 5, 0, False)
    active = c.measure("active_ties")  # Jean goes, Dave is back, the Shed is new
    assert (active.before, active.after, active.change) == (4, 5, 1)
    dormant = c.measure("dormant_ties")
    assert (dormant.before, dormant.after, dormant.change) == (1, 0, -1)
    density = c.measure("alter_density")  # 2 ties of 10 possible -> 3 of 10
    assert (density.before, density.after) == (pytest.approx(0.2), pytest.approx(0.3))
    assert density.change == pytest.approx(0.1)
    gaps = c.measure("support_gaps")
    assert gaps.change is None and gaps.changed
    steptoe = c.measure("steptoe_index")  # the ego's fields do not allow it on either map
    assert (steptoe.before, steptoe.after, steptoe.change, steptoe.changed) == (None, None, None, False)


def test_ties_that_weaken_move_out_calm_down_or_lapse() -> None:
    old = Alter(
        id="sue",
        name="Sue",
        sector="friends",
        circle=2,
        strength="strong",
        stress="high",
        contact="weekly",
        last_contact=date(2025, 8, 20),
        support=["company", "transport"],
        gives=["emotional"],
    )
    new = Alter(
        id="sue",
        name="Sue",
        sector="friends",
        circle=4,
        strength="tenuous",
        stress="some",
        contact=None,
        last_contact=date(2025, 8, 20),
        support=["company"],
    )
    changes = tie_changes(old, new, BEFORE_DATE, AFTER_DATE)
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("weakened", "strong", "tenuous"),
        ("further", 2, 4),
        ("less_stress", "high", "some"),
        ("contact_recorded", "weekly", None),
        ("became_dormant", False, True),  # last contact is now more than six months ago
        ("support_lost", ["transport"], []),
        ("gives_lost", ["emotional"], []),
    ]
    m_before = EcoMap(ego=ego(BEFORE_DATE), alters=[old])
    m_after = EcoMap(ego=ego(AFTER_DATE), alters=[new])
    assert compare(m_before, m_after).sentences() == [
        "The tie with Sue weakened: strong -> tenuous.",
        "Sue moved further out: circle 2 -> 4.",
        "Less stress in the tie with Sue: high -> some.",
        "Contact with Sue: weekly -> not recorded.",
        "The tie with Sue became dormant.",
        "Sue no longer gives Margaret: transport.",
        "Margaret no longer gives Sue: emotional.",
    ]
    assert {c.kind for c in changes} <= set(CHANGE_KINDS)


def test_a_name_shared_by_several_alters_is_not_matched_by_name() -> None:
    two_sams = EcoMap(
        ego=ego(BEFORE_DATE),
        alters=[
            Alter(id="sam-1", name="Sam", sector="friends"),
            Alter(id="sam-2", name="Sam", sector="work_learning"),
        ],
    )
    one_sam = EcoMap(ego=ego(AFTER_DATE), alters=[Alter(id="sam-3", name="Sam", sector="friends")])
    assert match_alters(two_sams, one_sam) == {}
    c = compare(two_sams, one_sam)
    assert c.sentences() == ["New: Sam.", "No longer on the map: Sam.", "No longer on the map: Sam."]


def test_identical_maps_have_no_changes() -> None:
    c = compare(after_map(), after_map())
    assert not c.has_changes
    assert c.sentences() == []
    assert not any(m.changed for m in c.measures)


def test_empty_maps_compare() -> None:
    empty = EcoMap(ego=ego(BEFORE_DATE))
    c = compare(empty, after_map().model_copy(update={"ties": []}))
    assert [a.id for a in c.added] == ["ruth", "tom", "dave", "bisi-2", "shed"]
    assert c.measure("size").change == 5


@settings(max_examples=60, deadline=None)
@given(maps(max_alters=8))
def test_a_map_compared_with_itself_has_no_changes(m: EcoMap) -> None:
    c = compare(m, m)
    assert not c.has_changes and c.sentences() == []
    assert len(c.matched) == len(m.alters)
    assert not any(ch.changed for ch in c.measures)


@settings(max_examples=60, deadline=None)
@given(maps(max_alters=6), maps(max_alters=6))
def test_comparing_the_other_way_swaps_what_came_and_went(a: EcoMap, b: EcoMap) -> None:
    forward, backward = compare(a, b), compare(b, a)
    assert [x.id for x in forward.added] == [x.id for x in b.alters if x in forward.added]
    assert {x.id for x in forward.added} == {x.id for x in backward.lost}
    assert {x.id for x in forward.lost} == {x.id for x in backward.added}
    assert {(t.source, t.target) for t in forward.ties_added} == {
        (t.source, t.target) for t in backward.ties_lost
    }
    assert len(forward.changes) == len(backward.changes)
    assert [m.change for m in forward.measures if isinstance(m.change, int)] == [
        -m.change for m in backward.measures if isinstance(m.change, int)
    ]


def test_none_is_an_answer_not_a_function_gained_or_lost():
    from tests.test_measures import make_map

    before = make_map([dict(id="joan", name="Joan", support="none")])
    after = make_map([dict(id="joan", name="Joan", support="company")])
    said = compare(before, after).sentences()
    assert "Joan now gives Maud Okafor: company." in said
    assert not any("none" in s for s in said)
