"""The community asset directory: rules, schedules, the collection, HSDS import/export, the sample."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecomap.directory import (
    ASSET_KINDS,
    LOW_COST_LIMIT,
    STATUSES,
    VENUE_ACCESS,
    Asset,
    Directory,
    DirectoryInvalid,
    Location,
    Schedule,
    access_codes_from_text,
    directory_files,
    distance_km,
    load_directory,
    save_directory,
    sector_for,
)
from ecomap.model import ACCESS_NEEDS, KINDS, SECTORS, WEEKDAYS, MapInvalid

DATA = Path(__file__).parent / "fixtures" / "hsds"
SAMPLE = Path(__file__).parent.parent / "sample_networks" / "directory"

HALL = Location(
    id="hall",
    name="St Mary's Hall",
    address="Church Lane",
    town="Brackford",
    postcode="ZZ1 3SN",
    latitude=51.1414,
    longitude=-2.7123,
    on_bus_route=True,
)
VILLAGE = Location(id="village-hall", name="Heathfield Village Hall", latitude=51.0853, longitude=-2.7895)


def weekly(days: str, opens: str | None = None, closes: str | None = None, **kw) -> Schedule:
    return Schedule(
        days=tuple(days.split()),
        opens_at=time.fromisoformat(opens) if opens else None,
        closes_at=time.fromisoformat(closes) if closes else None,
        **kw,
    )


def monthly(day: str, weeks: list[int], opens: str, closes: str) -> Schedule:
    return Schedule(
        freq="monthly",
        days=(day,),
        weeks=tuple(weeks),
        opens_at=time.fromisoformat(opens),
        closes_at=time.fromisoformat(closes),
    )


# --- pure rules -------------------------------------------------------------------------------


def test_distance_one_degree_of_latitude_is_2_pi_r_over_360():
    # 2 * pi * 6371 / 360 = 111.1949 km
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.1949, abs=1e-4)
    # A quarter of the equator is pi * R / 2 = 10007.54 km.
    assert distance_km(0, 0, 0, 90) == pytest.approx(10007.54, abs=0.01)


def test_distance_brackford_to_little_wenford_by_hand():
    # Brackford (51.1400, -2.7100) to Little Wenford (51.1950, -2.7050):
    # d_phi = 0.055 deg = 9.5993e-4 rad, d_lambda = 0.005 deg = 8.7266e-5 rad
    # sin^2(d_phi/2) = (4.79966e-4)^2 = 2.30367e-7
    # cos(51.14) * cos(51.195) = 0.62750 * 0.62659 = 0.393186; sin^2(d_lambda/2) = 1.90386e-9
    # a = 2.30367e-7 + 0.393186 * 1.90386e-9 = 2.31116e-7; sqrt(a) = 4.80745e-4
    # d = 2 * 6371 * 4.80745e-4 = 6.1257 km
    assert distance_km(51.1400, -2.7100, 51.1950, -2.7050) == pytest.approx(6.1257, abs=0.001)
    assert distance_km(51.1950, -2.7050, 51.1400, -2.7100) == distance_km(51.1400, -2.7100, 51.1950, -2.7050)
    assert distance_km(51.14, -2.71, 51.14, -2.71) == 0


def test_access_text_reads_the_hsds_example_and_skips_what_is_missing():
    example = (
        "The building is equipped with induction loops for hearing aids. "
        "Wheelchair access is possible on all levels."
    )
    assert access_codes_from_text(example) == {"hearing_loop", "step_free"}
    assert access_codes_from_text("Upstairs room, no lift. Hearing loop fitted.") == {"hearing_loop"}
    assert access_codes_from_text("There isn't a ramp") == set()
    assert access_codes_from_text("step_free") == {"step_free"}
    assert access_codes_from_text("") == set()


def test_access_venue_codes_cover_every_model_need():
    assert set(VENUE_ACCESS) <= set(ACCESS_NEEDS)
    # The two needs that are not features of a venue are met by the bus, transport and cost.
    assert set(ACCESS_NEEDS) - set(VENUE_ACCESS) == {"no_car", "low_cost"}


def test_examples_in_the_docstrings():
    import doctest

    from ecomap.directory import assets, hsds_read, hsds_write

    results = [doctest.testmod(module) for module in (assets, hsds_read, hsds_write)]
    assert sum(r.failed for r in results) == 0
    assert sum(r.attempted for r in results) >= 3


def test_sector_rules_in_order():
    assert sector_for("volunteering", ["faith"]) == "work_learning"
    assert sector_for("group", ["singing", "faith"]) == "faith"
    assert sector_for("group", ["cooking", "learning"]) == "work_learning"
    assert sector_for("group", ["health"]) == "health"
    assert sector_for("service", ["befriending"]) == "other_services"
    assert sector_for("place", ["library"]) == "community"
    assert sector_for("group", ["lunch"]) == "community"


def test_every_kind_maps_onto_the_ecomap_vocabularies():
    for kind in ASSET_KINDS:
        asset = Asset(id="x", name="X", kind=kind)
        assert asset.ecomap_kind in KINDS
        assert asset.ecomap_sector in SECTORS


# --- schedules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        (weekly("tue", "10:00", "12:00"), "Tuesdays 10:00-12:00"),
        (monthly("thu", [1], "14:00", "16:00"), "first Thursday of the month, 14:00-16:00"),
        (monthly("tue", [3, 1], "14:00", "16:00"), "first and third Tuesday of the month, 14:00-16:00"),
        (monthly("fri", [-1], "19:00", "21:30"), "last Friday of the month, 19:00-21:30"),
        (weekly("mon tue wed thu fri", "09:30", "17:30"), "Mondays to Fridays 09:30-17:30"),
        (weekly("mon wed fri"), "Mondays, Wednesdays and Fridays"),
        (weekly("sat sun", "07:00"), "Saturdays and Sundays from 07:00"),
        (weekly("sat", interval=2, closes=None), "every other Saturday"),
        (weekly("wed", "19:00", "20:30", notes="term time"), "Wednesdays 19:00-20:30 (term time)"),
        (Schedule(freq="monthly", month_days=(15, -1)), "the 15th and the last day of the month"),
        (
            Schedule(freq="monthly", month_days=(1, 22, -3)),
            "the 1st, the 22nd and the 3rd to last day of the month",
        ),
        (Schedule(freq="monthly", days=("tue",), weeks=(-2,)), "second to last Tuesday of the month"),
        (
            Schedule(freq="monthly", days=("wed",), weeks=(1,), interval=3),
            "first Wednesday of every 3 months",
        ),
        (Schedule(notes="By appointment"), "By appointment"),
    ],
)
def test_schedule_in_plain_words(schedule, words):
    assert schedule.describe() == words


@pytest.mark.parametrize(
    ("opens", "closes", "parts"),
    [
        ("10:00", "12:00", {"am"}),
        ("11:30", "13:00", {"am", "pm"}),
        ("12:00", "14:00", {"pm"}),
        ("16:00", "18:00", {"pm", "eve"}),
        ("19:00", "21:00", {"eve"}),
        ("19:00", None, {"eve"}),
        ("12:00", None, {"pm"}),
        (None, "11:00", {"am"}),
        (None, None, {"am", "pm", "eve"}),
    ],
)
def test_schedule_parts_of_the_day(opens, closes, parts):
    assert weekly("wed", opens, closes).day_parts == parts


def test_schedule_meets_availability_tokens():
    lunch = weekly("wed", "12:00", "14:00")
    assert lunch.meets("wed")
    assert lunch.meets("wed_pm")
    assert not lunch.meets("wed_am")
    assert not lunch.meets("wed_eve")
    assert not lunch.meets("tue")
    first_thursday = monthly("thu", [1], "14:00", "16:00")
    assert first_thursday.meets("thu_pm") and not first_thursday.meets("thu_am")
    # The 15th of the month falls on a different weekday each month: it matches none.
    assert not any(Schedule(freq="monthly", month_days=(15,)).meets(day) for day in WEEKDAYS)
    with pytest.raises(ValueError, match="not a time"):
        lunch.meets("wednesday")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"days": ("tue",), "weeks": (1,)}, "only a monthly schedule"),
        ({"freq": "monthly", "weeks": (1,)}, "need the weekdays"),
        ({"freq": "monthly", "days": ("tue",), "month_days": (3,)}, "not both"),
        ({"days": ("tue",), "opens_at": time(12), "closes_at": time(11)}, "closes before it opens"),
        ({"freq": "monthly", "days": ("tue",), "weeks": (0,)}, "week 0"),
    ],
)
def test_schedule_refuses_what_it_cannot_mean(fields, message):
    with pytest.raises(ValueError, match=message):
        Schedule(**fields)


def test_schedule_times_are_kept_to_the_minute():
    assert Schedule(days=("mon",), opens_at=time(9, 30, 45)).opens_at == time(9, 30)


# --- assets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text", "band"),
    [
        (0, "", "free"),
        (0.01, "", "low"),
        (LOW_COST_LIMIT, "", "low"),
        (LOW_COST_LIMIT + 0.01, "", "paid"),
        (None, "Free, donations welcome", "free"),
        (None, "Pay as you feel", "unknown"),
        (None, "", "unknown"),
    ],
)
def test_cost_band(amount, text, band):
    assert Asset(id="x", name="X", cost_amount=amount, cost_text=text).cost == band


def test_asset_provides_needs():
    club = Asset(id="club", name="Club", location=HALL, accessibility={"step_free"}, cost_amount=2)
    assert club.provides("step_free") and not club.provides("hearing_loop")
    assert club.provides("no_car")  # on a bus route
    assert club.provides("low_cost")
    assert club.provides("Urdu or Punjabi speaker")  # free text never rules an asset out
    remote = Asset(id="remote", name="Remote", location=VILLAGE, cost_amount=30)
    assert not remote.provides("no_car") and not remote.provides("low_cost")
    assert Asset(id="lift", name="Lift", location=VILLAGE, offers_transport=True).provides("no_car")


def test_asset_ages_and_volunteering():
    youth = Asset(id="youth", name="Youth club", minimum_age=11, maximum_age=18)
    assert youth.suits_age(11) and youth.suits_age(18)
    assert not youth.suits_age(10) and not youth.suits_age(19)
    assert youth.ages == "11-18"
    assert Asset(id="a", name="A", minimum_age=50).ages == "50+"
    assert Asset(id="a", name="A", kind="volunteering").is_volunteering
    assert Asset(id="a", name="A", tags=["Volunteering"]).is_volunteering
    assert not Asset(id="a", name="A").is_volunteering
    with pytest.raises(ValueError, match="minimum_age is above maximum_age"):
        Asset(id="a", name="A", minimum_age=20, maximum_age=10)


def test_asset_tags_are_lower_case_keywords():
    assert Asset(id="a", name="A", tags=["Walking", " walking ", "Walking  Football", ""]).tags == (
        "walking",
        "walking football",
    )


# --- the collection ---------------------------------------------------------------------------


@pytest.fixture
def town() -> Directory:
    return Directory(
        [
            Asset(
                id="lunch",
                name="St Mary's Lunch Club",
                kind="group",
                tags=["lunch", "older people"],
                location=HALL,
                schedules=[weekly("wed", "12:00", "14:00")],
                accessibility={"step_free", "hearing_loop"},
                cost_amount=4.5,
                cost_text="£4.50",
            ),
            Asset(
                id="choir",
                name="Community Choir",
                kind="group",
                tags=["singing", "music"],
                description="No need to read music.",
                location=HALL,
                schedules=[weekly("mon", "19:00", "21:00")],
                accessibility={"step_free"},
                cost_amount=3,
            ),
            Asset(
                id="chess",
                name="Chess Club",
                kind="group",
                tags=["chess"],
                location=Location(id="crown", name="The Crown", latitude=51.1392, longitude=-2.7088),
                schedules=[weekly("thu", "19:30", "22:00")],
                cost_amount=30,
                minimum_age=18,
            ),
            Asset(
                id="singers",
                name="Village Singers",
                kind="group",
                tags=["singing"],
                location=VILLAGE,
                schedules=[weekly("wed", "19:30", "21:00")],
                cost_amount=0,
            ),
            Asset(id="old", name="Old singing group", tags=["singing"], status="inactive"),
            Asset(id="befriend", name="Telephone befriending", kind="service", tags=["befriending"]),
        ]
    )


def ids(directory) -> list[str]:
    return [a.id for a in directory]


def test_lookup(town):
    assert town["lunch"].name == "St Mary's Lunch Club"
    assert "choir" in town and "nothing" not in town
    assert town.get("nothing") is None
    assert len(town) == 6
    with pytest.raises(KeyError):
        town["nothing"]
    assert town.tags == ["befriending", "chess", "lunch", "music", "older people", "singing"]


def test_search_ranks_name_over_tags_over_text(town):
    # "music": a tag of the choir (2) and in no name; "singing" is in one name (3) and three tags (2).
    assert ids(town.search("singing")) == ["old", "choir", "singers"]
    assert ids(town.search("MUSIC")) == ["choir"]
    assert ids(town.search("read music")) == ["choir"]
    assert ids(town.search("singing heathfield")) == ["singers"]  # the place's name counts
    assert ids(town.search("")) == ids(town)
    assert ids(town.search("knitting")) == []


def test_filter_each_test(town):
    assert ids(town.filter()) == ["lunch", "choir", "chess", "singers", "befriend"]
    assert ids(town.filter(status=None)) == ids(town)
    assert ids(town.filter(status="inactive")) == ["old"]
    assert ids(town.filter(tags=["Singing", "chess"])) == ["choir", "chess", "singers"]
    assert ids(town.filter(day="wed")) == ["lunch", "singers"]
    assert ids(town.filter(day=["wed_pm", "mon_eve"])) == ["lunch", "choir"]
    assert ids(town.filter(accessible_for=["step_free"])) == ["lunch", "choir"]
    assert ids(town.filter(accessible_for=["step_free", "hearing_loop"])) == ["lunch"]
    assert ids(town.filter(accessible_for=["no_car"])) == ["lunch", "choir"]
    assert ids(town.filter(max_cost="free")) == ["singers"]
    assert ids(town.filter(max_cost="low")) == ["lunch", "choir", "singers"]
    assert ids(town.filter(max_cost="paid")) == ["lunch", "choir", "chess", "singers", "befriend"]
    assert ids(town.filter(kind="service")) == ["befriend"]
    assert ids(town.filter(age=17, tags=["chess", "singing"])) == ["choir", "singers"]
    assert ids(town.filter(tags=["singing"]).filter(day="wed")) == ["singers"]


def test_filter_refuses_unknown_words(town):
    with pytest.raises(ValueError, match="not a time"):
        town.filter(day="someday")
    with pytest.raises(ValueError, match="max_cost"):
        town.filter(max_cost="cheap")
    with pytest.raises(ValueError, match="status"):
        town.filter(status="open")


def test_near_sorts_by_distance_and_skips_the_unplaced(town):
    found = town.near(51.1400, -2.7100, km=1)
    assert [a.id for a, _ in found] == ["chess", "lunch", "choir"]
    assert found[0][1] == pytest.approx(distance_km(51.1400, -2.7100, 51.1392, -2.7088))
    assert [a.id for a, _ in town.near(51.1400, -2.7100, km=10)][-1] == "singers"
    assert town.near(51.1400, -2.7100, km=0.01) == []


def test_to_frame(town):
    frame = town.to_frame()
    assert list(frame["id"]) == ids(town)
    row = frame.set_index("id").loc["lunch"]
    assert row["when"] == "Wednesdays 12:00-14:00"
    assert row["accessibility"] == "step_free; hearing_loop"
    assert row["cost"] == "low" and row["sector"] == "community" and row["postcode"] == "ZZ1 3SN"
    assert Directory().to_frame().empty


def test_directory_refuses_repeated_ids_and_two_versions_of_one_place():
    with pytest.raises(DirectoryInvalid, match="used by two assets"):
        Directory([Asset(id="a", name="A"), Asset(id="a", name="B")])
    moved = HALL.model_copy(update={"latitude": 51.2})
    with pytest.raises(DirectoryInvalid, match="described differently"):
        Directory([Asset(id="a", name="A", location=HALL), Asset(id="b", name="B", location=moved)])


# --- import: both table styles and JSON --------------------------------------------------------


def test_hsds3_tables():
    d = load_directory(DATA / "hsds3")
    lunch = d["a1e2c3d4-0001-4000-8000-000000000001"]
    assert lunch.name == "Ashcombe Lunch Club"
    assert lunch.organization == "Ashcombe Community Association"
    assert lunch.kind == "group"
    assert lunch.tags == ("lunch", "older people")  # terms of another taxonomy become tags
    assert lunch.when == "Fridays 12:00-13:30"
    assert lunch.accessibility == {"hearing_loop", "step_free", "accessible_toilet"}
    assert (lunch.cost, lunch.cost_amount, lunch.cost_text) == ("low", 3.5, "for a two-course lunch")
    assert lunch.phone == "01632 960201" and lunch.email == "lunch@example.org"
    assert lunch.location is not None
    assert (lunch.location.address, lunch.location.postcode) == (
        "Hawthorn Way",
        "ZZ2 1HW",
    )  # physical address
    assert lunch.on_bus_route is True
    youth = d["a1e2c3d4-0001-4000-8000-000000000002"]
    assert (youth.minimum_age, youth.maximum_age) == (11, 18)
    assert youth.accessibility == set()  # "No step-free access ..." states an absence
    assert youth.on_bus_route is False
    assert youth.when == "Tuesdays and Fridays 18:30-21:00 (term time)"
    befriending = d["a1e2c3d4-0001-4000-8000-000000000003"]
    assert befriending.status == "inactive"  # HSDS "temporarily closed"
    assert befriending.location is None and befriending.kind == "service"
    assert befriending.when == "Mondays to Fridays 10:00-16:00"  # 10:00Z read as local time
    assert befriending.phone == "01632 960202"  # through its contact
    assert befriending.email == "info@example.org"  # the organization's
    assert (befriending.cost, befriending.cost_text) == ("free", "Free")  # from fees_description
    # A service at two locations is two assets, named by their service_at_location ids.
    digital = [a for a in d if a.name == "Digital Help"]
    assert [a.id for a in digital] == [
        "5a100000-0000-4000-8000-000000000041",
        "5a100000-0000-4000-8000-000000000042",
    ]
    assert [a.when for a in digital] == ["first Thursday of the month, 10:00-12:00", "Saturdays 10:00-12:00"]
    # With no schedule of its own, the library takes its location's opening hours.
    library = d["a1e2c3d4-0001-4000-8000-000000000005"]
    assert library.kind == "place"
    assert library.when == "Mondays to Fridays 09:30-17:30; Saturdays 09:30-13:00"


def test_uk1_tables_with_datapackage():
    d = load_directory(DATA / "uk1")
    assert ids(d) == ["svc-walks", "svc-stitch", "svc-coffee"]
    walks = d["svc-walks"]
    assert walks.tags == ("walking", "outdoors")
    assert walks.when == "every other Saturday 09:30-13:00"
    assert (walks.minimum_age, walks.maximum_age) == (18, None)  # from eligibilitys.csv
    assert (walks.cost, walks.cost_text) == ("paid", "Membership £20 a year")
    assert walks.location is not None and walks.location.town == "Heathfield"
    stitch = d["svc-stitch"]
    assert stitch.when == "first and third Tuesday of the month, 14:00-16:00"
    assert stitch.accessibility == {"step_free", "accessible_toilet"}  # wheelchair, restroom
    assert stitch.phone == "01632 960301"  # contacts.csv -> phones.csv
    assert d["svc-coffee"].cost == "free"


def test_hsds3_json_page():
    d = load_directory(DATA / "hsds3_services.json")
    cafe, bereavement = d
    assert cafe.name == "Forget-me-not Memory Cafe" and cafe.organization == "Brackford Memory Matters"
    assert cafe.kind == "group" and cafe.tags == ("dementia", "carers")
    assert cafe.when == "second Friday of the month, 14:00-16:00"
    assert cafe.accessibility == {"step_free", "accessible_toilet", "dementia_friendly"}
    assert cafe.on_bus_route is True and cafe.phone == "01632 960401" and cafe.cost == "free"
    assert cafe.url == "https://www.example.org/memory-matters"
    # Both services meet at the same place: one location, described once.
    assert bereavement.location == cafe.location
    assert bereavement.when == "third Thursday of the month, 10:30-12:00"


def test_uk1_json_service():
    (club,) = load_directory(DATA / "uk1_service.json")
    assert club.id == "svc-stroke-club" and club.organization == "Brackford Stroke Survivors"
    assert club.tags == ("stroke", "peer support")
    assert club.when == "Thursdays 13:30-15:30 (Thursday afternoons)"
    assert club.accessibility == {"step_free", "accessible_toilet"}  # ramp, restroom
    assert club.minimum_age == 18 and club.phone == "01632 960501"
    assert club.cost_text == "£2 including tea" and club.cost == "unknown"
    assert club.location is not None and club.location.postcode == "ZZ1 4SR"


def test_json_list_of_services_and_datapackage_path(tmp_path):
    page = json.loads((DATA / "hsds3_services.json").read_text())
    (tmp_path / "list.json").write_text(json.dumps(page["contents"]))
    assert ids(load_directory(tmp_path / "list.json")) == ids(load_directory(DATA / "hsds3_services.json"))
    assert load_directory(DATA / "uk1" / "datapackage.json") == load_directory(DATA / "uk1")


def test_zip_with_the_package_inside_a_folder(tmp_path):
    archive = tmp_path / "uk1.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in (DATA / "uk1").iterdir():
            z.write(f, f"export/{f.name}")
        z.writestr("__MACOSX/export/._services.csv", b"\x00\x01")
    assert load_directory(archive) == load_directory(DATA / "uk1")


@pytest.mark.parametrize("keep", [["service.csv"], ["service.csv", "organization.csv"], ["services.csv"]])
def test_missing_optional_tables_are_fine(tmp_path, keep):
    source = DATA / ("uk1" if keep == ["services.csv"] else "hsds3")
    for name in keep:
        shutil.copy(source / name, tmp_path / name)
    d = load_directory(tmp_path)
    assert len(d) == (3 if keep == ["services.csv"] else 5)
    assert all(a.location is None and a.schedules == () for a in d)
    if "organization.csv" in keep:
        assert d["a1e2c3d4-0001-4000-8000-000000000001"].organization == "Ashcombe Community Association"


# --- import: refused, with every problem located ----------------------------------------------


def edit(folder: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell, addressed as a spreadsheet shows it (the header is row 1)."""
    path = folder / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def package(tmp_path) -> Path:
    folder = tmp_path / "hsds3"
    shutil.copytree(DATA / "hsds3", folder)
    return folder


