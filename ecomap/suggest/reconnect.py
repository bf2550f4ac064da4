"""``reconnect``: a dormant tie worth renewing."""

from __future__ import annotations

import re

from ecomap.measures import is_active, is_dormant
from ecomap.model import ACTIVE_CONTACTS, Alter, EcoMap
from ecomap.risk import SUPPORT_WORDS
from ecomap.suggest.draft import _Draft
from ecomap.suggest.effect import Target
from ecomap.suggest.profile import Profile
from ecomap.suggest.words import _join

# --- suggestions from the map itself ----------------------------------------------------------------


#: A role that says someone has died ("late husband"): their tie is not one to renew.
_DIED = re.compile(r"\b(late|deceased|died)\b|passed away", re.IGNORECASE)


def _since(a: Alter) -> str:
    if a.last_contact is not None:
        return f"you have not been in touch since {a.last_contact:%B %Y}"
    return "you are no longer in touch" if a.contact == "never" else "you are rarely in touch now"


def _reconnect(m: EcoMap, p: Profile) -> list[_Draft]:
    """Dormant ties worth renewing (rule in the module docstring), with anyone in touch who
    knows them and could help (a bridge). Someone whose role says they have died is left out."""
    w, when = p.w, m.ego.map_date
    known: dict[str, list[str]] = {a.id: [] for a in m.alters}
    for t in m.ties:
        known[t.source].append(t.target)
        known[t.target].append(t.source)
    drafts = []
    for a in m.alters:
        if (
            not is_dormant(a, when)
            or a.is_paid
            or a.kind in ("service", "pet")
            or a.stress == "high"
            or _DIED.search(a.role)
        ):
            continue
        close = (a.circle or 3) <= 2 or a.strength == "strong"
        if not (close or a.support_functions or a.gives_functions):
            continue
        bridges = [m.alter(b) for b in known[a.id] if is_active(m.alter(b), when) and not m.alter(b).is_paid]
        parts = [("reconnect", w.reconnect)]
        parts += [("close", w.close)] if close else []
        parts += [("gave_support", w.gave_support)] if a.support_functions or a.gives_functions else []
        parts += [("bridge", w.bridge)] if bridges else []
        parts += [("local", w.local)] if a.local else []
        parts += [("non_kin", w.non_kin)] if a.kind == "person" and not a.is_kin else []
        what = []
        if (a.circle or 3) <= 2:
            what.append("was close to you")
        elif a.strength == "strong":
            what.append("was a strong tie")
        if a.support_functions:
            what.append(f"gave you {_join([SUPPORT_WORDS[f] for f in a.support_functions])}")
        elif a.gives_functions and not what:
            what.append(f"was someone you gave {_join([SUPPORT_WORDS[f] for f in a.gives_functions])}")
        role = f" ({a.role})" if a.role and a.kind == "person" else ""
        reason = f"{a.name}{role} {_join(what)}, but {_since(a)}."
        if bridges:
            who = _join([b.name for b in bridges[:2]])
            one = len(bridges[:2]) == 1
            if a.kind == "person":
                knows = "knows" if one else "know"
                reason += f" {who} {knows} {a.name} too and could help you get back in touch."
            else:
                reason += f" {who} {'is' if one else 'are'} linked to it too and could go with you."
        elif a.kind == "person":
            reason += " A call or a visit could pick it up again."
        else:
            reason += " Going back, perhaps with someone, could pick it up again."
        tie = {"contact": a.contact if a.contact in ACTIVE_CONTACTS else "monthly", "last_contact": None}
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(_Draft("reconnect", target, tie, parts, reason, None))
    return drafts
