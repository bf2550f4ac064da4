"""Putting it together: every kind of suggestion, ranked, with its effect."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from ecomap.directory import Directory
from ecomap.edit import unique_id
from ecomap.model import EcoMap
from ecomap.risk import assess
from ecomap.settings import Thresholds
from ecomap.suggest.activities import _asset_candidates, _asset_draft
from ecomap.suggest.draft import _Draft, _order
from ecomap.suggest.effect import Suggestion, apply_tie, effect_of
from ecomap.suggest.gaps import _ask_someone
from ecomap.suggest.index import DirectoryIndex, index_of
from ecomap.suggest.introduce import _named_introductions
from ecomap.suggest.profile import Profile, _gap_needs, critical_functions
from ecomap.suggest.reconnect import _reconnect
from ecomap.suggest.strengthen import _strengthen
from ecomap.suggest.weights import SuggestionWeights

# --- putting it together ---------------------------------------------------------------------------


def suggest(
    m: EcoMap,
    directory: Directory | DirectoryIndex | None = None,
    *,
    top: int = 10,
    weights: SuggestionWeights | None = None,
    today: date | None = None,
    skip: Collection[str] = (),
    settings: Thresholds | None = None,
) -> list[Suggestion]:
    """The ``top`` suggestions for the person of ``m``, best first.

    ``directory`` adds join, contribute, introduce and fill_gap suggestions from community
    assets (a :class:`~ecomap.directory.Directory`, indexed once by :func:`index_of`, or a
    :class:`DirectoryIndex`). ``skip`` holds target keys (:attr:`Target.key`) never to offer,
    such as everything already in the person's plan, declined included. ``today`` is the date
    ages are worked out at (default: the map date). ``settings`` are the thresholds the effect
    is assessed with.

    One suggestion per target, the best-scoring kind. Candidates are ranked by their parts; the
    best ``weights.shortlist`` (at most twice ``weights.max_per_reason`` sharing one reason) get
    their effect worked out and scored; then at most ``weights.max_per_reason`` suggestions per
    reason are kept. Ties are broken by kind order
    (:data:`SUGGESTION_KINDS`), then name, so the same map always gives the same list.
    """
    if top <= 0:
        return []
    w = weights or SuggestionWeights()
    settings = settings or Thresholds()
    p = Profile.of(m, w, today or m.ego.map_date)
    needs = _gap_needs(m, p, settings)
    drafts = _reconnect(m, p) + _strengthen(m, p) + _ask_someone(m, p, needs, critical_functions(p, settings))
    index = index_of(directory) if isinstance(directory, Directory) else directory
    matched: set[tuple[str, str]] = set()
    if index is not None:
        found, matched = _asset_candidates(m, index, p, needs)
        drafts += [d for c in found.values() if (d := _asset_draft(c, index, p)) is not None]
    drafts += _named_introductions(m, p, matched)
    best: dict[str, _Draft] = {}
    for d in drafts:
        if d.target.key in skip:
            continue
        kept = best.get(d.target.key)
        if kept is None or _order(d.kind, d.score, d.target) < _order(kept.kind, kept.score, kept.target):
            best[d.target.key] = d
    ranked = sorted(best.values(), key=lambda d: _order(d.kind, d.score, d.target))
    before = assess(m, settings)
    new_id = unique_id("planned-tie", (a.id for a in m.alters))
    finished = []
    for d in _capped(ranked, 2 * w.max_per_reason, max(w.shortlist, top)):
        planned_id = d.target.alter_id or new_id
        effect = effect_of(before, m, apply_tie(m, d.target, d.tie, planned_id), planned_id, settings)
        parts = list(d.parts)
        if gained := effect.lsns_after - effect.lsns_before:
            parts.append(("lsns", round(w.lsns * gained, 2)))
        if net := len(effect.resolved) - len(effect.raised):
            parts.append(("resolves", round(w.resolves * net, 2)))
        score = round(sum(points for _, points in parts), 2)
        suggestion = Suggestion(d.kind, d.target, d.sentence(), score, tuple(parts), effect, d.tie, d.via)
        finished.append((d, suggestion))
    finished.sort(key=lambda pair: _order(pair[1].kind, pair[1].score, pair[1].target))
    kept = {id(d) for d in _capped([d for d, _ in finished], w.max_per_reason, top)}
    return [s for d, s in finished if id(d) in kept]


def _capped(drafts: list[_Draft], per_reason: int, most: int) -> list[_Draft]:
    """The first ``most`` drafts, in order, keeping at most ``per_reason`` sharing one reason."""
    chosen: list[_Draft] = []
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
