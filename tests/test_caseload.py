"""Team review: the caseload table, its filters and chart summaries, the store queries behind them,
the fictional demo team, and the ``review`` and ``demo-caseload`` commands.

The hand-made caseload (flags and LSNS-6 estimates worked out by hand from the rules in
docs/measures.md):

- Bob Kettering (South, Jo Marsh): one empty map on 1 March 2025. LSNS 0 (family 0, friends 0);
  flags lsns_at_risk, lsns_family_low, lsns_friends_low, no_close_unpaid, support_gap (no
  emotional or emergency help), no_community, receives_only; band high (LSNS with no close tie).
- Margaret Oyelaran (North, Sam Patel): 1 June 2025, her daughter Ruth and the Men's Shed (company):
  LSNS 3 (family 1 + 1 + 1), no one for emergencies, so band high. 1 September 2025: Ruth, neighbour
  Bisi (emergency, transport) and friend Pat (emotional), the Shed gone: LSNS 7 (family 3 < 6,
  friends 2 + 1 + 1 = 4 < 6), flags lsns_at_risk, lsns_family_low, lsns_friends_low, single_point
  (Ruth practical; Bisi transport and emergency), no_community; band moderate (the LSNS flags are
  one kind of concern). Gained Bisi and Pat, lost the Shed.
- Cara Dunmore (North, Sam Patel): 10 January 2025, three relatives who each give emotional,
  practical and emergency help: LSNS 9 (3 + 3 + 3; friends 0), flags lsns_at_risk, lsns_friends_low,
  no_community, band moderate. 1 December 2025: also friend Fen and a choir: LSNS 12 (family 9,
  friends 1 + 1 + 1 = 3 < 6), flag lsns_friends_low alone, band low.

Today is 1 March 2026: 365 days since Bob's map, 181 since Margaret's, 90 since Cara's.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from ecomap.caseload import (
    COLUMNS,
    average_lsns_over_time,
    band_over_time,
    caseload_frame,
    caseload_history,
    filter_caseload,
    flag_counts,
    hide_names,
    lsns_by_team,
    people_by_band,
)
from ecomap.cli import main
from ecomap.demo import COORDINATORS, demo_histories, load_demo_caseload
from ecomap.formats.json_map import dumps
from ecomap.model import Alter, AlterTie, EcoMap, Ego
from ecomap.risk import assess
from ecomap.store import Store, StoreError
from tests.conftest import TEST_PSEUDONYM_KEY, TickingClock

TODAY = date(2026, 3, 1)
NAMES = ("Margaret", "Oyelaran", "Bob", "Kettering", "Cara", "Dunmore", "margaret-o", "bob-k", "cara-d")


def _person(alter_id: str, name: str, sector: str, circle: int, contact: str, support: str, **more) -> Alter:
    return Alter(
        id=alter_id,
        name=name,
        sector=sector,
        circle=circle,
        contact=contact,
        support=support.split(),
        is_kin=sector == "family",
        **more,
    )


RUTH = _person("ruth", "Ruth Oyelaran", "family", 1, "weekly", "emotional practical", gives=["company"])
SHED = Alter(
    id="shed",
    name="Brackford Men's Shed",
    kind="group",
    sector="community",
    contact="weekly",
    support=["company"],
)
BISI = _person("bisi", "Bisi Adeyemi", "neighbours", 2, "fortnightly", "transport emergency")
PAT = _person("pat", "Pat Greene", "friends", 2, "weekly", "emotional", gives=["company"])
RELATIVES = [
    _person(
        f"k{n}", f"{first} Dunmore", "family", 1, "weekly", "emotional practical emergency", gives=["company"]
    )
    for n, first in enumerate(("Alan", "Beth", "Chris"), start=1)
]
FEN = _person("fen", "Fen Lowe", "friends", 2, "weekly", "emotional practical company", gives=["company"])
CHOIR = Alter(
    id="choir",
    name="Brackford Choir",
    kind="group",
    sector="community",
    contact="weekly",
    support=["company"],
)


def _map(person_id: str, name: str, when: date, coordinator: str, team: str, alters=(), ties=()) -> EcoMap:
    return EcoMap(
        ego=Ego(id=person_id, name=name, map_date=when, coordinator=coordinator, team=team),
        alters=list(alters),
        ties=[AlterTie(source=s, target=t) for s, t in ties],
    )


def hand_made_maps() -> list[EcoMap]:
    """The caseload of the module docstring, in the order the snapshots are saved."""
    cara = ("cara-d", "Cara Dunmore")
    margaret = ("margaret-o", "Margaret Oyelaran")
    return [
        _map(*cara, date(2025, 1, 10), "Sam Patel", "North", RELATIVES, [("k1", "k2"), ("k2", "k3")]),
        _map("bob-k", "Bob Kettering", date(2025, 3, 1), "Jo Marsh", "South"),
        _map(*margaret, date(2025, 6, 1), "Sam Patel", "North", [RUTH, SHED], [("ruth", "shed")]),
        _map(
            *margaret,
            date(2025, 9, 1),
            "Sam Patel",
            "North",
            [RUTH, BISI, PAT],
            [("ruth", "pat"), ("pat", "bisi")],
        ),
        _map(
            *cara,
            date(2025, 12, 1),
            "Sam Patel",
            "North",
            [*RELATIVES, FEN, CHOIR],
            [("k1", "k2"), ("k2", "k3"), ("k3", "fen"), ("fen", "choir")],
        ),
    ]


def fill(store: Store) -> Store:
    for m in hand_made_maps():
        store.save_snapshot(m)
    return store


def code(person_id: str) -> str:
    """The pseudonym code: an HMAC-SHA-256 under the tests' installation secret."""
    return hmac.new(TEST_PSEUDONYM_KEY.encode(), person_id.encode(), hashlib.sha256).hexdigest()[:6]