def problems_of(path: Path) -> list:
    with pytest.raises(DirectoryInvalid) as caught:
        load_directory(path)
    assert isinstance(caught.value, MapInvalid)  # callers that catch map problems catch these too
    return caught.value.problems


SERVICE_2 = "a1e2c3d4-0001-4000-8000-000000000002"


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "field", "message"),
    [
        (
            "service_at_location.csv",
            3,
            "service_id",
            "no-such-service",
            "service_id",
            "not the id of any service",
        ),
        (
            "service_at_location.csv",
            3,
            "location_id",
            "no-such-place",
            "location_id",
            "not the id of any location",
        ),
        ("location.csv", 3, "latitude", "95", "latitude", "between -90 and 90"),
        ("location.csv", 3, "longitude", "west", "longitude", "not a number"),
        ("schedule.csv", 3, "byday", "TU,TX", "byday", "not a day; use MO, TU"),
        ("schedule.csv", 3, "byday", "1TU", "byday", "only a MONTHLY schedule"),
        ("schedule.csv", 5, "bymonthday", "32", "bymonthday", "not a day of the month"),
        ("schedule.csv", 3, "opens_at", "25:00", "opens_at", "not a time; write HH:MM"),
        ("schedule.csv", 3, "closes_at", "half nine", "closes_at", "not a time"),
        ("schedule.csv", 3, "closes_at", "17:00", "closes_at", "not after opens_at"),
        ("schedule.csv", 3, "freq", "DAILY", "freq", "use WEEKLY or MONTHLY"),
        ("schedule.csv", 3, "service_id", "", "service_id", "belongs to a service, a location"),
        ("service.csv", 3, "status", "closed", "status", "use active, inactive, defunct"),
        ("service.csv", 3, "minimum_age", "eleven", "minimum_age", "not a whole number"),
        ("service.csv", 3, "maximum_age", "9", "maximum_age", "below minimum_age"),
        ("service.csv", 3, "id", "a1e2c3d4-0001-4000-8000-000000000001", "id", "used twice (first on row 2)"),
        ("service.csv", 3, "id", "has space", "id", "not a usable id"),
        ("service.csv", 3, "name", "", "name", "required"),
        ("service.csv", 3, "organization_id", "nobody", "organization_id", "not the id of any organization"),
        ("location.csv", 3, "id", "c0ffee00-0000-4000-8000-000000000001", "id", "used twice"),
        ("cost_option.csv", 3, "amount", "fifty pence", "amount", "not a number"),
        ("attribute.csv", 9, "value", "maybe", "value", "not yes or no"),
        (
            "attribute.csv",
            3,
            "taxonomy_term_id",
            "no-such-term",
            "taxonomy_term_id",
            "not the id of any taxonomy_term",
        ),
        ("taxonomy_term.csv", 6, "code", "club", "taxonomy_term_id", "names the kind 'club'"),
        ("accessibility.csv", 2, "location_id", "no-such-place", "location_id", "not the id of any location"),
    ],
)
def test_bad_cell_is_located(package, file, row, column, value, field, message):
    edit(package, file, row, column, value)
    problems = problems_of(package)
    located = [p for p in problems if p.field == field and message in p.message]
    assert located, [str(p) for p in problems]
    where = "attribute.csv" if file == "taxonomy_term.csv" else file
    assert located[0].file == f"{package}/{where}"
    if file != "taxonomy_term.csv":
        assert located[0].row == row
    assert str(located[0]).startswith(f"{package}/{where}, row ")


