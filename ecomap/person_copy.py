"""What goes into the person's own copy of their map, in words written to them.

The team's summary (:func:`ecomap.export.summary_pdf`) is for the coordinator and the team: it
has the band, the findings and the LSNS-6 estimate. The person's copy is theirs: it leads with
what is working, quotes what they said in their own words, and writes out the connection plan
they agreed (what, who helps, when, and how to get in touch, from the community directory). It
carries **no score, band, flag code or risk word**: a person who says they are hardly ever
lonely should never be handed "risk of isolation" (:data:`NOT_FOR_THE_PERSON` is checked on
every sentence made here, so a new strength rule that slips one in is left out, not printed).

The Easy Read copy says the same in short sentences, one idea to a line
(:func:`easy_read_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ecomap.describe import long_date, quoted
from ecomap.model import EcoMap
from ecomap.notation import SECTOR_NAMES

#: Words the person's copy never carries (as whole words or word beginnings, any case).
NOT_FOR_THE_PERSON: tuple[str, ...] = (
    "score",
    "band",
    "risk",
    "isolat",
    "lsns",
    "ucla",
    "flag",
    "cut-off",
    "estimate",
    "deficit",
    "vulnerab",
)
_FORBIDDEN = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in NOT_FOR_THE_PERSON) + r")[\w-]*", re.IGNORECASE
)
#: Plan statuses that go on the person's copy, each in words to them. Suggested (not agreed yet),
#: declined and ended items stay in the team's records.
PLAN_STATUS_WORDS: dict[str, str] = {
    "agreed": "You agreed to try this.",
    "introduced": "The first contact has been made.",
    "attending": "You are going: well done.",
    "sustained": "You are still going.",
}


def unfit_words(text: str) -> list[str]:
    """The words of ``text`` that must not reach the person's copy (see :data:`NOT_FOR_THE_PERSON`)."""
    return [m.group(0) for m in _FORBIDDEN.finditer(text)]


@dataclass(frozen=True)
class PlanStep:
    """One agreed connection, written out for the person."""

    what: str
    status: str
    who_helps: str = ""
    when: str = ""
    where: str = ""
    contact: str = ""

    @property
    def details(self) -> list[tuple[str, str]]:
        """(label, words) for who helps, when, where and the contact, where known."""
        found = [("Who helps", self.who_helps), ("When", self.when), ("Where", self.where)]
        return [(label, value) for label, value in [*found, ("Contact", self.contact)] if value]


@dataclass(frozen=True)
class PersonCopy:
    """The person's copy in words: the title, what is working, their own words, the plan."""

    title: str
    subtitle: str
    working: tuple[str, ...]
    own_words: tuple[tuple[str, str], ...]  # (heading, their words in quotes)
    plan: tuple[PlanStep, ...]


def plan_steps(m: EcoMap, plan, directory=None) -> tuple[PlanStep, ...]:
    """The plan's agreed items (:data:`PLAN_STATUS_WORDS`), in the plan's order, with who helps
    (whoever follows it up, and the person on the map who introduces them), when it happens and
    how to get in touch, from ``directory`` (:class:`ecomap.directory.Directory`) for assets."""
    if plan is None:
        return ()
    names = m.names
    steps = []
    for item in plan.items:
        if item.status not in PLAN_STATUS_WORDS:
            continue
        helpers = [item.follow_up] if item.follow_up else []
        if item.via and item.via in names:
            helpers.append(names[item.via])
        asset = (
            directory.get(item.target.asset_id) if directory is not None and item.target.asset_id else None
        )
        when = where = contact = ""
        if asset is not None:
            when = asset.when
            if asset.location is not None:
                loc = asset.location
                where = ", ".join(p for p in (loc.name, loc.address, loc.town, loc.postcode) if p)
            contact = "; ".join(p for p in (asset.phone, asset.email) if p)
        elif item.tie.get("contact"):
            when = {"daily": "every day", "fortnightly": "every two weeks", "less": "now and then"}.get(
                item.tie["contact"], item.tie["contact"]
            )
        steps.append(
            PlanStep(
                what=item.target.name,
                status=PLAN_STATUS_WORDS[item.status],
                who_helps=" and ".join(dict.fromkeys(helpers)),
                when=when,
                where=where,
                contact=contact,
            )
        )
    return tuple(steps)


def _fit(sentences: Sequence[str]) -> tuple[str, ...]:
    return tuple(s for s in sentences if not unfit_words(s))


def person_copy(m: EcoMap, strengths: Sequence[str], plan=None, directory=None) -> PersonCopy:
    """The person's copy of ``m``: ``strengths`` are the assessment's strength sentences (written
    to the person); any that carries a word of :data:`NOT_FOR_THE_PERSON` is left out."""
    e = m.ego
    own = []
    if e.what_matters:
        own += [("What matters to you", "; ".join(quoted(w) for w in e.what_matters))]
    if e.good_life:
        own += [("A good day, in your words", quoted(e.good_life))]
    return PersonCopy(
        title=f"{e.name}: your map",
        subtitle=f"Drawn together on {long_date(e.map_date)}"
        + (f" with {e.coordinator}" if e.coordinator else ""),
        working=_fit(strengths) or ("You have made a start by drawing your map together.",),
        own_words=tuple(own),
        plan=plan_steps(m, plan, directory),
    )


def easy_read_lines(m: EcoMap, copy: PersonCopy) -> list[tuple[str, str]]:
    """The Easy Read copy as (heading, line) pairs: short sentences, one idea to a line."""
    lines: list[tuple[str, str]] = [
        ("This is your map", "This is your map."),
        ("This is your map", f"We made it on {long_date(m.ego.map_date)}."),
        ("This is your map", "You are in the middle."),
        ("This is your map", "The people closest to you are near the middle."),
    ]
    people = [a for a in m.alters if a.kind == "person" and not a.is_paid]
    places = [a for a in m.alters if a.kind in ("group", "place")]
    for a in people[:12]:
        lines.append(("People in your life", f"{a.name}{f' ({a.role})' if a.role else ''}."))
    for a in places[:8]:
        lines.append(("Groups and places", f"{a.name} ({SECTOR_NAMES[a.sector].lower()})."))
    for a in (a for a in m.alters if a.kind == "pet"):
        lines.append(("Groups and places", f"{a.name}, your pet."))
    for w in m.ego.what_matters:
        lines.append(("What matters to you", f"{quoted(w)}"))
    if m.ego.good_life:
        lines.append(("A good day for you", quoted(m.ego.good_life)))
    for step in copy.plan:
        heading = f"Your plan: {step.what}"
        lines.append((heading, step.status))
        if step.who_helps:
            lines.append((heading, f"{step.who_helps} will help."))
        if step.when:
            lines.append((heading, f"When: {step.when}."))
        if step.where:
            lines.append((heading, f"Where: {step.where}."))
        if step.contact:
            lines.append((heading, f"Phone or email: {step.contact}."))
    return lines
