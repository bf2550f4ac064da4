"""The concentric layout: rings in order, alters in their circle's band, sectors together and in
order, no overlapping text, the same picture for the same map, small moves for small changes."""

from __future__ import annotations

import math
import statistics
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecomap.formats import load_map
from ecomap.layout import (
    ANGLE_NUDGES,
    MIN_SECTOR_SLOTS,
    SECTOR_GAP_SLOTS,
    Box,
    Layout,
    layout,
    ordered_alters,
    sector_angles,
    text_width,
)
from ecomap.model import CIRCLES, EGO_ID, SECTORS, Alter, EcoMap, Ego
from tests.strategies import alters, egos, maps

SAMPLES = Path(__file__).resolve().parent.parent / "sample_networks"
MAP_DATE = date(2026, 3, 12)


def make_map(alters: list[Alter]) -> EcoMap:
    return EcoMap(ego=Ego(id="p1", name="Maud Hargreaves", map_date=MAP_DATE), alters=alters)


def crowd(n: int, name_length: int = 22) -> EcoMap:
    """``n`` alters with long names, spread over every sector and circle."""
    alters = [
        Alter(
            id=f"a{i:02d}",
            name=f"Person {i:02d} " + "Wmx"[i % 3] * (name_length - 10),
            sector=SECTORS[(i * 5) % len(SECTORS)],
            circle=1 + (i * 7) % 4,
        )
        for i in range(n)
    ]
    return make_map(alters)


@st.composite
def crowded_maps(draw, low: int = 25, high: int = 60) -> EcoMap:
    """Maps of ``low`` to ``high`` alters with any names (``maps()`` favours small maps)."""
    ego = draw(egos())
    n = draw(st.integers(low, high))
    return EcoMap(ego=ego, alters=[draw(alters(f"a{i}", ego.map_date)) for i in range(n)])


def overlapping_pairs(lay: Layout) -> list[tuple[Box, Box]]:
    boxes = lay.all_boxes()
    return [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def angle_of(lay: Layout, alter_id: str) -> float:
    """Clockwise from 12 o'clock, in [0, 2 pi)."""
    x, y = lay.positions[alter_id]
    return math.atan2(x, y) % (2 * math.pi)


# --- rings and bands ----------------------------------------------------------------------------


def test_rings_grow_outwards_from_the_person(everyday_map):
    lay = layout(everyday_map)
    assert [r.circle for r in lay.rings] == list(CIRCLES)
    assert [r.name for r in lay.rings] == list(CIRCLES.values())
    assert lay.rings[0].inner > lay.nodes[EGO_ID].radius
    for inner, outer in zip(lay.rings, lay.rings[1:]):
        assert inner.radius == outer.inner
        assert inner.inner < inner.radius < outer.radius


def test_each_alter_sits_inside_its_circles_band(everyday_map):
    lay = layout(everyday_map)
    rings = {r.circle: r for r in lay.rings}
    for a in everyday_map.alters:
        distance = math.dist((0, 0), lay.positions[a.id])
        ring = rings[a.circle]
        assert ring.inner + lay.nodes[a.id].radius < distance < ring.radius - lay.nodes[a.id].radius


def test_the_person_is_at_the_centre(everyday_map):
    assert layout(everyday_map).positions[EGO_ID] == (0.0, 0.0)


# --- sectors --------------------------------------------------------------------------------------


def test_sectors_are_contiguous_and_go_clockwise_in_model_order(everyday_map):
    lay = layout(everyday_map)
    by_angle = sorted(everyday_map.alters, key=lambda a: angle_of(lay, a.id))
    runs = [a.sector for a in by_angle]
    collapsed = [s for i, s in enumerate(runs) if i == 0 or s != runs[i - 1]]
    assert len(collapsed) == len(set(collapsed)), f"a sector is split: {collapsed}"
    assert collapsed == sorted(collapsed, key=SECTORS.index)


def test_sector_spans_hold_their_alters_and_empty_sectors_take_no_space(everyday_map):
    lay = layout(everyday_map)
    present = {a.sector for a in everyday_map.alters}
    assert [s.sector for s in lay.sectors] == [s for s in SECTORS if s in present]
    for span, following in zip(lay.sectors, lay.sectors[1:]):
        assert span.start < span.end < following.start
    spans = {s.sector: s for s in lay.sectors}
    for a in everyday_map.alters:
        assert spans[a.sector].start <= angle_of(lay, a.id) <= spans[a.sector].end


def test_sector_angle_is_proportional_to_size_with_a_minimum():
    alters = [Alter(id=f"f{i}", name="F", sector="friends") for i in range(6)]
    alters.append(Alter(id="pet", name="P", kind="pet", sector="pets"))
    spans, _, slot = sector_angles(ordered_alters(alters))
    widths = {sector: (end - start) / slot for sector, start, end, _ in spans}
    assert widths == pytest.approx({"friends": 6, "pets": MIN_SECTOR_SLOTS})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_alters=20))