def test_missing_required_column(package):
    edit(package, "service.csv", 1, "name", "title")
    (problem,) = problems_of(package)
    assert (problem.file, problem.row, problem.field) == (f"{package}/service.csv", 1, "name")
    assert "required column" in problem.message


def test_every_problem_is_collected(package):
    edit(package, "location.csv", 2, "latitude", "95")
    edit(package, "schedule.csv", 2, "byday", "XX")
    edit(package, "schedule.csv", 4, "opens_at", "9am")
    edit(package, "service_at_location.csv", 2, "service_id", "ghost")
    found = {(Path(p.file).name, p.row, p.field) for p in problems_of(package)}
    assert {
        ("location.csv", 2, "latitude"),
        ("schedule.csv", 2, "byday"),
        ("schedule.csv", 4, "opens_at"),
        ("service_at_location.csv", 2, "service_id"),
    } <= found


def test_broken_files(package):
    (package / "phone.csv").write_bytes("id,number\n1,\xa3\n".encode("latin-1"))
    (package / "phones.csv").write_text("id,number\n")
    messages = {Path(p.file).name: p.message for p in problems_of(package)}
    assert "not UTF-8" in messages["phone.csv"]
    assert "holds the phone table again" in messages["phones.csv"]


def test_a_package_needs_a_service_table(tmp_path):
    shutil.copy(DATA / "hsds3" / "location.csv", tmp_path / "location.csv")
    (problem,) = problems_of(tmp_path)
    assert problem.file == str(tmp_path) and "no service table" in problem.message


