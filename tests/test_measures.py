"""Measures: hand-worked values on small maps, tiny maps, and agreement with networkx."""

from __future__ import annotations

import math
from dataclasses import fields

import networkx as nx
import pytest
from hypothesis import given, settings

from ecomap import measures as ms
from ecomap.graph import alter_graph, to_graph
from ecomap.measures import (
    MEASURES,
    Measures,
    cohen_role,
    is_active,
    is_dormant,
    lsns_code,
    measure_all,
    self_report,
)
from ecomap.model import EcoMap, validate_map
from tests.strategies import maps

MAP_DATE = "2026-03-01"


def make_map(alters=(), ties=(), **ego) -> EcoMap:
    """A map from short alter records (``id`` required; name from the id, sector friends)."""
    records = [{"name": a["id"].title(), "sector": "friends", **a} for a in alters]
    return validate_map(
        {"id": "p1", "name": "Maud Okafor", "map_date": MAP_DATE, **ego},
        records,
        [{"source": s, "target": t} for s, t in ties],
    )


# Maud's map, used for every hand-worked value below.
MAUD = make_map(
    [
        dict(
            id="ruth",
            sector="family",
            role="daughter",
            is_kin=True,
            circle=1,
            strength="strong",
            contact="weekly",
            support="emotional;practical",
            gives="company",
        ),
        dict(
            id="sam", sector="family", role="son", is_kin=True, circle=2, contact="less", support="emergency"
        ),
        dict(
            id="bisi",
            role="friend",
            circle=2,
            strength="strong",
            contact="fortnightly",
            support="emotional;transport",
        ),
        # Weekly on paper, but last seen 273 days before the map date: dormant.
        dict(
            id="joan", sector="neighbours", contact="weekly", last_contact="2025-06-01", support="practical"
        ),
        dict(
            id="carer",
            name="Home Care",
            kind="service",
            sector="social_care",
            is_paid=True,
            strength="strong",
            contact="daily",
            support="personal_care;practical",
        ),
        dict(
            id="church",
            name="St Mary's",
            kind="group",
            sector="faith",
            contact="monthly",
            support="none",  # asked: the church gives her nothing, she helps there
            gives="practical",
        ),
        dict(
            id="dog", name="Bramble", kind="pet", sector="pets", contact="daily", support="company;emotional"
        ),
    ],
    ties=[("ruth", "sam"), ("ruth", "carer"), ("bisi", "joan")],
    lives_alone=True,
)


def test_counts_on_a_hand_made_map():
    m = measure_all(MAUD)
    assert m.size == 7
    # Active: ruth (weekly), bisi (fortnightly), carer, church (monthly), dog. Dormant: sam
    # (contact less) and joan (last contact 273 > 183 days ago, although "weekly").
    assert (m.active_ties, m.dormant_ties) == (5, 2)
    # Strong and unpaid: ruth and bisi; the carer is strong but paid.
    assert m.strong_unpaid_ties == 2
    # One paid alter (carer) among five active.
    assert m.paid_share == pytest.approx(1 / 5)
    # Sectors of the active: family, friends, social_care, faith, pets.
    assert m.sectors_covered == 5
    # Only ruth both gives and receives.
    assert m.reciprocity == pytest.approx(1 / 7)


def test_cohen_roles_need_fortnightly_contact():
    # Fortnightly or more and not dormant: ruth (children), bisi (close friends); the carer and
    # the dog fill no role; the church is only monthly.
    assert ms.cohen_diversity(MAUD) == 2


def test_lsns6_estimate_on_a_hand_made_map():
    m = measure_all(MAUD)
    # Family (ruth, sam): seen monthly+ 1 -> 1; emotional 1 (ruth) -> 1; practical or emergency
    # 2 (ruth practical, sam emergency) -> 2. Total 4.
    assert m.lsns6_family == 4
    # Friends (bisi, joan; the carer is paid, the dog and church are not persons): seen 1 (joan
    # is dormant) -> 1; emotional 1 (bisi) -> 1; practical 1 (joan) -> 1. Total 3.
    assert m.lsns6_friends == 3
    assert m.lsns6_estimate == 7


