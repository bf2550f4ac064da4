"""The data contract: what is accepted, what is refused, and how problems are reported."""

from __future__ import annotations

import pytest

from ecomap.model import EGO_ID, Alter, EcoMap, Ego, MapInvalid, validate_map

EGO = {"id": "p1", "name": "Maud Okafor", "map_date": "2026-03-01"}


def alter(**fields):
    return {"id": "ruth", "name": "Ruth", "sector": "family", **fields}


def problems(ego=EGO, alters=(), ties=(), **kwargs):
    with pytest.raises(MapInvalid) as caught:
        validate_map(dict(ego), [dict(a) for a in alters], [dict(t) for t in ties], **kwargs)
    return caught.value.problems


def test_a_minimal_map_is_valid_and_defaults_are_filled():
    m = validate_map(EGO, [alter()], [])
    ruth = m.alters[0]
    assert (ruth.kind, ruth.strength, ruth.stress, ruth.circle) == ("person", "moderate", "none", 3)
    assert ruth.contact is None and ruth.support == [] and ruth.flow == "none"


def test_paid_alters_default_to_the_circle_of_exchange():
    m = validate_map(EGO, [alter(is_paid="yes", sector="social_care")], [])
    assert m.alters[0].circle == 4


@pytest.mark.parametrize(
    "text,expected", [("true", True), ("Yes", True), ("1", True), ("no", False), ("0", False), ("", False)]
)
def test_yes_no_cells_accept_the_usual_spellings(text, expected):
    assert validate_map(EGO, [alter(is_kin=text)], []).alters[0].is_kin is expected


def test_vocabulary_words_are_normalised():
    m = validate_map(EGO, [alter(strength="Strong", contact=" Weekly ", sector="Work learning")], [])
    assert (m.alters[0].strength, m.alters[0].contact, m.alters[0].sector) == (
        "strong",
        "weekly",
        "work_learning",
    )


def test_list_cells_split_on_semicolons_and_drop_blanks():
    m = validate_map(
        {**EGO, "interests": "gardening; ; singing;gardening"}, [alter(support="emotional;practical")], []
    )
    assert m.ego.interests == ["gardening", "singing"]
    assert m.alters[0].support == ["emotional", "practical"]


@pytest.mark.parametrize(
    "support,gives,flow",
    [
        ("emotional", "company", "mutual"),
        ("emotional", "", "to_person"),
        ("", "company", "from_person"),
        ("", "", "none"),
    ],
)
def test_flow_is_derived_from_support_and_gives(support, gives, flow):
    assert validate_map(EGO, [alter(support=support, gives=gives)], []).alters[0].flow == flow


def test_text_with_commas_quotes_html_and_unicode_is_accepted_as_data():
    name = 'Zoë "Bisi" O\'Neill, <img src=x onerror=alert(1)> </script>'
    m = validate_map({**EGO, "name": "Łucja Nowak-Adébáyọ̀"}, [alter(name=name, notes="a\r\nb")], [])
    assert m.alters[0].name == name
    assert m.alters[0].notes == "a\nb"


def test_empty_optional_fields_are_accepted():
    m = validate_map(
        {**EGO, "year_of_birth": "", "latitude": "", "longitude": "", "ucla3_1": ""},
        [alter(last_contact="", circle="", local="")],
        [],
    )
    assert m.ego.year_of_birth is None and m.alters[0].last_contact is None and m.alters[0].local is None


# --- one test per refusal rule -------------------------------------------------------------


def test_duplicate_alter_ids_are_refused_naming_both_rows():
    found = problems(alters=[alter(), alter(name="Ruth again")], rows={"alters": [2, 3]}, file="m")
    assert [(p.row, p.field, p.value) for p in found] == [(3, "id", "ruth")]
    assert "row 2" in found[0].message


def test_ties_to_unknown_ids_are_refused():
    found = problems(alters=[alter()], ties=[{"source": "ruth", "target": "nobody"}])
    assert [(p.field, p.value) for p in found] == [("target", "nobody")]


def test_self_ties_are_refused():
    found = problems(alters=[alter()], ties=[{"source": "ruth", "target": "ruth"}])
    assert [(p.field, p.value) for p in found] == [("target", "ruth")]


def test_repeated_ties_are_refused_in_either_direction():
    people = [alter(), alter(id="sam", name="Sam")]
    found = problems(
        alters=people, ties=[{"source": "ruth", "target": "sam"}, {"source": "sam", "target": "ruth"}]
    )
    assert len(found) == 1 and "repeats" in found[0].message


@pytest.mark.parametrize(
    "field,value",
    [
        ("kind", "robot"),
        ("sector", "famly"),
        ("strength", "huge"),
        ("stress", "lots"),
        ("contact", "hourly"),
        ("support", "money"),
    ],
)
def test_values_outside_the_vocabularies_are_refused_and_the_allowed_words_named(field, value):
    (found,) = problems(alters=[alter(**{field: value})])
    assert (found.field, found.value) == (field, value)
    assert "use one of" in found.message


@pytest.mark.parametrize("circle", ["0", "5", "7"])
def test_circle_outside_one_to_four_is_refused(circle):
    (found,) = problems(alters=[alter(circle=circle)])
    assert found.field == "circle" and "intimacy" in found.message


@pytest.mark.parametrize("field", ["map_date", "consent_date"])
def test_bad_dates_are_refused(field):
    (found,) = problems(ego={**EGO, field: "31/02/2026"})
    assert found.field == field and "YYYY-MM-DD" in found.message


