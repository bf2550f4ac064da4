"""The weights and limits behind every ranking, in one place, and reading them from TOML."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ecomap.settings import load_settings

SUGGESTION_KINDS: tuple[str, ...] = (
    "reconnect",
    "strengthen",
    "return",
    "introduce",
    "fill_gap",
    "contribute",
    "join",
)
#: Kinds held back while the person is in crisis (``stage`` is ``crisis``): they build for the
#: longer term; in a crisis the conversation is about the people and help there are now.
LONG_TERM_KINDS: frozenset[str] = frozenset({"strengthen", "return", "introduce", "contribute", "join"})

# --- the weights, in one place -------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionWeights:
    """Every weight and limit behind the ranking, with its default and why.

    A suggestion's score is the sum of the parts that apply to it; each part is named after the
    weight that gives it. Override any of them in a TOML file (:func:`load_weights`).
    """

    #: Starting points of a dormant tie worth renewing: an existing relationship is the most
    #: natural support there is, so renewing one comes before anything new.
    reconnect: float = 3.0
    #: Starting points of a tenuous tie that could grow.
    strengthen: float = 2.0
    #: Starting points of an introduction by someone the person knows: a warm introduction is
    #: far more likely to last than walking in alone.
    introduce: float = 3.0
    #: Starting points of a lapsed group or place on the map to go back to.
    returning: float = 2.5
    #: It speaks to what matters to the person (``what_matters`` or ``good_life``): more than any
    #: interest match can give (``interest`` x ``interests_counted``), with a gift or the person's
    #: language on top, because the person's own priorities lead.
    what_matters: float = 8.0
    #: A group for the person's circumstance (carers, bereavement ...), offered without an
    #: interest: the people there share what the person is living through.
    circumstance: float = 2.5
    #: Held in a language of the person's other than English: they can be fully themselves there.
    language: float = 1.5
    #: Per interest an asset matches (a description-only match counts half), for at most
    #: ``interests_counted`` interests: people keep going to what they enjoy.
    interest: float = 2.5
    interests_counted: int = 2
    #: A gift the asset can use: what the person can offer matters as much as what they need.
    gift: float = 2.5
    #: Filling a critical support gap (``Thresholds.critical_functions``, and transport for
    #: someone who does not drive), another support gap, or a single point of failure.
    gap_critical: float = 3.0
    gap: float = 1.5
    single_point: float = 1.0
    #: A tie to renew or grow that was close (circle 1 or 2) or strong.
    close: float = 1.0
    #: A dormant tie that gave the person support, or received it.
    gave_support: float = 1.0
    #: Someone the person is in touch with already knows the dormant tie and could help.
    bridge: float = 1.0
    #: A tie marked local: local ties are there day to day and in an emergency.
    local: float = 1.0
    #: Someone outside the family: friends and neighbours widen a network most.
    non_kin: float = 0.5
    #: A group, place or volunteering role rather than a service: natural supports before
    #: services, so a service ranks below a community group for the same need.
    community: float = 1.0
    #: An asset in a sector none of the person's active ties is in.
    new_sector: float = 1.0
    #: Closeness: ``near`` points at the door, falling in a straight line to 0 at ``near_km``.
    near: float = 2.0
    near_km: float = 5.0
    #: Within walking distance (``walk_km``): no lift or bus needed.
    walkable: float = 1.0
    #: It meets at a time the person said they are free (0 when no availability is recorded).
    free_then: float = 1.0
    #: Free, or low cost (up to :data:`ecomap.directory.LOW_COST_LIMIT`).
    free: float = 0.5
    low_cost: float = 0.25
    #: Per point the LSNS-6 estimate would gain if the suggestion came true.
    lsns: float = 0.5
    #: Per concern (flag) it would resolve, less one per concern it would raise.
    resolves: float = 1.0
    #: Reach, in km: on foot for someone who does not drive; on a bus route, or with transport
    #: the asset offers, for someone who does not drive; by car for everyone else.
    walk_km: float = 1.2
    bus_km: float = 10.0
    drive_km: float = 8.0
    #: Suggestions sharing one reason (the same interest, gift, support gap or introducer) kept
    #: at most, so that ten lunch clubs do not crowd out everything else.
    max_per_reason: int = 2
    #: Candidates whose effect is worked out (by the other parts, best first); the rest are
    #: dropped. Reassessing the map is the costly step, so it is done for a shortlist only.
    shortlist: int = 30


def load_weights(path: str | os.PathLike[str]) -> SuggestionWeights:
    """Read weights from a TOML file, top-level or under ``[suggestions]``; keys left out keep
    their defaults. Raises :class:`~ecomap.settings.SettingsInvalid` naming the file and every
    bad key (the same rules as :func:`ecomap.settings.load_thresholds`)."""
    return load_settings(path, SuggestionWeights(), section="suggestions", noun="weight")
