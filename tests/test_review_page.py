"""The Review page, driven through Streamlit's AppTest against a temporary store: the table, its
filters, team meeting mode (no name anywhere on the page), opening a map and the demo team."""

from __future__ import annotations

import io

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ecomap.store import Store
from tests.apptest import start_app, texts
from tests.test_caseload import NAMES, code, fill, hand_made_maps

PSEUDONYMS = [f"B.K. {code('bob-k')}", f"M.O. {code('margaret-o')}", f"C.D. {code('cara-d')}"]


@pytest.fixture
def downloads(monkeypatch) -> list[bytes]:
    """What the page offers for download (AppTest keeps the file out of reach)."""
    offered: list[bytes] = []
    original = st.download_button

    def recording(label, data, *args, **kwargs):
        offered.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    return offered


def rendered(at: AppTest) -> bytes:
    """Every element and block of the page as sent to the browser, table data included."""
    found: list[bytes] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return b"\n".join(found)


def table(at: AppTest) -> pd.DataFrame:
    return at.dataframe(key="review.table").value


def test_team_meeting_mode_is_on_at_first_and_shows_no_name_anywhere(
    app_store: Store, downloads: list[bytes]
) -> None:
    fill(app_store)
    at = start_app("review")
    assert not at.exception, at.exception
    assert at.toggle(key="review.meeting").value is True
    assert table(at)["person"].tolist() == PSEUDONYMS
    assert table(at)["band"].tolist() == [["High"], ["Moderate"], ["Low"]]  # words, not codes
    flags = [name for cell in table(at)["flags"] for name in cell]
    assert "LSNS-6 score below the cut-off" in flags and not any("_" in name for name in flags)
    page = rendered(at)
    for name in NAMES:
        assert name.encode() not in page
    exported = pd.read_csv(io.BytesIO(downloads[-1]))
    assert exported["person"].tolist() == PSEUDONYMS
    assert not any(name in downloads[-1].decode() for name in NAMES)
    # Maps show every name, so none can be opened, even with a row selected.
    at.session_state["review.table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert at.button(key="review.open").disabled
    assert "Opening a map is off in team meeting mode" in texts(at)


def test_names_show_when_meeting_mode_is_off(app_store: Store, downloads: list[bytes]) -> None:
    fill(app_store)
    at = start_app("review")
    at.toggle(key="review.meeting").set_value(False).run()
    assert table(at)["person"].tolist() == ["Bob Kettering", "Margaret Oyelaran", "Cara Dunmore"]
    assert b"Oyelaran" in rendered(at)  # the search above would find a name that is shown
    assert "Margaret Oyelaran" in downloads[-1].decode()
    at.toggle(key="review.meeting").set_value(True).run()
    assert b"Oyelaran" not in rendered(at)


def test_filters_narrow_the_table_and_the_headline(app_store: Store) -> None:
    fill(app_store)
    at = start_app("review")
    assert [m.value for m in at.metric][:2] == ["3", "1"]  # people, high band
    at.multiselect(key="review.team").set_value(["North"]).run()
    assert table(at)["person"].tolist() == PSEUDONYMS[1:]
    at.multiselect(key="review.band").set_value(["low"]).run()
    assert table(at)["person"].tolist() == PSEUDONYMS[2:]
    at.multiselect(key="review.band").set_value([]).run()
    at.multiselect(key="review.team").set_value([]).run()
    at.multiselect(key="review.flag").set_value(["no_community"]).run()
    assert table(at)["person"].tolist() == PSEUDONYMS[:2]
    at.multiselect(key="review.flag").set_value([]).run()
    at.selectbox(key="review.reviews").set_value("up_to_date").run()
    at.number_input(key="review.every").set_value(100_000).run()  # no map is that old
    assert table(at)["person"].tolist() == PSEUDONYMS
    at.multiselect(key="review.coordinator").set_value(["Jo Marsh"]).run()
    at.multiselect(key="review.band").set_value(["moderate"]).run()
    assert "No one matches these filters." in texts(at)
    assert not at.exception, at.exception


def test_a_selected_person_opens_on_the_map_page(app_store: Store) -> None:
    fill(app_store)
    at = start_app("review")
    at.toggle(key="review.meeting").set_value(False).run()
    assert at.button(key="review.open").disabled  # nothing selected yet
    at.session_state["review.table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    at.button(key="review.open").click().run()
    assert not at.exception, at.exception
    workspace = at.session_state["ecomap.workspace"]
    assert workspace.map.ego.id == "margaret-o" and workspace.version == 2
    assert [a.id for a in workspace.map.alters] == ["ruth", "bisi", "pat"]
    assert "Margaret Oyelaran's ecomap" in texts(at)


def test_an_empty_store_offers_a_fictional_team(app_store: Store) -> None:
    at = start_app("review")
    assert "No one is saved in this database yet." in texts(at)
    at.button(key="review.demo").click().run()
    assert not at.exception, at.exception
    assert len(app_store.people()) == 120
    assert len(table(at)) == 120
    assert "review.demo" not in [b.key for b in at.button]


def test_working_copies_alone_are_not_reviewed_and_no_demo_is_offered(app_store: Store) -> None:
    app_store.autosave(hand_made_maps()[0])
    at = start_app("review")
    assert "Only working copies so far." in texts(at)
    assert "review.demo" not in [b.key for b in at.button]


def test_filter_chips_have_room_for_their_words(app_store: Store, monkeypatch) -> None:
    """A chosen chip in a narrow filter box shrinks to an empty pill: every filter is wide enough
    for its two longest chips (about 8 px a character plus the chip's cross, at most 440 px) and
    sits in a row that wraps onto more rows on a narrow screen, not in a squeezed column."""
    from streamlit.delta_generator import DeltaGenerator

    widths: dict[str, int] = {}
    original = DeltaGenerator.multiselect

    def recording(self, label, options, *args, **kwargs):
        widths[kwargs["key"]] = kwargs.get("width", "stretch")
        return original(self, label, options, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "multiselect", recording)
    fill(app_store)
    at = start_app("review")
    at.multiselect(key="review.band").set_value(["unknown", "moderate"]).run()
    assert not at.exception, at.exception
    for key in ("review.team", "review.coordinator", "review.band", "review.flag"):
        box = at.multiselect(key=key)
        chips = sorted((len(words) * 8 + 40 for words in box.options), reverse=True)  # options in words
        assert isinstance(widths[key], int) and widths[key] >= min(sum(chips[:2]), 440), key
    assert at.multiselect(key="review.band").options == ["High", "Moderate", "Low", "Not enough recorded yet"]
    row = next(b for b in at.main.container if b.multiselect and b.multiselect[0].key == "review.team")
    filters = ["review.team", "review.coordinator", "review.band", "review.flag"]
    assert [m.key for m in row.multiselect] == filters
    assert row.proto.flex_container.direction == 2 and row.proto.flex_container.wrap  # horizontal, wraps