def test_datapackage_problems(tmp_path):
    folder = tmp_path / "uk1"
    shutil.copytree(DATA / "uk1", folder)
    (folder / "services.csv").unlink()
    (problem,) = problems_of(folder)
    assert problem.file == f"{folder}/datapackage.json" and problem.value == "services.csv"
    assert "not in the package" in problem.message
    (folder / "datapackage.json").write_text("{not json")
    (problem,) = problems_of(folder)
    assert "not a data package" in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not JSON"),
        (b'{"total_items": 0}', "holds no services"),
        (b'[{"name": "No id"}]', "is empty; this field is required"),
        (b'[{"id": "x", "name": "X", "schedules": [{"byday": "TH", "opens_at": "9"}]}]', "not a time"),
        (b"[1]", "is not a service"),
    ],
)
def test_bad_json(tmp_path, content, message):
    path = tmp_path / "services.json"
    path.write_bytes(content)
    problems = problems_of(path)
    assert any(message in p.message for p in problems), [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)


def test_json_problems_name_the_service_and_the_path(tmp_path):
    page = json.loads((DATA / "hsds3_services.json").read_text())
    page["contents"][1]["schedules"][0]["byday"] = "3XX"
    page["contents"][1]["service_at_locations"][0]["id"] = ""
    page["contents"][1]["service_at_locations"][0]["location"]["id"] = "somewhere-else"
    page["contents"][1]["service_at_locations"][0]["location"]["longitude"] = 200
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page))
    found = {(p.row, p.field) for p in problems_of(path)}
    assert found == {(2, "schedules[0].byday"), (2, "service_at_locations[0].location.longitude")}


