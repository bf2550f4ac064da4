"""egor's three tables (egos, alters, alter-alter ties), one map per ego.

The layout is the one ``egor::threefiles_to_egor`` reads (egor's documentation and its example
data ``egos_32.csv``, ``alters_32.csv``, ``edges_32.csv``): many egos in one set of files,
linked by an ego-id column on every table; each alter has an alter id unique within its ego; a
tie names its two alters by those ids. The column names default to egor's own
(``ID.vars = list(ego = "egoID", alter = "alterID", source = "Source", target = "Target")``) and
can be changed. Files may use any delimiter (egor's examples use ``;``, as ``write.csv2`` does).

Columns that are ecomap fields (``name``, ``sector``, ``strength`` ...) are read as they are;
others only through a mapping file. A table ecomap's own ``ecomap export egor`` wrote also has
an ``id`` column on egos and alters: it keeps the ecomap ids, so such files read back as the
same maps.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ecomap.importers.build import ImportResult, build, finish_alter, usable_id
from ecomap.importers.mapping import ALTER_FIELDS, EGO_FIELDS, Mapping, map_columns
from ecomap.importers.tables import Rows, read_table
from ecomap.model import MapInvalid, Problem

TOOL = "egor"
#: egor's default ID.vars.
ID_VARS: dict[str, str] = {"ego": "egoID", "alter": "alterID", "source": "Source", "target": "Target"}
#: How the three files are found in a folder, by the start of their names.
FILE_STARTS: dict[str, tuple[str, ...]] = {
    "egos": ("ego",),
    "alters": ("alter",),
    "ties": ("aatie", "edge", "tie", "alter_tie"),
}


def find_files(paths: list[Path]) -> dict[str, Path]:
    """The egos, alters and (optional) ties files: given in that order, or found in one folder."""
    if len(paths) == 1 and paths[0].is_dir():
        found: dict[str, Path] = {}
        for path in sorted(paths[0].iterdir()):
            stem = path.name.lower()
            if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
                continue
            for table, starts in FILE_STARTS.items():
                # "alter_ties" starts like "alters": ties are checked by their own names first.
                if (
                    table not in found
                    and stem.startswith(starts)
                    and not (table == "alters" and stem.startswith(FILE_STARTS["ties"]))
                ):
                    found[table] = path
                    break
        missing = [t for t in ("egos", "alters") if t not in found]
        if missing:
            raise MapInvalid(
                [
                    Problem(
                        str(paths[0]),
                        None,
                        None,
                        None,
                        f"has no {' or '.join(missing)} file (names starting ego..., alter..., and "
                        "aatie..., edge... or tie... for the ties)",
                    )
                ]
            )
        return found
    if len(paths) not in (2, 3):
        raise MapInvalid(
            [
                Problem(
                    ", ".join(map(str, paths)),
                    None,
                    None,
                    None,
                    "give one folder, or the egos, alters and ties files",
                )
            ]
        )
    return dict(zip(("egos", "alters", "ties"), paths))


def _column(header: list[str], wanted: str, file: str) -> str:
    """The header's column named ``wanted`` (exactly, else ignoring case)."""
    if wanted in header:
        return wanted
    for column in header:
        if column.casefold() == wanted.casefold():
            return column
    raise MapInvalid(
        [Problem(file, 1, wanted, None, f"is not a column; the columns are {', '.join(header) or 'none'}")]
    )


