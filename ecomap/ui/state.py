"""The app's session state, in one place.

A :class:`Workspace` holds the map being worked on, where it came from, the undo history and the
version it was loaded at (for the store's stale-save check). Pages read it with
:func:`workspace` and change the map only through :func:`change`, which validates, keeps the
previous map for undo and autosaves a draft, so a closed tab loses nothing.

Samples opened for teaching are *sandboxes*: never written to the store unless copied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

from ecomap.edit import unique_id, update_person
from ecomap.model import EcoMap, MapInvalid
from ecomap.store import Store

Origin = Literal["store", "sample", "import", "new"]
UNDO_DEPTH = 50
_KEY = "ecomap.workspace"


@dataclass
class Workspace:
    map: EcoMap | None = None
    origin: Origin = "new"
    sandbox: bool = False
    version: int | None = None  # the store version this map was opened at, or None when new
    label: str = ""  # where it came from, in words ("sample: maud-okafor-2025-03")
    undo: list[EcoMap] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the last refused change, shown once
    notice: str = ""  # the last thing done, shown once
    stale: str | None = None  # the store refused a save: someone else saved first
    revision: int = 0  # bumped on every change, so keyed widgets (table editor, forms) refresh

    @property
    def saved_in_store(self) -> bool:
        return not self.sandbox


@st.cache_resource
def store() -> Store:
    """One store per server process; the URL comes from ECOMAP_DATABASE_URL or the default."""
    return Store()


def with_free_person_id(m: EcoMap) -> EcoMap:
    """The map, with its person id changed if someone else in the store already has it."""
    taken = {p.person_id for p in store().people()}
    if m.ego.id not in taken:
        return m
    return update_person(m, id=unique_id(m.ego.id, taken))


def workspace() -> Workspace:
    if _KEY not in st.session_state:
        st.session_state[_KEY] = Workspace()
    return st.session_state[_KEY]


def open_map(
    m: EcoMap, *, origin: Origin, label: str, sandbox: bool = False, version: int | None = None
) -> None:
    """Make ``m`` the map being worked on, with a fresh undo history."""
    ws = workspace()
    ws.map, ws.origin, ws.label, ws.sandbox, ws.version = m, origin, label, sandbox, version
    ws.undo.clear()
    ws.problems, ws.stale = [], None
    ws.revision += 1
    if not sandbox:
        store().autosave(m)


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
    ws.undo.append(ws.map)
    del ws.undo[:-UNDO_DEPTH]
    ws.map, ws.problems = new, []
    ws.revision += 1
    if not ws.sandbox:
        store().autosave(new)
    return True


def undo() -> None:
    ws = workspace()
    if ws.undo:
        ws.map = ws.undo.pop()
        ws.problems = []
        ws.revision += 1
        ws.notice = "Undone."
        if not ws.sandbox:
            store().autosave(ws.map)


def close() -> None:
    st.session_state[_KEY] = Workspace()
