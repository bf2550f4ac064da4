"""``strengthen``: a tenuous tie that could grow."""

from __future__ import annotations

from typing import Any

from ecomap.measures import is_active
from ecomap.model import EcoMap
from ecomap.suggest.draft import Draft
from ecomap.suggest.effect import Target
from ecomap.suggest.profile import Profile, matter_for
from ecomap.suggest.safeguarding import child_next_step, child_route, is_child, may_contact, strain_words
from ecomap.suggest.words import CONTACT_WORDS


def strengthen_ideas(m: EcoMap, p: Profile) -> list[Draft]:
    """Tenuous, unpaid, local ties in touch monthly or more that could grow."""
    w, when = p.w, m.ego.map_date
    drafts = []
    for a in m.alters:
        if (
            a.strength != "tenuous"
            or a.is_paid
            or a.kind in ("service", "pet")
            or a.stress == "high"
            or a.local is False
            or not is_active(a, when)
            or not may_contact(a)
        ):
            continue
        parts = [("strengthen", w.strengthen)]
        matter = matter_for(p, f"{a.name} {a.role} {a.sector}")
        parts += [("what_matters", w.what_matters)] if matter else []
        parts += [("local", w.local)] if a.local else []
        parts += [("non_kin", w.non_kin)] if a.kind == "person" and not a.is_kin else []
        often = CONTACT_WORDS[a.contact or "monthly"]
        tie: dict[str, Any] = {"strength": "moderate"}
        if a.kind == "person":
            local = " and they are local" if a.local else ""
            reason = f"You are in touch with {a.name} {often}{local}: this tie could grow into a friendship."
            if (a.circle or 3) > 2:
                tie["circle"] = 2
        else:
            reason = (
                f"You go to {a.name} {often}: going more often, or taking on a small role, could make it "
                "a stronger tie."
            )
        step = f"Next time you see {a.name}, suggest doing something together."
        if is_child(a):
            reason = f"You are in touch with {a.name} {often}. {child_route(a)}"
            step = child_next_step(a)
        if matter:
            reason = f'What matters to you, in your words: "{matter}". {reason}'
        if strain := strain_words(m, a, []):
            reason += f" {strain}"
        if a.contact == "monthly":
            tie["contact"] = "fortnightly"
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(Draft("strengthen", target, tie, parts, reason, None, next_step=step))
    return drafts


#: Support that is asked of someone nearby, not of someone far away.
