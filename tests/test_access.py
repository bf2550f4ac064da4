"""Roles, scopes and the audit trail, enforced in the store (ecomap.access), on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from ecomap.access import PERSONAL, ROLE_PAGES, Denied, Identity, ScopedStore, add_user, retention_due
from ecomap.cli import main
from ecomap.model import EcoMap, Ego
from ecomap.store import AUDIT_ACTIONS, StaleMap, Store, StoreError

# A team of two coordinators and a lead in "North", a coordinator in "South", a trainer, an admin.
ANNE = Identity("anne@north.example", "coordinator", "North")
BEN = Identity("ben@north.example", "coordinator", "North")
LEAH = Identity("leah@north.example", "team_lead", "North")
SAM = Identity("sam@south.example", "coordinator", "South")
TOM = Identity("tom@example.org", "trainer")
ADA = Identity("ada@example.org", "admin")
EVERYONE = (ANNE, BEN, LEAH, SAM, TOM, ADA)


def person(person_id: str, name: str) -> EcoMap:
    return EcoMap(ego=Ego(id=person_id, name=name, map_date=date(2026, 3, 1)))


@pytest.fixture
def team(store: Store) -> dict[Identity, ScopedStore]:
    """Everyone's view of one store: Anne keeps Ivy, Ben keeps Joe, Sam (South) keeps Kay."""
    for user in EVERYONE:
        add_user(store, user.email, user.role, user.team)
    views = {user: ScopedStore(store, user) for user in EVERYONE}
    views[ANNE].save_snapshot(person("ivy", "Ivy Green"))
    views[BEN].autosave(person("joe", "Joe Brown"))
    views[SAM].save_snapshot(person("kay", "Kay Stone"))
    return views


def ids(view: ScopedStore) -> set[str]:
    return {p.person_id for p in view.people()}


def test_each_role_sees_exactly_its_people(team: dict[Identity, ScopedStore]) -> None:
    # Worked out by hand from the fixture: coordinators their own, the North lead North's two.
    assert ids(team[ANNE]) == {"ivy"}
    assert ids(team[BEN]) == {"joe"}
    assert ids(team[SAM]) == {"kay"}
    assert ids(team[LEAH]) == {"ivy", "joe"}
    assert ids(team[TOM]) == set()
    assert ids(team[ADA]) == set()
    assert ids(ScopedStore(team[ANNE].store, PERSONAL)) == {"ivy", "joe", "kay"}


def test_summaries_and_history_are_scoped_too(team: dict[Identity, ScopedStore]) -> None:
    assert set(team[LEAH].latest_summaries()["person_id"]) == {"ivy"}  # Joe has only a draft
    assert set(team[SAM].latest_summaries()["person_id"]) == {"kay"}
    assert team[TOM].latest_summaries().empty
    assert set(team[ANNE].summary_history(["band"])["person_id"]) == {"ivy"}
    assert team[ADA].summary_history(["band"]).empty


@pytest.mark.parametrize(
    ("who", "person_id"),
    [(BEN, "ivy"), (SAM, "ivy"), (ANNE, "kay"), (LEAH, "kay"), (TOM, "ivy"), (ADA, "ivy")],
)
def test_reading_someone_out_of_scope_is_refused_and_recorded(
    team: dict[Identity, ScopedStore], who: Identity, person_id: str
) -> None:
    view = team[who]
    for read in (view.latest_snapshot, view.snapshots, view.draft, view.version):
        with pytest.raises(Denied, match="ask your administrator"):
            read(person_id)
    snapshot_id = team[ANNE].store.snapshots(person_id)[0].id
    with pytest.raises(Denied):
        view.load_snapshot(snapshot_id)
    denied = [e for e in view.store.audit_trail(person_id=person_id) if e.action == "denied"]
    assert {e.who for e in denied} == {who.email}
    assert len(denied) == 5


