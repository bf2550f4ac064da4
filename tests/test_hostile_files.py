"""Every hostile file (see ``hostile_files.py``) through every reader a person can reach, under a
2 GiB memory cap and a time limit: each is accepted or refused with a message naming it; none
crashes, exhausts memory or hangs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_files import make_all

MEMORY_CAP = 2 * 1024**3
SECONDS_PER_RUN = 30
RUNNER = Path(__file__).with_name("hostile_runner.py")

#: Files holding hostile *text* in an otherwise good map or directory: accepted as data.
ACCEPTED_MAPS = {"map-payloads.json", "map-payloads.zip", "map-utf16.json", "map-long-note-exported.zip"}
ACCEPTED_DIRECTORIES = {"dir-unused-bomb.zip", "dir-payloads.zip", "dir-utf16.json"}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("hostile")
    make_all(folder)
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(folder), str(MEMORY_CAP), str(SECONDS_PER_RUN)],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_every_file_is_accepted_or_refused_with_a_message(outcomes):
    bad = {
        run: o for run, o in outcomes.items() if o["status"] not in ("accepted", "refused", "partly accepted")
    }
    assert not bad, json.dumps(bad, indent=1)
    for run, outcome in outcomes.items():
        name = run.split(" | ")[0]
        if outcome["status"] != "accepted":
            assert outcome["messages"], run
            assert all(name in m for m in outcome["messages"]), (run, outcome["messages"])
            assert not any("Traceback" in m for m in outcome["messages"]), run


def test_each_file_gets_the_verdict_it_deserves(outcomes):
    """Good files with hostile text are accepted whole; every other file is refused, or (a
    directory upload, read leniently) has the records with problems left out and told."""
    for run, outcome in outcomes.items():
        name, how = run.split(" | ")
        reads_maps = how in ("validate", "map upload")
        expected = name in (ACCEPTED_MAPS if reads_maps else ACCEPTED_DIRECTORIES)
        assert (outcome["status"] == "accepted") == expected, (run, outcome)
        if outcome["status"] == "partly accepted":
            assert how == "directory upload", (run, outcome)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("map-bomb-member.zip", "ECOMAP_LIMIT_MEMBER_BYTES"),
        ("map-ratio-bomb.zip", "ECOMAP_LIMIT_ZIP_RATIO"),
        ("map-lying-size.zip", "alters.csv"),
        ("map-many-members.zip", "ECOMAP_LIMIT_ZIP_MEMBERS"),
        ("map-huge.json", "ECOMAP_LIMIT_FILE_BYTES"),
        ("map-many-alters.json", "ECOMAP_LIMIT_ALTERS"),
        ("map-many-alters.zip", "ECOMAP_LIMIT_ALTERS"),
        ("map-many-ties.json", "ECOMAP_LIMIT_TIES"),
        ("map-deep.json", "ECOMAP_LIMIT_JSON_DEPTH"),
        ("map-deep-field.json", "ECOMAP_LIMIT_JSON_DEPTH"),
        ("map-long-int.json", "ECOMAP_LIMIT_NUMBER_DIGITS"),
        ("map-latin1.json", "is not UTF-8 text"),
        ("map-latin1.zip", "is not UTF-8 text"),
        ("map-nul.zip", "control character U+0000"),
        ("map-nul.json", "control character U+0000"),
        ("map-big-cell.zip", "ECOMAP_LIMIT_TEXT_CHARS"),
        ("map-long-note.json", "ECOMAP_LIMIT_TEXT_CHARS"),
        ("map-xxe.graphml", "entities"),
        ("map-billion-laughs.graphml", "entities"),
        ("map-many-nodes.graphml", "ECOMAP_LIMIT_ALTERS"),
        ("dir-bomb-service.zip", "ECOMAP_LIMIT_"),
        ("dir-deep.json", "ECOMAP_LIMIT_JSON_DEPTH"),
        ("dir-long-numbers.json", "must be between"),
        ("dir-long-numbers.zip", "must be between"),
        ("dir-latin1.json", "is not UTF-8 text"),
    ],
)
def test_refusals_name_the_limit_or_the_fault(outcomes, name, says):
    how = "directory validate" if name.startswith("dir-") else "validate"
    messages = outcomes[f"{name} | {how}"]["messages"]
    assert any(says in m for m in messages), messages


@pytest.mark.parametrize("name", ["map-bomb-networkcanvas.zip", "map-bomb-egor.zip"])
def test_files_of_other_tools_are_unpacked_within_the_limits_too(outcomes, name):
    """The Map page reads Network Canvas and egor zips with their importers: within the limits."""
    messages = outcomes[f"{name} | map upload"]["messages"]
    assert any("ECOMAP_LIMIT_MEMBER_BYTES" in m for m in messages), messages