def test_generated_maps_keep_sectors_together(m):
    lay = layout(m)
    by_angle = sorted(m.alters, key=lambda a: angle_of(lay, a.id))
    runs = [a.sector for a in by_angle]
    collapsed = [s for i, s in enumerate(runs) if i == 0 or s != runs[i - 1]]
    assert len(collapsed) == len(set(collapsed))


# --- no overlapping text ------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(m=maps(max_alters=60) | crowded_maps(), data=st.data())
def test_no_label_or_node_overlaps_on_generated_maps(m, data):
    planned = data.draw(st.sets(st.sampled_from([a.id for a in m.alters]), max_size=3)) if m.alters else set()
    lay = layout(m, planned)
    assert overlapping_pairs(lay) == []
    assert set(lay.planned_labels) == planned


@pytest.mark.parametrize("n", [20, 40, 60])
def test_no_overlaps_on_crowded_maps_of_long_names(n):
    lay = layout(crowd(n))
    assert overlapping_pairs(lay) == []


def test_no_overlaps_on_the_largest_sample():
    files = sorted(SAMPLES.glob("*.json"))
    if not files:
        pytest.skip("no sample maps in sample_networks/")
    largest = max((load_map(f) for f in files), key=lambda m: len(m.alters))
    assert overlapping_pairs(layout(largest)) == []


def test_text_width_counts_characters_at_the_font_size():
    assert text_width("", 14) == 0
    assert text_width("Ruth Evans", 14) == pytest.approx(2 * text_width("Ruth Evans", 7))
    assert text_width("Ruth Evans", 14) < text_width("Ruth Evans-Okafor", 14)
    # Wide scripts take about a full em per character.
    assert text_width("张伟", 10) > 2 * 10


# --- the same map, the same picture ---------------------------------------------------------------------


def test_same_map_same_layout(everyday_map):
    assert layout(everyday_map) == layout(everyday_map)


def test_the_order_alters_are_listed_in_does_not_matter(everyday_map):
    shuffled = everyday_map.model_copy(update={"alters": list(reversed(everyday_map.alters))})
    assert layout(shuffled).positions == layout(everyday_map).positions


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(m=maps(max_alters=30), sector=st.sampled_from(SECTORS), circle=st.sampled_from(list(CIRCLES)))
def test_adding_one_alter_turns_the_others_by_a_few_slots_at_most(m, sector, circle):
    """Every alter turns by at most the angle the newcomer adds (a new sector: its minimum width
    and a gap, measured in the bigger map's slots) plus the nudges either side of a ray."""
    bigger = m.model_copy(
        update={"alters": [*m.alters, Alter(id="zz-new", name="New Friend", sector=sector, circle=circle)]}
    )
    before, after = layout(m), layout(bigger)
    slot = sector_angles(ordered_alters(bigger.alters))[2]
    bound = MIN_SECTOR_SLOTS + SECTOR_GAP_SLOTS + 2 * max(ANGLE_NUDGES)
    for a in m.alters:
        turned = abs((angle_of(before, a.id) - angle_of(after, a.id) + math.pi) % (2 * math.pi) - math.pi)
        assert turned <= bound * slot + 1e-9


