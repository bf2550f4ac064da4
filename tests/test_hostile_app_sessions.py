"""The lost-update and resurrection sequences of the issue, replayed on the Map page with two
sessions (two AppTests) sharing one store: each is refused, and nothing saved is lost."""

from __future__ import annotations

from datetime import date

from ecomap.model import EcoMap, Ego
from tests.apptest import start_app, texts
from tests.test_app_map import add, workspace

PERSON = "p-5e1d0c2b"


def edith() -> EcoMap:
    return EcoMap(ego=Ego(id=PERSON, name="Edith Marsh", map_date=date(2026, 3, 1)))


def open_edith():
    at = start_app()
    at.selectbox(key="open-saved").set_value(PERSON)
    at.button(key="open-saved-button").click().run()
    assert not at.exception, at.exception
    return at


def save(at):
    next(b for b in at.button if b.label == "Save snapshot").click().run()
    assert not at.exception, at.exception
    return at


def test_an_older_working_copy_opened_after_a_save_is_flagged_and_cannot_overwrite_it(app_store):
    app_store.save_snapshot(edith())
    a, b = open_edith(), open_edith()
    add(a, "Ruth", "family")
    save(a)
    assert [x.name for x in app_store.latest(PERSON).alters] == ["Ruth"]
    add(b, "Bisi", "friends")  # B's working copy: started from version 1, without Ruth
    # B saves: refused as stale, with the choice of keeping it as a new snapshot or reloading.
    save(b)
    assert workspace(b).stale is not None
    assert [x.name for x in app_store.latest(PERSON).alters] == ["Ruth"]
    # Someone opens Edith later: the autosaved copy says it is older and offers a comparison.
    c = open_edith()
    assert [x.name for x in workspace(c).map.alters] == ["Bisi"]
    assert "started from version 1" in texts(c) and "version 2" in texts(c)
    assert any(e.label == "Compare my working copy with the saved map" for e in c.expander)
    save(c)
    assert [x.name for x in app_store.latest(PERSON).alters] == ["Ruth"]  # Ruth is not lost
    assert len(app_store.snapshots(PERSON)) == 2


def test_an_erased_person_is_not_brought_back_by_a_session_that_had_them_open(app_store):
    app_store.save_snapshot(edith())
    b = open_edith()
    app_store.erase_person(PERSON)  # erased from another session
    add(b, "Ruth", "family")  # B's autosave is refused, with a plain message
    assert "was erased" in texts(b)
    save(b)
    assert app_store.people() == []