EXPECTED = [
    {
        "person_id": "bob-k",
        "person": "Bob Kettering",
        "coordinator": "Jo Marsh",
        "team": "South",
        "map_date": date(2025, 3, 1),
        "snapshots": 1,
        "band": "high",
        "flags": "lsns_at_risk;lsns_family_low;lsns_friends_low;no_close_unpaid;support_gap;no_community;"
        "receives_only",
        "size": 0,
        "active_ties": 0,
        "lsns6_estimate": 0,
        "lsns6_estimate_change": pd.NA,
        "size_change": pd.NA,
        "active_ties_change": pd.NA,
        "ties_gained": pd.NA,
        "ties_lost": pd.NA,
        "days_since_review": 365,
        "review_due": date(2025, 8, 30),
        "review_overdue": True,
    },
    {
        "person_id": "margaret-o",
        "person": "Margaret Oyelaran",
        "coordinator": "Sam Patel",
        "team": "North",
        "map_date": date(2025, 9, 1),
        "snapshots": 2,
        "band": "moderate",
        "flags": "lsns_at_risk;lsns_family_low;lsns_friends_low;single_point;no_community",
        "size": 3,
        "active_ties": 3,
        "lsns6_estimate": 7,
        "lsns6_estimate_change": 4,
        "size_change": 1,
        "active_ties_change": 1,
        "ties_gained": 2,
        "ties_lost": 1,
        "days_since_review": 181,
        "review_due": date(2026, 3, 2),
        "review_overdue": False,
    },
    {
        "person_id": "cara-d",
        "person": "Cara Dunmore",
        "coordinator": "Sam Patel",
        "team": "North",
        "map_date": date(2025, 12, 1),
        "snapshots": 2,
        "band": "low",
        "flags": "lsns_friends_low",
        "size": 5,
        "active_ties": 5,
        "lsns6_estimate": 12,
        "lsns6_estimate_change": 3,
        "size_change": 2,
        "active_ties_change": 2,
        "ties_gained": 2,
        "ties_lost": 0,
        "days_since_review": 90,
        "review_due": date(2026, 6, 1),
        "review_overdue": False,
    },
]


