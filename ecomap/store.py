"""Keeping maps: every saved snapshot of every person, an autosaved working copy, and erasure.

A :class:`Store` is a SQLAlchemy database: SQLite by default (one file, for one coordinator or a
small team), PostgreSQL for a shared team server (``postgresql+psycopg://user@host/db``). The
same code runs on both.

Three tables:

``people``
    One row per person (the map's ego id), with the name, coordinator and team of their latest
    snapshot and a ``version`` that goes up by one with every snapshot saved.
``snapshots``
    Every saved map, newest last: the map as canonical JSON (``ecomap.formats.json_map.dumps``),
    its assessment row as a JSON ``summary`` and the ids of its alters as JSON ``alter_ids`` (so
    a caseload review, including who joined or left the map, never parses a map), the person's
    connection plan at that time (opaque JSON), a note, who saved it and when (UTC).
``drafts``
    One autosaved working copy per person, overwritten as the coordinator types; saving a
    snapshot clears it.

For a team server (:mod:`ecomap.access` scopes every read by the signed-in user) three more:
``users`` (e-mail, role, team), ``person_access`` (who created each person, with their team, and
whom they were shared with) and ``audit``, the append-only audit trail, which the database itself
refuses to update or delete.

With ``$ECOMAP_DATABASE_KEY`` set, a SQLite file is encrypted with SQLCipher.

Rules kept here:

- **Nothing half-written.** Saving a snapshot is one transaction (bump the version, insert the
  snapshot, clear the draft); if any step fails, the last snapshot and version stay as they were.
- **Optimistic concurrency.** A map is edited from a loaded version. Saving with
  ``expected_version`` refuses, with :class:`StaleMap`, when someone else saved in between, and
  writes nothing. The edit is not lost: save it again without ``expected_version`` (the
  :attr:`StaleMap.keep_note` says what happened) to keep it as a new snapshot, or reload the
  newer map and reapply the changes.
- **Erasure is complete.** :meth:`Store.erase_person` removes every snapshot, the draft and the
  person row in one transaction. On SQLite, ``secure_delete`` overwrites erased content with
  zeros and the write-ahead log is checkpointed and truncated, so the name is gone from the files
  on disk too. On PostgreSQL, deleted rows stay in the table files until ``VACUUM`` reuses the
  space; run ``VACUUM FULL people, snapshots, drafts`` after an erasure request to rewrite them.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url

from ecomap.assess import assessment_row
from ecomap.formats.json_map import dumps, loads
from ecomap.model import EcoMap
from ecomap.settings import Thresholds

#: Environment variable naming the database; see :func:`default_url`.
DATABASE_URL_ENV = "ECOMAP_DATABASE_URL"
#: Environment variable holding the key that encrypts a SQLite database (SQLCipher).
DATABASE_KEY_ENV = "ECOMAP_DATABASE_KEY"
#: Where the default SQLite database lives, relative to the working directory.
DEFAULT_SQLITE_PATH = Path("data") / "ecomap.sqlite3"


class StoreError(Exception):
    """Anything the store refuses to do, in words a coordinator can act on."""


class NotFound(StoreError):
    """A person or snapshot that is not in the store (never saved, or erased)."""


class StaleMap(StoreError):
    """Someone saved this person's map after the copy being saved was loaded.

    ``current_version`` is the stored version, ``your_version`` the version the edit started
    from, ``saved_at`` (UTC) and ``saved_by`` describe the newest snapshot (``None`` and ``""``
    when there is none). Nothing was written.
    """

    def __init__(
        self,
        person_id: str,
        your_version: int,
        current_version: int,
        saved_at: datetime | None,
        saved_by: str,
    ):
        self.person_id = person_id
        self.your_version = your_version
        self.current_version = current_version
        self.saved_at = saved_at
        self.saved_by = saved_by
        who = saved_by or "someone else"
        when = f" at {_clock_time(saved_at)}" if saved_at is not None else ""
        super().__init__(
            f"This map was saved by {who}{when} (version {current_version}); your copy is version "
            f"{your_version}. Keep your changes as a new snapshot, or reload and reapply them."
        )

    @property
    def keep_note(self) -> str:
        """A note for keeping the stale edit as a new snapshot, saying what it was made from."""
        return (
            f"Kept from an edit of version {self.your_version}, saved after version "
            f"{self.current_version}; compare with the snapshot before it."
        )


def _clock_time(moment: datetime) -> str:
    """``14:02 on 3 March 2026 (UTC)``: the stored time, with the date in case it is not today."""
    return f"{moment:%H:%M} on {moment.day} {moment:%B %Y} (UTC)"


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonInfo:
    """One person as the people list shows them, without loading any map."""

    person_id: str
    name: str
    coordinator: str
    team: str
    version: int
    latest_map_date: date | None
    latest_saved_at: datetime | None
    snapshot_count: int
    has_draft: bool


@dataclass(frozen=True)
class SnapshotInfo:
    """One saved snapshot, without its map."""

    id: int
    person_id: str
    map_date: date
    saved_at: datetime
    saved_by: str
    note: str
    version: int
    summary: dict[str, Any]


class Snapshot(NamedTuple):
    """A saved snapshot with its map and the connection plan saved beside it."""

    map: EcoMap
    plan: Any
    info: SnapshotInfo


class Draft(NamedTuple):
    """The autosaved working copy of one person's map."""

    map: EcoMap
    plan: Any
    updated_at: datetime


