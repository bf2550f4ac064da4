"""The concentric ecomap layout: the person at the centre, the relationship circles as rings, the
alters of one sector together in one angular sector.

The rings are Forest & Pearpoint's circles of relationships (1 intimacy, 2 friendship,
3 participation, 4 exchange), the innermost closest to the person. Sectors go clockwise from
12 o'clock in the order of :data:`ecomap.model.SECTORS` (household, family, friends, neighbours,
community, faith, work and learning, health, social care, other services, online, pets), so
every map reads the same way: home and family at the top right, friends and community on the
right, services at the bottom and left, pets just before 12 o'clock. An empty sector takes no
space.

The rules, all deterministic:

1. Alters are ordered by sector, then circle, then id, and each takes one angular slot in that
   order. A sector spans ``max(count, MIN_SECTOR_SLOTS)`` slots plus a gap, so its angle is
   proportional to its size; adding one alter shrinks every other slot by a factor
   ``n / (n + 1)``, which moves the others only a little.
2. Circles are placed from the inside out, each circle's alters in angular order. Labels are
   modelled as boxes (an approximate width per character at the label's font size, see
   :func:`text_width`); an alter takes the first spot where neither its node nor its label
   touches anything placed before it, trying the middle of a ``MIN_BAND``-wide band on its own
   ray first, then radii staggered outwards and inwards, a nudge of less than half a slot
   either side of its ray, and its label over rather than under the node.
3. A crowded circle grows: an alter that finds no room in the minimal band moves further out,
   and the circle's line is drawn just outside its outermost alter (and clear of the circle's
   name, written on the line at 12 o'clock). The next circle starts there.
4. Sector names sit outside the outer circle on the middle ray of their sector, pushed out
   until they are clear.

Coordinates are layout units (one CSS pixel at 100 % in the interactive map) with y pointing
up; renderers whose y points down flip it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ecomap.model import CIRCLES, EGO_ID, SECTORS, Alter, EcoMap
from ecomap.notation import (
    EGO_FONT_SIZE,
    EGO_RADIUS,
    LABEL_FONT_SIZE,
    NODE_RADIUS,
    PLANNED_FONT_SIZE,
    PLANNED_LABEL,
    RING_FONT_SIZE,
    SECTOR_FONT_SIZE,
    SECTOR_NAMES,
    Point,
    Segment,
    alter_label,
    ego_label,
    stress_marks,
)

MIN_SECTOR_SLOTS = 2.0
SECTOR_GAP_SLOTS = 0.8
EGO_ZONE = 52.0
MIN_BAND = 66.0
LEVEL_STEP = 12.0
LABEL_GAP = 3.0
LABEL_PAD = 2.0
LINE_HEIGHT = 1.25
#: Room a node needs from the ring lines; shapes reach up to 1.3 node radii.
NODE_CLEARANCE = 1.3 * NODE_RADIUS + 4.0
SECTOR_LABEL_MARGIN = 12.0
SECTOR_LABEL_STEP = 6.0
PLANNED_LABEL_AT: tuple[float, ...] = (0.5, 0.42, 0.58, 0.34, 0.66)
#: Turns off an alter's own ray to try, in slots (below one half, so neighbours keep their order).
ANGLE_NUDGES: tuple[float, ...] = (0.0, 0.3, -0.3)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle; boxes that only touch do not overlap."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float) -> Box:
        return cls(x - width / 2, y - height / 2, x + width / 2, y + height / 2)

    @property
    def centre(self) -> Point:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )


@dataclass(frozen=True)
class PlacedNode:
    """A node and its label. ``circle`` is 0 and ``sector`` empty for the person."""

    id: str
    x: float
    y: float
    radius: float
    angle: float
    circle: int
    sector: str
    label: str
    font_size: float
    node_box: Box
    label_box: Box


@dataclass(frozen=True)
class Ring:
    """Circle ``circle`` occupies the band from ``inner`` to ``radius``; its line is drawn at
    ``radius`` and its name sits on the line at 12 o'clock."""

    circle: int
    name: str
    inner: float
    radius: float
    label: str
    label_box: Box


@dataclass(frozen=True)
class SectorSpan:
    """A sector's angles in radians, clockwise from 12 o'clock, and where its name goes."""

    sector: str
    start: float
    end: float
    count: int
    label: str
    label_box: Box


