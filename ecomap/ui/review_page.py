"""The Review page: a team's caseload at a glance, who is most isolated, whose network is
changing, whose review is overdue (the rules are in :mod:`ecomap.caseload` and docs/review.md).

Team meeting mode is on when the page opens: no person's name or id appears anywhere on the
page, in the table, the charts or the downloaded CSV, and maps cannot be opened from here
(a map shows every name).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ecomap.caseload import (
    OWN_ANSWERS,
    REVIEW_EVERY_DAYS,
    average_lsns_over_time,
    average_own_answers_over_time,
    band_over_time,
    caseload_frame,
    caseload_history,
    filter_caseload,
    flag_counts,
    hide_names,
    lsns_by_team,
    own_answer_history,
    people_by_band,
)
from ecomap.demo import DEMO_PEOPLE, load_demo_caseload
from ecomap.formats.formula import neutralise_frame
from ecomap.instruments import own_score
from ecomap.risk import ALL_BANDS, BAND_NAMES, FLAG_NAMES, STRENGTH_NAMES, UNKNOWN
from ecomap.settings import Thresholds
from ecomap.store import Store
from ecomap.ui import state
from ecomap.ui.escape import md_text
from ecomap.ui.map_page import open_person
from ecomap.ui.pages import the_map_page

#: Okabe-Ito colours, told apart with most kinds of colour blindness; the words are always shown.
BAND_COLOURS = {"low": "#009E73", "moderate": "#E69F00", "high": "#D55E00", "unknown": "#999999"}
#: The same colours, light enough for dark text on them in the table.
BAND_TINTS = {"low": "#d9f0e8", "moderate": "#fbecc8", "high": "#f8d9c8", "unknown": "#eeeeee"}
#: The bands in words, in the table, the filter and the charts ("unknown" is never shown as low).
BAND_WORDS = {"low": "Low", "moderate": "Moderate", "high": "High", "unknown": BAND_NAMES[UNKNOWN]}
_BAND_ORDER = [BAND_WORDS[b] for b in ALL_BANDS]
_REVIEWS = {"all": "All", "overdue": "Overdue only", "up_to_date": "Up to date only"}
#: The charts over time show the last year.
_MONTHS = 12
_TABLE_KEY = "review.table"
_MEETING_KEY = "review.meeting"


# --- data, cached until the store changes ------------------------------------------------------


@st.cache_data(ttl=600, max_entries=8, show_spinner="Reading the caseload ...")
def _caseload(_store: Store, url: str, revision: tuple[int, int, datetime | None], today: date, every: int):
    return caseload_frame(_store, today=today, review_every_days=every, pseudonymise=False)


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _history(_store: Store, url: str, revision: tuple[int, int, datetime | None]) -> pd.DataFrame:
    return caseload_history(_store, pseudonymise=False)


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _own_history(_store: Store, url: str, revision: tuple[int, int, datetime | None]) -> pd.DataFrame:
    return own_answer_history(_store, pseudonymise=False)


# --- the page ----------------------------------------------------------------------------------


def page() -> None:
    st.title("Team review")
    store = state.store()
    every = int(st.session_state.get("review.every", REVIEW_EVERY_DAYS))
    frame = _caseload(store, store.url, store.revision(), date.today(), every)
    if frame.empty:
        _nothing_saved(store)
        return
    meeting = st.toggle(
        "Team meeting mode: no names",
        value=True,
        key=_MEETING_KEY,
        help="People are shown by initials and a code, here and in the downloaded table. Turn it off "
        "to see names and open a person's map.",
    )
    chosen = _filtered(frame)
    shown = hide_names(chosen) if meeting else chosen
    _headline(chosen, every)
    if chosen.empty:
        st.info("No one matches these filters.")
        return
    selected = _table(shown)
    _open_and_download(chosen, shown, selected, meeting)
    cut = (store.settings or Thresholds()).lsns_at_risk_below
    _charts(chosen, _history(store, store.url, store.revision()), cut)
    _own_answers_chart(chosen, _own_history(store, store.url, store.revision()))


def _nothing_saved(store: Store) -> None:
    if store.people():
        st.info(
            "Only working copies so far. Each **Save snapshot** on the Map page adds a person's map "
            "to the team review."
        )
        return
    st.info(
        "No one is saved in this database yet. Once coordinators save maps on the Map page, the "
        "team's caseload shows here: who is most isolated, whose network is changing, and whose "
        "review is overdue."
    )
    st.markdown(
        f"To see how it works first, load a fictional team: three coordinators in two teams, "
        f"{DEMO_PEOPLE} made-up people with a year of maps."
    )
    if st.button("Load a fictional demo team", type="primary", key="review.demo"):
        with st.spinner("Making up a team ..."):
            load_demo_caseload(store)
        st.rerun()


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    """The filters, each wide enough for its chosen chips to show their words (a chip in a
    narrow box shrinks to an empty pill), wrapping onto more rows on a narrow screen; returns
    the rows that match."""
    box = st.container(horizontal=True, vertical_alignment="bottom")
    teams = box.multiselect(
        "Team",
        sorted(frame["team"].unique()),
        format_func=_or_none,
        placeholder="All",
        key="review.team",
        width=260,
    )
    coordinators = box.multiselect(
        "Coordinator",
        sorted(frame["coordinator"].unique()),
        format_func=_or_none,
        placeholder="All",
        key="review.coordinator",
        width=360,
    )
    bands = box.multiselect(
        "Band",
        list(reversed(ALL_BANDS)),
        format_func=BAND_WORDS.get,
        placeholder="All",
        key="review.band",
        width=400,
    )
    flags = box.multiselect(
        "Flag",
        list(FLAG_NAMES),
        format_func=FLAG_NAMES.get,
        placeholder="Any",
        key="review.flag",
        help="People whose latest map has any of these flags.",
        width=440,
    )
    reviews = box.selectbox(
        "Reviews", list(_REVIEWS), format_func=_REVIEWS.get, key="review.reviews", width=220
    )
    box.number_input(
        "Overdue after (days)",
        min_value=1,
        value=REVIEW_EVERY_DAYS,
        step=1,
        key="review.every",
        help="A review is overdue when more days than this have passed since the latest map.",
        width=220,
    )
    return filter_caseload(
        frame,
        team=teams,
        coordinator=coordinators,
        band=bands,
        flag=flags,
        overdue={"all": None, "overdue": True, "up_to_date": False}[reviews],
    )


def _or_none(value: str) -> str:
    return value or "(none)"


def _headline(chosen: pd.DataFrame, every: int) -> None:
    high = int((chosen["band"] == "high").sum())
    overdue = int(chosen["review_overdue"].sum())
    change = chosen["lsns6_estimate_change"].mean()
    c = st.columns(4)
    c[0].metric("People", len(chosen))
    c[1].metric("High risk of isolation", high)
    c[2].metric("Reviews overdue", overdue, help=f"More than {every} days since the latest map.")
    c[3].metric(
        "Average LSNS-6 (estimate)",
        f"{chosen['lsns6_estimate'].mean():.1f}" if len(chosen) else "-",
        delta=None if pd.isna(change) else f"{change:+.1f} since the maps before",
        help="Worked out from the maps, not asked of the people. The change is the average over "
        "people with an earlier map.",
    )


_COLUMNS = {
    "person": st.column_config.TextColumn("Person", pinned=True, width=160),
    "team": st.column_config.TextColumn("Team"),
    "coordinator": st.column_config.TextColumn("Coordinator"),
    "band": st.column_config.MultiselectColumn(
        "Band",
        options=_BAND_ORDER,
        color=[BAND_TINTS[b] for b in ALL_BANDS],
        help="Risk of isolation from the latest map.",
    ),
    "lsns6_estimate": st.column_config.ProgressColumn(
        "LSNS-6 (estimate)",
        min_value=0,
        max_value=30,
        format="%d",
        help="Lubben Social Network Scale worked out from the map (0-30), not asked of the person. "
        "Below the team's cut-off (12 by default) suggests a risk of isolation.",
    ),
    "lsns6_estimate_change": st.column_config.NumberColumn(
        "LSNS-6 change", format="%+d", help="Since the snapshot before; blank for a first map."
    ),
    "flags": st.column_config.ListColumn("Flags", help="What the latest map shows is missing or at risk."),
    "ties_gained": st.column_config.NumberColumn(
        "Gained", help="People, groups and places on the latest map that were not on the one before."
    ),
    "ties_lost": st.column_config.NumberColumn("Lost", help="On the map before, not on the latest."),
    "active_ties": st.column_config.NumberColumn("Active ties", help="Contact monthly or more, not dormant."),
    "active_ties_change": st.column_config.NumberColumn("Active change", format="%+d"),
    "map_date": st.column_config.DateColumn("Latest map", format="D MMM YYYY"),
    "days_since_review": st.column_config.NumberColumn("Days since", help="Days since the latest map."),
    "review_overdue": st.column_config.CheckboxColumn("Overdue"),
    "review_due": st.column_config.DateColumn("Review due", format="D MMM YYYY"),
    "strengths": st.column_config.ListColumn("Strengths", help="What is already working."),
    "size": st.column_config.NumberColumn("In the map"),
    "size_change": st.column_config.NumberColumn("Size change", format="%+d"),
    "dormant_ties": st.column_config.NumberColumn("Dormant"),
    "strong_unpaid_ties": st.column_config.NumberColumn("Strong unpaid"),
    "paid_share": st.column_config.NumberColumn("Paid share", format="percent"),
    "sectors_covered": st.column_config.NumberColumn("Sectors"),
    "snapshots": st.column_config.NumberColumn("Maps", help="Snapshots saved."),
}


def _table(shown: pd.DataFrame) -> int | None:
    """The caseload table, sortable by any column; returns the position of the selected row."""
    lists = {
        "band": [[BAND_WORDS[band]] for band in shown["band"].astype("object")],
        "flags": _names(shown["flags"], FLAG_NAMES),
        "strengths": _names(shown["strengths"], STRENGTH_NAMES),
    }
    event = st.dataframe(
        shown.assign(**lists),
        column_order=list(_COLUMNS),
        column_config=_COLUMNS,
        hide_index=True,
        height=min(36 * (len(shown) + 1) + 3, 460),
        on_select="rerun",
        selection_mode="single-row",
        key=_TABLE_KEY,
        alt="The caseload: one row per person, highest risk of isolation first.",
    )
    rows = event.selection.rows
    return rows[0] if rows and rows[0] < len(shown) else None


def _names(joined: pd.Series, names: dict[str, str]) -> list[list[str]]:
    """The codes joined with ``;`` in each cell, as the words a person reads."""
    return [[names.get(code, code) for code in text.split(";") if code] for text in joined]


def _open_and_download(
    chosen: pd.DataFrame, shown: pd.DataFrame, selected: int | None, meeting: bool
) -> None:
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left:
        if meeting:
            st.caption("Opening a map is off in team meeting mode: a map shows everyone's names.")
        elif selected is None:
            st.caption("Select a row to open that person's map.")
        if st.button("Open on the Map page", disabled=meeting or selected is None, key="review.open"):
            open_person(chosen.iloc[selected]["person_id"])
            st.switch_page(the_map_page())
    with right:
        st.download_button(
            "Download this table (CSV)",
            neutralise_frame(shown).to_csv(index=False).encode("utf-8"),
            file_name=f"caseload-review{'-pseudonymised' if meeting else ''}-{date.today()}.csv",
            mime="text/csv",
            key="review.download",
            icon=":material/download:",
            on_click=state.store().record,
            args=("export", "", f"review table, {len(shown)} people{', pseudonymised' if meeting else ''}"),
        )


# --- charts ------------------------------------------------------------------------------------


def _band_colour(**legend: Any) -> alt.Color:
    return alt.Color(
        "band:N",
        title="Band",
        scale=alt.Scale(domain=_BAND_ORDER, range=[BAND_COLOURS[b] for b in ALL_BANDS]),
        sort=_BAND_ORDER,
        **legend,
    )


def _in_words(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(band=table["band"].map(BAND_WORDS))


def _charts(chosen: pd.DataFrame, history: pd.DataFrame, cut: int) -> None:
    st.subheader("Across the caseload")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**People by band**")
        bars = (
            alt.Chart(_in_words(people_by_band(chosen)))
            .mark_bar()
            .encode(
                x=alt.X("people:Q", title="People"),
                y=alt.Y(
                    "band:N", title=None, sort=list(reversed(_BAND_ORDER)), axis=alt.Axis(labelLimit=200)
                ),
                color=_band_colour(legend=None),
                tooltip=["band:N", "people:Q"],
            )
        )
        st.altair_chart(bars.properties(height=170), width="stretch", alt="How many people are in each band.")
        st.markdown("**How often each flag appears**")
        flags = flag_counts(chosen)
        if flags.empty:
            st.caption("No flags on these maps.")
        else:
            _flag_chart(flags)
    with right:
        st.markdown("**Band over the last year**")
        over_time = (
            alt.Chart(_in_words(band_over_time(history, chosen, last_months=_MONTHS)))
            .mark_bar()
            .encode(
                x=alt.X("yearmonth(month):T", title=None),
                y=alt.Y("people:Q", title="People"),
                color=_band_colour(),
                order=alt.Order("band_order:Q"),
                tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"), "band:N", "people:Q"],
            )
            .transform_calculate(band_order=f"indexof({_BAND_ORDER!r}, datum.band)")
        )
        st.altair_chart(
            over_time.properties(height=220),
            width="stretch",
            alt="Month by month, how many people were in each band by their most recent map.",
        )
        st.caption("Each month counts everyone mapped by then, in the band of their most recent map.")
        st.markdown("**Average LSNS-6 estimate by team**")
        _lsns_chart(chosen, history, cut)


def _flag_chart(flags: pd.DataFrame) -> None:
    flags = flags.assign(label=[FLAG_NAMES.get(code, code) for code in flags["flag"]])
    bars = (
        alt.Chart(flags)
        .mark_bar(color="#56B4E9")
        .encode(
            x=alt.X("people:Q", title="People whose latest map has it"),
            y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            tooltip=[alt.Tooltip("label:N", title="Flag"), "people:Q"],
        )
    )
    st.altair_chart(
        bars.properties(height=alt.Step(22)), width="stretch", alt="How many people have each flag."
    )


def _lsns_chart(chosen: pd.DataFrame, history: pd.DataFrame, cut: int) -> None:
    teams = lsns_by_team(chosen)
    cells = st.columns(max(len(teams), 1))
    for cell, row in zip(cells, teams.itertuples()):
        change = row.average_lsns6_change
        cell.metric(
            md_text(_or_none(row.team)),
            f"{row.average_lsns6_estimate:.1f}",
            delta=None if pd.isna(change) else f"{change:+.1f}",
            help=f"{row.people} people. The change is the average since each person's map before.",
        )
    lines = (
        alt.Chart(average_lsns_over_time(history, chosen, last_months=_MONTHS))
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):T", title=None),
            y=alt.Y("average_lsns6_estimate:Q", title="Average (0-30)", scale=alt.Scale(domain=[0, 30])),
            color=alt.Color("team:N", title="Team"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                "team:N",
                alt.Tooltip("average_lsns6_estimate:Q", title="Average", format=".1f"),
                "people:Q",
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"cut": [cut]}))
        .mark_rule(strokeDash=[4, 4], color="#6b6b6b")
        .encode(y="cut:Q")
    )
    st.altair_chart(
        (lines + rule).properties(height=220),
        width="stretch",
        alt=f"Average LSNS-6 estimate per team month by month; the dashed line is the cut-off {cut}.",
    )


def _own_answers_chart(chosen: pd.DataFrame, history: pd.DataFrame) -> None:
    """How the team's own-answer scores moved, one answer at a time. A team average is not a
    person's score, so no individual screening cut-off is drawn across it."""
    st.markdown("**What people said: their own answers over the last year**")
    answer = st.selectbox(
        "Own answer",
        OWN_ANSWERS,
        format_func=lambda c: f"{own_score(c).label} ({own_score(c).scale})",
        key="review.own-answer",
    )
    score = own_score(answer)
    table = average_own_answers_over_time(history, chosen, answer, last_months=_MONTHS)
    if table.empty:
        st.caption("No one here has been asked this yet.")
        return
    lines = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):T", title=None),
            y=alt.Y(
                "average:Q",
                title=f"Average ({score.low}-{score.high})",
                scale=alt.Scale(domain=[score.low, score.high]),
            ),
            color=alt.Color("team:N", title="Team"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                "team:N",
                alt.Tooltip("average:Q", title="Average", format=".1f"),
                alt.Tooltip("people:Q", title="People asked"),
            ],
        )
    )
    st.altair_chart(
        lines.properties(height=220),
        width="stretch",
        alt=f"Average {score.label} per team month by month, over the people asked.",
    )
    st.caption(
        f"The person's own answers, not estimates from the map; {score.better} is better. Each month "
        "averages the most recent answers of the people asked by then."
    )
