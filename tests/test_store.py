"""The store: snapshots, drafts, optimistic concurrency, erasure, summaries (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from ecomap.assess import assessment_row
from ecomap.formats.json_map import dumps
from ecomap.model import Alter, EcoMap, Ego
from ecomap.settings import Thresholds
from ecomap.store import (
    DATABASE_URL_ENV,
    NotFound,
    StaleMap,
    Store,
    StoreError,
    json_safe,
    metadata,
)
from tests.conftest import TickingClock
from tests.strategies import maps

MARGARET = "margaret-o"


def margaret(*extra: Alter, map_date: date = date(2026, 3, 1), name: str = "Margaret Oyelaran") -> EcoMap:
    """Margaret, her daughter and the Men's Shed her neighbour takes her to, plus ``extra``."""
    return EcoMap(
        ego=Ego(id=MARGARET, name=name, map_date=map_date, coordinator="Sam Patel", team="North"),
        alters=[
            Alter(
                id="ruth",
                name="Ruth Oyelaran",
                sector="family",
                role="daughter",
                is_kin=True,
                contact="weekly",
                support=["emotional", "practical"],
                notes="Ruth works nights at Yeovil",
            ),
            Alter(id="shed", name="Brackford Men's Shed", kind="group", sector="community", contact="weekly"),
            *extra,
        ],
    )


def bob() -> EcoMap:
    return EcoMap(ego=Ego(id="bob-k", name="Bob Kettering", map_date=date(2026, 2, 1)))


NEIGHBOUR = Alter(
    id="bisi", name="Bisi Adeyemi", sector="neighbours", contact="fortnightly", support=["transport"]
)


def every_row(store: Store) -> str:
    """Everything in every table, as one text to search."""
    with store.engine.connect() as conn:
        return "\n".join(
            repr(row) for table in metadata.sorted_tables for row in conn.execute(sa.select(table))
        )


# --- schema and opening ----------------------------------------------------------------------


def test_schema_is_created_on_an_empty_database(store_url: str) -> None:
    with Store(store_url) as first:
        inspector = sa.inspect(first.engine)
        assert {"people", "snapshots", "working_copies", "erased"} <= set(inspector.get_table_names())
        indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("snapshots")}
        assert indexes["ix_snapshots_person_saved"] == ["person_id", "saved_at"]
        first.save_snapshot(bob())
    with Store(store_url) as reopened:  # an existing schema is used as it is
        assert [p.person_id for p in reopened.people()] == ["bob-k"]


def test_default_database_is_sqlite_under_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    with Store() as store:
        store.save_snapshot(bob())
        assert store.url == "sqlite:///data/ecomap.sqlite3"
    assert (tmp_path / "data" / "ecomap.sqlite3").is_file()


def test_environment_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "team" / "maps.sqlite3"
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{target}")
    with Store() as store:
        store.save_snapshot(bob())
    assert target.is_file()
    assert not (tmp_path / "data").exists()


def test_sqlite_connections_enforce_keys_overwrite_deletes_and_write_ahead(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'e.sqlite3'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="Cannot open the database postgresql"):
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")


# --- saving and loading ------------------------------------------------------------------------


def test_a_saved_snapshot_loads_back_identically(store: Store) -> None:
    m = margaret()
    plan = {"steps": [{"what": "Visit the Shed with Bisi", "by": "2026-04-01"}], "done": False}
    info = store.save_snapshot(m, note="first visit", plan=plan, saved_by="Sam Patel")
    snapshot = store.load_snapshot(info.id)
    assert dumps(snapshot.map) == dumps(m)
    assert snapshot.plan == plan
    assert snapshot.info == info
    assert (info.person_id, info.map_date, info.note, info.version, info.saved_by) == (
        MARGARET,
        date(2026, 3, 1),
        "first visit",
        1,
        "Sam Patel",
    )
    assert info.saved_at == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    assert dumps(store.latest(MARGARET)) == dumps(m)
    assert store.latest_snapshot(MARGARET).plan == plan


def test_the_summary_is_the_assessment_row_as_json(store: Store) -> None:
    m = margaret(NEIGHBOUR)
    info = store.save_snapshot(m)
    expected = json_safe(assessment_row(m))
    assert info.summary == expected == store.snapshots(MARGARET)[0].summary
    assert info.summary["size"] == 3 and info.summary["steptoe_index"] is None
    json.dumps(info.summary, allow_nan=False)
    assert "lsns_at_risk" in info.summary["flags"].split(";")