def test_structure_on_a_hand_made_map():
    m = measure_all(MAUD)
    # n = 7, t = 3: 2*3 / (7*6) = 1/7.
    assert m.alter_density == pytest.approx(1 / 7)
    # {ruth, sam, carer}, {bisi, joan}, {church}, {dog}.
    assert (m.alter_components, m.alter_isolates) == (4, 2)
    assert ms.alter_groups(MAUD) == [["ruth", "sam", "carer"], ["bisi", "joan"], ["church"], ["dog"]]
    assert m.effective_size == pytest.approx(7 - 6 / 7)
    # Degrees in A: ruth 2, sam 1, carer 1, bisi 1, joan 1, church 0, dog 0, so shares 1/(d+1).
    # ruth: (1 + 1/2 + 1/2)^2 = 4; sam, carer: (1 + 1/3)^2 = 16/9 each; bisi, joan:
    # (1 + 1/2)^2 = 9/4 each; church, dog: 1 each. Divided by n^2 = 49.
    assert m.constraint == pytest.approx((4 + 2 * 16 / 9 + 2 * 9 / 4 + 2) / 49)


def test_support_single_points_and_gaps():
    # emotional: ruth, bisi, dog; practical: ruth, joan, carer; company: dog only; personal
    # care: carer only; transport: bisi only; emergency: sam only; information: no one.
    assert ms.single_points(MAUD) == {
        "company": "dog",
        "personal_care": "carer",
        "transport": "bisi",
        "emergency": "sam",
    }
    assert ms.support_gaps(MAUD) == ["information"]


def test_steptoe_index_on_a_hand_made_map():
    # Lives alone 1; a child in touch (ruth) 0; other family only sam, dormant, 1; a friend in
    # touch (bisi) 0; an organisation (the church, monthly) 0.
    assert ms.steptoe_index(MAUD) == 2


def test_design_reference_fixture():
    m = measure_all(make_map([{"id": x} for x in "ABCD"], ties=[("A", "B")]))
    assert m.effective_size == 3.5
    assert m.constraint == 0.40625
    assert m.alter_density == pytest.approx(1 / 6)
    assert (m.alter_components, m.alter_isolates) == (3, 2)
    assert ms.alter_groups(make_map([{"id": x} for x in "ABCD"], ties=[("A", "B")])) == [
        ["A", "B"],
        ["C"],
        ["D"],
    ]


def _no_nan(row: dict) -> bool:
    return not any(isinstance(v, float) and math.isnan(v) for v in row.values())


def test_an_empty_map_gives_numbers():
    m = measure_all(make_map())
    assert (m.size, m.active_ties, m.paid_share, m.reciprocity, m.lsns6_estimate) == (0, 0, 0.0, 0.0, 0)
    assert (m.alter_density, m.alter_components, m.alter_isolates) == (0.0, 0, 0)
    assert (m.effective_size, m.constraint) == (0.0, None)  # constraint is undefined with no one
    assert m.single_points == {} and len(m.support_gaps) == 7
    assert m.steptoe_index is None and _no_nan(m.as_row())


def test_one_alter_and_no_ties():
    one = measure_all(make_map([{"id": "ruth", "support": "emotional"}]))
    # One alter, who knows no one: density 0 (n < 2), one isolate, effective size 1 - 0 = 1,
    # constraint (1 + 0)^2 / 1 = 1 (the person depends wholly on one contact).
    assert (one.alter_density, one.alter_components, one.alter_isolates) == (0.0, 1, 1)
    assert (one.effective_size, one.constraint) == (1.0, 1.0)
    assert one.single_points == {"emotional": "ruth"}
    three = measure_all(make_map([{"id": x} for x in "abc"]))
    # No ties among three: density 0, three isolates, effective size 3, constraint 3 * 1 / 9.
    assert (three.alter_density, three.alter_isolates, three.effective_size) == (0.0, 3, 3.0)
    assert three.constraint == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "count,code", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (8, 4), (9, 5), (40, 5)]
)
def test_lsns_coding_boundaries(count, code):
    assert lsns_code(count) == code
    # The same count of relatives, each seen weekly, confided in and helping, scores 3 codes.
    kin = [
        dict(id=f"k{i}", sector="family", is_kin=True, contact="weekly", support="emotional;practical")
        for i in range(count)
    ]
    m = make_map(kin)
    assert ms.lsns6_family(m) == 3 * code and ms.lsns6_friends(m) == 0


