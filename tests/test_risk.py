"""Strengths, flags, band, thresholds and "what if": each rule fires on a hand-made map and not
on a counter-example, and its sentence names the people involved."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from ecomap.model import EcoMap
from ecomap.risk import (
    ALL_BANDS,
    FLAG_NAMES,
    Flag,
    Strength,
    assess,
    band_of,
    resilience,
    what_if,
    without,
)
from ecomap.settings import SettingsInvalid, Thresholds, load_thresholds
from tests.strategies import maps
from tests.test_measures import make_map

# A well-supported person: no concern fires. Every support function has two givers, the LSNS-6
# estimate is exactly 12 (family: seen 2, confide 2, help 2 -> 2+2+2; friends the same), and the
# alters form one group of five plus the GP.
HEALTHY_ALTERS = {
    "ruth": dict(
        name="Ruth Okafor",
        sector="family",
        role="daughter",
        is_kin=True,
        circle=1,
        contact="weekly",
        support="emotional;practical;emergency;personal_care",
        gives="company",
    ),
    "tom": dict(
        name="Tom Okafor",
        sector="family",
        role="son",
        is_kin=True,
        circle=2,
        contact="weekly",
        support="emotional;transport;emergency;practical",
    ),
    "bisi": dict(
        name="Bisi Adeyemi",
        role="friend",
        circle=2,
        contact="weekly",
        support="emotional;company;practical;emergency",
        gives="company",
    ),
    "joan": dict(
        name="Joan Smith",
        sector="neighbours",
        role="neighbour",
        contact="weekly",
        support="emotional;practical;emergency;company;transport",
    ),
    "club": dict(
        name="Friday Lunch Club",
        kind="group",
        sector="community",
        contact="weekly",
        support="company;information",
    ),
    "gp": dict(
        name="Brook Surgery",
        kind="service",
        sector="health",
        is_paid=True,
        contact="monthly",
        support="information;personal_care",
    ),
}
HEALTHY_TIES = [("ruth", "tom"), ("tom", "bisi"), ("bisi", "joan"), ("joan", "club")]


def variant(changes=None, drop=(), ties=None, extra=(), **ego):
    """The healthy map with some alters' fields changed, some dropped, others added, other ties."""
    changes = changes or {}
    alters = [
        {"id": i, **fields, **changes.get(i, {})} for i, fields in HEALTHY_ALTERS.items() if i not in drop
    ]
    kept = [(s, t) for s, t in (HEALTHY_TIES if ties is None else ties) if s not in drop and t not in drop]
    return make_map([*alters, *extra], kept, **ego)


HEALTHY = variant()


def flags(m, code):
    return [f for f in assess(m).flags if f.code == code]


def the_flag(m, code) -> Flag:
    found = flags(m, code)
    assert len(found) == 1, [f.code for f in assess(m).flags]
    return found[0]


def test_the_healthy_map_has_no_flags_and_a_low_band():
    a = assess(HEALTHY)
    assert a.flags == () and a.band == "low"
    assert a.measures.lsns6_estimate == 12


def test_strengths_of_the_healthy_map_in_order_with_names():
    a = assess(HEALTHY)
    assert a.strength_codes == (
        "confidant",
        "close_kin",
        "close_friends",
        "mutual_support",
        "community_member",
        "neighbourly",
        "connected_people",
        "diverse_network",
    )
    by_code = {s.code: s for s in a.strengths}
    assert by_code["confidant"].sentence == (
        "You can talk to Ruth Okafor, Tom Okafor, Bisi Adeyemi and Joan Smith about how you feel."
    )
    assert by_code["confidant"].people == ("ruth", "tom", "bisi", "joan")
    assert by_code["close_kin"].sentence == "You have family close to you: Ruth Okafor and Tom Okafor."
    assert by_code["mutual_support"].sentence == "You and Ruth Okafor and Bisi Adeyemi help each other."
    assert by_code["community_member"].people == ("club",)
    assert by_code["connected_people"].people == ("ruth", "tom", "bisi", "joan", "club")
    assert "Ruth Okafor, Tom Okafor, Bisi Adeyemi and 2 others know each other" in (
        by_code["connected_people"].sentence
    )
    # The surgery is paid: health is not one of the "parts of life" counted.
    assert by_code["diverse_network"].sentence == (
        "Your network reaches into 4 parts of life: family, friends, neighbours and community."
    )
    assert all(isinstance(s, Strength) and s.rule for s in a.strengths)


