"""Open Referral read right: HSDS JSON by what each object is, HSDS 1.x weekdays, schedule validity,
symbolic links in zips, costs with amounts, accessibility wording, and the lenient read.

Every input is a small file written here in the layout the HSDS 3.0 schema reference, the HSDS
3.0 API (``/services``, ``/organizations/{id}``, ``/service_at_locations``) and the HSDS 1.x /
Open Referral UK tables document.
"""

from __future__ import annotations

import json
import stat
import zipfile
from datetime import date, time

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.directory import DirectoryInvalid, json_kind, load_directory, read_directory, summarise
from ecomap.samples import SAMPLES_DIR

TODAY = date(2026, 6, 1)


def write_json(tmp_path, data, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_tables(folder, tables: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / name).write_text(text.strip() + "\n", encoding="utf-8")
    return folder


LOCATION = {
    "id": "loc-hall",
    "name": "Church Hall",
    "latitude": 51.1,
    "longitude": -2.7,
    "location_type": "physical",
    "accessibility": [{"id": "acc-1", "description": "Handicap accessible"}],
}
SERVICE = {
    "id": "svc-lunch",
    "name": "Lunch Club",
    "status": "active",
    "schedules": [{"id": "sch-1", "byday": "TU", "opens_at": "12:00", "closes_at": "13:30"}],
}


# --- HSDS JSON by what each object is ----------------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "kind"),
    [
        (SERVICE, "service"),
        ({"id": "o", "name": "Org", "services": []}, "organization"),
        ({"id": "o", "name": "Org", "website": "https://example.org"}, "organization"),
        ({"id": "sal", "service_id": "s", "location_id": "l"}, "service_at_location"),
        ({"id": "sal", "service": SERVICE, "location": LOCATION}, "service_at_location"),
        (LOCATION, "location"),
        ({"id": "t", "name": "Food", "code": "BD-1800", "taxonomy_id": "tx"}, "taxonomy_term"),
        ({"id": "tx", "name": "Open Eligibility", "version": "1.0"}, "taxonomy_term"),
    ],
)
def test_json_kind_by_the_fields_only_each_has(obj, kind):
    assert json_kind(obj) == kind


def test_a_full_service_on_its_own(tmp_path):
    path = write_json(tmp_path, {**SERVICE, "service_at_locations": [{"id": "sal-1", "location": LOCATION}]})
    (asset,) = load_directory(path, today=TODAY)
    assert (asset.id, asset.name, asset.when) == ("svc-lunch", "Lunch Club", "Tuesdays 12:00-13:30")
    assert asset.location is not None and asset.location.name == "Church Hall"
    assert asset.accessibility == {"step_free"}  # "Handicap accessible"


def test_an_organisation_gives_its_nested_services_not_itself(tmp_path):
    organisation = {
        "id": "org-1",
        "name": "Ashcombe Community Association",
        "website": "https://ashcombe.example",
        "services": [
            {"id": "svc-a", "name": "Walking Group"},
            {"id": "svc-b", "name": "Knit and Natter", "email": "knit@example.org"},
        ],
    }
    d = load_directory(write_json(tmp_path, organisation), today=TODAY)
    assert [a.name for a in d] == ["Walking Group", "Knit and Natter"]
    assert {a.organization for a in d} == {"Ashcombe Community Association"}
    assert d["svc-a"].url == "https://ashcombe.example"  # the organisation's website, as for tables
    assert "Ashcombe Community Association" not in [a.name for a in d]


def test_service_at_location_responses_give_one_asset_per_place(tmp_path):
    other = {**LOCATION, "id": "loc-library", "name": "Library", "accessibility": []}
    page = {
        "total_items": 2,
        "contents": [
            {
                "id": "sal-hall",
                "service_id": "svc-lunch",
                "location_id": "loc-hall",
                "service": SERVICE,
                "location": LOCATION,
            },
            {
                "id": "sal-library",
                "service_id": "svc-lunch",
                "location_id": "loc-library",
                "service": SERVICE,
                "location": other,
            },
        ],
    }
    d = load_directory(write_json(tmp_path, page), today=TODAY)
    assert sorted(a.id for a in d) == ["sal-hall", "sal-library"]
    assert {a.location.name for a in d if a.location} == {"Church Hall", "Library"}
    assert {a.name for a in d} == {"Lunch Club"}


