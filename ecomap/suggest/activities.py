"""``join``, ``contribute`` and ``fill_gap`` from the directory: assets the person could use and why."""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ecomap.directory import VENUE_ACCESS, Asset
from ecomap.model import EcoMap
from ecomap.suggest.draft import AssetCandidate, Draft, gap_weight, support_need_words
from ecomap.suggest.effect import Target
from ecomap.suggest.fit import language_names, own_languages, sex_caveat, venue_needs
from ecomap.suggest.index import DirectoryIndex, contact_for
from ecomap.suggest.introduce import match_introductions, to_you
from ecomap.suggest.profile import (
    CIRCUMSTANCE_OF_TAG,
    CIRCUMSTANCE_PEOPLE,
    CIRCUMSTANCES,
    GAP_TAGS,
    RECEIVED_TAGS,
    Profile,
)
from ecomap.suggest.words import (
    NEED_WORDS,
    NOT_A_GIFT,
    address_of,
    availability_words,
    distance_words,
    join_words,
    stems,
    traditions,
)

# --- directory suggestions ---------------------------------------------------------------------------


def _interest_strength(index: DirectoryIndex, i: int, words: frozenset[str]) -> float:
    """1 when every word of an interest is in the asset's tags or name; 0.5 when some are only
    in its description; 0 otherwise."""
    if words <= index.topic[i]:
        return 1.0
    return 0.5 if words <= index.topic[i] | index.described[i] else 0.0


def asset_candidates(
    m: EcoMap, index: DirectoryIndex, p: Profile, needs: list[tuple[str, str]]
) -> tuple[dict[int, AssetCandidate], set[tuple[str, str]], dict[int, str | float]]:
    """Assets the person could use that match what matters to them, an interest, a gift, their
    circumstance, a support need or an offer; the introduction offers that matched some asset
    (:func:`match_introductions`); and the near misses: assets that matched but fail a rule,
    with the reason (:meth:`Profile.can_use`), or the distance when out of reach."""
    found: dict[int, AssetCandidate] = {}
    # Verdicts: (reach, free slots) when usable; else why not, or the distance when out of reach
    # (put in words only for the near misses shown).
    considered: dict[int, tuple[str, tuple[str, ...]] | str | float] = {}

    def usable(chosen: set[int]) -> list[int]:
        fresh = sorted(i for i in chosen if i not in considered)
        kms = np.full(len(fresh), math.nan)
        if fresh and p.home:
            kms = index.distances(*p.home, fresh)
            near = p.may_reach(index, fresh, kms)
            for i, km in zip(np.asarray(fresh)[~near], kms[~near]):
                considered[int(i)] = float(km)  # out of reach: the other rules need not be read
            fresh, kms = list(np.asarray(fresh)[near]), kms[near]
        for i, km in zip(fresh, kms):
            i, km = int(i), None if math.isnan(km) else float(km)
            verdict = p.can_use(index, i, km)
            considered[i] = verdict
            if not isinstance(verdict, str):
                found.setdefault(i, AssetCandidate(i, km, verdict[0], verdict[1], [], [], []))
        return sorted(i for i in chosen if isinstance(considered.get(i), tuple))

    for matter, words, in_a_good_life in [
        *((t, s, False) for t, s in p.matters),
        *((t, s, True) for t, s in p.good_life),
    ]:
        chosen = set().union(*(index.by_name.get(w, set()) for w in words))
        chosen |= index.teaching_english if "english" in words else set()
        for i in usable(chosen):
            # How well it speaks to this: shared words, and learning English for English. A
            # clause of a good life tells a story, so it needs one of the asset's own terms or
            # two words of its name ("the door" in "somebody knocks on the door" is no Open Door café).
            shared = words & index.topic[i]
            if in_a_good_life and not (shared & index.tag_stems[i] or len(shared) >= 2):
                shared = frozenset()
            strength = len(shared) + 2 * ("english" in words and i in index.teaching_english)
            if strength:
                found[i].matters.append((matter, strength))
    for interest, words in p.interests:
        if p.in_faith_community and _is_faith(interest):
            continue  # a faith community is not collected: they have one
        for i in usable(index.with_all_words(words)):
            strength = _interest_strength(index, i, words)
            if strength:
                found[i].interests.append((interest, strength))
    for gift, words in p.gifts:
        chosen = set().union(*(index.by_word.get(w, set()) for w in words))
        for i in usable(chosen):
            # Support is received there, not given: "good company" is no gift for befriending
            # (unless it is a volunteering role, where the person would give it).
            received = index.tag_sets[i] & RECEIVED_TAGS and not index.assets[i].is_volunteering
            if words & (index.tag_stems[i] - NOT_A_GIFT) and not received:
                found[i].gifts.append(gift)
    for circumstance in sorted(p.circumstances):
        chosen = set().union(*(index.by_tag.get(t, set()) for t in CIRCUMSTANCES[circumstance][0]))
        for i in usable(chosen):
            found[i].circumstances.append(circumstance)
    for function, why in needs:
        if function not in GAP_TAGS:
            continue
        chosen = set().union(*(index.by_tag.get(t, set()) for t in GAP_TAGS[function]))
        for i in usable(chosen):
            if not index.assets[i].is_volunteering:
                found[i].gaps.append((function, why))
    matched = match_introductions(m, index, found, usable)
    misses = {i: why for i, why in considered.items() if not isinstance(why, tuple) and why != ""}
    return found, matched, misses