def test_more_strengths_from_pets_giving_gifts_and_what_matters():
    m = variant(
        {"bisi": {"gives": "", "support": "company"}, "joan": {"gives": "practical", "support": ""}},
        extra=[dict(id="rex", name="Rex", kind="pet", sector="pets", contact="daily", support="company")],
        gifts="baking;gardening",
        what_matters="my garden",
    )
    by_code = {s.code: s for s in assess(m).strengths}
    assert by_code["gives_to_others"].sentence == "You already help Joan Smith."
    assert by_code["pet_companion"].sentence == "Rex keeps you company."
    assert by_code["gifts"].sentence == "You have gifts to share: baking and gardening."
    assert by_code["what_matters"].sentence == "You told us what matters to you: \u201cmy garden\u201d."


def test_an_empty_map_has_sensible_words():
    a = assess(make_map(year_of_birth=1950))
    assert a.strength_codes == ("starting_point",)
    # An empty map is a finding: nothing on it is unrecorded, so every absence is settled.
    assert a.flag_codes == (
        "lsns_at_risk",
        "lsns_family_low",
        "lsns_friends_low",
        "no_close_unpaid",
        "support_gap",
        "no_community",
        "receives_only",
    )
    assert a.band == "high" and a.to_ask == ()
    assert a.network_type == "private restricted (approximate)"
    with_gifts = assess(make_map(gifts="baking", what_matters="my faith", interests="choir"))
    assert with_gifts.strength_codes == ("gifts", "what_matters")
    sentences = {f.code: f.sentence for f in with_gifts.flags}
    assert sentences["receives_only"].startswith("You have gifts to share (baking)")
    assert "Your interests (choir) could lead to one." in sentences["no_community"]


def test_lsns_at_risk_fires_below_the_cut_off():
    # Joan no longer a confidant: friends' "confide" count 2 -> 1, coded 2 -> 1, so 12 -> 11.
    flag = the_flag(variant({"joan": {"support": "practical;emergency;company;transport"}}), "lsns_at_risk")
    assert "estimated 11 out of 30" in flag.sentence
    assert flag.rule.startswith("LSNS-6 estimate from the map 11 < 12, with everything it counts recorded")
    assert not flags(HEALTHY, "lsns_at_risk")  # 12 is not below 12


def test_no_close_unpaid_fires_and_names_those_close_but_out_of_touch():
    far = {i: {"circle": 3} for i in ("tom", "bisi")}
    flag = the_flag(variant({**far, "ruth": {"contact": "less"}}), "no_close_unpaid")
    assert flag.people == ("ruth",)
    assert flag.sentence == (
        "No one unpaid is recorded in your closest circles whom you see or hear from at least monthly. "
        "Ruth Okafor is close, but not in touch that often."
    )
    assert not flags(variant(far), "no_close_unpaid")  # Ruth, circle 1, weekly


def test_paid_dominant_names_the_paid():
    m = make_map(
        [
            dict(id="ruth", name="Ruth Okafor", is_kin=True, sector="family", contact="weekly"),
            dict(
                id="gp",
                name="Brook Surgery",
                kind="service",
                sector="health",
                is_paid=True,
                contact="monthly",
            ),
            dict(
                id="care",
                name="Carewell",
                kind="service",
                sector="social_care",
                is_paid=True,
                contact="daily",
            ),
        ]
    )
    flag = the_flag(m, "paid_dominant")
    assert flag.people == ("gp", "care") and "Brook Surgery and Carewell" in flag.sentence
    assert flag.rule == "paid share of active ties 0.67 >= 0.5"
    assert not flags(HEALTHY, "paid_dominant")  # 1 of 6


def test_single_point_names_who():
    flag = the_flag(variant({"tom": {"support": "emotional;emergency;practical"}}), "single_point")
    assert flag.sentence == "Only Joan Smith gives you transport."
    assert flag.people == ("joan",)
    assert flag.rule == "transport given by exactly one alter, with everyone's support recorded"
    assert not flags(HEALTHY, "single_point")


def test_single_point_gives_one_flag_per_person_with_all_their_functions():
    m = make_map(
        [
            dict(id="bisi", name="Bisi Adeyemi", support="transport;emergency"),
            dict(id="ruth", name="Ruth", support="emotional"),
        ]
    )
    found = flags(m, "single_point")
    assert [f.sentence for f in found] == [
        "Only Bisi Adeyemi gives you transport and help in an emergency.",
        "Only Ruth gives you emotional support.",
    ]