def read_egor(
    paths: list[str | os.PathLike[str]],
    mapping: Mapping | None = None,
    *,
    map_date: date | None = None,
    delimiter: str | None = None,
    id_vars: dict[str, str] | None = None,
) -> ImportResult:
    """One map per ego of egor's three tables; see the module's docstring."""
    mapping = mapping or Mapping()
    ids = {**ID_VARS, **mapping.option(TOOL, "id_vars", {}), **(id_vars or {})}
    delimiter = delimiter or mapping.option(TOOL, "delimiter", None)
    files = find_files([Path(p) for p in paths])
    tables: dict[str, tuple[list[str], Rows]] = {
        table: read_table(path.read_bytes(), str(path), delimiter) for table, path in files.items()
    }
    result = ImportResult()
    report = result.report
    report.choose(
        f"egor's id columns: ego '{ids['ego']}', alter '{ids['alter']}', ties '{ids['source']}' and "
        f"'{ids['target']}'"
    )
    ego_header, egos = tables["egos"]
    alter_header, alters = tables["alters"]
    ego_col = _column(ego_header, ids["ego"], str(files["egos"]))
    alter_ego_col = _column(alter_header, ids["ego"], str(files["alters"]))
    alter_col = _column(alter_header, ids["alter"], str(files["alters"]))
    by_ego: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in alters:
        by_ego.setdefault(row[alter_ego_col].strip(), []).append((number, row))
    ties_by_ego: dict[str, list[tuple[int, dict[str, str]]]] = {}
    source = target = ""
    if "ties" in tables:
        tie_header, ties = tables["ties"]
        tie_file = str(files["ties"])
        tie_ego = _column(tie_header, ids["ego"], tie_file)
        source, target = (
            _column(tie_header, ids["source"], tie_file),
            _column(tie_header, ids["target"], tie_file),
        )
        for number, row in ties:
            ties_by_ego.setdefault(row[tie_ego].strip(), []).append((number, row))
    else:
        report.choose("no alter-alter ties file: the maps have no ties between alters")
    ego_columns = mapping.with_tool().ego_columns
    known_egos = set()
    for number, row in egos:
        ego_id = row[ego_col].strip()
        known_egos.add(ego_id)
        raw = {k: v for k, v in row.items() if k != ego_col}
        ego = map_columns(raw, ego_columns, EGO_FIELDS, mapping, report)
        ego.setdefault("id", usable_id(ego_id, f"ego-{number}"))
        if "name" not in ego:
            ego["name"] = f"Ego {ego_id}"
            report.choose("name: the egos file has no name column; each person is called 'Ego <ego id>'")
        if "map_date" not in ego:
            ego["map_date"] = map_date
            report.choose(
                f"map date: the egos file has no map_date column; {map_date} (from --date) is used"
                if map_date
                else "map date: the egos file has no map_date column and no --date was given"
            )
        ids_of: dict[str, str] = {}
        records = []
        for alter_number, alter_row in by_ego.get(ego_id, []):
            key = alter_row[alter_col].strip()
            raw = {k: v for k, v in alter_row.items() if k not in (alter_col, alter_ego_col)}
            record = map_columns(raw, mapping.alter_columns, ALTER_FIELDS, mapping, report)
            record["id"] = usable_id(record.get("id", key), f"alter-{alter_number}")
            ids_of[key] = record["id"]
            records.append(finish_alter(record, TOOL, mapping, report))
        tie_records, tie_problems = [], []
        for tie_number, tie_row in ties_by_ego.get(ego_id, []):
            ends = [tie_row[source].strip(), tie_row[target].strip()]
            unknown = [e for e in ends if e not in ids_of]
            for end, column in zip(ends, (source, target)):
                if end in unknown:
                    message = f"is not an alter of ego {ego_id}"
                    tie_problems.append(Problem(str(files["ties"]), tie_number, column, end, message))
            if unknown:
                continue
            tie = {"source": ids_of[ends[0]], "target": ids_of[ends[1]]}
            stress = {k.casefold(): v for k, v in tie_row.items()}.get("stress", "").strip()
            if stress:
                tie["stress"] = stress
            tie_records.append(tie)
        maps_before = len(result.maps)
        build(ego, records, tie_records, f"{files['egos']} (ego {ego_id})", result)
        if tie_problems:  # a map with a tie that could not be read is not written half
            del result.maps[maps_before:]
            result.problems.extend(tie_problems)
    for ego_id in sorted(set(by_ego) - known_egos):
        number = by_ego[ego_id][0][0]
        result.problems.append(
            Problem(str(files["alters"]), number, alter_ego_col, ego_id, "is not an ego in the egos file")
        )
    return result
