"""``introduce``: someone on the map who could introduce the person to a group."""

from __future__ import annotations

import re
from collections.abc import Callable

from ecomap.measures import is_dormant
from ecomap.model import EcoMap
from ecomap.suggest.draft import AssetCandidate, Draft
from ecomap.suggest.effect import Target
from ecomap.suggest.index import DirectoryIndex, same_name
from ecomap.suggest.profile import Profile
from ecomap.suggest.safeguarding import may_ask
from ecomap.suggest.words import (
    GROUP_WORDS,
    INTRODUCTION,
    NOT_ONE_GROUP,
    OBJECT_PRONOUN,
    PHRASE_START,
    fold,
    stems,
)


def to_you(offer: str) -> str:
    """An offer read to the person: "can introduce her to" -> "can introduce you to"."""
    return OBJECT_PRONOUN.sub(lambda found: f"{found[1]} you", offer)


def _offer_phrase(offer: str) -> str | None:
    """The group an offer names, after an introduction verb ("knows the stroke club at the
    leisure centre" -> "stroke club at the leisure centre"); ``None`` without such a verb, or
    when it speaks of many groups ("knows every group in the villages")."""
    found = INTRODUCTION.search(offer)
    if found is None:
        return None
    phrase = PHRASE_START.sub("", offer[found.end() :]).strip(" .;:,")
    return phrase if phrase and not NOT_ONE_GROUP.match(phrase) else None


def _head_words(offer: str) -> frozenset[str]:
    """The stems an asset must hold to be the group an offer names: the phrase before any "at",
    "in", "on" or "near" (the group, not its venue), less words for kinds of group (club,
    session ...). "knows the stroke club at the leisure centre" -> {"stroke"}."""
    phrase = _offer_phrase(offer)
    if phrase is None:
        return frozenset()
    head = re.split(r"\s(?:at|in|on|near)\s", phrase, maxsplit=1, flags=re.IGNORECASE)[0]
    words = stems(head)
    return words - GROUP_WORDS or words


def match_introductions(
    m: EcoMap,
    index: DirectoryIndex,
    found: dict[int, AssetCandidate],
    usable: Callable[[set[int]], list[int]],
) -> set[tuple[str, str]]:
    """Match the introduction offers of alters in touch, who may be asked
    (:func:`~ecomap.suggest.safeguarding.may_ask`: an adult, not do-not-contact, not high stress),
    to directory assets.

    An asset matches an offer when its name, tags or organization hold every word of the
    offer's head phrase (:func:`_head_words`: "Family Hub" in "can introduce her to the Family
    Hub groups"). Matching assets the person could use become introductions; a match they cannot
    use (not free then, no step-free access ...) is not replaced by anything else. Returns the
    (alter id, offer) pairs that matched some asset.
    """
    matched: set[tuple[str, str]] = set()
    for a in m.alters:
        if is_dormant(a, m.ego.map_date) or not may_ask(a):
            continue
        for offer in a.offers:
            words = _head_words(offer)
            if not words:
                continue
            holding = index.with_all_words(words, index.by_name)
            if not holding:
                continue
            matched.add((a.id, offer))
            for i in usable(holding):
                if found[i].via is None:
                    found[i].via, found[i].offer = a, offer
    return matched


def named_introductions(m: EcoMap, p: Profile, matched: set[tuple[str, str]]) -> list[Draft]:
    """Introductions to a group named in an offer that matched no directory asset: "Sarah Cole
    runs the Heathfield memory café" with no such café in the directory still is one. The phrase
    must name a group (club, group, café, class ...) that is not on the map."""
    drafts = []
    w = p.w
    names = [fold(a.name) for a in m.alters]
    for a in m.alters:
        if is_dormant(a, m.ego.map_date) or not may_ask(a):
            continue
        for offer in a.offers:
            if (a.id, offer) in matched:
                continue
            phrase = _offer_phrase(offer)
            if phrase is None or not stems(phrase) & GROUP_WORDS:
                continue
            if any(same_name(n, fold(phrase)) for n in names):
                continue
            name = phrase[0].upper() + phrase[1:]
            target = Target(name=name, kind="group", sector="community")
            parts = [("introduce", w.introduce), ("community", w.community)]
            parts += [("new_sector", w.new_sector)] if "community" not in p.active_sectors else []
            tie = {"role": "member", "circle": 3, "strength": "moderate", "contact": "monthly",
                   "support": ["company"], "gives": [], "local": a.local}  # fmt: skip
            reason = f"{a.name} {to_you(offer)}: ask {a.name} to introduce you."
            step = f"Ask {a.name} to introduce you to {phrase}."
            drafts.append(Draft("introduce", target, tie, parts, reason, f"via:{a.id}", a.id, next_step=step))
    return drafts
