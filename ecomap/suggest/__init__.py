"""Connection suggestions: who and what could strengthen a person's network, and why.

Local Area Coordinators start from what is already there: ties that have gone quiet, people who
could introduce the person to others, what matters to the person, what they enjoy and what they
can give. Only then do they look to services, and natural supports (neighbours, friends, groups)
come before paid ones. :func:`suggestions_for` follows that order and also says what nearly fitted
and what could not be done; :func:`suggest` gives its ideas alone. ``docs/suggestions.md`` states
every rule and weight for coordinators.

Where each rule lives (one module, one idea):

=================  =================================================================================
module             what it decides
=================  =================================================================================
``reconnect``      ``reconnect``: a dormant tie worth renewing; ``return``: a lapsed group that still fits
``strengthen``     ``strengthen``: a tenuous tie that could grow
``introduce``      ``introduce``: someone on the map who offers to introduce the person to a group
``gaps``           ``fill_gap`` from the map: someone the person knows who could also give support
``activities``     ``join``, ``contribute`` and ``fill_gap`` from the directory, with sentence and step
``fit``            body, gender, language and cared-for needs against an asset's own wording
``safeguarding``   do-not-contact, children and looked-after children, go-betweens, strain
``profile``        the person as the rules see them; :meth:`Profile.can_use`: every rule an asset passes
``index``          the directory indexed once, and whether an asset is already on the map
``weights``        every weight and limit (:class:`SuggestionWeights`), and the kinds held back in a crisis
``effect``         the suggestion, its target, and its effect on the measures if it came true
``rank``           putting it together: ranking, the tie kept in the first three, near misses, notes
``words``          words as the rules compare them and as sentences say them
=================  =================================================================================

Each suggestion carries a sentence a coordinator can read aloud, naming the people and places
involved; a next step (and the asset's phone and address); the ``effect`` it would have on the
measures and flags if it came true (the map with the planned tie added, reassessed with
:func:`ecomap.risk.assess`); and a ``score`` that is the sum of named parts, weighted by
:class:`SuggestionWeights`, so every ranking can be explained.
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
