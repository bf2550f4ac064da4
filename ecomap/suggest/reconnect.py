"""``reconnect`` and ``return``: a dormant tie worth renewing, a lapsed group worth going back to."""

from __future__ import annotations

import re

from ecomap.directory import Asset
from ecomap.measures import is_active, is_dormant
from ecomap.model import ACTIVE_CONTACTS, Alter, EcoMap
from ecomap.risk import SUPPORT_WORDS
from ecomap.suggest.draft import Draft
from ecomap.suggest.effect import Target
from ecomap.suggest.index import DirectoryIndex, same_name
from ecomap.suggest.profile import Profile, matter_for
from ecomap.suggest.safeguarding import (
    child_next_step,
    child_route,
    is_child,
    may_contact,
    safe_go_betweens,
    strain_words,
)
from ecomap.suggest.words import address_of as _address
from ecomap.suggest.words import fold, join_words, stems

# --- suggestions from the map itself ----------------------------------------------------------------


#: A role that says someone has died ("late husband"): their tie is not one to renew.
_DIED = re.compile(r"\b(late|deceased|died)\b|passed away", re.IGNORECASE)


def _since(a: Alter) -> str:
    if a.last_contact is not None:
        return f"you have not been in touch since {a.last_contact:%B %Y}"
    return "you are no longer in touch" if a.contact == "never" else "you are rarely in touch now"


def reconnect_ideas(
    m: EcoMap, p: Profile, index: DirectoryIndex | None = None
) -> tuple[list[Draft], dict[str, str]]:
    """Dormant ties worth renewing: people (``reconnect``, rule in the package docstring) with
    anyone in touch who knows them and could help (a go-between, :mod:`~ecomap.suggest.safeguarding`);
    lapsed groups and places that still fit (``return``). Someone whose role says they have died,
    a do-not-contact tie and a high-stress tie are left out. Also returns lapsed groups that no
    longer fit, by name, with the reason (near misses)."""
    w, when = p.w, m.ego.map_date
    known: dict[str, list[str]] = {a.id: [] for a in m.alters}
    for t in m.ties:
        known[t.source].append(t.target)
        known[t.target].append(t.source)
    drafts, misses = [], {}
    for a in m.alters:
        if (
            not is_dormant(a, when)
            or a.is_paid
            or a.kind in ("service", "pet")
            or a.stress == "high"
            or not may_contact(a)
            or _DIED.search(a.role)
        ):
            continue
        near = [m.alter(b) for b in known[a.id] if is_active(m.alter(b), when) and not m.alter(b).is_paid]
        bridges = safe_go_betweens(m, a, near)
        if a.kind in ("group", "place"):
            fits = _still_fits(a, p, index)
            if isinstance(fits, str):
                misses[a.name] = fits
            else:
                drafts.append(_return_draft(a, p, bridges, fits))
            continue
        close = (a.circle or 3) <= 2 or a.strength == "strong"
        matter = matter_for(p, f"{a.name} {a.role} {a.sector}")
        if not (close or a.support_functions or a.gives_functions or matter):
            continue
        parts = [("reconnect", w.reconnect)]
        parts += [("what_matters", w.what_matters)] if matter else []
        parts += [("close", w.close)] if close else []
        parts += [("gave_support", w.gave_support)] if a.support_functions or a.gives_functions else []
        parts += [("bridge", w.bridge)] if bridges else []
        parts += [("local", w.local)] if a.local else []
        parts += [("non_kin", w.non_kin)] if not a.is_kin else []
        what = []
        if (a.circle or 3) <= 2:
            what.append("was close to you")
        elif a.strength == "strong":
            what.append("was a strong tie")
        if a.support_functions:
            what.append(f"gave you {join_words([SUPPORT_WORDS[f] for f in a.support_functions])}")
        elif a.gives_functions and not what:
            what.append(f"was someone you gave {join_words([SUPPORT_WORDS[f] for f in a.gives_functions])}")
        role = f" ({a.role})" if a.role else ""
        reason = f"{a.name}{role} {join_words(what) or 'matters to you'}, but {_since(a)}."
        if matter:
            reason = f'What matters to you, in your words: "{matter}". {reason}'
        if is_child(a):
            reason += " " + child_route(a)
            step = child_next_step(a)
        elif bridges:
            who = join_words([b.name for b in bridges[:2]])
            knows = "knows" if len(bridges[:2]) == 1 else "know"
            reason += f" {who} {knows} {a.name} too and could help you get back in touch."
            step = f"Ask {bridges[0].name} to help you get back in touch with {a.name}."
        else:
            reason += " A call, a letter or a visit could pick it up again."
            step = f"Ring or write to {a.name}."
        if strain := strain_words(m, a, bridges[:2]):
            reason += f" {strain}"
        tie = {"contact": a.contact if a.contact in ACTIVE_CONTACTS else "monthly", "last_contact": None}
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        drafts.append(Draft("reconnect", target, tie, parts, reason, None, next_step=step))
    return drafts, misses


def _still_fits(a: Alter, p: Profile, index: DirectoryIndex | None) -> tuple[str, Asset | None] | str:
    """Whether a lapsed group or place still fits: when the directory holds it (by name), every
    rule of :meth:`Profile.can_use` but being on the map must hold (else the reason); when it
    does not, nothing is known against it."""
    if index is None:
        return "", None
    name = fold(a.name)
    for i in index.with_all_words(stems(a.name), index.by_name):
        if any(same_name(name, n) for n in index.names[i]):
            asset = index.assets[i]
            km = (
                None
                if p.home is None or asset.coordinates is None
                else float(index.distances(*p.home, [i])[0])
            )
            verdict = p.can_use(index, i, km, on_the_map=True)
            return verdict if isinstance(verdict, str) else (verdict[0], asset)
    return "", None


def _return_draft(a: Alter, p: Profile, bridges: list[Alter], fits: tuple[str, Asset | None]) -> Draft:
    """Going back to a lapsed group or place, perhaps with someone linked to it."""
    w, (_, asset) = p.w, fits
    matter = matter_for(p, f"{a.name} {a.role}")
    interest = next((i for i, words in p.interests if words & stems(a.name)), "")
    parts = [("returning", w.returning)]
    parts += [("what_matters", w.what_matters)] if matter else []
    parts += [("interest", w.interest)] if interest else []
    parts += [("bridge", w.bridge)] if bridges else []
    parts += [("local", w.local)] if a.local else []
    role = f" ({a.role})" if a.role else ""
    reason = f"You used to go to {a.name}{role}, but {_since(a)}."
    if matter:
        reason = f'What matters to you, in your words: "{matter}". {reason}'
    if bridges:
        who = join_words([b.name for b in bridges[:2]])
        reason += f" {who} {'is' if len(bridges[:2]) == 1 else 'are'} linked to it too and could go with you."
    else:
        reason += " Going back, perhaps with someone, could pick it up again."
    if asset is not None and asset.when:
        reason += f" It meets {asset.when}."
    if asset is not None and asset.phone:
        step = f"Ring {asset.phone} to ask about going back."
    elif bridges:
        step = f"Ask {bridges[0].name} to go back with you."
    else:
        step = f"Go back along to {a.name}."
    tie = {"contact": "monthly", "last_contact": None}
    target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
    return Draft(
        "return",
        target,
        tie,
        parts,
        reason,
        f"return:{a.id}",
        next_step=step,
        phone=asset.phone if asset else "",
        address=_address(asset) if asset else "",
    )
