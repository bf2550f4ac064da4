"""A copy of a map that can be shown in a team meeting or exported without naming anyone.

A map names the person and, worse, people who never agreed to be on it. :func:`pseudonymise`
keeps the shape of the network and every measure, and removes the names.

What happens to each field:

=====================================  =========================================================
the person's ``id``                    ``p-`` and six hex digits of an HMAC-SHA-256 of the id,
                                       keyed with this installation's secret (:func:`person_code`):
                                       stable across snapshots, so a team can follow a person over
                                       time, and not to be matched to a name by anyone without
                                       the secret
the person's ``name``                  initials and the same six digits, e.g. ``M.O. 3f2a1b``
``postcode``                           the outward code only (``BA16 0AB`` -> ``BA16``); dropped
                                       when it is not a UK postcode
``latitude``, ``longitude``            rounded to 2 decimals (about 1 km)
``interests``, ``gifts``,              kept, except items that name anyone on the map
``what_matters``, ``access_needs``
``coordinator``, ``team``              kept (staff and team names), unless they name anyone on the
                                       map
dates, answers, yes/no fields          kept: the measures need them
an alter's ``id``                      ``a01``, ``a02`` ... in map order; ties are rewritten to
                                       match
an alter's ``name``                    ``style="role"``: the role, or the sector and a number
                                       ("Friend 2") when there is no role; ``style="initials"``:
                                       the initials. A label used twice is numbered.
an alter's ``role``                    kept when it names no one on the map; otherwise replaced by
                                       the relationship the measures read from it ("Ruth's
                                       husband" -> "partner"), so the measures do not change
an alter's ``notes`` and ``offers``    cleared: free text that can name anyone
=====================================  =========================================================

"Names anyone on the map" means the text holds, ignoring case, the person's or an alter's full
name, or a capitalised word of a person's name ("Ruth" of "Ruth Oyelaran"), standing as a word:
in the Latin, Greek and Cyrillic scripts the characters around it are not letters or digits
(so "Ed" does not match inside "retired"); in other scripts, some of which are written without
spaces between words (Chinese, Japanese, Thai), it matches anywhere. Names that are not on the
map cannot be recognised: roles and the person's lists should say what someone is ("daughter",
"GP"), not who.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from ecomap.measures import cohen_role
from ecomap.model import Alter, AlterTie, EcoMap, Ego

Style = Literal["role", "initials"]

#: The label for an alter with no role, by sector ("Friend 2").
SECTOR_LABELS: dict[str, str] = {
    "household": "Household member",
    "family": "Relative",
    "friends": "Friend",
    "neighbours": "Neighbour",
    "community": "Community contact",
    "faith": "Faith contact",
    "work_learning": "Work or learning contact",
    "health": "Health contact",
    "social_care": "Care contact",
    "other_services": "Service",
    "online": "Online contact",
    "pets": "Pet",
}

#: A role text for each of Cohen's roles that :func:`ecomap.measures.cohen_role` reads back as
#: that role, given the alter's own kinship, sector and kind (a test checks every one).
RELATIONSHIP_ROLES: dict[str | None, str] = {
    "partner": "partner",
    "parents": "parent",
    "in_laws": "parent-in-law",
    "children": "child",
    "close_relatives": "relative",
    "close_friends": "friend",
    "religious_group": "member of a faith group",
    "education": "classmate",
    "work": "colleague",
    "neighbours": "neighbour",
    "volunteering": "volunteer",
    "other_groups": "group member",
    None: "",
}

# Letters and digits of the Latin, Greek and Cyrillic scripts: a name must not run on into one
# of these to count as found.
_WORD_CHARACTER = (
    "0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u052f\u1e00-\u1fff"
)
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})?$")


def pseudonymise(m: EcoMap, *, style: Style = "role") -> EcoMap:
    """A copy of ``m`` with the person and every alter unnamed (the table in the module docstring).

    The copy has the same alters in the same order, the same ties and the same measures; the
    same map always gives the same copy.
    """
    if style not in ("role", "initials"):
        raise ValueError(f"style must be 'role' or 'initials', not {style!r}")
    names = _name_pattern(m)
    ids = alter_ids(m)
    roles = [_safe_role(a, names) for a in m.alters]
    labels = roles if style == "role" else [initials(a.name) for a in m.alters]
    names_out = _numbered([label or SECTOR_LABELS[a.sector] for label, a in zip(labels, m.alters)])
    alters = [
        Alter.model_validate(
            {**a.model_dump(), "id": ids[a.id], "name": name, "role": role, "notes": "", "offers": []}
        )
        for a, name, role in zip(m.alters, names_out, roles)
    ]
    ties = [AlterTie(source=ids[t.source], target=ids[t.target], stress=t.stress) for t in m.ties]
    return EcoMap(ego=_pseudonymous_ego(m.ego, names), alters=alters, ties=ties)


#: The installation's pseudonym secret, as text (for a team whose several servers must agree).
KEY_ENV = "ECOMAP_PSEUDONYM_KEY"
#: Where the secret is kept otherwise; made (32 random bytes, readable by its owner only) on first use.
KEY_FILE_ENV = "ECOMAP_PSEUDONYM_KEY_FILE"
DEFAULT_KEY_FILE = Path("data") / "pseudonym.key"


def installation_key() -> bytes:
    """The secret that keys :func:`person_code`: ``$ECOMAP_PSEUDONYM_KEY``, else the contents of
    ``$ECOMAP_PSEUDONYM_KEY_FILE`` (default ``data/pseudonym.key`` under the working directory, beside
    the default database), made with 32 random bytes the first time it is needed.

    An unkeyed hash of an id could be matched by anyone who can guess the id; with a secret only
    this installation can make (or check) a code. Keep the file with the database's backups:
    without it, codes in new exports no longer match codes in old ones.
    """
    text = os.environ.get(KEY_ENV, "")
    if text:
        return text.encode("utf-8")
    path = Path(os.environ.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
                handle.flush()
                os.fsync(handle.fileno())
    key = path.read_bytes()
    if len(key) < 16:
        raise ValueError(f"the pseudonym key in {path} is too short; it should hold 32 random bytes")
    return key


def person_code(person_id: str, key: bytes | None = None) -> str:
    """Six hex digits of the HMAC-SHA-256 of the person's id under the installation's secret
    (:func:`installation_key`, unless ``key`` is given): the same person, the same code."""
    secret = installation_key() if key is None else key
    return hmac.new(secret, person_id.encode("utf-8"), hashlib.sha256).hexdigest()[:6]


def alter_ids(m: EcoMap) -> dict[str, str]:
    """Alter id -> ``a01``, ``a02`` ... in map order (three digits from the 100th alter)."""
    width = max(2, len(str(len(m.alters))))
    return {a.id: f"a{n:0{width}d}" for n, a in enumerate(m.alters, start=1)}


def initials(name: str) -> str:
    """The first character of up to three words, each followed by a dot: ``M.O.``; ``?`` when
    the name has no letters or digits."""
    words = re.findall(r"[^\W_]+", name)
    return "".join(f"{w[0].upper()}." for w in words[:3]) or "?"


def outward_code(postcode: str) -> str:
    """The outward part of a UK postcode (``BA16 0AB`` -> ``BA16``, ``ZZ1`` -> ``ZZ1``); empty
    for anything that is not a postcode, since free text there could say anything."""
    match = _UK_POSTCODE.match(postcode.strip().upper())
    return match.group(1) if match else ""


def _pseudonymous_ego(ego: Ego, names: re.Pattern[str]) -> Ego:
    code = person_code(ego.id)
    data: dict[str, Any] = ego.model_dump()
    data.update(
        id=f"p-{code}",
        name=f"{initials(ego.name)} {code}",
        postcode=outward_code(ego.postcode),
        latitude=None if ego.latitude is None else round(ego.latitude, 2),
        longitude=None if ego.longitude is None else round(ego.longitude, 2),
        coordinator=_unless_named(ego.coordinator, names),
        team=_unless_named(ego.team, names),
        **{
            field: _items_naming_no_one(data[field], names)
            for field in ("interests", "gifts", "what_matters", "access_needs")
        },
    )
    return Ego.model_validate(data)


def _name_pattern(m: EcoMap) -> re.Pattern[str]:
    """One pattern for every name on the map (the rule in the module docstring), longest first."""
    people = [m.ego.name, *(a.name for a in m.alters if a.kind == "person")]
    words = {w for name in people for w in re.findall(r"[^\W_]+", name) if len(w) >= 2 and w[0].isupper()}
    found = sorted({m.ego.name, *(a.name for a in m.alters), *words}, key=lambda n: (-len(n), n))
    either = "|".join(re.escape(n) for n in found)
    return re.compile(rf"(?<![{_WORD_CHARACTER}])(?:{either})(?![{_WORD_CHARACTER}])", re.IGNORECASE)


def _names_someone(text: str, names: re.Pattern[str]) -> bool:
    return names.search(text) is not None


def _unless_named(text: str, names: re.Pattern[str]) -> str:
    return "" if _names_someone(text, names) else text


def _items_naming_no_one(items: Iterable[str], names: re.Pattern[str]) -> list[str]:
    return [item for item in items if not _names_someone(item, names)]


def _safe_role(a: Alter, names: re.Pattern[str]) -> str:
    """The role as it is when it names no one; else the relationship the measures read in it."""
    return RELATIONSHIP_ROLES[cohen_role(a)] if _names_someone(a.role, names) else a.role


def _numbered(labels: list[str]) -> list[str]:
    """Capitalise each label, and number the ones used more than once (ignoring case)."""
    labels = [label[:1].upper() + label[1:] for label in labels]
    counts = Counter(label.casefold() for label in labels)
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        key = label.casefold()
        seen[key] += 1
        out.append(f"{label} {seen[key]}" if counts[key] > 1 else label)
    return out
