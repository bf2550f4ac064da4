"""A summary of many problems by kind, for a lenient read of a large directory.

A real feed can have thousands of problem lines that are the same few mistakes repeated (a
latitude of 100 on every row of one export, times written "9:00am"). The summary groups them by
field and message, most frequent first, with the first place each was found, so that a person
can see what to fix; the full list stays available.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ecomap.model import Problem


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem: the field (list positions left out) and message it shares, how many
    records have it, and the first of them."""

    field: str
    message: str
    count: int
    first: Problem

    def __str__(self) -> str:
        what = f"field '{self.field}': " if self.field else ""
        first = [self.first.file or "input"]
        if self.first.row is not None:
            first.append(f"row {self.first.row}")
        if self.first.field and self.first.field != self.field:
            first.append(f"field '{self.first.field}'")
        value = "" if self.first.value is None else f": {self.first.value!r}"
        return f"{self.count} × {what}{self.message} (first: {', '.join(first)}{value})"


def summarise(problems: Iterable[Problem]) -> list[ProblemKind]:
    """Problems grouped by kind, most frequent first (ties in the order first found).

    The kind is the field with list positions left out (``service_at_locations[3].location.latitude``
    and ``service_at_locations[0].location.latitude`` are one kind) and the message.
    """
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        field = re.sub(r"\[\d+\]", "[]", problem.field or "")
        groups.setdefault((field, problem.message), []).append(problem)
    kinds = [ProblemKind(field, message, len(found), found[0]) for (field, message), found in groups.items()]
    return sorted(kinds, key=lambda kind: -kind.count)