def test_pets_groups_services_and_paid_people_never_count_for_lsns():
    everything = "emotional;practical;emergency"
    m = make_map(
        [
            dict(id="dog", kind="pet", sector="pets", contact="daily", support=everything),
            dict(id="club", kind="group", sector="community", contact="weekly", support=everything),
            dict(id="gp", kind="service", sector="health", contact="weekly", support=everything),
            dict(id="pa", sector="social_care", is_paid=True, contact="daily", support=everything),
            dict(id="aunt", sector="family", is_kin=True, is_paid=True, contact="daily", support=everything),
        ]
    )
    assert ms.lsns6_estimate(m) == 0


@pytest.mark.parametrize(
    "fields_,dormant,active",
    [
        ({"contact": "weekly"}, False, True),
        ({"contact": "monthly", "last_contact": "2025-08-30"}, False, True),  # 183 days: not more
        ({"contact": "weekly", "last_contact": "2025-08-29"}, True, False),  # 184 days: dormant wins
        ({"contact": "less"}, True, False),
        ({"contact": "never", "last_contact": "2026-02-01"}, True, False),
        ({}, False, False),  # contact not recorded: neither
        ({"last_contact": "2026-02-01"}, False, False),
        ({"last_contact": "2024-01-01"}, True, False),  # only the date, and it is old
    ],
)
def test_dormant_and_active(fields_, dormant, active):
    m = make_map([{"id": "ruth", **fields_}])
    a = m.alters[0]
    assert is_dormant(a, m.ego.map_date) is dormant
    assert is_active(a, m.ego.map_date) is active
    assert (ms.dormant_ties(m), ms.active_ties(m)) == (int(dormant), int(active))


@pytest.mark.parametrize(
    "alter,role",
    [
        ({"role": "wife", "is_kin": True, "sector": "household"}, "partner"),
        ({"role": "boyfriend"}, "partner"),
        ({"role": "Mum", "is_kin": True}, "parents"),
        ({"role": "mother-in-law", "is_kin": True}, "in_laws"),
        ({"role": "son-in-law", "is_kin": True}, "in_laws"),
        ({"role": "sister-in-law", "is_kin": True}, "close_relatives"),
        ({"role": "step-daughter", "is_kin": True}, "children"),
        ({"role": "grandson", "is_kin": True}, "close_relatives"),
        ({"role": "wife's sister", "is_kin": True}, "close_relatives"),
        ({"role": "cousin", "is_kin": False}, "close_friends"),  # not kin: the word is not enough
        ({"role": "", "is_kin": True, "sector": "family"}, "close_relatives"),
        ({"role": "friend's mum"}, "close_friends"),
        ({"role": "", "sector": "friends"}, "close_friends"),
        ({"role": "vicar", "sector": "faith"}, "religious_group"),
        ({"role": "volunteer driver", "sector": "community"}, "volunteering"),
        ({"role": "IT class", "sector": "work_learning", "kind": "group"}, "education"),
        ({"role": "colleague", "sector": "work_learning"}, "work"),
        ({"role": "", "sector": "neighbours"}, "neighbours"),
        ({"role": "lunch club", "kind": "group", "sector": "community"}, "other_groups"),
        ({"role": "online gaming", "kind": "group", "sector": "online"}, "other_groups"),
        ({"role": "GP", "kind": "service", "sector": "health"}, None),
        ({"role": "dog", "kind": "pet", "sector": "pets"}, None),
        ({"role": "daughter", "is_kin": True, "is_paid": True}, None),
        ({"role": "nurse", "sector": "health"}, None),
    ],
)
def test_cohen_roles(alter, role):
    assert cohen_role(make_map([{"id": "x", "sector": "friends", **alter}]).alters[0]) == role


