"""History over time: a small chart per measure, snapshot to snapshot, with what the map
estimates and what the person answered in two clearly separate groups.

Every value comes from the summary the store keeps with each snapshot (its assessment row), so
no map is read again. The person's own answers are named as in :mod:`ecomap.instruments`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from ecomap.compare import compare
from ecomap.instruments import OWN_SCORES
from ecomap.model import EcoMap
from ecomap.store import SnapshotInfo
from ecomap.ui.views import md_text

#: Estimates from the map charted over time: (summary key, label, lowest, highest or None).
ESTIMATES: tuple[tuple[str, str, int, int | None], ...] = (
    ("lsns6_estimate", "LSNS-6 estimate", 0, 30),
    ("active_ties", "Active ties", 0, None),
    ("size", "On the map", 0, None),
)
#: Okabe-Ito grey and blue: estimates dashed and grey, the person's answers solid and blue.
ESTIMATE_COLOUR, OWN_COLOUR = "#6b6b6b", "#0072B2"
#: The drawing area of each chart, and the whole chart with its title and axis, in pixels.
CHART_HEIGHT, CHART_BOX = 110, 200
PER_ROW = 3


def series(snapshots: Sequence[SnapshotInfo], key: str) -> pd.DataFrame:
    """``map_date``, ``value`` of one summary key, oldest map first; snapshots without it are left
    out (not asked is not a score)."""
    rows = [
        {"map_date": pd.Timestamp(s.map_date), "value": s.summary.get(key)}
        for s in sorted(snapshots, key=lambda s: (s.map_date, s.saved_at))
    ]
    frame = pd.DataFrame(rows, columns=["map_date", "value"])
    return frame[frame["value"].notna()].astype({"value": "float64"})


def _chart(
    data: pd.DataFrame, title: str, subtitle: list[str], colour: str, domain: list[int] | None, own: bool
):
    y_scale = alt.Scale(domain=domain) if domain else alt.Scale(zero=True)
    base = alt.Chart(data).encode(
        x=alt.X("map_date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4)),
        y=alt.Y("value:Q", title=None, scale=y_scale),
        tooltip=[alt.Tooltip("map_date:T", title="Map date", format="%d %b %Y"), alt.Tooltip("value:Q")],
    )
    return (
        (
            base.mark_line(color=colour, strokeDash=[1, 0] if own else [5, 4])
            + base.mark_point(color=colour, filled=own, size=60)
        )
        .properties(height=CHART_HEIGHT, title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
        .configure_title(fontSize=13, subtitleFontSize=11)
    )


def _grid(charts: list[tuple[alt.Chart, str]]) -> None:
    for start in range(0, len(charts), PER_ROW):
        for cell, (chart, words) in zip(st.columns(PER_ROW), charts[start : start + PER_ROW]):
            with cell:
                st.altair_chart(chart, width="stretch", height=CHART_BOX, alt=words)


def over_time(snapshots: Sequence[SnapshotInfo]) -> None:
    """The History page's section: estimates from the map, then the person's own answers."""
    st.subheader("Over time")
    st.markdown("##### Estimated from the map")
    st.caption("Worked out from who is on the map: not the person's answers. Dashed grey lines.")
    estimates = []
    for key, label, low, high in ESTIMATES:
        data = series(snapshots, key)
        scale = f"{low}-{high}" if high else "a count"
        domain = [low, high] if high else None
        estimates.append(
            (
                _chart(data, label, ["estimate from the map", scale], ESTIMATE_COLOUR, domain, own=False),
                f"{label} at each snapshot: " + ", ".join(f"{v:g}" for v in data["value"]),
            )
        )
    _grid(estimates)
    st.markdown("##### Their own answers")
    st.caption("What the person said when asked, never merged with the estimates. Solid blue lines.")
    own = []
    for score in OWN_SCORES:
        data = series(snapshots, score.column)
        if data.empty:
            continue
        subtitle = ["their answers", score.scale]
        own.append(
            (
                _chart(data, score.label, subtitle, OWN_COLOUR, [score.low, score.high], own=True),
                f"{score.label}, their own answers at each snapshot: "
                + ", ".join(f"{v:g}" for v in data["value"]),
            )
        )
    if own:
        _grid(own)
    else:
        st.caption("Not asked yet: record them under **Their own answers** on the Map page.")


def own_answers_compared(before: EcoMap, after: EcoMap) -> None:
    """In a comparison of two snapshots: the person's own answers before and after, and what
    changed in the conversation record, apart from the map's measures."""
    c = compare(before, after)
    st.markdown("##### Their own answers, before and after")
    said = c.own_answer_sentences()
    st.markdown("\n".join(f"- {md_text(s)}" for s in said) if said else "Not asked on either map.")
    if c.conversation:
        st.markdown("##### The conversation record")
        st.markdown("\n".join(f"- {md_text(s)}" for s in c.conversation_sentences()))
