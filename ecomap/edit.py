"""Changes to a map, as pure functions: each takes a map and returns a new, valid one.

Every change is re-validated through :func:`ecomap.model.validate_map`, so a bad edit raises
:class:`~ecomap.model.MapInvalid` with the same messages a bad file gets, and the map the caller
holds is never half-changed. The app keeps the previous map for undo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ecomap.model import EcoMap, MapInvalid, Problem, validate_map

#: How problems with an edit name where they are: the app's parts, not files.
PLACES = {"ego": "the person", "alters": "the list of people", "alter_ties": "who knows whom"}


def _records(m: EcoMap) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        m.ego.model_dump(),
        [a.model_dump() for a in m.alters],
        [t.model_dump() for t in m.ties],
    )


def _rebuild(ego: dict[str, Any], alters: list[dict[str, Any]], ties: list[dict[str, Any]]) -> EcoMap:
    return validate_map(ego, alters, ties, locate=lambda _file, table: PLACES[table])


def slug(text: str) -> str:
    """A readable id from a name: ``"Ruth O'Neill"`` -> ``"ruth-o-neill"``.

    >>> slug("Zoë's Café")
    'zoe-s-cafe'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "someone"


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free (``ego`` is never free)."""
    used = set(taken) | {"ego"}
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def new_map(name: str, map_date: date, *, person_id: str | None = None, **profile: Any) -> EcoMap:
    """A map with the person alone at the centre: the start of every conversation."""
    ego = {"id": person_id or f"p-{slug(name)}", "name": name, "map_date": map_date, **profile}
    return _rebuild(ego, [], [])


def update_person(m: EcoMap, **fields: Any) -> EcoMap:
    """Change the person's profile (name, date, strengths, self-report answers...)."""
    ego, alters, ties = _records(m)
    ego.update(fields)
    return _rebuild(ego, alters, ties)


def add_alter(m: EcoMap, name: str, sector: str, **fields: Any) -> EcoMap:
    """Add someone to the map; their id is made from their name and kept unique."""
    ego, alters, ties = _records(m)
    alter_id = fields.pop("id", None) or unique_id(slug(name), (a["id"] for a in alters))
    alters.append({"id": alter_id, "name": name, "sector": sector, **fields})
    return _rebuild(ego, alters, ties)


def update_alter(m: EcoMap, alter_id: str, **fields: Any) -> EcoMap:
    """Change some fields of one alter."""
    ego, alters, ties = _records(m)
    for record in alters:
        if record["id"] == alter_id:
            record.update(fields)
            break
    else:
        raise KeyError(alter_id)
    return _rebuild(ego, alters, ties)


def remove_alter(m: EcoMap, alter_id: str) -> EcoMap:
    """Take someone off the map, with every tie they had to others in it."""
    ego, alters, ties = _records(m)
    if not any(a["id"] == alter_id for a in alters):
        raise KeyError(alter_id)
    alters = [a for a in alters if a["id"] != alter_id]
    ties = [t for t in ties if alter_id not in (t["source"], t["target"])]
    return _rebuild(ego, alters, ties)


def apply_table_edits(
    m: EcoMap,
    edited_rows: Mapping[int, Mapping[str, Any]],
    added_rows: Iterable[Mapping[str, Any]] = (),
    deleted_rows: Iterable[int] = (),
) -> EcoMap:
    """Apply the changes a table editor reports, by row position in ``m.alters``.

    This is the shape of ``st.data_editor``'s state (``edited_rows``, ``added_rows``,
    ``deleted_rows``); applying the delta to the canonical map, rather than writing the editor's
    output back into its own input, is what keeps every edit.
    """
    ego, alters, ties = _records(m)
    for position, changes in edited_rows.items():
        alters[int(position)].update({k: _cell(v) for k, v in changes.items()})
    gone = {alters[int(p)]["id"] for p in deleted_rows}
    alters = [a for a in alters if a["id"] not in gone]
    ties = [t for t in ties if not ({t["source"], t["target"]} & gone)]
    for row in added_rows:
        row = {k: _cell(v) for k, v in row.items() if _cell(v) not in (None, "")}
        if not row:
            continue
        row.setdefault("name", "")
        row.setdefault("sector", "")
        row["id"] = row.get("id") or unique_id(slug(row["name"]), (a["id"] for a in alters))
        alters.append(row)
    return _rebuild(ego, alters, ties)


