"""What an asset's own words say about who it suits: reading a directory the way a real feed words it.

An Open Referral UK or OpenActive feed says what an activity asks of the body, who it is for and
which languages it is held in through its name, its description, HSDS's ``eligibility_description``
and ``language`` table, and the names of its taxonomy terms ("Walking Football", "Women only",
"Held in Polish", "chair-based exercise"), not through tags made for this project. The functions
here read that wording; :class:`Wording` holds all of it for one asset, read once.

Every reader works on clauses (split at ``.``, ``;``, ``!`` and line ends) and skips a clause that
denies what it says ("no running", "not suitable for wheelchairs"), as
:func:`ecomap.directory.assets.access_codes_from_text` does for accessibility notes.

References: HSDS 3.0 ``service.eligibility_description`` and the ``language`` table
(https://docs.openreferral.org/en/latest/hsds/schema_reference.html); OpenActive activity list
(https://activity-list.openactive.io) for how sessions are named; ISO 639-1 language codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ecomap.directory.assets import _NEGATION, Asset

#: ISO 639-1 codes of languages spoken in UK communities, with the English names (and other
#: names and ISO 639-2/3 codes) a directory may write instead of the code.
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "eng"),
    "cy": ("welsh", "cymraeg", "cym", "wel"),
    "gd": ("gaelic", "scottish gaelic", "gla"),
    "ga": ("irish language", "gaeilge", "gle"),
    "pl": ("polish", "polski", "pol"),
    "ur": ("urdu", "urd"),
    "pa": ("punjabi", "panjabi", "pan"),
    "bn": ("bengali", "bangla", "ben"),
    "gu": ("gujarati", "guj"),
    "hi": ("hindi", "hin"),
    "ta": ("tamil", "tam"),
    "ml": ("malayalam", "mal"),
    "te": ("telugu", "tel"),
    "ne": ("nepali", "nep"),
    "ar": ("arabic", "ara"),
    "fa": ("persian", "farsi", "fas", "per"),
    "ps": ("pashto", "pus"),
    "ku": ("kurdish", "kur"),
    "tr": ("turkish", "tur"),
    "so": ("somali", "som"),
    "ti": ("tigrinya", "tir"),
    "am": ("amharic", "amh"),
    "sw": ("swahili", "swa"),
    "yo": ("yoruba", "yor"),
    "ro": ("romanian", "ron", "rum"),
    "bg": ("bulgarian", "bul"),
    "lt": ("lithuanian", "lit"),
    "lv": ("latvian", "lav"),
    "sk": ("slovak", "slk", "slo"),
    "cs": ("czech", "ces", "cze"),
    "hu": ("hungarian", "hun"),
    "uk": ("ukrainian", "ukr"),
    "ru": ("russian", "rus"),
    "pt": ("portuguese", "por"),
    "es": ("spanish", "spa"),
    "fr": ("french", "fra", "fre"),
    "it": ("italian", "ita"),
    "de": ("german", "deu", "ger"),
    "el": ("greek", "ell", "gre"),
    "sq": ("albanian", "sqi", "alb"),
    "zh": ("chinese", "mandarin", "cantonese", "zho", "chi"),
    "vi": ("vietnamese", "vie"),
    "tl": ("tagalog", "filipino", "tgl"),
}
_NAME_TO_CODE: dict[str, str] = {
    name: code for code, names in LANGUAGE_NAMES.items() for name in (code, *names)
}
#: Language names read in running text (codes and three-letter codes are read only in a
#: language table, where "am" or "it" cannot be ordinary words).
_NAMES_IN_TEXT = re.compile(
    r"\b("
    + "|".join(sorted((n for ns in LANGUAGE_NAMES.values() for n in ns if len(n) > 3), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def language_code(text: str) -> str | None:
    """An ISO 639-1 code for a language as a directory writes it: a code (``ur``, ``urd``) or a
    name (``Urdu``, ``Farsi``); ``None`` when it is not one of :data:`LANGUAGE_NAMES`.

    >>> [language_code(t) for t in ("Urdu", "pol", "PA", "Klingon")]
    ['ur', 'pl', 'pa', None]
    """
    return _NAME_TO_CODE.get(" ".join(text.lower().replace("-", " ").split()))


def languages_by_owner(rows: Iterable[Mapping[str, str]]) -> dict[tuple[str, str], list[str]]:
    """HSDS ``language`` records by what they belong to, ``("service" | "location", id)``: the
    ISO code when it is one, else the name as written (:func:`language_code` reads either)."""
    found: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        written = language_code(code) or language_code(name) or name or code
        for table in ("service", "location"):
            owner = (row.get(f"{table}_id") or "").strip()
            if owner and written:
                found.setdefault((table, owner), []).append(written)
    return found


def _clauses(*texts: str) -> list[str]:
    """Clauses of the texts that do not deny what they say."""
    return [c for t in texts for c in re.split(r"[.;!\n]+", t) if c.strip() and not _NEGATION.search(c)]


def _any(pattern: re.Pattern[str], clauses: list[str]) -> bool:
    return any(pattern.search(c) for c in clauses)


_WORD = re.IGNORECASE
#: What an activity asks of the body, by the words that say so in its name or taxonomy terms
#: (OpenActive activity names): "Walking Football", "Health Walks", "Tea Dance", "Over 50s Swim".
DEMAND_WORDS: dict[str, re.Pattern[str]] = {
    demand: re.compile(pattern, _WORD)
    for demand, pattern in {
        "walking": r"\bwalk(s|ing)?\b|\bramblers?\b|\brambles?\b|\bhik(e|es|ing)\b|\bstrolls?\b|\bnordic\b",
        "running": r"\brunning\b|\brunners?\b|\bjog(s|ging)?\b|\bparkrun\b|couch to 5k|\bfun run\b|"
        r"\bfootball\b|\bnetball\b|\brugby\b|\bhockey\b|\btennis\b|\bbadminton\b|\bsquash\b",
        "standing": r"\bstanding\b|\bskittles\b",
        "dancing": r"\bdanc(e|es|ing)\b|\bzumba\b|\bceilidh\b|\bdisco\b",
        "swimming": r"\bswim(s|ming)?\b|\baqua\w*",
        "cycling": r"\bcycl(e|es|ing)\b|\bbike rides?\b",
        "climbing": r"\bclimb(s|ing)?\b|\bboulder(ing)?\b",
    }.items()
}
#: Words saying an activity is held outdoors: in its name or terms, or said outright anywhere.
OUTDOOR_NAMES = re.compile(
    r"\boutdoors?\b|\bwalk(s|ing)?\b|\bramblers?\b|\bhik(e|es|ing)\b|\bgarden(s|ing)?\b|\ballotments?\b|"
    r"\bconservation\b|\bbirdwatch\w*|\bfishing\b|\bangling\b|\bfootball\b|\bbowls\b",
    _WORD,
)
OUTDOOR_WORDS = re.compile(r"\boutdoors?\b|\bin all weathers\b|\boutside\b", _WORD)
#: Words saying an activity is adapted, so that the demands above need not rule anyone out.
ADAPTED = re.compile(
    r"\badapted\b|\binclusive\b|\bability\b|\bwheelchair\b|\bseated\b|chair[- ]based|"
    r"\bdisab(led|ility|ilities)\b|\baccessible (walk|route|path|sport|football|cricket)",
    _WORD,
)
#: Words saying an activity is held indoors, which outweigh an outdoor word ("indoor bowls").
INDOORS = re.compile(r"\bindoors?\b|\bin the hall\b|\bcommunity centre\b|\blibrary\b", _WORD)
#: Words saying who a group is for, by sex. A text naming both is for everyone.
SEX_WORDS: dict[str, re.Pattern[str]] = {
    "women": re.compile(
        r"\bwom[ae]n('?s)?\b|\bladies\b|\bsisters?'?\b|\bgirls?'?\b|\bfemale\b|\bmums?'?\b|\bmothers?'?\b",
        _WORD,
    ),
    "men": re.compile(
        r"\bm[ae]n('?s)?\b|\bgents\b|\bdads?'?\b|\bfathers?'?\b|\bboys?'?\b|\bmale\b",
        _WORD,
    ),
}
#: Words saying a session teaches English to speakers of other languages.
LEARNING_ENGLISH = re.compile(
    r"\besol\b|\benglish (class|classes|course|lessons?|conversation|for)\b|learn(ing)? english|"
    r"conversational english|speakers of other languages|practise your english|practice english",
    _WORD,
)
#: Words saying an activity is mostly talk, so it needs a shared language (a chess club or a
#: garden does not).
TALK = re.compile(
    r"\btalks?\b|\blectures?\b|\bdiscussion\b|\bbook (club|group)\b|\breading group\b|\bquiz\w*\b|"
    r"\bconversation\b|\bdebate\b|\bcourse\b|\bclass(es)?\b|\bhistory society\b|\bcaf[eé] conversation\b",
    _WORD,
)
#: Words saying a group wants people to help run it: only these, and volunteering roles, are
#: places to "contribute".
HELPERS = re.compile(
    r"\bvolunteers? (wanted|needed|welcome)\b|\bhelpers? (wanted|needed|welcome)\b|"
    r"looking for (volunteers|helpers)|needs? (volunteers|helpers)|\bcome and help\b|\bwould welcome help\b|"
    r"\bneeds? a hand\b",
    _WORD,
)
#: Words saying a carer and the person they care for go together.
TOGETHER = re.compile(
    r"\bmemory caf[eé]\b|\bdementia\b|\balzheimer|(?<!get-)\btogether\b|the person you care for|"
    r"people they care for|\bcouples?\b|\bliving with\b",
    _WORD,
)


@dataclass(frozen=True)
class Wording:
    """What one asset's words say: the demands it makes of the body (:data:`DEMAND_WORDS`),
    whether it is adapted, held outdoors, for one sex only, the languages it is held in,
    whether it teaches English, is mostly talk, wants helpers, and is attended by a carer and
    the person they care for together."""

    demands: frozenset[str]
    adapted: bool
    outdoors: bool
    sex: str | None
    languages: frozenset[str]
    learning_english: bool
    talk: bool
    wants_helpers: bool
    together: bool


def spoken_languages(asset: Asset) -> frozenset[str]:
    """ISO 639-1 codes of the languages an asset is held in: its HSDS language records, and
    languages its name, description or eligibility name ("held in Polish", "Urdu and Punjabi
    speakers"). English taught as a subject ("English class") is not a language it is held in.
    Empty when nothing is said (a UK directory's sessions are then taken to be in English)."""
    codes = {c for c in (language_code(t) for t in asset.languages) if c}
    for text in (asset.name, asset.description, asset.eligibility):
        for name in _NAMES_IN_TEXT.findall(LEARNING_ENGLISH.sub(" ", text)):
            code = language_code(name)
            if code:
                codes.add(code)
    return frozenset(codes)


def single_sex(texts: tuple[str, ...]) -> str | None:
    """``women`` or ``men`` when the texts speak of one sex only ("Men's Shed", "Sisters'
    Circle", "Women only", "Dads' club"); ``None`` when they speak of neither or both ("men and
    women welcome")."""
    clauses = _clauses(*texts)
    found = [sex for sex, pattern in SEX_WORDS.items() if _any(pattern, clauses)]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=8192)
def _read(name: str, description: str, eligibility: str, tags: tuple[str, ...]) -> Wording:
    clauses = _clauses(name, description, eligibility, *tags)
    named = _clauses(name, eligibility, *tags)
    outdoors = _any(OUTDOOR_NAMES, named) or _any(OUTDOOR_WORDS, clauses)
    return Wording(
        demands=frozenset(d for d, pattern in DEMAND_WORDS.items() if _any(pattern, named)),
        adapted=_any(ADAPTED, clauses),
        outdoors=outdoors and not _any(INDOORS, named),
        sex=single_sex((name, eligibility, *tags)) or single_sex((description,)),
        languages=frozenset(),
        learning_english=_any(LEARNING_ENGLISH, clauses),
        talk=_any(TALK, clauses),
        wants_helpers=_any(HELPERS, clauses),
        together=_any(TOGETHER, clauses),
    )


def wording_of(asset: Asset) -> Wording:
    """Everything :class:`Wording` holds for one asset, from its name, description,
    eligibility, taxonomy terms (tags) and language records."""
    read = _read(asset.name, asset.description, asset.eligibility, asset.tags)
    return Wording(**{**read.__dict__, "languages": spoken_languages(asset)})