# --- schema ----------------------------------------------------------------------------------


class UTCDateTime(sa.TypeDecorator):
    """A moment stored in UTC and read back as an aware UTC datetime on every backend.

    SQLite has no time zones, so naive values read back are taken to be the UTC they were stored
    as.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

people = sa.Table(
    "people",
    metadata,
    sa.Column("person_id", sa.String, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("coordinator", sa.Text, nullable=False, default=""),
    sa.Column("team", sa.Text, nullable=False, default=""),
    sa.Column("version", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("person_id", sa.String, sa.ForeignKey("people.person_id"), nullable=False),
    sa.Column("map_date", sa.Date, nullable=False),
    sa.Column("saved_at", UTCDateTime, nullable=False),
    sa.Column("saved_by", sa.Text, nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("map_json", sa.Text, nullable=False),
    sa.Column("summary", sa.JSON, nullable=False),
    sa.Column("plan", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # Added after the first release: databases made before it get it from _add_alter_ids.
    sa.Column("alter_ids", sa.JSON(none_as_null=True), nullable=True),
    sa.Index("ix_snapshots_person_saved", "person_id", "saved_at"),
)

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("person_id", sa.String, sa.ForeignKey("people.person_id"), primary_key=True),
    sa.Column("map_json", sa.Text, nullable=False),
    sa.Column("plan", sa.JSON(none_as_null=True), nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)


# --- users, who may see whom, and the audit trail (the team server; see ecomap.access) -------

users = sa.Table(
    "users",
    metadata,
    sa.Column("email", sa.String, primary_key=True),  # lower case: identity providers differ in case
    sa.Column("role", sa.String, nullable=False),
    sa.Column("team", sa.Text, nullable=False, default=""),
    sa.Column("added_at", UTCDateTime, nullable=False),
)

# Who may see a person's maps: the user who created them ("created", with that user's team at the
# time, which is the team a team lead sees) and anyone they were shared with ("shared"). No foreign
# key to people: erasure removes these rows after the person's data (ecomap.access).
person_access = sa.Table(
    "person_access",
    metadata,
    sa.Column("person_id", sa.String, primary_key=True),
    sa.Column("email", sa.String, primary_key=True),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("team", sa.Text, nullable=False, default=""),
    sa.Column("granted_at", UTCDateTime, nullable=False),
    sa.Index("ix_person_access_team", "team"),
)

#: What the audit trail records.
AUDIT_ACTIONS = (
    "sign_in",
    "sign_out",
    "view",
    "create",
    "edit",
    "save",
    "export",
    "erase",
    "import",
    "share",
    "users",
    "denied",
)

# Append-only: the store has no method that changes or deletes a row, and the database refuses
# UPDATE and DELETE on it (_protect_audit).
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String, nullable=False),
    sa.Column("person_id", sa.String, nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default=""),
    sa.Index("ix_audit_person", "person_id"),
    sa.Index("ix_audit_at", "at"),
)


@dataclass(frozen=True)
class UserInfo:
    """A user of a team server: an e-mail address (as the identity provider gives it), a role
    (``ecomap.access.ROLES``) and a team."""

    email: str
    role: str
    team: str
    added_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what, when, to which person (by id)."""

    id: int
    at: datetime
    who: str
    action: str
    person_id: str
    detail: str


