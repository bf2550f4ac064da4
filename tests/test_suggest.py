"""Connection suggestions: hand-checked rankings on small directories, every kind with its effect,
the rules that must never bend, and every sample person against the sample directory."""

from __future__ import annotations

import json
import math
from datetime import time

import pytest
from click.testing import CliRunner

from ecomap.cli import main
from ecomap.directory import Asset, Directory, Location, Schedule, distance_km, load_directory
from ecomap.directory.wording import wording_of
from ecomap.formats import load_map, save_map
from ecomap.model import EcoMap, validate_map
from ecomap.samples import SAMPLES_DIR
from ecomap.settings import SettingsInvalid
from ecomap.suggest import (
    SUGGESTION_KINDS,
    DirectoryIndex,
    Effect,
    SuggestionWeights,
    Target,
    apply_tie,
    contact_for,
    distance_words,
    fold,
    index_of,
    load_weights,
    on_map,
    stem,
    suggest,
    suggestions_for,
)

HOME = (51.1400, -2.7100)  # Brackford town centre
#: One kilometre east of HOME, in degrees of longitude (111.19 km x cos 51.14 deg = 69.80 km a degree).
KM_EAST = 1 / (111.19 * math.cos(math.radians(51.14)))


def place(km_east: float, *, bus: bool = True, name: str = "") -> Location:
    """A venue ``km_east`` km due east of HOME."""
    return Location(
        id=f"at-{km_east}-{bus}-{name}",
        name=name,
        latitude=HOME[0],
        longitude=HOME[1] + km_east * KM_EAST,
        on_bus_route=bus,
    )


def asset(
    asset_id: str,
    name: str,
    tags: str,
    km_east: float = 0.5,
    *,
    days: str = "wed",
    opens: str = "10:00",
    closes: str = "12:00",
    access: tuple[str, ...] = ("step_free",),
    cost: float | None = 0.0,
    bus: bool = True,
    **fields,
) -> Asset:
    return Asset(
        id=asset_id,
        name=name,
        tags=tags,
        kind=fields.pop("kind", "group"),
        location=place(km_east, bus=bus, name=name),
        schedules=(
            Schedule(
                days=tuple(days.split()),
                opens_at=time.fromisoformat(opens),
                closes_at=time.fromisoformat(closes),
            ),
        )
        if days
        else (),
        accessibility=frozenset(access),
        cost_amount=cost,
        **fields,
    )


def person(alters: list[dict] | None = None, ties: list[dict] | None = None, **ego) -> EcoMap:
    record = {
        "id": "p-rose",
        "name": "Rose Hill",
        "map_date": "2026-03-01",
        "year_of_birth": 1950,
        "lives_alone": True,
        "latitude": HOME[0],
        "longitude": HOME[1],
        **ego,
    }
    return validate_map(record, alters or [], ties or [])


def names(found) -> list[str]:
    return [s.target.name for s in found]


# --- the words and small rules ------------------------------------------------------------------


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("St Mary's Café & Bar!") == "st marys cafe and bar"
    assert fold("Polish Mass (Msza Święta)") == "polish mass msza swieta"


@pytest.mark.parametrize(
    "word, stemmed",
    [("gardening", "garden"), ("garden", "garden"), ("knitting", "knit"), ("knits", "knit"),
     ("bakes", "bak"), ("baking", "bak"), ("walks", "walk"), ("societies", "society"), ("chess", "chess")],
)  # fmt: skip
def test_stem(word, stemmed):
    assert stem(word) == stemmed


def test_distance_words():
    assert distance_words(0.5026) == "500 m from home"
    assert distance_words(0.02) == "100 m from home"
    assert distance_words(2.34) == "2.3 km from home"


