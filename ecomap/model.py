"""The ecomap data contract, version 1.1: one person (the ego) at one date, their alters, and the ties
between alters.

The models are pydantic v2 and normalise what they accept (vocabulary words lower-cased, text
stripped, list cells split on ``;``), so that any map that validates writes out and reads back
identically in every format. :func:`validate_map` turns raw rows into an :class:`EcoMap` and
collects *every* problem, each naming the file, the row, the field, the bad value and what is
allowed, rather than stopping at the first.

Version 1.1 adds optional fields (the person's gender, languages and own questionnaire answers,
the conversation's stage and their words for a good life; an alter's ``confide``, ``call_on`` and
safeguarding markers) and the word ``none`` for support: every version 1 file still reads. A blank
optional field means *not recorded*, never "none" (see :attr:`Alter.support_recorded`).

Vocabularies and their meanings follow ``DESIGN.md``: Hartman's ecomap lines (strength, stress,
flow), Forest & Pearpoint's relationship circles, and the support functions used by the measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ecomap import limits

SCHEMA = "ecomap/1.1"
#: Every version of the contract this code reads; maps are always written as :data:`SCHEMA`.
READABLE_SCHEMAS: tuple[str, ...] = ("ecomap/1", "ecomap/1.1")
EGO_ID = "ego"

Kind = Literal["person", "group", "service", "place", "pet"]
Sector = Literal[
    "household",
    "family",
    "friends",
    "neighbours",
    "community",
    "faith",
    "work_learning",
    "health",
    "social_care",
    "other_services",
    "online",
    "pets",
]
Strength = Literal["strong", "moderate", "tenuous"]
Stress = Literal["none", "some", "high"]
Contact = Literal["daily", "weekly", "fortnightly", "monthly", "less", "never"]
Support = Literal[
    "emotional", "practical", "information", "company", "personal_care", "transport", "emergency"
]
#: In ``support`` and ``gives``, ``none`` (alone in the cell) means "asked, and there is none";
#: an empty cell means the question has not been asked yet.
NO_SUPPORT = "none"
Flow = Literal["mutual", "to_person", "from_person", "none"]
Gender = Literal["woman", "man", "non_binary", "another"]
#: The three conversations (Community Led Support): a first connection, a crisis, the longer term.
Stage = Literal["connect", "crisis", "longer_term"]
#: With whom the person agreed their map may be shared.
Sharing = Literal["nobody", "team", "partners"]

KINDS: tuple[str, ...] = get_args(Kind)
SECTORS: tuple[str, ...] = get_args(Sector)
STRENGTHS: tuple[str, ...] = get_args(Strength)
STRESSES: tuple[str, ...] = get_args(Stress)
CONTACTS: tuple[str, ...] = get_args(Contact)
SUPPORTS: tuple[str, ...] = get_args(Support)
GENDERS: tuple[str, ...] = get_args(Gender)
STAGES: tuple[str, ...] = get_args(Stage)
SHARINGS: tuple[str, ...] = get_args(Sharing)
CIRCLES: dict[int, str] = {1: "intimacy", 2: "friendship", 3: "participation", 4: "exchange"}

#: Contact frequencies that make a tie *active* (monthly or more often).
ACTIVE_CONTACTS: frozenset[str] = frozenset({"daily", "weekly", "fortnightly", "monthly"})
#: A tie whose last contact is older than this many days before the map date is *dormant*.
DORMANT_AFTER_DAYS = 183

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS: tuple[str, ...] = ("am", "pm", "eve")
_AVAILABILITY = re.compile(rf"^({'|'.join(WEEKDAYS)})(_({'|'.join(DAY_PARTS)}))?$")

#: Access needs that the community directory can match against a venue. Other needs may be
#: written in free text; they are kept and shown, but not matched automatically.
ACCESS_NEEDS: dict[str, str] = {
    "step_free": "step-free access (wheelchair user)",
    "hearing_loop": "a hearing loop",
    "accessible_toilet": "an accessible toilet",
    "quiet": "a quiet, low-stimulus setting",
    "large_print": "large print or easy read",
    "bsl": "British Sign Language",
    "dementia_friendly": "a dementia-friendly setting",
    "carer_welcome": "a carer or supporter welcome too",
    "no_car": "does not drive: within walking distance or on a bus route",
    "low_cost": "free or low cost",
}

LIST_SEPARATOR = ";"
#: Words already in canonical form: most cells are, and they need no normalising.
_CANONICAL_WORDS: frozenset[str] = frozenset(
    KINDS + SECTORS + STRENGTHS + STRESSES + CONTACTS + SUPPORTS + GENDERS + STAGES + SHARINGS + (NO_SUPPORT,)
)

#: The three-item UCLA loneliness scale (Hughes et al. 2004), asked of the person in these words.
UCLA3_QUESTIONS: dict[str, str] = {
    "ucla3_1": "How often do you feel that you lack companionship?",
    "ucla3_2": "How often do you feel left out?",
    "ucla3_3": "How often do you feel isolated from others?",
}
UCLA3_ANSWERS: dict[int, str] = {1: "hardly ever or never", 2: "some of the time", 3: "often"}
#: The ONS direct question, "How often do you feel lonely?" (ONS 2018).
ONS_LONELY_ANSWERS: dict[int, str] = {
    1: "never",
    2: "hardly ever",
    3: "occasionally",
    4: "some of the time",
    5: "often or always",
}


# --- normalisers shared by the fields --------------------------------------------------------


def _empty_to_none(value: Any) -> Any:
    """Blank cells mean 'not recorded' for optional numbers, dates and yes/no fields."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _vocabulary_word(value: Any) -> Any:
    """Accept 'Strong', ' weekly ' and 'Work learning' for the vocabulary words."""
    if isinstance(value, str) and value not in _CANONICAL_WORDS:
        return value.strip().lower().replace(" ", "_").replace("-", "_")
    return value


