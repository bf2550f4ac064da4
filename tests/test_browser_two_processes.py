"""Two app processes on one PostgreSQL database, as behind a reverse proxy (docs/deploy.md): what is
saved through one is seen through the other, and racing saves through both are refused with a clear
message and kept, never lost."""

from __future__ import annotations

from datetime import date

import pytest

from ecomap.model import EcoMap, Ego
from ecomap.store import Store
from tests.serve import running_app
from tests.test_browser_signin import saved_people, settle

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def open_saved(tab, base: str) -> None:
    tab.goto(base)
    tab.locator('[data-testid="stBaseButton-secondary"]').filter(has_text="Open").first.click()
    tab.get_by_text("Ivy Green's ecomap").wait_for()
    settle(tab)


def save(tab) -> None:
    tab.get_by_role("button", name="Save snapshot").first.click()
    settle(tab)


def test_two_processes_share_one_database_and_refuse_racing_saves(browser, postgres_url) -> None:
    with Store(postgres_url) as store:
        store.save_snapshot(EcoMap(ego=Ego(id="ivy", name="Ivy Green", map_date=date(2026, 3, 1))))
    env = {"ECOMAP_DATABASE_URL": postgres_url}
    with running_app(env) as first, running_app(env) as second:
        one, other = browser.new_context(), browser.new_context()
        tab_a, tab_b = one.new_page(), other.new_page()
        open_saved(tab_a, first)
        open_saved(tab_b, second)  # both edit from version 1

        save(tab_a)
        save(tab_b)
        tab_b.get_by_text("This map was saved by").wait_for()
        assert "your copy is version 1" in tab_b.locator("body").inner_text()
        tab_b.get_by_role("button", name="Keep my changes as a new snapshot").click()
        settle(tab_b)

        # a new person saved through the first process is listed by the second
        tab_a.get_by_test_id("stMainBlockContainer").get_by_role("button", name="Close").click()
        settle(tab_a)
        tab_a.get_by_label("Name or pseudonym").fill("Lou Fern")
        tab_a.get_by_role("button", name="Start the map").click()
        tab_a.get_by_text("Lou Fern's ecomap").wait_for()
        save(tab_a)
        tab_c = other.new_page()
        tab_c.goto(second)
        tab_c.get_by_text("Open a map").wait_for()
        settle(tab_c)
        assert [p.split(" (")[0] for p in saved_people(tab_c)] == ["Ivy Green", "Lou Fern"]
        one.close()
        other.close()
    with Store(postgres_url) as store:
        assert store.version("ivy") == 3  # the first save, the refused one kept on top: nothing lost
        notes = [s.note for s in store.snapshots("ivy")]
        assert notes[0] == "kept from an edit made while someone else saved"
        assert store.version("p-lou-fern") == 1