def test_contact_follows_the_schedule():
    weekly = Schedule(days=("tue",))
    fortnightly = Schedule(days=("tue",), interval=2)
    twice_a_month = Schedule(freq="monthly", days=("thu",), weeks=(1, 3))
    monthly = Schedule(freq="monthly", days=("thu",), weeks=(2,))
    assert contact_for([weekly]) == "weekly"
    assert contact_for([monthly, fortnightly]) == "fortnightly"
    assert contact_for([twice_a_month]) == "fortnightly"
    assert contact_for([monthly]) == "monthly"
    assert contact_for([]) == "monthly"


def test_on_map_by_name_punctuation_words_and_asset_id():
    shed = asset("shed", "Brackford Men's Shed", "woodwork")
    walking = asset("wf", "Walking Football", "football")
    other = asset("x1", "Something Else", "woodwork")
    m = person(
        [
            {"id": "a", "name": "brackford mens shed!", "sector": "community", "kind": "group"},
            {"id": "b", "name": "Brackford walking football", "sector": "community", "kind": "group"},
            {"id": "asset-x1", "name": "A renamed group", "sector": "community", "kind": "group"},
        ]
    )
    assert on_map(m, shed) and on_map(m, walking) and on_map(m, other)
    assert not on_map(person(), shed)


# --- ranking, hand-checked ------------------------------------------------------------------------


def gardener(**ego) -> EcoMap:
    return person(interests="gardening", access_needs="no_car", availability="wed_am", **ego)


def test_a_gardener_who_does_not_drive_gets_the_garden_a_short_walk_away_first():
    near = asset("near", "Riverside Garden", "gardening; outdoors", 0.5)
    across = asset("across", "Hilltop Allotment Group", "gardening; growing", 4.0)
    unreachable = asset("far", "Moorland Growers", "gardening", 4.0, bus=False)
    not_free = asset("thu", "Thursday Garden Club", "gardening", 0.3, days="thu")
    found = suggest(gardener(), Directory([across, unreachable, not_free, near]))
    assert names(found) == ["Riverside Garden", "Hilltop Allotment Group"]
    first = found[0]
    assert first.kind == "join"
    assert first.reason == (
        "You enjoy gardening and are free on Wednesday mornings: Riverside Garden meets then "
        "(Wednesdays 10:00-12:00), 500 m from home, free."
    )
    # 2 x (1 - 0.5026 / 5) = 1.80 points for closeness; the other parts as weighted.
    parts = dict(first.parts)
    expected = {"interest": 2.5, "community": 1.0, "new_sector": 1.0, "near": 1.8, "walkable": 1.0,
                "free_then": 1.0, "cost": 0.5}  # fmt: skip
    assert {k: parts[k] for k in expected} == expected
    assert first.score == pytest.approx(sum(parts.values()))
    assert "on a bus route" in found[1].reason


def test_a_group_already_on_the_map_is_never_offered():
    shed = asset("shed", "Brackford Men's Shed", "gardening")
    garden = asset("garden", "Riverside Garden", "gardening")
    m = gardener(
        alters=[
            {"id": "shed-1", "name": "Brackford Mens Shed", "kind": "group", "sector": "community"},
            {"id": "asset-garden", "name": "The garden on Mill Lane", "kind": "group", "sector": "community"},
        ]
    )
    assert suggest(m, Directory([shed, garden])) == []


def test_a_wheelchair_user_is_never_offered_a_venue_without_step_free_access():
    steps = asset("steps", "Upstairs Choir", "singing", 0.2, access=("hearing_loop",))
    level = asset("level", "Ground Floor Choir", "singing", 3.0)
    m = person(interests="singing", access_needs="step_free")
    assert names(suggest(m, Directory([steps, level]))) == ["Ground Floor Choir"]


def test_an_age_limited_group_is_offered_only_within_its_ages():
    youth = asset("youth", "Youth Music", "music", maximum_age=18)
    fifty = asset("fifty", "Fifty Plus Music", "music", minimum_age=50)
    older = asset("older", "Music for Older People", "music; older people")
    directory = Directory([youth, fifty, older])
    assert names(suggest(person(interests="music"), directory)) == sorted(
        ["Fifty Plus Music", "Music for Older People"]
    )
    young = person(interests="music", year_of_birth=2010)  # 16 at the map date
    assert names(suggest(young, directory)) == ["Youth Music"]