def rows(frame: pd.DataFrame) -> list[dict]:
    """The rows under the columns of :data:`EXPECTED`, every missing value as ``pd.NA``."""
    return [{c: pd.NA if pd.isna(r[c]) else r[c] for c in EXPECTED[0]} for r in frame.to_dict("records")]


def everything_in(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False) + " ".join(map(str, frame.columns))


# --- the table -----------------------------------------------------------------------------------


def test_each_person_latest_map_change_and_review(store: Store) -> None:
    frame = caseload_frame(fill(store), today=TODAY, pseudonymise=False)
    assert list(frame.columns) == list(COLUMNS)
    assert rows(frame) == EXPECTED  # highest band first
    assert frame["band"].cat.categories.tolist() == ["unknown", "low", "moderate", "high"]
    assert frame["band"].cat.ordered
    margaret = frame.iloc[1]
    assert margaret["strengths"].split(";")[0] == "confidant"  # strengths come with the flags
    assert (margaret["paid_share"], margaret["sectors_covered"], margaret["dormant_ties"]) == (0.0, 3, 0)


def test_the_review_interval_is_a_strict_limit(store: Store) -> None:
    fill(store)
    overdue = caseload_frame(store, today=TODAY, review_every_days=181)["review_overdue"].tolist()
    assert overdue == [True, False, False]  # Margaret: 181 days is not more than 181
    overdue = caseload_frame(store, today=TODAY, review_every_days=180)["review_overdue"].tolist()
    assert overdue == [True, True, False]
    later = caseload_frame(store, today=date(2026, 6, 2))
    assert later["days_since_review"].tolist() == [458, 274, 183]
    assert later["review_overdue"].tolist() == [True, True, True]


def test_the_table_is_pseudonymised_by_default(store: Store) -> None:
    frame = caseload_frame(fill(store), today=TODAY)
    assert frame["person"].tolist() == [
        f"B.K. {code('bob-k')}",
        f"M.O. {code('margaret-o')}",
        f"C.D. {code('cara-d')}",
    ]
    assert frame["person_id"].tolist() == [f"p-{code(p)}" for p in ("bob-k", "margaret-o", "cara-d")]
    text = everything_in(frame)
    for name in NAMES:
        assert name not in text
    assert "Sam Patel" in text  # coordinators are the team's own staff
    named = caseload_frame(store, today=TODAY, pseudonymise=False)
    pd.testing.assert_frame_equal(
        frame.drop(columns=["person", "person_id"]), named.drop(columns=["person", "person_id"])
    )
    pd.testing.assert_frame_equal(hide_names(named), frame)


def test_an_empty_store_gives_an_empty_table_with_every_column(store: Store) -> None:
    for pseudonymise in (True, False):
        frame = caseload_frame(store, today=TODAY, pseudonymise=pseudonymise)
        assert frame.empty and list(frame.columns) == list(COLUMNS)
    assert people_by_band(frame)["people"].tolist() == [0, 0, 0, 0]
    assert flag_counts(frame).empty
    assert band_over_time(caseload_history(store), frame).empty


def test_a_person_with_only_a_working_copy_is_not_in_the_table(store: Store) -> None:
    fill(store)
    store.autosave(_map("dora", "Dora Draft", TODAY, "Sam Patel", "North"))
    assert "dora" not in caseload_frame(store, today=TODAY, pseudonymise=False)["person_id"].tolist()


