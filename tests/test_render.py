"""The interactive map's HTML: offline, safe with hostile names, deterministic, and carrying the
ecomap notation (planned ties dotted, tooltips plain text). Also ``ecomap render``."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.formats import save_map
from ecomap.model import SECTORS
from ecomap.notation import (
    DORMANT_OPACITY,
    LINE_KEY,
    PLANNED_COLOUR,
    PLANNED_DASHES,
    SECTOR_FILL,
    SECTOR_INK,
    SECTOR_NAMES,
    STRENGTH_LINES,
    alter_label,
)
from ecomap.render import plain_title, render_html, script_json
from tests.conftest import HOSTILE_NAMES


class _Page(HTMLParser):
    """Collects what a page would fetch: attributes, style text and where scripts start."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        self.text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def vis_data(page: str, name: str) -> list[dict]:
    """The JSON list pyvis wrote into ``new vis.DataSet(...)`` for ``nodes`` or ``edges``."""
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\n", page)
    assert match, f"no {name} data in the page"
    return json.loads(match[1])


# --- offline ------------------------------------------------------------------------------------


def test_nothing_is_fetched_from_anywhere(everyday_map):
    page = render_html(everyday_map)
    parsed = parse(page)
    for tag, name, value in parsed.attributes:
        assert name not in {"src", "href", "srcset", "action", "formaction", "poster", "data"}, (tag, name)
        assert not re.search(r"(?i)(https?:)?//|url\(|@import", value), (tag, name, value)
    for css in parsed.styles:
        assert "@import" not in css
        assert all(target.startswith("data:") for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css))
    assert "link" not in parsed.tags and "iframe" not in parsed.tags
    assert "cdn" not in page.lower() and "bootstrap" not in page.lower()


def test_vis_network_is_inlined_and_the_page_keeps_a_global_network(everyday_map):
    page = render_html(everyday_map)
    assert "vis.Network" in page and "var network;" in page
    assert len(page) > 400_000  # vis-network itself


def test_no_pyvis_heading_menus_or_empty_titles(everyday_map):
    page = render_html(everyday_map)
    assert "<h1></h1>" not in page and "<center>" not in page
    for menu in ("select-menu", "filter-menu", "TomSelect", "loadingBar"):
        assert menu not in page


# --- hostile names --------------------------------------------------------------------------------


def test_hostile_names_are_text_and_never_markup(hostile_map):
    page = render_html(hostile_map)
    parsed = parse(page)
    assert "<img" not in page and "<b " not in page and "<a " not in page
    assert "img" not in parsed.tags and "a" not in parsed.tags and "b" not in parsed.tags
    # Every script the page has is one the renderer wrote: none was opened by a name.
    assert page.count("</script>") == page.count("<script>") == len([t for t in parsed.tags if t == "script"])
    assert "<script>alert(2)" not in page
    text = "".join(parsed.text)
    for name in HOSTILE_NAMES:
        assert f"Ecomap of {HOSTILE_NAMES[0]}" in text
        assert name in text  # shown as the characters they are


def test_hostile_names_reach_vis_as_escaped_json_strings(hostile_map):
    page = render_html(hostile_map)
    nodes = {n["id"]: n for n in vis_data(page, "nodes")}
    assert nodes["a1"]["label"] == alter_label(hostile_map.alter("a1"))
    assert nodes["a1"]["title"].startswith(HOSTILE_NAMES[0])
    assert nodes["a2"]["title"].startswith(HOSTILE_NAMES[1])
    data = re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", page)[1]
    assert "<" not in data and ">" not in data


def test_tooltips_are_plain_text_with_href_broken(hostile_map):
    page = render_html(hostile_map)
    titles = [n["title"] for n in vis_data(page, "nodes")]
    assert not any(re.search("(?i)href", t) for t in titles)
    assert any("hre\u200bf" in t for t in titles) and any("HRE\u200bF" in t for t in titles)
    # pyvis's innerHTML popup is used only when a title holds "href".
    assert "popup.innerHTML" not in page