def test_reach_for_drivers_and_days_when_nothing_is_recorded():
    near = asset("near", "Near Choir", "singing", 7.0, days="sun", bus=False)
    far = asset("far", "Far Choir", "singing", 9.0, days="sun")
    driver = person(interests="singing")  # no availability recorded: any day
    assert names(suggest(driver, Directory([near, far]))) == ["Near Choir"]


# --- every kind, on one hand-made map ------------------------------------------------------------


def rose() -> EcoMap:
    """Rose, 75, lives alone. Ruth (daughter, far away) confides and helps; Joan was a close
    friend, last seen over a year ago; Kamal, a neighbour, is seen weekly; St Anne's is a tenuous,
    monthly tie. Rose sings and bakes; she is free on Tuesdays and Wednesdays. Asked, no one else
    gives her support, and she gives to no one yet."""
    return person(
        [
            {"id": "ruth", "name": "Ruth Hill", "sector": "family", "role": "daughter", "is_kin": True,
             "circle": 1, "strength": "strong", "contact": "weekly", "support": "emotional; practical",
             "local": False, "offers": "could introduce her to the Wednesday Singers", "gives": "none"},
            {"id": "joan", "name": "Joan Pryor", "sector": "friends", "role": "old friend", "circle": 2,
             "contact": "less", "last_contact": "2025-01-10", "local": True, "support": "none",
             "gives": "none"},
            {"id": "kamal", "name": "Kamal Sidhu", "sector": "neighbours", "role": "neighbour", "circle": 3,
             "contact": "weekly", "local": True, "support": "none", "gives": "none"},
            {"id": "church", "name": "St Anne's Church", "kind": "group", "sector": "faith", "circle": 3,
             "strength": "tenuous", "contact": "monthly", "local": True, "support": "none", "gives": "none"},
        ],
        interests="singing",
        gifts="bakes cakes",
        availability="tue; wed",
    )  # fmt: skip


def rose_directory() -> Directory:
    return Directory(
        [
            asset("singers", "Wednesday Singers", "singing; music", 0.3, opens="14:00", closes="16:00"),
            asset("music", "Tuesday Music Club", "music; singing", 0.8, days="tue", opens="14:00",
                  closes="16:00"),
            asset("bakers", "Cafe baking volunteer", "volunteering; baking", 0.4, kind="volunteering",
                  days="tue"),
            asset("phone", "Phone Befriending", "befriending; company", 1.0, kind="service",
                  days="mon tue wed thu fri", opens="10:00", closes="16:00"),
        ]
    )  # fmt: skip


@pytest.fixture(scope="module")
def rose_found():
    return {s.target.name: s for s in suggest(rose(), rose_directory(), top=20)}


def test_every_kind_fires_on_a_hand_made_map(rose_found):
    kinds = {name: s.kind for name, s in rose_found.items()}
    assert kinds == {
        "Joan Pryor": "reconnect",
        "St Anne's Church": "strengthen",
        "Wednesday Singers": "introduce",
        "Tuesday Music Club": "join",
        "Cafe baking volunteer": "contribute",
        "Phone Befriending": "fill_gap",
        "Kamal Sidhu": "fill_gap",
    }
    # Going back to a lapsed group ("return") needs one on the map: see test_suggest_rules.py.
    assert set(kinds.values()) == set(SUGGESTION_KINDS) - {"return"}


