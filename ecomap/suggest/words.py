"""Words as the rules compare them (folded, stemmed) and as sentences say them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ecomap.directory import Asset
from ecomap.model import WEEKDAYS

# --- words ---------------------------------------------------------------------------------------

STOPWORDS = frozenset(
    "a an and the of for to in at on with by from or as is are be it its my her his him their them "
    "i me myself our your you she he they who what when can could would will into about up out".split()
)
INTRODUCTION = re.compile(
    r"\b(introduc\w*|knows?|runs?|leads?|organis\w*|goes to|belongs? to|member of|"
    r"(?:takes?|brings?) (?:her|him|them|you) to)\b",
    re.IGNORECASE,
)
OBJECT_PRONOUN = re.compile(r"\b(introduc\w*|takes?|brings?)\s+(?:her|him|them)\b", re.IGNORECASE)
PHRASE_START = re.compile(r"^\s*(?:(?:her|him|them|you)\s+)?(?:to\s+)?(?:the\s+)?", re.IGNORECASE)
NOT_ONE_GROUP = re.compile(r"^(every|all|any|lots|many|most|some)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text as compared: lower case, accents and apostrophes dropped, ``&`` read as ``and``, other
    punctuation a space. ``"St Mary's Café & Bar"`` -> ``"st marys cafe and bar"``."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['\u2019`]", "", plain.replace("&", " and "))
    return " ".join(re.findall(r"[^\W_]+", plain))


def stem(word: str) -> str:
    """A light English stemmer, enough to match interests to tags: plural ``-s``/``-ies``,
    ``-ing`` (undoubling a final consonant) and a final ``-e`` are dropped.

    >>> [stem(w) for w in ("gardening", "knitting", "bakes", "baking", "societies", "dance")]
    ['garden', 'knit', 'bak', 'bak', 'society', 'danc']
    """
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
        if word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def stems(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning (no "and", "the", "for" ...)."""
    return frozenset(stem(w) for w in fold(text).split() if w not in STOPWORDS)


#: Stems a gift is not matched on: who or where a group is for rather than what it does ("remembers
#: the village back to the 1950s" is not a gift for every village group), and everyday verbs
#: ("makes people laugh" is not a gift for a making group).
NOT_A_GIFT = frozenset(
    stem(w)
    for w in "village older people friendship youth young men women parents families support help drop food "
    "community good new know every everyone strong make do get give take like love keep use want".split()
)
#: Stems of words for kinds of group: an offer naming one names a group someone could be
#: introduced to ("the stroke club"), and they are left out when matching it to an asset.
GROUP_WORDS = frozenset(
    stem(w)
    for w in "club group cafe class course session choir society circle team meeting service network".split()
)

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = dict(zip(WEEKDAYS, _DAY_NAMES, strict=True))
_PART_WORDS = {"am": "mornings", "pm": "afternoons", "eve": "evenings"}
NEED_WORDS = {
    "step_free": "step-free access",
    "hearing_loop": "a hearing loop",
    "accessible_toilet": "an accessible toilet",
    "quiet": "a quiet space",
    "large_print": "large print",
    "bsl": "British Sign Language",
    "dementia_friendly": "a dementia-friendly welcome",
    "carer_welcome": "a welcome for carers too",
    "low_cost": "a free or low-cost place",
}
#: Concerns in words, for the effect of a suggestion ("no longer: no group or community tie").
FLAG_WORDS: dict[str, str] = {
    "lsns_at_risk": "network score below the at-risk line",
    "no_close_unpaid": "no one close and unpaid in regular touch",
    "support_gap": "a gap in support",
    "single_point": "support resting on one person",
    "paid_dominant": "mostly paid support",
    "mostly_dormant": "a mostly quiet network",
    "fragmented": "people who do not know each other",
    "no_community": "no group or community tie",
    "stressful_close_tie": "a stressful close tie",
    "receives_only": "no one receiving help from you",
}


def join_words(words: list[str], conjunction: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def availability_words(token: str) -> str:
    """``tue`` -> Tuesdays, ``wed_am`` -> Wednesday mornings."""
    day, _, part = token.partition("_")
    return f"{_DAY_WORDS[day]} {_PART_WORDS[part]}" if part else f"{_DAY_WORDS[day]}s"


def distance_words(km: float) -> str:
    """``0.63`` -> "600 m from home"; ``2.34`` -> "2.3 km from home"."""
    if km < 0.95:
        return f"{max(100, round(km * 10) * 100)} m from home"
    return f"{km:.1f} km from home"


CONTACT_WORDS = {
    "daily": "every day",
    "weekly": "every week",
    "fortnightly": "every fortnight",
    "monthly": "every month",
}


#: Words that tell a faith tradition, by stem.
FAITH_TRADITIONS: dict[str, str] = {
    stem(word): tradition
    for tradition, words in {
        "christian": "christian church chapel anglican methodist baptist quaker quakers parish "
        "pentecostal fellowship",
        "catholic": "catholic mass",
        "muslim": "muslim islamic mosque masjid",
        "sikh": "sikh gurdwara langar",
        "hindu": "hindu mandir",
        "jewish": "jewish synagogue",
        "buddhist": "buddhist",
    }.items()
    for word in words.split()
}


def traditions(words: Iterable[str]) -> frozenset[str]:
    """The faith traditions some stems speak of (:data:`FAITH_TRADITIONS`)."""
    return frozenset(FAITH_TRADITIONS[w] for w in words if w in FAITH_TRADITIONS)


#: Stems left out when matching what matters to a person against groups and ties: everyday verbs
#: and words for time, place and self that say how something matters rather than what it is
#: ("one afternoon a week to himself", "a reason to get dressed in the morning").
_NOT_A_MATTER = frozenset(
    stem(w)
    for w in "time better being keep keeping get getting back one day week weeks good own people person "
    "thing "
    "things able so herself himself themselves age nearby even way reason morning mornings afternoon evening "
    "dressed stay staying home life well not lose losing long see seeing talk talking talked speak speaking "
    "play grow growing up around other doing going go drop in on there fit fits health part enough carry "
    "carrying holding hold out left without ideally visit visiting game games call calls phone ring "
    "monday tuesday wednesday thursday friday saturday sunday once twice".split()
)


def matter_stems(text: str) -> frozenset[str]:
    """The stems of what matters to a person that can name a group or a tie: "better English so
    she can talk to the doctor herself" -> {"english", "doctor"}."""
    return stems(text) - _NOT_A_MATTER - GROUP_WORDS


def address_of(asset: Asset | None) -> str:
    """Where an asset is, as the directory gives it: "Ashcombe Community Centre, Hawthorn Way,
    Brackford, ZZ2 1HW"; empty without a place."""
    place = asset.location if asset is not None else None
    if place is None:
        return ""
    return ", ".join(dict.fromkeys(p for p in (place.name, place.address, place.town, place.postcode) if p))
