"""The static picture (PNG, SVG), the one-page PDF summary and the map in words."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from matplotlib.image import imread
from pypdf import PdfReader

from ecomap.describe import describe, describe_alter, describe_lines
from ecomap.figure import PICTURE_DPI, PICTURE_SIZE_IN, figure_png, figure_svg, summary_pdf
from ecomap.model import CIRCLES, Alter, EcoMap, Ego


def pixels(png: bytes):
    return imread(io.BytesIO(png), format="png")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# --- the picture --------------------------------------------------------------------------------


def test_png_has_the_promised_size_and_is_drawn(everyday_map):
    image = pixels(figure_png(everyday_map))
    height, width = image.shape[:2]
    assert (width, height) == (
        round(PICTURE_SIZE_IN[0] * PICTURE_DPI),
        round(PICTURE_SIZE_IN[1] * PICTURE_DPI),
    )
    grey = image[..., :3].mean(axis=2)
    assert grey.var() > 0.005  # not a blank page
    assert (grey < 0.3).mean() > 0.002  # dark ink: lines, text, the person's circle


def test_png_is_the_same_every_time(everyday_map):
    assert figure_png(everyday_map, dpi=60) == figure_png(everyday_map, dpi=60)


def test_png_of_a_planned_tie_differs(everyday_map):
    assert figure_png(everyday_map, dpi=60) != figure_png(everyday_map, planned={"knit"}, dpi=60)


def test_svg_is_xml_and_deterministic(everyday_map):
    svg = figure_svg(everyday_map)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg == figure_svg(everyday_map)
    assert b"<dc:date>" not in svg


def test_hostile_names_in_svg_are_drawn_not_embedded(hostile_map):
    svg = figure_svg(hostile_map)
    ET.fromstring(svg)  # still well-formed
    assert b"<img" not in svg and b"<script" not in svg


# --- the summary -----------------------------------------------------------------------------------


def test_summary_is_one_deterministic_pdf_page(everyday_map):
    pdf = summary_pdf(
        everyday_map,
        strengths=["Ruth visits every week."],
        findings=["Alan's care is stressful."],
        estimate_note="LSNS-6 here is an estimate from the map, not Maud's answers.",
    )
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1
    assert b"CreationDate" not in pdf
    assert pdf == summary_pdf(
        everyday_map,
        strengths=["Ruth visits every week."],
        findings=["Alan's care is stressful."],
        estimate_note="LSNS-6 here is an estimate from the map, not Maud's answers.",
    )


def test_summary_stays_on_one_page_however_long_the_lists(everyday_map):
    long = [f"Finding number {i}: " + "a sentence that goes on for a while " * 4 for i in range(40)]
    pdf = summary_pdf(everyday_map, strengths=long, findings=long, estimate_note="note " * 80)
    assert pdf_pages(pdf) == 1
    asks = [f"Question {i}: is it recorded?" for i in range(40)]
    asked = summary_pdf(everyday_map, long, long, "note " * 80, band="Not enough recorded", questions=asks)
    assert pdf_pages(asked) == 1
    # Every section keeps room for its first lines, the questions too.
    text = PdfReader(io.BytesIO(asked)).pages[0].extract_text()
    assert text.index("What is working") < text.index("What the map shows") < text.index("Worth asking")
    assert "Question 0: is it recorded?" in text and "Question 1: is it recorded?" in text


# --- tiny maps ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1])
def test_tiny_maps_draw_in_every_format(count, everyday_map):
    m = everyday_map.model_copy(update={"alters": everyday_map.alters[:count], "ties": []})
    assert pixels(figure_png(m, dpi=40)).shape[2] in (3, 4)
    ET.fromstring(figure_svg(m))
    assert pdf_pages(summary_pdf(m)) == 1


# --- the map in words ------------------------------------------------------------------------------------


def test_describe_names_every_alter_and_every_circle(everyday_map):
    text = describe(everyday_map)
    for a in everyday_map.alters:
        assert a.name in text
    for number, name in CIRCLES.items():
        assert f"Circle {number}, {name}" in text
    assert text.startswith("Ecomap of Maud Hargreaves, 12 March 2026")
    assert "Ruth Evans and Tom Evans know each other." in text
    assert "Ruth Evans and Alan Hargreaves know each other, with some stress." in text


def test_describe_says_empty_circles_and_planned_ties():
    m = EcoMap(
        ego=Ego(id="p", name="Tyler", map_date=date(2025, 7, 1)),
        alters=[Alter(id="pa", name="Dee", kind="service", sector="social_care", is_paid=True)],
    )
    lines = describe_lines(m, planned={"pa"})
    assert "Circle 1, intimacy: nobody." in lines
    assert lines[-1] == "Planned ties, not yet real: Dee."
    assert "No ties between the others in the map are recorded." in lines


def test_one_tie_in_words():
    ruth = Alter(
        id="ruth",
        name="Ruth",
        sector="family",
        role="daughter",
        circle=1,
        strength="strong",
        stress="some",
        contact="weekly",
        support=["emotional", "practical"],
        gives=["company"],
    )
    assert describe_alter(ruth, date(2026, 3, 12)) == (
        "Ruth (daughter, family) - circle 1, intimacy: strong tie, some stress; weekly contact; "
        "gives you emotional support and practical help; you give them company."
    )


def test_a_dormant_paid_tie_in_words():
    gp = Alter(
        id="gp",
        name="Dr Shah",
        kind="service",
        sector="health",
        is_paid=True,
        strength="tenuous",
        contact="monthly",
        last_contact=date(2025, 1, 20),
        support=["information"],
    )
    assert describe_alter(gp, date(2026, 3, 12)) == (
        "Dr Shah (service, health) - circle 4, exchange: tenuous tie; monthly contact (last contact "
        "20 January 2025); dormant; gives you information; paid support."
    )


def test_the_words_say_who_the_person_could_confide_in_or_call_on():
    son = Alter(id="son", name="Imran", sector="household", is_kin=True, circle=1, contact="daily",
                support=["none"], confide=False, call_on=True)
    said = describe_alter(son, date(2025, 7, 1))
    assert said == (
        "Imran (household) - circle 1, intimacy: moderate tie; daily contact; "
        "not someone to confide in; you could call on them for help."
    )
    # Not asked: nothing is said either way.
    assert "confide" not in describe_alter(son.model_copy(update={"confide": None}), date(2025, 7, 1))