@pytest.mark.parametrize(
    ("objects", "holds"),
    [
        ([LOCATION], "1 location(s)"),
        (
            [{"id": "t1", "name": "Food", "code": "F"}, {"id": "t2", "name": "Housing", "code": "H"}],
            "2 taxonomy term(s)",
        ),
    ],
)
def test_locations_and_taxonomy_terms_are_not_assets(tmp_path, objects, holds):
    with pytest.raises(DirectoryInvalid) as error:
        load_directory(write_json(tmp_path, objects), today=TODAY)
    (problem,) = error.value.problems
    assert "holds no services" in problem.message and holds in problem.message


def test_locations_beside_services_are_left_out_not_read_as_assets(tmp_path):
    d = load_directory(write_json(tmp_path, [SERVICE, LOCATION]), today=TODAY)
    assert [a.id for a in d] == ["svc-lunch"]


# --- schedules: HSDS 1.x weekday, valid_from / valid_to --------------------------------------


UK_SERVICES = """
id,name,status
svc-sat,Saturday Club,active
svc-week,Drop-in,active
"""


def test_hsds1_weekday_rows_keep_their_days(tmp_path):
    folder = write_tables(
        tmp_path / "uk",
        {
            "services.csv": UK_SERVICES,
            "regular_schedules.csv": """
id,service_id,weekday,opens_at,closes_at
r1,svc-sat,Saturday,10:00,12:00
r2,svc-week,1,09:00,12:00
r3,svc-week,Wed,09:00,12:00
""",
        },
    )
    d = load_directory(folder, today=TODAY)
    assert d["svc-sat"].when == "Saturdays 10:00-12:00"
    assert d["svc-sat"].meets("sat_am") and not d["svc-sat"].meets("mon")
    assert {s.days for s in d["svc-week"].schedules} == {("mon",), ("wed",)}


def test_hsds1_weekday_that_is_not_a_day_is_a_problem(tmp_path):
    folder = write_tables(
        tmp_path / "uk",
        {
            "services.csv": UK_SERVICES,
            "regular_schedules.csv": "id,service_id,weekday\nr1,svc-sat,Caturday\n",
        },
    )
    with pytest.raises(DirectoryInvalid) as error:
        load_directory(folder, today=TODAY)
    (problem,) = error.value.problems
    assert (problem.row, problem.field, problem.value) == (2, "weekday", "Caturday")


def test_schedules_no_longer_valid_are_left_out_and_others_say_their_dates(tmp_path):
    folder = write_tables(
        tmp_path / "v",
        {
            "service.csv": "id,name\nold,Old Club\nnow,Current Club\nsoon,New Club\n",
            "schedule.csv": """
id,service_id,byday,opens_at,closes_at,valid_from,valid_to
s1,old,MO,10:00,11:00,2005-01-01,2005-01-01
s2,now,TU,10:00,11:00,2026-01-01,2026-07-31
s3,soon,WE,10:00,11:00,2026-09-07,
""",
        },
    )
    d = load_directory(folder, today=TODAY)
    assert d["old"].schedules == () and not d["old"].meets("mon")
    (current,) = d["now"].schedules
    assert current.notes == "until 31 July 2026"
    assert d["soon"].schedules[0].notes == "from 7 September 2026"


def test_a_schedule_valid_until_before_it_starts_is_a_problem(tmp_path):
    folder = write_tables(
        tmp_path / "v",
        {
            "service.csv": "id,name\nx,X\n",
            "schedule.csv": "id,service_id,byday,valid_from,valid_to\ns1,x,MO,2026-05-01,2026-04-01\n",
        },
    )
    with pytest.raises(DirectoryInvalid) as error:
        load_directory(folder, today=TODAY)
    assert [(p.field, p.value) for p in error.value.problems] == [("valid_to", "2026-04-01")]


