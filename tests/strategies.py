"""Hypothesis strategies for valid maps, shared by the round-trip and measure tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ecomap.model import (
    ACCESS_NEEDS,
    CONTACTS,
    GENDERS,
    KINDS,
    SECTORS,
    SHARINGS,
    STAGES,
    STRENGTHS,
    STRESSES,
    SUPPORTS,
    Alter,
    AlterTie,
    EcoMap,
    Ego,
)

# Any printable text, including HTML, quotes, commas, accents and line breaks; no control
# characters (a CSV cell cannot hold NUL) and no lone surrogates.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85")
    | st.sampled_from(["\n", ",", '"', "<", ">", "&", "'"]),
    max_size=30,
)
names = text.map(str.strip).filter(bool)
# List items cannot hold the separator and are stored stripped.
items = text.map(lambda s: s.replace(";", " ").strip()).filter(lambda s: s and "\n" not in s)
item_lists = st.lists(items, max_size=3, unique=True)
ids = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True).filter(lambda s: s != "ego")
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
maybe_bool = st.none() | st.booleans()
# Blank (not asked), the word none (asked: there is none), or some functions.
support_cells = st.sampled_from([[], ["none"]]) | st.lists(
    st.sampled_from(SUPPORTS), min_size=1, max_size=4, unique=True
)


@st.composite
def egos(draw) -> Ego:
    has_place = draw(st.booleans())
    return Ego(
        id=draw(ids),
        name=draw(names),
        map_date=draw(dates),
        year_of_birth=draw(st.none() | st.integers(1920, 1990)),
        lives_alone=draw(maybe_bool),
        has_partner=draw(maybe_bool),
        postcode=draw(st.sampled_from(["", "BA16 0AB", "TA1 1AA"])),
        latitude=draw(st.floats(50, 52, allow_nan=False)) if has_place else None,
        longitude=draw(st.floats(-3, -1, allow_nan=False)) if has_place else None,
        interests=draw(item_lists),
        gifts=draw(item_lists),
        what_matters=draw(item_lists),
        access_needs=draw(st.lists(st.sampled_from(sorted(ACCESS_NEEDS)), max_size=2, unique=True)),
        availability=draw(
            st.lists(st.sampled_from(["mon", "tue_am", "wed_pm", "sat", "sun_eve"]), unique=True)
        ),
        coordinator=draw(text.map(str.strip)),
        team=draw(st.sampled_from(["", "North", "South"])),
        consent_date=draw(st.none() | dates),
        ucla3_1=draw(st.none() | st.integers(1, 3)),
        ucla3_2=draw(st.none() | st.integers(1, 3)),
        ucla3_3=draw(st.none() | st.integers(1, 3)),
        ons_lonely=draw(st.none() | st.integers(1, 5)),
        gender=draw(st.none() | st.sampled_from(GENDERS)),
        languages=draw(st.lists(st.sampled_from(["en", "ur", "pa", "pl", "cy"]), max_size=3, unique=True)),
        interpreter=draw(maybe_bool),
        **{f"lsns6_{i}": draw(st.none() | st.integers(0, 5)) for i in range(1, 7)},
        **{
            f"ons4_{k}": draw(st.none() | st.integers(0, 10))
            for k in ("satisfied", "worthwhile", "happy", "anxious")
        },
        stage=draw(st.none() | st.sampled_from(STAGES)),
        good_life=draw(text.map(str.strip)),
        present=draw(item_lists),
        sharing=draw(st.none() | st.sampled_from(SHARINGS)),
        sharing_partners=draw(item_lists),
    )


@st.composite
def alters(draw, alter_id: str, map_date: date) -> Alter:
    last = draw(st.none() | st.integers(0, 800))
    return Alter(
        id=alter_id,
        name=draw(names),
        kind=draw(st.sampled_from(KINDS)),
        sector=draw(st.sampled_from(SECTORS)),
        role=draw(text.map(str.strip)),
        is_kin=draw(st.booleans()),
        is_paid=draw(st.booleans()),
        circle=draw(st.integers(1, 4)),
        strength=draw(st.sampled_from(STRENGTHS)),
        stress=draw(st.sampled_from(STRESSES)),
        contact=draw(st.none() | st.sampled_from(CONTACTS)),
        last_contact=None if last is None else map_date - timedelta(days=last),
        support=draw(support_cells),
        gives=draw(support_cells),
        local=draw(maybe_bool),
        offers=draw(item_lists),
        notes=draw(text.map(str.strip)),
        confide=draw(maybe_bool),
        call_on=draw(maybe_bool),
        under_18=draw(maybe_bool),
        looked_after=draw(maybe_bool),
        do_not_contact=draw(maybe_bool),
    )


@st.composite
def maps(draw, max_alters: int = 12) -> EcoMap:
    """A valid map: unique alter ids, ties only between distinct known alters, no repeats."""
    ego = draw(egos())
    alter_ids = draw(st.lists(ids, max_size=max_alters, unique=True))
    people = [draw(alters(i, ego.map_date)) for i in alter_ids]
    pairs = [(a, b) for n, a in enumerate(alter_ids) for b in alter_ids[n + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique_by=frozenset, max_size=20)) if pairs else []
    ties = [
        AlterTie(source=a, target=b, stress=draw(st.sampled_from(STRESSES)))
        if draw(st.booleans())
        else AlterTie(source=b, target=a, stress=draw(st.sampled_from(STRESSES)))
        for a, b in chosen
    ]
    return EcoMap(ego=ego, alters=people, ties=ties)
