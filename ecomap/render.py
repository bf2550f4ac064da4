"""The interactive ecomap: one self-contained, offline HTML document drawn by vis-network.

This is the only module that imports pyvis. pyvis builds the node and edge data and inlines
vis-network (``cdn_resources="in_line"``); the page it writes is then finished here
(``DESIGN.md``, "pyvis and Streamlit: known traps"):

- the Bootstrap tags pyvis adds from a CDN, its empty ``<h1>`` headings, a commented-out link
  and its unused helper script are removed, and vis-network's 220 KB stylesheet (icons for
  editing tools the map does not use) is replaced by the few tooltip rules the map needs, so no
  request ever leaves the page;
- pyvis's ``heading`` and its select and filter menus are never used; the title block, the key
  and the text description are written here as escaped HTML;
- tooltips are plain text (vis-network shows a string title with ``innerText``), and the
  substring ``href`` is broken with a zero-width space, because pyvis switches every tooltip to
  ``innerHTML`` when any title contains it;
- node and edge data go through Jinja's ``tojson``, and the drawing data added here through
  :func:`script_json`, both of which escape ``<``, ``>`` and ``&``, so a name such as
  ``</script>`` stays text.

Physics is off and every node is fixed where :mod:`ecomap.layout` put it (vis-network's y axis
points down, so y is flipped). The rings, sector names, stress hatching and "planned" words
are painted on the canvas by ``beforeDrawing``/``afterDrawing`` handlers from data embedded as
JSON. The page keeps pyvis's global ``network`` (the vis ``Network``). The same map always
gives the same HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from ecomap.describe import alter_facts, describe_lines, long_date
from ecomap.layout import Layout, PlacedNode, layout
from ecomap.model import EGO_ID, EcoMap
from ecomap.notation import (
    EGO_STYLE,
    FONT_FAMILY,
    INK,
    KEY_LINE_LENGTH,
    LABEL_FONT_SIZE,
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
    SHAPES,
    STRESS_COLOUR,
    STRESS_HATCHING,
    LineStyle,
    NodeStyle,
    alter_node_style,
    alter_tie_style,
    key_sections,
    person_tie_style,
    shape_outline,
    stress_marks,
)
from ecomap.settings import Thresholds

DEFAULT_HEIGHT_PX = 640
#: vis-network hangs a one-line label's middle ``size + VIS_LABEL_DROP`` pixels below its node
#: (at 100 %, for the label font size; measured in Chromium); ``vadjust`` moves it from there
#: onto the layout's label box.
VIS_LABEL_DROP = 16.0
#: vis-network's line height in a label of several lines, in font sizes (measured in Chromium).
VIS_LINE_HEIGHT = 1.0
_CSS_FONT = ", ".join(f'"{f}"' if " " in f else f for f in (*FONT_FAMILY, "sans-serif"))
_CANVAS_FONT = ", ".join((*FONT_FAMILY, "sans-serif"))
ZERO_WIDTH_SPACE = "\u200b"


# --- safe text ----------------------------------------------------------------------------------


def plain_title(text: str) -> str:
    """A tooltip that stays plain text: any ``href`` (any case) gets a zero-width space."""
    return re.sub("(?i)(hre)(f)", lambda m: m[1] + ZERO_WIDTH_SPACE + m[2], text)


def script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and the JavaScript line separators
    are written as ``\\u`` escapes, so no ``</script>`` or ``<!--`` can appear."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# --- nodes and edges ----------------------------------------------------------------------------


def _flip(x: float, y: float) -> tuple[float, float]:
    return round(x, 2), round(-y, 2)


def _vadjust(node: PlacedNode, vis_size: float) -> float:
    """Move vis-network's label to the centre of the layout's label box (below or above)."""
    wanted_drop = node.y - node.label_box.centre[1]
    # A label of n lines hangs from the same top as one line, its middle (n - 1) half lines lower.
    extra = node.label.count("\n") * node.font_size * VIS_LINE_HEIGHT / 2
    return round(wanted_drop - (vis_size + VIS_LABEL_DROP * node.font_size / LABEL_FONT_SIZE + extra), 2)


def _vis_node(node: PlacedNode, style: NodeStyle, title: str) -> dict[str, Any]:
    """What differs from node to node; the rest is in :func:`_options`."""
    vis_size = style.radius * SHAPES[style.kind].vis_size
    x, y = _flip(node.x, node.y)
    data: dict[str, Any] = {
        "x": x,
        "y": y,
        "size": round(vis_size, 2),
        "color": {"background": style.fill, "border": style.border},
        "borderWidth": style.border_width,
        "opacity": style.opacity,
        "title": plain_title(title),
        "font": {"vadjust": _vadjust(node, vis_size)},
    }
    if node.font_size != LABEL_FONT_SIZE:
        data["font"]["size"] = node.font_size
    if style.border_dashes:
        data["shapeProperties"] = {"borderDashes": list(style.border_dashes)}
    return data


def _vis_edge(style: LineStyle, title: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        "width": style.width,
        "color": {"color": style.colour, "opacity": style.opacity},
        "dashes": list(style.dashes) if style.dashes else False,
        # Edges run from the person to the alter: "to" points at the alter, "from" at the person.
        "arrows": {"to": {"enabled": style.arrow_to_alter}, "from": {"enabled": style.arrow_to_person}},
    }
    if title:
        data["title"] = plain_title(title)
    return data


def _options() -> dict[str, Any]:
    """Settings shared by every node and edge. Nothing is selectable or hover-highlighted, so
    colours never change under the pointer; tooltips still show on hover."""
    font = {
        "size": LABEL_FONT_SIZE,
        "face": _CANVAS_FONT,
        "color": INK,
        "strokeWidth": LABEL_HALO,
        "strokeColor": PAPER,
    }
    return {
        "physics": {"enabled": False},
        "nodes": {"fixed": True, "labelHighlightBold": False, "font": font},
        "edges": {
            "smooth": False,
            "selectionWidth": 0,
            "hoverWidth": 0,
            "arrows": {"to": {"scaleFactor": 0.6}, "from": {"scaleFactor": 0.6}},
        },
        "interaction": {
            "dragNodes": False,
            "hover": False,
            "selectable": False,
            "tooltipDelay": 120,
            "zoomView": True,
            "dragView": True,
            "navigationButtons": False,
        },
    }


@cache
def _templates() -> Environment:
    """pyvis compiles its template, 700 KB of inlined library included, in a new Jinja
    environment for every network; one shared environment compiles it once per process."""
    return Environment(loader=FileSystemLoader(Path(pyvis.__file__).parent / "templates"))


def _network(m: EcoMap, lay: Layout, planned: frozenset[str], height_px: int, days: int) -> Network:
    net = Network(height=f"{height_px}px", width="100%", cdn_resources="in_line", bgcolor=PAPER)
    net.templateEnv = _templates()
    net.options = _options()
    d = m.ego.map_date
    ego = lay.nodes[EGO_ID]
    ego_title = f"{m.ego.name}\nThe person whose map this is\nMap date: {long_date(d)}"
    net.add_node(EGO_ID, label=ego.label, shape=SHAPES["person"].vis, **_vis_node(ego, EGO_STYLE, ego_title))
    alters = [m.alter(node_id) for node_id in lay.nodes if node_id != EGO_ID]
    for a in alters:
        style = alter_node_style(a, d, a.id in planned, days)
        title = "\n".join(alter_facts(a, d, a.id in planned, days))
        net.add_node(
            a.id,
            label=lay.nodes[a.id].label,
            shape=SHAPES[a.kind].vis,
            **_vis_node(lay.nodes[a.id], style, title),
        )
    # Ties between alters go first so that ties to the person are drawn over them.
    names = m.names
    for t in m.ties:
        title = f"{names[t.source]} and {names[t.target]} know each other"
        net.add_edge(t.source, t.target, **_vis_edge(alter_tie_style(t), title))
    for a in alters:
        net.add_edge(EGO_ID, a.id, **_vis_edge(person_tie_style(a, d, a.id in planned, days)))
    return net


# --- what is painted on the canvas ----------------------------------------------------------------


def _marks(m: EcoMap, lay: Layout, planned: frozenset[str], days: int) -> list[list[float]]:
    """Stress hatch marks of every stressful tie: ``[x1, y1, x2, y2, width, opacity]``."""
    d = m.ego.map_date
    ties: list[tuple[str, str, LineStyle]] = [(t.source, t.target, alter_tie_style(t)) for t in m.ties]
    ties += [(EGO_ID, a.id, person_tie_style(a, d, a.id in planned, days)) for a in m.alters]
    out = []
    for source, target, style in ties:
        if style.stress not in STRESS_HATCHING:
            continue
        width = STRESS_HATCHING[style.stress][2]
        for (x1, y1), (x2, y2) in lay.stress_marks(source, target, style.stress):
            out.append([*_flip(x1, y1), *_flip(x2, y2), width, style.opacity])
    return out


def _canvas_data(m: EcoMap, lay: Layout, planned: frozenset[str], days: int) -> dict[str, Any]:
    """Everything the canvas handlers paint, in vis-network coordinates (y down)."""
    return {
        "rings": [
            {"r": round(r.radius, 2), "label": r.label, **dict(zip("xy", _flip(*r.label_box.centre)))}
            for r in lay.rings
        ],
        "inner": round(lay.rings[0].inner, 2),
        "sectors": [
            {
                # Canvas angles start at 3 o'clock; the layout's start at 12 o'clock.
                "start": round(s.start - math.pi / 2, 4),
                "end": round(s.end - math.pi / 2, 4),
                "fill": SECTOR_FILL[s.sector],
                "ink": SECTOR_INK[s.sector],
                "label": s.label,
                **dict(zip("xy", _flip(*s.label_box.centre))),
            }
            for s in lay.sectors
        ],
        "outer": round(lay.rings[-1].radius, 2),
        "marks": _marks(m, lay, planned, days),
        "stress": STRESS_COLOUR,
        "planned": [dict(zip("xy", _flip(*b.centre))) for b in lay.planned_labels.values()],
        "plannedText": PLANNED_LABEL,
        "plannedColour": PLANNED_COLOUR,
        "ringColour": RING_COLOUR,
        "ringWidth": RING_LINE_WIDTH,
        "ringFills": list(RING_FILLS),
        "paper": PAPER,
        "halo": LABEL_HALO,
        "tint": SECTOR_TINT_OPACITY,
        "muted": MUTED_INK,
        "fonts": {
            "ring": f"italic {RING_FONT_SIZE:g}px {_CANVAS_FONT}",
            "sector": f"bold {SECTOR_FONT_SIZE:g}px {_CANVAS_FONT}",
            "planned": f"italic bold {PLANNED_FONT_SIZE:g}px {_CANVAS_FONT}",
        },
        "frame": [round(v, 2) for v in (lay.bounds.x0, -lay.bounds.y1, lay.bounds.x1, -lay.bounds.y0)],
    }


#: Paints the rings, sectors, hatching and "planned" words of a drawn map and fits the map to
#: its box, never below ``minScale`` (0: always the whole map); returns the fitting function for
#: the caller to run again when the box changes size (given a number, that is the least
#: scale). Shared by the standalone page and the app's interactive map: both draw one picture.
PAINT_SCRIPT = """
function ecomapPaint(network, D, box, minScale) {
  function halo(ctx, text, x, y) {
    ctx.lineWidth = D.halo; ctx.strokeStyle = D.paper; ctx.lineJoin = "round";
    ctx.strokeText(text, x, y); ctx.fillText(text, x, y);
  }
  network.on("beforeDrawing", function (ctx) {
    var i, s;
    ctx.save();
    for (i = D.rings.length - 1; i >= 0; i--) {
      ctx.beginPath(); ctx.arc(0, 0, D.rings[i].r, 0, 2 * Math.PI);
      ctx.fillStyle = D.ringFills[i % 2]; ctx.fill();
    }
    ctx.beginPath(); ctx.arc(0, 0, D.inner, 0, 2 * Math.PI); ctx.fillStyle = D.paper; ctx.fill();
    ctx.globalAlpha = D.tint;
    for (i = 0; i < D.sectors.length; i++) {
      s = D.sectors[i];
      ctx.beginPath(); ctx.arc(0, 0, D.outer, s.start, s.end); ctx.arc(0, 0, D.inner, s.end, s.start, true);
      ctx.closePath(); ctx.fillStyle = s.fill; ctx.fill();
    }
    ctx.globalAlpha = 1; ctx.strokeStyle = D.ringColour; ctx.lineWidth = D.ringWidth;
    for (i = 0; i < D.rings.length; i++) {
      ctx.beginPath(); ctx.arc(0, 0, D.rings[i].r, 0, 2 * Math.PI); ctx.stroke();
    }
    ctx.restore();
  });
  network.on("afterDrawing", function (ctx) {
    var i, k, s;
    ctx.save(); ctx.lineCap = "round"; ctx.strokeStyle = D.stress;
    for (i = 0; i < D.marks.length; i++) {
      k = D.marks[i];
      ctx.globalAlpha = k[5]; ctx.lineWidth = k[4];
      ctx.beginPath(); ctx.moveTo(k[0], k[1]); ctx.lineTo(k[2], k[3]); ctx.stroke();
    }
    ctx.globalAlpha = 1; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.font = D.fonts.ring; ctx.fillStyle = D.muted;
    for (i = 0; i < D.rings.length; i++) { halo(ctx, D.rings[i].label, D.rings[i].x, D.rings[i].y); }
    ctx.font = D.fonts.sector;
    for (i = 0; i < D.sectors.length; i++) {
      s = D.sectors[i]; ctx.fillStyle = s.ink; halo(ctx, s.label, s.x, s.y);
    }
    ctx.font = D.fonts.planned; ctx.fillStyle = D.plannedColour;
    for (i = 0; i < D.planned.length; i++) { halo(ctx, D.plannedText, D.planned[i].x, D.planned[i].y); }
    ctx.restore();
  });
  function fitFrame(least) {
    var f = D.frame, w = f[2] - f[0], h = f[3] - f[1];
    if (!box.clientWidth || !box.clientHeight) { return; }  // hidden, e.g. in a closed tab
    least = typeof least === "number" ? least : minScale;
    var scale = Math.max(least, 0.96 * Math.min(box.clientWidth / w, box.clientHeight / h));
    network.moveTo({position: {x: (f[0] + f[2]) / 2, y: (f[1] + f[3]) / 2}, scale: scale});
  }
  fitFrame();
  return fitFrame;
}
"""
_CANVAS_SCRIPT = (
    PAINT_SCRIPT
    + """
