"""The map in words: a text alternative to the picture, for screen readers, the app and the printout.

It says what the picture shows, circle by circle from the person outwards: who is there, in
which sector, and each tie in Hartman's terms (strength, stress, which way support flows), then
who knows whom, then any planned ties. It is written to the person ("gives you ...") so that a
coordinator can read it aloud, and the person's own words (what matters, a good day) are quoted
as they said them, never retold about them (:func:`own_words_lines`).

The same words make the tooltips of the interactive map (:func:`alter_facts`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date

from ecomap.measures import is_dormant
from ecomap.model import CIRCLES, DORMANT_AFTER_DAYS, KINDS, SECTORS, Alter, EcoMap
from ecomap.notation import SECTOR_NAMES

SUPPORT_WORDS: dict[str, str] = {
    "emotional": "emotional support",
    "practical": "practical help",
    "information": "information",
    "company": "company",
    "personal_care": "personal care",
    "transport": "transport",
    "emergency": "help in an emergency",
}
CONTACT_WORDS: dict[str, str] = {
    "daily": "daily contact",
    "weekly": "weekly contact",
    "fortnightly": "contact every fortnight",
    "monthly": "monthly contact",
    "less": "contact less than monthly",
    "never": "no contact now",
}
STRENGTH_WORDS: dict[str, str] = {s: f"{s} tie" for s in ("strong", "moderate", "tenuous")}
STRESS_WORDS: dict[str, str] = {"some": "some stress", "high": "high stress"}
#: A person is described by their role; other kinds say what they are.
KIND_WORDS: dict[str, str] = {kind: "" if kind == "person" else kind for kind in KINDS}


def long_date(d: date) -> str:
    """``12 March 2026``."""
    return f"{d.day} {d:%B %Y}"


def join_words(words: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


#: Quote marks a person's words may already carry when they were typed in (kept, never doubled).
_QUOTES = "\"'‘’“”"
#: Words that speak *about* someone (third person). Read aloud to the person they are wrong:
#: "what matters to you: keeping his flat".
_THIRD_PERSON = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


def quoted(text: str) -> str:
    """The person's words in quotation marks, as typed: ``"keeping my flat"`` becomes
    ``“keeping my flat”``; words already in quote marks are kept exactly as they are."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text
    return f"“{text}”"


def third_person_words(text: str) -> list[str]:
    """The words of ``text`` that speak about someone rather than as them (he, his, her ...),
    in order, each once: own words should be written as the person said them ("my flat")."""
    return list(dict.fromkeys(w.lower() for w in _THIRD_PERSON.findall(text)))


def own_words_lines(m: EcoMap) -> list[str]:
    """What the person said matters and what a good day looks like, in their own words, quoted
    and addressed to them (nothing is retold in the third person); none when not recorded."""
    e = m.ego
    lines = []
    if e.what_matters:
        lines.append(f"What matters to you, in your words: {'; '.join(quoted(w) for w in e.what_matters)}.")
    if e.good_life:
        lines.append(f"A good day or a good life, in your words: {quoted(e.good_life)}")
    return lines


def circle_name(circle: int) -> str:
    return f"circle {circle}, {CIRCLES[circle]}"


def who(a: Alter) -> str:
    """The alter's name with what they are: ``Ruth (daughter, family)``."""
    return f"{a.name} ({', '.join(_what(a, SECTOR_NAMES[a.sector].lower()))})"


def _what(a: Alter, sector: str) -> list[str]:
    # "pet, pets" says nothing twice: the kind is left out when the sector's name starts with it.
    kind = KIND_WORDS[a.kind]
    return [part for part in (a.role, "" if sector.lower().startswith(kind) else kind, sector) if part]