@dataclass(frozen=True)
class Layout:
    nodes: dict[str, PlacedNode]
    rings: tuple[Ring, ...]
    sectors: tuple[SectorSpan, ...]
    planned_labels: dict[str, Box]
    bounds: Box

    @property
    def positions(self) -> dict[str, Point]:
        return {node_id: (n.x, n.y) for node_id, n in self.nodes.items()}

    def text_boxes(self) -> list[Box]:
        """Every piece of text on the map: node labels, ring names, sector names, 'planned'."""
        return [
            *(n.label_box for n in self.nodes.values()),
            *(r.label_box for r in self.rings),
            *(s.label_box for s in self.sectors),
            *self.planned_labels.values(),
        ]

    def all_boxes(self) -> list[Box]:
        return [*(n.node_box for n in self.nodes.values()), *self.text_boxes()]

    def clearance(self, node_id: str, towards: Point) -> float:
        """How far a line from the node towards ``towards`` runs before it leaves the node and
        the node's own label (a line to the centre may cross the label hanging below)."""
        node = self.nodes[node_id]
        start = (node.x, node.y)
        crossing = _crossing(start, towards, node.label_box)
        return max(node.radius, crossing[1] * math.dist(start, towards) if crossing else 0.0)

    def stress_marks(self, source: str, target: str, stress: str) -> list[Segment]:
        """The hatch marks of a stressful tie between two nodes, clear of both nodes and their
        labels (see :func:`ecomap.notation.stress_marks`)."""
        p, q = self.positions[source], self.positions[target]
        return stress_marks(p, q, stress, self.clearance(source, q), self.clearance(target, p))


def _crossing(start: Point, end: Point, box: Box) -> tuple[float, float] | None:
    """Where the segment from ``start`` to ``end`` is inside ``box``, as fractions of its length
    (Liang-Barsky clipping), or ``None`` when it misses the box."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    t_in, t_out = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0:
            if q < 0:
                return None
        elif p < 0:
            t_in = max(t_in, q / p)
        else:
            t_out = min(t_out, q / p)
    return (t_in, t_out) if t_in < t_out else None


# --- text metrics -----------------------------------------------------------------------------

_NARROW = set(" .,:;'!|ijlrtfI()[]-\u2019")
_WIDE = set("mwMW@%")


def _char_em(char: str) -> float:
    """Approximate advance of one character in em for Arial/Liberation Sans, a little generous
    so that DejaVu Sans (wider) fits too."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.05
    if char in _NARROW:
        return 0.33
    if char in _WIDE:
        return 0.92
    if char.isupper():
        return 0.7
    return 0.58 if char.isdigit() else 0.6


def text_width(text: str, font_size: float) -> float:
    """Approximate width of text (its widest line), in the units of ``font_size``."""
    return max(sum(_char_em(c) for c in line) for line in text.split("\n")) * font_size


def text_height(text: str, font_size: float) -> float:
    """Height of text: one line height per line."""
    return (text.count("\n") + 1) * font_size * LINE_HEIGHT


def text_box(text: str, font_size: float, x: float, y: float) -> Box:
    """The box of text centred on ``(x, y)``, with padding."""
    return Box.around(x, y, text_width(text, font_size) + 2 * LABEL_PAD, text_height(text, font_size))


def label_box(text: str, font_size: float, x: float, y: float, radius: float, above: bool = False) -> Box:
    """The box of a label drawn centred under (or over) a node of ``radius`` at ``(x, y)``."""
    height = text_height(text, font_size)
    offset = radius + LABEL_GAP + height / 2
    width = text_width(text, font_size) + 2 * LABEL_PAD
    return Box.around(x, y + offset if above else y - offset, width, height)


def node_box(x: float, y: float, radius: float, above: bool = False) -> Box:
    """Room for any node shape (shapes reach 1.3 radii), except on its label's side, where the
    label hangs just past the shape's lowest (or highest) point."""
    reach = 1.3 * radius + 1.0
    near = radius + 1.0
    return Box(x - reach, y - (reach if above else near), x + reach, y + (near if above else reach))


# --- angles -------------------------------------------------------------------------------------

_SECTOR_ORDER = {s: i for i, s in enumerate(SECTORS)}


def ordered_alters(alters: Iterable[Alter]) -> list[Alter]:
    """Alters in drawing order: by sector (model order), then circle, then id."""
    return sorted(alters, key=lambda a: (_SECTOR_ORDER[a.sector], a.circle, a.id))


def sector_angles(
    ordered: Sequence[Alter],
) -> tuple[list[tuple[str, float, float, int]], dict[str, float], float]:
    """Angular span of each non-empty sector, the angle of each alter (radians, clockwise from
    12 o'clock) and the angle of one slot. A sector spans ``max(count, MIN_SECTOR_SLOTS)``
    slots shared equally by its alters; a gap of ``SECTOR_GAP_SLOTS`` follows each sector, the
    first half-gap straddling 12 o'clock."""
    counts: dict[str, int] = {}
    for a in ordered:
        counts[a.sector] = counts.get(a.sector, 0) + 1
    total = sum(max(c, MIN_SECTOR_SLOTS) + SECTOR_GAP_SLOTS for c in counts.values())
    if not total:
        return [], {}, 0.0
    slot = 2 * math.pi / total
    spans = []
    angles: dict[str, float] = {}
    cursor = SECTOR_GAP_SLOTS / 2
    index = 0
    for sector, count in counts.items():
        width = max(count, MIN_SECTOR_SLOTS)
        spans.append((sector, cursor * slot, (cursor + width) * slot, count))
        for i in range(count):
            angles[ordered[index].id] = (cursor + (i + 0.5) * width / count) * slot
            index += 1
        cursor += width + SECTOR_GAP_SLOTS
    return spans, angles, slot