def test_summaries_use_the_team_thresholds(store_url: str) -> None:
    relaxed = Thresholds(lsns_at_risk_below=0)
    with Store(store_url, settings=relaxed) as store:
        info = store.save_snapshot(margaret(NEIGHBOUR))
    assert info.summary == json_safe(assessment_row(margaret(NEIGHBOUR), relaxed))
    assert "lsns_at_risk" not in info.summary["flags"].split(";")


def test_missing_numbers_in_a_summary_are_stored_as_null(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = {
        "nan": float("nan"),
        "inf": float("inf"),
        "count": np.int64(3),
        "share": np.float64(0.5),
        "na": pd.NA,
        "day": date(2026, 3, 1),
    }
    monkeypatch.setattr("ecomap.store.assessment_row", lambda m, settings: row)
    info = store.save_snapshot(bob())
    expected = {"nan": None, "inf": None, "count": 3, "share": 0.5, "na": None, "day": "2026-03-01"}
    assert store.snapshots("bob-k")[0].summary == info.summary == expected


def test_a_plan_that_is_not_json_is_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(StoreError, match="connection plan cannot be saved"):
        store.save_snapshot(bob(), plan={"when": object()})
    assert store.people() == []


def test_generated_maps_round_trip(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'generated.sqlite3'}") as store:

        @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(maps(max_alters=6))
        def round_trip(m: EcoMap) -> None:
            info = store.save_snapshot(m, plan={"kept": m.ego.name})
            snapshot = store.load_snapshot(info.id)
            assert dumps(snapshot.map) == dumps(m)
            assert snapshot.plan == {"kept": m.ego.name}
            json.dumps(snapshot.info.summary, allow_nan=False)

        round_trip()


def test_snapshots_are_listed_newest_first(store: Store) -> None:
    for note, extra in (("one", ()), ("two", (NEIGHBOUR,)), ("three", ())):
        store.save_snapshot(margaret(*extra), note=note)
    listed = store.snapshots(MARGARET)
    assert [s.note for s in listed] == ["three", "two", "one"]
    assert [s.version for s in listed] == [3, 2, 1]
    assert [s.summary["size"] for s in listed] == [2, 3, 2]
    assert listed[0].saved_at > listed[1].saved_at > listed[2].saved_at
    (person,) = store.people()
    assert (person.name, person.coordinator, person.team, person.version) == (
        "Margaret Oyelaran",
        "Sam Patel",
        "North",
        3,
    )
    assert (person.snapshot_count, person.latest_map_date, person.has_draft) == (3, date(2026, 3, 1), False)
    assert person.latest_saved_at == listed[0].saved_at


def test_people_are_listed_by_name(store: Store) -> None:
    store.save_snapshot(margaret())
    store.save_snapshot(bob())
    assert [p.name for p in store.people()] == ["Bob Kettering", "Margaret Oyelaran"]


# --- optimistic concurrency ------------------------------------------------------------------


def test_a_stale_save_is_refused_and_writes_nothing(store: Store, store_url: str) -> None:
    store.save_snapshot(margaret())  # 14:00, version 1
    loaded_version = store.version(MARGARET)
    with Store(store_url, clock=TickingClock(datetime(2026, 3, 3, 14, 2, tzinfo=UTC))) as colleague:
        colleague.save_snapshot(margaret(NEIGHBOUR), expected_version=loaded_version, saved_by="Jo Marsh")
    store.autosave(margaret(name="Margaret O."))
    with pytest.raises(StaleMap) as refused:
        store.save_snapshot(margaret(name="Margaret O."), expected_version=loaded_version, note="mine")
    error = refused.value
    assert str(error) == (
        "This map was saved by Jo Marsh at 14:02 on 3 March 2026 (UTC) (version 2); your copy is version 1. "
        "Keep your changes as a new snapshot, or reload and reapply them."
    )
    assert (error.current_version, error.your_version, error.saved_by) == (2, 1, "Jo Marsh")
    assert store.version(MARGARET) == 2
    assert [s.note for s in store.snapshots(MARGARET)] == ["", ""]
    assert dumps(store.latest(MARGARET)) == dumps(margaret(NEIGHBOUR))
    assert store.draft(MARGARET).map.ego.name == "Margaret O."  # the edit is still there


def test_a_stale_edit_can_be_kept_as_a_new_snapshot(store: Store) -> None:
    store.save_snapshot(margaret())
    store.save_snapshot(margaret(NEIGHBOUR), expected_version=1)
    mine = margaret(name="Margaret O.")
    with pytest.raises(StaleMap) as refused:
        store.save_snapshot(mine, expected_version=1)
    assert str(refused.value).startswith("This map was saved by someone else at 14:01 on 3 March 2026 (UTC)")
    kept = store.save_snapshot(mine, note=refused.value.keep_note)
    assert kept.version == 3
    assert (
        kept.note
        == "Kept from an edit of version 1, saved after version 2; compare with the snapshot before it."
    )
    assert [s.version for s in store.snapshots(MARGARET)] == [3, 2, 1]
    assert dumps(store.latest(MARGARET)) == dumps(mine)


def test_version_zero_means_a_person_not_saved_before(store: Store) -> None:
    assert store.version(MARGARET) == 0
    assert store.save_snapshot(margaret(), expected_version=0).version == 1
    with pytest.raises(StaleMap):
        store.save_snapshot(margaret(), expected_version=0)
    assert store.version(MARGARET) == 1


def test_racing_saves_from_the_same_version_let_exactly_one_through(store_url: str) -> None:
    editors = [Store(store_url) for _ in range(3)]
    outcomes: list[str] = []
    try:
        for _ in range(5):  # the first round races to create the person
            loaded = editors[0].version(MARGARET)
            start = threading.Barrier(len(editors))

            def save(editor: Store, loaded: int = loaded, start: threading.Barrier = start) -> None:
                start.wait()
                try:
                    editor.save_snapshot(margaret(), expected_version=loaded)
                    outcomes.append("saved")
                except StaleMap:
                    outcomes.append("stale")

            threads = [threading.Thread(target=save, args=(editor,)) for editor in editors]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for editor in editors:
            editor.close()
    assert sorted(outcomes) == ["saved"] * 5 + ["stale"] * 10
    with Store(store_url) as store:
        assert store.version(MARGARET) == 5
        assert len(store.snapshots(MARGARET)) == 5


# --- drafts ----------------------------------------------------------------------------------


def test_autosave_keeps_one_working_copy_until_saved_or_discarded(store: Store) -> None:
    assert store.draft(MARGARET) is None
    store.autosave(margaret(), plan=["ask about the Shed"])
    (person,) = store.people()
    assert (person.version, person.snapshot_count, person.has_draft, person.latest_map_date) == (
        0,
        0,
        True,
        None,
    )
    assert store.snapshots(MARGARET) == []
    assert store.latest(MARGARET) is None

    store.autosave(margaret(NEIGHBOUR, name="Margaret O."))
    draft = store.draft(MARGARET)
    assert dumps(draft.map) == dumps(margaret(NEIGHBOUR, name="Margaret O."))
    assert draft.plan is None
    assert draft.updated_at == datetime(2026, 3, 3, 14, 1, tzinfo=UTC)
    assert store.people()[0].name == "Margaret Oyelaran"  # the list shows what was saved

    store.save_snapshot(draft.map, plan=draft.plan, expected_version=0)
    assert store.draft(MARGARET) is None
    assert store.people()[0].has_draft is False
    assert store.people()[0].name == "Margaret O."

    store.autosave(margaret())  # no version check on drafts, whatever was saved since
    assert store.discard_draft(MARGARET) is True
    assert store.draft(MARGARET) is None
    assert store.discard_draft(MARGARET) is False
    assert store.version(MARGARET) == 1


# --- nothing half-written --------------------------------------------------------------------


@pytest.mark.parametrize("failing_step", ["_insert_snapshot", "_clear_draft"])
def test_a_failure_half_way_leaves_the_last_snapshot_and_version(
    store: Store, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    first = store.save_snapshot(margaret(), note="first")
    store.autosave(margaret(NEIGHBOUR))

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, failing_step, staticmethod(fail))
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_snapshot(margaret(NEIGHBOUR), expected_version=1, note="second")
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_snapshot(bob())
    assert store.version(MARGARET) == 1
    assert store.snapshots(MARGARET) == [first]
    assert dumps(store.latest(MARGARET)) == dumps(margaret())
    assert dumps(store.draft(MARGARET).map) == dumps(margaret(NEIGHBOUR))
    assert [p.person_id for p in store.people()] == [MARGARET]


# --- erasure ---------------------------------------------------------------------------------


def test_erasing_a_person_leaves_nothing_of_them(store: Store) -> None:
    first = store.save_snapshot(margaret(), note="Margaret Oyelaran asked for a lift to the Shed")
    store.save_snapshot(margaret(NEIGHBOUR))
    store.autosave(margaret(NEIGHBOUR))
    store.save_snapshot(bob())
    assert "Oyelaran" in every_row(store)

    assert store.erase_person(MARGARET) == 4  # two snapshots, the draft, the person

    remaining = every_row(store)
    for trace in ("Oyelaran", MARGARET, "Bisi Adeyemi", "works nights at Yeovil"):
        assert trace not in remaining
    assert "Bob Kettering" in remaining
    assert [p.person_id for p in store.people()] == ["bob-k"]
    assert store.latest(MARGARET) is None and store.draft(MARGARET) is None
    assert store.version(MARGARET) == 0
    assert store.latest_summaries()["person_id"].tolist() == ["bob-k"]
    with pytest.raises(NotFound):
        store.load_snapshot(first.id)
    with pytest.raises(NotFound):
        store.snapshots(MARGARET)
    with pytest.raises(NotFound, match="no one with the id 'margaret-o'"):
        store.erase_person(MARGARET)


@pytest.mark.parametrize("reopen", [False, True], ids=["still-in-the-log", "in-the-database-file"])
def test_erasure_overwrites_the_sqlite_files(tmp_path: Path, reopen: bool) -> None:
    url = f"sqlite:///{tmp_path / 'erase.sqlite3'}"

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("erase.sqlite3*")))

    store = Store(url)
    for _ in range(3):
        store.save_snapshot(margaret(NEIGHBOUR), note="Spoke with Ruth Oyelaran on the phone")
    store.autosave(margaret())
    store.save_snapshot(bob())
    if reopen:  # closing the last connection moves the log into the database file
        store.close()
        store = Store(url)
    assert b"Oyelaran" in on_disk()
    with store:
        store.erase_person(MARGARET)
        disk = on_disk()
    for trace in ("Oyelaran", "Bisi Adeyemi", "works nights at Yeovil", MARGARET):
        assert trace.encode() not in disk
    assert b"Bob Kettering" in disk


