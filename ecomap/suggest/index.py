"""The directory indexed once for suggesting, and whether an asset is already on the map."""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Collection, Iterable

import numpy as np

from ecomap.directory import EARTH_RADIUS_KM, Asset, Directory, Schedule
from ecomap.directory.wording import Wording, wording_of
from ecomap.model import EcoMap
from ecomap.suggest.words import STOPWORDS, fold, stems, traditions

# --- the directory, indexed once ---------------------------------------------------------------------


def _slots(schedules: Iterable[Schedule]) -> frozenset[str]:
    """Availability tokens (``tue``, ``tue_am``) at which any of the schedules meets."""
    found: set[str] = set()
    for s in schedules:
        for day in s.weekdays:
            found.add(day)
            found.update(f"{day}_{part}" for part in s.day_parts)
    return frozenset(found)


def _name_variants(name: str) -> tuple[str, ...]:
    """An asset's folded name, and without any bracketed aside: "Polish Mass (Msza Święta)"."""
    variants = [fold(name), fold(re.sub(r"\([^)]*\)", " ", name))]
    return tuple(dict.fromkeys(v for v in variants if v))


def contact_for(schedules: Iterable[Schedule]) -> str:
    """How often someone going to every session would be in touch: weekly, fortnightly (every
    other week, or twice a month) or monthly; monthly when no schedule says."""
    best = "monthly"
    for s in schedules:
        if s.freq == "weekly" and s.interval == 1 and s.days:
            return "weekly"
        twice_a_month = s.freq == "monthly" and len(s.weeks) * len(s.days) >= 2
        if (s.freq == "weekly" and s.interval == 2) or twice_a_month:
            best = "fortnightly"
    return best


class DirectoryIndex:
    """What :func:`suggest` needs from a directory, worked out once: its active assets, their
    coordinates as arrays, word stems, the times they meet, and indexes from words and tags to
    assets. Get one with :func:`index_of`, which keeps it while the directory lives."""

    def __init__(self, directory: Directory):
        # No reference back to the directory: index_of keeps indexes only while directories live.
        self.assets: tuple[Asset, ...] = tuple(a for a in directory if a.status == "active")
        where = [a.coordinates or (math.nan, math.nan) for a in self.assets]
        self.lat = np.radians(np.array([w[0] for w in where], dtype=float))
        self.lon = np.radians(np.array([w[1] for w in where], dtype=float))
        #: reachable without a car from further than walking distance: a bus route or transport
        self.by_bus = np.array([bool(a.on_bus_route) or a.offers_transport for a in self.assets], dtype=bool)
        self.tag_sets: list[frozenset[str]] = [frozenset(fold(t) for t in a.tags) for a in self.assets]
        self.tag_stems: list[frozenset[str]] = [frozenset().union(*map(stems, a.tags)) for a in self.assets]
        self.topic: list[frozenset[str]] = [t | stems(a.name) for t, a in zip(self.tag_stems, self.assets)]
        self.described: list[frozenset[str]] = [stems(a.description) for a in self.assets]
        self.org: list[frozenset[str]] = [stems(a.organization) for a in self.assets]
        self.slots: list[frozenset[str]] = [_slots(a.schedules) for a in self.assets]
        self.days_known: list[bool] = [any(s.weekdays for s in a.schedules) for a in self.assets]
        self.names: list[tuple[str, ...]] = [_name_variants(a.name) for a in self.assets]
        # What each asset's own words say, read when an asset is first weighed for someone: most
        # of a large directory never is.
        self._wording: list[Wording | None] = [None] * len(self.assets)
        #: assets that teach English, for someone to whom better English matters
        self.teaching_english: set[int] = {
            i
            for i, a in enumerate(self.assets)
            if _MAY_TEACH_ENGLISH.search(f"{a.name} {a.description} {' '.join(a.tags)}")
            and self.wording(i).learning_english
        }
        self.faith: list[frozenset[str] | None] = [
            traditions(topic | org) if "faith" in tags or a.ecomap_sector == "faith" else None
            for topic, org, tags, a in zip(self.topic, self.org, self.tag_sets, self.assets)
        ]
        #: stem -> assets with it in their tags, name or description
        self.by_word: dict[str, set[int]] = {}
        #: stem -> assets with it in their tags, name or organization
        self.by_name: dict[str, set[int]] = {}
        #: folded tag -> assets with that tag
        self.by_tag: dict[str, set[int]] = {}
        for i, (topic, described, tags) in enumerate(zip(self.topic, self.described, self.tag_sets)):
            for word in topic | described:
                self.by_word.setdefault(word, set()).add(i)
            for word in topic | self.org[i]:
                self.by_name.setdefault(word, set()).add(i)
            for tag in tags:
                self.by_tag.setdefault(tag, set()).add(i)

    def __len__(self) -> int:
        return len(self.assets)

    def wording(self, i: int) -> Wording:
        """What asset ``i``'s own words say (:func:`ecomap.directory.wording.wording_of`), read once."""
        said = self._wording[i]
        if said is None:
            said = self._wording[i] = wording_of(self.assets[i])
        return said

    def distances(self, latitude: float, longitude: float, chosen: list[int]) -> np.ndarray:
        """Haversine distances in km (:func:`ecomap.directory.distance_km`) from a point to the
        chosen assets, NaN where an asset has no coordinates."""
        idx = np.asarray(chosen, dtype=int)
        phi, lam = math.radians(latitude), math.radians(longitude)
        lat, lon = self.lat[idx], self.lon[idx]
        a = np.sin((lat - phi) / 2) ** 2 + math.cos(phi) * np.cos(lat) * np.sin((lon - lam) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))

    def with_all_words(self, words: Collection[str], index: dict[str, set[int]] | None = None) -> set[int]:
        """Assets holding every word, in :attr:`by_word` or another of the word indexes."""
        index = self.by_word if index is None else index
        found: set[int] | None = None
        for word in sorted(words, key=lambda w: len(index.get(w, ()))):
            holding = index.get(word, set())
            found = set(holding) if found is None else found & holding
            if not found:
                return set()
        return found or set()


