"""Safeguarding: who may be contacted, by which route, and through whom.

First, do no harm. A suggestion never:

- proposes contact with a tie marked ``do_not_contact``, nor routes anything through them;
- proposes a direct call or visit to a child (``under_18``) or a looked-after child
  (``looked_after``): it names the route instead, their parent or carer, or their social worker and
  the contact arrangements (Children Act 1989, s.34 and Schedule 2 para. 15: contact with a child in
  care is arranged by the local authority);
- asks a child to give an adult support, introduce them or help them back in touch;
- routes an introduction or a reconnection through someone whose tie with the target is high
  stress (a go-between in a conflict makes it worse);
- talks cheerfully past strain: where the tie (or the go-between's) has some stress, it says so.
"""

from __future__ import annotations

from ecomap.model import Alter, EcoMap


def may_contact(a: Alter) -> bool:
    """Whether contact with ``a`` may be suggested at all: not marked do-not-contact."""
    return not a.do_not_contact


def is_child(a: Alter) -> bool:
    """A child, or a child in care: contact goes through the adults responsible for them."""
    return bool(a.under_18 or a.looked_after)


def may_ask(a: Alter) -> bool:
    """Whether ``a`` may be asked to give support, introduce the person or help them back in
    touch: an adult, not do-not-contact, and the tie not high stress."""
    return may_contact(a) and not is_child(a) and a.stress != "high"


def child_route(a: Alter) -> str:
    """The route to a child, in words; empty for an adult."""
    if a.looked_after:
        return (
            f"{a.name} is in care: contact goes through {a.name}'s social worker and the agreed contact "
            "arrangements, never a direct call or visit."
        )
    if a.under_18:
        return f"{a.name} is under 18: contact goes through {a.name}'s parent or carer."
    return ""


def child_next_step(a: Alter) -> str:
    return (
        f"Ask {a.name}'s social worker about contact."
        if a.looked_after
        else f"Ask {a.name}'s parent or carer first."
    )


def tie_stress(m: EcoMap, one: str, other: str) -> str | None:
    """The stress recorded on the tie between two alters; ``None`` when they are not tied."""
    for t in m.ties:
        if {t.source, t.target} == {one, other}:
            return t.stress
    return None


def safe_go_betweens(m: EcoMap, target: Alter, candidates: list[Alter]) -> list[Alter]:
    """The candidates who may help the person reach ``target``: they may be asked
    (:func:`may_ask`), and their own tie with the target is not high stress."""
    return [b for b in candidates if may_ask(b) and tie_stress(m, b.id, target.id) != "high"]


def strain_words(m: EcoMap, target: Alter, go_betweens: list[Alter]) -> str:
    """Strain acknowledged: "It has been difficult between you." when the person's tie with the
    target has some stress, and "Things are not easy between Brenda and Mark either." for a
    go-between whose tie with the target has some."""
    said = []
    if target.stress == "some":
        said.append("It has been difficult between you, so go at your own pace.")
    strained = [b.name for b in go_betweens if tie_stress(m, b.id, target.id) == "some"]
    if strained:
        said.append(f"Things are not always easy between {' and '.join(strained)} and {target.name} either.")
    return " ".join(said)