@pytest.mark.parametrize("who", [BEN, SAM, TOM, ADA])
def test_changing_or_erasing_someone_out_of_scope_is_refused(
    team: dict[Identity, ScopedStore], who: Identity
) -> None:
    view = team[who]
    with pytest.raises(Denied):
        view.save_snapshot(person("ivy", "Ivy Renamed"))
    with pytest.raises(Denied):
        view.autosave(person("ivy", "Ivy Renamed"))
    with pytest.raises(Denied):
        view.erase_person("ivy")
    with pytest.raises(Denied):
        view.share("ivy", who.email)
    assert team[ANNE].latest("ivy").ego.name == "Ivy Green"


def test_a_team_lead_opens_and_saves_their_team_s_people(team: dict[Identity, ScopedStore]) -> None:
    lead = team[LEAH]
    assert lead.latest("ivy").ego.name == "Ivy Green"
    assert lead.draft("joe").map.ego.name == "Joe Brown"
    info = lead.save_snapshot(person("joe", "Joe Brown"), expected_version=0, saved_by="someone else")
    assert info.saved_by == LEAH.email  # always the signed-in user, whatever the caller says


def test_trainers_and_admins_keep_no_maps(team: dict[Identity, ScopedStore]) -> None:
    for who in (TOM, ADA):
        with pytest.raises(Denied):
            team[who].autosave(person(f"new-{who.role}", "Nobody Real"))
    assert ids(ScopedStore(team[ANNE].store, PERSONAL)) == {"ivy", "joe", "kay"}


def test_sharing_lets_one_more_user_in(team: dict[Identity, ScopedStore]) -> None:
    team[ANNE].share("ivy", SAM.email)
    assert ids(team[SAM]) == {"ivy", "kay"}
    assert team[SAM].latest("ivy").ego.name == "Ivy Green"
    with pytest.raises(StoreError, match="not a user"):
        team[ANNE].share("ivy", "stranger@example.org")


def test_a_new_person_whose_id_is_taken_gets_a_free_one(team: dict[Identity, ScopedStore]) -> None:
    assert team[SAM].free_person_id("ivy") == "ivy-2"
    assert team[SAM].free_person_id("zed") == "zed"


def test_racing_saves_through_two_views_refuse_the_second(team: dict[Identity, ScopedStore]) -> None:
    loaded = team[ANNE].version("ivy")
    team[LEAH].save_snapshot(person("ivy", "Ivy Green"), expected_version=loaded)
    with pytest.raises(StaleMap, match=f"saved by {LEAH.email}"):
        team[ANNE].save_snapshot(person("ivy", "Ivy Green"), expected_version=loaded)


def test_erasure_removes_access_and_is_recorded_by_id(team: dict[Identity, ScopedStore]) -> None:
    team[ANNE].erase_person("ivy")
    assert ids(team[LEAH]) == {"joe"}
    erased = [e for e in team[ANNE].store.audit_trail(person_id="ivy") if e.action == "erase"]
    assert [(e.who, e.person_id) for e in erased] == [(ANNE.email, "ivy")]
    assert all("Ivy" not in e.detail for e in team[ANNE].store.audit_trail())


def test_every_action_is_audited_with_who_and_the_person(team: dict[Identity, ScopedStore]) -> None:
    anne = team[ANNE]
    anne.record("sign_in")
    anne.latest_snapshot("ivy")
    anne.autosave(person("ivy", "Ivy Green"))
    anne.record("export", "ivy", "pdf")
    anne.record("import", "ivy", "json")
    anne.save_snapshot(person("lou", "Lou Fern"))
    anne.erase_person("lou")
    with pytest.raises(Denied):
        anne.latest("kay")
    mine = [(e.action, e.person_id) for e in anne.store.audit_trail() if e.who == ANNE.email]
    assert mine == [
        ("create", "ivy"),
        ("save", "ivy"),
        ("sign_in", ""),
        ("view", "ivy"),
        ("edit", "ivy"),
        ("export", "ivy"),
        ("import", "ivy"),
        ("create", "lou"),
        ("save", "lou"),
        ("erase", "lou"),
        ("denied", "kay"),
    ]


