"""Pseudonymised maps: no names, the same network, the same measures."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from ecomap.formats.json_map import dumps, loads
from ecomap.measures import COHEN_ROLES, cohen_role, measure_all
from ecomap.model import Alter, AlterTie, EcoMap, Ego
from ecomap.pseudonymise import (
    RELATIONSHIP_ROLES,
    SECTOR_LABELS,
    alter_ids,
    initials,
    outward_code,
    person_code,
    pseudonymise,
)
from tests.strategies import maps

#: Words the pseudonymised map is made of; a generated name inside one of them is no leak.
OWN_WORDS = " ".join([*SECTOR_LABELS.values(), *RELATIONSHIP_ROLES.values()])


def margaret() -> EcoMap:
    return EcoMap(
        ego=Ego(
            id="margaret-o",
            name="Margaret Oyelaran",
            map_date=date(2026, 3, 1),
            postcode="BA16 0AB",
            latitude=51.12345,
            longitude=-2.73891,
            interests=["gardening", "walks with Ruth"],
            gifts=["baking"],
            coordinator="Sam Patel",
            team="North",
            lives_alone=True,
        ),
        alters=[
            Alter(
                id="ruth",
                name="Ruth Oyelaran",
                sector="family",
                role="daughter",
                is_kin=True,
                contact="weekly",
                support=["emotional"],
                notes="works nights at Yeovil",
            ),
            Alter(
                id="tom",
                name="Tom",
                sector="family",
                role="Ruth's husband",
                is_kin=True,
                offers=["lifts to Brackford"],
            ),
            Alter(id="jean", name="Jean", sector="friends", contact="fortnightly"),
            Alter(id="pat", name="Pat", sector="friends", contact="monthly"),
            Alter(id="shed", name="Brackford Men's Shed", kind="group", sector="community", contact="weekly"),
            Alter(id="ed", name="Ed", sector="neighbours", role="retired teacher", support=["practical"]),
        ],
        ties=[AlterTie(source="ruth", target="tom"), AlterTie(source="shed", target="ed", stress="some")],
    )


def test_a_map_shared_by_role() -> None:
    p = pseudonymise(margaret())
    code = person_code("margaret-o")
    assert (p.ego.id, p.ego.name) == (f"p-{code}", f"M.O. {code}")
    assert (p.ego.postcode, p.ego.latitude, p.ego.longitude) == ("BA16", 51.12, -2.74)
    assert (p.ego.interests, p.ego.gifts) == (["gardening"], ["baking"])  # the walk names Ruth
    assert (p.ego.coordinator, p.ego.team, p.ego.lives_alone) == ("Sam Patel", "North", True)
    assert [(a.id, a.name, a.role) for a in p.alters] == [
        ("a01", "Daughter", "daughter"),
        ("a02", "Partner", "partner"),  # "Ruth's husband" names Ruth: the measures read a partner
        ("a03", "Friend 1", ""),
        ("a04", "Friend 2", ""),
        ("a05", "Community contact", ""),
        ("a06", "Retired teacher", "retired teacher"),  # "Ed" is not a word of "retired"
    ]
    assert all(a.notes == "" and a.offers == [] for a in p.alters)
    assert [(t.source, t.target, t.stress) for t in p.ties] == [
        ("a01", "a02", "none"),
        ("a05", "a06", "some"),
    ]
    text = dumps(p)
    for trace in ("Margaret", "Oyelaran", "margaret-o", "Ruth", "Brackford", "Yeovil", "Jean", "0AB"):
        assert trace not in text


def test_a_map_shared_by_initials() -> None:
    p = pseudonymise(margaret(), style="initials")
    assert [a.name for a in p.alters] == ["R.O.", "T.", "J.", "P.", "B.M.S.", "E."]
    assert [a.role for a in p.alters] == ["daughter", "partner", "", "", "", "retired teacher"]
    with pytest.raises(ValueError, match="style must be"):
        pseudonymise(margaret(), style="names")  # type: ignore[arg-type]


def test_the_same_person_gets_the_same_code_on_every_snapshot() -> None:
    later = margaret().model_copy(
        update={"ego": margaret().ego.model_copy(update={"map_date": date(2026, 9, 1)})}
    )
    assert pseudonymise(later).ego.id == pseudonymise(margaret()).ego.id
    assert dumps(pseudonymise(margaret())) == dumps(pseudonymise(margaret()))
    other = EcoMap(ego=Ego(id="bob-k", name="Margaret Oyelaran", map_date=date(2026, 3, 1)))
    assert pseudonymise(other).ego.id != pseudonymise(margaret()).ego.id


def test_a_label_used_twice_is_numbered_and_a_hundred_alters_get_three_digits() -> None:
    many = EcoMap(
        ego=Ego(id="x", name="X", map_date=date(2026, 3, 1)),
        alters=[
            Alter(id=f"n{i}", name=f"Neighbour {i}", sector="neighbours", role="neighbour")
            for i in range(100)
        ],
    )
    p = pseudonymise(many)
    assert [a.id for a in p.alters][:2] == ["a001", "a002"] and p.alters[-1].id == "a100"
    assert [a.name for a in p.alters][:2] == ["Neighbour 1", "Neighbour 2"]
    assert alter_ids(margaret())["shed"] == "a05"


@pytest.mark.parametrize(
    ("postcode", "outward"),
    [
        ("BA16 0AB", "BA16"),
        ("ba160ab", "BA16"),
        ("SW1A 1AA", "SW1A"),
        ("M1 1AE", "M1"),
        ("ZZ1", "ZZ1"),
        ("", ""),
        ("Flat 2, Ruth's house", ""),
    ],
)
def test_only_the_outward_code_is_kept(postcode: str, outward: str) -> None:
    assert outward_code(postcode) == outward


def test_initials() -> None:
    assert initials("Margaret Ann Oyelaran-Smith") == "M.A.O."
    assert initials("zoë o'neill") == "Z.O.N."
    assert initials("<>") == "?"


def test_names_are_found_as_words_and_in_scripts_without_spaces() -> None:
    m = EcoMap(
        ego=Ego(id="x", name="Li Wei", map_date=date(2026, 3, 1), interests=["王芳的花园", "Mahjong"]),
        alters=[
            Alter(id="wang", name="王芳", sector="friends", role="老朋友"),
            Alter(id="chen", name="Chen", sector="family", is_kin=True, role="王芳的丈夫"),
            Alter(id="li", name="Sue", sector="friends", role="friend of LI WEI's"),
            Alter(id="ann", name="Ann", sector="friends", role="annual quiz partner"),
        ],
    )
    p = pseudonymise(m)
    assert p.ego.interests == ["Mahjong"]
    assert [a.role for a in p.alters] == ["老朋友", "relative", "friend", "annual quiz partner"]


def test_each_relationship_role_reads_back_as_the_same_role() -> None:
    examples = [
        Alter(id="a", name="a", sector="friends", role="husband"),
        Alter(id="a", name="a", sector="family", is_kin=True, role="mum"),
        Alter(id="a", name="a", sector="family", is_kin=True, role="mother-in-law"),
        Alter(id="a", name="a", sector="family", is_kin=True, role="son"),
        Alter(id="a", name="a", sector="family", is_kin=True, role="cousin"),
        Alter(id="a", name="a", sector="family", is_kin=True),
        Alter(id="a", name="a", sector="friends", role="mate from darts"),
        Alter(id="a", name="a", sector="faith", is_kin=True, role="churchgoer"),
        Alter(id="a", name="a", sector="work_learning", role="tutor"),
        Alter(id="a", name="a", sector="work_learning", role="manager"),
        Alter(id="a", name="a", sector="neighbours"),
        Alter(id="a", name="a", sector="community", role="neighbour"),
        Alter(id="a", name="a", sector="community", role="volunteer at the food bank"),
        Alter(id="a", name="a", kind="group", sector="community"),
        Alter(id="a", name="a", sector="online", role="gaming"),
        Alter(id="a", name="a", sector="health", role="GP"),
        Alter(id="a", name="a", sector="family", is_kin=True, is_paid=True, role="daughter"),
        Alter(id="a", name="a", kind="service", sector="faith"),
    ]
    roles = [cohen_role(a) for a in examples]
    assert set(roles) == {*COHEN_ROLES, None}
    for a, role in zip(examples, roles):
        assert cohen_role(a.model_copy(update={"role": RELATIONSHIP_ROLES[role]})) == role


def same_measures(got: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Equal measures; fractions may differ in the last digit, since new ids sum in another order."""
    return got.keys() == expected.keys() and all(
        got[k] == pytest.approx(v) if isinstance(v, float) else got[k] == v for k, v in expected.items()
    )