# --- costs and accessibility wording ----------------------------------------------------------


def test_a_cost_option_lists_its_amount(tmp_path):
    folder = write_tables(
        tmp_path / "c",
        {
            "service.csv": "id,name\nx,Swim\ny,Gym\nz,Pool\n",
            "cost_option.csv": """
id,service_id,option,currency,amount,amount_description
c1,x,Per session,GBP,2.5,with a towel
c2,y,Membership,USD,1200,a year
c3,z,Adult,GBP,4,£4 a swim
""",
        },
    )
    d = load_directory(folder, today=TODAY)
    assert (d["x"].cost_text, d["x"].cost_amount, d["x"].cost) == (
        "Per session £2.50 with a towel",
        2.5,
        "low",
    )
    assert d["y"].cost_text == "Membership $1,200 a year"
    assert d["z"].cost_text == "Adult £4 a swim"  # the words already say the amount


@pytest.mark.parametrize("wording", ["Handicap accessible", "Disabled access", "Handicapped Access"])
def test_common_accessibility_wording_means_step_free(tmp_path, wording):
    folder = write_tables(
        tmp_path / "a",
        {
            "service.csv": "id,name\nx,X\n",
            "location.csv": "id,name\nl1,Hall\n",
            "service_at_location.csv": "id,service_id,location_id\nsal,x,l1\n",
            "accessibility.csv": f"id,location_id,description\nac,l1,{wording}\n",
        },
    )
    assert load_directory(folder, today=TODAY)["x"].accessibility == {"step_free"}


# --- symbolic links in zips -------------------------------------------------------------------

DESCRIPTOR = {
    "name": "hsds-example",
    "resources": [
        {"name": "service", "path": "service.csv"},
        {"name": "schedule", "path": "schedule.csv"},
    ],
}


def link(archive: zipfile.ZipFile, name: str, target: str) -> None:
    """A symbolic link as GitHub's archives store one: Unix mode S_IFLNK, the target as content."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive.writestr(info, target)


def test_a_descriptor_that_is_a_symbolic_link_is_followed_inside_the_archive(tmp_path):
    path = tmp_path / "spec.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("specification-3.0/schema/hsds.json", json.dumps(DESCRIPTOR))
        link(archive, "specification-3.0/examples/datapackage.json", "../schema/hsds.json")
        archive.writestr("specification-3.0/examples/service.csv", "id,name\nx,Lunch Club\n")
        archive.writestr(
            "specification-3.0/examples/schedule.csv", "id,service_id,byday,opens_at\ns,x,FR,12:00\n"
        )
    d = load_directory(path, today=TODAY)
    assert d["x"].when == "Fridays from 12:00"


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../outside.csv", "loop.csv", "missing.csv"])
def test_a_link_that_leaves_the_archive_loops_or_dangles_is_never_read(tmp_path, target):
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/service.csv", "id,name\nx,Lunch Club\n")
        link(archive, "pkg/schedule.csv", target)
        link(archive, "pkg/loop.csv", "schedule.csv")
    d = load_directory(path, today=TODAY)  # the link is dropped, not read as a table
    assert [a.id for a in d] == ["x"] and d["x"].schedules == ()


# --- a lenient read ---------------------------------------------------------------------------

MESSY = {
    "service.csv": """
id,name,minimum_age
good,Lunch Club,
far,Walking Group,
early,Breakfast Club,
child,Youth Club,ten
""",
    "location.csv": "id,name,latitude,longitude\nl1,Hall,51.1,-2.7\nl2,Moor,100,-2.7\nl3,Field,95,-2.7\n",
    "service_at_location.csv": "id,service_id,location_id\na,good,l1\nb,far,l2\nc,early,l3\n",
    "schedule.csv": """