def test_not_a_directory(tmp_path):
    assert "does not exist" in problems_of(tmp_path / "nowhere")[0].message
    (tmp_path / "notes.txt").write_text("hello")
    assert "not a directory" in problems_of(tmp_path / "notes.txt")[0].message
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    assert "not a zip file" in problems_of(tmp_path / "bad.zip")[0].message


# --- export and round trips -------------------------------------------------------------------


def test_save_then_load_is_equal(tmp_path, town):
    save_directory(town, tmp_path / "town")
    assert load_directory(tmp_path / "town") == town
    save_directory(town, tmp_path / "town.zip")
    assert load_directory(tmp_path / "town.zip") == town


def test_imports_round_trip_through_hsds3(tmp_path):
    for source in ("hsds3", "uk1", "hsds3_services.json", "uk1_service.json"):
        d = load_directory(DATA / source)
        save_directory(d, tmp_path / source)
        assert load_directory(tmp_path / source) == d, source


def test_written_package_is_hsds3(tmp_path, town):
    save_directory(town, tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    names = [r["name"] for r in package["resources"]]
    assert {"organization", "service", "location", "service_at_location", "schedule", "taxonomy_term"} <= set(
        names
    )
    for resource in package["resources"]:
        header = next(csv.reader((tmp_path / resource["path"]).open()))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    schedules = list(csv.DictReader((tmp_path / "schedule.csv").open()))
    lunch = next(s for s in schedules if s["service_id"] == "lunch")
    assert (lunch["freq"], lunch["byday"], lunch["opens_at"], lunch["closes_at"]) == (
        "WEEKLY",
        "WE",
        "12:00",
        "14:00",
    )
    # The access both assets at the hall share is the venue's; the rest is the lunch club's own.
    access = list(csv.DictReader((tmp_path / "accessibility.csv").open()))
    assert [(a["location_id"], a["description"]) for a in access] == [("hall", "Step-free access")]
    assert access_codes_from_text(access[0]["description"]) == {"step_free"}


def test_each_access_wording_reads_back_as_its_code(tmp_path):
    for code in VENUE_ACCESS:
        place = Location(id="p")
        d = Directory([Asset(id="a", name="A", location=place, accessibility={code})])
        save_directory(d, tmp_path / code)
        (row,) = csv.DictReader((tmp_path / code / "accessibility.csv").open())
        assert access_codes_from_text(row["description"]) == {code}


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85")
    | st.sampled_from(["\n", ",", '"', ";", "£", "<"]),
    max_size=15,
).map(str.strip)
asset_ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)
times = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def schedules(draw) -> Schedule:
    days = tuple(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)))
    opens, closes = sorted(draw(st.lists(times, min_size=2, max_size=2, unique=True)))
    common = {
        "opens_at": draw(st.none() | st.just(opens)),
        "closes_at": draw(st.none() | st.just(closes)),
        "notes": draw(text),
        "interval": draw(st.integers(1, 4)),
    }
    shape = draw(st.sampled_from(["weekly", "monthly weeks", "monthly days", "month days", "notes"]))
    if shape == "weekly":
        return Schedule(days=days, **common)
    if shape == "monthly weeks":
        weeks = draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1, -2]), min_size=1, max_size=2, unique=True))
        return Schedule(freq="monthly", days=days, weeks=tuple(weeks), **common)
    if shape == "monthly days":
        return Schedule(freq="monthly", days=days, **common)
    if shape == "month days":
        month_days = draw(
            st.lists(st.integers(1, 31) | st.integers(-31, -1), min_size=1, max_size=2, unique=True)
        )
        return Schedule(freq="monthly", month_days=tuple(month_days), **common)
    return Schedule(freq=draw(st.sampled_from(["weekly", "monthly"])), **common)


