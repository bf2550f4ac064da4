"""Who may see and change what: the roles of a team server, and the store as one user sees it.

**Personal mode** (no sign-in configured, the default): one person on one machine, who sees
everything (:data:`PERSONAL`). **Team server** (sign-in configured): every signed-in e-mail address
must be a user in the store (``ecomap users add``), with one of these roles:

``coordinator``
    The people they created and those shared with them: Map, History, Directory, Learn.
``team_lead``
    As a coordinator, plus everyone created by a member of their team, and the Review page.
``trainer``
    The sample people only (Learn, and samples opened on the Map page, which are never saved);
    nothing in the store.
``admin``
    Users and the audit trail; no one's map.

:class:`ScopedStore` is the only store the app's pages get. Every read of a person's data is
limited, in the database query, to the people the user may see, and every write to people they may
change, so a page cannot show more than the role allows even if it asks. A refusal raises
:class:`Denied` and is written to the audit trail, as is every view, change, save, export and
erasure (with the person's id, never their name).

The least-privilege split follows the NHS "need to know" principle of the Caldicott principles
(National Data Guardian, 2020): each role sees the personal data its work needs, and no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ecomap.edit import unique_id
from ecomap.model import EcoMap
from ecomap.settings import Thresholds
from ecomap.store import (
    AuditEntry,
    NotFound,
    PersonInfo,
    Snapshot,
    SnapshotInfo,
    Store,
    StoreError,
    UserInfo,
    normal_email,
    person_access,
)

#: The roles of a team server, in the order the docs list them.
ROLES = ("coordinator", "team_lead", "trainer", "admin")
#: The one user of personal mode, who may do everything.
PERSONAL_ROLE = "personal"

#: The pages (url paths, see ecomap.ui.pages) each role may open.
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    PERSONAL_ROLE: ("map", "history", "review", "directory", "learn", "about"),
    "coordinator": ("map", "history", "directory", "learn", "about"),
    "team_lead": ("map", "history", "review", "directory", "learn", "about"),
    "trainer": ("map", "directory", "learn", "about"),
    "admin": ("admin", "about"),
}

#: Roles that keep people's maps in the store.
_KEEPS_MAPS = (PERSONAL_ROLE, "coordinator", "team_lead")
#: Actions recorded at most once per person in this interval per session: an autosave on every
#: keystroke or a redraw that reads the map again is one "edit" or "view", not hundreds.
REPEAT_AFTER = timedelta(minutes=1)


class Denied(NotFound):
    """The user may not see or change this person (or there is no such person: the message does
    not say which, so that a refusal does not reveal who is in the store)."""


@dataclass(frozen=True)
class Identity:
    """Who is using the app: an e-mail address (``local`` in personal mode), a role, a team."""

    email: str
    role: str
    team: str = ""

    @property
    def pages(self) -> tuple[str, ...]:
        return ROLE_PAGES[self.role]


#: The one user of personal mode.
PERSONAL = Identity("local", PERSONAL_ROLE)


def identity_of(user: UserInfo) -> Identity:
    return Identity(user.email, user.role, user.team)


def add_user(store: Store, email: str, role: str, team: str = "") -> UserInfo:
    """Add a user (or change their role and team), refusing an unknown role, an address without
    ``@`` and a team lead without a team."""
    if role not in ROLES:
        raise StoreError(f"{role!r} is not a role; use one of {', '.join(ROLES)}.")
    if "@" not in email or len(normal_email(email).split()) != 1:
        raise StoreError(f"{email!r} is not an e-mail address.")
    if role == "team_lead" and not team.strip():
        raise StoreError("A team lead sees their team: give the team with --team.")
    return store.add_user(email, role, team)


class ScopedStore:
    """The store as ``user`` may see it; see the module's description.

    It offers the reading and writing methods of :class:`~ecomap.store.Store` that the app uses,
    each limited to the people the user may see, plus :meth:`record` for the audit trail. Keep one
    per session: it remembers what it recorded lately (:data:`REPEAT_AFTER`).
    """

    def __init__(self, store: Store, user: Identity):
        self.store = store
        self.user = user
        self._recent: dict[tuple[str, str], datetime] = {}

    @property
    def url(self) -> str:
        """The database and whose view of it: a cache keyed by this never mixes two users' data."""
        if self.user.role == PERSONAL_ROLE:
            return self.store.url
        return f"{self.store.url} as {self.user.email}"

    @property
    def settings(self) -> Thresholds | None:
        return self.store.settings

    # --- the scope ---------------------------------------------------------------------------

    def _visible(self) -> sa.Select | None:
        """A query of the ids of the people the user may see; ``None`` for everyone."""
        role = self.user.role
        if role == PERSONAL_ROLE:
            return None
        if role in _KEEPS_MAPS:
            return self.store.visible_ids(self.user.email, self.user.team if role == "team_lead" else None)
        return sa.select(person_access.c.person_id).where(sa.false())

    def may_see(self, person_id: str) -> bool:
        visible = self._visible()
        if visible is None:
            return True
        return bool(self.store.person_ids(visible.where(person_access.c.person_id == person_id)))

    def _require(self, person_id: str, doing: str) -> None:
        if not self.may_see(person_id):
            self._refuse(person_id, doing)

    def _refuse(self, person_id: str, doing: str) -> None:
        self.record("denied", person_id, doing)
        raise Denied(
            f"There is no one with the id {person_id!r} that you may {doing}. If you should see "
            "them, ask their coordinator to share them with you, or ask your administrator."
        )

    def _claim(self, m: EcoMap, doing: str) -> bool:
        """Check that the user may write this person; return whether they are new to the store
        (and, if so, record the user as their creator)."""
        person_id = m.ego.id
        if self.user.role not in _KEEPS_MAPS:
            self._refuse(person_id, doing)
        exists = bool(self.store.person_ids(sa.select(sa.literal(person_id))))
        if exists:
            self._require(person_id, doing)
            return False
        if self.user.role != PERSONAL_ROLE:
            self.store.grant(person_id, self.user.email, "created", self.user.team)
        return True

    # --- reading -----------------------------------------------------------------------------

    def people(self) -> list[PersonInfo]:
        return self.store.people(among=self._visible())

    def people_revision(self) -> tuple[int, datetime | None]:
        return self.store.people_revision()

    def revision(self) -> tuple[int, int, datetime | None]:
        return self.store.revision()

    def version(self, person_id: str) -> int:
        self._require(person_id, "open")
        return self.store.version(person_id)

    def snapshots(self, person_id: str) -> list[SnapshotInfo]:
        self._require(person_id, "open")
        self.record("view", person_id)
        return self.store.snapshots(person_id)

    def load_snapshot(self, snapshot_id: int) -> Snapshot:
        snapshot = self.store.load_snapshot(snapshot_id)
        self._require(snapshot.info.person_id, "open")
        self.record("view", snapshot.info.person_id)
        return snapshot

    def latest_snapshot(self, person_id: str) -> Snapshot | None:
        self._require(person_id, "open")
        self.record("view", person_id)
        return self.store.latest_snapshot(person_id)

    def latest(self, person_id: str) -> EcoMap | None:
        snapshot = self.latest_snapshot(person_id)
        return None if snapshot is None else snapshot.map

    def draft(self, person_id: str) -> Any:
        self._require(person_id, "open")
        self.record("view", person_id)
        return self.store.draft(person_id)

    def latest_summaries(self, *, alter_ids: bool = False) -> pd.DataFrame:
        return self.store.latest_summaries(alter_ids=alter_ids, among=self._visible())

    def summary_history(self, keys: list[str] | tuple[str, ...]) -> pd.DataFrame:
        return self.store.summary_history(keys, among=self._visible())

    def free_person_id(self, person_id: str) -> str:
        """``person_id``, or the first ``-2``, ``-3``... after it that nobody in the store has."""
        taken = self.store.person_ids(sa.select(sa.literal(person_id)))
        if not taken:
            return person_id
        return unique_id(person_id, self.store.person_ids())

    # --- writing -----------------------------------------------------------------------------

    def save_snapshot(
        self,
        m: EcoMap,
        *,
        note: str = "",
        plan: Any = None,
        expected_version: int | None = None,
        saved_by: str = "",
    ) -> SnapshotInfo:
        """Save as :meth:`Store.save_snapshot`; on a team server ``saved_by`` is always the
        signed-in user."""
        created = self._claim(m, "save")
        if self.user.role != PERSONAL_ROLE:
            saved_by = self.user.email
        info = self.store.save_snapshot(
            m, note=note, plan=plan, expected_version=expected_version, saved_by=saved_by
        )
        if created:
            self.record("create", m.ego.id)
        self.record("save", m.ego.id, f"version {info.version}")
        return info

    def autosave(self, m: EcoMap, plan: Any = None) -> None:
        created = self._claim(m, "change")
        self.store.autosave(m, plan=plan)
        self.record("create" if created else "edit", m.ego.id)

    def discard_draft(self, person_id: str) -> bool:
        self._require(person_id, "change")
        self.record("edit", person_id, "working copy discarded")
        return self.store.discard_draft(person_id)

    def erase_person(self, person_id: str) -> int:
        self._require(person_id, "erase")
        removed = self.store.erase_person(person_id)
        self.store.forget_access(person_id)
        self.record("erase", person_id, f"{removed} records")
        return removed

    def share(self, person_id: str, email: str) -> None:
        """Let another user see and change this person."""
        self._require(person_id, "share")
        if self.store.user(email) is None:
            raise StoreError(f"{email!r} is not a user of this server; ask your administrator to add them.")
        self.store.grant(person_id, email, "shared")
        self.record("share", person_id, f"with {normal_email(email)}")

    # --- the audit trail and users (admins) ----------------------------------------------------

    def record(self, action: str, person_id: str = "", detail: str = "") -> None:
        """Append to the audit trail as this user. A ``view`` or ``edit`` of the same person is
        recorded once per :data:`REPEAT_AFTER`."""
        now = self.store.clock()
        if action in ("view", "edit"):
            last = self._recent.get((action, person_id))
            if last is not None and now - last < REPEAT_AFTER:
                return
            self._recent[(action, person_id)] = now
        self.store.record(self.user.email, action, person_id, detail)

    def _require_admin(self, doing: str) -> None:
        if self.user.role not in ("admin", PERSONAL_ROLE):
            self.record("denied", "", doing)
            raise Denied(f"Only an administrator may {doing}.")

    def audit_trail(self, *, person_id: str | None = None, since: datetime | None = None) -> list[AuditEntry]:
        self._require_admin("read the audit trail")
        return self.store.audit_trail(person_id=person_id, since=since)

    def retention_due(self, years: int) -> list[PersonInfo]:
        """People with no snapshot saved in the last ``years`` years (admins only)."""
        self._require_admin("review retention")
        return retention_due(self.store, years)

    def erase_for_retention(self, person_id: str) -> int:
        """Erase a person past the retention period, without opening their map (admins only)."""
        self._require_admin("erase for retention")
        removed = self.store.erase_person(person_id)
        self.store.forget_access(person_id)
        self.record("erase", person_id, f"retention: {removed} records")
        return removed

    def users(self) -> list[UserInfo]:
        self._require_admin("list users")
        return self.store.users()

    def add_user(self, email: str, role: str, team: str = "") -> UserInfo:
        self._require_admin("add users")
        added = add_user(self.store, email, role, team)
        self.record("users", "", f"{added.email} is {added.role} in {added.team or 'no team'}")
        return added

    def remove_user(self, email: str) -> bool:
        self._require_admin("remove users")
        removed = self.store.remove_user(email)
        if removed:
            self.record("users", "", f"{normal_email(email)} removed")
        return removed


