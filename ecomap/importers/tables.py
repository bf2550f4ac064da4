"""Reading another tool's CSV tables: any delimiter, Excel's byte-order mark, and spreadsheet
formula guards undone."""

from __future__ import annotations

import csv
import io

from ecomap.model import MapInvalid, Problem

DELIMITERS = ",;\t|"


Rows = list[tuple[int, dict[str, str]]]


def read_table(raw: bytes, file: str, delimiter: str | None = None) -> tuple[list[str], Rows]:
    """The header and the rows (spreadsheet row number, column -> text) of a CSV file.

    The delimiter is the one given, else the one of ``, ; tab |`` the header uses most (R's
    ``write.csv2`` and European spreadsheets write ``;``). Blank lines are skipped. A cell an
    exporter guarded against spreadsheet formulas (``'=...``, as Network Canvas writes them) is
    read as the text it guarded.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MapInvalid(
            [Problem(file, None, None, None, f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8")]
        ) from None
    first = text.split("\n", 1)[0]
    chosen = delimiter or max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    header = [h.strip() for h in next(reader, [])]
    rows = []
    problems = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(file, number, None, None, f"has {len(cells)} cells but the header has {len(header)}")
            )
            continue
        rows.append((number, {h: _unguarded(c) for h, c in zip(header, cells) if h}))
    if problems:
        raise MapInvalid(problems)
    return header, rows


def _unguarded(cell: str) -> str:
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t":
        return cell[1:]
    return cell