# --- scoring and words for directory suggestions ---------------------------------------------------

_ROLE_AT = {"group": "member", "volunteering": "volunteer", "place": "visitor", "service": "service user"}
_VERB = {"group": "meets", "volunteering": "meets", "place": "is open", "service": "runs"}


def _cost_words(asset: Asset) -> str:
    if asset.cost_text:
        text = asset.cost_text
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
    return {"free": "free", "low": "low cost", "paid": "a fee to pay"}.get(asset.cost, "")


def _asset_phrase(asset: Asset, c: AssetCandidate, p: Profile, index: DirectoryIndex) -> str:
    """An asset in words: when, how far and how to get there, the access the person needs, cost:
    "Riverside Community Garden sessions meets then (Wednesdays 10:00-13:00), 600 m from home,
    step-free, free"."""
    verb = _VERB[asset.kind]
    met = [s for s in asset.schedules if any(s.meets(t) for t in c.free)]
    if met:
        head = f"{asset.name} {verb} then ({met[0].describe()})"
    elif asset.when:
        head = f"{asset.name} {verb} {asset.when}"
    else:
        head = asset.name
    details = []
    if c.km is not None:
        travel = {"bus": ", on a bus route", "transport": ", and transport can be arranged"}.get(c.how, "")
        details.append(distance_words(c.km) + travel)
    checked = venue_needs(p.needs, index.wording(c.i), p.cares_for)
    if access := [NEED_WORDS[n] for n in VENUE_ACCESS if n in checked]:
        details.append(f"with {join_words(access)}")
    if cost := _cost_words(asset):
        details.append(cost)
    if asset.ages:
        details.append(f"for ages {asset.ages}")
    wording = index.wording(c.i)
    if caveat := sex_caveat(p.gender, wording):
        details.append(caveat)
    elif wording.sex:
        details.append(f"for {wording.sex}")
    if own := own_languages(p.languages, wording):
        details.append(f"in {language_names(own)}")
    if not c.free:
        details.append("check the time suits")
    return ", ".join([head, *details])


def _is_faith(interest: str) -> bool:
    words = stems(interest)
    return "faith" in words or bool(traditions(words))


def _interest_lead(interests: list[str], days: str) -> str:
    """ "You enjoy gardening and are free on Tuesdays"; a faith is not something one "enjoys"."""
    enjoyed = [i for i in interests if not _is_faith(i)]
    if enjoyed:
        return f"You enjoy {join_words(enjoyed)}" + (f" and are free on {days}" if days else "")
    return "Your faith matters to you" + (f", and you are free on {days}" if days else "")