def test_support_gap_is_about_emotional_support_and_emergencies():
    no_emergency = {i: {"support": "company;practical;transport"} for i in ("ruth", "tom", "bisi", "joan")}
    no_emergency["ruth"]["support"] = "emotional;personal_care;practical"
    flag = the_flag(variant(no_emergency), "support_gap")
    assert flag.sentence == "No one on your map is recorded as giving you help in an emergency."
    both = the_flag(make_map([dict(id="x", support="company")]), "support_gap")
    assert both.sentence == (
        "No one on your map is recorded as giving you emotional support or help in an emergency."
    )
    # No one gives information here, but that is not a critical function.
    no_information = variant({"club": {"support": "company"}, "gp": {"support": "personal_care"}})
    assert not flags(no_information, "support_gap")


def test_mostly_dormant_from_half_the_map():
    quiet = {i: {"contact": "less"} for i in ("tom", "club")}
    quiet["gp"] = {"last_contact": "2025-01-01"}
    flag = the_flag(variant(quiet), "mostly_dormant")
    assert flag.people == ("tom", "club", "gp")
    assert "Tom Okafor, Friday Lunch Club and Brook Surgery" in flag.sentence
    assert flag.rule == "dormant ties 3 of 6 (0.50) >= 0.5"
    del quiet["gp"]
    assert not flags(variant(quiet), "mostly_dormant")


def test_fragmented_when_no_one_knows_anyone():
    flag = the_flag(variant(ties=[("ruth", "tom")]), "fragmented")
    assert flag.rule.startswith("5 separate groups among 6 alters (0.83) >= 0.5")
    assert not flags(HEALTHY, "fragmented")  # 2 groups among 6
    two_strangers = make_map([dict(id="a"), dict(id="b")])
    assert not flags(two_strangers, "fragmented")  # too small to call fragmented


def test_no_community_without_groups():
    flag = the_flag(variant(drop=["club"], interests="bowls;choir"), "no_community")
    assert flag.sentence == (
        "No group, faith community, club, work or learning is recorded on your map yet. "
        "Your interests (bowls and choir) could lead to one."
    )
    assert not flags(HEALTHY, "no_community")
    # A paid service in the community sector is not community membership.
    paid_club = variant({"club": {"is_paid": True}})
    assert flags(paid_club, "no_community")


def test_stressful_close_tie_only_in_circle_one():
    flag = the_flag(variant({"ruth": {"stress": "high"}}), "stressful_close_tie")
    assert flag.sentence == "Your relationship with Ruth Okafor is close but brings a lot of stress."
    assert flag.people == ("ruth",)
    assert not flags(variant({"tom": {"stress": "high"}, "ruth": {"stress": "some"}}), "stressful_close_tie")


def test_receives_only_is_an_opportunity():
    # Asked about everyone: the person gives to no one.
    takes = variant({i: {"gives": "none"} for i in HEALTHY_ALTERS}, gifts="baking;gardening")
    flag = the_flag(takes, "receives_only")
    assert (
        flag.sentence
        == "You have gifts to share (baking and gardening): no one on your map receives them yet."
    )
    assert assess(takes).band == "low"  # an opportunity is not a concern
    assert not flags(HEALTHY, "receives_only")


def test_every_flag_has_a_rule_and_people_are_alter_ids():
    m = variant({"ruth": {"stress": "high", "contact": "less"}, "tom": {"circle": 3}}, drop=["club"], ties=[])
    ids = {a.id for a in m.alters}
    for finding in (*assess(m).strengths, *assess(m).flags):
        assert finding.rule and finding.sentence.endswith(".")
        assert set(finding.people) <= ids


def test_long_lists_of_names_are_shortened():
    m = make_map(
        [dict(id=f"p{i}", name=f"Person {i}", contact="weekly", support="emotional") for i in range(6)]
    )
    confidant = assess(m).strengths[0]
    assert (
        confidant.sentence == "You can talk to Person 0, Person 1, Person 2 and 3 others about how you feel."
    )
    assert len(confidant.people) == 6


