"""Every threshold the risk rules use, in one place, with its default and where it comes from.

A team can change them in a TOML file, either as top-level keys or under a ``[thresholds]``
table (so one settings file can later hold other sections)::

    [thresholds]
    lsns_at_risk_below = 12
    paid_dominant_share = 0.6
    critical_functions = ["emotional", "emergency", "personal_care"]

Unknown keys and values of the wrong type are refused with a message naming the file and the key,
so a typing mistake never silently falls back to a default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from ecomap.model import CIRCLES, DORMANT_AFTER_DAYS, SUPPORTS, Problem


@dataclass(frozen=True)
class Thresholds:
    """The numbers behind the flags, strengths and band (see ``docs/measures.md``)."""

    #: LSNS-6 estimate below this is "at risk of isolation" (Lubben et al. 2006: below 12).
    lsns_at_risk_below: int = 12
    #: LSNS-6 family (items 1-3) and friends (items 4-6) subscale below this is a small family or
    #: friends network (Lubben et al. 2006: below 6 on either).
    lsns_family_low_below: int = 6
    lsns_friends_low_below: int = 6
    #: A tie whose last contact is more than this many days before the map date is dormant
    #: (``DESIGN.md``: six months).
    dormant_after_days: int = DORMANT_AFTER_DAYS
    #: The relationship circles that count as "close" (1 intimacy, 2 friendship).
    close_circles: tuple[int, ...] = (1, 2)
    #: The Wenger network type is only given from this age (Wenger built it with people aged 65 and
    #: over and used it from 50; it says nothing reliable about young adults).
    network_type_from_age: int = 50
    #: UCLA-3 total at or above this counts as lonely (3-9 scale; 6 is the usual cut-off).
    ucla3_lonely_from: int = 6
    #: Share of active ties that are paid at or above which the network is paid-dominant.
    paid_dominant_share: float = 0.5
    #: Share of the map's ties that are dormant at or above which the network is mostly dormant.
    mostly_dormant_share: float = 0.5
    #: A map needs at least this many alters before it can be called fragmented.
    fragmented_min_alters: int = 3
    #: Alter-graph components per alter at or above which the network is fragmented
    #: (1.0 = nobody knows anybody; the DESIGN fixture A-B, C, D gives 3/4).
    fragmented_component_share: float = 0.5
    #: Distinct sectors among active ties for the "diverse network" strength.
    diverse_min_sectors: int = 4
    #: Size of the largest group of alters who know each other for the "connected people" strength.
    connected_min_group: int = 3
    #: Support functions whose absence is a support gap (the flag), not just a missing line.
    critical_functions: tuple[str, ...] = ("emotional", "emergency")
    #: Distinct kinds of concern at or above which the band is high / moderate.
    band_high_concerns: int = 5
    band_moderate_concerns: int = 2


class SettingsInvalid(ValueError):
    """A settings file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_Settings = TypeVar("_Settings")

_SHARES = {"paid_dominant_share", "mostly_dormant_share", "fragmented_component_share"}


def _problem_with(name: str, value: Any, expected: Any) -> str | None:
    """Why ``value`` cannot replace the default ``expected`` of field ``name``, or None."""
    if name == "close_circles":
        circles = isinstance(value, list) and value and all(type(v) is int and v in CIRCLES for v in value)
        if not circles:
            return "must be a list of circles from 1 to 4, for example [1, 2]"
        return None
    if isinstance(expected, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of support functions, for example [\"emotional\", \"emergency\"]"
        unknown = [v for v in value if v not in SUPPORTS]
        if unknown:
            return f"{unknown[0]!r} is not a support function; use: {', '.join(SUPPORTS)}"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "must be a number"
    if isinstance(expected, int) and not isinstance(value, int):
        return "must be a whole number"
    if name in _SHARES and not 0 <= value <= 1:
        return "is a share; use a number from 0 to 1"
    if value < 0:
        return "must not be negative"
    return None


def load_thresholds(path: str | os.PathLike[str]) -> Thresholds:
    """Read thresholds from a TOML file; keys left out keep their defaults.

    Raises :class:`SettingsInvalid` naming the file and every bad key.
    """
    return load_settings(path, Thresholds(), section="thresholds", noun="threshold")


def load_settings(path: str | os.PathLike[str], defaults: _Settings, *, section: str, noun: str) -> _Settings:
    """``defaults`` (a frozen dataclass) with the values a TOML file gives, as top-level keys or
    under ``[section]``. Every unknown key and every value of the wrong kind is reported at once,
    in a :class:`SettingsInvalid` naming the file and the key."""
    file = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise SettingsInvalid([Problem(file, None, None, None, "does not exist")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsInvalid([Problem(file, None, None, None, f"cannot be read: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsInvalid([Problem(file, None, None, None, f"is not valid TOML: {error}")]) from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise SettingsInvalid([Problem(file, None, None, None, "nests arrays or tables too deep")]) from None
    values = data.get(section, data)
    if not isinstance(values, dict):
        raise SettingsInvalid([Problem(file, None, section, None, f"must be a table of {noun}s")])
    known = {f.name: getattr(defaults, f.name) for f in fields(defaults)}
    problems = []
    for key, value in values.items():
        if key not in known:
            problems.append(
                Problem(file, None, key, None, f"is not a {noun}; known keys: {', '.join(known)}")
            )
            continue
        why = _problem_with(key, value, known[key])
        if why:
            problems.append(Problem(file, None, key, value, why))
    if problems:
        raise SettingsInvalid(problems)
    return replace(
        defaults,
        **{k: tuple(v) if isinstance(known[k], tuple) else type(known[k])(v) for k, v in values.items()},
    )
