"""A suggestion's target, the suggestion, and its effect: the map reassessed as if it came true."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from ecomap.measures import is_active
from ecomap.model import Alter, EcoMap
from ecomap.risk import BAND_NAMES, SECTOR_WORDS, Assessment, Flag, assess
from ecomap.settings import Thresholds
from ecomap.suggest.words import FLAG_WORDS, fold, join_words

# --- the target, the effect, the suggestion -----------------------------------------------------------


class Target(BaseModel):
    """Who or what a suggestion is about: an alter already on the map (``alter_id``), a directory
    asset (``asset_id``), or a group named in someone's offer (neither), with the name, ecomap
    kind and sector it is drawn with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: str
    sector: str
    alter_id: str | None = None
    asset_id: str | None = None

    @property
    def key(self) -> str:
        """Identifies the target across suggestions and the plan: ``alter:<id>``,
        ``asset:<id>`` or ``name:<folded name>``."""
        if self.alter_id:
            return f"alter:{self.alter_id}"
        if self.asset_id:
            return f"asset:{self.asset_id}"
        return f"name:{fold(self.name)}"

    @property
    def is_new(self) -> bool:
        """A new connection, rather than a change to a tie on the map."""
        return self.alter_id is None


@dataclass(frozen=True)
class Effect:
    """What a suggestion would change if it came true: the LSNS-6 estimate and band before and
    after, the concerns (flag codes) it would resolve or raise, and the sectors it would add."""

    lsns_before: int
    lsns_after: int
    band_before: str
    band_after: str
    resolved: tuple[str, ...]
    raised: tuple[str, ...]
    new_sectors: tuple[str, ...]

    def sentence(self) -> str:
        """``LSNS-6 estimate 5 -> 6; moderate risk of isolation -> low risk of isolation; no longer: no
        group or community tie; new part of life: community.``"""
        parts = [f"LSNS-6 estimate {self.lsns_before} -> {self.lsns_after}"]
        if self.band_after != self.band_before:
            parts.append(f"{BAND_NAMES[self.band_before].lower()} -> {BAND_NAMES[self.band_after].lower()}")
        if self.resolved:
            parts.append(f"no longer: {join_words([FLAG_WORDS.get(c, c) for c in self.resolved])}")
        if self.raised:
            parts.append(f"watch for: {join_words([FLAG_WORDS.get(c, c) for c in self.raised])}")
        if self.new_sectors:
            parts.append(f"new part of life: {join_words([SECTOR_WORDS[s] for s in self.new_sectors])}")
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Suggestion:
    """One ranked suggestion.

    ``reason`` is the sentence to read aloud; ``parts`` are the named points making up
    ``score``; ``effect`` is what would change if it came true. ``tie`` is the planned tie: for a
    new connection, the fields of the alter that would be added; for an alter on the map, the
    fields that would change. ``via`` is the id of the alter who would make an introduction.
    """

    kind: str
    target: Target
    reason: str
    score: float
    parts: tuple[tuple[str, float], ...]
    effect: Effect
    tie: dict[str, Any]
    via: str | None = None
    #: What to do first ("Ring 01632 960101 to ask about the next session"), and the asset's
    #: phone and address when it is one.
    next_step: str = ""
    phone: str = ""
    address: str = ""

    @property
    def key(self) -> str:
        return self.target.key

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target.model_dump(),
            "reason": self.reason,
            "score": self.score,
            "parts": dict(self.parts),
            "effect": {**self.effect.__dict__, "sentence": self.effect.sentence()},
            "tie": self.tie,
            "via": self.via,
            "next_step": self.next_step,
            "phone": self.phone,
            "address": self.address,
        }


def apply_tie(m: EcoMap, target: Target, tie: dict[str, Any], new_id: str) -> EcoMap:
    """The map as if a planned tie were real: a new alter ``new_id`` for a new connection, or the
    target alter's fields changed. Each alter is validated; the map as a whole is not revalidated
    (it is for drawing and reassessing, not for saving)."""
    if target.is_new:
        added = Alter.model_validate(
            {"id": new_id, "name": target.name, "kind": target.kind, "sector": target.sector, **tie}
        )
        return m.model_copy(update={"alters": [*m.alters, added]})
    alters = [
        Alter.model_validate({**a.model_dump(), **tie}) if a.id == target.alter_id else a for a in m.alters
    ]
    return m.model_copy(update={"alters": alters})


def _flag_key(f: Flag) -> tuple[str, tuple[str, ...]]:
    # A single point of failure is one per alter; the other flags are one per map whatever the
    # people they name.
    return (f.code, f.people if f.code == "single_point" else ())


def effect_of(
    before: Assessment, m: EcoMap, after_map: EcoMap, planned_id: str, settings: Thresholds | None = None
) -> Effect:
    """Compare the assessment of ``m`` (given, so it is worked out once) with ``after_map``'s, in
    which ``planned_id`` is the planned tie.

    Two flags a planned tie can raise are not counted as new concerns: a single point of failure
    on the planned tie itself (it gives something nobody gave before, or gave alone already:
    progress), and a fragmented network when the tie is new (a newcomer knows nobody on the map
    yet; that is how every new connection starts).
    """
    after = assess(after_map, settings)
    after_keys = {_flag_key(f) for f in after.flags}
    before_keys = {_flag_key(f) for f in before.flags}
    resolved = dict.fromkeys(f.code for f in before.flags if _flag_key(f) not in after_keys)
    newcomer = planned_id not in {a.id for a in m.alters}
    raised = dict.fromkeys(
        f.code
        for f in after.flags
        if _flag_key(f) not in before_keys
        and not (f.code == "single_point" and f.people == (planned_id,))
        and not (f.code == "fragmented" and newcomer)
    )
    sectors = {a.sector for a in m.alters if is_active(a, m.ego.map_date)}
    new_sectors = dict.fromkeys(
        a.sector for a in after_map.alters if is_active(a, m.ego.map_date) and a.sector not in sectors
    )
    return Effect(
        lsns_before=before.measures.lsns6_estimate,
        lsns_after=after.measures.lsns6_estimate,
        band_before=before.band,
        band_after=after.band,
        resolved=tuple(c for c in resolved if c not in raised),
        raised=tuple(c for c in raised if c not in resolved),
        new_sectors=tuple(new_sectors),
    )