def test_reconnect_effect_by_hand(rose_found):
    # Before: family (Ruth) seen 1, confides 1, helps 1 -> 1 + 1 + 1 = 3; friends: Kamal seen 1
    # -> 1 + 0 + 0 = 1; LSNS-6 estimate 4. Renewing Joan monthly: friends seen 2 -> 2; total 5.
    joan = rose_found["Joan Pryor"]
    assert (joan.effect.lsns_before, joan.effect.lsns_after) == (4, 5)
    assert joan.tie == {"contact": "monthly", "last_contact": None}
    assert joan.effect.new_sectors == ("friends",)
    assert joan.reason == (
        "Joan Pryor (old friend) was close to you, but you have not been in touch since January 2025. "
        "A call, a letter or a visit could pick it up again."
    )
    assert joan.effect.sentence() == "LSNS-6 estimate 4 -> 5; new part of life: friends."


def test_fill_gap_from_someone_on_the_map_resolves_the_support_gap(rose_found):
    kamal = rose_found["Kamal Sidhu"]
    # Nobody gives help in an emergency (a critical function): Kamal, local and seen weekly, could.
    assert kamal.tie == {"support": ["emergency"]}
    assert "support_gap" in kamal.effect.resolved
    # Kamal helping counts in the friends' "can call on for help" item: 0 -> 1.
    assert (kamal.effect.lsns_before, kamal.effect.lsns_after) == (4, 5)
    assert kamal.reason.startswith("No one on your map is recorded as giving you help in an emergency.")


def test_new_connections_and_their_effects(rose_found):
    singers = rose_found["Wednesday Singers"]
    assert singers.via == "ruth"
    assert singers.reason.startswith("Ruth Hill could introduce you to the Wednesday Singers: ")
    assert singers.reason.endswith("Ruth Hill could introduce you.")
    club = rose_found["Tuesday Music Club"]
    assert club.tie["contact"] == "weekly" and club.tie["support"] == ["company"]
    assert (club.effect.lsns_before, club.effect.lsns_after) == (4, 4)  # groups never count in LSNS-6
    assert club.effect.new_sectors == ("community",)
    bakers = rose_found["Cafe baking volunteer"]
    assert bakers.tie["gives"] == ["practical"]
    assert "receives_only" in bakers.effect.resolved
    assert bakers.reason.startswith("You have something to give (bakes cakes)")
    phone = rose_found["Phone Befriending"]
    assert phone.tie["support"] == ["company", "emotional"] or set(phone.tie["support"]) == {
        "company",
        "emotional",
    }
    # A service ranks below a community group: it has no "community" part.
    assert "community" not in dict(phone.parts) and "community" in dict(club.parts)


def test_strengthen_grows_a_tenuous_tie(rose_found):
    church = rose_found["St Anne's Church"]
    assert church.tie == {"strength": "moderate", "contact": "fortnightly"}


def test_the_effect_is_the_reassessed_map_with_the_planned_tie():
    m, found = rose(), suggest(rose(), rose_directory(), top=20)
    for s in found:
        after = apply_tie(m, s.target, s.tie, "planned")
        added = [a for a in after.alters if a.id == (s.target.alter_id or "planned")]
        assert len(added) == 1
        assert len(after.alters) == len(m.alters) + (1 if s.target.is_new else 0)


def test_score_is_the_sum_of_its_parts_and_order_is_by_score(rose_found):
    found = suggest(rose(), rose_directory(), top=20)
    for s in found:
        assert s.score == pytest.approx(sum(p for _, p in s.parts))
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)


def test_the_order_is_deterministic_whatever_the_directory_order():
    directory = rose_directory()
    first = suggest(rose(), directory, top=20)
    again = suggest(rose(), Directory(reversed(directory.assets)), top=20)
    assert [(s.key, s.score) for s in first] == [(s.key, s.score) for s in again]
    assert [s.reason for s in first] == [s.reason for s in suggest(rose(), directory, top=20)]


