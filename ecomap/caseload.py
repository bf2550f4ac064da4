"""A caseload for team review: everyone's latest map in one table, what changed, who is due a review.

Every row comes from what the store keeps of each snapshot when it is saved (the assessment
row and the ids of the map's alters, see :mod:`ecomap.store`): no map is read or assessed again,
so a caseload of thousands loads in about a second (``benchmarks/review_caseload.py``).

The rules, for one person (``docs/review.md`` says them for a team):

- **latest** is the newest saved snapshot and **previous** the one saved before it;
- a **change** is latest minus previous, and is missing when there is only one snapshot;
- **ties gained** are the alters on the latest map whose id was not on the previous one, and
  **ties lost** the reverse (alters keep their id when a map is edited, so renaming someone or
  changing their tie is neither);
- **days since review** count from the latest map's date to today, and a review is **overdue**
  when more than ``review_every_days`` have passed (182 by default: about six months, a common
  interval for reviewing a person's plan; each team sets its own).

By default the table is **pseudonymised**: a person is shown as their initials and a six-digit
code (``M.O. 3fa2c1``) and their id as ``p-3fa2c1`` (the code of
:func:`ecomap.pseudonymise.person_code`, so it matches a pseudonymised export of the same map);
the coordinator and team stay, since a team review is about the team's own work.

The chart summaries work on the same table, so the filters a team picks apply to them too.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import pandas as pd

from ecomap.pseudonymise import initials, person_code
from ecomap.risk import ALL_BANDS
from ecomap.store import Store

#: Days after the latest map at which a review is overdue (about six months).
REVIEW_EVERY_DAYS = 182
#: Measures of the latest map shown in the table, by their contract names (``DESIGN.md``).
KEY_MEASURES: tuple[str, ...] = (
    "size",
    "active_ties",
    "dormant_ties",
    "strong_unpaid_ties",
    "lsns6_estimate",
    "paid_share",
    "sectors_covered",
)
#: The person's own answers on the latest map (their assessment-row names, see
#: :mod:`ecomap.instruments`): kept beside, never merged with, the estimates from the map.
OWN_ANSWERS: tuple[str, ...] = (
    "ucla3_total",
    "ons_lonely",
    "lsns6_self",
    "ons4_satisfied",
    "ons4_worthwhile",
    "ons4_happy",
    "ons4_anxious",
)
#: Measures whose change since the previous snapshot is a column ``<measure>_change``.
CHANGED_MEASURES: tuple[str, ...] = ("lsns6_estimate", "size", "active_ties")
COLUMNS: tuple[str, ...] = (
    "person_id",
    "person",
    "coordinator",
    "team",
    "map_date",
    "snapshots",
    "band",
    "flags",
    "strengths",
    *KEY_MEASURES,
    *(f"{name}_change" for name in CHANGED_MEASURES),
    *OWN_ANSWERS,
    "ties_gained",
    "ties_lost",
    "days_since_review",
    "review_due",
    "review_overdue",
)
#: What :func:`caseload_history` reads from every snapshot's summary.
HISTORY_KEYS: tuple[str, ...] = ("band", "lsns6_estimate")


# --- the table -------------------------------------------------------------------------------


def caseload_frame(
    store: Store,
    *,
    today: date | None = None,
    review_every_days: int = REVIEW_EVERY_DAYS,
    pseudonymise: bool = True,
) -> pd.DataFrame:
    """One row per person with a saved map (see :data:`COLUMNS` and the module docstring),
    highest band first, then lowest LSNS-6 estimate.

    ``band`` is an ordered categorical (unknown < low < moderate < high: "not enough recorded
    yet" sorts after the known risks); ``flags`` and ``strengths`` are
    codes joined with ``;`` as in the assessment CSV; changes and ties gained or lost are
    missing (``<NA>``) for a person with one snapshot. ``today`` defaults to the local date.
    """
    today = today or date.today()
    latest = store.latest_summaries(alter_ids=True)
    now = _summary_columns(
        latest["summary"], ("map_date", "band", "flags", "strengths", *KEY_MEASURES, *OWN_ANSWERS)
    )
    before = _summary_columns(latest["previous_summary"], CHANGED_MEASURES)
    map_dates = [date.fromisoformat(d) for d in now["map_date"]]
    days = pd.Series([(today - d).days for d in map_dates], index=now.index, dtype="int64")
    gained, lost = _ties_gained_and_lost(latest["alter_ids"], latest["previous_alter_ids"])
    frame = pd.DataFrame(
        {
            "person_id": latest["person_id"],
            "person": latest["name"],
            "coordinator": latest["coordinator"],
            "team": latest["team"],
            "map_date": pd.Series(map_dates, index=now.index, dtype="object"),
            "snapshots": latest["snapshot_count"].astype("int64"),
            "band": pd.Categorical(now["band"], categories=ALL_BANDS, ordered=True),
            "flags": now["flags"].fillna(""),
            "strengths": now["strengths"].fillna(""),
            **{name: now[name] for name in KEY_MEASURES},
            **{f"{name}_change": (now[name] - before[name]).astype("Int64") for name in CHANGED_MEASURES},
            **{name: now[name].astype("Int64") for name in OWN_ANSWERS},
            "ties_gained": gained,
            "ties_lost": lost,
            "days_since_review": days,
            "review_due": pd.Series(
                [d + timedelta(days=review_every_days) for d in map_dates], index=now.index, dtype="object"
            ),
            "review_overdue": days > review_every_days,
        },
        columns=list(COLUMNS),
    )
    frame = frame.astype({name: "float64" if name == "paid_share" else "int64" for name in KEY_MEASURES})
    frame = frame.sort_values(
        ["band", "lsns6_estimate", "person", "person_id"], ascending=[False, True, True, True]
    ).reset_index(drop=True)
    return hide_names(frame) if pseudonymise else frame


def _summary_columns(summaries: pd.Series, keys: Collection[str]) -> pd.DataFrame:
    """The given keys of each stored summary as columns (missing summary: missing values)."""
    return pd.DataFrame.from_records([s or {} for s in summaries], columns=list(keys), index=summaries.index)


def _ties_gained_and_lost(latest: pd.Series, previous: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Counts of alter ids only in the latest list, and only in the previous one."""
    gained, lost = [], []
    for now, before in zip(latest, previous):
        if now is None or before is None:
            gained.append(None)
            lost.append(None)
        else:
            gained.append(len(set(now) - set(before)))
            lost.append(len(set(before) - set(now)))
    return (
        pd.Series(gained, index=latest.index, dtype="Int64"),
        pd.Series(lost, index=latest.index, dtype="Int64"),
    )


def pseudonym(person_id: str, name: str) -> tuple[str, str]:
    """The id and label a pseudonymised table shows: ``("p-3fa2c1", "M.O. 3fa2c1")``."""
    code = person_code(person_id)
    return f"p-{code}", f"{initials(name)} {code}"


def hide_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with every person's id and name replaced by their :func:`pseudonym`."""
    shown = [pseudonym(pid, name) for pid, name in zip(frame["person_id"], frame["person"])]
    return frame.assign(person_id=[pid for pid, _ in shown], person=[label for _, label in shown])


# --- choosing rows ---------------------------------------------------------------------------


def filter_caseload(
    frame: pd.DataFrame,
    *,
    team: str | Collection[str] | None = None,
    coordinator: str | Collection[str] | None = None,
    band: str | Collection[str] | None = None,
    flag: str | Collection[str] | None = None,
    overdue: bool | None = None,
) -> pd.DataFrame:
    """The rows that match every filter given. A filter is one value or several (any of them
    matches); ``None`` or an empty collection does not filter. ``flag`` keeps people whose latest
    map has any of the flags; ``overdue`` keeps overdue reviews (``True``) or the others."""
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (("team", team), ("coordinator", coordinator), ("band", band)):
        chosen = _chosen(wanted)
        if chosen:
            keep &= frame[column].astype("object").isin(chosen)
    flags = _chosen(flag)
    if flags:
        keep &= frame["flags"].map(lambda codes: not flags.isdisjoint(codes.split(";")))
    if overdue is not None:
        keep &= frame["review_overdue"] == overdue
    return frame[keep]


def _chosen(wanted: str | Collection[str] | None) -> set[str]:
    if wanted is None:
        return set()
    return {wanted} if isinstance(wanted, str) else set(wanted)


# --- summaries for charts --------------------------------------------------------------------


def people_by_band(frame: pd.DataFrame) -> pd.DataFrame:
    """``band``, ``people``: how many people are in each band, every band listed, "not enough
    recorded yet" (``unknown``) first, then low to high."""
    counts = frame["band"].astype("object").value_counts()
    return pd.DataFrame({"band": list(ALL_BANDS), "people": [int(counts.get(b, 0)) for b in ALL_BANDS]})


def flag_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """``flag``, ``people``: how many people's latest map has each flag, most common first
    (equal counts by code)."""
    codes = frame["flags"].str.split(";").explode()
    counts = codes[codes.fillna("") != ""].value_counts()
    table = pd.DataFrame({"flag": counts.index.astype("object"), "people": counts.to_numpy(dtype="int64")})
    return table.sort_values(["people", "flag"], ascending=[False, True]).reset_index(drop=True)


def lsns_by_team(frame: pd.DataFrame) -> pd.DataFrame:
    """``team``, ``people``, ``average_lsns6_estimate`` of the latest maps, and
    ``average_lsns6_change`` over the people with a previous snapshot (missing when none has)."""
    grouped = frame.groupby("team", sort=True)
    return pd.DataFrame(
        {
            "people": grouped.size().astype("int64"),
            "average_lsns6_estimate": grouped["lsns6_estimate"].mean(),
            "average_lsns6_change": grouped["lsns6_estimate_change"].mean().astype("Float64"),
        }
    ).reset_index()


def caseload_history(store: Store, *, pseudonymise: bool = True) -> pd.DataFrame:
    """Every snapshot's ``band`` and ``lsns6_estimate`` with ``person_id`` and ``map_date``,
    oldest map first; ids pseudonymised as in :func:`caseload_frame`, so the two line up."""
    return _history(store, HISTORY_KEYS, pseudonymise)


def own_answer_history(store: Store, *, pseudonymise: bool = True) -> pd.DataFrame:
    """Every snapshot's own answers (:data:`OWN_ANSWERS`, missing where not asked) with
    ``person_id`` and ``map_date``, as :func:`caseload_history` gives the band."""
    history = _history(store, OWN_ANSWERS, pseudonymise)
    return history.astype({name: "Float64" for name in OWN_ANSWERS})


def _history(store: Store, keys: tuple[str, ...], pseudonymise: bool) -> pd.DataFrame:
    history = store.summary_history(keys).drop(columns="saved_at")
    if pseudonymise:
        history["person_id"] = [f"p-{person_code(pid)}" for pid in history["person_id"]]
    return history


def _changes(history: pd.DataFrame, frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """When each person of ``frame`` took on and left each value: ``month`` (a monthly period
    ordinal), ``person_id``, ``value`` and ``step`` (+1 from the month of a map, -1 from the month
    of the person's next map). Of several maps in a month the last counts.

    Summing the steps up to a month gives, for that month, everyone mapped by then in the value of
    their most recent map: one pass over the history, however many months it spans.
    """
    mine = history[history["person_id"].isin(frame["person_id"])]
    month = [d.year * 12 + d.month - 1 - 1970 * 12 for d in mine["map_date"]]  # pandas' "M" ordinals
    last = mine.assign(month=month).drop_duplicates(["person_id", "month"], keep="last")
    last = last.sort_values(["person_id", "month"], kind="stable")[["month", "person_id", value]]
    following = last.groupby("person_id")["month"].shift(-1)
    ended = last[following.notna()].assign(month=following.dropna().astype("int64"))
    return pd.concat([last.assign(step=1), ended.assign(step=-1)], ignore_index=True)


def _running(changes: pd.DataFrame, by: str, weight: pd.Series, last_months: int | None) -> pd.DataFrame:
    """Month by month (rows: every month from the first change to the last, or the last
    ``last_months`` of them), the running total of ``weight`` for each value of ``by`` (columns)."""
    steps = weight.groupby([changes["month"], changes[by]]).sum().unstack(fill_value=0)
    months = range(int(changes["month"].min()), int(changes["month"].max()) + 1)
    running = steps.reindex(months, fill_value=0).cumsum()
    running = running if last_months is None else running.iloc[-last_months:]
    running.index = pd.PeriodIndex.from_ordinals(running.index, freq="M").to_timestamp()
    return running.rename_axis(index="month")


def band_over_time(
    history: pd.DataFrame, frame: pd.DataFrame, *, last_months: int | None = None
) -> pd.DataFrame:
    """``month``, ``band``, ``people``: for each month, how many of the people in ``frame`` were
    in each band by their most recent map so far (people count from the month of their first
    map); every band listed. With ``last_months``, only that many months up to the last map."""
    changes = _changes(history, frame, "band")
    if changes.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "band": [], "people": []})
    people = _running(changes, "band", changes["step"], last_months).reindex(
        columns=list(ALL_BANDS), fill_value=0
    )
    table = people.rename_axis(columns="band").stack().rename("people").astype("int64")
    return table.reset_index()


