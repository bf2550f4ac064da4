"""The sign-in gate and the admin page, driven through AppTest: personal mode has no sign-in; a
team server shows nothing before sign-in, tells strangers to ask their administrator, keeps a
trainer's maps out of the store, and lets an admin manage users and read the audit trail."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from ecomap.access import Identity, ScopedStore, add_user
from ecomap.model import EcoMap, Ego
from tests.apptest import APP, texts
from tests.test_app_map import new_person

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "not a real secret, long enough for the test",
    "client_id": "ecomap",
    "client_secret": "not real",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}

ANNE = Identity("anne@north.example", "coordinator", "North")


def team_app(email: str | None) -> AppTest:
    """The app with sign-in configured; ``email`` signed in, or nobody."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    return at.run()


def page_names(at: AppTest) -> list[str]:
    """The titles of the pages in the navigation."""
    return [info["page_name"] for info in at._registered_pages.values() if info["page_name"]]  # noqa: SLF001


def test_personal_mode_has_no_sign_in_and_every_page(app_store) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "Sign in" not in texts(at) and "Sign out" not in texts(at)
    # and the Map page's hidden twin at /map, for links that open a sample
    assert page_names(at) == ["Map", "History", "Review", "Directory", "Learn", "About", "Map"]


def test_before_sign_in_nothing_but_the_sign_in_control(app_store) -> None:
    app_store.save_snapshot(EcoMap(ego=Ego(id="ivy", name="Ivy Green", map_date=date(2026, 3, 1))))
    at = team_app(None)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Ivy Green" not in texts(at)
    assert page_names(at) == []
    assert app_store.audit_trail() == []


def test_a_stranger_is_told_to_ask_their_administrator_once_in_the_trail(app_store) -> None:
    at = team_app("stranger@elsewhere.example")
    at.run()
    assert "Ask your administrator" in texts(at)
    assert [b.label for b in at.button] == ["Sign out"]
    assert [(e.who, e.action) for e in app_store.audit_trail()] == [("stranger@elsewhere.example", "denied")]


def test_a_trainer_s_new_map_is_a_sandbox_never_saved(app_store) -> None:
    add_user(app_store, "tom@example.org", "trainer")
    at = new_person(team_app("TOM@example.org"), "Practice Person")
    assert "Sample: a sandbox, never saved" in texts(at)
    assert app_store.people() == []
    assert [e.action for e in app_store.audit_trail()] == ["sign_in", "denied"]


def test_a_coordinator_s_map_is_theirs_and_saved_by_them(app_store) -> None:
    add_user(app_store, "anne@north.example", "coordinator", "North")
    at = new_person(team_app("anne@north.example"), "Ivy Green")
    next(b for b in at.button if b.label == "Save snapshot").click().run()
    assert not at.exception
    (saved,) = app_store.snapshots("p-ivy-green")
    assert saved.saved_by == "anne@north.example"
    actions = [(e.action, e.person_id) for e in app_store.audit_trail()]
    assert actions == [("sign_in", ""), ("create", "p-ivy-green"), ("save", "p-ivy-green")]


def test_an_admin_adds_a_user_and_reads_the_trail(app_store) -> None:
    add_user(app_store, "ada@example.org", "admin")
    add_user(app_store, ANNE.email, ANNE.role, ANNE.team)
    ScopedStore(app_store, ANNE).record("view", "ivy")
    at = team_app("ada@example.org")
    assert page_names(at) == ["Users and audit", "About"]
    at.text_input[0].input("new@north.example")
    at.selectbox[0].set_value("team_lead")
    at.text_input[1].input("North")
    next(b for b in at.button if b.label == "Add").click().run()
    assert not at.exception
    assert app_store.user("new@north.example").role == "team_lead"
    trail = at.dataframe[1].value
    assert list(trail["action"]) == ["view", "sign_in", "users"]
    assert list(trail["who"]) == ["anne@north.example", "ada@example.org", "ada@example.org"]


def test_an_admin_cannot_open_a_map_page(app_store) -> None:
    add_user(app_store, "ada@example.org", "admin")
    at = team_app("ada@example.org")
    assert "Open a map" not in texts(at) and "Users and audit" in texts(at)
    paths = {info.get("url_pathname") for info in at._registered_pages.values()}  # noqa: SLF001
    assert not paths & {"map", "history", "review"}