def test_cohen_counts_roles_not_people():
    m = make_map(
        [
            dict(id="a", role="son", is_kin=True, contact="weekly"),
            dict(id="b", role="daughter", is_kin=True, contact="daily"),
            dict(id="c", role="neighbour", sector="neighbours", contact="fortnightly"),
            dict(id="d", role="friend", contact="monthly"),  # too rare for Cohen
        ]
    )
    assert ms.cohen_diversity(m) == 2


@pytest.mark.parametrize(
    "lives_alone,has_partner,first_item",
    [
        (True, None, 1),
        (None, False, 1),
        (False, True, 0),
        (True, True, 1),
        (False, None, None),
        (None, None, None),
    ],
)
def test_steptoe_first_item_and_unknowns(lives_alone, has_partner, first_item):
    # No one on the map: every contact item scores, so the index is first_item + 4.
    m = make_map(lives_alone=lives_alone, has_partner=has_partner)
    assert ms.steptoe_index(m) == (None if first_item is None else first_item + 4)


def test_steptoe_counts_people_in_touch_and_organisations():
    m = make_map(
        [
            dict(id="h", role="husband", sector="household", is_kin=True, contact="daily"),
            dict(id="s", role="son", is_kin=True, contact="monthly"),
            dict(id="b", role="brother", is_kin=True, contact="weekly"),
            dict(id="f", role="friend", contact="weekly"),
            dict(id="club", kind="group", sector="community", contact="weekly"),
        ],
        lives_alone=False,
        has_partner=True,
    )
    assert ms.steptoe_index(m) == 0
    # A partner is not "other family", nor a friend.
    only_partner = make_map(
        [dict(id="h", role="partner", contact="daily")], lives_alone=False, has_partner=True
    )
    assert ms.steptoe_index(only_partner) == 4


@pytest.mark.parametrize(
    "items,total,lonely",
    [
        ((1, 1, 1), 3, False),
        ((1, 2, 2), 5, False),
        ((2, 2, 2), 6, True),
        ((3, 3, 3), 9, True),
        ((2, None, 3), None, None),
    ],
)
def test_self_report_stays_apart(items, total, lonely):
    m = make_map(ucla3_1=items[0], ucla3_2=items[1], ucla3_3=items[2], ons_lonely=4)
    answers = self_report(m)
    assert (answers.ucla3_total, answers.ucla3_lonely, answers.ons_lonely) == (total, lonely, 4)
    assert not {"ucla3_total", "ons_lonely"} & set(MEASURES)


def test_ucla_cut_off_is_configurable():
    m = make_map(ucla3_1=2, ucla3_2=2, ucla3_3=2)
    assert self_report(m, lonely_from=7).ucla3_lonely is False


def test_measure_names_are_the_contract():
    assert MEASURES == (
        "size",
        "active_ties",
        "dormant_ties",
        "strong_unpaid_ties",
        "paid_share",
        "sectors_covered",
        "cohen_diversity",
        "reciprocity",
        "lsns6_estimate",
        "lsns6_family",
        "lsns6_friends",
        "alter_density",
        "alter_components",
        "alter_isolates",
        "effective_size",
        "constraint",
        "single_points",
        "support_gaps",
        "steptoe_index",
    )
    row = measure_all(MAUD).as_row()
    assert list(row) == list(MEASURES)
    assert row["single_points"] == "company;personal_care;transport;emergency"
    assert row["support_gaps"] == "information"


@settings(max_examples=150, deadline=None)
@given(maps())
def test_structure_equals_networkx(m):
    mine = measure_all(m)
    G, A = to_graph(m), alter_graph(m)
    assert mine.alter_density == pytest.approx(nx.density(A))
    assert mine.alter_components == nx.number_connected_components(A)
    assert mine.alter_isolates == nx.number_of_isolates(A)
    if m.alters:
        assert mine.effective_size == pytest.approx(nx.effective_size(G, nodes=["ego"])["ego"])
        assert mine.constraint == pytest.approx(nx.constraint(G, nodes=["ego"])["ego"])
    else:
        # networkx gives NaN for a person with no one: effective size is 0, constraint undefined.
        assert math.isnan(nx.constraint(G, nodes=["ego"])["ego"])
        assert (mine.effective_size, mine.constraint) == (0.0, None)
    assert sorted(map(sorted, ms.alter_groups(m))) == sorted(map(sorted, nx.connected_components(A)))