id,service_id,byday,opens_at
s1,good,TU,12:00
s2,early,WE,9:00am
s3,far,TH,8:00pm
""",
}


def test_strict_refuses_the_whole_directory_with_every_problem(tmp_path):
    with pytest.raises(DirectoryInvalid) as error:
        load_directory(write_tables(tmp_path / "m", MESSY), today=TODAY)
    found = {(p.file.rsplit("/", 1)[-1], p.row, p.field) for p in error.value.problems}
    assert found == {
        ("location.csv", 3, "latitude"),
        ("location.csv", 4, "latitude"),
        ("schedule.csv", 3, "opens_at"),
        ("schedule.csv", 4, "opens_at"),
        ("service.csv", 5, "minimum_age"),
    }


def test_lenient_keeps_every_good_record_and_leaves_out_bad_ones(tmp_path):
    found = read_directory(write_tables(tmp_path / "m", MESSY), lenient=True, today=TODAY)
    d = found.directory
    # The youth club's own record is bad: left out. A bad latitude or time is left out of the
    # services that use it, which are kept.
    assert sorted(a.id for a in d) == ["early", "far", "good"]
    assert d["far"].location is not None and d["far"].location.latitude is None
    assert d["early"].schedules == () and d["good"].schedules[0].opens_at == time(12, 0)
    assert len(found.problems) == 5


def test_lenient_summary_by_kind_most_frequent_first(tmp_path):
    found = read_directory(write_tables(tmp_path / "m", MESSY), lenient=True, today=TODAY)
    kinds = summarise(found.problems)
    assert [(k.field, k.count) for k in kinds] == [("latitude", 2), ("opens_at", 2), ("minimum_age", 1)]
    assert kinds[0].message == "must be between -90 and 90"
    assert kinds[0].first.row == 3
    assert str(kinds[0]).startswith("2 × field 'latitude': must be between -90 and 90 (first: ")
    assert str(kinds[0]).endswith("location.csv, row 3: '100')")


def test_summary_groups_list_positions_of_nested_json_together(tmp_path):
    services = [
        {
            "id": f"s{n}",
            "name": f"S{n}",
            "service_at_locations": [{"location": {**LOCATION, "id": f"l{n}", "latitude": 100}}],
        }
        for n in range(3)
    ]
    found = read_directory(write_json(tmp_path, services), lenient=True, today=TODAY)
    (kind,) = summarise(found.problems)
    assert (kind.field, kind.count) == ("service_at_locations[].location.latitude", 3)
    assert len(found.directory) == 3


def test_lenient_still_refuses_a_directory_with_no_good_service(tmp_path):
    folder = write_tables(tmp_path / "bad", {"service.csv": "id,name,minimum_age\nx,X,ten\n"})
    with pytest.raises(DirectoryInvalid):
        read_directory(folder, lenient=True, today=TODAY)


def test_cli_directory_validate_is_strict_and_lenient_on_request(tmp_path):
    folder = str(write_tables(tmp_path / "m", MESSY))
    runner = CliRunner()
    strict = runner.invoke(main, ["directory", "validate", folder])
    assert strict.exit_code == 1 and "5 problem(s)" in strict.output
    lenient = runner.invoke(main, ["directory", "validate", folder, "--lenient"])
    assert lenient.exit_code == 0, lenient.output
    assert "valid (3 assets" in lenient.output
    assert "2 × field 'latitude': must be between -90 and 90" in lenient.output
    assert "row 4, field 'latitude'" not in lenient.output  # only the first of a kind is shown
    full = runner.invoke(main, ["directory", "list", folder, "--lenient", "--problems"])
    assert full.exit_code == 0 and "row 4, field 'latitude'" in full.output


def test_cli_suggest_reads_a_messy_directory_leniently_on_request(tmp_path):
    folder = str(write_tables(tmp_path / "m", MESSY))
    person = str(SAMPLES_DIR / "edith-marsh-2025-03.json")
    runner = CliRunner()
    strict = runner.invoke(main, ["suggest", person, "--directory", folder])
    assert strict.exit_code == 1 and "5 problem(s)" in strict.output
    lenient = runner.invoke(main, ["suggest", person, "--directory", folder, "--lenient"])
    assert lenient.exit_code == 0, lenient.output
    assert "2 × field 'latitude'" in lenient.output