def _cell(value: Any) -> Any:
    """Table cells arrive as pandas/numpy scalars and NaN for blanks; the model wants plain values."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, str)):
        return value.item()
    return value


def add_tie(m: EcoMap, source: str, target: str, stress: str = "none") -> EcoMap:
    """Record that two people in the map know each other."""
    ego, alters, ties = _records(m)
    ties.append({"source": source, "target": target, "stress": stress})
    return _rebuild(ego, alters, ties)


def connect_all(m: EcoMap, alter_ids: Iterable[str], stress: str = "none") -> EcoMap:
    """Record that everyone in ``alter_ids`` knows everyone else (a family, a group's members).

    Pairs already recorded keep their stress; at least two people are needed.
    """
    chosen = list(dict.fromkeys(alter_ids))
    if len(chosen) < 2:
        raise MapInvalid([Problem(PLACES["alter_ties"], None, None, None, "choose at least two people")])
    ego, alters, ties = _records(m)
    known = {frozenset((t["source"], t["target"])) for t in ties}
    for n, source in enumerate(chosen):
        for target in chosen[n + 1 :]:
            if frozenset((source, target)) not in known:
                ties.append({"source": source, "target": target, "stress": stress})
    return _rebuild(ego, alters, ties)


def remove_tie(m: EcoMap, source: str, target: str) -> EcoMap:
    """Forget that two people know each other (in either direction)."""
    ego, alters, ties = _records(m)
    pair = {source, target}
    kept = [t for t in ties if {t["source"], t["target"]} != pair]
    if len(kept) == len(ties):
        raise KeyError(f"{source} - {target}")
    return _rebuild(ego, alters, kept)


#: Where someone new goes when only their sector is known (the quick add beside the map): the
#: household and pets in the circle of intimacy, family and friends in friendship, groups and
#: neighbours in participation, and health and social care, which are paid, in exchange.
#: (Relationship circles: Forest & Pearpoint.) The coordinator moves them by dragging.
SECTOR_CIRCLE: dict[str, int] = {
    "household": 1,
    "pets": 1,
    "family": 2,
    "friends": 2,
    "neighbours": 3,
    "community": 3,
    "faith": 3,
    "work_learning": 3,
    "online": 3,
    "other_services": 4,
    "health": 4,
    "social_care": 4,
}
#: Sectors whose members are paid to help unless the coordinator says otherwise.
PAID_SECTORS = frozenset({"health", "social_care"})
SECTOR_KIND = {"pets": "pet", "health": "service", "social_care": "service", "other_services": "service"}


def sector_defaults(sector: str) -> dict[str, Any]:
    """The fields someone new in ``sector`` gets unless told otherwise: kind, circle, kin, paid.

    >>> sector_defaults("social_care")
    {'kind': 'service', 'circle': 4, 'is_kin': False, 'is_paid': True}
    """
    return {
        "kind": SECTOR_KIND.get(sector, "person"),
        "circle": SECTOR_CIRCLE.get(sector, 3),
        "is_kin": sector in ("household", "family"),
        "is_paid": sector in PAID_SECTORS,
    }


def quick_add(m: EcoMap, name: str, sector: str) -> EcoMap:
    """Add someone from a name and a sector alone, with :func:`sector_defaults`."""
    return add_alter(m, name, sector, **sector_defaults(sector))


def move_alter(m: EcoMap, alter_id: str, circle: int, sector: str | None = None) -> EcoMap:
    """Put an alter in another circle and, when given, another sector (a drag on the map)."""
    fields: dict[str, Any] = {"circle": circle}
    if sector is not None:
        fields["sector"] = sector
    return update_alter(m, alter_id, **fields)


def cautions(m: EcoMap) -> list[str]:
    """Things in the map worth a second look, said as warnings, never refused: they may be
    true (two friends called Sam; a pet counted as family).

    - two or more people with the same name;
    - contact weekly or more often, but a last contact over a year before the map's date;
    - a pet in the family or household sector (pets have a sector of their own).
    """
    said: list[str] = []
    seen: dict[str, int] = {}
    for a in m.alters:
        key = " ".join(a.name.casefold().split())
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            said.append(f"Two people are called {a.name}: check they are not the same person.")
    for a in m.alters:
        if a.contact in ("daily", "weekly") and a.last_contact is not None:
            if (m.ego.map_date - a.last_contact).days > 365:
                said.append(
                    f"{a.name}: contact is {a.contact}, but the last contact was "
                    f"{a.last_contact:%d %B %Y}, over a year ago."
                )
        if a.kind == "pet" and a.sector in ("family", "household"):
            said.append(f"{a.name} is a pet in the {a.sector} sector: pets have a sector of their own.")
    return said
