"""The ecomap as a picture for printing, slides and documents (PNG, SVG), and a one-page PDF
summary for the person to keep.

The picture uses the same layout (:mod:`ecomap.layout`) and the same notation
(:mod:`ecomap.notation`) as the interactive map, drawn with matplotlib's object API (no pyplot,
so it is safe to call from a web server): the rings with their names, sectors tinted and named,
nodes by shape and colour with paid support marked, Hartman's lines with stress hatching and
arrows, a title block saying whose map it is and its date, and the key.

Lengths in the layout are converted to points with one scale for the whole map, so text,
lines and shapes keep the proportions the layout planned for (labels that do not overlap on
screen do not overlap on paper). Output is deterministic: no creation dates, fixed SVG ids.
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon, Wedge
from matplotlib.patheffects import withStroke

from ecomap.describe import long_date
from ecomap.layout import Box, Layout, layout
from ecomap.model import EGO_ID, EcoMap
from ecomap.notation import (
    EGO_STYLE,
    FONT_FAMILY,
    INK,
    KEY_LINE_LENGTH,
    LABEL_HALO,
    MUTED_INK,
    PAPER,
    PLANNED_COLOUR,
    PLANNED_FONT_SIZE,
    PLANNED_LABEL,
    RING_COLOUR,
    RING_FILLS,
    RING_FONT_SIZE,
    RING_LINE_WIDTH,
    SECTOR_FILL,
    SECTOR_FONT_SIZE,
    SECTOR_INK,
    SECTOR_TINT_OPACITY,
    STRESS_COLOUR,
    STRESS_HATCHING,
    KeyRow,
    LineStyle,
    NodeStyle,
    Point,
    Segment,
    alter_node_style,
    alter_tie_style,
    key_sections,
    person_tie_style,
    shape_outline,
    stress_marks,
)
from ecomap.settings import Thresholds

PICTURE_SIZE_IN = (13.5, 9.0)
PICTURE_DPI = 150
A4_IN = (8.27, 11.69)
#: Room around the map, in layout units.
FRAME_MARGIN = 8.0
SUMMARY_WRAP = 118
NOTE_WRAP = 125


@cache
def _font_family() -> list[str]:
    """The notation's faces that matplotlib can find here, in order (no warnings for the rest)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [face for face in FONT_FAMILY if face in installed] or ["sans-serif"]


