"""The person's own words: kept verbatim through every format, quoted when read back to them, and
never retold in the third person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ecomap.describe import describe, own_words_lines, quoted, third_person_words
from ecomap.formats import load_map, save_map
from ecomap.formats.json_map import dumps
from ecomap.model import EcoMap, Ego
from ecomap.risk import assess
from ecomap.samples import SAMPLES_DIR

GOOD_LIFE = '"A good day is when I get out, see someone I know, and have a laugh; that\'s all."'


def person(**ego) -> EcoMap:
    return EcoMap(ego=Ego(id="p-maud", name="Maud Okafor", map_date=date(2026, 3, 1), **ego))


def conversation_map() -> EcoMap:
    return person(
        what_matters=["keeping my flat", 'my garden, "the allotment" & <the bees>'],
        good_life=GOOD_LIFE,
        stage="crisis",
        present=["Maud", "Ruth (daughter)", "Helen Ashworth, coordinator"],
        sharing="partners",
        sharing_partners=["GP practice", "Age UK"],
    )


def test_own_words_and_stage_survive_json_csv_graphml_json_byte_identically(tmp_path: Path) -> None:
    m = conversation_map()
    first = tmp_path / "maud.json"
    save_map(m, first)
    save_map(load_map(first), tmp_path / "maud.zip")
    save_map(load_map(tmp_path / "maud.zip"), tmp_path / "maud.graphml")
    save_map(load_map(tmp_path / "maud.graphml"), tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == first.read_bytes()
    back = load_map(tmp_path / "again.json").ego
    assert back.good_life == GOOD_LIFE  # the quote marks are kept
    assert (back.stage, back.sharing, back.present[2]) == (
        "crisis",
        "partners",
        "Helen Ashworth, coordinator",
    )


@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*-20??-??.json")), ids=lambda p: p.stem)
def test_every_sample_person_survives_the_same_chain(tmp_path: Path, path: Path) -> None:
    m = load_map(path)
    save_map(m, tmp_path / "m.zip")
    save_map(load_map(tmp_path / "m.zip"), tmp_path / "m.graphml")
    assert dumps(load_map(tmp_path / "m.graphml")) == path.read_text(encoding="utf-8")


def test_words_are_quoted_as_typed_and_quote_marks_are_never_doubled() -> None:
    assert quoted("keeping my flat") == "\u201ckeeping my flat\u201d"
    assert quoted(GOOD_LIFE) == GOOD_LIFE
    assert quoted("\u201cmy garden\u201d") == "\u201cmy garden\u201d"


def test_third_person_words_are_found_once_each_in_order() -> None:
    assert third_person_words("keeping his flat; seeing His mates and HIS dog") == ["his"]
    assert third_person_words("she wants her own home") == ["she", "her"]
    assert third_person_words("keeping my flat; the chess club; Sheila") == []  # "Sheila" is not "she"


def test_read_aloud_text_uses_the_person_own_words_addressed_to_them() -> None:
    m = conversation_map()
    assert own_words_lines(m) == [
        "What matters to you, in your words: \u201ckeeping my flat\u201d; "
        '\u201cmy garden, "the allotment" & <the bees>\u201d.',
        f"A good day or a good life, in your words: {GOOD_LIFE}",
    ]
    text = describe(m)
    assert text.splitlines()[1:3] == own_words_lines(m)
    sentence = next(s.sentence for s in assess(m).strengths if s.code == "what_matters")
    assert sentence == (
        "You told us what matters to you: \u201ckeeping my flat\u201d and "
        '\u201cmy garden, "the allotment" & <the bees>\u201d.'
    )


def test_nothing_is_said_of_words_not_recorded() -> None:
    assert own_words_lines(person()) == []


def test_no_sample_person_is_read_their_own_words_in_the_third_person() -> None:
    for path in sorted(SAMPLES_DIR.glob("*-20??-??.json")):
        e = load_map(path).ego
        assert e.what_matters and e.good_life, path.name
        assert third_person_words(" ".join([*e.what_matters, e.good_life])) == [], path.name
        assert e.stage and e.present and e.sharing, path.name
