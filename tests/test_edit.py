"""Editing a map: every change gives a new valid map or a clear problem, never a half-change."""

from __future__ import annotations

import re
from datetime import date

import pytest

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
    assert m.alters == [] and m.ties == []
    # The id is random, never made from the name.
    assert re.fullmatch(r"p-[0-9a-f]{8}", m.ego.id)
    assert new_map("Maud Okafor", date(2026, 3, 1)).ego.id != m.ego.id


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