(function () {
  var fit = ecomapPaint(network, /*DATA*/null, document.getElementById("mynetwork"), 0);
  window.addEventListener("resize", fit);
})();
"""
)


#: How a comparison marks change on a map: someone or a tie new since the other snapshot gets a
#: thick outline or line in Okabe-Ito blue; someone or a tie no longer there is drawn faint.
NEW_COLOUR = PLANNED_COLOUR
NEW_BORDER_WIDTH = 4.5
GONE_OPACITY = 0.25


def interactive_data(
    m: EcoMap,
    planned: Collection[str] = (),
    *,
    new: Collection[str] = (),
    gone: Collection[str] = (),
    new_ties: Collection[frozenset[str]] = (),
    gone_ties: Collection[frozenset[str]] = (),
    settings: Thresholds | None = None,
) -> dict[str, Any]:
    """The map as data for the app's interactive map (:mod:`ecomap.ui.map_component`): vis
    nodes and edges placed by :mod:`ecomap.layout`, the shared options and what
    :data:`PAINT_SCRIPT` paints. Names travel as JSON strings and are drawn on the canvas as
    text; no tooltip is made, since the label already carries the name and role.

    ``new`` and ``gone`` (alter ids) and ``new_ties`` and ``gone_ties`` (pairs of alter ids)
    mark what changed since another snapshot (:data:`NEW_COLOUR`, :data:`GONE_OPACITY`).
    ``settings`` are the thresholds the assessment uses: a tie fades when it is dormant by
    their ``dormant_after_days``, so the drawing and the findings agree (defaults when ``None``)."""
    planned = frozenset(planned)
    days = _dormant_after(settings)
    lay = layout(m, planned)
    d = m.ego.map_date
    ego = lay.nodes[EGO_ID]
    nodes = [
        {"id": EGO_ID, "label": ego.label, "shape": SHAPES["person"].vis, **_vis_node(ego, EGO_STYLE, "")}
    ]
    for node_id, node in lay.nodes.items():
        if node_id == EGO_ID:
            continue
        a = m.alter(node_id)
        style = alter_node_style(a, d, a.id in planned, days)
        shape = SHAPES[a.kind].vis
        nodes.append({"id": a.id, "label": node.label, "shape": shape, **_vis_node(node, style, "")})
    for node in nodes:
        del node["title"]
    edges = [{"from": t.source, "to": t.target, **_vis_edge(alter_tie_style(t))} for t in m.ties]
    edges += [
        {"from": EGO_ID, "to": a.id, **_vis_edge(person_tie_style(a, d, a.id in planned, days))}
        for a in m.alters
    ]
    for node in nodes[1:]:
        if node["id"] in new:
            node["color"]["border"], node["borderWidth"] = NEW_COLOUR, NEW_BORDER_WIDTH
        if node["id"] in gone:
            node["opacity"] = GONE_OPACITY
    for edge in edges:
        pair, person_tie = frozenset((edge["from"], edge["to"])), edge["from"] == EGO_ID
        if pair in new_ties or (person_tie and edge["to"] in new):
            edge["color"]["color"] = NEW_COLOUR
        if pair in gone_ties or (person_tie and edge["to"] in gone):
            edge["color"]["opacity"] = GONE_OPACITY
    nodes[0]["fixed"] = True  # the person stays in the middle; everyone else can be dragged
    options = _options()
    options["nodes"]["fixed"] = False
    return {"nodes": nodes, "edges": edges, "options": options, "canvas": _canvas_data(m, lay, planned, days)}


# --- the key, the title block and the description ---------------------------------------------------


def _svg(body: str, width: int = 46, height: int = 18) -> str:
    return (
        f'<svg class="swatch" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true">{body}</svg>'
    )


def _arrow_head(tip_x: float, y: float, pointing: int, colour: str) -> str:
    """A small arrowhead polygon at ``tip_x`` pointing left (-1) or right (+1)."""
    back = tip_x - 8 * pointing
    return f'<polygon points="{tip_x},{y} {back},{y - 4} {back},{y + 4}" fill="{colour}"/>'


def _dash_attribute(dashes: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(f"{d:g}" for d in dashes)}"' if dashes else ""


def _line_swatch(style: LineStyle) -> str:
    """A line of the key as inline SVG, the person at the left end and the alter at the right."""
    y, x0, x1 = 9, 4, 4 + KEY_LINE_LENGTH
    dash = _dash_attribute(style.dashes)
    body = (
        f'<line x1="{x0}" y1="{y}" x2="{x1:g}" y2="{y}" stroke="{style.colour}"'
        f' stroke-width="{style.width:g}" stroke-opacity="{style.opacity:g}"{dash}/>'
    )
    for (a1, b1), (a2, b2) in stress_marks((x0, y), (x1, y), style.stress, 0, 0):
        body += (
            f'<line x1="{a1:.1f}" y1="{b1:.1f}" x2="{a2:.1f}" y2="{b2:.1f}" stroke="{STRESS_COLOUR}" '
            f'stroke-width="{STRESS_HATCHING[style.stress][2]:g}" stroke-linecap="round"/>'
        )
    if style.arrow_to_person:
        body += _arrow_head(x0 - 1, y, -1, style.colour)
    if style.arrow_to_alter:
        body += _arrow_head(x1 + 1, y, 1, style.colour)
    return _svg(body, round(x1 + 4), 18)


def _shape_swatch(style: NodeStyle) -> str:
    """A node shape of the key as inline SVG (SVG's y points down, so the outline is flipped)."""
    r = style.radius
    dash = (
        f' stroke-dasharray="{" ".join(f"{d:g}" for d in style.border_dashes)}"'
        if style.border_dashes
        else ""
    )
    paint = f'fill="{style.fill}" stroke="{style.border}" stroke-width="{style.border_width:g}"{dash}'
    outline = shape_outline(style.kind, (0.0, 0.0), r)
    centre_x, centre_y = r + 4, 9
    if outline is None:
        body = f'<circle cx="{centre_x:g}" cy="{centre_y}" r="{r:g}" {paint}/>'
    else:
        points = " ".join(f"{centre_x + x:.1f},{centre_y - y:.1f}" for x, y in outline)
        body = f'<polygon points="{points}" {paint}/>'
    return _svg(body, round(2 * r + 8), 18)


@cache
def key_html() -> str:
    """The key (legend) as HTML, from :func:`ecomap.notation.key_sections`."""
    sections = []
    for heading, rows in key_sections():
        items = "".join(
            f"<li>{_line_swatch(what) if isinstance(what, LineStyle) else _shape_swatch(what)}"
            f"<span>{html.escape(text)}</span></li>"
            for text, what in rows
        )
        grid = " class='sectors'" if heading == "Sectors" else ""
        sections.append(f"<h3>{html.escape(heading)}</h3><ul{grid}>{items}</ul>")
    return (
        '<aside class="ecomap-key" aria-label="Key"><h2>Key</h2>'
        "<p class='hint'>Rings: 1 intimacy, 2 friendship, 3 participation, 4 exchange (paid).</p>"
        f"{''.join(sections)}</aside>"
    )


def _title_block(m: EcoMap, planned: frozenset[str]) -> str:
    d = m.ego.map_date
    details = [f'Map date: <time datetime="{d.isoformat()}">{html.escape(long_date(d))}</time>']
    if m.ego.coordinator:
        details.append(f"drawn with {html.escape(m.ego.coordinator)}")
    if planned:
        note = f"dotted blue: planned ties ({len(planned)}), not yet real"
        details.append(f"<span class='planned'>{note}</span>")
    return (
        '<header class="ecomap-title">'
        f"<h1>Ecomap of {html.escape(m.ego.name)}</h1>"
        f"<p>{' · '.join(details)}</p></header>"
    )


def _description(m: EcoMap, planned: frozenset[str], days: int) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in describe_lines(m, planned, days))
    return f'<details class="ecomap-text"><summary>The map in words</summary><ul>{items}</ul></details>'