def test_views_and_edits_are_recorded_once_a_minute_not_on_every_keystroke(store: Store) -> None:
    add_user(store, ANNE.email, ANNE.role, ANNE.team)
    anne = ScopedStore(store, ANNE)  # the store's ticking clock moves one minute per reading
    anne.autosave(person("ivy", "Ivy Green"))
    anne._recent.clear()
    moment = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    store.clock = lambda: moment
    for _ in range(5):
        anne.autosave(person("ivy", "Ivy Green"))
        anne.latest_snapshot("ivy")
    actions = [e.action for e in store.audit_trail() if e.who == ANNE.email]
    assert actions == ["create", "edit", "view"]


def test_the_audit_trail_cannot_be_changed_or_deleted(team: dict[Identity, ScopedStore]) -> None:
    store = team[ANNE].store
    before = store.audit_trail()
    assert before
    for statement in ("UPDATE audit SET who = 'nobody'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert store.audit_trail() == before
    # and no method of the app's store touches it but to append
    writers = [name for name in dir(ScopedStore) if any(w in name for w in ("delete", "clear", "update"))]
    assert writers == []


def test_the_audit_trail_is_read_by_admins_only(team: dict[Identity, ScopedStore]) -> None:
    for who in (ANNE, LEAH, TOM):
        with pytest.raises(Denied):
            team[who].audit_trail()
        with pytest.raises(Denied):
            team[who].add_user("x@example.org", "admin")
    assert team[ADA].audit_trail(person_id="kay")[0].action == "create"
    team[ADA].add_user("new@example.org", "trainer")
    assert team[ADA].store.user("NEW@example.org").role == "trainer"


def test_audit_filters_by_person_and_date(team: dict[Identity, ScopedStore]) -> None:
    store = team[ANNE].store
    entries = store.audit_trail()
    middle = entries[len(entries) // 2]
    assert all(e.at >= middle.at for e in store.audit_trail(since=middle.at))
    assert len(store.audit_trail(since=middle.at)) == len(entries) - len(entries) // 2
    assert {e.person_id for e in store.audit_trail(person_id="kay")} == {"kay"}


def test_an_unknown_action_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="not an audit action"):
        store.record("me", "peek")
    assert "peek" not in AUDIT_ACTIONS


@pytest.mark.parametrize(
    ("email", "role", "team", "problem"),
    [
        ("anne@x.example", "boss", "", "not a role"),
        ("anne", "coordinator", "", "not an e-mail"),
        ("anne@x.example", "team_lead", " ", "team lead sees their team"),
    ],
)
def test_bad_users_are_refused(store: Store, email: str, role: str, team: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem):
        add_user(store, email, role, team)
    assert store.users() == []


def test_each_role_opens_its_pages() -> None:
    assert ROLE_PAGES["trainer"] == ("map", "directory", "learn", "about")
    assert "review" in ROLE_PAGES["team_lead"] and "review" not in ROLE_PAGES["coordinator"]
    assert ROLE_PAGES["admin"] == ("admin", "about")


# --- the command line ------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_users_and_audit_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    added = run(
        "users", "add", "Anne@North.example", "--role", "coordinator", "--team", "North", "--database", url
    )
    assert added.exit_code == 0, added.output
    assert run("users", "add", "leah@north.example", "--role", "team_lead", "--database", url).exit_code == 1
    assert run("users", "list", "--database", url).output == "anne@north.example\tcoordinator\tNorth\n"
    with Store(url) as store:
        ScopedStore(store, ANNE).save_snapshot(person("ivy", "Ivy Green"))
    assert run("users", "share", "anne@north.example", "--person", "nobody", "--database", url).exit_code == 1
    table = run("audit", "--database", url)
    assert table.exit_code == 0
    assert [line.split()[2:5] for line in table.output.splitlines() if " ivy " in line] == [
        ["anne@north.example", "create", "ivy"],
        ["anne@north.example", "save", "ivy"],
    ]
    csv = run("audit", "--format", "csv", "--person", "ivy", "--database", url).output.splitlines()
    assert csv[0] == "at,who,action,person_id,detail"
    assert [line.split(",")[1:4] for line in csv[1:]] == [
        ["anne@north.example", "create", "ivy"],
        ["anne@north.example", "save", "ivy"],
    ]
    assert "no entries matching" in run("audit", "--since", "2999-01-01", "--database", url).output
    assert run("users", "remove", "anne@north.example", "--database", url).exit_code == 0
    assert run("users", "remove", "anne@north.example", "--database", url).exit_code == 1
    assert "users" in run("audit", "--format", "csv", "--database", url).output


