"""The ecomap's visual vocabulary, shared by the interactive map (:mod:`ecomap.render`), the static
picture (:mod:`ecomap.figure`) and the key (``docs/notation.md``).

Lines follow Hartman's ecomap (1978): a thick line is a strong tie, a thin line a moderate one, a
dashed line a tenuous one; hatch marks across a line (``-/-/-``) show stress, drawn *on top of*
the strength so that a tie can read as strong and stressful at once; arrowheads show which way
support flows. Two additions carry facts Hartman drew in words: faint lines are dormant ties
(no contact for six months or more), and dotted blue lines labelled "planned" are ties a
suggestion would create. Dormancy is :func:`ecomap.measures.is_dormant`, the same rule the
measures count.

Nodes: the shape says what kind of thing an alter is, the fill says its sector, and a thick
dashed border and the word ``paid`` under the name mark paid support, so no fact is carried by colour
alone. The fills come from the Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008): twelve
sectors are grouped into five families of hue (home and family orange, friends and neighbours
sky blue, community green, services purple, pets yellow), sectors within a family told apart by
tint; the map also groups and names every sector around the rim, so the sector is never read
from colour alone.

Every length is in layout units: one unit is one CSS pixel when the interactive map is at 100 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ecomap.measures import is_dormant
from ecomap.model import DORMANT_AFTER_DAYS, Alter, AlterTie

Point = tuple[float, float]
Segment = tuple[Point, Point]

#: Text faces, first available wins (Liberation Sans has Arial's metrics; DejaVu is the fallback).
FONT_FAMILY: tuple[str, ...] = ("Liberation Sans", "Arial", "Helvetica", "DejaVu Sans")
LABEL_FONT_SIZE = 14.0
EGO_FONT_SIZE = 17.0
RING_FONT_SIZE = 12.0
SECTOR_FONT_SIZE = 14.0
PLANNED_FONT_SIZE = 12.0
LABEL_MAX_CHARS = 22
#: Alter labels wrap: the name over two lines of about this many characters, the role below.
LABEL_LINE_CHARS = 18
LABEL_NAME_LINES = 2
#: Text is drawn with a paper-coloured halo this wide, so it stays readable over lines.
LABEL_HALO = 4.0

NODE_RADIUS = 11.0
EGO_RADIUS = 22.0

INK = "#222222"
LINE_INK = "#3b3b3b"
MUTED_INK = "#6b6b6b"
STRESS_COLOUR = "#D55E00"  # Okabe-Ito vermilion
PLANNED_COLOUR = "#0072B2"  # Okabe-Ito blue
ALTER_TIE_COLOUR = "#8da2b5"  # blue-grey: apart from the faded ink of dormant ties
RING_COLOUR = "#b8b8b8"
RING_LINE_WIDTH = 1.2
#: Ring bands are shaded alternately, from the innermost; sectors are tinted with their colour.
RING_FILLS: tuple[str, str] = ("#f4f4f4", "#fbfbfb")
SECTOR_TINT_OPACITY = 0.12
PAPER = "#ffffff"

DORMANT_OPACITY = 0.35
DORMANT_NODE_OPACITY = 0.55
PAID_MARK = "paid"


# --- sectors: colour families ---------------------------------------------------------------


@dataclass(frozen=True)
class SectorFamily:
    """Sectors that share a hue; ``ink`` is a darker shade readable as text on white."""

    ink: str
    fills: dict[str, str]


SECTOR_FAMILIES: tuple[SectorFamily, ...] = (
    # home and family: orange
    SectorFamily("#8a5a00", {"household": "#E69F00", "family": "#F5C86E"}),
    # friends and neighbours: sky blue
    SectorFamily("#1f6e9c", {"friends": "#56B4E9", "neighbours": "#B1DCF5"}),
    # community, faith, work and online: bluish green
    SectorFamily(
        "#00664a",
        {"community": "#009E73", "faith": "#6CCBAF", "work_learning": "#00684C", "online": "#BDE7DA"},
    ),
    # health and care services: reddish purple
    SectorFamily("#83396a", {"health": "#CC79A7", "social_care": "#9C4A7D", "other_services": "#EBC3D9"}),
    # pets: yellow
    SectorFamily("#6b6600", {"pets": "#F0E442"}),
)

SECTOR_FILL: dict[str, str] = {s: c for family in SECTOR_FAMILIES for s, c in family.fills.items()}
SECTOR_INK: dict[str, str] = {s: family.ink for family in SECTOR_FAMILIES for s in family.fills}

SECTOR_NAMES: dict[str, str] = {
    "household": "Household",
    "family": "Family",
    "friends": "Friends",
    "neighbours": "Neighbours",
    "community": "Community",
    "faith": "Faith",
    "work_learning": "Work & learning",
    "health": "Health",
    "social_care": "Social care",
    "other_services": "Other services",
    "online": "Online",
    "pets": "Pets",
}


# --- node shapes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A node shape: vis-network's name for it and its outline as a regular polygon.

    ``sides`` 0 is a circle; ``rotation`` is in degrees, 0 putting a vertex at 12 o'clock;
    ``scale`` is the polygon's circumradius in node radii and ``drop`` how far its centre sits
    below the node's centre, both matching how vis-network draws the shape at ``vis_size``
    node radii, so that the picture and the interactive map look the same.
    """

    vis: str
    sides: int
    rotation: float
    scale: float
    vis_size: float
    meaning: str
    drop: float = 0.0


