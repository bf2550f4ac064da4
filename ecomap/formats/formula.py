"""Spreadsheet formula injection: CSV cells that Excel, LibreOffice or Google Sheets would run.

A name typed as ``=HYPERLINK("http://...")`` or ``@SUM(...)`` is data in ecomap, but a
spreadsheet opening the CSV runs it as a formula (CWE-1236). As OWASP advises, every CSV ecomap
writes puts a single quote before a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return, and spreadsheets then show the cell as text. A cell that is a plain number
(``-1.5``, ``+3``) is left alone: it is not a formula, and R and pandas must still read it as a
number.

So that the CSV bundle still round-trips exactly, a cell that already starts with a quote gets
one more, and :func:`restore` takes exactly one leading quote off any cell that has one: for
every text ``x``, ``restore(neutralise(x)) == x``.
"""

from __future__ import annotations

import re

import pandas as pd

QUOTE = "'"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", QUOTE)
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text (the rules in the module docstring)."""
    if cell.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(cell):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """The text a cell written by :func:`neutralise` held."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are neutralised, for ``to_csv``."""
    out = frame.rename(columns=lambda c: neutralise(c) if isinstance(c, str) else c)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out