def test_renaming_someone_or_changing_their_tie_is_neither_gained_nor_lost(store: Store) -> None:
    before = _map("eve", "Eve Stone", date(2025, 5, 1), "Jo Marsh", "South", [PAT, BISI])
    renamed = PAT.model_copy(update={"name": "Patricia Greene", "contact": "monthly"})
    after = _map("eve", "Eve Stone", date(2025, 8, 1), "Jo Marsh", "South", [renamed, CHOIR])
    store.save_snapshot(before)
    store.save_snapshot(after)
    (row,) = caseload_frame(store, today=TODAY).to_dict("records")
    assert (row["ties_gained"], row["ties_lost"], row["size_change"]) == (1, 1, 0)


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "people"),
    [
        ({}, ["bob-k", "margaret-o", "cara-d"]),
        ({"team": "North"}, ["margaret-o", "cara-d"]),
        ({"team": ["North", "South"]}, ["bob-k", "margaret-o", "cara-d"]),
        ({"team": []}, ["bob-k", "margaret-o", "cara-d"]),
        ({"coordinator": ["Jo Marsh"]}, ["bob-k"]),
        ({"band": "high"}, ["bob-k"]),
        ({"band": ["low", "moderate"]}, ["margaret-o", "cara-d"]),
        ({"flag": "no_community"}, ["bob-k", "margaret-o"]),
        ({"flag": ["single_point", "receives_only"]}, ["bob-k", "margaret-o"]),
        ({"flag": "paid_dominant"}, []),
        ({"overdue": True}, ["bob-k"]),
        ({"overdue": False}, ["margaret-o", "cara-d"]),
        ({"team": "North", "band": "moderate"}, ["margaret-o"]),
    ],
)
def test_filters(tmp_path: Path, filters: dict, people: list[str]) -> None:
    with Store(f"sqlite:///{tmp_path / 'f.sqlite3'}") as store:
        frame = caseload_frame(fill(store), today=TODAY, pseudonymise=False)
    assert filter_caseload(frame, **filters)["person_id"].tolist() == people


# --- chart summaries -----------------------------------------------------------------------------


def test_people_by_band_flags_and_team_averages(store: Store) -> None:
    frame = caseload_frame(fill(store), today=TODAY)
    assert people_by_band(frame).to_dict("list") == {
        "band": ["unknown", "low", "moderate", "high"],
        "people": [0, 1, 1, 1],
    }
    assert flag_counts(frame).to_dict("list") == {
        "flag": [
            "lsns_friends_low",
            "lsns_at_risk",
            "lsns_family_low",
            "no_community",
            "no_close_unpaid",
            "receives_only",
            "single_point",
            "support_gap",
        ],
        "people": [3, 2, 2, 2, 1, 1, 1, 1],
    }
    teams = lsns_by_team(frame)
    assert teams["team"].tolist() == ["North", "South"]
    assert teams["people"].tolist() == [2, 1]
    assert teams["average_lsns6_estimate"].tolist() == [9.5, 0.0]  # (7 + 12) / 2
    assert teams["average_lsns6_change"].iloc[0] == 3.5 and pd.isna(teams["average_lsns6_change"].iloc[1])


def test_band_over_time_counts_each_person_in_their_latest_band_so_far(store: Store) -> None:
    fill(store)
    frame, history = caseload_frame(store, today=TODAY), caseload_history(store)
    table = band_over_time(history, frame)
    by_month = {
        (m.strftime("%Y-%m"), band): people for m, band, people in table.itertuples(index=False, name=None)
    }
    assert len(table) == 12 * 4  # January to December 2025, every band (and "unknown")
    counts = {
        month: tuple(by_month[(month, b)] for b in ("low", "moderate", "high")) for month, _ in by_month
    }
    assert counts["2025-01"] == counts["2025-02"] == (0, 1, 0)  # Cara
    assert counts["2025-03"] == (0, 1, 1)  # and Bob
    assert counts["2025-06"] == (0, 1, 2)  # and Margaret, high at first
    assert counts["2025-09"] == counts["2025-11"] == (0, 2, 1)  # Margaret moderate
    assert counts["2025-12"] == (1, 1, 1)  # Cara low
    last = band_over_time(history, frame, last_months=3)
    assert sorted({m.strftime("%Y-%m") for m in last["month"]}) == ["2025-10", "2025-11", "2025-12"]
    north = band_over_time(history, filter_caseload(frame, team="North"))
    assert north.groupby("month")["people"].sum().max() == 2