locations = st.builds(
    Location,
    id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,8}", fullmatch=True).map(str.strip),
    name=text,
    address=text,
    town=text,
    postcode=st.sampled_from(["", "ZZ1 2LB", "ZZ5 1SL"]),
    latitude=st.floats(-90, 90, allow_nan=False),
    longitude=st.floats(-180, 180, allow_nan=False),
    on_bus_route=st.none() | st.booleans(),
)


@st.composite
def directories(draw) -> Directory:
    places = draw(st.lists(locations, max_size=3, unique_by=lambda p: p.id))
    assets = []
    for asset_id in draw(st.lists(asset_ids, max_size=5, unique=True)):
        low = draw(st.none() | st.integers(0, 60))
        assets.append(
            Asset(
                id=asset_id,
                name=draw(text.filter(bool)),
                organization=draw(st.sampled_from(["", "Brackford CVS", "Brackford, CVS", "Ashcombe"])),
                description=draw(text),
                kind=draw(st.sampled_from(ASSET_KINDS)),
                tags=draw(st.lists(text, max_size=3)),
                location=draw(st.none() | st.sampled_from(places)) if places else None,
                schedules=draw(st.lists(schedules(), max_size=2)),
                accessibility=draw(st.frozensets(st.sampled_from(VENUE_ACCESS))),
                cost_amount=draw(st.none() | st.floats(0, 1000, allow_nan=False)),
                cost_text=draw(text),
                minimum_age=low,
                maximum_age=draw(st.none() | st.integers(low or 0, 130)),
                status=draw(st.sampled_from(STATUSES)),
                phone=draw(st.sampled_from(["", "01632 960123"])),
                email=draw(st.sampled_from(["", "club@example.org"])),
                url=draw(st.sampled_from(["", "https://www.example.org/club"])),
                offers_transport=draw(st.booleans()),
            )
        )
    return Directory(assets)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(directories())