SHAPES: dict[str, Shape] = {
    "person": Shape("dot", 0, 0.0, 1.0, 1.0, "a person"),
    "group": Shape("hexagon", 6, 30.0, 1.1, 1.1, "a group or club"),
    "service": Shape("square", 4, 45.0, 1.2, 1.2 / math.sqrt(2), "a service or professional"),
    # vis-network's triangle: side 2.3 radii, centroid 0.316 radii below the node's centre.
    "place": Shape("triangle", 3, 0.0, 2.3 / math.sqrt(3), 1.0, "a place", drop=0.316),
    "pet": Shape("diamond", 4, 0.0, 1.25, 1.25, "a pet"),
}


def shape_outline(kind: str, centre: Point, radius: float) -> list[Point] | None:
    """The polygon of a node shape in y-up coordinates, or ``None`` for a circle."""
    shape = SHAPES[kind]
    if shape.sides == 0:
        return None
    r = radius * shape.scale
    x, y = centre[0], centre[1] - shape.drop * radius
    turn = 2 * math.pi / shape.sides
    start = math.radians(shape.rotation)
    angles = [start + i * turn for i in range(shape.sides)]
    return [(x + r * math.sin(a), y + r * math.cos(a)) for a in angles]


# --- ties ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineStyle:
    """How one tie is drawn. ``dashes`` are on/off lengths (empty: solid)."""

    colour: str
    width: float
    dashes: tuple[float, ...] = ()
    opacity: float = 1.0
    arrow_to_person: bool = False
    arrow_to_alter: bool = False
    stress: str = "none"


STRENGTH_LINES: dict[str, LineStyle] = {
    "strong": LineStyle(LINE_INK, 5.0),
    "moderate": LineStyle(LINE_INK, 2.0),
    "tenuous": LineStyle(LINE_INK, 1.6, (9.0, 6.0)),
}
PLANNED_DASHES: tuple[float, ...] = (2.0, 5.0)
ALTER_TIE_WIDTH = 1.2
ALTER_TIE_OPACITY = 0.8


def person_tie_style(
    alter: Alter, map_date: date, planned: bool = False, after_days: int = DORMANT_AFTER_DAYS
) -> LineStyle:
    """The line between the person and ``alter``: strength sets weight and dashes, stress adds
    hatch marks, flow adds arrowheads (support reaching the person points at the person), a
    dormant tie is faint and a planned tie is dotted blue whatever its recorded strength.
    ``after_days`` is the dormancy threshold the assessment uses (``Thresholds.dormant_after_days``)."""
    base = STRENGTH_LINES[alter.strength]
    flow = alter.flow
    return LineStyle(
        colour=PLANNED_COLOUR if planned else base.colour,
        width=2.0 if planned else base.width,
        dashes=PLANNED_DASHES if planned else base.dashes,
        opacity=DORMANT_OPACITY if is_dormant(alter, map_date, after_days) and not planned else 1.0,
        arrow_to_person=flow in ("to_person", "mutual"),
        arrow_to_alter=flow in ("from_person", "mutual"),
        stress=alter.stress,
    )