def test_weights_change_the_order_predictably():
    default = {s.key: s for s in suggest(rose(), rose_directory(), top=20)}
    heavier = suggest(rose(), rose_directory(), top=20, weights=SuggestionWeights(reconnect=13.0))
    assert heavier[0].target.name == "Joan Pryor"
    assert heavier[0].score == pytest.approx(default["alter:joan"].score + 10.0)
    no_interest = {
        s.key: s for s in suggest(rose(), rose_directory(), top=20, weights=SuggestionWeights(interest=0))
    }
    # The music club matched one interest: without interest weight it has 2.5 points fewer.
    assert no_interest["asset:music"].score == pytest.approx(default["asset:music"].score - 2.5)


def test_top_and_skip():
    found = suggest(rose(), rose_directory(), top=3)
    assert len(found) == 3
    skipped = suggest(rose(), rose_directory(), top=20, skip={"alter:joan", "asset:singers"})
    assert "Joan Pryor" not in names(skipped) and "Wednesday Singers" not in names(skipped)
    assert suggest(rose(), rose_directory(), top=0) == []


def test_at_most_two_suggestions_share_one_reason():
    gardens = Directory([asset(f"g{n}", f"Garden {n}", "gardening", 0.1 * n) for n in range(1, 6)])
    found = suggest(gardener(), gardens)
    assert names(found) == ["Garden 1", "Garden 2"]
    assert len(suggest(gardener(), gardens, weights=SuggestionWeights(max_per_reason=4))) == 4


# --- the empty map and the map alone -----------------------------------------------------------------


def test_the_empty_map_gets_join_and_contribute_suggestions_from_interests_and_gifts():
    m = person(interests="gardening", gifts="fixes bikes")
    directory = Directory(
        [
            asset("garden", "Riverside Garden", "gardening"),
            asset("bikes", "Bike repair volunteer", "volunteering; repair; bikes", kind="volunteering"),
        ]
    )
    found = {s.target.name: s.kind for s in suggest(m, directory)}
    assert found == {"Riverside Garden": "join", "Bike repair volunteer": "contribute"}


def test_tiny_maps_work_with_and_without_a_directory():
    empty = person()
    assert suggest(empty) == []
    assert suggest(empty, Directory([])) == []
    alone = [s.kind for s in suggest(empty, rose_directory())]
    assert alone == ["fill_gap"]  # befriending: no one gives company or emotional support
    one = person([{"id": "a", "name": "Ann", "sector": "friends", "contact": "less", "circle": 2}])
    assert [s.kind for s in suggest(one)] == ["reconnect"]


# --- rules that protect the person --------------------------------------------------------------


def test_faith_groups_follow_the_persons_own_faith():
    mosque = asset("mosque", "Friday Prayers", "faith; muslim; mosque")
    chapel = asset("chapel", "Chapel Service", "faith; church; christian")
    directory = Directory([mosque, chapel])
    churchgoer = person(
        [{"id": "c", "name": "St Michael's Church", "kind": "group", "sector": "faith", "contact": "less"}],
        interests="faith",
    )
    assert "Chapel Service" in names(suggest(churchgoer, directory))
    assert "Friday Prayers" not in names(suggest(churchgoer, directory))
    unknown = person(interests="faith")
    assert set(names(suggest(unknown, directory))) == {"Friday Prayers", "Chapel Service"}
    # Someone active in a faith community is not offered another for their faith.
    active = person(
        [{"id": "c", "name": "St Michael's Church", "kind": "group", "sector": "faith", "contact": "weekly"}],
        interests="faith",
    )
    assert suggest(active, directory) == []


def test_groups_for_a_circumstance_need_the_map_to_show_it():
    carers = asset("carers", "Carers' Coffee", "carers; coffee; friendship")
    m = person()  # no one gives company: a gap
    assert "Carers' Coffee" not in names(suggest(m, Directory([carers])))
    carer = person(
        [{"id": "w", "name": "Brackford Carers' Centre", "kind": "service", "sector": "social_care"}]
    )
    assert "Carers' Coffee" in names(suggest(carer, Directory([carers])))


