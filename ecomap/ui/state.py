"""The app's session state, in one place.

A :class:`Workspace` holds the map being worked on, the person's connection plan, where they
came from, the undo history and the version it was loaded at (for the store's stale-save check).
Pages read it with :func:`workspace` and change the map only through :func:`change` and the plan
only through :func:`change_plan`, which validate, keep the previous map and plan for undo and
autosave a draft of both, so a closed tab loses nothing.

The community directory that suggestions come from is the sample directory unless one was
imported on the Directory page (:func:`directory`).

Samples opened for teaching are *sandboxes*: never written to the store unless copied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ecomap.access import PERSONAL, Denied, Identity, ScopedStore
from ecomap.directory import Directory, load_directory
from ecomap.edit import update_person
from ecomap.model import EcoMap, MapInvalid, Problem
from ecomap.plan import ConnectionPlan, PlanError
from ecomap.samples import SAMPLES_DIR, SamplePerson, sample_people
from ecomap.store import PersonInfo, Store

UNDO_DEPTH = 50
_KEY = "ecomap.workspace"
_DIRECTORY_LEFT_OUT_KEY = "directory-left-out"
_DIRECTORY_KEY = "ecomap.directory"
_USER_KEY = "ecomap.user"
_STORE_KEY = "ecomap.store"
SAMPLE_DIRECTORY = "sample"


@dataclass
class Workspace:
    map: EcoMap | None = None
    sandbox: bool = False
    version: int | None = None  # the store version this map was opened at, or None when new
    label: str = ""  # where it came from, in words ("sample: maud-okafor-2025-03")
    plan: ConnectionPlan = field(default_factory=ConnectionPlan)
    undo: list[tuple[EcoMap, ConnectionPlan]] = field(default_factory=list)  # (map, plan), oldest first
    problems: list[str] = field(default_factory=list)  # the last refused change, shown once
    notice: str = ""  # the last thing done, shown once
    stale: str | None = None  # the store refused a save: someone else saved first
    revision: int = 0  # bumped on every change, so keyed widgets (table editor, forms) refresh


@st.cache_resource
def shared_store() -> Store:
    """One store per server process; the URL comes from ECOMAP_DATABASE_URL or the default."""
    return Store()


def store() -> ScopedStore:
    """The store as the signed-in user may see it (in personal mode, everything): the only store
    the pages use, so every read and write is scoped and audited (ecomap.access)."""
    user = current_user()
    scoped = st.session_state.get(_STORE_KEY)
    if scoped is None or scoped.user != user or scoped.store is not shared_store():
        scoped = st.session_state[_STORE_KEY] = ScopedStore(shared_store(), user)
    return scoped


def current_user() -> Identity:
    """Who is using the app: set by the sign-in gate; the one local user in personal mode."""
    return st.session_state.get(_USER_KEY, PERSONAL)


def sign_in_as(user: Identity) -> bool:
    """Remember who signed in; ``True`` the first time in this session (to record the sign-in)."""
    first = st.session_state.get(_USER_KEY) != user
    st.session_state[_USER_KEY] = user
    return first


def saved_people() -> list[PersonInfo]:
    """Everyone in the store, read again only when someone was added, saved or erased: the side
    bar shows this list on every rerun, and a team's store can hold thousands of people."""
    return _people_list(store().url, store().people_revision())


@st.cache_data(max_entries=4, show_spinner=False)
def _people_list(url: str, revision: tuple) -> list[PersonInfo]:
    return store().people()


def with_free_person_id(m: EcoMap) -> EcoMap:
    """The map, with its person id changed if someone else in the store already has it."""
    free = store().free_person_id(m.ego.id)
    return m if free == m.ego.id else update_person(m, id=free)


def workspace() -> Workspace:
    if _KEY not in st.session_state:
        st.session_state[_KEY] = Workspace()
    return st.session_state[_KEY]