@contextmanager
def _drawing() -> Iterator[None]:
    """Fonts and deterministic output for one drawing, without touching global settings.

    A name in a script the installed fonts lack draws as boxes; the warning for each missing
    glyph is silenced, as it would repeat for every drawing of the map."""
    settings = {
        "font.family": _font_family(),
        "svg.hashsalt": "ecomap",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "axes.unicode_minus": False,
        # Names are data: "$5 a week" or "Jo $x^2$" must draw as typed, never as maths (a stray
        # "$" would garble the text or stop the picture being made at all).
        "text.parse_math": False,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield


# --- the map ------------------------------------------------------------------------------------


def _frame(ax: Axes, bounds: Box) -> float:
    """Fit ``bounds`` (layout units) into ``ax`` with equal scales; return points per unit."""
    fig = ax.figure
    box = ax.get_position()
    width_pt = box.width * fig.get_figwidth() * 72
    height_pt = box.height * fig.get_figheight() * 72
    pt = min(width_pt / bounds.width, height_pt / bounds.height)
    cx, cy = bounds.centre
    ax.set_xlim(cx - width_pt / pt / 2, cx + width_pt / pt / 2)
    ax.set_ylim(cy - height_pt / pt / 2, cy + height_pt / pt / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return pt


def _dash_pattern(dashes: Sequence[float], width: float) -> tuple[int, tuple[float, ...]] | str:
    """A matplotlib dash pattern (which counts in line widths) for dashes in layout units."""
    return (0, tuple(d / width for d in dashes)) if dashes else "solid"


def _mpl_angle(clockwise_from_noon: float) -> float:
    return 90.0 - math.degrees(clockwise_from_noon)


def _draw_background(ax: Axes, lay: Layout, pt: float) -> None:
    for i, ring in reversed(list(enumerate(lay.rings))):
        ax.add_patch(Circle((0, 0), ring.radius, facecolor=RING_FILLS[i % 2], edgecolor="none", zorder=0))
    inner = lay.rings[0].inner
    outer = lay.rings[-1].radius
    ax.add_patch(Circle((0, 0), inner, facecolor=PAPER, edgecolor="none", zorder=0.1))
    for sector in lay.sectors:
        start, end = _mpl_angle(sector.end), _mpl_angle(sector.start)
        tint = Wedge(
            (0, 0),
            outer,
            start,
            end,
            width=outer - inner,
            facecolor=SECTOR_FILL[sector.sector],
            alpha=SECTOR_TINT_OPACITY,
            edgecolor="none",
            zorder=0.2,
        )
        ax.add_patch(tint)
    for ring in lay.rings:
        line = Circle(
            (0, 0), ring.radius, fill=False, edgecolor=RING_COLOUR, lw=RING_LINE_WIDTH * pt, zorder=0.3
        )
        ax.add_patch(line)


def _text(ax: Axes, pt: float, at: Point, text: str, size: float, colour: str, **style: object) -> None:
    """Text centred at ``at`` with a halo; ``size`` in layout units."""
    halo = [withStroke(linewidth=LABEL_HALO * pt, foreground=PAPER)]
    ax.text(
        *at,
        text,
        ha="center",
        va="center",
        fontsize=size * pt,
        color=colour,
        zorder=8,
        path_effects=halo,
        **style,
    )


def _draw_line(
    ax: Axes,
    pt: float,
    p: Point,
    q: Point,
    style: LineStyle,
    reach: tuple[float, float],
    marks: list[Segment],
    zorder: float,
) -> None:
    """A tie from ``p`` (the person's end) to ``q`` with its stress ``marks`` and arrowheads;
    ``reach`` is how far the node shapes at either end reach along the line."""
    ax.plot(
        [p[0], q[0]],
        [p[1], q[1]],
        color=style.colour,
        alpha=style.opacity,
        lw=style.width * pt,
        linestyle=_dash_pattern(style.dashes, style.width),
        solid_capstyle="butt",
        zorder=zorder,
    )
    for (x1, y1), (x2, y2) in marks:
        ax.plot(
            [x1, x2],
            [y1, y2],
            color=STRESS_COLOUR,
            alpha=style.opacity,
            lw=STRESS_HATCHING[style.stress][2] * pt,
            solid_capstyle="round",
            zorder=zorder + 0.5,
        )
    heads = [(q, p, reach[0])] if style.arrow_to_person else []
    heads += [(p, q, reach[1])] if style.arrow_to_alter else []
    for tail, tip, clear in heads:
        head = _arrow_head(tail, tip, clear, style.width)
        if head:
            ax.add_patch(
                Polygon(
                    head, facecolor=style.colour, edgecolor="none", alpha=style.opacity, zorder=zorder + 0.6
                )
            )


def _arrow_head(tail: Point, tip: Point, clear: float, width: float) -> list[Point]:
    """The triangle of an arrowhead touching the border of a node reaching ``clear`` from
    ``tip``, sized with the line; none when the line is too short to hold it."""
    length = 9.0 + 1.6 * width
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    d = math.hypot(dx, dy)
    if d <= clear + length:
        return []
    ux, uy = dx / d, dy / d
    x, y = tip[0] - ux * (clear + 1), tip[1] - uy * (clear + 1)
    bx, by = x - ux * length, y - uy * length
    half = 0.42 * length
    return [(x, y), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]


def _draw_shape(ax: Axes, pt: float, centre: Point, style: NodeStyle) -> None:
    paint = dict(
        facecolor=style.fill,
        edgecolor=style.border,
        lw=style.border_width * pt,
        alpha=style.opacity,
        linestyle=_dash_pattern(style.border_dashes, style.border_width),
        zorder=5,
    )
    outline = shape_outline(style.kind, centre, style.radius)
    if outline is None:
        ax.add_patch(Circle(centre, style.radius, **paint))
    else:
        ax.add_patch(Polygon(outline, closed=True, joinstyle="miter", **paint))


def draw_map(
    ax: Axes,
    m: EcoMap,
    lay: Layout,
    planned: frozenset[str] = frozenset(),
    settings: Thresholds | None = None,
) -> None:
    """Draw the map into ``ax`` (its position in the figure must be final); a tie fades when it is
    dormant by the ``dormant_after_days`` of ``settings``, the thresholds the assessment uses."""
    days = (settings or Thresholds()).dormant_after_days
    b = lay.bounds
    pt = _frame(ax, Box(b.x0 - FRAME_MARGIN, b.y0 - FRAME_MARGIN, b.x1 + FRAME_MARGIN, b.y1 + FRAME_MARGIN))
    d = m.ego.map_date
    _draw_background(ax, lay, pt)
    at = lay.positions
    ties = [(t.source, t.target, alter_tie_style(t), 1) for t in m.ties]
    ties += [(EGO_ID, a.id, person_tie_style(a, d, a.id in planned, days), 2) for a in m.alters]
    for source, target, style, zorder in ties:
        reach = (lay.nodes[source].radius, lay.nodes[target].radius)
        marks = lay.stress_marks(source, target, style.stress)
        _draw_line(ax, pt, at[source], at[target], style, reach, marks, zorder)
    styles = {EGO_ID: EGO_STYLE, **{a.id: alter_node_style(a, d, a.id in planned, days) for a in m.alters}}
    for node_id, node in lay.nodes.items():
        _draw_shape(ax, pt, at[node_id], styles[node_id])
        _text(ax, pt, node.label_box.centre, node.label, node.font_size, INK)
    for ring in lay.rings:
        _text(ax, pt, ring.label_box.centre, ring.label, RING_FONT_SIZE, MUTED_INK, style="italic")
    for sector in lay.sectors:
        ink = SECTOR_INK[sector.sector]
        _text(ax, pt, sector.label_box.centre, sector.label, SECTOR_FONT_SIZE, ink, weight="bold")
    for box in lay.planned_labels.values():
        _text(
            ax,
            pt,
            box.centre,
            PLANNED_LABEL,
            PLANNED_FONT_SIZE,
            PLANNED_COLOUR,
            style="italic",
            weight="bold",
        )


# --- the key --------------------------------------------------------------------------------------

#: A key row is this many layout units high; text is sized in points.
KEY_ROW = 18.0


def draw_key(ax: Axes, columns: int = 1, font_size: float = 9.0) -> None:
    """Draw the key into ``ax``: sections flow top to bottom over ``columns`` columns, a section
    never split; rows are as tall as the box allows, at most 1.75 lines of text."""
    sections = key_sections()
    gap = 0.6
    columns_of: list[list[tuple[str, list[KeyRow]]]] = [[]]
    target = sum(len(items) + 1 + gap for _, items in sections) / columns
    for section in sections:
        rows = sum(len(items) + 1 + gap for _, items in columns_of[-1])
        if columns_of[-1] and rows + len(section[1]) / 2 > target and len(columns_of) < columns:
            columns_of.append([])
        columns_of[-1].append(section)
    most = max(sum(len(items) + 1 + gap for _, items in column) for column in columns_of)
    fig, box = ax.figure, ax.get_position()
    height_pt = box.height * fig.get_figheight() * 72
    pt = min(font_size * 1.75, height_pt / most) / KEY_ROW
    width = box.width * fig.get_figwidth() * 72 / pt
    _frame(ax, Box(0, 0, width, height_pt / pt))
    for c, column in enumerate(columns_of):
        x, y = c * width / columns, height_pt / pt - KEY_ROW / 2
        for heading, items in column:
            ax.text(x, y, heading, fontsize=font_size * 1.05, weight="bold", va="center", color=INK)
            y -= KEY_ROW
            for text, what in items:
                if isinstance(what, LineStyle):
                    end = (x + KEY_LINE_LENGTH, y)
                    marks = stress_marks((x, y), end, what.stress, 0, 0)
                    _draw_line(ax, pt, (x, y), end, what, (0, 0), marks, 1)
                else:
                    _draw_shape(ax, pt, (x + KEY_LINE_LENGTH / 2, y), what)
                ax.text(x + KEY_LINE_LENGTH + 8, y, text, fontsize=font_size, va="center", color=INK)
                y -= KEY_ROW
            y -= KEY_ROW * gap


# --- figures and files ------------------------------------------------------------------------------


def _title_block(fig: Figure, m: EcoMap, top: float, size: float = 20.0) -> None:
    details = f"Map date: {long_date(m.ego.map_date)}"
    if m.ego.coordinator:
        details += f"  ·  drawn with {m.ego.coordinator}"
    fig.text(0.035, top, f"Ecomap of {m.ego.name}", fontsize=size, weight="bold", color=INK, va="top")
    below = top - size / 72 / fig.get_figheight() * 1.6
    fig.text(0.035, below, details, fontsize=size * 0.55, color=MUTED_INK, va="top")


def figure(m: EcoMap, planned: Collection[str] = (), settings: Thresholds | None = None) -> Figure:
    """The map with its title block and key, landscape, ready to save in any format (``settings``
    as in :func:`draw_map`)."""
    planned = frozenset(planned)
    lay = layout(m, planned)
    fig = Figure(figsize=PICTURE_SIZE_IN, facecolor=PAPER)
    _title_block(fig, m, 0.97)
    draw_map(fig.add_axes((0.01, 0.01, 0.71, 0.86)), m, lay, planned, settings)
    draw_key(fig.add_axes((0.73, 0.04, 0.26, 0.84)))
    return fig


def _save(fig: Figure, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, facecolor=fig.get_facecolor(), **options)
    return buffer.getvalue()


def figure_png(
    m: EcoMap, planned: Collection[str] = (), dpi: int = PICTURE_DPI, settings: Thresholds | None = None
) -> bytes:
    """The picture as PNG, 13.5 x 9 inches at ``dpi`` (2025 x 1350 pixels at 150 dpi)."""
    with _drawing():
        return _save(figure(m, planned, settings), "png", dpi=dpi, metadata={"Software": None})


def figure_svg(m: EcoMap, planned: Collection[str] = (), settings: Thresholds | None = None) -> bytes:
    """The picture as SVG, text drawn as outlines so it looks the same everywhere."""
    with _drawing():
        return _save(figure(m, planned, settings), "svg", metadata={"Date": None})


# --- the one-page summary ---------------------------------------------------------------------------


def _wrapped(items: Sequence[str], width: int, budget: int) -> list[str]:
    """Bulleted, wrapped lines for ``items``, cut to ``budget`` lines with a note of what is left."""
    lines: list[str] = []
    for n, item in enumerate(items):
        wrapped = textwrap.wrap(item, width, initial_indent="•  ", subsequent_indent="   ") or ["•"]
        if len(lines) + len(wrapped) > budget - (1 if n < len(items) - 1 else 0):
            lines.append(f"   ... and {len(items) - n} more (see the full assessment)")
            break
        lines.extend(wrapped)
    return lines


def _shares(needs: Sequence[int], budget: int) -> list[int]:
    """Lines for each section out of ``budget``: each keeps its need up to an even share, and
    what is left goes to the sections in order (strengths come first)."""
    shares = [min(need, budget // len(needs)) for need in needs]
    for n, need in enumerate(needs):
        shares[n] += min(need - shares[n], budget - sum(shares))
    return shares


def summary_figure(
    m: EcoMap,
    strengths: Sequence[str] = (),
    findings: Sequence[str] = (),
    estimate_note: str | None = None,
    planned: Collection[str] = (),
    band: str | None = None,
    questions: Sequence[str] = (),
) -> Figure:
    """The one-page A4 summary (see :func:`summary_pdf`) as a figure."""
    planned = frozenset(planned)
    lay = layout(m, planned)
    fig = Figure(figsize=A4_IN, facecolor=PAPER)
    _title_block(fig, m, 0.975, size=18.0)
    draw_map(fig.add_axes((0.05, 0.47, 0.90, 0.455)), m, lay, planned)
    draw_key(fig.add_axes((0.06, 0.345, 0.90, 0.12)), columns=3, font_size=6.0)
    text_size, note_size = 8.6, 7.6
    line_step = text_size * 1.35 / 72 / A4_IN[1]
    note = textwrap.wrap(estimate_note or "", NOTE_WRAP)[:3]
    y, bottom = 0.33, 0.045 + len(note) * note_size * 1.3 / 72 / A4_IN[1]
    if band:
        fig.text(0.06, y, f"Overall: {band}", fontsize=11.5, weight="bold", color=INK, va="top")
        y -= line_step * 1.7
    sections = [
        ("What is working", list(strengths) or ["(to talk through together)"]),
        ("What the map shows", list(findings) or ["(to talk through together)"]),
    ]
    if questions:
        sections.append(("Worth asking", list(questions)))
    # Each section costs its heading (1.5 lines) and a gap (0.9 lines) besides its own lines.
    budget = int((y - bottom) / line_step - 2.4 * len(sections))
    needs = [len(_wrapped(items, SUMMARY_WRAP, 10 * budget)) for _, items in sections]
    for (heading, items), share in zip(sections, _shares(needs, budget)):
        fig.text(0.06, y, heading, fontsize=11.5, weight="bold", color=INK, va="top")
        y -= line_step * 1.5
        lines = _wrapped(items, SUMMARY_WRAP, max(2, share))
        fig.text(0.06, y, "\n".join(lines), fontsize=text_size, color=INK, va="top", linespacing=1.35)
        y -= line_step * (len(lines) + 0.9)
    if note:
        fig.text(0.06, y, "\n".join(note), fontsize=note_size, style="italic", color=MUTED_INK, va="top")
    fig.text(0.06, 0.02, f"{m.ego.name} · ecomap of {long_date(m.ego.map_date)}", fontsize=7, color=MUTED_INK)
    return fig


def summary_pdf(
    m: EcoMap,
    strengths: Sequence[str] = (),
    findings: Sequence[str] = (),
    estimate_note: str | None = None,
    planned: Collection[str] = (),
    band: str | None = None,
    questions: Sequence[str] = (),
) -> bytes:
    """A one-page A4 PDF for the team: whose map and its date, the map and its key, the ``band``
    in words if given, what is working (their strengths, first), what the map shows (findings in
    plain words), the ``questions`` worth asking (under "Worth asking", if any) and, if given, the
    note that scores are estimates from the map. Long lists are cut, with a note of how many more
    there are, so the summary always fits one page."""
    with _drawing():
        fig = summary_figure(m, strengths, findings, estimate_note, planned, band, questions)
        return _save(fig, "pdf", metadata={"CreationDate": None, "Title": f"Ecomap of {m.ego.name}"})


# --- the person's own copy and the Easy Read copy ---------------------------------------------------

#: Large print: body text of the person's copy, in points (RNIB's clear print asks for 12-14 pt,
#: large print 16 pt and over); the Easy Read copy is larger still.
PERSON_BODY_PT = 14.0
EASY_READ_BODY_PT = 18.0
#: An average character of the sans-serif faces is about this many ems wide: it sets the wrap.
_CHAR_EM = 0.55
_MARGIN = 0.08
#: Each style of a block: (size as a multiple of the body size, weight, colour, space before in lines).
_STYLES: dict[str, tuple[float, str, str, float]] = {
    "title": (1.75, "bold", INK, 0.0),
    "subtitle": (1.0, "normal", MUTED_INK, 0.2),
    "heading": (1.3, "bold", INK, 1.0),
    "body": (1.0, "normal", INK, 0.25),
    "bullet": (1.0, "normal", INK, 0.25),
}


def _text_pages(blocks: Sequence[tuple[str, str]], body: float, footer: str) -> list[Figure]:
    """A4 pages holding ``blocks`` ((style, text) in :data:`_STYLES`) top to bottom, wrapped to
    the page and flowing on to a new page when one is full; a heading is never left alone at
    the foot of a page."""
    pages: list[Figure] = []
    fig: Figure | None = None
    y = 0.0
    usable_pt = A4_IN[0] * (1 - 2 * _MARGIN) * 72
    for n, (style, text) in enumerate(blocks):
        scale, weight, colour, before = _STYLES[style]
        size = body * scale
        indent = "•  " if style == "bullet" else ""
        width = int(usable_pt / (size * _CHAR_EM))
        lines = textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=" " * len(indent)) or [""]
        step = size * 1.35 / 72 / A4_IN[1]
        need = step * (len(lines) + before)
        if style == "heading" and n + 1 < len(blocks):
            need += step * 2  # keep the heading with the start of what follows
        if fig is None or y - need < 0.06:
            fig = Figure(figsize=A4_IN, facecolor=PAPER)
            fig.text(_MARGIN, 0.025, footer, fontsize=body * 0.7, color=MUTED_INK)
            pages.append(fig)
            y = 0.95
        elif before:
            y -= step * before
        fig.text(
            _MARGIN,
            y,
            "\n".join(lines),
            fontsize=size,
            weight=weight,
            color=colour,
            va="top",
            linespacing=1.35,
        )
        y -= step * len(lines)
    return pages


def _map_page(m: EcoMap, title: str, body: float, planned: frozenset[str], easy_read: bool) -> Figure:
    """A page for the map: large, with its key below; the Easy Read map takes more of the page."""
    fig = Figure(figsize=A4_IN, facecolor=PAPER)
    fig.text(_MARGIN, 0.965, title, fontsize=body * 1.5, weight="bold", color=INK, va="top")
    box, key = (
        ((0.02, 0.2, 0.96, 0.72), (0.06, 0.02, 0.9, 0.17))
        if easy_read
        else ((0.04, 0.3, 0.92, 0.62), (0.06, 0.04, 0.9, 0.24))
    )
    draw_map(fig.add_axes(box), m, layout(m, planned), planned)
    draw_key(fig.add_axes(key), columns=3 if easy_read else 2, font_size=9.0 if easy_read else 9.5)
    return fig


def _pdf(pages: Sequence[Figure], title: str) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"CreationDate": None, "Title": title}) as pdf:
        for page in pages:
            pdf.savefig(page, facecolor=page.get_facecolor())
    return buffer.getvalue()


def person_copy_pdf(m: EcoMap, copy, planned: Collection[str] = ()) -> bytes:
    """The person's own copy (:class:`ecomap.person_copy.PersonCopy`), A4, large print (body
    :data:`PERSON_BODY_PT`): what is working first, then their own words, the map (``m``, with
    ``planned`` ties) and the plan they agreed, written out. No score, band, flag or risk word."""
    blocks = [("title", copy.title), ("subtitle", copy.subtitle), ("heading", "What is working")]
    blocks += [("bullet", s) for s in copy.working]
    for heading, words in copy.own_words:
        blocks += [("heading", heading), ("body", words)]
    plan = [("heading", "Your connection plan")]
    for step in copy.plan:
        plan += [("heading", step.what), ("body", step.status)]
        plan += [("bullet", f"{label}: {value}") for label, value in step.details]
    if not copy.plan:
        plan += [("body", "Nothing agreed yet. We will talk about what you would like to try.")]
    footer = f"{copy.title} · {long_date(m.ego.map_date)}"
    with _drawing():
        pages = _text_pages(blocks, PERSON_BODY_PT, footer)
        pages.append(_map_page(m, "Your map", PERSON_BODY_PT, frozenset(planned), easy_read=False))
        pages += _text_pages(plan, PERSON_BODY_PT, footer)
        return _pdf(pages, copy.title)


def easy_read_pdf(m: EcoMap, copy, lines: Sequence[tuple[str, str]], planned: Collection[str] = ()) -> bytes:
    """The Easy Read copy: ``lines`` ((heading, line) from :func:`ecomap.person_copy.easy_read_lines`),
    one short sentence to a line in :data:`EASY_READ_BODY_PT` print, and the map on a page of its own,
    larger than on the other copies."""
    blocks: list[tuple[str, str]] = [("title", copy.title)]
    heading = None
    for section, line in lines:
        if section != heading:
            blocks.append(("heading", section))
            heading = section
        blocks.append(("body", line))
    footer = f"{copy.title} · {long_date(m.ego.map_date)}"
    with _drawing():
        text = _text_pages(blocks, EASY_READ_BODY_PT, footer)
        drawn = _map_page(m, "Your map", EASY_READ_BODY_PT, frozenset(planned), easy_read=True)
        return _pdf([text[0], drawn, *text[1:]], copy.title)