@settings(max_examples=100, deadline=None)
@given(maps())
def test_measure_all_agrees_with_each_measure_and_never_gives_nan(m):
    together = measure_all(m)
    for f in fields(Measures):
        assert getattr(together, f.name) == getattr(ms, f.name)(m), f.name
    row = together.as_row()
    assert _no_nan(row)
    assert 0 <= together.lsns6_estimate <= 30 and 0 <= together.cohen_diversity <= 12
    assert together.steptoe_index is None or 0 <= together.steptoe_index <= 5
    assert together.active_ties + together.dormant_ties <= together.size


def test_the_persons_own_lsns6_and_ons4_answers_are_reported_apart_from_the_estimate():
    from ecomap.measures import self_report
    from ecomap.model import EcoMap, Ego

    answers = {"lsns6_1": 2, "lsns6_2": 1, "lsns6_3": 1, "lsns6_4": 0, "lsns6_5": 0, "lsns6_6": 1}
    ego = Ego(id="p", name="P", map_date="2026-01-01", ons4_happy=7, ons4_anxious=3, **answers)
    r = self_report(EcoMap(ego=ego))
    # family 2 + 1 + 1 = 4, friends 0 + 0 + 1 = 1, total 5, worked out by hand
    assert (r.lsns6_family, r.lsns6_friends, r.lsns6_total) == (4, 1, 5)
    assert (r.ons4_happy, r.ons4_anxious, r.ons4_satisfied) == (7, 3, None)
    partly = EcoMap(ego=Ego(id="p", name="P", map_date="2026-01-01", lsns6_1=2, lsns6_2=1, lsns6_3=1))
    r = self_report(partly)
    assert (r.lsns6_family, r.lsns6_friends, r.lsns6_total) == (4, None, None)


def test_steptoe_organisations_are_offline_clubs_and_religious_groups():
    # Lives alone (1), no child (1), no other family (1), no friend (1) in touch.
    def steptoe(*alters):
        return ms.steptoe_index(make_map(list(alters), lives_alone=True))

    online = dict(id="squad", kind="group", sector="online", contact="daily")
    club = dict(id="club", kind="group", sector="community", contact="weekly")
    church = dict(id="church", kind="place", sector="faith", contact="weekly")
    neighbour_from_church = dict(id="ann", sector="faith", contact="weekly")  # a person, a friend
    assert steptoe(online) == 5  # an online group is not an organisation in ELSA's sense
    assert steptoe(club) == 4
    assert steptoe(church) == 4
    # Ann is a friend seen weekly (no friends point), but a person is not an organisation.
    assert steptoe(neighbour_from_church) == 4


def test_components_without_each_alter():
    # The DESIGN fixture A-B, C, D (3 components): without A or B 3 (the other, C, D); without C
    # or D 2. A path A-B-C: without B the ends fall apart (2), without an end 1.
    fixture = ms.alter_adjacency(make_map([dict(id=i) for i in "ABCD"], [("A", "B")]))
    assert ms.components_without_each(fixture) == {"A": 3, "B": 3, "C": 2, "D": 2}
    path = ms.alter_adjacency(make_map([dict(id=i) for i in "ABC"], [("A", "B"), ("B", "C")]))
    assert ms.components_without_each(path) == {"A": 1, "B": 2, "C": 1}


@settings(max_examples=60, deadline=None)
@given(maps(max_alters=10))
def test_components_without_each_equals_removing_the_alter(m):
    adjacency = ms.alter_adjacency(m)
    found = ms.components_without_each(adjacency)
    for a in m.alters:
        A = alter_graph(m)
        A.remove_node(a.id)
        assert found[a.id] == nx.number_connected_components(A)


def test_alter_groups_among_some_alters():
    m = make_map([dict(id=i) for i in "ABCD"], [("A", "B"), ("B", "C")])
    assert ms.alter_groups(m, among=["A", "C", "D"]) == [["A"], ["C"], ["D"]]
    assert ms.alter_groups(m, among=["A", "B"]) == [["A", "B"]]