def open_map(
    m: EcoMap,
    *,
    label: str,
    sandbox: bool = False,
    version: int | None = None,
    plan: ConnectionPlan | dict | None = None,
) -> None:
    """Make ``m`` the map being worked on, with its plan (a plan or the store's JSON of one;
    none: an empty plan) and a fresh undo history."""
    ws = workspace()
    ws.map, ws.label, ws.sandbox, ws.version = m, label, sandbox, version
    ws.undo.clear()
    ws.problems, ws.stale = [], None
    try:
        ws.plan = plan if isinstance(plan, ConnectionPlan) else ConnectionPlan.from_json(plan)
    except PlanError as error:
        ws.plan = ConnectionPlan()
        ws.problems = [f"The saved plan could not be read and was left out: {error}"]
    ws.revision += 1
    _autosave(ws)


def _autosave(ws: Workspace) -> None:
    if not ws.sandbox and ws.map is not None:
        try:
            store().autosave(ws.map, plan=ws.plan.to_json())
        except Denied:
            # A trainer's maps, or a person someone else keeps: worked on here, never saved.
            ws.sandbox = True
            ws.notice = "Your role does not keep this person's map: it is a sandbox, never saved."


def remember(ws: Workspace) -> None:
    """Keep the map and plan as they are now for undo."""
    ws.undo.append((ws.map, ws.plan))
    del ws.undo[:-UNDO_DEPTH]


def change(edit: Callable[..., EcoMap], *args: Any, **kwargs: Any) -> bool:
    """Apply ``edit(map, *args, **kwargs)``; on a problem keep the map and remember the messages.

    Used as a widget callback, so the change lands before the page redraws.
    """
    ws = workspace()
    if ws.map is None:
        return False
    try:
        new = edit(ws.map, *args, **kwargs)
    except MapInvalid as error:
        ws.problems = [str(p) for p in error.problems]
        return False
    except KeyError as error:
        ws.problems = [f"{error.args[0]} is no longer in the map."]
        return False
    remember(ws)
    ws.map, ws.problems = new, []
    ws.revision += 1
    _autosave(ws)
    return True


def change_plan(edit: Callable[..., ConnectionPlan], *args: Any, **kwargs: Any) -> bool:
    """Apply ``edit(plan, *args, **kwargs)`` (a :class:`ConnectionPlan` method); on a refusal
    keep the plan and remember the message. Undo brings the plan back like a map change."""
    ws = workspace()
    if ws.map is None:
        return False
    try:
        new = edit(ws.plan, *args, **kwargs)
    except PlanError as error:
        ws.problems = [str(error)]
        return False
    remember(ws)
    ws.plan, ws.problems = new, []
    ws.revision += 1
    _autosave(ws)
    return True


def undo() -> None:
    ws = workspace()
    if ws.undo:
        ws.map, ws.plan = ws.undo.pop()
        ws.problems = []
        ws.revision += 1
        ws.notice = "Undone."
        _autosave(ws)


def close() -> None:
    st.session_state[_KEY] = Workspace()


@st.cache_resource
def samples() -> list[SamplePerson]:
    """The fictional sample people and their stories, read once per server."""
    return sample_people()


@st.cache_resource
def sample_directory() -> Directory:
    """The fictional Brackford directory shipped with the samples, read once per server."""
    return load_directory(SAMPLES_DIR / "directory")


def directory() -> tuple[str, str, Directory]:
    """The directory suggestions come from: ``(key, label, directory)``; the key changes when
    another directory is chosen, so cached suggestions are worked out again."""
    chosen = st.session_state.get(_DIRECTORY_KEY)
    if chosen is not None:
        return chosen
    return SAMPLE_DIRECTORY, "the sample Brackford directory", sample_directory()


def use_directory(
    key: str, label: str, chosen: Directory | None, left_out: list[Problem] | None = None
) -> None:
    """Suggest from ``chosen`` for the rest of the session; ``None`` goes back to the sample.
    ``left_out`` holds the problems of the records a lenient import left out."""
    st.session_state[_DIRECTORY_LEFT_OUT_KEY] = list(left_out or [])
    if chosen is None:
        st.session_state.pop(_DIRECTORY_KEY, None)
    else:
        st.session_state[_DIRECTORY_KEY] = (key, label, chosen)


def directory_left_out() -> list[Problem]:
    """The problems of the records the chosen directory's lenient import left out."""
    return st.session_state.get(_DIRECTORY_LEFT_OUT_KEY, [])
