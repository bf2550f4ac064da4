"""The Directory page: the community directory ideas come from, to browse, search and filter, a
picture of where everything is, and another directory to import (Open Referral UK / HSDS).

The picture is a Vega-Lite chart of longitude and latitude drawn in the page: no map tiles, so
nothing is fetched from another host.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from ecomap.directory import (
    ASSET_KINDS,
    VENUE_ACCESS,
    Directory,
    DirectoryInvalid,
    DirectoryRead,
    read_directory,
    summarise,
)
from ecomap.model import ACCESS_NEEDS, DAY_PARTS, WEEKDAYS, Problem
from ecomap.suggest import availability_words
from ecomap.ui import state
from ecomap.ui.views import md_text

COLUMNS = ["name", "kind", "tags", "when", "place", "town", "accessibility", "cost", "ages", "status"]
DAYS = [None, *WEEKDAYS, *(f"{d}_{p}" for d in WEEKDAYS for p in DAY_PARTS)]
#: The needs a directory can check for a venue; not driving depends on where the person lives.
NEEDS = [*VENUE_ACCESS, "low_cost"]
COSTS = {None: "any cost", "free": "free", "low": "free or low cost"}
MAP_HEIGHT = 520


def page() -> None:
    st.title("Community directory")
    key, label, directory = state.directory()
    active = len(directory.filter())
    st.caption(
        f"Ideas on the Map page come from {md_text(label)}: {len(directory)} groups, places, services "
        f"and volunteering roles, {active} of them active."
    )
    browse, bring = st.tabs(["Browse", "Use another directory"])
    with browse:
        browse_panel(directory)
    with bring:
        import_panel(key)


# --- browsing ------------------------------------------------------------------------------------


def _filtered(directory: Directory) -> Directory:
    c1, c2, c3 = st.columns([2, 2, 1])
    text = c1.text_input("Search", placeholder="singing, lunch, Heathfield ...", key="dir.search")
    tags = c2.multiselect("Tags", directory.tags, key="dir.tags")
    day = c3.selectbox(
        "Meets on",
        DAYS,
        format_func=lambda t: "any day" if t is None else availability_words(t),
        key="dir.day",
    )
    c4, c5, c6 = st.columns([2, 2, 1])
    needs = c4.multiselect("Access needs", NEEDS, format_func=ACCESS_NEEDS.get, key="dir.access")
    kinds = c5.multiselect("Kind", ASSET_KINDS, key="dir.kind")
    cost = c6.selectbox("Cost", list(COSTS), format_func=COSTS.get, key="dir.cost")
    everything = st.checkbox("Include groups that have stopped or closed", key="dir.all")
    return directory.filter(
        tags=tags or None,
        day=day,
        accessible_for=needs or None,
        max_cost=cost,
        status=None if everything else "active",
        kind=kinds or None,
    ).search(text)


def browse_panel(directory: Directory) -> None:
    found = _filtered(directory)
    frame = found.to_frame()
    st.caption(f"{len(found)} shown of {len(directory)}.")
    st.dataframe(
        frame[COLUMNS],
        hide_index=True,
        width="stretch",
        height=320,
        column_config={
            **{c: c.capitalize() for c in COLUMNS},
            "name": st.column_config.TextColumn("Name", width="medium"),
            "when": st.column_config.TextColumn("When", width="medium"),
            "accessibility": st.column_config.TextColumn("Access"),
        },
    )
    homes = st.checkbox("Show where the sample people live", key="dir.homes")
    st.altair_chart(where_chart(frame, _homes() if homes else pd.DataFrame()), width="stretch")


def _homes() -> pd.DataFrame:
    rows = []
    for person in state.samples():
        ego = person.maps()[-1].ego
        if ego.latitude is not None:
            rows.append({"name": ego.name, "latitude": ego.latitude, "longitude": ego.longitude})
    return pd.DataFrame(rows)


def _names(names: pd.Series) -> str:
    shown = list(names[:6])
    more = len(names) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more else "")


def where_chart(frame: pd.DataFrame, homes: pd.DataFrame) -> alt.LayerChart:
    """One dot per venue, sized by how many assets meet there and coloured by their kind
    ("mixed" when several kinds share it), town names at the middle of their venues, and homes
    as black triangles, on a Mercator projection of the coordinates: a picture drawn from the
    data alone, with no map tiles."""
    placed = frame.dropna(subset=["latitude", "longitude"])
    venues = placed.groupby(["place", "latitude", "longitude"], as_index=False, sort=False).agg(
        assets=("name", "size"),
        what=("name", _names),
        kind=("kind", lambda kinds: kinds.iloc[0] if kinds.nunique() == 1 else "mixed"),
    )
    where = {"longitude": "longitude:Q", "latitude": "latitude:Q"}
    layers: list[alt.Chart] = [
        alt.Chart(venues)
        .mark_circle(opacity=0.8, stroke="white", strokeWidth=1)
        .encode(
            **where,
            size=alt.Size("assets:Q", scale=alt.Scale(range=[50, 700]), title="assets there"),
            color=alt.Color("kind:N", scale=alt.Scale(domain=[*ASSET_KINDS, "mixed"], scheme="tableau10")),
            tooltip=["place:N", "assets:Q", "what:N"],
        )
    ]
    towns = placed[placed["town"] != ""].groupby("town", as_index=False)[["latitude", "longitude"]].mean()
    layers.append(
        alt.Chart(towns)
        .mark_text(dy=-22, fontSize=13, fontWeight="bold", color="#444")
        .encode(**where, text="town:N")
    )
    if not homes.empty:
        layers.append(
            alt.Chart(homes)
            .mark_point(shape="triangle-up", size=110, filled=True, color="#222")
            .encode(**where, tooltip=["name:N"])
        )
    return alt.layer(*layers).project(type="mercator").properties(height=MAP_HEIGHT)


# --- another directory ---------------------------------------------------------------------------


def read_upload(name: str, data: bytes, *, lenient: bool = True) -> DirectoryRead:
    """Read an uploaded HSDS package (.zip) or HSDS JSON, leniently unless asked otherwise;
    problems name the upload, not the temporary file it was read from. Raises
    :class:`DirectoryInvalid` when nothing usable could be read (or, strict, on any problem)."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)

        def named(problems: list[Problem]) -> list[Problem]:
            return [dataclasses.replace(p, file=p.file.replace(str(path), name)) for p in problems]

        try:
            found = read_directory(path, lenient=lenient)
        except DirectoryInvalid as error:
            raise DirectoryInvalid(named(error.problems)) from None
        return DirectoryRead(found.directory, named(found.problems))