def test_adding_one_alter_moves_most_others_only_a_little():
    m = crowd(30)
    moves = []
    for sector in SECTORS:
        new = Alter(id="zz-new", name="New Friend", sector=sector, circle=3)
        bigger = m.model_copy(update={"alters": [*m.alters, new]})
        before, after = layout(m), layout(bigger)
        outer = before.rings[-1].radius
        moves.append(
            statistics.median(
                math.dist(before.positions[a.id], after.positions[a.id]) / outer for a in m.alters
            )
        )
    assert max(moves) < 0.15


# --- tiny maps and planned ties ---------------------------------------------------------------------------


def test_a_map_with_no_alters_has_the_person_and_the_rings():
    lay = layout(make_map([]))
    assert list(lay.nodes) == [EGO_ID]
    assert len(lay.rings) == 4 and lay.sectors == ()
    assert overlapping_pairs(lay) == []


def test_a_map_with_one_alter():
    lay = layout(make_map([Alter(id="ruth", name="Ruth", sector="family", circle=1)]))
    assert list(lay.nodes) == [EGO_ID, "ruth"]
    assert [s.sector for s in lay.sectors] == ["family"]
    assert lay.rings[0].inner < math.dist((0, 0), lay.positions["ruth"]) < lay.rings[0].radius
    assert overlapping_pairs(lay) == []


def test_planned_label_sits_on_the_planned_line(everyday_map):
    lay = layout(everyday_map, planned={"knit"})
    (x, y), (px, py) = lay.positions["knit"], lay.planned_labels["knit"].centre
    assert abs(x * py - y * px) == pytest.approx(0, abs=1e-6)  # on the ray from the person
    assert 0 < px / x < 1


def test_planned_ties_must_be_alters_of_the_map(everyday_map):
    with pytest.raises(ValueError, match="nobody"):
        layout(everyday_map, planned={"nobody"})


def test_stress_marks_stay_off_the_nodes_and_their_labels(everyday_map):
    lay = layout(everyday_map)
    stressed = [("ego", a.id, a.stress) for a in everyday_map.alters if a.stress != "none"]
    stressed += [(t.source, t.target, t.stress) for t in everyday_map.ties if t.stress != "none"]
    assert stressed
    for source, target, stress in stressed:
        marks = lay.stress_marks(source, target, stress)
        assert len(marks) == {"some": 3, "high": 6}[stress]
        for (x1, y1), (x2, y2) in marks:
            middle = ((x1 + x2) / 2, (y1 + y2) / 2)
            for end in (lay.nodes[source], lay.nodes[target]):
                assert not Box.around(*middle, 0.1, 0.1).overlaps(end.label_box)
                assert math.dist(middle, (end.x, end.y)) > end.radius


def test_clearance_reaches_past_a_label_the_line_crosses():
    lay = layout(make_map([Alter(id="ruth", name="Ruth Evans-Okafor", sector="family", circle=1)]))
    ego = lay.nodes[EGO_ID]
    below = (0.0, -500.0)  # straight down through the person's own label
    assert lay.clearance(EGO_ID, below) == pytest.approx(-ego.label_box.y0)
    assert lay.clearance(EGO_ID, (0.0, 500.0)) == ego.radius


def test_a_drop_lands_in_the_ring_and_sector_under_it():
    """The rule the drag uses, checked by hand on the layout of a small map."""
    from ecomap import edit
    from ecomap.layout import spot_at

    m = edit.quick_add(edit.new_map("A", date(2026, 1, 1)), "Ruth", "family")
    m = edit.quick_add(m, "Sam", "friends")
    lay = layout(m)
    inner, first = lay.rings[0].inner, lay.rings[0].radius
    family = next(s for s in lay.sectors if s.sector == "family")
    middle = (family.start + family.end) / 2
    r = (inner + first) / 2
    assert spot_at(lay, r * math.sin(middle), r * math.cos(middle)) == (1, "family")
    assert spot_at(lay, 0.0, 0.0)[0] == 1
    far = lay.rings[-1].radius + 100
    assert spot_at(lay, far * math.sin(middle), far * math.cos(middle)) == (4, "family")