#: A quick sieve before reading an asset's wording for teaching English.
_MAY_TEACH_ENGLISH = re.compile(r"english|esol", re.IGNORECASE)

_INDEXES: dict[int, tuple[weakref.ref[Directory], DirectoryIndex]] = {}


def index_of(directory: Directory) -> DirectoryIndex:
    """The directory's :class:`DirectoryIndex`, built on first use and kept until the directory
    is garbage collected (a directory is read-only, so its index never goes stale)."""
    entry = _INDEXES.get(id(directory))
    if entry is not None and entry[0]() is directory:
        return entry[1]
    index = DirectoryIndex(directory)
    _INDEXES[id(directory)] = (weakref.ref(directory), index)
    weakref.finalize(directory, _INDEXES.pop, id(directory), None)
    return index


def _holds_words(longer: str, shorter: str) -> bool:
    words = set(shorter.split()) - STOPWORDS
    return len(words) >= 2 and words <= set(longer.split())


def same_name(one: str, other: str) -> bool:
    """Two folded names are one place when equal, or when every word of one (two or more,
    leaving out "and", "the" ...) is in the other: "Ashcombe Park buggy walk" and "Ashcombe Buggy
    Walk", "Brackford walking football" and "Walking Football"."""
    return bool(one) and (one == other or _holds_words(one, other) or _holds_words(other, one))


def on_map(m: EcoMap, asset: Asset, names: tuple[str, ...] | None = None) -> bool:
    """Whether a directory asset is already on the map, by the first rule that holds:

    1. an alter has the id ``asset-<asset id>`` (given when a suggestion was made real);
    2. an alter's name equals the asset's, compared folded (:func:`fold`: case, accents and
       punctuation ignored), with or without any bracketed aside in the asset's name;
    3. every word of one name is in the other, when that is two words or more leaving out "and",
       "the" ... ("Brackford walking football" and "Walking Football");
    4. it is a volunteering role of an organization on the map that the person already gives to.
    """
    names = names or _name_variants(asset.name)
    organization = fold(asset.organization)
    for a in m.alters:
        if a.id == f"asset-{asset.id}":
            return True
        alter_name = fold(a.name)
        if any(same_name(alter_name, n) for n in names):
            return True
        if asset.is_volunteering and a.gives_functions and organization and alter_name == organization:
            return True
    return False
