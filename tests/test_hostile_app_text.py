"""Markdown payloads in names show as text in what the app writes around them: the toast after
adding an idea to the plan, and the Review page's team names (AppTest; the browser test in
``test_hostile_network.py`` checks what is drawn)."""

from __future__ import annotations

from datetime import date

from ecomap.model import EcoMap, Ego
from ecomap.samples import SAMPLES_DIR
from ecomap.ui.escape import md_text
from tests.apptest import open_tab, start_app
from tests.test_app_suggestions import click, workspace

TEAM = "![t](http://example.invalid/team.png) :red[North]"


def test_the_plan_toast_shows_a_hostile_name_as_text(app_store):
    at = start_app()
    hostile = (SAMPLES_DIR / "testing" / "hostile-names.json").read_bytes()
    at.sidebar.file_uploader[0].set_value(("hostile.json", hostile, "application/json")).run()
    click(at, "import-button")
    open_tab(at, "Ideas and plan")
    key = next(b.key for b in at.button if b.key and b.key.startswith("idea-accept-"))
    click(at, key)
    (item,) = workspace(at).plan.items
    assert [t.value for t in at.toast] == [md_text(f"Added {item.target.name} to the plan.")]


def test_team_names_on_the_review_page_are_text(app_store):
    for n, team in enumerate([TEAM, "South"]):
        ego = Ego(id=f"p-{n:08x}", name=f"Person {n}", map_date=date(2026, 3, 1), team=team)
        app_store.save_snapshot(EcoMap(ego=ego))
    at = start_app("review")
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert md_text(TEAM) in labels
    assert TEAM not in labels