def asset_draft(c: AssetCandidate, index: DirectoryIndex, p: Profile) -> Draft | None:
    """The kind, parts, planned tie and sentence of one directory asset, or ``None`` when it
    gives no reason of its own (a gift matched only on words for who a group is for)."""
    asset, w = index.assets[c.i], p.w
    circumstances = {CIRCUMSTANCE_OF_TAG[t] for t in index.tag_sets[c.i] if t in CIRCUMSTANCE_OF_TAG}
    if c.via is None and not circumstances <= p.circumstances:
        return None
    wording = index.wording(c.i)
    gives_here = asset.is_volunteering or wording.wants_helpers
    if c.via is not None:
        kind = "introduce"
    elif gives_here and (c.gifts or c.interests or c.matters):
        kind = "contribute"
    elif c.matters or c.circumstances or c.gifts or any(strength == 1.0 for _, strength in c.interests):
        kind = "join"
    elif c.gaps:
        kind = "fill_gap"
    else:
        return None
    parts: list[tuple[str, float]] = []
    if kind == "introduce":
        parts.append(("introduce", w.introduce))
    if c.matters:
        parts.append(("what_matters", w.what_matters))
    if c.circumstances:
        parts.append(("circumstance", w.circumstance))
    if own_languages(p.languages, wording):
        parts.append(("language", w.language))
    strengths = sorted((s for _, s in c.interests), reverse=True)[: w.interests_counted]
    if strengths:
        parts.append(("interest", w.interest * sum(strengths)))
    if c.gifts:
        parts.append(("gift", w.gift))
    if c.gaps:
        parts.append(("gap", max(gap_weight(why, w) for _, why in c.gaps)))
    if asset.kind != "service":
        parts.append(("community", w.community))
    if asset.ecomap_sector not in p.active_sectors:
        parts.append(("new_sector", w.new_sector))
    if c.km is not None:
        parts.append(("near", w.near * max(0.0, 1 - c.km / w.near_km)))
        if c.km <= w.walk_km:
            parts.append(("walkable", w.walkable))
    if c.free:
        parts.append(("free_then", w.free_then))
    if asset.cost in ("free", "low"):
        parts.append(("cost", w.free if asset.cost == "free" else w.low_cost))
    parts = [(name, round(points, 2)) for name, points in parts if points]

    interests = [i for i, _ in c.interests[:2]]
    support = list(dict.fromkeys([f for f, _ in c.gaps] + (["company"] if asset.kind != "service" else [])))
    tie = {
        "role": _ROLE_AT[asset.kind],
        "circle": 3,
        "strength": "moderate",
        "contact": contact_for(asset.schedules),
        "support": support,
        "gives": ["practical"] if kind == "contribute" else [],
        "local": None if c.km is None else c.km <= w.near_km,
    }
    # Built unchecked: every field comes from a validated asset, and a large directory gives many.
    target = Target.model_construct(
        name=asset.name, kind=asset.ecomap_kind, sector=asset.ecomap_sector, asset_id=asset.id, alter_id=None
    )
    reason_key = {
        "introduce": f"via:{c.via.id if c.via else ''}",
        "contribute": f"gift:{c.gifts[0]}" if c.gifts else f"interest:{interests[0] if interests else ''}",
        "join": f"interest:{c.interests[0][0] if c.interests else ''}",
        "fill_gap": f"gap:{c.gaps[0][0] if c.gaps else ''}",
    }[kind]
    if kind == "join" and (c.matters or c.circumstances):
        reason_key = f"matters:{c.matters[0][0]}" if c.matters else f"circumstance:{c.circumstances[0]}"
    reason = partial(_asset_reason, c, index, p, kind)
    return Draft(
        kind,
        target,
        tie,
        parts,
        reason,
        reason_key,
        c.via.id if c.via else None,
        next_step=_next_step(asset, c, kind),
        phone=asset.phone,
        address=address_of(asset),
    )


def _next_step(asset: Asset, c: AssetCandidate, kind: str) -> str:
    """The first thing to do: ask the introducer, or ring (or email) to ask about the next
    session or the role, or simply go along."""
    if c.via is not None:
        return f"Ask {c.via.name} to introduce you to {asset.name}."
    about = "volunteering" if kind == "contribute" else "the next session"
    if asset.phone:
        return f"Ring {asset.phone} to ask about {about}."
    if asset.email:
        return f"Email {asset.email} to ask about {about}."
    return f"Go along to {asset.name}, perhaps with someone, and ask about {about}."


def _asset_reason(c: AssetCandidate, index: DirectoryIndex, p: Profile, kind: str) -> str:
    """The sentence for a directory suggestion: why (interests, a gift, an introduction or a
    need), then the asset in words (:func:`_asset_phrase`), then any further reason."""
    asset = index.assets[c.i]
    days = join_words([availability_words(t) for t in c.free[:2]])
    free = f" and are free on {days}" if days else ""
    if c.via is not None:
        lead = f"{c.via.name} {to_you(c.offer)}"
    elif c.matters:
        matter = max(c.matters, key=lambda pair: pair[1])[0]
        lead = f'It speaks to what matters to you, in your words, "{matter}"'
    elif c.gifts and kind == "contribute":
        lead = f"You have something to give ({c.gifts[0]}){free}"
    elif kind == "fill_gap":
        lead = support_need_words(p.m, c.gaps)
    elif c.interests:
        lead = _interest_lead([i for i, _ in c.interests[:2]], days)
    elif c.gifts:
        lead = f"It fits what you can do ({c.gifts[0]})" + (f", and you are free on {days}" if days else "")
    else:
        who = join_words([CIRCUMSTANCE_PEOPLE[name] for name in sorted(c.circumstances)])
        lead = f"A group for {who}" + (f", and you are free on {days}" if days else "")
    reason = f"{lead}: {_asset_phrase(asset, c, p, index)}."
    if c.via is not None:
        reason += f" {c.via.name} could introduce you."
    elif kind != "fill_gap" and c.gaps:
        need = support_need_words(p.m, c.gaps)
        reason += f" It could also help where {need[0].lower()}{need[1:]}."
    elif asset.is_volunteering and not c.gifts:
        reason += " It is a way to give your time to others."
    return reason