@pytest.mark.parametrize(
    "codes,band",
    [
        ((), "low"),
        (("receives_only",), "low"),
        (("fragmented",), "low"),
        (("single_point", "single_point"), "low"),  # one kind of concern, twice
        (("fragmented", "no_community"), "moderate"),
        (("support_gap",), "moderate"),
        (("lsns_at_risk",), "moderate"),
        (("no_close_unpaid", "receives_only"), "moderate"),
        (("lsns_at_risk", "no_close_unpaid"), "high"),
        (("lsns_at_risk", "support_gap"), "high"),
        (("single_point", "paid_dominant", "mostly_dormant", "fragmented", "no_community"), "high"),
    ],
)
def test_band_rule(codes, band):
    assert band_of(codes, Thresholds())[0] == band


def test_band_rule_says_why():
    assert band_of(("lsns_at_risk", "support_gap"), Thresholds()) == (
        "high",
        "LSNS-6 score below the cut-off, with support gap",
    )
    assert band_of(("lsns_friends_low",), Thresholds()) == (
        "low",
        "fewer than 2 kinds of concern, and none of the main ones",
    )
    assert band_of(("fragmented", "no_community"), Thresholds(band_moderate_concerns=3))[0] == "low"


LOCAL = {i: {"local": True} for i in HEALTHY_ALTERS}


def test_network_types_are_approximate():
    def kind(m):
        return assess(m).network_type.removesuffix(" (approximate)")

    older = variant(LOCAL, year_of_birth=1950)
    assert assess(older).network_type.endswith("(approximate)")
    assert kind(older) == "locally integrated"
    assert kind(variant(LOCAL, drop=["bisi", "joan", "club"], year_of_birth=1950)) == "local family dependent"
    far_family = {**LOCAL, "ruth": {"local": False}, "tom": {"local": False}}
    assert kind(variant(far_family, year_of_birth=1950)) == "wider community focused"
    neighbours = make_map(
        [dict(id=i, sector="neighbours", contact="weekly", local=True) for i in "abc"], year_of_birth=1950
    )
    assert kind(neighbours) == "local self-contained"
    one = make_map([dict(id="ruth", is_kin=True, contact="daily", local=True)], year_of_birth=1950)
    assert kind(one) == "private restricted"


def test_self_report_is_kept_apart_from_the_estimates():
    a = assess(variant(ucla3_1=3, ucla3_2=3, ucla3_3=2, ons_lonely=5))
    assert (a.self_report.ucla3_total, a.self_report.ucla3_lonely, a.self_report.ons_lonely) == (8, True, 5)
    assert not hasattr(a.measures, "ucla3_total")


def test_assessment_is_deterministic():
    m = variant({"ruth": {"stress": "high"}}, ties=[])
    assert assess(m) == assess(m)
    assert resilience(m) == resilience(m)


def test_thresholds_from_a_settings_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[thresholds]\nlsns_at_risk_below = 13\ncritical_functions = ['transport']\n")
    t = load_thresholds(path)
    assert (t.lsns_at_risk_below, t.critical_functions, t.paid_dominant_share) == (13, ("transport",), 0.5)
    assert assess(HEALTHY, t).flag_codes == ("lsns_at_risk",)  # 12 < 13 now
    top_level = tmp_path / "top.toml"
    top_level.write_text("paid_dominant_share = 1\n")
    assert load_thresholds(top_level).paid_dominant_share == 1.0


@pytest.mark.parametrize(
    "text,field,message",
    [
        (
            "lsns_at_risk_belo = 10\n",
            "lsns_at_risk_belo",
            "is not a threshold; known keys: lsns_at_risk_below",
        ),
        ("lsns_at_risk_below = 'ten'\n", "lsns_at_risk_below", "must be a number"),
        ("lsns_at_risk_below = 10.5\n", "lsns_at_risk_below", "must be a whole number"),
        ("paid_dominant_share = 1.5\n", "paid_dominant_share", "is a share"),
        ("connected_min_group = -1\n", "connected_min_group", "must not be negative"),
        ("critical_functions = ['hugs']\n", "critical_functions", "'hugs' is not a support function"),
        ("critical_functions = 'emotional'\n", "critical_functions", "must be a list"),
    ],
)
def test_bad_settings_are_refused_clearly(tmp_path, text, field, message):
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(SettingsInvalid) as caught:
        load_thresholds(path)
    (problem,) = caught.value.problems
    assert problem.field == field and message in problem.message
    assert str(path) in str(caught.value)


def test_unreadable_settings_are_refused(tmp_path):
    with pytest.raises(SettingsInvalid, match="does not exist"):
        load_thresholds(tmp_path / "missing.toml")
    (tmp_path / "broken.toml").write_text("lsns_at_risk_below = \n")
    with pytest.raises(SettingsInvalid, match="is not valid TOML"):
        load_thresholds(tmp_path / "broken.toml")