_PAGE_CSS = Template("""
html, body { margin: 0; padding: 0; background: $paper; color: $ink; font-family: $font; }
.ecomap-title { padding: 6px 12px 2px; }
.ecomap-title h1 { font-size: 20px; margin: 0; }
.ecomap-title p { margin: 2px 0 0; font-size: 13px; color: $muted; }
.ecomap-title .planned { color: $planned; }
.ecomap-main { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px; padding: 0 8px; }
.ecomap-main .card { flex: 1 1 520px; min-width: 240px; }
#mynetwork { float: none; border: 1px solid #e2e2e2; border-radius: 4px; }
.ecomap-key { flex: 0 1 250px; font-size: 12px; line-height: 1.25; }
.ecomap-key h2 { font-size: 14px; margin: 4px 0; }
.ecomap-key h3 { font-size: 12px; margin: 8px 0 2px; }
.ecomap-key ul { list-style: none; margin: 0; padding: 0; }
.ecomap-key li { display: flex; align-items: center; gap: 6px; margin: 1px 0; }
.ecomap-key .swatch { flex: none; }
.ecomap-key .hint { color: $muted; margin: 0 0 4px; }
.ecomap-key ul.sectors { display: grid; grid-template-columns: 1fr 1fr; column-gap: 6px; }
@media (max-width: 860px) {
  /* Beside the findings in the app the map is narrow: the key goes below it in two columns. */
  .ecomap-key { flex: 1 1 100%; column-count: 2; column-gap: 18px; }
  .ecomap-key h2 { column-span: all; }
  .ecomap-key ul { break-inside: avoid; }
  .ecomap-key h3 { break-after: avoid; }
}
@media (max-width: 480px) { .ecomap-key { column-count: 1; } }
.ecomap-text { clear: both; padding: 6px 12px; font-size: 13px; }
.ecomap-text ul { margin: 4px 0; padding-left: 18px; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-line;
  max-width: 360px; font-family: $font; font-size: 13px; color: $ink; background: #fffdf5;
  border: 1px solid #8a8a80; border-radius: 3px; box-shadow: 2px 2px 8px rgba(0,0,0,.2);
  pointer-events: none; z-index: 5; }
""").substitute(paper=PAPER, ink=INK, muted=MUTED_INK, planned=PLANNED_COLOUR, font=_CSS_FONT)