def tie_words(a: Alter, map_date: date, after_days: int = DORMANT_AFTER_DAYS) -> list[str]:
    """The tie to the person as short clauses: strength and stress, contact, both directions of
    support, whether the person could confide in or call on them, and whether it is paid or
    dormant."""
    strength = STRENGTH_WORDS[a.strength]
    if a.stress in STRESS_WORDS:
        strength = f"{strength}, {STRESS_WORDS[a.stress]}"
    clauses = [strength]
    contact = CONTACT_WORDS[a.contact] if a.contact else ""
    if a.last_contact is not None:
        last = f"last contact {long_date(a.last_contact)}"
        contact = f"{contact} ({last})" if contact else last
    if contact:
        clauses.append(contact)
    if is_dormant(a, map_date, after_days):
        clauses.append("dormant")
    if a.support_functions:
        clauses.append(f"gives you {join_words(SUPPORT_WORDS[s] for s in a.support_functions)}")
    if a.gives_functions:
        clauses.append(f"you give them {join_words(SUPPORT_WORDS[s] for s in a.gives_functions)}")
    # The LSNS-6 questions, where they were asked: "no" is said, a blank is not.
    for answer, yes, no in (
        (a.confide, "you could talk to them about private matters", "not someone to confide in"),
        (a.call_on, "you could call on them for help", "not someone to call on"),
    ):
        if answer is not None:
            clauses.append(yes if answer else no)
    if a.is_paid:
        clauses.append("paid support")
    return clauses


def describe_alter(
    a: Alter, map_date: date, planned: bool = False, after_days: int = DORMANT_AFTER_DAYS
) -> str:
    """One sentence: ``Ruth (daughter, family) - circle 1, intimacy: strong tie, some stress;
    weekly contact; gives you emotional support; you give them company.``"""
    status = "Planned, not yet real: " if planned else ""
    return f"{status}{who(a)} - {circle_name(a.circle)}: {'; '.join(tie_words(a, map_date, after_days))}."


def alter_facts(
    a: Alter, map_date: date, planned: bool = False, after_days: int = DORMANT_AFTER_DAYS
) -> list[str]:
    """Plain-text lines for a tooltip: who, where on the map, the tie, support both ways, what
    they could offer, notes."""
    lines = [a.name]
    lines.append(" · ".join(_what(a, SECTOR_NAMES[a.sector])))
    lines.append(f"{circle_name(a.circle).capitalize()}" + (" · planned, not yet real" if planned else ""))
    lines.extend(clause[0].upper() + clause[1:] for clause in tie_words(a, map_date, after_days))
    if a.offers:
        lines.append(f"Could offer: {'; '.join(a.offers)}")
    if a.notes:
        lines.append(f"Notes: {a.notes}")
    return lines


def describe_lines(
    m: EcoMap, planned: Collection[str] = (), after_days: int = DORMANT_AFTER_DAYS
) -> list[str]:
    """The text alternative as lines: a heading line, then every circle (empty ones too), the
    ties between alters and the planned ties; ``after_days`` is the dormancy threshold."""
    d = m.ego.map_date
    names = m.names
    ties = f"{len(m.ties)} tie{'' if len(m.ties) == 1 else 's'}"
    lines = [
        f"Ecomap of {m.ego.name}, {long_date(d)}: {len(m.alters)} in the map "
        f"(people, groups, places, services and pets) and {ties} between them."
    ]
    lines.extend(own_words_lines(m))
    for circle in CIRCLES:
        # In the picture's order: sector by sector, clockwise from 12 o'clock.
        members = sorted((a for a in m.alters if a.circle == circle), key=lambda a: SECTORS.index(a.sector))
        heading = circle_name(circle).capitalize()
        if not members:
            lines.append(f"{heading}: nobody.")
            continue
        lines.append(f"{heading}: {len(members)}.")
        lines.extend(f"- {describe_alter(a, d, a.id in planned, after_days)}" for a in members)
    if m.ties:
        lines.append("Who knows whom:")
        for t in m.ties:
            stress = f", with {STRESS_WORDS[t.stress]}" if t.stress in STRESS_WORDS else ""
            lines.append(f"- {names[t.source]} and {names[t.target]} know each other{stress}.")
    else:
        lines.append("No ties between the others in the map are recorded.")
    if planned:
        shown = [a.name for a in m.alters if a.id in planned]
        lines.append(f"Planned ties, not yet real: {join_words(shown)}.")
    return lines


def describe(m: EcoMap, planned: Collection[str] = ()) -> str:
    """The text alternative as one string, one line per statement."""
    return "\n".join(describe_lines(m, planned))
