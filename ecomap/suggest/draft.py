"""A suggestion before its effect is worked out, and the candidates the directory gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ecomap.model import Alter, EcoMap
from ecomap.risk import SUPPORT_WORDS
from ecomap.suggest.effect import Target
from ecomap.suggest.weights import SUGGESTION_KINDS, SuggestionWeights
from ecomap.suggest.words import fold, join_words


@dataclass
class Draft:
    """A suggestion before its effect is worked out. A directory suggestion's sentence is
    worked out only if it makes the shortlist (``reason`` is then a function giving it)."""

    kind: str
    target: Target
    tie: dict[str, Any]
    parts: list[tuple[str, float]]
    reason: str | Callable[[], str]
    reason_key: str | None
    via: str | None = None
    #: What to do first, and how to reach the target (a directory asset's phone and address).
    next_step: str = ""
    phone: str = ""
    address: str = ""

    def sentence(self) -> str:
        return self.reason() if callable(self.reason) else self.reason

    @property
    def builds_on_ties(self) -> bool:
        """An idea that builds on a tie the person already has: the tie itself, or someone on the
        map who would introduce them."""
        return self.target.alter_id is not None or self.via is not None

    @property
    def score(self) -> float:
        return round(sum(points for _, points in self.parts), 2)


def rank_order(kind: str, score: float, target: Target) -> tuple[float, int, str, str]:
    """Best first: score, then :data:`SUGGESTION_KINDS` order, then name, then key."""
    return (-score, SUGGESTION_KINDS.index(kind), fold(target.name), target.key)


def gap_weight(why: str, w: SuggestionWeights) -> float:
    return {"critical": w.gap_critical, "gap": w.gap}.get(why, w.single_point)


def support_need_words(m: EcoMap, functions: list[tuple[str, str]]) -> str:
    """A support need in words, claiming only what the map records: "No one on your map is recorded
    as giving you company", "Only Pat Greenaway is recorded as giving you transport"."""
    missing = [SUPPORT_WORDS[f] for f, why in functions if not why.startswith("single:")]
    by_giver: dict[str, list[str]] = {}
    for f, why in functions:
        if why.startswith("single:"):
            by_giver.setdefault(why.removeprefix("single:"), []).append(SUPPORT_WORDS[f])
    said = [f"no one on your map is recorded as giving you {join_words(missing, 'or')}"] if missing else []
    said += [
        f"only {m.alter(giver).name} is recorded as giving you {join_words(what)}"
        for giver, what in by_giver.items()
    ]
    text = join_words(said)
    return text[0].upper() + text[1:]


@dataclass
class AssetCandidate:
    """Everything found about one asset for one person, before it is scored."""

    i: int
    km: float | None
    how: str
    free: tuple[str, ...]
    interests: list[tuple[str, float]]
    gifts: list[str]
    gaps: list[tuple[str, str]]  # (support function, "gap" | "critical" | "single:<alter id>")
    via: Alter | None = None
    offer: str = ""
    #: What matters to the person that the asset speaks to, and the circumstances it is for.
    matters: list[tuple[str, int]] = field(default_factory=list)
    circumstances: list[str] = field(default_factory=list)
