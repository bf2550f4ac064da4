"""Putting it together: every kind of suggestion, ranked, with its effect."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

import numpy as np

from ecomap.directory import Directory
from ecomap.edit import unique_id
from ecomap.model import EcoMap
from ecomap.risk import assess
from ecomap.settings import Thresholds
from ecomap.suggest.activities import asset_candidates, asset_draft
from ecomap.suggest.draft import Draft, rank_order
from ecomap.suggest.effect import Suggestion, apply_tie, effect_of
from ecomap.suggest.gaps import ask_someone
from ecomap.suggest.index import DirectoryIndex, index_of
from ecomap.suggest.introduce import named_introductions
from ecomap.suggest.profile import Profile, critical_functions, gap_needs, support_unrecorded
from ecomap.suggest.reconnect import reconnect_ideas
from ecomap.suggest.strengthen import strengthen_ideas
from ecomap.suggest.weights import LONG_TERM_KINDS, SuggestionWeights

# --- putting it together ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionReport:
    """Everything :func:`suggestions_for` found: the ``ideas``, best first; the ``near_misses``
    (what nearly fitted, and why not: "Walking Football (you enjoy football): asks for walking,
    and is not said to be adapted"); and ``notes`` saying what could not be done or was held back
    ("Nothing in the directory is within reach: the nearest is 31 km away."). ``held_back`` is
    true when ideas for the longer term were held back because the person is in crisis."""

    ideas: tuple[Suggestion, ...]
    near_misses: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    held_back: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "ideas": [s.as_json() for s in self.ideas],
            "near_misses": list(self.near_misses),
            "notes": list(self.notes),
            "held_back": self.held_back,
        }


#: Near misses shown at most.
NEAR_MISSES = 5
#: Said when long-term ideas are held back during a crisis.
CRISIS_NOTE = (
    "In a crisis: ideas for the longer term (groups to join, places to give time, ties to grow) are held "
    "back until things are steadier. These are the people and help there are now."
)


#: Held back while support is recorded for no one (:func:`~ecomap.suggest.profile.support_unrecorded`).
SUPPORT_NOT_RECORDED_NOTE = (
    "Support is not recorded for anyone on the map yet, so gaps in support are not known: ask {name} "
    "first who they could talk to about how they feel, call on in an emergency or ask for practical "
    "help. Help for gaps in support is held back until then."
)


def suggest(
    m: EcoMap, directory: Directory | DirectoryIndex | None = None, **options: Any
) -> list[Suggestion]:
    """The ideas of :func:`suggestions_for` (same ``options``: ``top``, ``weights``, ``today``,
    ``skip``, ``settings``), best first, without its near misses and notes."""
    return list(suggestions_for(m, directory, **options).ideas)


def suggestions_for(
    m: EcoMap,
    directory: Directory | DirectoryIndex | None = None,
    *,
    top: int = 10,
    weights: SuggestionWeights | None = None,
    today: date | None = None,
    skip: Collection[str] = (),
    settings: Thresholds | None = None,
) -> SuggestionReport:
    """The ``top`` suggestions for the person of ``m``, best first, with near misses and notes.

    ``directory`` adds join, contribute, introduce and fill_gap suggestions from community
    assets (a :class:`~ecomap.directory.Directory`, indexed once by :func:`index_of`, or a
    :class:`DirectoryIndex`). ``skip`` holds target keys (:attr:`Target.key`) never to offer,
    such as everything already in the person's plan, declined included. ``today`` is the date
    ages are worked out at (default: the map date). ``settings`` are the thresholds the effect
    is assessed with.

    One suggestion per target, the best-scoring kind. Candidates are ranked by their parts; the
    best ``weights.shortlist`` (at most twice ``weights.max_per_reason`` sharing one reason) get
    their effect worked out and scored; then at most ``weights.max_per_reason`` suggestions per
    reason are kept. Ties are broken by kind order (:data:`SUGGESTION_KINDS`), then name, so the
    same map always gives the same list. The best idea that builds on a tie the person already
    has (:attr:`Draft.builds_on_ties`) is always among the first three when there is one. While
    the person is in crisis (``stage`` is ``crisis``), kinds in :data:`LONG_TERM_KINDS` are held
    back and a note says so.
    """
    if top <= 0:
        return SuggestionReport(())
    w = weights or SuggestionWeights()
    settings = settings or Thresholds()
    p = Profile.of(m, w, today or m.ego.map_date)
    needs = gap_needs(m, p, settings)
    index = index_of(directory) if isinstance(directory, Directory) else directory
    drafts, lapsed = reconnect_ideas(m, p, index)
    drafts += strengthen_ideas(m, p) + ask_someone(m, p, needs, critical_functions(p, settings))
    matched: set[tuple[str, str]] = set()
    misses: list[str] = [f"{name} (on the map, lapsed): {why}" for name, why in lapsed.items()]
    if index is not None:
        found, matched, missed = asset_candidates(m, index, p, needs)
        drafts += [d for c in found.values() if (d := asset_draft(c, index, p)) is not None]
        # In the order they were weighed: what matters first, then interests, gifts, needs.
        misses += [
            f"{index.assets[i].name}: {why if isinstance(why, str) else p.out_of_reach(why)}"
            for i, why in islice(missed.items(), NEAR_MISSES)
        ]
    drafts += named_introductions(m, p, matched)
    held_back = p.stage == "crisis"
    if held_back:
        drafts = [d for d in drafts if d.kind not in LONG_TERM_KINDS]
    best: dict[str, Draft] = {}
    for d in drafts:
        if d.target.key in skip:
            continue
        kept = best.get(d.target.key)
        if kept is None or _before(d, kept):
            best[d.target.key] = d
    ranked = sorted(best.values(), key=lambda d: rank_order(d.kind, d.score, d.target))
    shortlist = _capped(ranked, 2 * w.max_per_reason, max(w.shortlist, top))
    on_ties = next((d for d in ranked if d.builds_on_ties), None)
    if on_ties is not None and on_ties not in shortlist:
        shortlist.append(on_ties)
    before = assess(m, settings)
    new_id = unique_id("planned-tie", (a.id for a in m.alters))
    finished = []
    for d in shortlist:
        planned_id = d.target.alter_id or new_id
        effect = effect_of(before, m, apply_tie(m, d.target, d.tie, planned_id), planned_id, settings)
        parts = list(d.parts)
        if gained := effect.lsns_after - effect.lsns_before:
            parts.append(("lsns", round(w.lsns * gained, 2)))
        if net := len(effect.resolved) - len(effect.raised):
            parts.append(("resolves", round(w.resolves * net, 2)))
        score = round(sum(points for _, points in parts), 2)
        suggestion = Suggestion(
            d.kind, d.target, d.sentence(), score, tuple(parts), effect, d.tie, d.via,
            next_step=d.next_step, phone=d.phone, address=d.address,
        )  # fmt: skip
        finished.append((d, suggestion))
    finished.sort(key=lambda pair: rank_order(pair[1].kind, pair[1].score, pair[1].target))
    kept = {id(d) for d in _capped([d for d, _ in finished], w.max_per_reason, top)}
    ideas = _ties_in_top_three([pair for pair in finished if id(pair[0]) in kept], finished)
    notes = [CRISIS_NOTE] if held_back else []
    if support_unrecorded(m):
        notes.append(SUPPORT_NOT_RECORDED_NOTE.format(name=m.ego.name.split()[0]))
    notes += _could_not(p, index, ideas)
    return SuggestionReport(tuple(ideas), tuple(misses[:NEAR_MISSES]), tuple(notes), held_back)


def _before(d: Draft, other: Draft) -> bool:
    return rank_order(d.kind, d.score, d.target) < rank_order(other.kind, other.score, other.target)


def _ties_in_top_three(
    kept: list[tuple[Draft, Suggestion]], finished: list[tuple[Draft, Suggestion]]
) -> list[Suggestion]:
    """The kept ideas, with the best one that builds on a tie the person has moved up to third
    place (or added there) when none of the first three does."""
    ideas = [s for _, s in kept]
    if any(d.builds_on_ties for d, _ in kept[:3]):
        return ideas
    best = next((s for d, s in finished if d.builds_on_ties), None)
    if best is None:
        return ideas
    rest = [s for s in ideas if s is not best]
    return (rest[:2] + [best] + rest[2:])[: len(ideas) or 1]


def _could_not(p: Profile, index: DirectoryIndex | None, ideas: list[Suggestion]) -> list[str]:
    """What could not be done, in plain words: nothing in the directory within reach (with the
    nearest distance), and times not recorded."""
    notes = []
    if index is not None and len(index) and p.home is not None:
        everything = list(range(len(index)))
        kms = index.distances(*p.home, everything)
        if not p.may_reach(index, everything, kms).any() and not np.isnan(kms).all():
            notes.append(
                f"Nothing in the directory is within reach: the nearest is {np.nanmin(kms):.0f} km away."
            )
    if not p.availability and any(s.target.asset_id for s in ideas):
        notes.append("When they are free is not recorded: check the time suits before suggesting a group.")
    if not ideas and not (p.interests or p.gifts or p.matters) and not notes:
        notes.append("No ideas yet: record what they enjoy, can give and what matters to them.")
    return notes


def _capped(drafts: list[Draft], per_reason: int, most: int) -> list[Draft]:
    """The first ``most`` drafts, in order, keeping at most ``per_reason`` sharing one reason."""
    chosen: list[Draft] = []
    counts: dict[str, int] = {}
    for d in drafts:
        if d.reason_key is not None:
            if counts.get(d.reason_key, 0) >= per_reason:
                continue
            counts[d.reason_key] = counts.get(d.reason_key, 0) + 1
        chosen.append(d)
        if len(chosen) == most:
            break
    return chosen