# --- collision index ----------------------------------------------------------------------------


class _BoxIndex:
    """Boxes bucketed on a grid, so a collision query looks only at its neighbourhood."""

    def __init__(self, cell: float = 48.0):
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[Box]] = {}

    def _cells(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x0 / c), math.floor(box.x1 / c) + 1):
            for j in range(math.floor(box.y0 / c), math.floor(box.y1 / c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._cells(box):
            self.buckets.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(box.overlaps(other) for key in self._cells(box) for other in self.buckets.get(key, ()))


# --- rings ----------------------------------------------------------------------------------------


def _candidate_radii(inner: float) -> Iterator[float]:
    """Radii to try in the band starting at ``inner``: the middle of a minimal band first, then
    staggered outwards and inwards within it, then ever further out (the band grows)."""
    low, high = inner + NODE_CLEARANCE, inner + MIN_BAND - NODE_CLEARANCE
    middle = (low + high) / 2
    yield middle
    step = 1
    while middle - step * LEVEL_STEP >= low:
        yield middle + step * LEVEL_STEP
        yield middle - step * LEVEL_STEP
        step += 1
    while True:
        yield middle + step * LEVEL_STEP
        step += 1


def _ring(circle: int, inner: float, outer: float) -> Ring:
    label = f"{circle} {CIRCLES[circle]}"
    return Ring(circle, CIRCLES[circle], inner, outer, label, text_box(label, RING_FONT_SIZE, 0, outer))


def _close_ring(circle: int, inner: float, placed: Sequence[PlacedNode], index: _BoxIndex) -> Ring:
    """The ring's line: clear of its own nodes and at least ``MIN_BAND`` out, moved further out
    until its name (on the line at 12 o'clock) touches nothing."""
    outer = max([inner + MIN_BAND, *(math.hypot(n.x, n.y) + NODE_CLEARANCE for n in placed)])
    ring = _ring(circle, inner, outer)
    while index.hits(ring.label_box):
        outer += LEVEL_STEP / 2
        ring = _ring(circle, inner, outer)
    return ring


# --- placement ------------------------------------------------------------------------------------


def _ego(name: str) -> PlacedNode:
    label = ego_label(name)
    return PlacedNode(
        id=EGO_ID, x=0.0, y=0.0, radius=EGO_RADIUS, angle=0.0, circle=0, sector="", label=label,
        font_size=EGO_FONT_SIZE, node_box=node_box(0.0, 0.0, EGO_RADIUS),
        label_box=label_box(label, EGO_FONT_SIZE, 0.0, 0.0, EGO_RADIUS),
    )  # fmt: skip


def _planned_boxes(x: float, y: float) -> list[Box]:
    """Where the word "planned" may go on the line from the person to ``(x, y)``."""
    return [text_box(PLANNED_LABEL, PLANNED_FONT_SIZE, t * x, t * y) for t in PLANNED_LABEL_AT]


@dataclass(frozen=True)
class _Spot:
    x: float
    y: float
    angle: float
    node_box: Box
    label_box: Box
    planned_box: Box | None


def _spots(label: str, angle: float, slot: float, inner: float, planned: bool) -> Iterator[_Spot]:
    """Every place an alter may take, best first: radii from :func:`_candidate_radii`, at each
    its own ray and then a little either side (less than half a slot, so sectors and their
    order stay intact), the label under the node and then over it."""
    for r in _candidate_radii(inner):
        for turn in ANGLE_NUDGES:
            theta = angle + turn * slot
            x, y = r * math.sin(theta), r * math.cos(theta)
            for above in (False, True):
                boxes = (
                    node_box(x, y, NODE_RADIUS, above),
                    label_box(label, LABEL_FONT_SIZE, x, y, NODE_RADIUS, above),
                )
                for planned_box in _planned_boxes(x, y) if planned else (None,):
                    yield _Spot(x, y, theta, *boxes, planned_box)


def _free(spot: _Spot, index: _BoxIndex) -> bool:
    if index.hits(spot.node_box) or index.hits(spot.label_box):
        return False
    p = spot.planned_box
    return p is None or not (index.hits(p) or p.overlaps(spot.node_box) or p.overlaps(spot.label_box))


def _place_circle(
    alters: Sequence[Alter],
    angles: dict[str, float],
    slot: float,
    inner: float,
    index: _BoxIndex,
    planned: frozenset[str],
) -> tuple[list[PlacedNode], dict[str, Box]]:
    """Place one circle's alters in angular order, each on its first free spot."""
    nodes = []
    planned_labels = {}
    for a in alters:
        label = alter_label(a)
        spot = next(s for s in _spots(label, angles[a.id], slot, inner, a.id in planned) if _free(s, index))
        for box in (spot.node_box, spot.label_box, spot.planned_box):
            if box is not None:
                index.add(box)
        if spot.planned_box is not None:
            planned_labels[a.id] = spot.planned_box
        node = PlacedNode(
            id=a.id, x=spot.x, y=spot.y, radius=NODE_RADIUS, angle=spot.angle, circle=a.circle,
            sector=a.sector, label=label, font_size=LABEL_FONT_SIZE, node_box=spot.node_box,
            label_box=spot.label_box,
        )  # fmt: skip
        nodes.append(node)
    return nodes, planned_labels


def _sector_label(sector: str, start: float, end: float, beyond: float, index: _BoxIndex) -> Box:
    """The sector's name on its middle ray, just outside radius ``beyond``, pushed outwards
    until it touches nothing already placed."""
    label = SECTOR_NAMES[sector]
    middle = (start + end) / 2
    ux, uy = math.sin(middle), math.cos(middle)
    box = text_box(label, SECTOR_FONT_SIZE, 0, 0)
    # Distance from a box's centre to its edge along the ray, so the near edge sits at rho.
    reach = abs(ux) * box.width / 2 + abs(uy) * box.height / 2
    rho = beyond + SECTOR_LABEL_MARGIN
    while True:
        placed = text_box(label, SECTOR_FONT_SIZE, (rho + reach) * ux, (rho + reach) * uy)
        if not index.hits(placed):
            return placed
        rho += SECTOR_LABEL_STEP


def layout(m: EcoMap, planned: Collection[str] = ()) -> Layout:
    """Lay out map ``m``. ``planned`` names alters of ``m`` whose tie to the person is planned
    (a suggestion's preview); each gets room for a "planned" label on its line."""
    planned = frozenset(planned)
    unknown = planned - {a.id for a in m.alters}
    if unknown:
        raise ValueError(f"planned ties name alters not in the map: {', '.join(sorted(unknown))}")
    ordered = ordered_alters(m.alters)
    spans, angles, slot = sector_angles(ordered)
    ego = _ego(m.ego.name)
    index = _BoxIndex()
    index.add(ego.node_box)
    index.add(ego.label_box)
    nodes: dict[str, PlacedNode] = {EGO_ID: ego}
    planned_labels: dict[str, Box] = {}
    rings = []
    inner = EGO_ZONE
    for circle in CIRCLES:
        members = [a for a in ordered if a.circle == circle]
        placed, labels = _place_circle(members, angles, slot, inner, index, planned)
        nodes.update((n.id, n) for n in placed)
        planned_labels.update(labels)
        rings.append(_close_ring(circle, inner, placed, index))
        index.add(rings[-1].label_box)
        inner = rings[-1].radius
    sectors = []
    for sector, start, end, count in spans:
        box = _sector_label(sector, start, end, inner, index)
        index.add(box)
        sectors.append(SectorSpan(sector, start, end, count, SECTOR_NAMES[sector], box))
    bounds = Box(-inner, -inner, inner, inner)
    for box in [
        *(n.node_box for n in nodes.values()),
        *(n.label_box for n in nodes.values()),
        *(s.label_box for s in sectors),
        *planned_labels.values(),
    ]:
        bounds = bounds.union(box)
    in_order = {EGO_ID: ego, **{a.id: nodes[a.id] for a in ordered}}
    return Layout(in_order, tuple(rings), tuple(sectors), planned_labels, bounds)


def spot_at(lay: Layout, x: float, y: float) -> tuple[int, str | None]:
    """The circle and the sector under the point ``(x, y)`` (layout units, y up), where a node
    dragged on the map was let go.

    The circle is the ring whose band holds the point: the person's own zone counts as the
    innermost circle and anything beyond the outer line as the outermost. The sector is the one
    whose wedge holds the point's angle, or ``None`` in the gap between two sectors (the
    alter keeps its sector).
    """
    distance = math.hypot(x, y)
    circle = next((r.circle for r in lay.rings if distance <= r.radius), lay.rings[-1].circle)
    angle = math.atan2(x, y) % (2 * math.pi)  # clockwise from 12 o'clock, as the sectors are
    sector = next((s.sector for s in lay.sectors if s.start <= angle < s.end), None)
    return circle, sector