def test_average_lsns_over_time_by_team(store: Store) -> None:
    fill(store)
    frame, history = caseload_frame(store, today=TODAY), caseload_history(store)
    table = average_lsns_over_time(history, frame)
    north = table[table["team"] == "North"]
    north = north.set_index(north["month"].dt.strftime("%Y-%m"))
    assert north.loc["2025-01", "average_lsns6_estimate"] == 9.0  # Cara alone
    assert north.loc["2025-06", ["average_lsns6_estimate", "people"]].tolist() == [6.0, 2]  # (9 + 3) / 2
    assert north.loc["2025-09", "average_lsns6_estimate"] == 8.0  # (9 + 7) / 2
    assert north.loc["2025-12", "average_lsns6_estimate"] == 9.5  # (12 + 7) / 2
    south = table[table["team"] == "South"]
    assert south["month"].min() == pd.Timestamp(2025, 3, 1) and set(south["average_lsns6_estimate"]) == {0.0}


def test_history_ids_line_up_with_the_table(store: Store) -> None:
    fill(store)
    for pseudonymise in (True, False):
        frame = caseload_frame(store, today=TODAY, pseudonymise=pseudonymise)
        history = caseload_history(store, pseudonymise=pseudonymise)
        assert set(history["person_id"]) == set(frame["person_id"])
    assert history.columns.tolist() == ["person_id", "map_date", "band", "lsns6_estimate"]
    assert history["lsns6_estimate"].tolist() == [9, 0, 3, 7, 12]  # oldest map first


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_review(tmp_path: Path, postgres_url: str) -> None:
    results = []
    for url in (f"sqlite:///{tmp_path / 'same.sqlite3'}", postgres_url):
        with Store(url, clock=TickingClock()) as store:
            fill(store)
            results.append(
                (
                    caseload_frame(store, today=TODAY, pseudonymise=False),
                    caseload_history(store, pseudonymise=False),
                )
            )
    (lite_frame, lite_history), (pg_frame, pg_history) = results
    pd.testing.assert_frame_equal(lite_frame, pg_frame)
    pd.testing.assert_frame_equal(lite_history, pg_history)
    assert rows(pg_frame) == EXPECTED


# --- what the store keeps for review ---------------------------------------------------------------


def test_latest_summaries_can_carry_the_alter_ids(store: Store) -> None:
    fill(store)
    frame = store.latest_summaries(alter_ids=True).set_index("person_id")
    assert frame.columns[-2:].tolist() == ["alter_ids", "previous_alter_ids"]
    assert frame.loc["margaret-o", "alter_ids"] == ["ruth", "bisi", "pat"]
    assert frame.loc["margaret-o", "previous_alter_ids"] == ["ruth", "shed"]
    assert frame.loc["bob-k", "alter_ids"] == [] and frame.loc["bob-k", "previous_alter_ids"] is None
    assert "alter_ids" not in store.latest_summaries().columns


def test_summary_history_picks_keys_out_of_every_summary(store: Store) -> None:
    fill(store)
    history = store.summary_history(["band", "size", "no_such_key"])
    assert history.columns.tolist() == ["person_id", "map_date", "saved_at", "band", "size", "no_such_key"]
    assert history["person_id"].tolist() == ["cara-d", "bob-k", "margaret-o", "margaret-o", "cara-d"]
    assert history["map_date"].tolist()[:2] == [date(2025, 1, 10), date(2025, 3, 1)]
    assert history["band"].tolist() == ["moderate", "high", "high", "moderate", "low"]
    assert history["size"].tolist() == [3, 0, 2, 3, 5]
    assert history["no_such_key"].isna().all()


