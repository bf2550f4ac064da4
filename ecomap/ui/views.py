"""Display pieces shared by the pages: the drawn map, its text view, and the findings panel.

The expensive pure work (HTML, assessment, resilience) is cached on the map's canonical JSON, so
a rerun that does not change the map redraws nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import streamlit as st

from ecomap.compare import Comparison, compare
from ecomap.describe import describe
from ecomap.formats.atomic import write_atomically
from ecomap.formats.json_map import dumps, loads
from ecomap.model import ONS_LONELY_ANSWERS, EcoMap
from ecomap.render import LIBRARY_FILE, library_source, render_html
from ecomap.risk import BAND_NAMES, Assessment, ResilienceItem, assess, resilience, what_if
from ecomap.ui.escape import md_text  # noqa: F401 (pages import it from here too)

MAP_HEIGHT = 600
#: Room in the iframe for the title block above the drawing and the key, which sits below the
#: drawing in two columns when the map shares the page with the findings.
TITLE_AND_KEY_PX = 430


def key_of(m: EcoMap) -> str:
    """The cache key of a map: its canonical JSON (same map, same key)."""
    return dumps(m)


#: Streamlit serves the folder ``static/`` beside app.py at ``/app/static/`` (the config turns
#: ``server.enableStaticServing`` on).
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


@st.cache_resource
def served_library_url() -> str | None:
    """Where the app serves vis-network, written once per server into ``static/``.

    Inlined, the 460 KB library travels with every redraw and the browser parses it again each
    time; served once it is fetched once and cached (cold start to a drawn map about 0.8 s
    faster, measured). ``None`` (inline it) when the folder cannot be written.
    """
    target = STATIC_DIR / LIBRARY_FILE
    source = library_source()
    try:
        if not target.exists() or target.read_text(encoding="utf-8") != source:
            write_atomically(target, source.encode("utf-8"))
    except OSError:
        return None
    return f"/app/static/{LIBRARY_FILE}"


@st.cache_data(max_entries=64, show_spinner=False)
def _html(map_json: str, planned: tuple[str, ...], height: int, library_url: str | None) -> str:
    return render_html(loads(map_json), planned=planned, height_px=height, library_url=library_url)


@st.cache_data(max_entries=256, show_spinner=False)
def assessment_of(map_json: str) -> Assessment:
    return assess(loads(map_json))


@st.cache_data(max_entries=64, show_spinner=False)
def resilience_of(map_json: str) -> list[ResilienceItem]:
    return resilience(loads(map_json))


@st.cache_data(max_entries=64, show_spinner=False)
def what_if_of(map_json: str, alter_id: str) -> ResilienceItem:
    return what_if(loads(map_json), alter_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _description(map_json: str, planned: tuple[str, ...]) -> str:
    return describe(loads(map_json), planned=planned)


def map_view(m: EcoMap, *, planned: Collection[str] = (), height: int = MAP_HEIGHT) -> None:
    """The drawn ecomap with its key, and its text alternative one click away."""
    planned_ids = tuple(sorted(planned))
    html = _html(key_of(m), planned_ids, height, served_library_url())
    st.iframe(html, height=height + TITLE_AND_KEY_PX)
    map_text_view(m, planned)


def map_text_view(m: EcoMap, planned: Collection[str] = ()) -> None:
    """The map in words, one click away (for screen readers and notes)."""
    with st.expander("Text view of the map (for screen readers and notes)"):
        st.text(_description(key_of(m), tuple(sorted(planned))))


def findings(m: EcoMap, *, with_resilience: bool = True) -> Assessment:
    """Strengths first, then what the map shows, the labelled estimate, and what-if losses."""
    a = assessment_of(key_of(m))
    st.markdown(f"**{BAND_NAMES[a.band]}**")
    kind = a.network_type or a.network_type_note
    st.caption(md_text(f"Why: {a.band_rule}. Network type: {kind}"))
    st.markdown("##### What is working")
    if a.strengths:
        st.markdown("\n".join(f"- {md_text(s.sentence)}" for s in a.strengths))
    else:
        st.markdown("- Nothing recorded yet.")
    st.markdown("##### What the map shows")
    if a.flags:
        st.markdown("\n".join(f"- {md_text(f.sentence)}" for f in a.flags))
    else:
        st.markdown("- No concerns from the map.")
    questions_to_ask(a)
    ms = a.measures
    st.markdown("##### Estimated from the map (not the person's own answers)")
    cols = st.columns(3)
    cols[0].metric(
        "LSNS-6 estimate",
        f"{ms.lsns6_estimate} / 30",
        help="Lubben Social Network Scale (6 items) worked out from the map, not asked of the person. "
        "Below 12 is the published at-risk cut-off.",
    )
    cols[1].metric("Active ties", ms.active_ties, help="Contact monthly or more often, not dormant.")
    cols[2].metric("Paid share", f"{ms.paid_share:.0%}", help="Paid supporters among active ties.")
    st.caption(
        f"Family {ms.lsns6_family} / 15, friends {ms.lsns6_friends} / 15 · "
        f"{ms.size} in the map, {ms.dormant_ties} dormant · sectors {ms.sectors_covered} · "
        f"Cohen roles {ms.cohen_diversity} (estimate)"
        + ("" if ms.steptoe_index is None else f" · Steptoe isolation index {ms.steptoe_index} / 5 "
           "(estimate; built on ELSA, people aged 52 and over)")
    )
    for note in a.estimate_notes:
        st.caption(md_text(note))
    own_answers(a)
    if with_resilience:
        items = resilience_of(key_of(m))
        if items:
            st.markdown("##### If someone were no longer there")
            what_if_losses(items)
    return a


def what_if_losses(items: list[ResilienceItem]) -> None:
    st.markdown("\n".join(f"- {md_text(i.sentence)}" for i in items[:6]))


def own_answers(a: Assessment) -> None:
    sr = a.self_report
    st.markdown("##### The person's own answers")
    parts = []
    if sr.ucla3_total is not None:
        verdict = "lonely by the usual cut-off" if sr.ucla3_lonely else "not lonely by the usual cut-off"
        parts.append(f"UCLA-3 loneliness score {sr.ucla3_total} of 9 ({verdict})")
    if sr.ons_lonely is not None:
        parts.append(f"ONS question: {ONS_LONELY_ANSWERS[sr.ons_lonely]}")
    if sr.lsns6_total is not None:
        parts.append(
            f"LSNS-6, their own answers: {sr.lsns6_total} of 30 (family {sr.lsns6_family}, friends "
            f"{sr.lsns6_friends}; these, not the estimate, decide the LSNS flags)"
        )
    ons4 = [(w, getattr(sr, f"ons4_{w}")) for w in ("satisfied", "worthwhile", "happy", "anxious")]
    if any(v is not None for _, v in ons4):
        parts.append("ONS4 (0-10): " + ", ".join(f"{w} {v}" for w, v in ons4 if v is not None))
    if not parts:
        st.caption("Not asked yet (record them under **Their own answers**).")
        return
    st.markdown("; ".join(parts) + ".")



def questions_to_ask(a: Assessment) -> None:
    """The questions the map cannot answer yet, asked gently beside the findings."""
    if not a.to_ask:
        return
    st.markdown("##### Worth asking")
    st.markdown("\n".join(f"- {md_text(q.sentence)}" for q in a.to_ask))
    st.caption("Until these are asked, the map does not count them as missing.")


def show_problems(problems: list[str], heading: str = "That change was not made:") -> None:
    if problems:
        st.error(f"{heading}\n\n" + "\n".join(f"- {md_text(p)}" for p in problems))


def comparison_of(before: EcoMap, after: EcoMap) -> Comparison:
    return _comparison(key_of(before), key_of(after))


@st.cache_data(max_entries=32, show_spinner=False)
def _comparison(before_json: str, after_json: str) -> Comparison:
    return compare(loads(before_json), loads(after_json))


MEASURE_LABELS = {
    "size": "People and places in the map",
    "active_ties": "Active ties",
    "dormant_ties": "Dormant ties",
    "strong_unpaid_ties": "Strong unpaid ties",
    "paid_share": "Paid share of active ties",
    "sectors_covered": "Sectors covered",
    "cohen_diversity": "Cohen roles (estimate)",
    "reciprocity": "Share of ties with mutual support",
    "lsns6_estimate": "LSNS-6 (estimate from the map)",
    "alter_density": "How far they know each other (density)",
    "alter_components": "Separate clusters",
    "effective_size": "Effective size",
}


def comparison_view(before: EcoMap, after: EcoMap, *, labels: tuple[str, str] = ("Before", "After")) -> None:
    """Two maps side by side, what changed in words, and the measures before and after."""
    c = _comparison(key_of(before), key_of(after))
    left, right = st.columns(2)
    for column, m, label in ((left, before, labels[0]), (right, after, labels[1])):
        with column:
            st.markdown(f"**{label}: {m.ego.map_date:%d %B %Y}**")
            map_view(m, height=460)
    what_changed(c)
    measures_table(c, before, after, labels)


def what_changed(c: Comparison) -> None:
    st.markdown("##### What changed")
    said = c.sentences()
    st.markdown("\n".join(f"- {md_text(s)}" for s in said) if said else "No one and no tie changed.")


def measures_table(c: Comparison, before: EcoMap, after: EcoMap, labels: tuple[str, str]) -> None:
    """The measures before and after, with the band, in one table."""
    rows = [
        {
            "measure": MEASURE_LABELS[mc.name],
            labels[0]: _number(mc.before),
            labels[1]: _number(mc.after),
            "change": "" if mc.change is None else _signed(mc.change),
        }
        for mc in c.measures
        if mc.name in MEASURE_LABELS
    ]
    bands = [BAND_NAMES[assessment_of(key_of(m)).band] for m in (before, after)]
    rows.append({"measure": "Band", labels[0]: bands[0], labels[1]: bands[1], "change": ""})
    st.dataframe(rows, hide_index=True, width="stretch")


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _signed(value) -> str:
    if value == 0:
        return "no change"
    text = f"{value:+.2f}" if isinstance(value, float) else f"{value:+d}"
    return text