def test_without_removes_the_alter_and_their_ties():
    gone = without(HEALTHY, "tom")
    assert [a.id for a in gone.alters] == ["ruth", "bisi", "joan", "club", "gp"]
    assert [(t.source, t.target) for t in gone.ties] == [("bisi", "joan"), ("joan", "club")]
    assert len(HEALTHY.alters) == 6 and len(HEALTHY.ties) == 4  # the original is untouched
    with pytest.raises(KeyError):
        without(HEALTHY, "nobody")


def test_resilience_when_only_bisi_gives_transport():
    m = make_map(
        [
            dict(
                id="bisi", name="Bisi Adeyemi", role="friend", contact="weekly", support="transport;emergency"
            ),
            dict(
                id="ruth",
                name="Ruth",
                role="daughter",
                sector="family",
                is_kin=True,
                contact="weekly",
                support="emotional;emergency",
            ),
            dict(
                id="gp",
                name="Brook Surgery",
                kind="service",
                sector="health",
                is_paid=True,
                contact="monthly",
                support="none",
            ),
        ]
    )
    items = {item.alter_id: item for item in resilience(m)}
    bisi = items["bisi"]
    # LSNS: family (Ruth) seen 1, confide 1, help 1 -> 3; friends (Bisi) seen 1, help 1 -> 2.
    # Without Bisi the friends' half is 0: 5 -> 3.
    assert bisi.sentence == "If Bisi Adeyemi moved away: no one for transport; LSNS estimate 5 -> 3."
    assert (bisi.lost_functions, bisi.lsns_before, bisi.lsns_after) == (("transport",), 5, 3)
    assert bisi.band_before == bisi.band_after == "high"
    # Ruth is the only confidant: losing her loses emotional support.
    assert items["ruth"].sentence == "If Ruth moved away: no one for emotional support; LSNS estimate 5 -> 2."
    assert "gp" not in items  # the surgery gives nothing on this map


def test_resilience_shows_band_changes_first():
    items = resilience(HEALTHY)
    first = items[0]
    # Without Ruth: family seen 1, confide 1, help 1 -> 3 (was 6), so 12 -> 9, at risk.
    assert first.alter_id == "ruth"
    assert first.sentence == (
        "If Ruth Okafor moved away: one fewer person to talk to (3 left); LSNS estimate 12 -> 9; "
        "isolation risk low -> moderate."
    )
    assert first.new_flags[0] == "lsns_at_risk" and (first.band_before, first.band_after) == (
        "low",
        "moderate",
    )
    # Without the club: no community, and the surgery alone gives information: two concerns.
    club = items[-1]
    assert club.sentence == "If Friday Lunch Club stopped meeting: isolation risk low -> moderate."
    assert club.new_flags == ("single_point", "no_community")
    assert [i.alter_id for i in items] == ["ruth", "tom", "bisi", "joan", "club"]


def test_resilience_of_an_empty_map_is_empty():
    assert resilience(make_map()) == []


@settings(max_examples=60, deadline=None)
@given(maps(max_alters=8))
def test_any_valid_map_is_assessed_and_explained(m):
    a = assess(m)
    ids = {x.id for x in m.alters}
    assert a.strengths and a.band in ALL_BANDS
    assert a.network_type is None or a.network_type.endswith("(approximate)")
    assert bool(a.network_type_note)
    for finding in (*a.strengths, *a.flags, *a.to_ask):
        assert finding.code and finding.rule and set(finding.people) <= ids
    for item in resilience(m):
        assert item.alter_id in ids and item.sentence.startswith("If ")
        assert item.lsns_after <= item.lsns_before
    for alter_id in ids:
        gone = without(m, alter_id)
        assert EcoMap.model_validate(gone.model_dump(by_alias=True)) == gone


# --- claim only what was recorded -----------------------------------------------------------------

#: Flags that assert something is missing: none may fire on what was never asked.
ABSENCE_FLAGS = {
    "lsns_at_risk",
    "lsns_family_low",
    "lsns_friends_low",
    "no_close_unpaid",
    "support_gap",
    "single_point",
    "mostly_dormant",
    "fragmented",
    "receives_only",
}


