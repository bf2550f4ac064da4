"""Whether an activity suits the person: their body, their gender, their language, and the needs of
someone they care for. First, do no harm: an activity the person's recorded needs rule out is never
offered, and where the rule is unsure the sentence says so.

Each rule reads the asset's own wording (:class:`ecomap.directory.wording.Wording`) and returns
``None`` when it holds, or the reason it does not, in words a coordinator can read aloud ("asks
for walking, and is not said to be adapted"). The reasons become near misses.
"""

from __future__ import annotations

from ecomap.directory import VENUE_ACCESS
from ecomap.directory.wording import LANGUAGE_NAMES, Wording

#: What each recorded need rules out, of the demands an activity makes (:data:`DEMAND_WORDS
#: <ecomap.directory.wording.DEMAND_WORDS>`), unless the activity says it is adapted: a wheelchair
#: user (``step_free``) is not offered walking football, a walk, a dance or a climb.
RULED_OUT_BY: dict[str, frozenset[str]] = {
    "step_free": frozenset({"walking", "running", "standing", "dancing", "cycling", "climbing"}),
}
#: Needs met by a building (a loop, a toilet, a level entrance): they apply to an activity held in
#: a venue, not to one held outdoors (a walk, a garden, a bowls green), where what the activity
#: asks of the body is judged instead.
VENUE_NEEDS: frozenset[str] = frozenset({"step_free", "hearing_loop", "accessible_toilet"})
#: Needs a carer records for the person they care for (a dementia-friendly welcome, a welcome for
#: the carer too): they apply to activities the two attend together, not to the carer's own.
CARED_FOR_NEEDS: frozenset[str] = frozenset({"dementia_friendly", "carer_welcome"})
#: The gender whose members a single-sex group is for.
SEX_OF_GENDER: dict[str, str] = {"woman": "women", "man": "men"}


def body_fit(needs: frozenset[str], wording: Wording) -> str | None:
    """``None`` when nothing the activity asks of the body is ruled out by a need (:data:`RULED_OUT_BY`),
    or it says it is adapted or inclusive; else the reason."""
    if wording.adapted:
        return None
    for need, demands in RULED_OUT_BY.items():
        if need in needs and (asked := sorted(wording.demands & demands)):
            return f"asks for {' and '.join(asked)}, and is not said to be adapted"
    return None


def venue_needs(needs: frozenset[str], wording: Wording, cares_for: bool) -> list[str]:
    """The needs the venue must meet: every venue need of :data:`~ecomap.directory.VENUE_ACCESS`
    and ``low_cost``, less the building's (:data:`VENUE_NEEDS`) for an outdoor activity, and less
    a cared-for person's (:data:`CARED_FOR_NEEDS`) for what a carer would go to alone."""
    checked = [n for n in needs if n in VENUE_ACCESS or n == "low_cost"]
    if wording.outdoors:
        checked = [n for n in checked if n not in VENUE_NEEDS]
    if cares_for and not wording.together:
        checked = [n for n in checked if n not in CARED_FOR_NEEDS]
    return sorted(checked)


def sex_fit(gender: str | None, wording: Wording) -> str | None:
    """``None`` when the group is for everyone, or for the person's recorded gender; else the
    reason ("for women only"). A person whose gender is not recorded is not ruled out: the
    sentence states the restriction instead (:func:`sex_caveat`)."""
    if wording.sex is None or gender is None or SEX_OF_GENDER.get(gender) == wording.sex:
        return None
    return f"for {wording.sex} only"


def sex_caveat(gender: str | None, wording: Wording) -> str:
    """``"for women only"`` when the group is single-sex and the person's gender is not
    recorded (so the coordinator checks); otherwise nothing."""
    return f"for {wording.sex} only" if wording.sex and gender is None else ""


def speaks_english(languages: tuple[str, ...], interpreter: bool | None) -> bool | None:
    """Whether the person speaks English: no when they need an interpreter, or their recorded
    languages leave English out; yes when English is among them; ``None`` when not recorded."""
    if interpreter:
        return False
    if not languages:
        return None
    return "en" in languages


def language_fit(languages: tuple[str, ...], interpreter: bool | None, wording: Wording) -> str | None:
    """``None`` when the person could take part in the language it is held in; else the reason.

    An activity that is mostly talk (a talk, a class, a quiz, a book group) needs a shared
    language: it is held in the languages its records or words name, and in English when they name
    none. Someone who does not speak English (:func:`speaks_english`) is not offered a talk held
    only in English, unless it teaches English; someone whose languages are not recorded is taken
    to speak English, so is not offered a talk held only in Polish. Hands-on activities (chess, a
    garden, a repair café) are open to everyone."""
    if not wording.talk or wording.learning_english:
        return None
    held = wording.languages or frozenset({"en"})
    spoken = set(languages) | ({"en"} if speaks_english(languages, interpreter) is None else set())
    if held & spoken:
        return None
    return f"is held in {language_names(held)}"


def language_names(codes: frozenset[str] | tuple[str, ...]) -> str:
    names = [LANGUAGE_NAMES[c][0].title() if c in LANGUAGE_NAMES else c for c in sorted(codes)]
    return " and ".join(names)


def own_languages(languages: tuple[str, ...], wording: Wording) -> tuple[str, ...]:
    """The person's languages, other than English, the activity is held in (preferred first):
    these are preferred (:attr:`SuggestionWeights.language`)."""
    return tuple(c for c in languages if c != "en" and c in wording.languages)