def test_any_directory_round_trips(directory):
    assert all(isinstance(a.when, str) for a in directory)
    with tempfile.TemporaryDirectory() as folder:
        save_directory(directory, Path(folder) / "d.zip")
        assert load_directory(Path(folder) / "d.zip") == directory


# --- the sample directory ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Directory:
    return load_directory(SAMPLE)


def test_sample_is_large_and_mostly_active(sample):
    assert len(sample.filter()) >= 80
    assert 0 < len(sample.filter(status=None)) - len(sample.filter()) < 10


def test_sample_is_canonical(tmp_path, sample):
    # Saving what it loads rewrites the same files: it was written by save_directory.
    package = json.loads((SAMPLE / "datapackage.json").read_text())
    written = directory_files(sample, name=package["name"], title=package["title"])
    assert sorted(written) == sorted(p.name for p in SAMPLE.iterdir() if p.suffix in (".csv", ".json"))
    for name, text_ in written.items():
        assert (SAMPLE / name).read_text(encoding="utf-8") == text_, name


@pytest.mark.parametrize(
    "search",
    [
        "lunch club",
        "walk and talk",
        "men's shed",
        "community choir",
        "singing memories",
        "church",
        "mosque",
        "gurdwara",
        "polish",
        "quaker",
        "reading group",
        "digital",
        "talking point",
        "allotment",
        "community garden",
        "carers",
        "dementia carers",
        "telephone befriending",
        "home visiting befriending",
        "tea dance",
        "baby and toddler",
        "young parents",
        "youth club",
        "food bank volunteer",
        "charity shop volunteer",
        "library",
        "community garden volunteer",
        "volunteer befriender",
        "repair cafe",
        "repair cafe fixer",
        "chess",
        "angling",
        "history society",
        "knit",
        "craft",
        "memory cafe",
        "stroke club",
        "learning disability disco",
        "arts learning disability",
        "football",
        "walking football",
        "community cafe",
        "cooking on a budget",
        "community transport",
        "village hall coffee morning",
        "mental health peer support",
        "bereavement cafe",
    ],
)
def test_sample_covers_the_asset_types(sample, search):
    assert len(sample.filter().search(search)) >= 1, search