# --- reading ---------------------------------------------------------------------------------


def test_unknown_people_and_snapshots(store: Store) -> None:
    with pytest.raises(NotFound, match="no snapshot 404"):
        store.load_snapshot(404)
    with pytest.raises(NotFound):
        store.snapshots("nobody")
    assert store.version("nobody") == 0
    assert store.latest("nobody") is None
    assert store.draft("nobody") is None


def test_latest_summaries_pair_each_newest_snapshot_with_the_one_before(store: Store) -> None:
    empty = store.latest_summaries()
    assert empty.empty and "previous_summary" in empty.columns
    store.save_snapshot(margaret())
    store.save_snapshot(margaret(NEIGHBOUR))
    store.save_snapshot(margaret(NEIGHBOUR, Alter(id="vicar", name="Rev. Ann Hill", sector="faith")))
    store.save_snapshot(bob())
    store.autosave(EcoMap(ego=Ego(id="cara", name="Cara Draft", map_date=date(2026, 3, 1))))

    frame = store.latest_summaries()
    assert frame.columns.tolist() == [
        "person_id",
        "name",
        "coordinator",
        "team",
        "version",
        "snapshot_count",
        "snapshot_id",
        "saved_at",
        "summary",
        "previous_snapshot_id",
        "previous_saved_at",
        "previous_summary",
    ]
    assert frame["person_id"].tolist() == ["bob-k", MARGARET]
    bob_row, margaret_row = frame.to_dict("records")
    assert bob_row["summary"]["size"] == 0 and bob_row["previous_summary"] is None
    assert bob_row["snapshot_count"] == 1
    assert margaret_row["summary"] == json_safe(assessment_row(store.latest(MARGARET)))
    assert (margaret_row["summary"]["size"], margaret_row["previous_summary"]["size"]) == (4, 3)
    assert (margaret_row["snapshot_count"], margaret_row["version"]) == (3, 3)
    newest, previous = store.snapshots(MARGARET)[:2]
    assert (margaret_row["snapshot_id"], margaret_row["previous_snapshot_id"]) == (newest.id, previous.id)
    assert margaret_row["previous_saved_at"] == previous.saved_at


def test_the_people_revision_changes_when_someone_is_added_saved_or_erased(store):
    seen = [store.people_revision()]
    assert seen[0] == (0, None)
    store.autosave(bob())  # a working copy puts the person on the list
    seen.append(store.people_revision())
    store.save_snapshot(margaret())
    seen.append(store.people_revision())
    store.save_snapshot(margaret(map_date=date(2026, 4, 1)))
    seen.append(store.people_revision())
    store.erase_person(MARGARET)
    seen.append(store.people_revision())
    assert [count for count, _ in seen] == [0, 1, 2, 2, 1]
    assert all(before != after for before, after in zip(seen, seen[1:]))
    assert seen[-1] == seen[1]  # only Bob again: the same list, the same revision