# --- finishing pyvis's page ---------------------------------------------------------------------------


@cache
def _pyvis_asset(relative: str) -> str:
    return (Path(pyvis.__file__).parent / "templates" / relative).read_text(encoding="utf-8")


def _cut(page: str, pattern: str, replacement: str = "", *, count: int = 1, literal: bool = False) -> str:
    """Replace what pyvis wrote, expecting exactly ``count`` matches; fail loudly if its page is
    not what this module expects. The replacement is used as it is (no backslash escapes)."""
    found = page.count(pattern) if literal else len(re.findall(pattern, page, flags=re.S))
    if found != count:
        what = f"{found} x {pattern[:40]!r}"
        raise RuntimeError(f"pyvis wrote an unexpected page ({what}); ecomap.render needs updating")
    if literal:
        return page.replace(pattern, replacement)
    return re.sub(pattern, lambda _: replacement, page, flags=re.S)


_VIS_JS = "lib/vis-9.1.2/vis-network.min.js"
#: Contains "<", which every piece of the person's text has escaped, so it cannot come from a name.
_VIS_STAND_IN = "<ecomap:vis-network/>"


def _finish(
    page: str, m: EcoMap, lay: Layout, planned: frozenset[str], library_url: str | None, days: int
) -> str:
    # The library is set aside while the page is edited, so that each edit scans 15 KB, not 700.
    page = _cut(page, _pyvis_asset(_VIS_JS), _VIS_STAND_IN, literal=True)
    page = _cut(page, _pyvis_asset("lib/vis-9.1.2/vis-network.css"), _PAGE_CSS, literal=True)
    page = _cut(page, "<script>" + _pyvis_asset("lib/bindings/utils.js") + "</script>", literal=True)
    page = _cut(page, r"\s*<link[^>]*cdn\.jsdelivr\.net[^>]*>")
    page = _cut(page, r"\s*<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>")
    page = _cut(page, r"\s*<center>\s*<h1>\s*</h1>\s*</center>", count=2)
    page = _cut(page, r"\s*<!--.*?-->")
    title = f"Ecomap of {m.ego.name}, {long_date(m.ego.map_date)}"
    page = _cut(
        page,
        r"^\s*<html>\s*<head>\s*<meta charset=\"utf-8\">",
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>",
    )
    label = html.escape(f"Ecomap of {m.ego.name}; the map in words follows the key", quote=True)
    page = _cut(
        page,
        r'<div class="card" style="width: 100%">\s*<div id="mynetwork" class="card-body"></div>\s*</div>',
        f'{_title_block(m, planned)}<main class="ecomap-main"><div class="card">'
        f'<div id="mynetwork" role="img" aria-label="{label}"></div></div>{key_html()}</main>'
        f"{_description(m, planned, days)}",
    )
    script = _CANVAS_SCRIPT.replace("/*DATA*/null", script_json(_canvas_data(m, lay, planned, days)))
    ending = f"\n<script>{script}</script>\n</body>\n</html>\n"
    page = _cut(page, r"\s*</body>\s*</html>\s*$", ending)
    if library_url is None:
        return _cut(page, _VIS_STAND_IN, _pyvis_asset(_VIS_JS), literal=True)
    tag = f'<script src="{html.escape(library_url, quote=True)}"></script>'
    return _cut(page, f"<script>{_VIS_STAND_IN}</script>", tag, literal=True)


