"""Files are written whole or not at all: the old file survives a failure half-way."""

from __future__ import annotations

import os

import pytest

from ecomap.formats.atomic import write_atomically


def test_a_write_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "maud.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["maud.json"]


def test_a_failure_half_way_leaves_the_old_file_and_no_litter(tmp_path, monkeypatch):
    target = tmp_path / "maud.json"
    target.write_text("old", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["maud.json"]


def test_a_new_file_and_its_folder_are_made(tmp_path):
    write_atomically(tmp_path / "a" / "b" / "map.json", b"{}")
    assert (tmp_path / "a" / "b" / "map.json").read_bytes() == b"{}"