def test_revision_changes_with_every_save_and_erasure(store: Store) -> None:
    assert store.revision() == (0, 0, None)
    fill(store)
    count, newest, saved_at = store.revision()
    assert (count, saved_at) == (5, datetime(2026, 3, 3, 14, 4, tzinfo=UTC))
    store.erase_person("cara-d")
    after_erasure = store.revision()
    assert after_erasure[0] == 3 and after_erasure != (count, newest, saved_at)
    store.save_snapshot(_map("bob-k", "Bob Kettering", TODAY, "Jo Marsh", "South"))
    assert store.revision() not in ((count, newest, saved_at), after_erasure)


def test_a_database_from_before_alter_ids_gets_them_from_its_maps(store_url: str) -> None:
    with Store(store_url) as store:
        fill(store)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE snapshots DROP COLUMN alter_ids")
    with Store(store_url) as reopened:  # the column comes back, filled from the stored maps
        frame = reopened.latest_summaries(alter_ids=True).set_index("person_id")
        assert frame.loc["margaret-o", "previous_alter_ids"] == ["ruth", "shed"]
        assert rows(caseload_frame(reopened, today=TODAY, pseudonymise=False)) == EXPECTED
        with reopened.engine.connect() as conn:
            assert (
                conn.execute(sa.text("SELECT count(*) FROM snapshots WHERE alter_ids IS NULL")).scalar() == 0
            )


# --- the fictional demo team -----------------------------------------------------------------------


def test_the_demo_team_is_the_same_for_the_same_seed() -> None:
    first = demo_histories(8, seed=7, today=TODAY)
    again = demo_histories(8, seed=7, today=TODAY)
    other = demo_histories(8, seed=8, today=TODAY)
    assert [[dumps(m) for m in h] for h in first] == [[dumps(m) for m in h] for h in again]
    assert [[dumps(m) for m in h] for h in first] != [[dumps(m) for m in h] for h in other]


def test_the_demo_team_fills_an_empty_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'demo.sqlite3'}") as store:
        saved = load_demo_caseload(store, people=30, seed=3, today=TODAY)
        people = store.people()
        frame = caseload_frame(store, today=TODAY, pseudonymise=False)
        with pytest.raises(StoreError, match="already has people"):
            load_demo_caseload(store, people=2, today=TODAY)
        assert len(store.people()) == 30  # nothing added to a store that has people
    assert [p.person_id for p in sorted(people, key=lambda p: p.person_id)][:2] == ["demo-001", "demo-002"]
    assert len(people) == 30 and all(p.snapshot_count >= 2 for p in people)
    assert saved == sum(p.snapshot_count for p in people)
    assert set(zip(frame["coordinator"], frame["team"])) == set(COORDINATORS)
    assert frame.groupby("coordinator").size().tolist() == [10, 10, 10]
    assert {"low", "moderate", "high"} <= set(frame["band"])
    assert 0 < frame["review_overdue"].sum() < 30
    assert (frame["days_since_review"] >= 0).all()
    # Maps change between snapshots: some people gain ties, some lose them, some neither.
    assert frame["ties_gained"].gt(0).any() and frame["ties_lost"].gt(0).any()
    assert frame["lsns6_estimate_change"].gt(0).any() and frame["lsns6_estimate_change"].lt(0).any()
    assert ((frame["ties_gained"] == 0) & (frame["ties_lost"] == 0)).any()


def test_demo_maps_span_about_a_year_and_stay_valid() -> None:
    for history in demo_histories(40, seed=11, today=TODAY):
        dates = [m.ego.map_date for m in history]
        assert 2 <= len(dates) <= 4 and dates == sorted(dates) and len(set(dates)) == len(dates)
        assert dates[-1] <= TODAY and (dates[-1] - dates[0]).days <= 366
        assert len({m.ego.id for m in history}) == 1


# --- the commands ----------------------------------------------------------------------------------


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def filled_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    with Store(url) as store:
        fill(store)
    return url