def average_lsns_over_time(
    history: pd.DataFrame, frame: pd.DataFrame, *, last_months: int | None = None
) -> pd.DataFrame:
    """``month``, ``team``, ``average_lsns6_estimate``, ``people``: per team (the team each person
    is in now), the average LSNS-6 estimate of their most recent maps so far, month by month, as
    in :func:`band_over_time`; a team is listed from the month of its first map."""
    changes = _changes(history, frame, "lsns6_estimate")
    if changes.empty:
        return pd.DataFrame(
            {
                "month": pd.Series(dtype="datetime64[ns]"),
                "team": [],
                "average_lsns6_estimate": [],
                "people": [],
            }
        )
    changes["team"] = changes["person_id"].map(dict(zip(frame["person_id"], frame["team"])))
    people = _running(changes, "team", changes["step"], last_months)
    total = _running(
        changes, "team", changes["step"] * changes["lsns6_estimate"].astype("float64"), last_months
    )
    table = pd.DataFrame(
        {
            "average_lsns6_estimate": (total / people.where(people > 0)).rename_axis(columns="team").stack(),
            "people": people.rename_axis(columns="team").stack(),
        }
    ).reset_index()
    table = table[table["people"] > 0].astype({"people": "int64"})
    return table.sort_values(["team", "month"]).reset_index(drop=True)