def test_someone_who_has_died_is_not_a_tie_to_renew():
    m = person([{"id": "t", "name": "Tariq", "sector": "household", "role": "late husband", "is_kin": True,
                 "circle": 1, "contact": "never"}])  # fmt: skip
    assert suggest(m) == []


def test_someone_the_person_cares_for_is_not_asked_for_help():
    m = person([{"id": "w", "name": "Margaret", "sector": "household", "role": "wife", "is_kin": True,
                 "circle": 1, "contact": "daily", "local": True, "gives": "personal_care"}])  # fmt: skip
    assert [s.target.name for s in suggest(m) if s.kind == "fill_gap"] == []


# --- weights in a file ------------------------------------------------------------------------------


def test_weights_from_toml(tmp_path):
    good = tmp_path / "weights.toml"
    good.write_text("[suggestions]\nreconnect = 5\nwalk_km = 1.5\nmax_per_reason = 3\n")
    w = load_weights(good)
    assert (w.reconnect, w.walk_km, w.max_per_reason) == (5.0, 1.5, 3)
    assert isinstance(w.reconnect, float)
    bad = tmp_path / "bad.toml"
    bad.write_text('reconect = 5\nnear = "far"\nmax_per_reason = 1.5\nlocal = -1\n')
    with pytest.raises(SettingsInvalid) as raised:
        load_weights(bad)
    assert [p.field for p in raised.value.problems] == ["reconect", "near", "max_per_reason", "local"]
    assert "bad.toml" in str(raised.value)


# --- every sample person against the sample directory ----------------------------------------------


@pytest.fixture(scope="module")
def sample_directory() -> Directory:
    return load_directory(SAMPLES_DIR / "directory")


SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*-20??-??.json"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_every_sample_person_gets_suggestions_never_for_what_is_on_their_map(path, sample_directory):
    m = load_map(path)
    found = suggest(m, sample_directory, top=25)
    assert found, "every sample person has something to try"
    on_their_map = {fold(a.name) for a in m.alters}
    for s in found:
        assert s.kind in SUGGESTION_KINDS and s.reason and s.reason.endswith((".", "?"))
        assert s.score == pytest.approx(sum(p for _, p in s.parts))
        if s.target.asset_id:
            chosen = sample_directory[s.target.asset_id]
            assert chosen.status == "active"
            assert not on_map(m, chosen)
            assert fold(chosen.name) not in on_their_map
            said = wording_of(chosen)
            for need in m.ego.access_needs:
                # A building's needs apply to a venue, not to an activity held outdoors.
                building = need in ("step_free", "hearing_loop") and not said.outdoors
                if building or need in ("low_cost", "quiet", "large_print"):
                    assert chosen.provides(need), (chosen.name, need)
            if "step_free" in m.ego.access_needs:
                assert said.adapted or not said.demands & {"walking", "running", "dancing"}, chosen.name
            if said.sex and m.ego.gender:
                assert {"woman": "women", "man": "men"}[m.ego.gender] == said.sex, chosen.name
            if "no_car" in m.ego.access_needs and m.ego.latitude is not None:
                km = distance_km(m.ego.latitude, m.ego.longitude, *chosen.coordinates)
                assert km <= 1.2 or chosen.on_bus_route or chosen.offers_transport
        else:
            assert s.target.alter_id is None or s.target.alter_id in {a.id for a in m.alters}
        if s.target.alter_id:
            alter = m.alter(s.target.alter_id)
            assert not alter.do_not_contact
            if alter.under_18 or alter.looked_after:
                assert "A call" not in s.reason
                assert "social worker" in s.reason or "parent or carer" in s.reason


def test_the_index_is_built_once_per_directory(sample_directory):
    assert index_of(sample_directory) is index_of(sample_directory)
    assert isinstance(index_of(sample_directory), DirectoryIndex)
    assert len(index_of(sample_directory)) == len(sample_directory.filter())
    m = load_map(SAMPLES_DIR / "edith-marsh-2025-03.json")
    assert suggest(m, index_of(sample_directory)) == suggest(m, sample_directory)