def retention_due(store: Store, years: int, today: date | None = None) -> list[PersonInfo]:
    """Everyone whose newest snapshot was saved more than ``years`` years before ``today`` (UTC),
    oldest first: the people a retention policy says to erase ("kept no longer than necessary",
    UK GDPR Article 5(1)(e)). People with only a working copy are not listed: nothing was kept."""
    if years < 1:
        raise StoreError("The retention period is a whole number of years, at least 1.")
    today = today or store.clock().date()
    cutoff = today.replace(
        year=today.year - years, day=28 if (today.month, today.day) == (2, 29) else today.day
    )
    due = [p for p in store.people() if p.latest_saved_at is not None and p.latest_saved_at.date() < cutoff]
    return sorted(due, key=lambda p: (p.latest_saved_at, p.person_id))


AUDIT_COLUMNS = ["at", "who", "action", "person_id", "detail"]


def audit_frame(entries: list[AuditEntry]) -> pd.DataFrame:
    """The audit trail as a table, oldest first; times in UTC as ``YYYY-MM-DD HH:MM:SS``."""
    rows = [
        {
            "at": f"{e.at:%Y-%m-%d %H:%M:%S}",
            "who": e.who,
            "action": e.action,
            "person_id": e.person_id,
            "detail": e.detail,
        }
        for e in entries
    ]
    return pd.DataFrame.from_records(rows, columns=AUDIT_COLUMNS)