def test_sample_has_every_kind_and_volunteering(sample):
    assert {a.kind for a in sample} == set(ASSET_KINDS)
    assert len([a for a in sample.filter() if a.is_volunteering]) >= 6


def test_sample_access_matters(sample):
    active = sample.filter()
    step_free = active.filter(accessible_for=["step_free"])
    assert 10 <= len(active) - len(step_free) < len(active) / 2
    assert {"hearing_loop", "dementia_friendly", "carer_welcome", "quiet", "large_print"} <= {
        code for a in active for code in a.accessibility
    }


def test_sample_costs_ages_and_places(sample):
    active = sample.filter()
    assert {a.cost for a in active} >= {"free", "low", "paid"}
    assert len(active.filter(max_cost="free")) > len(active) / 3
    youth = active.search("ashcombe youth club")["ashcombe-youth-club"]
    assert (youth.minimum_age, youth.maximum_age) == (11, 18)
    assert {a.location.town for a in sample if a.location} == {
        "Brackford",
        "Millbrook",
        "Little Wenford",
        "Heathfield",
    }
    assert len(sample.filter(status=None).search("ZZ2")) >= 10  # the Ashcombe estate


def test_sample_every_asset_is_placed_scheduled_and_contactable(sample):
    for a in sample:
        assert a.coordinates is not None, a.id
        assert a.location is not None and a.location.postcode.startswith("ZZ"), a.id
        assert a.schedules and all(s.describe() for s in a.schedules), a.id
        assert a.phone.startswith("01632 960") or a.phone == "", a.id
        assert a.email == "" or a.email.endswith("@example.org"), a.id
        assert a.description, a.id


def test_sample_spreads_near_and_far(sample):
    # From Little Wenford, 6 km north of town: a few things in the village, most of it in town.
    village = sample.near(51.1950, -2.7050, km=1)
    town_too = sample.near(51.1950, -2.7050, km=8)
    assert 3 <= len(village) < 10 and len(town_too) > 60


# --- the command ----------------------------------------------------------------------------


def test_cli_validate_and_list(package):
    from click.testing import CliRunner

    from ecomap.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["directory", "validate", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "valid (" in result.output and "active)" in result.output
    result = runner.invoke(main, ["directory", "list", str(DATA / "uk1"), "--search", "stitch"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "svc-stitch\tHeathfield Stitch and Chat\tfirst and third Tuesday of the month, 14:00-16:00"
        "\tHeathfield Village Hall\tincluding tea"
    ]
    listed = runner.invoke(main, ["directory", "list", str(DATA / "hsds3")]).output.splitlines()
    everything = runner.invoke(main, ["directory", "list", "--all", str(DATA / "hsds3")]).output.splitlines()
    assert len(listed) == 5 and len(everything) == 6  # the befriending service is temporarily closed
    edit(package, "location.csv", 2, "latitude", "95")
    result = runner.invoke(main, ["directory", "validate", str(package)])
    assert result.exit_code == 1
    expected = f"{package}/location.csv, row 2, field 'latitude': '95': must be between -90 and 90"
    assert expected in result.output
    assert "Traceback" not in result.output