def test_target_keys():
    assert Target(name="X", kind="group", sector="community", asset_id="x").key == "asset:x"
    assert Target(name="Joan", kind="person", sector="friends", alter_id="joan").key == "alter:joan"
    assert Target(name="The Stroke Club!", kind="group", sector="community").key == "name:the stroke club"


# --- the command ---------------------------------------------------------------------------------


def test_cli_suggest_table_json_and_bad_input(tmp_path):
    runner = CliRunner()
    edith = str(SAMPLES_DIR / "edith-marsh-2025-03.json")
    directory = str(SAMPLES_DIR / "directory")
    table = runner.invoke(main, ["suggest", edith, "--directory", directory, "--top", "3"])
    assert table.exit_code == 0, table.output
    # Getting back to church matters to Edith, and Pat, whom she sees, is linked to her old church.
    assert table.output.startswith("1. St Michael's Church, Little Wenford [return, score 13.50]\n")
    assert "Next step: Ask Pat Greenaway to go back with you." in table.output
    assert "Nearly, but not quite:" in table.output
    as_json = runner.invoke(main, ["suggest", edith, "--directory", directory, "--format", "json"])
    report = json.loads(as_json.output)
    found = report["ideas"]
    assert len(found) == 10 and found[0]["target"]["alter_id"] == "church"
    assert found[0]["score"] == pytest.approx(sum(found[0]["parts"].values()))
    assert report["near_misses"] and report["held_back"] is False
    bad_map = tmp_path / "bad.json"
    bad_map.write_text('{"schema": "ecomap/1", "ego": {"id": "x"}}')
    broken = runner.invoke(main, ["suggest", str(bad_map), "--directory", directory])
    assert broken.exit_code == 1 and "field 'name'" in broken.output and "Traceback" not in broken.output
    missing = runner.invoke(main, ["suggest", edith, "--directory", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    weights = tmp_path / "w.toml"
    weights.write_text("reconect = 1\n")
    typo = runner.invoke(main, ["suggest", edith, "--weights", str(weights)])
    assert typo.exit_code == 1 and "reconect" in typo.output


def test_gaps_are_not_filled_while_support_is_recorded_for_no_one(tmp_path):
    # Rose's map as another tool might export it: everyone there, support never asked about.
    m = rose()
    m = m.model_copy(update={"alters": [a.model_copy(update={"support": []}) for a in m.alters]})
    report = suggestions_for(m, rose_directory(), top=20)
    assert "fill_gap" not in {s.kind for s in report.ideas}  # Phone Befriending and Kamal held back
    assert {s.target.name for s in report.ideas} == {
        "Joan Pryor", "St Anne's Church", "Wednesday Singers", "Tuesday Music Club", "Cafe baking volunteer"
    }  # fmt: skip
    assert not any("recorded as giving you" in s.reason for s in report.ideas)
    assert report.notes[0].startswith(
        "Support is not recorded for anyone on the map yet, so gaps in support are not known: ask Rose first "
        "who they could talk to about how they feel"
    )
    # Once asked (even "no one"), the gaps are known and filled as before.
    asked = m.model_copy(update={"alters": [a.model_copy(update={"support": ["none"]}) for a in m.alters]})
    assert "fill_gap" in {s.kind for s in suggestions_for(asked, rose_directory(), top=20).ideas}
    save_map(m, tmp_path / "rose.json")
    out = CliRunner().invoke(main, ["suggest", str(tmp_path / "rose.json")]).output
    assert "Note: Support is not recorded for anyone on the map yet" in out


def test_a_change_of_band_reads_in_words():
    effect = Effect(3, 14, "unknown", "low", (), (), ())
    assert effect.sentence() == (
        "LSNS-6 estimate 3 -> 14; not enough recorded yet -> low risk of isolation."
    )
