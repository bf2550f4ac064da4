"""Uploads are read in worker processes: a file that takes too long or needs too much memory is
stopped and reported, and the server (this process) carries on."""

from __future__ import annotations

import time

import pytest

from ecomap.directory import DirectoryInvalid
from ecomap.formats import read_upload
from ecomap.formats.json_map import dumps
from ecomap.model import MapInvalid, Problem
from ecomap.ui.isolated import read_isolated
from tests import hostile_workers
from tests.hostile_files import a_map


def test_a_good_upload_is_read_in_a_worker():
    m = a_map()
    assert read_isolated(read_upload, "m.json", dumps(m).encode()) == m


def test_problems_come_back_whole():
    with pytest.raises(DirectoryInvalid) as raised:
        read_isolated(hostile_workers.refusing, "d.zip", b"")
    assert raised.value.problems == [Problem("d.zip", 2, "name", "x", "is wrong")]


def test_a_reader_that_takes_too_long_is_stopped():
    started = time.monotonic()
    with pytest.raises(DirectoryInvalid, match="took more than 2 seconds"):
        read_isolated(hostile_workers.slow, "slow.zip", b"", invalid=DirectoryInvalid, seconds=2)
    assert time.monotonic() - started < 20
    m = a_map()
    assert read_isolated(read_upload, "m.json", dumps(m).encode()) == m  # a fresh pool works


def test_a_reader_that_needs_too_much_memory_is_stopped():
    with pytest.raises(MapInvalid, match="needs more than 2,048 MiB"):
        read_isolated(hostile_workers.greedy, "big.json", b"")
    m = a_map()
    assert read_isolated(read_upload, "m.json", dumps(m).encode()) == m