def imported_map(**ego):
    """Who is there and how close, as another tool exports it: no contact, support or gives, no
    one recorded as knowing anyone else."""
    return make_map(
        [
            dict(id="sara", name="Sara Ahmed", sector="family", role="sister", is_kin=True, circle=1),
            dict(id="omar", name="Omar Ahmed", sector="family", role="brother", is_kin=True, circle=2),
            dict(id="lee", name="Lee Chan", role="friend", circle=2),
            dict(id="val", name="Val Price", sector="neighbours", circle=3),
            dict(id="gp", name="Brook Surgery", kind="service", sector="health", is_paid=True),
            dict(id="mosque", name="Brackford Mosque", kind="group", sector="faith"),
        ],
        name="Mo Ahmed",
        **ego,
    )


def test_an_imported_map_with_nothing_recorded_asks_instead_of_flagging():
    a = assess(imported_map())
    assert ABSENCE_FLAGS.isdisjoint(a.flag_codes) and a.flags == ()
    # Settled: no concern (low). If every question were answered "no": LSNS 0 with no close tie in
    # touch (high). The band cannot be told yet.
    assert a.band == "unknown" and a.band_rule.startswith("not enough recorded yet: low")
    assert a.to_ask_codes == ("ask_lsns", "ask_close_contact", "ask_support", "ask_ties", "ask_gives")
    questions = {q.code: q for q in a.to_ask}
    assert questions["ask_support"].sentence == (
        "Support is not recorded for 6 people (Sara Ahmed, Omar Ahmed, Lee Chan and 3 others): "
        "who could Mo talk to about how they feel; who could Mo call on in an emergency?"
    )
    assert questions["ask_close_contact"].people == ("sara", "omar", "lee")
    assert questions["ask_lsns"].people == ("sara", "omar", "lee", "val")
    assert a.strength_codes == ("starting_point",)  # no one is recorded as in touch
    assert a.measures.lsns6_estimate == 0  # a floor, shown as an estimate, not a finding


def test_answering_the_questions_settles_the_band():
    answered = {
        "contact": "weekly",
        "support": "emotional;practical;emergency",
        "gives": "company",
        "confide": True,
        "call_on": True,
    }
    m = make_map(
        [
            dict(id="sara", name="Sara Ahmed", sector="family", is_kin=True, circle=1, **answered),
            dict(id="lee", name="Lee Chan", circle=2, **answered),
            dict(id="val", name="Val Price", sector="neighbours", circle=3),  # contact not asked
        ],
        [("sara", "lee")],
        name="Mo Ahmed",
    )
    a = assess(m)
    # Family: seen 1, confide 1, call 1 -> 3 < 6; friends (Lee; Val not known) 3 < 6; total 6 < 12.
    # Val could add to the friends' half, so every LSNS flag waits; the rest is settled.
    assert a.measures.lsns6_estimate == 6
    assert "lsns_at_risk" not in a.flag_codes and a.to_ask_codes[0] == "ask_lsns"
    assert a.to_ask[0].people == ("val",)
    val_answered = {**answered, "support": "none", "gives": "none", "confide": False, "call_on": False}
    m2 = make_map(
        [
            dict(id="sara", name="Sara Ahmed", sector="family", is_kin=True, circle=1, **answered),
            dict(id="lee", name="Lee Chan", circle=2, **answered),
            dict(id="val", name="Val Price", sector="neighbours", circle=3, **val_answered),
        ],
        [("sara", "lee")],
        name="Mo Ahmed",
    )
    b = assess(m2)
    # Friends now: seen 2 (coded 2), confide 1, call 1 -> 4; total 3 + 4 = 7 < 12, settled.
    assert b.measures.lsns6_estimate == 7 and b.to_ask == ()
    assert b.flag_codes[:3] == ("lsns_at_risk", "lsns_family_low", "lsns_friends_low")
    assert b.band == "moderate"


def test_none_is_an_answer_and_blank_is_not():
    asked = make_map([dict(id="x", name="X", contact="weekly", support="none", gives="none")])
    not_asked = make_map([dict(id="x", name="X", contact="weekly")])
    assert "support_gap" in assess(asked).flag_codes
    assert "support_gap" not in assess(not_asked).flag_codes
    assert "ask_support" in assess(not_asked).to_ask_codes


def test_confide_and_call_on_count_in_the_lsns_estimate():
    def family(**son):
        m = make_map([dict(id="son", sector="household", is_kin=True, circle=1, contact="daily", **son)])
        return assess(m).measures.lsns6_family

    # Seen daily: item 1 counts 1. Nothing given, nothing else asked: 1 + 0 + 0.
    assert family(support="none") == 1
    # He gives no support, but she could confide in him and call on him: 1 + 1 + 1.
    assert family(support="none", confide=True, call_on=True) == 3
    # Where confide and call on were not asked, the support he gives stands in for them.
    assert family(support="emotional;practical") == 3
    # An answer wins over the support given: he helps, but she would not confide in him.
    assert family(support="emotional;practical", confide=False) == 2


