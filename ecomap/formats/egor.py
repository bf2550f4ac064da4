"""Many maps as egor's three tables, ready for ``egor::threefiles_to_egor``.

egor links its tables by an ego-id column on each (``egoID``), numbers each alter within its ego
(``alterID``) and names a tie's ends by those numbers (``Source``, ``Target``): these are the
defaults of ``threefiles_to_egor``'s ``ID.vars``, which sorts egos and alters by those ids taken
as numbers. So ``egoID`` is the map's place in the set (1, 2, ...) and ``alterID`` the alter's
place in its map; the ecomap ids stay in the ``id`` columns, and every other field of the data
contract follows. The files are comma-separated UTF-8, as R's ``read.csv`` reads them::

    egos <- read.csv("egos.csv"); alters <- read.csv("alters.csv"); aaties <- read.csv("aaties.csv")
    e <- egor::threefiles_to_egor(egos = egos, alters.df = alters, edges = aaties)

``ecomap import egor`` reads them back as the same maps.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path

from ecomap.formats.atomic import write_atomically
from ecomap.formats.csv_bundle import TABLES, cell
from ecomap.model import EcoMap

FILES = ("egos.csv", "alters.csv", "aaties.csv")


def egor_tables(maps: Iterable[EcoMap]) -> dict[str, str]:
    """The maps as egor's three CSV texts, keyed by file name."""
    egos = [["egoID", *TABLES["ego"]]]
    alters = [["egoID", "alterID", *TABLES["alters"]]]
    ties = [["egoID", "Source", "Target", "stress"]]
    for ego_number, m in enumerate(maps, start=1):
        ego = m.ego.model_dump()
        egos.append([str(ego_number), *(cell(ego[c]) for c in TABLES["ego"])])
        number_of = {}
        for alter_number, a in enumerate(m.alters, start=1):
            number_of[a.id] = str(alter_number)
            data = a.model_dump()
            alters.append([str(ego_number), str(alter_number), *(cell(data[c]) for c in TABLES["alters"])])
        for t in m.ties:
            ties.append([str(ego_number), number_of[t.source], number_of[t.target], t.stress])
    out = {}
    for name, rows in zip(FILES, (egos, alters, ties), strict=True):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        out[name] = buffer.getvalue()
    return out


def write_egor(maps: Iterable[EcoMap], folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``egos.csv``, ``alters.csv`` and ``aaties.csv`` into ``folder``."""
    written = []
    for name, text in egor_tables(maps).items():
        path = Path(folder) / name
        write_atomically(path, text.encode("utf-8"))
        written.append(path)
    return written