def average_own_answers_over_time(
    history: pd.DataFrame, frame: pd.DataFrame, answer: str, *, last_months: int | None = None
) -> pd.DataFrame:
    """``month``, ``team``, ``average``, ``people``: per team, the average of one own answer
    (a column of :func:`own_answer_history`) over the most recent maps so far of the people in
    ``frame`` who gave it, month by month as in :func:`average_lsns_over_time`. A person whose
    latest map did not ask it is not counted that month (not asked is not a score of 0)."""
    changes = _changes(history, frame, answer)
    empty = pd.DataFrame(
        {"month": pd.Series(dtype="datetime64[ns]"), "team": [], "average": [], "people": []}
    )
    if changes.empty:
        return empty
    asked = changes[answer].notna()
    changes["team"] = changes["person_id"].map(dict(zip(frame["person_id"], frame["team"])))
    people = _running(changes, "team", changes["step"].where(asked, 0), last_months)
    values = changes[answer].fillna(0.0).astype("float64")
    total = _running(changes, "team", changes["step"] * values, last_months)
    table = pd.DataFrame(
        {
            "average": (total / people.where(people > 0)).rename_axis(columns="team").stack(),
            "people": people.rename_axis(columns="team").stack(),
        }
    ).reset_index()
    table = table[table["people"] > 0].astype({"people": "int64", "average": "float64"})
    return table.sort_values(["team", "month"]).reset_index(drop=True) if not table.empty else empty