def test_the_person_s_own_lsns_answers_come_first():
    own = dict(lsns6_1=2, lsns6_2=2, lsns6_3=2, lsns6_4=1, lsns6_5=0, lsns6_6=0)
    a = assess(variant(**own))
    # The map's estimate is 12 (not at risk); her own answers: family 6, friends 1, total 7.
    assert a.measures.lsns6_estimate == 12
    assert (a.self_report.lsns6_total, a.self_report.lsns6_family, a.self_report.lsns6_friends) == (7, 6, 1)
    assert a.flag_codes == ("lsns_at_risk", "lsns_friends_low")
    flag = a.flags[0]
    assert flag.sentence == (
        "From your own answers, your network score is 7 out of 30; below 12 suggests a risk of isolation."
    )
    assert "estimate of 12" in flag.rule
    # The other way round: a thin map, but her own answers say 15 (family 9, friends 6): no LSNS flag.
    answers = dict(lsns6_1=3, lsns6_2=3, lsns6_3=3, lsns6_4=2, lsns6_5=2, lsns6_6=2)
    thin = variant(drop=["tom", "bisi", "joan"], **answers)
    assert assess(thin).measures.lsns6_estimate < 12
    assert not {"lsns_at_risk", "lsns_family_low", "lsns_friends_low"} & set(assess(thin).flag_codes)


def test_family_and_friends_subscales_flag_below_six_and_are_configurable():
    # Without Bisi: friends (Joan alone) 1 + 1 + 1 = 3 < 6; family 6; total 9.
    a = assess(variant(drop=["bisi"]))
    assert "lsns_friends_low" in a.flag_codes and "lsns_family_low" not in a.flag_codes
    friends = next(f for f in a.flags if f.code == "lsns_friends_low")
    assert friends.sentence.startswith("From this map, your friends score is an estimated 3 out of 15")
    looser = Thresholds(lsns_friends_low_below=3)
    assert "lsns_friends_low" not in assess(variant(drop=["bisi"]), looser).flag_codes
    # HEALTHY: family 6 and friends 6, neither below 6.
    assert not {"lsns_family_low", "lsns_friends_low"} & set(assess(HEALTHY).flag_codes)


def test_a_22_year_old_has_no_network_type_and_is_told_why():
    a = assess(variant(LOCAL, year_of_birth=2004))  # 22 in the map's year, 2026
    assert a.network_type is None
    assert a.network_type_note.startswith("Not given under 50")
    b = assess(variant(year_of_birth=1950))  # old enough, but where they live is not recorded
    assert b.network_type is None and "nearby is not recorded" in b.network_type_note


def test_wenger_counts_only_offline_local_ties():
    gaming = dict(id="squad", name="Squad", kind="group", sector="online", contact="daily", local=False)
    mum = dict(id="mum", name="Mum", sector="family", is_kin=True, contact="weekly", local=True)
    far_friend = dict(id="kim", name="Kim", role="friend", contact="weekly", local=False)
    # Before: the online group made this "wider community focused". Counting only offline,
    # local ties leaves one relative and no community: private restricted.
    m = make_map([gaming, mum, far_friend], year_of_birth=1960)
    assert assess(m).network_type == "private restricted (approximate)"


def test_a_high_stress_dormant_relative_is_never_a_strength():
    mum = dict(
        id="mum",
        name="Dawn Okafor",
        sector="family",
        role="mother",
        is_kin=True,
        circle=1,
        stress="high",
        contact="less",
        support="emotional;practical",
        gives="company",
    )
    m = variant(extra=[mum], ties=[*HEALTHY_TIES, ("mum", "ruth")])
    for strength in assess(m).strengths:
        assert "mum" not in strength.people and "Dawn" not in strength.sentence
    # Not even in touch: a high-stress tie is named as a concern, never as a strength.
    in_touch = variant(extra=[{**mum, "contact": "weekly"}], ties=[*HEALTHY_TIES, ("mum", "ruth")])
    a = assess(in_touch)
    assert all("mum" not in s.people for s in a.strengths)
    assert "stressful_close_tie" in a.flag_codes


