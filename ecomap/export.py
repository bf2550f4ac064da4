"""Every download of a map, as bytes with a file name and a media type.

The app's download buttons and the ``ecomap export`` command both use :func:`export`, so a file
from either is the same. ``pseudonymised=True`` replaces names with roles or initials first
(:mod:`ecomap.pseudonymise`), for sharing in team meetings or with a manager.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecomap.edit import slug
from ecomap.formats import csv_bundle, graphml, json_map
from ecomap.model import EcoMap
from ecomap.plan import ConnectionPlan, planned_map

if TYPE_CHECKING:
    from ecomap.risk import Assessment

# pyvis, matplotlib and the assessment are imported where a format needs them, so that opening
# the app or running a quick command does not pay for all of them.


@dataclass(frozen=True)
class Download:
    file_name: str
    media_type: str
    data: bytes


FORMATS: dict[str, tuple[str, str, str]] = {
    # key: (extension, media type, what a person calls it)
    "json": ("json", "application/json", "Map file (JSON)"),
    "csv": ("zip", "application/zip", "Spreadsheet tables (CSV bundle, zip)"),
    "graphml": ("graphml", "application/graphml+xml", "Network file for Gephi (GraphML)"),
    "html": ("html", "text/html", "Interactive map (HTML, works offline)"),
    "png": ("png", "image/png", "Picture (PNG)"),
    "svg": ("svg", "image/svg+xml", "Picture for documents (SVG)"),
    "pdf": ("pdf", "application/pdf", "Summary (PDF)"),
}
#: The PDF's copies: who it is for, in words. ``team`` is the fuller summary (band, findings, the
#: LSNS-6 estimate); ``person`` and ``easy-read`` are the person's own (:mod:`ecomap.person_copy`).
COPIES: dict[str, str] = {
    "team": "for the team",
    "person": "for the person",
    "easy-read": "Easy Read, for the person",
}


def file_stem(m: EcoMap, pseudonymised: bool = False) -> str:
    """``ecomap-maud-okafor-2026-03-01``; a pseudonymised file is named by the person's pseudonym
    (``ecomap-p-3f2a1b-...``), never by their name or their real id."""
    from ecomap.pseudonymise import person_code

    who = f"p-{person_code(m.ego.id)}" if pseudonymised else slug(m.ego.name)
    return f"ecomap-{slug(who)}-{m.ego.map_date.isoformat()}"


def export(
    m: EcoMap,
    fmt: str,
    *,
    pseudonymised: bool = False,
    plan: ConnectionPlan | None = None,
    copy: str = "team",
    directory=None,
) -> Download:
    """The map in format ``fmt`` (a key of :data:`FORMATS`).

    A PDF is the ``copy`` of :data:`COPIES`: the person's own copies write out the plan, with
    contact details from ``directory`` (an :class:`ecomap.directory.Directory`) where it has them.

    The pictures (HTML, PNG, SVG, PDF) draw the open items of ``plan`` as planned ties; the data
    formats hold the map as it is. A pseudonymised export leaves the plan out: its items name
    people by the ids and names the pseudonyms replace.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if copy not in COPIES:
        raise ValueError(f"unknown copy {copy!r}; use one of {', '.join(COPIES)}")
    name = download_name(m, fmt, pseudonymised, copy)  # from the real id, as the app's buttons name it
    if pseudonymised:
        from ecomap.pseudonymise import pseudonymise

        m, plan = pseudonymise(m), None
    if fmt == "pdf" and copy != "team" and plan is not None:
        # The person's copy draws only what they agreed to, as its plan does.
        plan = plan.model_copy(update={"items": tuple(i for i in plan.items if i.status != "suggested")})
    drawn, planned = planned_map(m, plan) if plan is not None else (m, set())
    if fmt == "pdf" and copy != "team":
        data = person_pdf(m, drawn, planned, plan=plan, directory=directory, easy_read=copy == "easy-read")
    else:
        data = _bytes(m, fmt, drawn, planned)
    return Download(name, FORMATS[fmt][1], data)


def download_name(m: EcoMap, fmt: str, pseudonymised: bool = False, copy: str = "team") -> str:
    """The file name of a download; a pseudonymised one says ``-shared`` and carries no name, and
    the person's copies of the PDF say ``-person`` or ``-easy-read``."""
    which = f"-{copy}" if fmt == "pdf" and copy != "team" else ""
    return f"{file_stem(m, pseudonymised)}{'-shared' if pseudonymised else ''}{which}.{FORMATS[fmt][0]}"


def _bytes(m: EcoMap, fmt: str, drawn: EcoMap, planned: Collection[str]) -> bytes:
    if fmt == "json":
        return json_map.dumps(m).encode("utf-8")
    if fmt == "csv":
        return csv_bundle.bundle_zip_bytes(csv_bundle.tables(m))
    if fmt == "graphml":
        return graphml.dumps(m)
    if fmt == "html":
        from ecomap.render import render_html

        return render_html(drawn, planned=planned).encode("utf-8")
    if fmt in ("png", "svg"):
        from ecomap import figure

        return (figure.figure_png if fmt == "png" else figure.figure_svg)(drawn, planned=planned)
    return summary_pdf(m, drawn, planned)


def summary_pdf(m: EcoMap, drawn: EcoMap | None = None, planned: Collection[str] = ()) -> bytes:
    """The one-page summary for the team: the map (``drawn``, with any planned ties), the band in
    words, the person's strengths, what the map shows and the questions worth asking, worked out
    from the map as it is (``m``)."""
    from ecomap import figure
    from ecomap.risk import BAND_NAMES, assess

    a = assess(m)
    return figure.summary_pdf(
        drawn or m,
        strengths=[s.sentence for s in a.strengths],
        findings=[f.sentence for f in a.flags],
        estimate_note=_lsns6_note(a),
        planned=planned,
        band=BAND_NAMES[a.band],
        questions=[q.sentence for q in a.to_ask],
    )


def _lsns6_note(a: Assessment) -> str:
    """The LSNS-6 line of the team summary: the map's figure always labelled as an estimate,
    beside the person's own total when they answered the six questions (their answers, not the
    estimate, decide the LSNS flags: :mod:`ecomap.risk`)."""
    estimate = f"LSNS-6 estimated from the map: {a.measures.lsns6_estimate} of 30"
    if "ask_lsns" in a.to_ask_codes:
        estimate += ", counting only what is recorded so far"
    own = a.self_report.lsns6_total
    if own is None:
        return f"{estimate} (not the person's own answers; below 12 suggests risk of isolation)."
    return (
        f"LSNS-6 from the person's own answers: {own} of 30 (these decide; below 12 suggests risk of "
        f"isolation). {estimate}."
    )


def person_pdf(
    m: EcoMap,
    drawn: EcoMap | None = None,
    planned: Collection[str] = (),
    *,
    plan: ConnectionPlan | None = None,
    directory=None,
    easy_read: bool = False,
) -> bytes:
    """The person's own copy (or its Easy Read version): what is working, their words, the map
    (``drawn``) and the plan they agreed, with no score, band, flag or risk word."""
    from ecomap import figure
    from ecomap.person_copy import easy_read_lines, person_copy
    from ecomap.risk import assess

    copy = person_copy(m, [s.sentence for s in assess(m).strengths], plan, directory)
    if easy_read:
        return figure.easy_read_pdf(drawn or m, copy, easy_read_lines(m, copy), planned)
    return figure.person_copy_pdf(drawn or m, copy, planned)