def import_panel(key: str) -> None:
    st.markdown(
        "Use your area's own directory: an **Open Referral UK / HSDS** tabular package (a .zip of CSV "
        "tables such as service.csv, location.csv and schedule.csv) or an HSDS .json file. It is used "
        "for this session only. Records with a problem are left out and listed, unless you ask for "
        "the whole directory to be refused."
    )
    upload = st.file_uploader("A directory file", type=["zip", "json"], key="dir.upload")
    strict = st.checkbox("Refuse the whole directory if any record has a problem", key="dir.strict")
    if upload is not None and st.button("Use this directory", type="primary", key="dir.use"):
        data = upload.getvalue()
        try:
            found = read_upload(upload.name, data, lenient=not strict)
        except DirectoryInvalid as error:
            problems = "\n".join(f"- {md_text(str(p))}" for p in error.problems)
            st.error(f"This directory was not used; nothing has changed. Problems found:\n\n{problems}")
            return
        digest = hashlib.sha256(data).hexdigest()[:16]
        state.use_directory(f"upload:{digest}", f"{upload.name} (imported)", found.directory, found.problems)
        st.rerun()
    left_out = state.directory_left_out()
    if left_out:
        kinds = "\n".join(f"- {md_text(str(kind))}" for kind in summarise(left_out))
        st.warning(
            f"{len(left_out)} problem(s): the records they are in were left out; everything else is "
            f"used. By kind, most frequent first:\n\n{kinds}"
        )
        with st.expander("Every problem"):
            st.markdown("\n".join(f"- {md_text(str(p))}" for p in left_out))
    if key != state.SAMPLE_DIRECTORY:
        st.button(
            "Go back to the sample directory",
            on_click=state.use_directory,
            args=("", "", None),
            key="dir.sample",
        )
