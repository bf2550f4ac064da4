"""Readers that misbehave, for the worker-process tests (a worker imports them by name)."""

from __future__ import annotations

import time

from ecomap.directory import DirectoryInvalid
from ecomap.model import Problem


def slow(name: str, data: bytes) -> str:
    time.sleep(30)
    return name


def greedy(name: str, data: bytes) -> bytes:
    return bytes(3 * 1024**3)  # more than a worker may have


def refusing(name: str, data: bytes) -> None:
    raise DirectoryInvalid([Problem(name, 2, "name", "x", "is wrong")])