def _free_text(m: EcoMap) -> list[str]:
    """Every string of the map that could carry a name (not the vocabulary words or dates)."""
    e = m.ego
    values: list[Any] = [e.id, e.name, e.postcode, e.coordinator, e.team, *e.interests, *e.gifts]
    values += [*e.what_matters, *e.access_needs]
    for a in m.alters:
        values += [a.id, a.name, a.role, a.notes, *a.offers]
    return values


def _says(text: str, name: str) -> bool:
    """``name`` standing as a word in ``text``, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


@settings(max_examples=150, deadline=None)
@given(maps())
def test_no_name_or_note_survives_and_the_network_is_the_same(m: EcoMap) -> None:
    p = pseudonymise(m)
    assert loads(dumps(p)) == p  # valid, and writes out and reads back
    assert (len(p.alters), len(p.ties)) == (len(m.alters), len(m.ties))
    ids = alter_ids(m)
    assert [(t.source, t.target) for t in p.ties] == [(ids[t.source], ids[t.target]) for t in m.ties]

    expected = asdict(measure_all(m))
    expected["single_points"] = {f: ids[i] for f, i in expected["single_points"].items()}
    assert same_measures(asdict(measure_all(p)), expected)

    shared = _free_text(p)
    for name in [m.ego.name, *(a.name for a in m.alters)]:
        if len(name) >= 4 and not _says(OWN_WORDS, name):
            assert not any(_says(value, name) for value in shared), name
    kept = " ".join(
        _free_text(m.model_copy(update={"alters": [a.model_copy(update={"notes": ""}) for a in m.alters]}))
    )
    for a in m.alters:
        note = a.notes.casefold()
        if len(note) >= 4 and note not in kept.casefold() and note not in OWN_WORDS.casefold():
            assert not any(note in value.casefold() for value in shared), a.notes


@settings(max_examples=40, deadline=None)
@given(maps())
def test_pseudonymising_is_deterministic_and_can_be_repeated(m: EcoMap) -> None:
    once = pseudonymise(m)
    assert dumps(pseudonymise(m)) == dumps(once)
    twice = pseudonymise(once)
    assert [a.id for a in twice.alters] == [a.id for a in once.alters]
    assert same_measures(asdict(measure_all(twice)), asdict(measure_all(once)))


def test_the_code_is_keyed_with_the_installation_secret(monkeypatch, tmp_path):
    import hashlib
    import hmac

    from ecomap.pseudonymise import installation_key

    # Worked out here: HMAC-SHA-256 of the id under the key, first six hex digits.
    expected = hmac.new(b"k" * 32, b"p-edith-marsh", hashlib.sha256).hexdigest()[:6]
    assert person_code("p-edith-marsh", key=b"k" * 32) == expected
    assert person_code("p-edith-marsh", key=b"k" * 32) != hashlib.sha256(b"p-edith-marsh").hexdigest()[:6]
    # Without a key in the environment, one is made once, private to its owner, and kept.
    monkeypatch.delenv("ECOMAP_PSEUDONYM_KEY")
    monkeypatch.setenv("ECOMAP_PSEUDONYM_KEY_FILE", str(tmp_path / "key"))
    first = installation_key()
    assert len(first) == 32 and (tmp_path / "key").stat().st_mode & 0o777 == 0o600
    assert installation_key() == first
    assert person_code("p-x") == hmac.new(first, b"p-x", hashlib.sha256).hexdigest()[:6]
