"""Every rule of safe, person-led suggestions, on small hand-made people and a small hand-made HSDS 3.0
directory in the specification's own layout (plural file names, the specification's columns), read
the way a real Open Referral UK or OpenActive feed words things: no project-only tags."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecomap.directory import Directory, load_directory
from ecomap.directory.wording import language_code, single_sex, wording_of
from ecomap.model import EcoMap, validate_map
from ecomap.plan import ConnectionPlan, came_true, has_come_true, planned_map
from ecomap.suggest import LONG_TERM_KINDS, suggest, suggestions_for

HOME = (51.1400, -2.7100)
#: One kilometre east of HOME in degrees of longitude (111.19 km x cos 51.14 deg = 69.80 km a degree).
KM_EAST = 1 / (111.19 * math.cos(math.radians(51.14)))


def east(km: float) -> str:
    return f"{HOME[1] + km * KM_EAST:.6f}"


def table(rows: list[dict[str, object]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


#: (id, name, description, eligibility_description, location, day, opens, closes, terms)
SERVICES = [
    ("walking-football", "Walking Football", "Football at a walking pace; no running, no tackling.", "",
     "hall", "WE", "10:00", "11:00", ["Walking Football"]),
    ("inclusive-sport", "Inclusive Sports Morning",
     "Boccia and seated volleyball, adapted for wheelchair users.", "",
     "hall", "WE", "13:00", "14:30", ["Boccia", "Sport"]),
    ("health-walk", "Park Health Walk", "A gentle walk round the park in all weathers.", "",
     "park", "WE", "10:00", "11:00", ["Walking"]),
    ("history-talks", "History Talks", "Illustrated talks on the town's past.", "",
     "upstairs", "WE", "19:00", "20:30", ["Local history"]),
    ("sewing-circle", "Sewing Circle", "Sewing, mending and a chat.", "Women only",
     "hall", "WE", "14:00", "16:00", ["Sewing"]),
    ("mens-shed", "Riverside Men's Shed", "Woodwork, repairs and a cuppa.", "",
     "hall", "TU", "10:00", "12:00", ["Woodwork"]),
    ("klub-polski", "Klub Polski", "Chess, cards and conversation for older Poles.", "",
     "hall", "TU", "14:00", "16:00", ["Chess", "Conversation"]),
    ("chess-club", "Chess Club", "Friendly games for all levels.", "",
     "hall", "TU", "19:00", "21:00", ["Chess"]),
    ("esol", "Speaking English", "ESOL: practise speaking English with volunteers.", "",
     "hall", "TH", "10:00", "11:30", ["Adult learning"]),
    ("carers-coffee", "Carers' Coffee Morning", "Coffee and cake on us for unpaid carers.", "",
     "hall", "TU", "10:00", "12:00", ["Carers"]),
    ("memory-cafe", "Memory Cafe",
     "For people living with dementia and those who care for them, together.", "",
     "hall", "TH", "14:00", "16:00", ["Dementia"]),
    ("bowls", "Park Bowls Club", "Roll-ups on the green and tea in the pavilion.", "",
     "park", "TH", "14:00", "17:00", ["Bowls"]),
    ("cooking-course", "Cooking Course", "Learn to cook simple meals and take them home.", "",
     "hall", "MO", "10:00", "12:00", ["Cooking"]),
    ("community-kitchen", "Community Kitchen", "Lunch for neighbours; cooks and helpers wanted.", "",
     "hall", "MO", "10:00", "13:00", ["Cooking"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def hsds(tmp_path_factory) -> Path:
    """A small HSDS 3.0 tabular package written as the specification lays it out."""
    folder = tmp_path_factory.mktemp("hsds3")
    locations = [
        {"id": "hall", "location_type": "physical", "name": "Church Hall", "latitude": HOME[0],
         "longitude": east(0.5)},
        {"id": "park", "location_type": "physical", "name": "Victoria Park", "latitude": HOME[0],
         "longitude": east(0.8)},
        {"id": "upstairs", "location_type": "physical", "name": "The Crown, upstairs", "latitude": HOME[0],
         "longitude": east(0.3)},
    ]  # fmt: skip
    terms = sorted({t for *_, ts in SERVICES for t in ts})
    term_id = {t: f"term-{n}" for n, t in enumerate(terms)}
    files = {
        "organizations.csv": table(
            [{"id": "org", "name": "Riverside Community Association", "description": "Groups for all."}],
            ["id", "name", "description", "email", "website"],
        ),
        "services.csv": table(
            [
                {
                    "id": s[0],
                    "organization_id": "org",
                    "name": s[1],
                    "description": s[2],
                    "status": "active",
                    "eligibility_description": s[3],
                }
                for s in SERVICES
            ],
            [
                "id",
                "organization_id",
                "name",
                "alternate_name",
                "description",
                "url",
                "email",
                "status",
                "eligibility_description",
                "minimum_age",
                "maximum_age",
            ],
        ),  # fmt: skip
        "locations.csv": table(locations, ["id", "location_type", "name", "latitude", "longitude"]),
        "service_at_locations.csv": table(
            [{"id": f"{s[0]}-at", "service_id": s[0], "location_id": s[4]} for s in SERVICES],
            ["id", "service_id", "location_id", "description"],
        ),
        "schedules.csv": table(
            [
                {
                    "id": f"{s[0]}-when",
                    "service_id": s[0],
                    "freq": "WEEKLY",
                    "interval": 1,
                    "byday": s[5],
                    "opens_at": s[6],
                    "closes_at": s[7],
                }
                for s in SERVICES
            ],
            [
                "id",
                "service_id",
                "location_id",
                "service_at_location_id",
                "freq",
                "interval",
                "byday",
                "opens_at",
                "closes_at",
                "description",
            ],
        ),  # fmt: skip
        "languages.csv": table(
            [{"id": "lang-1", "service_id": "klub-polski", "name": "Polish", "code": "pl"}],
            ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
        ),
        "accessibility.csv": table(
            [
                {
                    "id": "hall-access",
                    "location_id": "hall",
                    "description": "Wheelchair access throughout. Induction loop in the main hall. "
                    "Dementia friendly.",
                }
            ],
            ["id", "location_id", "description", "details", "url"],
        ),  # fmt: skip
        "phones.csv": table(
            [
                {"id": f"{s[0]}-phone", "service_id": s[0], "number": f"01632 96{n:04d}", "type": "voice"}
                for n, s in enumerate(SERVICES)
            ],
            [
                "id",
                "location_id",
                "service_id",
                "organization_id",
                "contact_id",
                "service_at_location_id",
                "number",
                "extension",
                "type",
                "description",
            ],
        ),  # fmt: skip
        "addresses.csv": table(
            [
                {
                    "id": "hall-address",
                    "location_id": "hall",
                    "address_1": "Church Lane",
                    "city": "Riverside",
                    "postal_code": "ZZ9 1AA",
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            [
                "id",
                "location_id",
                "attention",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
        ),  # fmt: skip
        "taxonomies.csv": table(
            [{"id": "activities", "name": "OpenActive Activity List", "description": "Activities"}],
            ["id", "name", "description", "uri", "version"],
        ),
        "taxonomy_terms.csv": table(
            [{"id": term_id[t], "code": t.lower(), "name": t, "taxonomy_id": "activities"} for t in terms],
            [
                "id",
                "code",
                "name",
                "description",
                "parent_id",
                "taxonomy",
                "language",
                "taxonomy_id",
                "term_uri",
            ],
        ),  # fmt: skip
        "attributes.csv": table(
            [
                {
                    "id": f"{s[0]}-{term_id[t]}",
                    "link_id": s[0],
                    "link_type": "",
                    "link_entity": "service",
                    "taxonomy_term_id": term_id[t],
                }
                for s in SERVICES
                for t in s[8]
            ],
            ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label"],
        ),  # fmt: skip
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def directory(hsds):
    return load_directory(hsds)


def person(alters: list[dict] | None = None, ties: list[dict] | None = None, **ego) -> EcoMap:
    record = {"id": "p", "name": "Pat Doe", "map_date": "2026-03-01", "year_of_birth": 1950,
              "latitude": HOME[0], "longitude": HOME[1], **ego}  # fmt: skip
    return validate_map(record, alters or [], ties or [])


def names(found) -> list[str]:
    return [s.target.name for s in found]


# --- reading the directory's own words -------------------------------------------------------------


def test_the_hsds_3_package_is_read_with_its_language_and_eligibility(directory):
    assert len(directory) == len(SERVICES)
    assert directory["klub-polski"].languages == ("pl",)
    assert directory["sewing-circle"].eligibility == "Women only"
    assert directory["walking-football"].tags == ("walking football",)
    assert directory["walking-football"].phone == "01632 960000"
    assert {"step_free", "hearing_loop", "dementia_friendly"} <= directory["walking-football"].accessibility


def test_the_wording_says_what_an_activity_asks_and_who_it_is_for(directory):
    football = wording_of(directory["walking-football"])
    assert football.demands == {"walking", "running"} and not football.adapted
    assert wording_of(directory["inclusive-sport"]).adapted
    walk = wording_of(directory["health-walk"])
    assert walk.outdoors and walk.demands == {"walking"}
    assert wording_of(directory["sewing-circle"]).sex == "women"
    assert wording_of(directory["mens-shed"]).sex == "men"
    polish = wording_of(directory["klub-polski"])
    assert polish.languages == {"pl"} and polish.talk
    assert wording_of(directory["esol"]).learning_english
    assert wording_of(directory["community-kitchen"]).wants_helpers
    assert not wording_of(directory["cooking-course"]).wants_helpers
    assert wording_of(directory["memory-cafe"]).together


@pytest.mark.parametrize(
    "texts, sex",
    [(("Men's Shed",), "men"), (("Women only",), "women"), (("Dads' club",), "men"),
     (("Sisters' Circle",), "women"), (("Men and women welcome",), None), (("Lunch club",), None),
     (("Not for men only",), None)],
)  # fmt: skip
def test_single_sex_words(texts, sex):
    assert single_sex(texts) == sex


def test_language_codes_and_names():
    assert [language_code(t) for t in ("Urdu", "ur", "urd", "Panjabi", "Polski", "Elvish")] == [
        "ur", "ur", "ur", "pa", "pl", None
    ]  # fmt: skip


# --- 2. activity fit -------------------------------------------------------------------------------


def test_a_wheelchair_user_gets_the_adapted_sport_not_walking_football(directory):
    derek = person(interests="sport; football; boccia", access_needs="step_free", availability="wed")
    found = suggestions_for(derek, directory)
    assert "Walking Football" not in names(found.ideas)
    assert "Inclusive Sports Morning" in names(found.ideas)
    assert "Walking Football: asks for running and walking, and is not said to be adapted" in (
        found.near_misses
    )


def test_venue_needs_apply_to_venues_not_to_outdoor_walks(directory):
    frank = person(interests="walking; local history", access_needs="hearing_loop", availability="wed")
    found = suggestions_for(frank, directory)
    # The walk is in the park: a hearing loop is a building's. The talks are upstairs, with no loop.
    assert "Park Health Walk" in names(found.ideas)
    assert "History Talks" not in names(found.ideas)
    assert "History Talks: does not offer a hearing loop" in found.near_misses


def test_a_cared_for_persons_needs_apply_only_to_what_they_attend_together(directory):
    wife = {"id": "may", "name": "May Doe", "sector": "household", "is_kin": True, "contact": "daily",
            "gives": "personal_care"}  # fmt: skip
    graham = person([wife], interests="bowls", access_needs="dementia_friendly", availability="thu")
    # Bowls is his own: the park has no dementia-friendly welcome, and he does not need one there.
    assert "Park Bowls Club" in names(suggest(graham, directory))
    # Someone who needs it for themselves is not offered it.
    alone = person(interests="bowls", access_needs="dementia_friendly", availability="thu")
    assert "Park Bowls Club" not in names(suggest(alone, directory))


# --- 3. single-sex and language ----------------------------------------------------------------------


def test_single_sex_groups_follow_the_recorded_gender(directory):
    man = person(interests="sewing; woodwork", gender="man", availability="tue; wed")
    woman = person(interests="sewing; woodwork", gender="woman", availability="tue; wed")
    unknown = person(interests="sewing; woodwork", availability="tue; wed")
    assert names(suggest(man, directory)) == ["Riverside Men's Shed"]
    assert names(suggest(woman, directory)) == ["Sewing Circle"]
    found = {s.target.name: s for s in suggest(unknown, directory)}
    assert set(found) == {"Sewing Circle", "Riverside Men's Shed"}
    assert "for women only" in found["Sewing Circle"].reason
    assert "for men only" in found["Riverside Men's Shed"].reason
    assert "Sewing Circle: for women only" in suggestions_for(man, directory).near_misses


def test_a_talk_needs_a_shared_language_hands_on_does_not(directory):
    polish = person(interests="chess", languages="pl", interpreter=True, availability="tue")
    english = person(interests="chess", availability="tue")
    found = {s.target.name: s for s in suggest(polish, directory)}
    # Klub Polski is held in Polish: preferred (the language part), and said so.
    assert list(found) == ["Klub Polski", "Chess Club"]
    assert dict(found["Klub Polski"].parts)["language"] == 1.5 and "in Polish" in found["Klub Polski"].reason
    # An English speaker (languages not recorded) is not offered a conversation club held in Polish.
    assert names(suggest(english, directory)) == ["Chess Club"]
    assert "Klub Polski: is held in Polish" in suggestions_for(english, directory).near_misses
    # A talk held in English is not offered to someone who speaks no English.
    talks = person(interests="local history", languages="pl", availability="wed")
    assert "History Talks: is held in English" in suggestions_for(talks, directory).near_misses


def test_learning_english_matches_what_matters_about_english(directory):
    nasreen = person(what_matters="better English so she can talk to the doctor herself", availability="thu",
                     languages="ur; pa; en", gender="woman")  # fmt: skip
    first = suggest(nasreen, directory)[0]
    assert first.target.name == "Speaking English"
    assert first.reason.startswith(
        'It speaks to what matters to you, in your words, "better English so she can talk to the doctor '
        'herself": Speaking English runs then (Thursdays 10:00-11:30), 500 m from home.'
    )
    assert dict(first.parts)["what_matters"] == 8.0


# --- 4. what matters leads ---------------------------------------------------------------------------


def test_what_matters_outweighs_two_interests(directory):
    m = person(interests="chess; conversation", what_matters="woodwork with others", gender="man",
               availability="tue", languages="pl")  # fmt: skip
    ideas = names(suggest(m, directory))
    # Klub Polski matches two interests (2 x 2.5) and the language (1.5): 6.5; the Shed what matters: 8.
    assert ideas.index("Riverside Men's Shed") < ideas.index("Klub Polski")


def test_a_good_life_in_the_persons_words_counts_clause_by_clause(directory):
    m = person(good_life='"A sit by the riverside, then sewing with other women."', availability="tue; wed")
    found = {s.target.name: s for s in suggest(m, directory)}
    # "sewing with other women" names the Sewing Circle's own term; "riverside" is only a word
    # of the Men's Shed's name, which is not enough for a story.
    assert found["Sewing Circle"].reason.startswith(
        'It speaks to what matters to you, in your words, "sewing with other women": '
    )
    assert "Riverside Men's Shed" not in found


def test_the_best_idea_on_an_existing_tie_is_in_the_first_three(directory):
    joan = {"id": "joan", "name": "Joan Pryor", "sector": "friends", "role": "friend", "circle": 3,
            "contact": "less", "last_contact": "2025-01-10", "support": "company"}  # fmt: skip
    m = person([joan], interests="chess; sewing; woodwork; sport; cooking; walking", gender="woman",
               availability="mon; tue; wed")  # fmt: skip
    found = suggest(m, directory, top=8)
    assert found[2].target.name == "Joan Pryor" and found[2].kind == "reconnect"
    assert found[0].score > found[2].score and found[1].score > found[2].score


def test_a_lapsed_group_that_still_fits_is_a_return_idea(directory):
    club = {"id": "bowls", "name": "Park Bowls Club", "kind": "group", "sector": "community",
            "role": "lapsed member", "contact": "less", "last_contact": "2024-05-01"}  # fmt: skip
    found = {s.target.name: s for s in suggest(person([club], availability="thu"), directory)}
    back = found["Park Bowls Club"]
    assert back.kind == "return" and back.target.alter_id == "bowls"
    assert back.reason.startswith("You used to go to Park Bowls Club (lapsed member)")
    assert back.next_step == "Ring 01632 960011 to ask about going back."
    # No longer fits: a walking group for someone who now uses a wheelchair is a near miss.
    walk = {"id": "walk", "name": "Park Health Walk", "kind": "group", "sector": "community",
            "contact": "never", "last_contact": "2024-01-01"}  # fmt: skip
    wheelchair = suggestions_for(person([walk], access_needs="step_free"), directory)
    assert "Park Health Walk" not in names(wheelchair.ideas)
    assert "Park Health Walk (on the map, lapsed): asks for walking, and is not said to be adapted" in (
        wheelchair.near_misses
    )


def test_a_carers_group_is_offered_to_a_carer_without_an_interest(directory):
    wife = {"id": "may", "name": "May Doe", "sector": "household", "role": "wife, cares for her",
            "contact": "daily", "gives": "personal_care"}  # fmt: skip
    carer = suggest(person([wife], availability="tue"), directory)
    assert names(carer)[0] == "Carers' Coffee Morning"
    assert carer[0].reason.startswith("A group for carers like you")
    assert "Carers' Coffee Morning" not in names(suggest(person(availability="tue"), directory))


def test_contribute_only_where_help_is_wanted(directory):
    cook = person(gifts="cooking for crowds", availability="mon")
    found = {s.target.name: s.kind for s in suggest(cook, directory)}
    assert found == {"Community Kitchen": "contribute", "Cooking Course": "join"}


# --- 5. safeguarding ---------------------------------------------------------------------------------


def test_do_not_contact_is_never_suggested_nor_used_as_a_go_between():
    ex = {"id": "ex", "name": "Ex Partner", "sector": "friends", "circle": 1, "contact": "never",
          "last_contact": "2024-01-01", "do_not_contact": True}  # fmt: skip
    tenuous = {"id": "n", "name": "Neighbour", "sector": "neighbours", "strength": "tenuous",
               "contact": "weekly", "local": True, "do_not_contact": True}  # fmt: skip
    old = {"id": "old", "name": "Old Friend", "sector": "friends", "circle": 2, "contact": "never",
           "last_contact": "2024-01-01"}  # fmt: skip
    ties = [{"source": "n", "target": "old"}]
    found = suggest(person([ex, tenuous, old], ties), top=20)
    targets = {s.target.alter_id for s in found}
    assert "ex" not in targets and "n" not in targets
    old_friend = next(s for s in found if s.target.alter_id == "old")
    assert "Neighbour" not in old_friend.reason and old_friend.next_step == "Ring or write to Old Friend."


def test_children_are_reached_through_their_parent_carer_or_social_worker():
    kai = {"id": "kai", "name": "Kai", "sector": "family", "role": "half-brother, 12", "is_kin": True,
           "circle": 1, "contact": "never", "last_contact": "2024-08-20", "under_18": True,
           "looked_after": True}  # fmt: skip
    jamie = {"id": "jamie", "name": "Jamie", "sector": "family", "role": "grandson, 14", "is_kin": True,
             "circle": 2, "contact": "less", "last_contact": "2024-08-20", "under_18": True}  # fmt: skip
    found = {s.target.alter_id: s for s in suggest(person([kai, jamie]))}
    assert "A call" not in found["kai"].reason
    assert "contact goes through Kai's social worker" in found["kai"].reason
    assert found["kai"].next_step == "Ask Kai's social worker about contact."
    assert "contact goes through Jamie's parent or carer" in found["jamie"].reason
    assert found["jamie"].next_step == "Ask Jamie's parent or carer first."


def test_no_go_between_on_a_high_stress_tie_and_strain_is_said():
    dad = {"id": "dad", "name": "Mark", "sector": "family", "role": "dad", "is_kin": True, "circle": 2,
           "stress": "some", "contact": "less", "last_contact": "2024-06-15"}  # fmt: skip
    mum = {"id": "mum", "name": "Kerry", "sector": "household", "role": "mum", "is_kin": True,
           "contact": "daily"}  # fmt: skip
    nan = {"id": "nan", "name": "Brenda", "sector": "family", "role": "nan", "is_kin": True,
           "contact": "weekly"}  # fmt: skip
    ties = [
        {"source": "mum", "target": "dad", "stress": "high"},
        {"source": "nan", "target": "dad", "stress": "some"},
    ]
    mark = next(s for s in suggest(person([dad, mum, nan], ties)) if s.target.alter_id == "dad")
    assert "Kerry" not in mark.reason
    assert "Brenda knows Mark too and could help you get back in touch." in mark.reason
    assert "It has been difficult between you" in mark.reason
    assert "Things are not always easy between Brenda and Mark either." in mark.reason


# --- 6. say what could not be done ---------------------------------------------------------------------


def test_near_misses_say_why(directory):
    m = person(interests="bowls", availability="tue")
    found = suggestions_for(m, directory)
    assert not found.ideas
    assert found.near_misses == ("Park Bowls Club: meets Thursdays 14:00-17:00; you are free Tuesdays",)


def test_nothing_within_reach_says_how_far_the_nearest_is(directory):
    # 31 km north of every venue (one degree of latitude is 111.19 km; 31 / 111.19 = 0.2788 deg).
    far = person(interests="chess", access_needs="no_car", latitude=HOME[0] + 0.2788)
    found = suggestions_for(far, directory)
    assert "Nothing in the directory is within reach: the nearest is 31 km away." in found.notes


def test_unknown_availability_asks_to_check_the_time(directory):
    found = suggestions_for(person(interests="chess"), directory)
    assert all("check the time suits" in s.reason and "meets then" not in s.reason for s in found.ideas)
    assert any("check the time suits" in note for note in found.notes)


def test_crisis_holds_back_long_term_ideas_and_says_so(directory):
    friend = {"id": "f", "name": "Sam", "sector": "friends", "circle": 2, "contact": "less",
              "last_contact": "2024-01-01", "support": "emotional"}  # fmt: skip
    calm = suggestions_for(person([friend], interests="chess", availability="tue"), directory)
    in_crisis = person([friend], interests="chess", availability="tue", stage="crisis")
    crisis = suggestions_for(in_crisis, directory)
    assert {s.kind for s in calm.ideas} & LONG_TERM_KINDS
    assert crisis.held_back and not {s.kind for s in crisis.ideas} & LONG_TERM_KINDS
    assert "Sam" in names(crisis.ideas)
    assert crisis.notes[0].startswith("In a crisis: ideas for the longer term")


# --- 7. the plan follows the map ---------------------------------------------------------------------


def test_plan_items_carry_phone_address_and_next_step(directory):
    chess = suggest(person(interests="chess", availability="tue"), directory)[0]
    plan = ConnectionPlan().accept(chess, "Helen", date(2026, 3, 1))
    item = plan.items[0]
    assert item.phone == "01632 960007"
    assert item.address == "Church Hall, Church Lane, Riverside, ZZ9 1AA"
    assert item.next_step == "Ring 01632 960007 to ask about the next session."


def test_a_planned_tie_that_came_true_is_offered_as_achieved_and_not_drawn_dotted():
    joan = {"id": "joan", "name": "Joan", "sector": "friends", "circle": 2, "contact": "never",
            "last_contact": "2024-01-01"}  # fmt: skip
    m = person([joan])
    idea = next(s for s in suggest(m) if s.target.alter_id == "joan")
    plan = ConnectionPlan().accept(idea, "Helen", date(2026, 3, 1))
    assert planned_map(m, plan)[1] == {"joan"} and came_true(m, plan) == ()
    # Recorded as back in touch (weekly, not the planned monthly): it came true all the same.
    now = person([{**joan, "contact": "weekly", "last_contact": "2026-02-20"}])
    assert has_come_true(now, plan.items[0])
    assert planned_map(now, plan)[1] == set()
    achieved = plan.achieve(plan.items[0].id, "Helen", date(2026, 3, 2))
    assert [c.status for c in achieved.items[0].history] == ["suggested", "agreed", "attending"]


# --- every rule at once, whoever the person is -------------------------------------------------------

people = st.fixed_dictionaries(
    {
        "gender": st.sampled_from([None, "woman", "man", "non_binary"]),
        "languages": st.sampled_from([[], ["en"], ["pl"], ["ur", "pa", "en"]]),
        "interpreter": st.sampled_from([None, True, False]),
        "access_needs": st.lists(
            st.sampled_from(["step_free", "hearing_loop", "dementia_friendly"]), unique=True
        ),
        "interests": st.lists(
            st.sampled_from(["chess", "sewing", "woodwork", "sport", "walking", "bowls", "local history"]),
            unique=True,
        ),
        "stage": st.sampled_from([None, "connect", "crisis"]),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ego=people)
def test_no_idea_ever_breaks_a_rule(directory, ego):
    m = person(**ego)
    found = suggestions_for(m, directory, top=20)
    needs = set(ego["access_needs"])
    for s in found.ideas:
        said = wording_of(directory[s.target.asset_id])
        if ego["gender"] is not None and said.sex:
            assert {"woman": "women", "man": "men"}.get(ego["gender"]) == said.sex
        if "step_free" in needs:
            assert said.adapted or not said.demands & {"walking", "running", "dancing", "standing"}
        if "hearing_loop" in needs and not said.outdoors:
            assert directory[s.target.asset_id].provides("hearing_loop")
        if ego["stage"] == "crisis":
            assert s.kind not in LONG_TERM_KINDS
        assert s.kind != "contribute" or said.wants_helpers or directory[s.target.asset_id].is_volunteering


def test_a_gift_is_not_matched_to_support_the_person_would_receive(directory):
    befriending = directory["chess-club"].model_copy(
        update={"id": "befriending", "name": "Phone Friends", "tags": ("befriending", "company")}
    )
    role = befriending.model_copy(
        update={"id": "befriender", "name": "Phone Friends volunteer", "kind": "volunteering"}
    )
    found = {s.target.name: s for s in suggest(person(gifts="good company"), Directory([befriending, role]))}
    assert found["Phone Friends volunteer"].kind == "contribute"
    # Befriending is still offered for the company nobody on the map gives, not for the gift.
    assert found["Phone Friends"].kind == "fill_gap" and "gift" not in dict(found["Phone Friends"].parts)