def test_strengths_about_people_leave_out_the_paid():
    m = variant(ties=[*HEALTHY_TIES, ("club", "gp")])
    connected = next(s for s in assess(m).strengths if s.code == "connected_people")
    assert connected.people == ("ruth", "tom", "bisi", "joan", "club")  # not the surgery


def test_dormancy_and_close_come_from_the_settings():
    # Joan last seen 100 days before the map date: in touch by default, dormant after 90 days.
    m = variant({"joan": {"last_contact": "2025-11-21"}})
    assert assess(m).measures.dormant_ties == 0
    assert assess(m, Thresholds(dormant_after_days=90)).measures.dormant_ties == 1
    # Only circle 1 close: Tom and Bisi (circle 2) no longer count; Ruth still does.
    close = {s.code: s for s in assess(HEALTHY, Thresholds(close_circles=(1,))).strengths}
    assert close["close_kin"].people == ("ruth",) and "close_friends" not in close


def test_close_circles_in_a_settings_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("close_circles = [1]\ndormant_after_days = 90\n")
    t = load_thresholds(path)
    assert (t.close_circles, t.dormant_after_days) == ((1,), 90)
    path.write_text("close_circles = [5]\n")
    with pytest.raises(SettingsInvalid, match="circles from 1 to 4"):
        load_thresholds(path)


def test_every_flag_and_question_has_a_plain_name():
    m = variant({"ruth": {"stress": "high", "contact": "less"}, "tom": {"circle": 3}}, drop=["club"], ties=[])
    a = assess(m)
    assert set(a.flag_codes) <= set(FLAG_NAMES)
    for q in a.to_ask:
        assert q.sentence.endswith("?") or q.sentence.endswith(".")
        assert q.rule.startswith("would settle: ")


# --- what if: one computation, linear ------------------------------------------------------------


def test_what_if_serves_any_alter_and_says_when_nothing_is_lost():
    item = what_if(HEALTHY, "gp")
    # Without the surgery: personal care only from Ruth, information only from the club.
    assert item.sentence == (
        "If Brook Surgery stopped: the map would show: depends on one person for something."
    )
    assert item.band_after == "low" and item.new_flags == ("single_point",)
    with pytest.raises(KeyError):
        what_if(HEALTHY, "nobody")


def test_what_if_for_edith_and_susan_blake():
    from ecomap.formats import load_map
    from tests.test_samples import SAMPLES

    edith = load_map(SAMPLES / "edith-marsh-2025-03.json")
    item = what_if(edith, "daughter-susan")
    # Susan is the one person Edith could confide in and is in touch with: family seen 1 -> 0,
    # confide 1 -> 0 (coded), so the estimate drops by 2.
    assert item.sentence.startswith("If Susan Blake moved away: no one left to talk to; LSNS estimate ")
    assert item.lsns_before - item.lsns_after == 2
    assert item in resilience(edith)


@settings(max_examples=60, deadline=None)
@given(maps(max_alters=8))
def test_the_what_if_counts_agree_with_assessing_the_smaller_map(m):
    before = assess(m)
    for a in m.alters:
        item = what_if(m, a.id)
        after = assess(without(m, a.id))
        assert item.band_after == after.band, a.id
        assert item.lsns_after == after.measures.lsns6_estimate
        assert set(item.new_flags) == set(after.flag_codes) - set(before.flag_codes)


def test_the_lsns_question_asks_only_what_is_missing():
    m = make_map(
        [dict(id="son", name="Imran", sector="household", is_kin=True, contact="daily", confide=True)],
        name="Nasreen Akhtar",
    )
    (question,) = [q for q in assess(m).to_ask if q.code == "ask_lsns"]
    assert question.sentence == (
        "For Imran, whether Nasreen could call on them for help is not recorded: ask, or ask Nasreen "
        "the six LSNS-6 questions."
    )
    assert question.people == ("son",)


def test_the_estimate_says_where_it_read_confide_and_call_on_from_support():
    (note,) = assess(HEALTHY).estimate_notes
    # The four people (the club is a group, the surgery paid): none was asked, all give support.
    assert note == (
        "For Ruth Okafor, Tom Okafor, Bisi Adeyemi and Joan Smith, the LSNS-6 estimate reads whether "
        "Maud could confide in them or call on them from the support they give, as that was not asked."
    )
    answered = {i: {"confide": True, "call_on": True} for i in ("ruth", "tom", "bisi", "joan")}
    assert assess(variant(answered)).estimate_notes == ()
