"""No edit is ever silently lost, and no erased person comes back: the sequences found in the
issue, replayed through the calls the Map page makes, on SQLite and PostgreSQL (the ``store``
fixture), and a full disk that leaves nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from ecomap.edit import add_alter
from ecomap.model import EcoMap, Ego
from ecomap.store import Erased, StaleMap, Store, StoreFull, drafts
from tests.conftest import TickingClock
from tests.test_access import BEN, LEAH, team  # noqa: F401 (team is a fixture)

PERSON = "p-7f3a9c1e"


def edith() -> EcoMap:
    return EcoMap(ego=Ego(id=PERSON, name="Edith Marsh", map_date=date(2026, 3, 1)))


def test_a_stale_working_copy_opened_later_cannot_overwrite_a_newer_save(store: Store) -> None:
    store.save_snapshot(edith())  # version 1
    # A and B both open Edith at version 1; B types (autosave keeps B's copy, started from 1).
    b_map = add_alter(edith(), "Bisi", "friends")
    store.autosave(b_map, base_version=1)
    # A adds Ruth and saves: version 2.
    a_map = add_alter(edith(), "Ruth", "family")
    store.save_snapshot(a_map, expected_version=1)
    # B keeps typing: the working copy is kept again, still started from version 1.
    store.autosave(add_alter(b_map, "Colin", "neighbours"), base_version=1)
    # Later, the working copy is opened (as the Map page does) and saved.
    copy = store.draft(PERSON)
    assert copy.base_version == 1 < store.version(PERSON) == 2  # the page says it is stale
    with pytest.raises(StaleMap):
        store.save_snapshot(copy.map, expected_version=copy.base_version)
    assert [a.name for a in store.latest(PERSON).alters] == ["Ruth"]  # Ruth is not lost


def test_two_sessions_saving_from_the_same_version_cannot_both_win(store: Store) -> None:
    store.save_snapshot(edith())
    store.save_snapshot(add_alter(edith(), "Ruth", "family"), expected_version=1)
    with pytest.raises(StaleMap):
        store.save_snapshot(add_alter(edith(), "Bisi", "friends"), expected_version=1)
    assert [a.name for a in store.latest(PERSON).alters] == ["Ruth"]


def test_working_copies_are_kept_per_person_per_user(store: Store) -> None:
    store.save_snapshot(edith())
    store.autosave(add_alter(edith(), "Ruth", "family"), base_version=1, owner="user-a")
    store.autosave(add_alter(edith(), "Bisi", "friends"), base_version=1, owner="user-b")
    assert [a.name for a in store.draft(PERSON, "user-a").map.alters] == ["Ruth"]
    assert [a.name for a in store.draft(PERSON, "user-b").map.alters] == ["Bisi"]
    # A's save clears A's copy only; B's stays, and says what it was started from.
    store.save_snapshot(store.draft(PERSON, "user-a").map, expected_version=1, owner="user-a")
    assert store.draft(PERSON, "user-a") is None
    assert store.draft(PERSON, "user-b").base_version == 1


def test_an_erased_person_is_not_brought_back_by_an_open_session(store: Store) -> None:
    store.save_snapshot(edith())
    still_open = add_alter(edith(), "Ruth", "family")  # another session has Edith open
    store.erase_person(PERSON)
    with pytest.raises(Erased):
        store.autosave(still_open, base_version=1)
    with pytest.raises(Erased):
        store.save_snapshot(still_open)
    assert store.people() == []
    assert store.draft(PERSON) is None
    with store.engine.connect() as conn:
        tombstone = conn.execute(sa.text("SELECT person_key FROM erased")).scalars().all()
    assert len(tombstone) == 1 and PERSON not in tombstone[0]  # a hash, not the id


def test_a_full_disk_is_a_plain_message_and_nothing_is_half_written(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    with Store(url, clock=TickingClock()) as store:
        store.save_snapshot(edith())
        store.autosave(edith(), base_version=1)
        with store.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        # The database may not grow by a single page from now on, as on a full disk.
        @sa.event.listens_for(store.engine, "connect")
        def _full(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        store.engine.dispose()
        big = edith()
        for n in range(300):
            big = add_alter(big, f"Friend number {n} with a long name", "friends", notes="x" * 500)
        with pytest.raises(StoreFull, match="Nothing was saved"):
            store.save_snapshot(big, expected_version=1)
        with pytest.raises(StoreFull):
            store.autosave(big, base_version=1)
        assert store.version(PERSON) == 1
        assert len(store.snapshots(PERSON)) == 1
        assert store.draft(PERSON).map == edith()


def test_drafts_of_an_older_database_move_to_working_copies_as_possibly_stale(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    with Store(url) as store:
        store.save_snapshot(edith())
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE drafts (person_id VARCHAR PRIMARY KEY, map_json TEXT NOT NULL, plan JSON, "
            "updated_at DATETIME NOT NULL)"
        )
        conn.exec_driver_sql(
            "INSERT INTO drafts VALUES (?, ?, NULL, '2026-03-02 10:00:00')",
            (PERSON, edith().model_dump_json(by_alias=True)),
        )
    engine.dispose()
    with Store(url) as store:
        copy = store.draft(PERSON)
        assert copy.map == edith() and copy.base_version is None
        assert "drafts" not in sa.inspect(store.engine).get_table_names()
        assert drafts.name in sa.inspect(store.engine).get_table_names()


def test_signed_in_users_keep_their_own_working_copies(team) -> None:  # noqa: F811 (the fixture)
    """On a team server each user keeps their own working copy of a person; a user who keeps
    none opens the newest a colleague keeps, and its starting version still guards the save."""
    ben, leah = team[BEN], team[LEAH]
    joe = ben.latest("joe") or ben.draft("joe").map
    ben.autosave(add_alter(joe, "Ruth", "family"), base_version=0)
    assert [a.name for a in leah.draft("joe").map.alters] == ["Ruth"]  # Ben's, as Leah keeps none
    leah.autosave(add_alter(joe, "Bisi", "friends"), base_version=0)
    assert [a.name for a in leah.draft("joe").map.alters] == ["Bisi"]
    assert [a.name for a in ben.draft("joe").map.alters] == ["Ruth"]
    ben.save_snapshot(ben.draft("joe").map, expected_version=0)
    assert ben.store.draft("joe", BEN.email) is None  # Ben's save clears only Ben's copy
    copy = leah.draft("joe")
    with pytest.raises(StaleMap):
        leah.save_snapshot(copy.map, expected_version=copy.base_version)