# --- encryption at rest ----------------------------------------------------------------------


def test_with_a_key_the_sqlite_file_holds_no_plaintext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'secret.sqlite3'}"
    monkeypatch.setenv("ECOMAP_DATABASE_KEY", "correct horse battery staple")
    with Store(url) as store:
        store.save_snapshot(person("ivy", "Ivy Greenwood-Plaintext"))
        store.autosave(person("ivy", "Ivy Greenwood-Plaintext"))
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Greenwood" not in on_disk and b"SQLite format 3" not in on_disk
    with Store(url) as store:
        assert store.latest("ivy").ego.name == "Ivy Greenwood-Plaintext"
    monkeypatch.setenv("ECOMAP_DATABASE_KEY", "wrong key")
    with pytest.raises(StoreError, match="ECOMAP_DATABASE_KEY"):
        Store(url)
    monkeypatch.delenv("ECOMAP_DATABASE_KEY")
    with pytest.raises(StoreError, match="If it is encrypted"):
        Store(url)


def test_without_a_key_the_file_is_plain_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ECOMAP_DATABASE_KEY", raising=False)
    with Store(f"sqlite:///{tmp_path / 'plain.sqlite3'}") as store:
        store.save_snapshot(person("ivy", "Ivy Green"))
    assert (tmp_path / "plain.sqlite3").read_bytes().startswith(b"SQLite format 3")


# --- retention -------------------------------------------------------------------------------


def test_retention_lists_people_by_their_last_snapshot_and_admins_erase_them(store: Store) -> None:
    add_user(store, ADA.email, ADA.role)
    add_user(store, ANNE.email, ANNE.role, ANNE.team)
    anne = ScopedStore(store, ANNE)
    store.clock = lambda: datetime(2018, 5, 1, 9, 0, tzinfo=UTC)
    anne.save_snapshot(person("old", "Olive Oldfield"))
    store.clock = lambda: datetime(2019, 6, 1, 9, 0, tzinfo=UTC)
    anne.save_snapshot(person("mid", "Mo Middle"))
    anne.autosave(person("draft-only", "Dee Draft"))  # nothing kept: never listed
    store.clock = lambda: datetime(2026, 5, 2, 9, 0, tzinfo=UTC)
    anne.save_snapshot(person("new", "Nia New"))
    # seven years before 2 May 2026 is 2 May 2019: Olive (2018) is due, Mo (June 2019) is not
    assert [p.person_id for p in retention_due(store, 7)] == ["old"]
    assert [p.person_id for p in retention_due(store, 6)] == ["old", "mid"]
    with pytest.raises(Denied):
        anne.retention_due(7)
    admin = ScopedStore(store, ADA)
    assert admin.erase_for_retention("old") == 2  # her one snapshot and her person row
    assert "old" not in store.person_ids()
    assert ids(anne) == {"mid", "draft-only", "new"}
    assert [(e.who, e.action, e.person_id) for e in store.audit_trail() if e.action == "erase"] == [
        (ADA.email, "erase", "old")
    ]
    with pytest.raises(StoreError, match="at least 1"):
        retention_due(store, 0)


def test_retention_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'keep.sqlite3'}"
    with Store(url, clock=lambda: datetime(2015, 1, 10, tzinfo=UTC)) as store:
        store.save_snapshot(person("old", "Olive Oldfield"))
    listed = run("retention", "--years", "7", "--database", url)
    assert listed.output.splitlines() == [
        "old\tlast saved 2015-01-10",
        "Due for erasure: 1 people with no snapshot in the last 7 years.",
    ]
    assert run("retention", "--years", "7", "--erase", "--database", url).exit_code == 0
    with Store(url) as store:
        assert store.person_ids() == set()
        assert [(e.who, e.action) for e in store.audit_trail()] == [("command line", "erase")]
