"""The person's own copy and the Easy Read copy: what goes in, what never does, and the PDFs as a
reader's software extracts them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from ecomap.cli import main
from ecomap.directory import load_directory
from ecomap.export import export
from ecomap.formats import load_map
from ecomap.person_copy import easy_read_lines, person_copy, plan_steps, unfit_words
from ecomap.plan import ConnectionPlan
from ecomap.risk import assess
from ecomap.samples import SAMPLES_DIR, plan_data

RAY_BEFORE = SAMPLES_DIR / "ray-pollard-2025-03.json"
DIRECTORY = SAMPLES_DIR / "directory"
#: No score, band, flag code or risk word, however it is spelt.
NOT_FOR_THE_PERSON = re.compile(r"score|band|risk|isolat|lsns|ucla|estimat|cut-off|\bflag", re.IGNORECASE)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_sizes(data: bytes, page: int) -> dict[str, float]:
    """Each piece of text on a page with the size it is drawn at, in points."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found[text.strip()] = size * abs(tm[3]) * abs(cm[3])

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def ray():
    return load_map(RAY_BEFORE), ConnectionPlan.from_json(plan_data(RAY_BEFORE)), load_directory(DIRECTORY)


def test_the_plan_written_out_has_what_who_when_and_how_to_get_in_touch(ray) -> None:
    m, plan, directory = ray
    steps = plan_steps(m, plan, directory)
    # Agreed only: the Men's Shed (declined) and telephone befriending (only suggested) stay out.
    assert [s.what for s in steps] == ["Walking Football", "Brackford Community Transport"]
    football = steps[0]
    assert football.status == "You agreed to try this."
    assert football.who_helps == "Gareth Lloyd"
    assert football.when.startswith("Wednesdays") and "11:00" in football.when
    assert football.contact.startswith("01632 960759")  # the directory's phone for Walking Football
    assert [label for label, _ in football.details] == ["Who helps", "When", "Where", "Contact"]


def test_without_a_directory_the_plan_still_says_what_and_who(ray) -> None:
    m, plan, _ = ray
    steps = plan_steps(m, plan)
    assert [(s.what, s.contact) for s in steps] == [
        ("Walking Football", ""),
        ("Brackford Community Transport", ""),
    ]


def test_no_sentence_with_a_score_band_or_risk_word_reaches_the_copy(ray) -> None:
    m, plan, directory = ray
    copy = person_copy(
        m, ["You know your neighbours: Dot.", "Your network score is 6: a risk."], plan, directory
    )
    assert copy.working == ("You know your neighbours: Dot.",)
    assert unfit_words("Your network score is 6: a risk of isolation") == ["score", "risk", "isolation"]


def test_the_person_pdf_leads_with_what_is_working_has_the_plan_and_no_score(tmp_path: Path) -> None:
    out = tmp_path / "ray.pdf"
    args = ["render", str(RAY_BEFORE), "--out", str(out), "--copy", "person", "--directory", str(DIRECTORY)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    pages = pdf_text(out.read_bytes())
    everything = "\n".join(pages)
    assert not NOT_FOR_THE_PERSON.findall(everything)
    codes = {
        code for path in SAMPLES_DIR.glob("*-20??-??.json") for code in assess(load_map(path)).flag_codes
    }
    assert len(codes) >= 5 and not [code for code in codes if code in everything]
    first = pages[0]
    assert first.index("What is working") < first.index("What matters to you")
    assert "Darts at the Legion on a Thursday" in first  # their own words, verbatim
    plan = pages[-1]
    assert "Your connection plan" in plan
    assert "Walking Football" in plan and "Who helps: Gareth Lloyd" in plan and "01632 960759" in plan
    assert "Men's Shed" not in everything  # declined: not written out as a plan
    sizes = text_sizes(out.read_bytes(), 0)
    body = [size for text, size in sizes.items() if text.startswith("•")]
    assert body and min(body) >= 14


def test_the_team_copy_keeps_the_fuller_summary() -> None:
    m = load_map(RAY_BEFORE)
    text = "\n".join(pdf_text(export(m, "pdf").data))
    assert "What the map shows" in text and "LSNS-6" in text and "risk of isolation" in text


def test_easy_read_is_one_short_sentence_a_line_with_a_larger_map(ray) -> None:
    m, plan, directory = ray
    copy = person_copy(m, [s.sentence for s in assess(m).strengths], plan, directory)
    lines = easy_read_lines(m, copy)
    assert lines[:2] == [
        ("This is your map", "This is your map."),
        ("This is your map", "We made it on 11 March 2025."),
    ]
    assert ("Your plan: Walking Football", "Gareth Lloyd will help.") in lines
    for heading, line in lines:
        if heading in ("What matters to you", "A good day for you"):
            continue  # their own words are theirs, kept as they said them
        assert len(line.split()) <= 16, line
        assert line.count(". ") == 0, line  # one sentence to a line
    data = export(m, "pdf", plan=plan, copy="easy-read", directory=directory).data
    assert not NOT_FOR_THE_PERSON.findall("\n".join(pdf_text(data)))
    sizes = text_sizes(data, 0)
    assert sizes["This is your map."] >= 18
    assert export(m, "pdf", copy="easy-read").file_name.endswith("-easy-read.pdf")


def test_a_copy_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["render", str(RAY_BEFORE), "--out", str(tmp_path / "x.png"), "--copy", "person"]
    )
    assert result.exit_code == 1 and "is a PDF" in result.output
    with pytest.raises(ValueError, match="unknown copy"):
        export(load_map(RAY_BEFORE), "pdf", copy="friends")