def _split_list(value: Any) -> Any:
    """A list cell is written ``a; b; c``. Items are stripped; empty items are dropped."""
    if value is None:
        return []
    _plain_text(value)
    if isinstance(value, str):
        value = value.split(LIST_SEPARATOR)
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return value


def _vocabulary_list(value: Any) -> Any:
    value = _split_list(value)
    if isinstance(value, list):
        return [_vocabulary_word(v) for v in value]
    return value


def _unique(items: list[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _text(value: Any) -> Any:
    """Free text: ``None`` is empty, Windows line ends become ``\\n``, ends are stripped; control
    characters and over-long text are refused (:func:`_plain_text`)."""
    if value is None:
        return ""
    _plain_text(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value  # the models strip every text field


def _bounded(number: type, low: float, high: float) -> Any:
    """An optional number in ``[low, high]``; a blank cell is 'not recorded'."""
    return Annotated[Annotated[number, Field(ge=low, le=high)] | None, BeforeValidator(_empty_to_none)]


_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def _optional_word(vocabulary: Any) -> Any:
    """An optional vocabulary word; a blank cell is 'not recorded'."""
    return Annotated[vocabulary | None, BeforeValidator(_empty_to_none), BeforeValidator(_vocabulary_word)]


Text = Annotated[str, BeforeValidator(_text)]
OptDate = Annotated[date | None, BeforeValidator(_empty_to_none)]
OptBool = Annotated[bool | None, BeforeValidator(_empty_to_none)]
TextList = Annotated[list[str], BeforeValidator(_split_list)]
SupportCell = Literal[
    "emotional", "practical", "information", "company", "personal_care", "transport", "emergency", "none"
]
SupportList = Annotated[list[SupportCell], BeforeValidator(_vocabulary_list)]


def _no_separator(items: list[str]) -> list[str]:
    """List items cannot contain the separator: they would split differently when read back."""
    # _split_list already split strings; a list given directly may still hold a ';'.
    out: list[str] = []
    for item in items:
        out.extend(part.strip() for part in item.split(LIST_SEPARATOR) if part.strip())
    return _unique(out)


#: Control characters, which text never holds: NUL and the other C0 and C1 codes except tab, line
#: feed and carriage return (kept in notes), and DEL. PostgreSQL refuses NUL and XML 1.0 (GraphML)
#: cannot hold any of them, so a map holding one could not be saved or read back.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: An id: no spaces, no ';' and no control characters (checked in pydantic's own code, which is
#: quicker than a validator of ours: every record has an id).
_ID_PATTERN = r"^[^;\s\x00-\x1f\x7f-\x9f]+$"


def control_character(text: str) -> str | None:
    """What is wrong with ``text`` if it holds a control character, else ``None``."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return (
        f"holds the control character U+{ord(found.group()):04X} at position {found.start() + 1}; "
        "text may hold tabs and line breaks but no other control characters"
    )


def _plain_text(value: Any) -> Any:
    """Refuse control characters and text longer than :attr:`ecomap.limits.Limits.text_chars`, in
    a text or in the items of a list (a list cell counts as one text)."""
    if isinstance(value, str):
        # The common case, kept cheap: a short text cannot be over the limit (it is never below
        # limits.TEXT_CHARS_FLOOR).
        if _CONTROL.search(value) is None and len(value) < limits.TEXT_CHARS_FLOOR:
            return value
        texts = [value]
    elif isinstance(value, (list, tuple)):
        texts = [t for t in value if isinstance(t, str)]
    else:
        return value  # numbers, dates, yes/no: nothing to check
    for text in texts:
        if _CONTROL.search(text) is not None:
            raise ValueError(control_character(text))
    length = sum(map(len, texts))
    if length >= limits.TEXT_CHARS_FLOOR and length > (most := limits.text_chars()):
        raise ValueError(
            f"is {length:,} characters long; a text field may hold at most {most:,} "
            f"({limits.Limits.variable('text_chars')})"
        )
    return value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Ego(_Record):
    """The person whose map it is, with their profile, strengths and own answers."""

    id: Annotated[str, Field(min_length=1, pattern=_ID_PATTERN)]
    name: Annotated[Text, Field(min_length=1)]
    map_date: date
    year_of_birth: _bounded(int, 1900, 2100) = None
    lives_alone: OptBool = None
    has_partner: OptBool = None
    postcode: Text = ""
    latitude: _bounded(float, -90, 90) = None
    longitude: _bounded(float, -180, 180) = None
    interests: TextList = []
    gifts: TextList = []
    what_matters: TextList = []
    access_needs: TextList = []
    availability: Annotated[list[str], BeforeValidator(_vocabulary_list)] = []
    coordinator: Text = ""
    team: Text = ""
    consent_date: OptDate = None
    ucla3_1: _bounded(int, 1, 3) = None
    ucla3_2: _bounded(int, 1, 3) = None
    ucla3_3: _bounded(int, 1, 3) = None
    ons_lonely: _bounded(int, 1, 5) = None
    # --- contract v1.1 ---
    gender: _optional_word(Gender) = None
    languages: Annotated[list[str], BeforeValidator(_vocabulary_list)] = []
    interpreter: OptBool = None
    lsns6_1: _bounded(int, 0, 5) = None
    lsns6_2: _bounded(int, 0, 5) = None
    lsns6_3: _bounded(int, 0, 5) = None
    lsns6_4: _bounded(int, 0, 5) = None
    lsns6_5: _bounded(int, 0, 5) = None
    lsns6_6: _bounded(int, 0, 5) = None
    ons4_satisfied: _bounded(int, 0, 10) = None
    ons4_worthwhile: _bounded(int, 0, 10) = None
    ons4_happy: _bounded(int, 0, 10) = None
    ons4_anxious: _bounded(int, 0, 10) = None
    stage: _optional_word(Stage) = None
    good_life: Text = ""
    present: TextList = []
    sharing: _optional_word(Sharing) = None
    sharing_partners: TextList = []

    @field_validator("interests", "gifts", "what_matters", "access_needs", "present", "sharing_partners")
    @classmethod
    def _clean_lists(cls, value: list[str]) -> list[str]:
        return _no_separator(value)

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _LANGUAGE_CODE.match(v)]
        if bad:
            raise ValueError(
                f"{bad[0]!r} is not a language code; use two-letter ISO 639-1 codes, preferred first, "
                "for example 'ur; pa; en'"
            )
        return _unique(value)

    @field_validator("availability")
    @classmethod
    def _check_availability(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _AVAILABILITY.match(v)]
        if bad:
            raise ValueError(
                f"{bad[0]!r} is not a time; write a weekday (mon ... sun), optionally with "
                "_am, _pm or _eve, for example 'tue_am'"
            )
        return _unique(value)

    @field_validator("year_of_birth")
    @classmethod
    def _born_before_map(cls, value: int | None, info: ValidationInfo) -> int | None:
        map_date = info.data.get("map_date")
        if value is not None and map_date is not None and value > map_date.year:
            raise ValueError(f"is after the map date ({map_date.isoformat()})")
        return value

    @field_validator("longitude")
    @classmethod
    def _both_coordinates(cls, value: float | None, info: ValidationInfo) -> float | None:
        if "latitude" in info.data and (info.data["latitude"] is None) != (value is None):
            raise ValueError("latitude and longitude must be given together")
        return value


class Alter(_Record):
    """Someone or something in the person's world, with the tie between them and the person.

    The tie lives on the alter's row, as in egor's alters table: ``circle``, ``strength``,
    ``stress``, ``contact``, ``last_contact``, ``support`` (what the alter gives the person) and
    ``gives`` (what the person gives the alter).
    """

    id: Annotated[str, Field(min_length=1, pattern=_ID_PATTERN)]
    name: Annotated[Text, Field(min_length=1)]
    kind: Annotated[Kind, BeforeValidator(_vocabulary_word)] = "person"
    sector: Annotated[Sector, BeforeValidator(_vocabulary_word)]
    role: Text = ""
    is_kin: Annotated[bool, BeforeValidator(lambda v: False if _empty_to_none(v) is None else v)] = False
    is_paid: Annotated[bool, BeforeValidator(lambda v: False if _empty_to_none(v) is None else v)] = False
    circle: _bounded(int, 1, 4) = None
    strength: Annotated[Strength, BeforeValidator(_vocabulary_word)] = "moderate"
    stress: Annotated[Stress, BeforeValidator(_vocabulary_word)] = "none"
    contact: _optional_word(Contact) = None
    last_contact: OptDate = None
    support: SupportList = []
    gives: SupportList = []
    local: OptBool = None
    offers: TextList = []
    notes: Text = ""
    # --- contract v1.1: blank is "not recorded" ---
    confide: OptBool = None
    call_on: OptBool = None
    under_18: OptBool = None
    looked_after: OptBool = None
    do_not_contact: OptBool = None

    @field_validator("id")
    @classmethod
    def _not_ego(cls, value: str) -> str:
        if value == EGO_ID:
            raise ValueError(f"'{EGO_ID}' is kept for the person at the centre of the map")
        return value

    @field_validator("support", "gives")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        if NO_SUPPORT in value and len(set(value)) > 1:
            raise ValueError(
                "'none' stands alone: it means the person was asked and there is none; "
                "leave the cell blank when it has not been asked"
            )
        return _unique(value)

    @field_validator("offers")
    @classmethod
    def _clean_offers(cls, value: list[str]) -> list[str]:
        return _no_separator(value)

    @model_validator(mode="after")
    def _default_circle(self) -> Alter:
        # Paid supporters sit in the circle of exchange unless the person places them closer;
        # everyone else defaults to participation until the conversation says otherwise.
        if self.circle is None:
            object.__setattr__(self, "circle", 4 if self.is_paid else 3)
        return self

    @property
    def support_functions(self) -> list[str]:
        """What this alter gives the person: the ``support`` functions without the word ``none``."""
        return [] if self.support == [NO_SUPPORT] else self.support

    @property
    def gives_functions(self) -> list[str]:
        """What the person gives this alter: the ``gives`` functions without the word ``none``."""
        return [] if self.gives == [NO_SUPPORT] else self.gives

    @property
    def support_recorded(self) -> bool:
        """Whether the support this alter gives was asked about (a blank cell is not an answer)."""
        return bool(self.support)

    @property
    def gives_recorded(self) -> bool:
        """Whether what the person gives this alter was asked about."""
        return bool(self.gives)

    @property
    def flow(self) -> Flow:
        """Which way support flows on the tie (Hartman's arrows); ``none`` also when not recorded."""
        to_person, from_person = self.support_functions, self.gives_functions
        if to_person and from_person:
            return "mutual"
        if to_person:
            return "to_person"
        if from_person:
            return "from_person"
        return "none"


class AlterTie(_Record):
    """Two alters who know each other (egor's alter-alter ties)."""

    source: Annotated[str, Field(min_length=1)]
    target: Annotated[str, Field(min_length=1)]
    stress: Annotated[Stress, BeforeValidator(_empty_to_none), BeforeValidator(_vocabulary_word)] = "none"

    @field_validator("stress", mode="before")
    @classmethod
    def _blank_stress(cls, value: Any) -> Any:
        return "none" if value is None or value == "" else value

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.source, self.target))


class EcoMap(BaseModel):
    """One person's ecomap at one date."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    # A version 1 file reads as it is and is written back as the current version.
    schema_: Annotated[
        Literal["ecomap/1.1"],
        BeforeValidator(lambda v: SCHEMA if v in READABLE_SCHEMAS else v),
        Field(alias="schema"),
    ] = SCHEMA
    ego: Ego
    alters: list[Alter] = []
    ties: list[AlterTie] = []

    @model_validator(mode="after")
    def _check_references(self) -> EcoMap:
        problems = _cross_record_problems(self.ego.map_date, self.alters, self.ties, file="")
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        return self

    def alter(self, alter_id: str) -> Alter:
        for a in self.alters:
            if a.id == alter_id:
                return a
        raise KeyError(alter_id)

    @property
    def names(self) -> dict[str, str]:
        """Alter id -> name, with the person under ``ego``."""
        return {EGO_ID: self.ego.name, **{a.id: a.name for a in self.alters}}


# --- validation that collects every problem ---------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as a person would look for it."""

    file: str
    row: int | None
    field: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = [self.file or "input"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        shown = "" if self.value is None else f" {_show(self.value)}:"
        return f"{', '.join(where)}:{shown} {self.message}"


class MapInvalid(ValueError):
    """Raised with every problem found in an input; nothing is half-read."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from the problems, not the message, when it comes back from a worker process.
        return (self.__class__, (self.problems,))


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text) if isinstance(value, str) else text


_ALLOWED: dict[str, str] = {
    "kind": ", ".join(KINDS),
    "sector": ", ".join(SECTORS),
    "strength": ", ".join(STRENGTHS),
    "stress": ", ".join(STRESSES),
    "contact": ", ".join(CONTACTS),
    "support": ", ".join(SUPPORTS) + " (or none, alone)",
    "gives": ", ".join(SUPPORTS) + " (or none, alone)",
    "gender": ", ".join(GENDERS),
    "stage": ", ".join(STAGES),
    "sharing": ", ".join(SHARINGS),
}


def _friendly(field: str, error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "literal_error" or (kind == "enum" and field in _ALLOWED):
        return f"is not allowed; use one of: {_ALLOWED.get(field, error['msg'])}"
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"}:
        return "is not a date; write it as YYYY-MM-DD, for example 2026-03-31"
    if kind in {"bool_parsing", "bool_type"}:
        return "is not yes or no; write true/false (yes/no and 1/0 are accepted too)"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "is not a whole number"
    if kind in {"float_parsing", "float_type"}:
        return "is not a number"
    if kind in {"string_too_short", "too_short"}:
        return "is empty; this field is required"
    if kind == "missing":
        return "is missing; this field is required"
    if kind == "string_pattern_mismatch":
        return "is not a usable id; ids are non-empty and contain no spaces, ';' or control characters"
    if kind == "extra_forbidden":
        return "is not a field of this table"
    if kind in {"greater_than_equal", "less_than_equal"} and field == "circle":
        return "is not a circle; use 1 (intimacy), 2 (friendship), 3 (participation) or 4 (exchange)"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return error["msg"].replace("Input should be", "must be")
    msg = str(error.get("msg", "is not valid"))
    return msg.removeprefix("Value error, ")


def _problems_from(error: ValidationError, file: str, row: int | None) -> list[Problem]:
    problems = []
    for e in error.errors():
        loc = [str(part) for part in e["loc"]]
        field = loc[0] if loc else None
        value = e.get("input")
        if not loc:
            value = None
        problems.append(Problem(file, row, field, value, _friendly(field or "", e)))
    return problems


def _cross_record_problems(
    map_date: date | None,
    alters: list[Alter],
    ties: list[AlterTie],
    file: str,
    rows: dict[str, list[int | None]] | None = None,
    locate: Callable[[str, str], str] | None = None,
) -> list[Problem]:
    """Duplicate ids, self-ties, ties to unknown ids, repeated ties and contact after the map
    date (when the map date is known)."""
    rows = rows or {}
    alter_rows = rows.get("alters", [None] * len(alters))
    tie_rows = rows.get("alter_ties", [None] * len(ties))
    locate = locate or file_for
    alters_file = locate(file, "alters")
    ties_file = locate(file, "alter_ties")
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for a, row in zip(alters, alter_rows):
        if a.id in seen:
            first = seen[a.id]
            where = f" (first used on row {first})" if first is not None else ""
            problems.append(
                Problem(alters_file, row, "id", a.id, f"is used twice{where}; ids must be unique")
            )
        else:
            seen[a.id] = row
        if a.last_contact is not None and map_date is not None and a.last_contact > map_date:
            problems.append(
                Problem(
                    alters_file,
                    row,
                    "last_contact",
                    a.last_contact.isoformat(),
                    f"is after the map date ({map_date.isoformat()})",
                )
            )
    pairs: dict[frozenset[str], int | None] = {}
    for t, row in zip(ties, tie_rows):
        if t.source == t.target:
            problems.append(
                Problem(
                    ties_file,
                    row,
                    "target",
                    t.target,
                    "is the same as the source; a tie joins two different alters",
                )
            )
            continue
        for end in ("source", "target"):
            ref = getattr(t, end)
            if ref not in seen:
                problems.append(
                    Problem(ties_file, row, end, ref, "is not the id of anyone in the alters table")
                )
        if t.pair in pairs:
            problems.append(
                Problem(ties_file, row, "target", t.target, f"repeats the tie {t.source} - {t.target}")
            )
        else:
            pairs[t.pair] = row
    return problems


_LIST_ADAPTERS: dict[type[_Record], TypeAdapter] = {
    model: TypeAdapter(list[model])
    for model in (Alter, AlterTie)  # type: ignore[valid-type]
}


def file_for(file: str, table: str) -> str:
    """Name a table inside an input: ``bundle.zip:alters.csv`` or ``ali.json#alters``."""
    if not file:
        return table
    if file.endswith(".json"):
        return {"ego": f"{file}#ego", "alters": f"{file}#alters", "alter_ties": f"{file}#ties"}[table]
    return f"{file}/{table}.csv" if not file.endswith(".csv") else file


def validate_map(
    ego: dict[str, Any],
    alters: list[dict[str, Any]],
    ties: list[dict[str, Any]],
    *,
    file: str = "",
    rows: dict[str, list[int | None]] | None = None,
    schema: Any = SCHEMA,
    locate: Callable[[str, str], str] | None = None,
) -> EcoMap:
    """Build an :class:`EcoMap` from raw records, or raise :class:`MapInvalid` with every problem.

    ``rows`` gives, per table (``ego``, ``alters``, ``alter_ties``), the row number a person
    would look for (for a CSV, the spreadsheet row: the header is row 1). ``file`` names the
    input in the messages; ``locate(file, table)`` names a table within it (default
    :func:`file_for`).
    """
    locate = locate or file_for
    _check_counts(file, len(alters), len(ties))
    rows = dict(rows or {})
    rows.setdefault("ego", [None])
    rows.setdefault("alters", list(range(1, len(alters) + 1)))
    rows.setdefault("alter_ties", list(range(1, len(ties) + 1)))
    problems: list[Problem] = []
    if schema not in READABLE_SCHEMAS:
        readable = " or ".join(READABLE_SCHEMAS)
        problems.append(Problem(file, None, "schema", schema, f"is not supported; this reads {readable}"))

    def build(model: type[_Record], record: dict[str, Any], table: str, row: int | None) -> Any:
        try:
            return model.model_validate(record)
        except ValidationError as error:
            problems.extend(_problems_from(error, locate(file, table), row))
            return None

    def build_all(model: type[_Record], records: list[dict[str, Any]], table: str) -> list[Any]:
        # One call for the whole table is much faster; only a table with a problem is gone
        # through row by row, so that each problem is told with its row.
        try:
            return _LIST_ADAPTERS[model].validate_python(records)
        except ValidationError:
            return [build(model, r, table, n) for r, n in zip(records, rows[table])]

    ego_model = build(Ego, ego, "ego", rows["ego"][0])
    alter_models = build_all(Alter, alters, "alters")
    tie_models = build_all(AlterTie, ties, "alter_ties")
    good_alters = [(a, n) for a, n in zip(alter_models, rows["alters"]) if a is not None]
    good_ties = [(t, n) for t, n in zip(tie_models, rows["alter_ties"]) if t is not None]
    # A tie to an alter whose own row was refused is not reported a second time.
    bad_alter_ids = {str(r.get("id", "")).strip() for r, a in zip(alters, alter_models) if a is None}
    cross = _cross_record_problems(
        None if ego_model is None else ego_model.map_date,
        [a for a, _ in good_alters],
        [t for t, _ in good_ties],
        file,
        {"alters": [n for _, n in good_alters], "alter_ties": [n for _, n in good_ties]},
        locate,
    )
    problems.extend(
        p
        for p in cross
        if not (p.field in {"source", "target"} and p.value in bad_alter_ids and "alters table" in p.message)
    )
    if problems:
        raise MapInvalid(problems)
    # Every record and cross-record rule was checked above; building the map again would repeat it.
    return EcoMap.model_construct(ego=ego_model, alters=alter_models, ties=tie_models)


def _check_counts(file: str, alters: int, ties: int) -> None:
    """Refuse a map with more alters or ties than :mod:`ecomap.limits` allows, before validating it:
    the measures and suggestions grow with the square of the map."""
    most = limits.current()
    for name, count, limit in (("alters", alters, most.alters), ("ties", ties, most.ties)):
        if count > limit:
            raise MapInvalid(
                [
                    Problem(
                        file,
                        None,
                        None,
                        None,
                        f"has {count:,} {name}; a map may have at most {limit:,} {name} "
                        f"({limits.Limits.variable(name)})",
                    )
                ]
            )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an ``ecomap/1.1`` map file, generated from the models.

    Published in the repository as ``schema/ecomap-1.1.schema.json`` for other tools; a test keeps
    the file in step with the models. Version 1 files are valid against it too: their ``schema``
    tag is one of :data:`READABLE_SCHEMAS` and every field version 1.1 adds is optional.
    """
    schema = EcoMap.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:ecomap:schema:ecomap-1.1"
    schema["title"] = "ecomap/1.1 map"
    schema["properties"]["schema"] = {
        "title": "Schema",
        "description": "The contract version; version 1 files read as they are.",
        "enum": list(READABLE_SCHEMAS),
        "default": SCHEMA,
    }
    return schema