def alter_tie_style(tie: AlterTie) -> LineStyle:
    """A tie between two alters: lighter and thinner than any tie to the person, no arrows."""
    return LineStyle(ALTER_TIE_COLOUR, ALTER_TIE_WIDTH, opacity=ALTER_TIE_OPACITY, stress=tie.stress)


#: Stress hatching: (number of marks, spacing between marks, mark stroke width).
STRESS_HATCHING: dict[str, tuple[int, float, float]] = {"some": (3, 9.0, 2.2), "high": (6, 6.0, 2.6)}
STRESS_MARK_HALF_LENGTH = 7.0
STRESS_MARK_ANGLE = math.radians(60)
#: Where along the visible line the marks sit (0 = the person's end), clear of the crowded centre.
STRESS_MARK_AT = 0.62


def stress_marks(
    start: Point, end: Point, stress: str, start_clear: float, end_clear: float
) -> list[Segment]:
    """Hatch marks (``/``) across the line from ``start`` to ``end`` for a stressful tie.

    The marks are centred at ``STRESS_MARK_AT`` of the part of the line left once
    ``start_clear`` and ``end_clear`` (how far the nodes, and labels the line crosses, reach
    along it) are cut from its ends; they are squeezed to fit when that part is short. No
    stress, no marks.
    """
    if stress not in STRESS_HATCHING:
        return []
    count, spacing, _ = STRESS_HATCHING[stress]
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    visible = length - start_clear - end_clear
    if visible <= 0:
        return []
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    spacing = min(spacing, 0.8 * visible / count)
    half_group = spacing * (count - 1) / 2
    centre = start_clear + STRESS_MARK_AT * visible
    centre = min(max(centre, start_clear + half_group), length - end_clear - half_group)
    cos_a, sin_a = math.cos(STRESS_MARK_ANGLE), math.sin(STRESS_MARK_ANGLE)
    # The mark direction: the line's direction turned by 60 degrees.
    mx, my = ux * cos_a - uy * sin_a, ux * sin_a + uy * cos_a
    h = STRESS_MARK_HALF_LENGTH
    marks = []
    for i in range(count):
        along = centre + (i - (count - 1) / 2) * spacing
        cx, cy = x0 + ux * along, y0 + uy * along
        marks.append(((cx - mx * h, cy - my * h), (cx + mx * h, cy + my * h)))
    return marks


# --- nodes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeStyle:
    """How one node is drawn: shape (by kind), fill, border, size and opacity."""

    kind: str
    fill: str
    border: str
    border_width: float
    border_dashes: tuple[float, ...]
    radius: float
    opacity: float


PAID_BORDER_DASHES: tuple[float, ...] = (3.0, 2.0)
EGO_STYLE = NodeStyle("person", PAPER, INK, 4.0, (), EGO_RADIUS, 1.0)


def alter_node_style(
    alter: Alter, map_date: date, planned: bool = False, after_days: int = DORMANT_AFTER_DAYS
) -> NodeStyle:
    """Fill by sector, shape by kind; paid support has a thick dashed border; a planned alter's
    border is the planned blue; the node of a dormant tie (``after_days`` as in
    :func:`person_tie_style`) is faded with its line."""
    return NodeStyle(
        kind=alter.kind,
        fill=SECTOR_FILL[alter.sector],
        border=PLANNED_COLOUR if planned else INK,
        border_width=3.0 if alter.is_paid else (2.5 if planned else 1.2),
        border_dashes=PAID_BORDER_DASHES if alter.is_paid else (),
        radius=NODE_RADIUS,
        opacity=DORMANT_NODE_OPACITY if is_dormant(alter, map_date, after_days) and not planned else 1.0,
    )


def shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    """One line of at most ``limit`` characters, an ellipsis marking a cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int = LABEL_LINE_CHARS, lines: int = LABEL_NAME_LINES) -> list[str]:
    """``text`` over at most ``lines`` lines of about ``width`` characters, broken between words
    (a word longer than a line is cut), an ellipsis marking what did not fit.

    >>> wrap("St Michael's Church, Brackford")
    ["St Michael's", 'Church, Brackford']
    """
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word if len(word) <= width else word[: width - 1] + "…")
    if len(out) > lines:
        out = out[: lines - 1] + [shorten(" ".join(out[lines - 1 :]), width)]
    return out


def alter_label(alter: Alter) -> str:
    """The words under an alter's node, for the eye and for touch screens (nothing hides behind
    a hover): the name over up to two lines, then the role, with the word ``paid`` for paid
    support (a ``£`` read as a charge to the person)."""
    details = ", ".join(part for part in (alter.role.strip(), PAID_MARK if alter.is_paid else "") if part)
    lines = wrap(alter.name)
    if details:
        lines.append(shorten(details, LABEL_LINE_CHARS + 4))
    return "\n".join(lines)


def ego_label(name: str) -> str:
    return shorten(name, LABEL_MAX_CHARS + 8)


PLANNED_LABEL = "planned"


# --- the key ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineKey:
    label: str
    style: LineStyle


LINE_KEY: tuple[LineKey, ...] = (
    LineKey("strong tie", STRENGTH_LINES["strong"]),
    LineKey("moderate tie", STRENGTH_LINES["moderate"]),
    LineKey("tenuous tie", STRENGTH_LINES["tenuous"]),
    LineKey("some stress (on any line)", LineStyle(LINE_INK, 2.0, stress="some")),
    LineKey("high stress", LineStyle(LINE_INK, 2.0, stress="high")),
    LineKey("support to the person", LineStyle(LINE_INK, 2.0, arrow_to_person=True)),
    LineKey("the person gives support", LineStyle(LINE_INK, 2.0, arrow_to_alter=True)),
    LineKey("support both ways", LineStyle(LINE_INK, 2.0, arrow_to_person=True, arrow_to_alter=True)),
    LineKey("dormant (6 months or more)", LineStyle(LINE_INK, 2.0, opacity=DORMANT_OPACITY)),
    LineKey("planned, not yet real", LineStyle(PLANNED_COLOUR, 2.0, PLANNED_DASHES)),
    LineKey("between others in the map", alter_tie_style(AlterTie(source="a", target="b"))),
)

#: Key swatches: a line runs this long, the person at its left end; a shape has this radius.
KEY_LINE_LENGTH = 38.0
KEY_SHAPE_RADIUS = 7.0
KEY_SHAPE_FILL = "#d9d9d9"

KeyRow = tuple[str, LineStyle | NodeStyle]


def _key_shape(
    kind: str, fill: str = KEY_SHAPE_FILL, width: float = 1.0, dashes: tuple[float, ...] = ()
) -> NodeStyle:
    return NodeStyle(kind, fill, INK, width, dashes, KEY_SHAPE_RADIUS, 1.0)


def key_sections() -> list[tuple[str, list[KeyRow]]]:
    """The key every picture carries: its sections, each a heading and rows of (words, what to
    draw beside them)."""
    lines: list[KeyRow] = [(k.label, k.style) for k in LINE_KEY]
    shapes: list[KeyRow] = [
        ("the person whose map it is", _key_shape("person", EGO_STYLE.fill, 2.5)),
        *((shape.meaning, _key_shape(kind)) for kind, shape in SHAPES.items()),
        (
            f"paid support (\"{PAID_MARK}\" under the name)",
            _key_shape("person", width=2.0, dashes=PAID_BORDER_DASHES),
        ),
    ]
    sectors: list[KeyRow] = [
        (SECTOR_NAMES[sector], _key_shape("person", fill, 0.8))
        for family in SECTOR_FAMILIES
        for sector, fill in family.fills.items()
    ]
    return [("Lines (person on the left)", lines), ("Shapes", shapes), ("Sectors", sectors)]
