"""The interactive map on the Map page: vis-network drawn in the page itself with Streamlit's
Custom Components v2 (inline HTML, CSS and JavaScript; no build step).

The map is drawn from :func:`ecomap.render.interactive_data` and painted by the same script as
the standalone page (:data:`ecomap.render.PAINT_SCRIPT`); vis-network is loaded from the app's
own ``/app/static/`` (:func:`ecomap.ui.views.served_library_url`), never from the internet.

The person's gestures come back as one trigger, ``gesture``:

- ``{"kind": "drop", "id", "x", "y"}``: a node let go at ``(x, y)`` (layout units): its circle
  and sector become the ones under that point (:func:`ecomap.layout.spot_at`);
- ``{"kind": "select", "id"}``: a tap on a node opens its editor beside the map;
- ``{"kind": "connect", "a", "b"}``: in connect mode, two taps record that a and b know each other.

Each change goes through :func:`ecomap.ui.state.change`, so Undo takes it back. Names travel as
JSON and are drawn as canvas text or set with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from pathlib import Path
from typing import Any

import streamlit as st

from ecomap import edit
from ecomap.formats.json_map import loads
from ecomap.layout import layout, spot_at
from ecomap.model import EcoMap
from ecomap.notation import LABEL_FONT_SIZE
from ecomap.render import PAINT_SCRIPT, interactive_data
from ecomap.ui import state
from ecomap.ui.views import key_of, served_library_url

_HERE = Path(__file__).parent
KEY = "touch-map"
SELECTED = "touch-map.selected"
MODE = "touch-map.mode"
_DRAWN = "touch-map.drawn"
_SEQ = "touch-map.seq"
#: The smallest zoom at which the map opens: labels (14 px at 100 %) stay at 12 px or more.
MIN_SCALE = 12 / LABEL_FONT_SIZE
#: In the view for showing the person, labels are at least 16 px.
LARGE_MIN_SCALE = 16 / LABEL_FONT_SIZE


def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


_component = st.components.v2.component(
    "ecomap_touch_map",
    html=_asset("touch_map.html"),
    css=_asset("touch_map.css"),
    js=_asset("touch_map.js").replace("/*PAINT*/", PAINT_SCRIPT),
    # In the page's own DOM: vis-network's pointer handling is not written for shadow roots.
    isolate_styles=False,
)


def available() -> bool:
    """Whether the interactive map can be drawn: it needs vis-network served by the app."""
    return served_library_url() is not None


@st.cache_data(max_entries=64, show_spinner=False)
def _drawing(map_json: str, planned: tuple[str, ...], marks: tuple = ()) -> dict[str, Any]:
    new, gone, new_ties, gone_ties = marks or ((), (), (), ())
    return interactive_data(
        loads(map_json),
        planned,
        new=new,
        gone=gone,
        new_ties={frozenset(p) for p in new_ties},
        gone_ties={frozenset(p) for p in gone_ties},
    )


def touch_map(
    m: EcoMap, *, planned: Collection[str] = (), height: int = 560, large: bool = False, key: str = KEY
) -> None:
    """Draw ``m`` (the map as shown, with any planned ties) for touching."""
    planned_ids = tuple(sorted(planned))
    st.session_state[_DRAWN] = (m, planned_ids)
    mode = st.session_state.get(MODE) or "move"  # a second tap on a mode unchooses it
    _mount(m, planned_ids, (), mode, height, large, key, lambda: _on_gesture(key))


def still_map(m: EcoMap, *, key: str, height: int = 460, marks: tuple = ()) -> None:
    """Draw ``m`` to look at, not to change (a snapshot in History): no gesture does anything.
    ``marks`` is ``(new ids, gone ids, new tie pairs, gone tie pairs)``, each a sorted tuple."""
    _mount(m, (), marks, "still", height, False, key, lambda: None)


def _mount(m, planned_ids, marks, mode, height, large, key, on_gesture) -> None:
    map_json = key_of(m)
    drawing = zlib.crc32((map_json + repr(marks)).encode())
    seq = st.session_state.get(_SEQ, 0)
    data = {
        **_drawing(map_json, planned_ids, marks),
        "mode": mode,
        "height": height,
        "minScale": LARGE_MIN_SCALE if large else MIN_SCALE,
        "library": served_library_url(),
        "label": f"Ecomap of {m.ego.name}, {len(m.alters)} around them; the map in words is below it",
        # Redraw when the map, the mode or the view changes, or after a gesture that changed
        # nothing (a drop in the same ring puts the node back where the layout has it).
        "version": f"{drawing:x}:{','.join(planned_ids)}:{mode}:{large}:{seq}",
    }
    _component(key=key, data=data, height=height, on_gesture_change=on_gesture)


def _on_gesture(key: str) -> None:
    gesture = st.session_state[key].get("gesture")
    if gesture:
        apply_gesture(gesture)


def apply_gesture(gesture: dict[str, Any]) -> None:
    """Carry out one gesture from the map (see the module's docstring)."""
    st.session_state[_SEQ] = st.session_state.get(_SEQ, 0) + 1
    ws = state.workspace()
    if ws.map is None:
        return
    in_map = {a.id for a in ws.map.alters}
    ids = [gesture.get(k) for k in ("id", "a", "b") if gesture.get(k) is not None]
    if any(i not in in_map for i in ids):
        ws.problems = ["Dotted people are only planned: add them to the map before moving or connecting."]
        return
    kind = gesture.get("kind")
    if kind == "select":
        st.session_state[SELECTED] = gesture["id"]
    elif kind == "drop":
        drawn, planned = st.session_state[_DRAWN]
        circle, sector = spot_at(layout(drawn, planned), float(gesture["x"]), float(gesture["y"]))
        alter = ws.map.alter(gesture["id"])
        if (circle, sector or alter.sector) != (alter.circle, alter.sector):
            state.change(edit.move_alter, alter.id, circle, sector)
    elif kind == "connect":
        pair = {gesture["a"], gesture["b"]}
        if any({t.source, t.target} == pair for t in ws.map.ties):
            ws.notice = "They are already recorded as knowing each other."
        else:
            state.change(edit.add_tie, gesture["a"], gesture["b"])


#: Below this width (a tablet, a small laptop) the side bar starts closed and the map takes the
#: whole width. Streamlit's own "auto" closes the side bar only on phone-sized screens.
NARROW_PX = 1000

_NARROW_SCREEN_JS = """
export default function ({ data }) {
  // Once per tab: if the coordinator opens the side bar again, it stays open.
  if (window.innerWidth >= data.narrow || sessionStorage.getItem("ecomap.side-bar-fitted")) { return; }
  sessionStorage.setItem("ecomap.side-bar-fitted", "1");
  const open = document.querySelector('section[data-testid="stSidebar"][data-collapsed="false"]');
  const button = document.querySelector('button[aria-label="Collapse sidebar"]');
  if (open && button) { button.click(); }
}
"""
_narrow_screen = st.components.v2.component("ecomap_narrow_screen", js=_NARROW_SCREEN_JS)


def fit_narrow_screen() -> None:
    """Close the side bar when the screen is narrower than :data:`NARROW_PX`."""
    _narrow_screen(key="narrow-screen", data={"narrow": NARROW_PX}, height=0)


#: On a narrow screen the map and the panel beside it (quick add, editor, findings) stack.
STACK_CSS = f"""<style>
@media (max-width: {NARROW_PX}px) {{
  .st-key-map-and-panel > div > [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
  .st-key-map-and-panel > div > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 100% !important; min-width: 100% !important;
  }}
}}
</style>"""
