"""``fill_gap`` from the map: someone the person knows who could also give missing support."""

from __future__ import annotations

from ecomap.measures import is_active, is_unpaid_person
from ecomap.model import Alter, EcoMap
from ecomap.risk import SUPPORT_WORDS
from ecomap.suggest.draft import Draft, gap_weight, support_need_words
from ecomap.suggest.effect import Target
from ecomap.suggest.profile import Profile
from ecomap.suggest.safeguarding import may_ask, strain_words
from ecomap.suggest.words import CONTACT_WORDS, join_words

_NEEDS_SOMEONE_LOCAL = frozenset({"practical", "emergency", "transport", "company"})


def ask_someone(m: EcoMap, p: Profile, needs: list[tuple[str, str]], critical: frozenset[str]) -> list[Draft]:
    """For each gap or single point of failure in a critical function (``critical``), the unpaid
    person in touch who could best also give it: close (circle 1 or 2, or strong) and local
    score. Someone to confide in must be close; help in an emergency, practical help, company
    and transport need someone not known to live far away. Someone the person gives personal
    care to is not asked: they depend on the person; nor a child, nor a do-not-contact or
    high-stress tie (:func:`~ecomap.suggest.safeguarding.may_ask`). Other needs are left to the
    directory."""
    w, when = p.w, m.ego.map_date
    best: dict[str, tuple[float, int, Alter, str]] = {}
    for function, why in needs:
        if function not in critical or function == "personal_care":
            continue
        for position, a in enumerate(m.alters):
            close = (a.circle or 3) <= 2 or a.strength == "strong"
            if (
                not is_unpaid_person(a)
                or not is_active(a, when)
                or not may_ask(a)
                or "personal_care" in a.gives
                or function in a.support
                or (function in _NEEDS_SOMEONE_LOCAL and a.local is False)
                or (function == "emotional" and not close)
            ):
                continue
            score = gap_weight(why, w) + (w.close if close else 0)
            score += w.local if a.local else 0
            current = best.get(function)
            if current is None or (score, -position) > (current[0], -current[1]):
                best[function] = (score, position, a, why)
    by_alter: dict[str, list[tuple[str, str]]] = {}
    for function, (_, _, a, why) in best.items():
        by_alter.setdefault(a.id, []).append((function, why))
    drafts = []
    for alter_id, functions in by_alter.items():
        a = m.alter(alter_id)
        parts = [("gap", max(gap_weight(why, w) for _, why in functions))]
        parts += [("close", w.close)] if (a.circle or 3) <= 2 or a.strength == "strong" else []
        parts += [("local", w.local)] if a.local else []
        words = join_words([SUPPORT_WORDS[f] for f, _ in functions])
        local = " and they are local" if a.local else ""
        reason = (
            f"{support_need_words(m, functions)}. You are in touch with {a.name} "
            f"{CONTACT_WORDS[a.contact or 'monthly']}{local}: could they also be someone to ask for {words}?"
        )
        if strain := strain_words(m, a, []):
            reason += f" {strain}"
        tie = {"support": list(dict.fromkeys([*a.support_functions, *(f for f, _ in functions)]))}
        target = Target(name=a.name, kind=a.kind, sector=a.sector, alter_id=a.id)
        step = f"Talk with {a.name} about whether they could be someone to ask for {words}."
        drafts.append(Draft("fill_gap", target, tie, parts, reason, f"gap:{functions[0][0]}", next_step=step))
    return drafts
