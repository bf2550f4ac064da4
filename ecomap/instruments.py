"""The questionnaires the person answers themselves: their questions, answer scales, sources and
licences, and the scores kept from them over time.

Only instruments that are free to use are here (``docs/instruments.md`` says why each is):

- **UCLA-3**, the three-item loneliness scale (Hughes, Waite, Hawkley & Cacioppo 2004,
  *Research on Aging* 26(6)); 1-3 each, total 3-9, higher is lonelier;
- the **ONS direct question** "How often do you feel lonely?" (ONS 2018, national measures of
  loneliness); 1 never ... 5 often or always;
- **LSNS-6**, the Lubben Social Network Scale, six items (Lubben et al. 2006, *The Gerontologist*
  46(4)); 0-5 each, family and friends 0-15, total 0-30, higher is more connected;
- **ONS4**, the ONS personal well-being questions (ONS 2011, Measuring National Well-being);
  0-10 each; for anxiety higher is worse.

A score over time (:data:`OWN_SCORES`) is named by its column in an assessment row
(:mod:`ecomap.assess`), so the History page, the comparison of two snapshots and the team table
all read the same names. These are the person's answers: they are never merged with, or shown
as, the estimates the map gives (``lsns6_estimate`` is the map's, ``lsns6_self`` the person's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ecomap.measures import self_report
from ecomap.model import ONS_LONELY_ANSWERS, UCLA3_ANSWERS, UCLA3_QUESTIONS, EcoMap

#: Lubben's answer codes: how many people.
LSNS6_ANSWERS: dict[int, str] = {
    0: "none",
    1: "one",
    2: "two",
    3: "three or four",
    4: "five to eight",
    5: "nine or more",
}
_FAMILY = "Considering the people to whom you are related by birth, marriage, adoption, etc."
_FRIENDS = "Considering all of your friends, including those who live in your neighbourhood"
_ASKED = (
    "see or hear from at least once a month",
    "feel at ease with that you can talk about private matters",
    "feel close to such that you could call on them for help",
)
#: LSNS-6 in Lubben's order: items 1-3 family, 4-6 friends.
LSNS6_QUESTIONS: dict[str, str] = {
    **{f"lsns6_{n}": f"{_FAMILY}: how many relatives do you {asked}?" for n, asked in enumerate(_ASKED, 1)},
    **{f"lsns6_{n}": f"{_FRIENDS}: how many friends do you {asked}?" for n, asked in enumerate(_ASKED, 4)},
}
#: ONS personal well-being (ONS4), asked in these words, answered 0-10.
ONS4_QUESTIONS: dict[str, str] = {
    "ons4_satisfied": "Overall, how satisfied are you with your life nowadays?",
    "ons4_worthwhile": (
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
    ),
    "ons4_happy": "Overall, how happy did you feel yesterday?",
    "ons4_anxious": "Overall, how anxious did you feel yesterday?",
}
#: What 0 and 10 mean for each ONS4 question.
ONS4_ENDS: dict[str, tuple[str, str]] = {
    "ons4_satisfied": ("not at all", "completely"),
    "ons4_worthwhile": ("not at all", "completely"),
    "ons4_happy": ("not at all", "completely"),
    "ons4_anxious": ("not at all anxious", "completely anxious"),
}


@dataclass(frozen=True)
class Instrument:
    """A questionnaire the person answers: its questions (ego field -> words), answers (code ->
    words; ``None`` for a 0-10 scale), the scale in words, where it comes from and its licence."""

    key: str
    name: str
    questions: dict[str, str]
    answers: dict[int, str] | None
    scale: str
    source: str
    licence: str


INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(
        "ucla3",
        "UCLA-3 loneliness scale",
        UCLA3_QUESTIONS,
        UCLA3_ANSWERS,
        "3 questions, each 1 (hardly ever) to 3 (often); total 3-9, higher is lonelier",
        "Hughes, Waite, Hawkley & Cacioppo (2004), Research on Aging 26(6): 655-672",
        "free to use without fee, citing the source; the ONS recommends it for national statistics",
    ),
    Instrument(
        "ons_lonely",
        "ONS direct loneliness question",
        {"ons_lonely": "How often do you feel lonely?"},
        ONS_LONELY_ANSWERS,
        "1 question, 1 (never) to 5 (often or always)",
        "Office for National Statistics (2018), Measuring loneliness: guidance for use of the national "
        "indicators on surveys",
        "Open Government Licence v3.0",
    ),
    Instrument(
        "lsns6",
        "Lubben Social Network Scale, 6 items (LSNS-6)",
        LSNS6_QUESTIONS,
        LSNS6_ANSWERS,
        "6 questions, each 0 (none) to 5 (nine or more); family 0-15, friends 0-15, total 0-30, "
        "higher is more connected",
        "Lubben, Blozik, Gillmann et al. (2006), The Gerontologist 46(4): 503-513",
        "free to use with a citation; the author's centre at Boston College publishes the scale and "
        "its scoring",
    ),
    Instrument(
        "ons4",
        "ONS personal well-being (ONS4)",
        ONS4_QUESTIONS,
        None,
        "4 questions, each 0 to 10; for anxiety higher is worse, for the others higher is better",
        "Office for National Statistics (2011 onwards), Personal well-being user guidance",
        "Open Government Licence v3.0",
    ),
)


@dataclass(frozen=True)
class OwnScore:
    """One score kept from the person's answers: its assessment-row ``column`` and the
    :class:`ecomap.measures.SelfReport` ``field`` it comes from."""

    column: str
    field: str
    label: str
    instrument: str
    low: int
    high: int
    better: Literal["higher", "lower"]

    @property
    def scale(self) -> str:
        """``3-9, lower is better``."""
        return f"{self.low}-{self.high}, {self.better} is better"


#: Every score the History page charts and a comparison lists, in this order.
OWN_SCORES: tuple[OwnScore, ...] = (
    OwnScore("ucla3_total", "ucla3_total", "UCLA-3 loneliness", "ucla3", 3, 9, "lower"),
    OwnScore("ons_lonely", "ons_lonely", "ONS lonely", "ons_lonely", 1, 5, "lower"),
    OwnScore("lsns6_self", "lsns6_total", "LSNS-6 total", "lsns6", 0, 30, "higher"),
    OwnScore("lsns6_self_family", "lsns6_family", "LSNS-6 family", "lsns6", 0, 15, "higher"),
    OwnScore("lsns6_self_friends", "lsns6_friends", "LSNS-6 friends", "lsns6", 0, 15, "higher"),
    OwnScore("ons4_satisfied", "ons4_satisfied", "ONS4 satisfied", "ons4", 0, 10, "higher"),
    OwnScore("ons4_worthwhile", "ons4_worthwhile", "ONS4 worthwhile", "ons4", 0, 10, "higher"),
    OwnScore("ons4_happy", "ons4_happy", "ONS4 happy", "ons4", 0, 10, "higher"),
    OwnScore("ons4_anxious", "ons4_anxious", "ONS4 anxious", "ons4", 0, 10, "lower"),
)
OWN_SCORE_COLUMNS: tuple[str, ...] = tuple(s.column for s in OWN_SCORES)


def own_scores(m: EcoMap) -> dict[str, int | None]:
    """Column -> the person's score on this map (``None``: not asked, or not every item answered)."""
    answers = self_report(m)
    return {s.column: getattr(answers, s.field) for s in OWN_SCORES}


def own_score(column: str) -> OwnScore:
    for s in OWN_SCORES:
        if s.column == column:
            return s
    raise KeyError(column)