def render_html(
    m: EcoMap,
    planned: Collection[str] = (),
    height_px: int = DEFAULT_HEIGHT_PX,
    library_url: str | None = None,
    settings: Thresholds | None = None,
) -> str:
    """The map as one self-contained HTML document (vis-network inlined, no external request).

    ``planned`` names alters whose tie to the person is planned, shown dotted and labelled.
    ``height_px`` is the height of the drawing; the title block sits above it, the key beside
    it (below on a narrow screen) and the map in words below. ``library_url``, a path on the
    same site (``/app/static/...``), loads vis-network from there instead of inlining it: the
    app serves it once, so each redraw sends about 90 KB instead of 540 KB. It must not name
    another host; files for download leave it out and stay self-contained. ``settings`` are the
    thresholds the assessment uses (see :func:`interactive_data`).
    """
    if library_url is not None and not _SAME_SITE_PATH.fullmatch(library_url):
        raise ValueError(f"library_url must be a path on this site, not {library_url!r}")
    planned = frozenset(planned)
    lay = layout(m, planned)
    days = _dormant_after(settings)
    page = _network(m, lay, planned, int(height_px), days).generate_html()
    return _finish(page, m, lay, planned, library_url, days)


def _dormant_after(settings: Thresholds | None) -> int:
    """The dormancy threshold of ``settings``, the one :func:`ecomap.risk.assess` uses."""
    return (settings or Thresholds()).dormant_after_days


#: The file name under which the app serves vis-network (its version in the name, so a new
#: release is never mixed up with a cached old one).
LIBRARY_FILE = "vis-network-9.1.2.min.js"
_SAME_SITE_PATH = re.compile(r"/(?!/)[A-Za-z0-9._/-]+")


def library_source() -> str:
    """vis-network's JavaScript, as :func:`render_html` inlines it."""
    return _pyvis_asset(_VIS_JS)
