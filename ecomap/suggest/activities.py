"""``join``, ``contribute`` and ``fill_gap`` from the directory: assets the person could use and why."""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ecomap.directory import VENUE_ACCESS, Asset
from ecomap.model import EcoMap
from ecomap.suggest.draft import _AssetCandidate, _Draft, _gap_weight, _support_need_words
from ecomap.suggest.effect import Target
from ecomap.suggest.index import DirectoryIndex, contact_for
from ecomap.suggest.introduce import _introductions, _to_you
from ecomap.suggest.profile import _CIRCUMSTANCE_OF_TAG, GAP_TAGS, Profile
from ecomap.suggest.words import (
    _ACCESS_WORDS,
    _NOT_A_GIFT,
    _join,
    availability_words,
    distance_words,
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


def _asset_candidates(
    m: EcoMap, index: DirectoryIndex, p: Profile, needs: list[tuple[str, str]]
) -> tuple[dict[int, _AssetCandidate], set[tuple[str, str]]]:
    """Assets the person could use that match an interest, a gift, a support need or an offer,
    and the introduction offers that matched some asset (:func:`_introductions`)."""
    found: dict[int, _AssetCandidate] = {}
    considered: dict[int, tuple[str, tuple[str, ...]] | None] = {}

    def usable(chosen: set[int]) -> list[int]:
        fresh = sorted(i for i in chosen if i not in considered)
        kms = np.full(len(fresh), math.nan)
        if fresh and p.home:
            kms = index.distances(*p.home, fresh)
            near = p.may_reach(index, fresh, kms)
            for i in np.asarray(fresh)[~near]:
                considered[int(i)] = None  # out of reach: the other rules need not be read
            fresh, kms = list(np.asarray(fresh)[near]), kms[near]
        for i, km in zip(fresh, kms):
            i, km = int(i), None if math.isnan(km) else float(km)
            verdict = p.can_use(index, i, km)
            considered[i] = verdict
            if verdict is not None:
                found.setdefault(i, _AssetCandidate(i, km, verdict[0], verdict[1], [], [], []))
        return sorted(i for i in chosen if considered.get(i) is not None)

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
            if words & (index.tag_stems[i] - _NOT_A_GIFT):
                found[i].gifts.append(gift)
    for function, why in needs:
        if function not in GAP_TAGS:
            continue
        chosen = set().union(*(index.by_tag.get(t, set()) for t in GAP_TAGS[function]))
        for i in usable(chosen):
            if not index.assets[i].is_volunteering:
                found[i].gaps.append((function, why))
    matched = _introductions(m, index, found, usable)
    return found, matched


# --- scoring and words for directory suggestions ---------------------------------------------------

_ROLE_AT = {"group": "member", "volunteering": "volunteer", "place": "visitor", "service": "service user"}
_VERB = {"group": "meets", "volunteering": "meets", "place": "is open", "service": "runs"}


def _cost_words(asset: Asset) -> str:
    if asset.cost_text:
        text = asset.cost_text
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text
    return {"free": "free", "low": "low cost", "paid": "a fee to pay"}.get(asset.cost, "")


def _asset_phrase(asset: Asset, c: _AssetCandidate, p: Profile) -> str:
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
    if access := [_ACCESS_WORDS[n] for n in VENUE_ACCESS if n in p.needs]:
        details.append(f"with {_join(access)}")
    if cost := _cost_words(asset):
        details.append(cost)
    if asset.ages:
        details.append(f"for ages {asset.ages}")
    tags = set(asset.tags)
    details += [f"for {who}" for who in ("men", "women") if who in tags]
    return ", ".join([head, *details])


def _is_faith(interest: str) -> bool:
    words = stems(interest)
    return "faith" in words or bool(traditions(words))


def _interest_lead(interests: list[str], days: str) -> str:
    """ "You enjoy gardening and are free on Tuesdays"; a faith is not something one "enjoys"."""
    enjoyed = [i for i in interests if not _is_faith(i)]
    if enjoyed:
        return f"You enjoy {_join(enjoyed)}" + (f" and are free on {days}" if days else "")
    return "Your faith matters to you" + (f", and you are free on {days}" if days else "")


def _asset_draft(c: _AssetCandidate, index: DirectoryIndex, p: Profile) -> _Draft | None:
    """The kind, parts, planned tie and sentence of one directory asset, or ``None`` when it
    gives no reason of its own (a gift matched only on words for who a group is for)."""
    asset, w = index.assets[c.i], p.w
    circumstances = {_CIRCUMSTANCE_OF_TAG[t] for t in index.tag_sets[c.i] if t in _CIRCUMSTANCE_OF_TAG}
    if c.via is None and not circumstances <= p.circumstances:
        return None
    if c.via is not None:
        kind = "introduce"
    elif c.gifts or (asset.is_volunteering and c.interests):
        kind = "contribute"
    elif any(strength == 1.0 for _, strength in c.interests):
        kind = "join"
    elif c.gaps:
        kind = "fill_gap"
    else:
        return None
    parts: list[tuple[str, float]] = []
    if kind == "introduce":
        parts.append(("introduce", w.introduce))
    strengths = sorted((s for _, s in c.interests), reverse=True)[: w.interests_counted]
    if strengths:
        parts.append(("interest", w.interest * sum(strengths)))
    if c.gifts:
        parts.append(("gift", w.gift))
    if c.gaps:
        parts.append(("gap", max(_gap_weight(why, w) for _, why in c.gaps)))
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
    target = Target(name=asset.name, kind=asset.ecomap_kind, sector=asset.ecomap_sector, asset_id=asset.id)
    reason_key = {
        "introduce": f"via:{c.via.id if c.via else ''}",
        "contribute": f"gift:{c.gifts[0]}" if c.gifts else f"interest:{interests[0] if interests else ''}",
        "join": f"interest:{c.interests[0][0] if c.interests else ''}",
        "fill_gap": f"gap:{c.gaps[0][0] if c.gaps else ''}",
    }[kind]
    reason = partial(_asset_reason, c, index, p, kind)
    return _Draft(kind, target, tie, parts, reason, reason_key, c.via.id if c.via else None)


def _asset_reason(c: _AssetCandidate, index: DirectoryIndex, p: Profile, kind: str) -> str:
    """The sentence for a directory suggestion: why (interests, a gift, an introduction or a
    need), then the asset in words (:func:`_asset_phrase`), then any further reason."""
    asset = index.assets[c.i]
    days = _join([availability_words(t) for t in c.free[:2]])
    free = f" and are free on {days}" if days else ""
    if c.via is not None:
        lead = f"{c.via.name} {_to_you(c.offer)}"
    elif c.gifts:
        lead = f"You have something to give ({c.gifts[0]}){free}"
    elif kind == "fill_gap":
        lead = _support_need_words(p.m, c.gaps)
    else:
        lead = _interest_lead([i for i, _ in c.interests[:2]], days)
    reason = f"{lead}: {_asset_phrase(asset, c, p)}."
    if c.via is not None:
        reason += f" {c.via.name} could introduce you."
    elif kind != "fill_gap" and c.gaps:
        need = _support_need_words(p.m, c.gaps)
        reason += f" It could also help where {need[0].lower()}{need[1:]}."
    elif asset.is_volunteering and not c.gifts:
        reason += " It is a way to give your time to others."
    return reason
