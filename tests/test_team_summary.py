"""The team's one-page PDF summary says what the assessment says: the band in words, the
questions worth asking, and the LSNS-6 figure labelled as the map's estimate."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from ecomap.export import export
from ecomap.formats.json_map import read_json
from tests.test_risk import imported_map

SAMPLES = Path(__file__).parent.parent / "sample_networks"


def summary_text(m) -> str:
    reader = PdfReader(io.BytesIO(export(m, "pdf").data))
    assert len(reader.pages) == 1
    # Lines wrap at spaces: joining the words back gives the sentences as written.
    return " ".join(reader.pages[0].extract_text().replace("•", " ").split())


def test_a_map_with_nothing_recorded_asks_and_claims_no_absence():
    text = summary_text(imported_map())
    assert "Overall: Not enough recorded yet" in text
    assert "unknown" not in text and "Low risk" not in text
    assert "Worth asking" in text.split("What the map shows")[1]  # after the findings
    assert (
        "Support is not recorded for 6 people (Sara Ahmed, Omar Ahmed, Lee Chan and 3 others): who could Mo "
        "talk to about how they feel; who could Mo call on in an emergency?" in text
    )
    assert "Who knows whom is not recorded: do any of" in text
    assert "LSNS-6 estimated from the map: 0 of 30, counting only what is recorded so far" in text
    for absence in ("no one", "No one", "none", "None", "No concerns", "not in touch"):
        assert absence not in text


def test_a_sample_with_a_known_band_shows_it_in_words_and_the_own_lsns6_beside_the_estimate():
    # Edith answered the six LSNS-6 questions: 1+1+1 family, 1+0+1 friends = 5.
    text = summary_text(read_json(SAMPLES / "edith-marsh-2025-03.json"))
    assert "Overall: Moderate risk of isolation" in text
    assert "Worth asking" not in text  # nothing is left to ask on her map
    assert "LSNS-6 from the person's own answers: 5 of 30" in text
    assert "LSNS-6 estimated from the map: 5 of 30" in text


def test_a_sample_without_own_answers_says_the_figure_is_the_maps():
    text = summary_text(read_json(SAMPLES / "bernie-walsh-2025-06.json"))
    assert "Overall: Low risk of isolation" in text
    assert "LSNS-6 estimated from the map: 25 of 30 (not the person's own answers" in text
    assert "own answers: " not in text