@pytest.mark.parametrize("where", ["ego", "alter"])
def test_empty_names_are_refused(where):
    if where == "ego":
        (found,) = problems(ego={**EGO, "name": "  "})
    else:
        (found,) = problems(alters=[alter(name="")])
    assert found.field == "name" and "required" in found.message


def test_last_contact_after_the_map_date_is_refused():
    (found,) = problems(alters=[alter(last_contact="2026-03-02")])
    assert found.field == "last_contact" and "after the map date" in found.message


def test_the_id_ego_is_kept_for_the_person():
    (found,) = problems(alters=[alter(id=EGO_ID)])
    assert found.field == "id"


def test_availability_must_be_weekday_tokens():
    (found,) = problems(ego={**EGO, "availability": "tuesday mornings"})
    assert found.field == "availability"
    assert validate_map({**EGO, "availability": "Tue_am; sat"}, [], []).ego.availability == ["tue_am", "sat"]


def test_every_problem_is_collected_not_just_the_first():
    found = problems(
        ego={**EGO, "map_date": "soon"},
        alters=[alter(sector="x", circle="9"), alter(id="b", name="", kind="robot")],
        ties=[{"source": "ruth", "target": "ruth"}],
        file="bundle.zip",
        rows={"alters": [2, 3], "alter_ties": [2]},
    )
    assert {(p.file, p.row, p.field) for p in found} == {
        ("bundle.zip/ego.csv", None, "map_date"),
        ("bundle.zip/alters.csv", 2, "sector"),
        ("bundle.zip/alters.csv", 2, "circle"),
        ("bundle.zip/alters.csv", 3, "name"),
        ("bundle.zip/alters.csv", 3, "kind"),
        ("bundle.zip/alter_ties.csv", 2, "target"),
    }


def test_a_problem_reads_as_a_sentence_naming_file_row_field_and_value():
    (found,) = problems(alters=[alter(circle="7")], file="maud.zip", rows={"alters": [4]})
    assert str(found).startswith("maud.zip/alters.csv, row 4, field 'circle': '7': is not a circle")


def test_models_refuse_unknown_fields():
    with pytest.raises(ValueError):
        Alter(id="a", name="A", sector="family", colour="red")


def test_a_map_built_directly_checks_references():
    with pytest.raises(ValueError):
        EcoMap(ego=EGO, alters=[alter()], ties=[{"source": "ruth", "target": "ghost"}])


# --- contract v1.1 ---------------------------------------------------------------------------


def test_a_version_1_file_reads_and_is_written_back_as_version_1_1():
    from ecomap.formats.json_map import dumps, loads

    v1 = '{"schema": "ecomap/1", "ego": {"id": "p1", "name": "Ann", "map_date": "2026-01-05"}, "alters": []}'
    m = loads(v1)
    assert m.schema_ == "ecomap/1.1"
    assert m.ego.gender is None and m.ego.languages == [] and m.ego.lsns6_1 is None
    assert '"schema": "ecomap/1.1"' in dumps(m)


def test_an_unknown_schema_tag_is_refused_naming_the_versions_read():
    from ecomap.formats.json_map import loads

    with pytest.raises(MapInvalid) as raised:
        loads(
            '{"schema": "ecomap/2", "ego": {"id": "p1", "name": "Ann", "map_date": "2026-01-05"}}',
            file="a.json",
        )
    assert "a.json, field 'schema': 'ecomap/2': is not supported; this reads ecomap/1 or ecomap/1.1" in str(
        raised.value
    )


def test_none_in_support_means_asked_and_there_is_none():
    asked = Alter(id="a", name="A", sector="friends", support="none", gives="None")
    not_asked = Alter(id="b", name="B", sector="friends")
    assert asked.support == ["none"] and asked.support_recorded and asked.support_functions == []
    assert not not_asked.support_recorded and not_asked.support_functions == []
    assert asked.flow == "none" and not_asked.flow == "none"
    giving = Alter(id="c", name="C", sector="friends", support="emotional", gives="none")
    assert giving.flow == "to_person" and giving.gives_recorded and giving.gives_functions == []


def test_none_with_a_support_function_is_refused():
    (found,) = problems(alters=[alter(support="emotional; none")])
    assert found.field == "support"
    assert "'none' stands alone" in found.message


def test_languages_are_iso_codes_kept_in_order_of_preference():
    ego = Ego(id="p", name="N", map_date="2026-01-01", languages="UR; pa; en; pa")
    assert ego.languages == ["ur", "pa", "en"]
    with pytest.raises(ValueError, match="is not a language code"):
        Ego(id="p", name="N", map_date="2026-01-01", languages="Urdu")


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("gender", "female", "woman, man, non_binary, another"),
        ("stage", "later", "connect, crisis, longer_term"),
        ("lsns6_1", "6", "less than or equal to 5"),
        ("ons4_happy", "11", "less than or equal to 10"),
    ],
)
def test_v1_1_person_fields_refuse_values_outside_their_range(field, value, allowed):
    (found,) = problems(ego={"id": "p", "name": "N", "map_date": "2026-01-01", field: value})
    assert found.field == field and allowed in found.message


def test_v1_1_fields_are_optional_and_blank_is_not_recorded():
    ego = Ego(id="p", name="N", map_date="2026-01-01", gender="", stage="", interpreter="", lsns6_2="")
    a = Alter(id="a", name="A", sector="family", confide="", call_on="yes", looked_after="")
    assert (ego.gender, ego.stage, ego.interpreter, ego.lsns6_2) == (None, None, None, None)
    assert (a.confide, a.call_on, a.looked_after, a.under_18, a.do_not_contact) == (
        None,
        True,
        None,
        None,
        None,
    )
