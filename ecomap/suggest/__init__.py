"""Connection suggestions: who and what could strengthen a person's network, and why.

Local Area Coordinators start from what is already there: ties that have gone quiet, people who
could introduce the person to others, what the person enjoys and what they can give. Only then do
they look to services, and natural supports (neighbours, friends, groups) come before paid ones.
:func:`suggest` follows that order. Six kinds of suggestion:

``reconnect``
    A dormant tie worth renewing: unpaid, not a service or a pet, without high stress, that was
    close (circle 1 or 2), strong, or gave or received support.
``strengthen``
    A tenuous tie that could grow: unpaid, local (or not known to be far), in touch monthly or
    more, without high stress.
``introduce``
    Someone on the map who could introduce the person to a group: an alter whose ``offers`` say
    they know, run or could introduce the person to something ("knows the stroke club at the
    leisure centre"); the directory assets holding every word of the group they name
    (:func:`_head_words`), or, when the directory has no such group, the group as named.
``join``
    A directory asset matching the person's interests (see :class:`DirectoryIndex`).
``contribute``
    A place to give their gifts: a volunteering role matching their gifts or interests, or a
    group whose tags match a gift. Contribution is a Local Area Coordination principle.
``fill_gap``
    Someone for a kind of support nobody gives (a support gap) or only one alter gives (a single
    point of failure): for critical support, an unpaid person in touch already on the map who
    could also give it; or a directory asset whose tags offer it (:data:`GAP_TAGS`: befriending
    for emotional support, community transport for transport).

Every directory asset offered must pass every rule in :meth:`Profile.can_use`: active; not on
the map already (:func:`on_map`); within reach (walking distance, a bus route or transport it
offers for someone who does not drive, else a drive); meeting on a day the person is free;
providing every access need the directory can check (a wheelchair user is never offered a venue
without step-free access); suiting their age; and, for faith groups, of the person's own faith
when their map shows it. A group for a particular circumstance (carers, dementia ...) is offered
only when the person's map shows it (:data:`CIRCUMSTANCES`). ``docs/suggestions.md`` explains
every rule and weight for coordinators.

Each suggestion carries a sentence a coordinator can read aloud, naming the people and places
involved; the ``effect`` it would have on the measures and flags if it came true (the map with the
planned tie added, reassessed with :func:`ecomap.risk.assess`); and a ``score`` that is the sum of
named parts, weighted by :class:`SuggestionWeights`, so every ranking can be explained.
"""

from __future__ import annotations

from ecomap.suggest.effect import Effect, Suggestion, Target, apply_tie, effect_of
from ecomap.suggest.index import DirectoryIndex, contact_for, index_of, on_map
from ecomap.suggest.profile import CIRCUMSTANCES, GAP_TAGS, Profile, circumstances_in, critical_functions
from ecomap.suggest.rank import SuggestionReport, suggest, suggestions_for
from ecomap.suggest.weights import LONG_TERM_KINDS, SUGGESTION_KINDS, SuggestionWeights, load_weights
from ecomap.suggest.words import (
    FAITH_TRADITIONS,
    FLAG_WORDS,
    availability_words,
    distance_words,
    fold,
    stem,
    stems,
    traditions,
)

__all__ = [
    "CIRCUMSTANCES",
    "FAITH_TRADITIONS",
    "FLAG_WORDS",
    "GAP_TAGS",
    "LONG_TERM_KINDS",
    "SUGGESTION_KINDS",
    "DirectoryIndex",
    "Effect",
    "Profile",
    "Suggestion",
    "SuggestionReport",
    "SuggestionWeights",
    "Target",
    "apply_tie",
    "availability_words",
    "circumstances_in",
    "contact_for",
    "critical_functions",
    "distance_words",
    "effect_of",
    "fold",
    "index_of",
    "load_weights",
    "on_map",
    "stem",
    "stems",
    "suggest",
    "suggestions_for",
    "traditions",
]