def test_review_prints_a_pseudonymised_table_with_a_summary(filled_url: str) -> None:
    result = run("review", "--database", filled_url)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["person", "coordinator", "team", "map_date"]
    assert lines[1].startswith(f"B.K. {code('bob-k')}") and lines[3].startswith(f"C.D. {code('cara-d')}")
    latest = (date(2025, 3, 1), date(2025, 9, 1), date(2025, 12, 1))
    overdue = sum((date.today() - d).days > 182 for d in latest)
    assert lines[-1] == (
        f"3 people: 1 high, 1 moderate, 1 low; {overdue} review(s) overdue (more than 182 days since the "
        "latest map)."
    )
    for name in NAMES:
        assert name not in result.output


def test_review_names_and_the_overdue_limit(filled_url: str) -> None:
    result = run("review", "--database", filled_url, "--names", "--format", "csv", "--overdue-after", 1)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output))
    assert frame.columns.tolist() == list(COLUMNS)
    assert frame["person"].tolist() == ["Bob Kettering", "Margaret Oyelaran", "Cara Dunmore"]
    assert frame["review_overdue"].all()  # every latest map is more than a day old
    assert frame.loc[1, "map_date"] == "2025-09-01" and frame.loc[1, "ties_gained"] == 2


def test_review_as_json(filled_url: str) -> None:
    result = run("review", "--database", filled_url, "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert [r["band"] for r in records] == ["high", "moderate", "low"]
    bob, margaret, _ = records
    assert bob["lsns6_estimate_change"] is None and bob["ties_gained"] is None
    assert (margaret["map_date"], margaret["lsns6_estimate_change"], margaret["ties_lost"]) == (
        "2025-09-01",
        4,
        1,
    )
    assert margaret["person_id"] == f"p-{code('margaret-o')}"
    assert not any(name in result.output for name in NAMES)


def test_review_of_an_empty_or_unreachable_database(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert run("review", "--database", empty).output.startswith("No one has a saved map in")
    assert json.loads(run("review", "--database", empty, "--format", "json").output) == []
    assert run("review", "--database", empty, "--format", "csv").output.startswith("person_id,person,")
    result = run("review", "--database", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert (
        result.exit_code == 1
        and "Cannot open the database" in result.output
        and "secret" not in result.output
    )


def test_demo_caseload_command_fills_an_empty_database_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    result = run("demo-caseload", "--database", url, "--people", 6, "--seed", 4)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Saved ") and "of 6 fictional people in sqlite:///" in result.output
    with Store(url) as store:
        assert [p.person_id for p in store.people()] != [] and len(store.people()) == 6
    again = run("demo-caseload", "--database", url)
    assert again.exit_code == 1 and "already has people" in again.output
    review = run("review", "--database", url, "--names", "--format", "json")
    assert {r["coordinator"] for r in json.loads(review.output)} == {c for c, _ in COORDINATORS}


def test_every_demo_person_has_a_realistic_map_and_bands_vary() -> None:
    histories = demo_histories(60, seed=5, today=TODAY)
    for history in histories:
        for m in history:
            # A first map of 5-12; an improving course adds at most three (two people, a group) a review.
            assert 4 <= len(m.alters) <= 12 + 3 * 3, (m.ego.id, len(m.alters))
        assert 5 <= len(history[0].alters) <= 12
    # Spread over the parts of life: most first maps reach three sectors or more (a family-only map
    # is rare, as it is in life).
    spread = [len({a.sector for a in h[0].alters}) >= 3 for h in histories]
    assert sum(spread) >= 0.8 * len(histories)
    alters = [a for h in histories for m in h for a in m.alters]
    # Most questions are asked, some are left blank (not asked yet), none of them reads as "none".
    unasked_contact = sum(a.contact is None for a in alters) / len(alters)
    unasked_support = sum(not a.support_recorded for a in alters) / len(alters)
    assert 0 < unasked_contact < 0.2 and 0 < unasked_support < 0.2
    bands = {assess(h[-1]).band for h in histories}
    assert bands == {"low", "moderate", "high", "unknown"}