def test_plain_title_and_script_json():
    assert plain_title("see HREF and href") == "see HRE\u200bF and hre\u200bf"
    assert plain_title("Ruth\nweekly") == "Ruth\nweekly"
    text = script_json({"a": "</script><!--&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028"}


# --- deterministic ----------------------------------------------------------------------------------


def test_same_map_same_html(everyday_map):
    assert render_html(everyday_map) == render_html(everyday_map)
    assert render_html(everyday_map, planned={"knit"}) == render_html(everyday_map, planned={"knit"})


def test_height_sets_the_drawing_height(everyday_map):
    assert "height: 480px" in render_html(everyday_map, height_px=480)


# --- the notation in the page -----------------------------------------------------------------------


def test_every_alter_is_a_node_and_every_tie_an_edge(everyday_map):
    page = render_html(everyday_map)
    nodes = vis_data(page, "nodes")
    edges = vis_data(page, "edges")
    assert [n["id"] for n in nodes][0] == "ego"
    assert {n["id"] for n in nodes} == {"ego", *(a.id for a in everyday_map.alters)}
    assert len(edges) == len(everyday_map.alters) + len(everyday_map.ties)
    options = json.loads(re.search(r"var options = (\{.*?\});\n", page)[1])
    assert options["nodes"]["fixed"] is True and options["physics"]["enabled"] is False


def test_lines_carry_strength_flow_and_dormancy(everyday_map):
    edges = {(e["from"], e["to"]): e for e in vis_data(render_html(everyday_map), "edges")}
    ruth, joan, work = edges["ego", "ruth"], edges["ego", "joan"], edges["ego", "work"]
    assert ruth["width"] == STRENGTH_LINES["strong"].width and ruth["dashes"] is False
    assert ruth["arrows"]["to"]["enabled"] and ruth["arrows"]["from"]["enabled"]  # support both ways
    assert joan["dashes"] == list(STRENGTH_LINES["tenuous"].dashes)
    assert joan["color"]["opacity"] < 1  # dormant: last contact a year before the map
    assert work["arrows"]["to"]["enabled"] and not work["arrows"]["from"]["enabled"]  # the person gives
    between = edges["ruth", "tom"]
    assert between["width"] < ruth["width"] and not between["arrows"]["to"]["enabled"]


def test_paid_support_has_a_dashed_border_and_says_paid_under_the_name(everyday_map):
    nodes = {n["id"]: n for n in vis_data(render_html(everyday_map), "nodes")}
    assert nodes["gp"]["shapeProperties"]["borderDashes"]
    # A pound sign read as a charge to the person; the word says what it means.
    assert nodes["gp"]["label"] == "Dr Shah (GP)\npaid"
    assert "shapeProperties" not in nodes["ruth"] and "paid" not in nodes["ruth"]["label"]


def test_planned_tie_is_dotted_blue_and_labelled(everyday_map):
    page = render_html(everyday_map, planned={"knit"})
    edges = {(e["from"], e["to"]): e for e in vis_data(page, "edges")}
    planned = edges["ego", "knit"]
    assert planned["dashes"] == list(PLANNED_DASHES)
    assert planned["color"]["color"] == PLANNED_COLOUR
    assert edges["ego", "church"]["dashes"] != list(PLANNED_DASHES)
    assert '"plannedText":"planned"' in page and re.search(r'"planned":\[\{"x":', page)
    assert "planned ties (1), not yet real" in page


def test_stress_is_hatched_on_top_of_the_line(everyday_map):
    page = render_html(everyday_map)
    marks = json.loads(re.search(r'"marks":(\[.*?\]\]|\[\])', page)[1])
    # Ruth (some), Alan (high), the carer (some) and the Ruth-Alan tie (some): 3 + 6 + 3 + 3 marks.
    assert len(marks) == 15


def test_every_sector_has_a_colour_and_a_name():
    assert set(SECTOR_FILL) == set(SECTOR_INK) == set(SECTOR_NAMES) == set(SECTORS)
    assert len(set(SECTOR_FILL.values())) == len(SECTORS)


def test_title_block_key_and_words(everyday_map):
    page = render_html(everyday_map)
    text = " ".join(parse(page).text)
    assert "Ecomap of Maud Hargreaves" in text and "12 March 2026" in text
    for entry in LINE_KEY:
        assert entry.label in text
    for sector in SECTORS:
        assert SECTOR_NAMES[sector] in text.replace("&amp;", "&")
    assert "The map in words" in text and "Ruth Evans (daughter, family) - circle 1, intimacy" in text


@pytest.mark.parametrize("count", [0, 1])
def test_tiny_maps_render(count, everyday_map):
    m = everyday_map.model_copy(update={"alters": everyday_map.alters[:count], "ties": []})
    page = render_html(m)
    assert len(vis_data(page, "nodes")) == count + 1
    assert len(vis_data(page, "edges")) == count


# --- ecomap render --------------------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".html", b"<!DOCTYPE html>"), (".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")],
)
def test_render_writes_what_the_extension_says(tmp_path, everyday_map, suffix, start):
    save_map(everyday_map, tmp_path / "maud.json")
    result = run("render", tmp_path / "maud.json", "--out", tmp_path / f"maud{suffix}")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"maud{suffix}").read_bytes().startswith(start)


def test_render_lists_problems_and_exits_1(tmp_path):
    (tmp_path / "bad.json").write_text('{"schema": "ecomap/1", "ego": {"id": "x"}}', encoding="utf-8")
    result = run("render", tmp_path / "bad.json", "--out", tmp_path / "bad.html")
    assert result.exit_code == 1
    assert "field 'name'" in result.output and "field 'map_date'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "bad.html").exists()