# --- JSON ------------------------------------------------------------------------------------


def json_safe(value: Any) -> Any:
    """``value`` as plain JSON data: NaN, infinities and pandas' missing values become ``None``,
    numpy numbers become Python numbers, dates become ISO text.

    Raises ``TypeError`` for anything else that JSON cannot hold.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")


def _json_text(value: Any) -> str:
    """Serializer for the JSON columns: strict (no NaN), UTF-8 kept readable."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _plan_data(plan: Any) -> Any:
    try:
        return json_safe(plan)
    except TypeError as error:
        raise StoreError(f"The connection plan cannot be saved: {error}.") from None


# --- the database ----------------------------------------------------------------------------


def default_url() -> str:
    """The database to use: ``$ECOMAP_DATABASE_URL``, else SQLite at ``data/ecomap.sqlite3``
    under the current working directory."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{DEFAULT_SQLITE_PATH.as_posix()}"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _prepare_sqlite(engine: Engine) -> None:
    """Per connection: enforce foreign keys, overwrite deleted content, write ahead."""

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _encrypted(parsed: sa.URL) -> sa.URL:
    """With ``$ECOMAP_DATABASE_KEY`` set, a SQLite URL opens the file with SQLCipher (the
    ``sqlcipher3`` package), so the file on disk is encrypted with that key."""
    key = os.environ.get(DATABASE_KEY_ENV)
    if not key or parsed.drivername not in ("sqlite", "sqlite+pysqlite"):
        return parsed
    return parsed.set(drivername="sqlite+pysqlcipher", password=key)


def _open_engine(url: str) -> Engine:
    parsed = _encrypted(make_url(url))
    is_sqlite = parsed.get_backend_name() == "sqlite"
    database = parsed.database or ""
    if is_sqlite and database not in ("", ":memory:") and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, json_serializer=_json_text)
    if is_sqlite:
        _prepare_sqlite(engine)
    return engine


class Store:
    """Every person's saved maps, drafts and summaries in one database.

    ``url`` is a SQLAlchemy URL (default: :func:`default_url`). The tables are created when the
    store is opened, if they are not there yet. ``settings`` are the thresholds the snapshot
    summaries are assessed with (the defaults when ``None``). ``clock`` gives the current UTC
    time (tests pass a fixed one). Use it as a context manager, or call :meth:`close`, to
    release connections.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        settings: Thresholds | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ):
        self.engine = _open_engine(url or default_url())
        self.settings = settings
        self.clock = clock
        try:
            metadata.create_all(self.engine)
            _add_alter_ids(self.engine)
            _protect_audit(self.engine)
        except sa.exc.OperationalError as error:
            self.engine.dispose()
            raise StoreError(f"Cannot open the database {self.url}: {error.orig}") from None
        except sa.exc.DatabaseError as error:
            self.engine.dispose()
            raise StoreError(
                f"Cannot open the database {self.url}: {error.orig}. If it is encrypted, set "
                f"{DATABASE_KEY_ENV} to its key; if it is not, unset {DATABASE_KEY_ENV}."
            ) from None

    @property
    def url(self) -> str:
        """The database URL, with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- saving ------------------------------------------------------------------------------

    def save_snapshot(
        self,
        m: EcoMap,
        *,
        note: str = "",
        plan: Any = None,
        expected_version: int | None = None,
        saved_by: str = "",
    ) -> SnapshotInfo:
        """Save ``m`` as a new snapshot of its person (``m.ego.id``), in one transaction.

        The person row is created or updated from the map, the version goes up by one, the
        snapshot is stored with its assessment summary and ``plan``, and the person's draft is
        cleared. With ``expected_version`` (the version the edit was loaded from; 0 for a person
        not saved before) the save is refused with :class:`StaleMap`, writing nothing, when the
        stored version differs. Without it the map is saved whatever the stored version: that
        is how a stale edit is kept as a new snapshot (pass ``note=error.keep_note``).
        """
        summary = json_safe(assessment_row(m, self.settings))
        plan_data = _plan_data(plan)
        map_json = dumps(m)
        now = self.clock()
        with self.engine.begin() as conn:
            version = self._bump_version(conn, m, expected_version, now)
            info = self._insert_snapshot(conn, m, map_json, summary, plan_data, note, saved_by, version, now)
            self._clear_draft(conn, m.ego.id)
        return info

    def _bump_version(self, conn: Connection, m: EcoMap, expected: int | None, now: datetime) -> int:
        """Create or update the person row and return their new version.

        The check and the increment are one conditional ``UPDATE``, so two saves racing from the
        same version cannot both pass it.
        """
        ego = m.ego
        who = {"name": ego.name, "coordinator": ego.coordinator, "team": ego.team, "updated_at": now}
        condition = people.c.person_id == ego.id
        if expected is not None:
            condition &= people.c.version == expected
        bump = people.update().where(condition).values(version=people.c.version + 1, **who)
        bumped = conn.execute(bump.returning(people.c.version)).first()
        if bumped is not None:
            return bumped.version
        if expected in (None, 0):
            created = conn.execute(
                _insert(conn)(people)
                .values(person_id=ego.id, version=1, created_at=now, **who)
                .on_conflict_do_nothing(index_elements=["person_id"])
                .returning(people.c.version)
            ).first()
            if created is not None:
                return created.version
            if expected is None:  # a save racing this one created the person: update it now
                return conn.execute(bump.returning(people.c.version)).scalar_one()
        raise self._stale(conn, ego.id, expected if expected is not None else 0)

    @staticmethod
    def _stale(conn: Connection, person_id: str, your_version: int) -> StaleMap:
        current = conn.execute(sa.select(people.c.version).where(people.c.person_id == person_id)).scalar()
        newest = conn.execute(
            sa.select(snapshots.c.saved_at, snapshots.c.saved_by)
            .where(snapshots.c.person_id == person_id)
            .order_by(snapshots.c.saved_at.desc(), snapshots.c.id.desc())
            .limit(1)
        ).first()
        return StaleMap(
            person_id,
            your_version,
            current or 0,
            newest.saved_at if newest else None,
            newest.saved_by if newest else "",
        )

    @staticmethod
    def _insert_snapshot(
        conn: Connection,
        m: EcoMap,
        map_json: str,
        summary: dict[str, Any],
        plan: Any,
        note: str,
        saved_by: str,
        version: int,
        now: datetime,
    ) -> SnapshotInfo:
        values = {
            "person_id": m.ego.id,
            "map_date": m.ego.map_date,
            "saved_at": now,
            "saved_by": saved_by,
            "note": note,
            "version": version,
            "summary": summary,
        }
        alter_ids = [a.id for a in m.alters]
        snapshot_id = conn.execute(
            snapshots.insert()
            .values(map_json=map_json, plan=plan, alter_ids=alter_ids, **values)
            .returning(snapshots.c.id)
        ).scalar_one()
        return SnapshotInfo(id=snapshot_id, **values)

    @staticmethod
    def _clear_draft(conn: Connection, person_id: str) -> None:
        conn.execute(drafts.delete().where(drafts.c.person_id == person_id))

    # --- drafts ------------------------------------------------------------------------------

    def autosave(self, m: EcoMap, plan: Any = None) -> None:
        """Keep ``m`` as the person's working copy, replacing any earlier one.

        Cheap and never refused: no version check, no summary. A person seen for the first time
        gets a row at version 0, so their draft shows in :meth:`people` before any snapshot.
        """
        now = self.clock()
        plan_data = _plan_data(plan)
        with self.engine.begin() as conn:
            insert = _insert(conn)
            ego = m.ego
            conn.execute(
                insert(people)
                .values(
                    person_id=ego.id,
                    name=ego.name,
                    coordinator=ego.coordinator,
                    team=ego.team,
                    version=0,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["person_id"])
            )
            draft = {"map_json": dumps(m), "plan": plan_data, "updated_at": now}
            conn.execute(
                insert(drafts)
                .values(person_id=ego.id, **draft)
                .on_conflict_do_update(index_elements=["person_id"], set_=draft)
            )

    def draft(self, person_id: str) -> Draft | None:
        """The person's autosaved working copy, or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(drafts).where(drafts.c.person_id == person_id)).first()
        if row is None:
            return None
        return Draft(loads(row.map_json), row.plan, row.updated_at)

    def discard_draft(self, person_id: str) -> bool:
        """Throw the working copy away; ``True`` if there was one."""
        with self.engine.begin() as conn:
            return conn.execute(drafts.delete().where(drafts.c.person_id == person_id)).rowcount > 0

    # --- reading -----------------------------------------------------------------------------

    def version(self, person_id: str) -> int:
        """The person's stored version: the number of snapshots saved; 0 for someone new."""
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(people.c.version).where(people.c.person_id == person_id)).scalar()
        return found or 0

    def people(self, among: sa.Select | None = None) -> list[PersonInfo]:
        """Everyone in the store (or those whose ids the query ``among`` gives), by name then id,
        with their latest snapshot's date."""
        newest = _ranked_snapshots().subquery()
        has_draft = sa.exists().where(drafts.c.person_id == people.c.person_id)
        query = (
            sa.select(
                people.c.person_id,
                people.c.name,
                people.c.coordinator,
                people.c.team,
                people.c.version,
                newest.c.map_date,
                newest.c.saved_at,
                sa.func.coalesce(newest.c.snapshot_count, 0).label("snapshot_count"),
                has_draft.label("has_draft"),
            )
            .select_from(
                people.outerjoin(newest, (newest.c.person_id == people.c.person_id) & (newest.c.rank == 1))
            )
            .order_by(people.c.name, people.c.person_id)
        )
        query = query if among is None else query.where(people.c.person_id.in_(among))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            PersonInfo(
                person_id=r.person_id,
                name=r.name,
                coordinator=r.coordinator,
                team=r.team,
                version=r.version,
                latest_map_date=r.map_date,
                latest_saved_at=r.saved_at,
                snapshot_count=r.snapshot_count,
                has_draft=bool(r.has_draft),
            )
            for r in rows
        ]

    def snapshots(self, person_id: str) -> list[SnapshotInfo]:
        """The person's snapshots, newest first. Raises :class:`NotFound` for an unknown person."""
        with self.engine.connect() as conn:
            self._require_person(conn, person_id)
            rows = conn.execute(
                sa.select(*_INFO_COLUMNS)
                .where(snapshots.c.person_id == person_id)
                .order_by(snapshots.c.saved_at.desc(), snapshots.c.id.desc())
            ).all()
        return [SnapshotInfo(**r._mapping) for r in rows]

    def load_snapshot(self, snapshot_id: int) -> Snapshot:
        """One snapshot with its map and plan. Raises :class:`NotFound`."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(snapshots.c.map_json, snapshots.c.plan, *_INFO_COLUMNS).where(
                    snapshots.c.id == snapshot_id
                )
            ).first()
        if row is None:
            raise NotFound(f"There is no snapshot {snapshot_id}; it may have been erased.")
        info = SnapshotInfo(**{c.name: getattr(row, c.name) for c in _INFO_COLUMNS})
        return Snapshot(loads(row.map_json), row.plan, info)

    def latest_snapshot(self, person_id: str) -> Snapshot | None:
        """The person's newest snapshot, or ``None`` when nothing has been saved for them."""
        with self.engine.connect() as conn:
            newest = conn.execute(
                sa.select(snapshots.c.id)
                .where(snapshots.c.person_id == person_id)
                .order_by(snapshots.c.saved_at.desc(), snapshots.c.id.desc())
                .limit(1)
            ).scalar()
        return None if newest is None else self.load_snapshot(newest)

    def latest(self, person_id: str) -> EcoMap | None:
        """The person's newest saved map, or ``None``."""
        snapshot = self.latest_snapshot(person_id)
        return None if snapshot is None else snapshot.map

    def latest_summaries(self, *, alter_ids: bool = False, among: sa.Select | None = None) -> pd.DataFrame:
        """One row per person with a snapshot: the newest snapshot's summary and the one before.

        Columns: ``person_id``, ``name``, ``coordinator``, ``team``, ``version``,
        ``snapshot_count``, ``snapshot_id``, ``saved_at``, ``summary`` (a dict: the assessment
        row), then ``previous_snapshot_id``, ``previous_saved_at`` and ``previous_summary``
        (``None`` when there is only one snapshot). With ``alter_ids`` two more columns follow:
        ``alter_ids`` and ``previous_alter_ids``, the lists of alter ids of the two snapshots.
        One query over the summaries: no map JSON is read or parsed. With ``among`` (a query of
        person ids), only those people.
        """
        ranked = _ranked_snapshots(*([snapshots.c.alter_ids] if alter_ids else [])).subquery()
        query = (
            sa.select(
                people.c.person_id,
                people.c.name,
                people.c.coordinator,
                people.c.team,
                people.c.version,
                ranked.c.snapshot_count,
                ranked.c.rank,
                ranked.c.id,
                ranked.c.saved_at,
                ranked.c.summary,
                *([ranked.c.alter_ids] if alter_ids else []),
            )
            .join(ranked, ranked.c.person_id == people.c.person_id)
            .where(ranked.c.rank <= 2)
            .where(sa.true() if among is None else people.c.person_id.in_(among))
            .order_by(people.c.name, people.c.person_id, ranked.c.rank)
        )
        records: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                if r.rank == 1:
                    records.append(
                        {
                            "person_id": r.person_id,
                            "name": r.name,
                            "coordinator": r.coordinator,
                            "team": r.team,
                            "version": r.version,
                            "snapshot_count": r.snapshot_count,
                            "snapshot_id": r.id,
                            "saved_at": r.saved_at,
                            "summary": r.summary,
                            "previous_snapshot_id": None,
                            "previous_saved_at": None,
                            "previous_summary": None,
                        }
                    )
                    if alter_ids:
                        records[-1].update(alter_ids=r.alter_ids, previous_alter_ids=None)
                else:
                    records[-1].update(
                        previous_snapshot_id=r.id, previous_saved_at=r.saved_at, previous_summary=r.summary
                    )
                    if alter_ids:
                        records[-1]["previous_alter_ids"] = r.alter_ids
        columns = _SUMMARY_COLUMNS + (["alter_ids", "previous_alter_ids"] if alter_ids else [])
        return pd.DataFrame.from_records(records, columns=columns)

    def summary_history(self, keys: Sequence[str], among: sa.Select | None = None) -> pd.DataFrame:
        """Every snapshot of everyone, oldest map first: ``person_id``, ``map_date``,
        ``saved_at``, then one column per key of the summary (``band``, ``lsns6_estimate`` ...).

        The database picks the keys out of the stored summaries, so a long history stays cheap to
        read; a key a summary does not have gives ``None``. With ``among`` (a query of person ids),
        only those people.
        """
        query = sa.select(
            snapshots.c.person_id,
            snapshots.c.map_date,
            snapshots.c.saved_at,
            *(snapshots.c.summary[key].label(key) for key in keys),
        ).order_by(snapshots.c.map_date, snapshots.c.saved_at, snapshots.c.id)
        query = query if among is None else query.where(snapshots.c.person_id.in_(among))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame.from_records(rows, columns=["person_id", "map_date", "saved_at", *keys])

    def people_revision(self) -> tuple[int, datetime | None]:
        """The number of people and the latest change to any of them: it changes when someone is
        added, saved or erased, so a cached :meth:`people` list knows when to read again. One
        aggregate over the people table, far cheaper than :meth:`people` on a large store."""
        query = sa.select(sa.func.count(), sa.func.max(people.c.updated_at))
        with self.engine.connect() as conn:
            count, newest = conn.execute(query).one()
        return count, newest

    def revision(self) -> tuple[int, int, datetime | None]:
        """The number of snapshots, the newest snapshot id and the newest save time: they change
        whenever a snapshot is saved or erased, so a cached caseload knows when to read again."""
        query = sa.select(sa.func.count(), sa.func.max(snapshots.c.id), sa.func.max(snapshots.c.saved_at))
        with self.engine.connect() as conn:
            count, newest_id, newest_saved_at = conn.execute(query).one()
        return count, newest_id or 0, newest_saved_at

    @staticmethod
    def _require_person(conn: Connection, person_id: str) -> None:
        if conn.execute(sa.select(people.c.person_id).where(people.c.person_id == person_id)).first() is None:
            raise NotFound(f"There is no one with the id {person_id!r} in this store.")

    # --- erasure -----------------------------------------------------------------------------

    def erase_person(self, person_id: str) -> int:
        """Remove every snapshot, the draft and the person row; return the number of rows removed.

        One transaction: either all of the person's data goes, or none. Raises :class:`NotFound`
        for an unknown id (a mistyped id must not look like a completed erasure). On SQLite the
        write-ahead log is then checkpointed and truncated so that no copy of the erased pages
        remains in it.
        """
        with self.engine.begin() as conn:
            self._require_person(conn, person_id)
            removed = conn.execute(snapshots.delete().where(snapshots.c.person_id == person_id)).rowcount
            removed += conn.execute(drafts.delete().where(drafts.c.person_id == person_id)).rowcount
            removed += conn.execute(people.delete().where(people.c.person_id == person_id)).rowcount
        if self.engine.dialect.name == "sqlite":
            self._truncate_log()
        return removed

    def _truncate_log(self) -> None:
        with self.engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        if busy is not None and busy[0]:
            raise StoreError(
                "The person's data is erased, but another program is reading the database, so old "
                "copies may remain in its log file until it closes. Close other copies of ecomap "
                "and erase again, or restart ecomap."
            )

    # --- users, access and the audit trail ----------------------------------------------------

    def add_user(self, email: str, role: str, team: str = "") -> UserInfo:
        """Add a user, or change the role and team of one already there. ``role`` is checked by
        the caller (:func:`ecomap.access.add_user`); the e-mail address is kept in lower case."""
        row = {"role": role, "team": team.strip(), "added_at": self.clock()}
        email = normal_email(email)
        with self.engine.begin() as conn:
            conn.execute(
                _insert(conn)(users)
                .values(email=email, **row)
                .on_conflict_do_update(index_elements=["email"], set_={"role": role, "team": row["team"]})
            )
        found = self.user(email)
        assert found is not None
        return found

    def user(self, email: str) -> UserInfo | None:
        """The user with this e-mail address (any case), or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.email == normal_email(email))).first()
        return None if row is None else UserInfo(**row._mapping)

    def users(self) -> list[UserInfo]:
        """Every user, by team then e-mail address."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.team, users.c.email)).all()
        return [UserInfo(**r._mapping) for r in rows]

    def remove_user(self, email: str) -> bool:
        """Remove a user and what was shared with them; ``True`` if they were there. The people
        they created stay, visible to their team lead and to whoever they were shared with."""
        email = normal_email(email)
        with self.engine.begin() as conn:
            conn.execute(
                person_access.delete().where(
                    (person_access.c.email == email) & (person_access.c.kind == "shared")
                )
            )
            return conn.execute(users.delete().where(users.c.email == email)).rowcount > 0

    def grant(self, person_id: str, email: str, kind: str, team: str = "") -> None:
        """Let ``email`` see the person: ``kind`` is ``created`` (with the creator's ``team``) or
        ``shared``. Granting again changes nothing."""
        values = {"kind": kind, "team": team, "granted_at": self.clock()}
        with self.engine.begin() as conn:
            conn.execute(
                _insert(conn)(person_access)
                .values(person_id=person_id, email=normal_email(email), **values)
                .on_conflict_do_nothing(index_elements=["person_id", "email"])
            )

    def visible_ids(self, email: str, team: str | None = None) -> sa.Select:
        """A query of the ids of the people created by or shared with ``email``, and, with
        ``team``, every person created by a member of that team."""
        condition = person_access.c.email == normal_email(email)
        if team:
            condition |= (person_access.c.kind == "created") & (person_access.c.team == team)
        return sa.select(person_access.c.person_id).where(condition).distinct()

    def person_ids(self, among: sa.Select | None = None) -> set[str]:
        """The ids of everyone in the store, or of those the query ``among`` names."""
        query = sa.select(people.c.person_id)
        if among is not None:
            query = query.where(people.c.person_id.in_(among))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def forget_access(self, person_id: str) -> None:
        """Remove who may see an erased person."""
        with self.engine.begin() as conn:
            conn.execute(person_access.delete().where(person_access.c.person_id == person_id))

    def record(self, who: str, action: str, person_id: str = "", detail: str = "") -> None:
        """Append one entry to the audit trail. ``action`` is one of :data:`AUDIT_ACTIONS`."""
        if action not in AUDIT_ACTIONS:
            raise StoreError(f"{action!r} is not an audit action; use one of {', '.join(AUDIT_ACTIONS)}.")
        entry = {"at": self.clock(), "who": who, "action": action, "person_id": person_id, "detail": detail}
        with self.engine.begin() as conn:
            conn.execute(audit.insert().values(**entry))

    def audit_trail(self, *, person_id: str | None = None, since: datetime | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first: everything, or one person's entries, or those from
        ``since`` (UTC) on."""
        query = sa.select(audit).order_by(audit.c.at, audit.c.id)
        if person_id is not None:
            query = query.where(audit.c.person_id == person_id)
        if since is not None:
            query = query.where(audit.c.at >= since)
        with self.engine.connect() as conn:
            return [AuditEntry(**r._mapping) for r in conn.execute(query)]


_INFO_COLUMNS = (
    snapshots.c.id,
    snapshots.c.person_id,
    snapshots.c.map_date,
    snapshots.c.saved_at,
    snapshots.c.saved_by,
    snapshots.c.note,
    snapshots.c.version,
    snapshots.c.summary,
)

_SUMMARY_COLUMNS = [
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


def _ranked_snapshots(*extra: sa.Column) -> sa.Select:
    """Snapshots with their rank per person (1 = newest) and the person's snapshot count, and
    any ``extra`` snapshot columns."""
    newest_first = (snapshots.c.saved_at.desc(), snapshots.c.id.desc())
    return sa.select(
        snapshots.c.person_id,
        snapshots.c.id,
        snapshots.c.map_date,
        snapshots.c.saved_at,
        snapshots.c.summary,
        *extra,
        sa.func.row_number().over(partition_by=snapshots.c.person_id, order_by=newest_first).label("rank"),
        sa.func.count().over(partition_by=snapshots.c.person_id).label("snapshot_count"),
    )


def _add_alter_ids(engine: Engine) -> None:
    """Give a database made before snapshots kept their alter ids the ``alter_ids`` column, filled
    once from the stored maps, so every later review reads ids without parsing a map."""
    if "alter_ids" in {c["name"] for c in sa.inspect(engine).get_columns("snapshots")}:
        return
    with engine.begin() as conn:
        column_type = snapshots.c.alter_ids.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE snapshots ADD COLUMN alter_ids {column_type}")
        filled = [
            {"snapshot_id": r.id, "alter_ids": [a.id for a in loads(r.map_json).alters]}
            for r in conn.execute(sa.select(snapshots.c.id, snapshots.c.map_json))
        ]
        if filled:
            conn.execute(snapshots.update().where(snapshots.c.id == sa.bindparam("snapshot_id")), filled)


def normal_email(email: str) -> str:
    """An e-mail address as users are kept: trimmed, lower case."""
    return email.strip().lower()


_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_{0} BEFORE {0} ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
)
_AUDIT_TRIGGER_EXISTS = (
    "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_append_only' AND tgrelid = 'audit'::regclass"
)
_APPEND_ONLY_POSTGRES = (
    "CREATE OR REPLACE FUNCTION ecomap_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION ecomap_audit_append_only()",
)


def _protect_audit(engine: Engine) -> None:
    """Make the database itself refuse to change or delete audit entries, whoever asks."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(_APPEND_ONLY_SQLITE.format(verb))
        elif conn.dialect.name == "postgresql":
            if conn.exec_driver_sql(_AUDIT_TRIGGER_EXISTS).first() is None:
                for statement in _APPEND_ONLY_POSTGRES:
                    conn.exec_driver_sql(statement)


def _insert(conn: Connection) -> Callable[[sa.Table], Any]:
    """The dialect's ``INSERT`` with ``ON CONFLICT`` (SQLite and PostgreSQL both have it)."""
    dialects = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    try:
        return dialects[conn.dialect.name]
    except KeyError:
        raise StoreError(f"ecomap stores maps in SQLite or PostgreSQL, not {conn.dialect.name}.") from None
