"""Editing a map: every change gives a new valid map or a clear problem, never a half-change."""

from __future__ import annotations

from datetime import date

import pytest

from ecomap import edit
from ecomap.edit import (
    add_alter,
    add_tie,
    apply_table_edits,
    connect_all,
    new_map,
    remove_alter,
    remove_tie,
    slug,
    unique_id,
    update_alter,
    update_person,
)
from ecomap.model import MapInvalid


@pytest.fixture
def maud():
    m = new_map("Maud Okafor", date(2026, 3, 1), interests=["gardening"])
    m = add_alter(m, "Ruth", "family", circle=1, strength="strong", is_kin=True)
    m = add_alter(m, "Bisi", "neighbours")
    return add_tie(m, "ruth", "bisi")


def test_a_new_map_has_the_person_alone():
    m = new_map("Maud Okafor", date(2026, 3, 1))
    assert m.ego.id == "p-maud-okafor" and m.alters == [] and m.ties == []


def test_ids_come_from_names_and_stay_unique(maud):
    m = add_alter(maud, "Ruth", "friends")
    assert [a.id for a in m.alters] == ["ruth", "bisi", "ruth-2"]
    assert slug("Zoë's Café") == "zoe-s-cafe" and slug("<>") == "someone"
    assert unique_id("ego", []) == "ego-2"


def test_a_bad_addition_raises_and_leaves_the_map_alone(maud):
    with pytest.raises(MapInvalid) as caught:
        add_alter(maud, "", "family", circle=9)
    assert {p.field for p in caught.value.problems} == {"name", "circle"}
    assert len(maud.alters) == 2


def test_removing_someone_removes_their_ties(maud):
    m = remove_alter(maud, "ruth")
    assert [a.id for a in m.alters] == ["bisi"] and m.ties == []
    with pytest.raises(KeyError):
        remove_alter(m, "ruth")


def test_ties_can_be_added_and_removed_either_way(maud):
    assert remove_tie(maud, "bisi", "ruth").ties == []
    with pytest.raises(MapInvalid):
        add_tie(maud, "bisi", "ruth")  # already there


def test_update_alter_and_person(maud):
    m = update_alter(maud, "bisi", strength="tenuous", support="transport")
    assert m.alter("bisi").strength == "tenuous" and m.alter("bisi").support == ["transport"]
    assert update_person(m, gifts="baking; listening").ego.gifts == ["baking", "listening"]
    with pytest.raises(MapInvalid):
        update_person(m, map_date="yesterday")


def test_table_edits_apply_by_row_position(maud):
    import numpy as np

    m = apply_table_edits(
        maud,
        edited_rows={1: {"circle": np.int64(2), "notes": "lends tools"}},
        added_rows=[
            {"name": "Men's Shed", "sector": "community", "kind": "group", "circle": float("nan")},
            {},
        ],
        deleted_rows=[0],
    )
    assert [(a.id, a.circle) for a in m.alters] == [("bisi", 2), ("men-s-shed", 3)]
    assert m.ties == []  # Ruth's tie went with her
    assert m.alter("bisi").notes == "lends tools"


def test_table_edits_that_break_a_rule_are_refused_with_the_field(maud):
    with pytest.raises(MapInvalid) as caught:
        apply_table_edits(maud, edited_rows={0: {"sector": "nowhere"}})
    assert [(p.file, p.row, p.field) for p in caught.value.problems] == [("the list of people", 1, "sector")]


def test_connect_all_records_every_missing_pair(maud):
    m = add_alter(maud, "Sam", "family")
    m = connect_all(m, ["ruth", "bisi", "sam"], "some")
    assert {frozenset((t.source, t.target)): t.stress for t in m.ties} == {
        frozenset({"ruth", "bisi"}): "none",  # already known: kept as it was
        frozenset({"ruth", "sam"}): "some",
        frozenset({"bisi", "sam"}): "some",
    }
    with pytest.raises(MapInvalid, match="at least two"):
        connect_all(m, ["ruth"])


# --- the map you can touch: quick add, drags and cautions ---------------------------------------


def _small_map():
    return edit.new_map("Maud", date(2026, 3, 1))


def test_quick_add_puts_someone_on_the_ring_their_sector_suggests():
    m = _small_map()
    people = (("Ruth", "family"), ("Bess", "pets"), ("Home care", "social_care"), ("Choir", "community"))
    for name, sector in people:
        m = edit.quick_add(m, name, sector)
    got = [(a.name, a.kind, a.circle, a.is_kin, a.is_paid) for a in m.alters]
    assert got == [
        ("Ruth", "person", 2, True, False),
        ("Bess", "pet", 1, False, False),
        # social care is paid support, in the circle of exchange (not a charge to the person)
        ("Home care", "service", 4, False, True),
        ("Choir", "person", 3, False, False),
    ]


def test_a_drag_moves_circle_and_sector_and_leaves_the_rest():
    m = edit.quick_add(_small_map(), "Ruth", "family")
    moved = edit.move_alter(m, "ruth", 1, "friends")
    assert (moved.alter("ruth").circle, moved.alter("ruth").sector) == (1, "friends")
    kept = edit.move_alter(m, "ruth", 3)  # dropped in the gap between sectors
    assert (kept.alter("ruth").circle, kept.alter("ruth").sector) == (3, "family")
    assert kept.alter("ruth").is_kin


def test_cautions_warn_and_never_refuse():
    m = edit.quick_add(_small_map(), "Sam", "friends")
    m = edit.add_alter(m, "sam", "neighbours")  # the same name, other case
    m = edit.add_alter(m, "Rex", "family", kind="pet")
    m = edit.add_alter(m, "Jo", "friends", contact="weekly", last_contact=date(2025, 2, 1))
    m = edit.add_alter(m, "Al", "friends", contact="weekly", last_contact=date(2025, 6, 1))
    said = edit.cautions(m)
    assert said == [
        "Two people are called sam: check they are not the same person.",
        "Rex is a pet in the family sector: pets have a sector of their own.",
        "Jo: contact is weekly, but the last contact was 01 February 2025, over a year ago.",
    ]
    assert edit.cautions(_small_map()) == []