def test_render_refuses_an_unknown_extension(tmp_path, everyday_map):
    save_map(everyday_map, tmp_path / "maud.json")
    result = run("render", tmp_path / "maud.json", "--out", tmp_path / "maud.gif")
    assert result.exit_code == 1 and ".html, .png, .svg, .pdf" in result.output


def test_a_name_cannot_pose_as_the_library(everyday_map):
    m = everyday_map.model_copy(
        update={"ego": everyday_map.ego.model_copy(update={"name": "<ecomap:vis-network/>"})}
    )
    page = render_html(m)
    assert page.count("vis.Network") == render_html(everyday_map).count("vis.Network")
    assert "&lt;ecomap:vis-network/&gt;" in page


def test_the_app_can_serve_the_library_once(everyday_map):
    from ecomap.render import LIBRARY_FILE, library_source

    served = render_html(everyday_map, library_url=f"/app/static/{LIBRARY_FILE}")
    inline = render_html(everyday_map)
    assert f'<script src="/app/static/{LIBRARY_FILE}"></script>' in served
    assert library_source() in inline and library_source() not in served
    assert len(inline) - len(served) == len(library_source()) + len("<script></script>") - len(
        f'<script src="/app/static/{LIBRARY_FILE}"></script>'
    )
    for elsewhere in ("https://cdn.example/vis.js", "//cdn.example/vis.js", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="path on this site"):
            render_html(everyday_map, library_url=elsewhere)


# --- dormancy as the assessment counts it -----------------------------------------------------------


def _seen_200_days_ago():
    from datetime import date, timedelta

    from ecomap.edit import add_alter, new_map, update_alter

    m = add_alter(new_map("Maud Okafor", date(2026, 3, 1)), "Ruth", "family", circle=1, contact="monthly")
    return update_alter(m, "ruth", last_contact=date(2026, 3, 1) - timedelta(days=200))


def test_the_drawing_fades_a_tie_by_the_dormancy_the_assessment_uses():
    """Last seen 200 days before the map: dormant by the default six months (183 days), not by a
    team's 365-day setting. The drawing, its words and the measures must say the same."""
    from ecomap.describe import describe_lines
    from ecomap.measures import measure_all
    from ecomap.render import interactive_data
    from ecomap.settings import Thresholds

    m, year = _seen_200_days_ago(), Thresholds(dormant_after_days=365)
    assert measure_all(m).dormant_ties == 1 and measure_all(m, year).dormant_ties == 0

    def ruth_line(data):
        return next(e for e in data["edges"] if e["to"] == "ruth")["color"]["opacity"]

    def ruth_node(data):
        return next(n for n in data["nodes"] if n["id"] == "ruth")["opacity"]

    assert ruth_line(interactive_data(m)) == DORMANT_OPACITY
    assert ruth_line(interactive_data(m, settings=year)) == 1.0
    assert ruth_node(interactive_data(m, settings=year)) == 1.0
    faded, kept = render_html(m), render_html(m, settings=year)
    assert vis_data(faded, "edges")[0]["color"]["opacity"] == DORMANT_OPACITY
    assert vis_data(kept, "edges")[0]["color"]["opacity"] == 1.0
    # The map in words under the drawing says the same.
    assert "dormant" in "".join(describe_lines(m)) and "dormant" not in "".join(describe_lines(m, (), 365))
    assert "2025); dormant." in faded and "2025)." in kept and "dormant." not in kept


def test_the_picture_fades_a_tie_by_the_same_setting():
    """The static picture draws with the same styles, given the same threshold."""
    from matplotlib.figure import Figure

    from ecomap.figure import draw_map
    from ecomap.layout import layout
    from ecomap.notation import alter_node_style, person_tie_style
    from ecomap.settings import Thresholds

    m = _seen_200_days_ago()
    alphas = []
    for settings in (None, Thresholds(dormant_after_days=365)):
        ax = Figure().add_axes((0, 0, 1, 1))
        draw_map(ax, m, layout(m), settings=settings)
        drawn = [*ax.lines, *ax.patches, *ax.collections]
        alphas.append({round(a.get_alpha() or 1.0, 2) for a in drawn})
    assert DORMANT_OPACITY in alphas[0] and DORMANT_OPACITY not in alphas[1]
    ruth, when = m.alters[0], m.ego.map_date
    assert person_tie_style(ruth, when).opacity == DORMANT_OPACITY
    assert person_tie_style(ruth, when, after_days=365).opacity == 1.0
    assert alter_node_style(ruth, when, after_days=365).opacity == 1.0
