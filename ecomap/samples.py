"""The fictional sample people shipped in ``sample_networks/``, for trainers and first runs.

Each person has one map, or a *before* and an *after* map of the same person id; their story is
the section of ``sample_networks/README.md`` headed with their name. A map's connection plan, where
it has one, is the file of the same name in ``plans/`` beside it (:func:`plan_path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ecomap.formats import load_map
from ecomap.model import EcoMap

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_networks"
_PERSON_FILE = re.compile(r"^[a-z0-9-]+-\d{4}-\d{2}\.json$")


@dataclass(frozen=True)
class SamplePerson:
    person_id: str
    name: str
    files: tuple[Path, ...]  # oldest map first
    heading: str  # "Edith Marsh, 82, Little Wenford (before and after)"
    story: str  # paragraphs of plain text

    @property
    def has_before_after(self) -> bool:
        return len(self.files) > 1

    def maps(self) -> list[EcoMap]:
        return [load_map(f) for f in self.files]


def plan_path(map_path: Path) -> Path:
    """Where a map's connection plan is kept: ``plans/<the map's file name>`` beside the map."""
    return map_path.parent / "plans" / map_path.name


def plan_data(map_path: Path) -> str | None:
    """The JSON text of the map's plan (:func:`plan_path`), or ``None`` when it has none."""
    path = plan_path(map_path)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def sample_people(folder: Path = SAMPLES_DIR) -> list[SamplePerson]:
    """Every sample person, in the order their stories are told."""
    stories = _stories(folder / "README.md")
    by_person: dict[str, list[tuple[EcoMap, Path]]] = {}
    for path in sorted(folder.glob("*.json")):
        if _PERSON_FILE.match(path.name):
            m = load_map(path)
            by_person.setdefault(m.ego.id, []).append((m, path))
    people = []
    for person_id, maps in by_person.items():
        maps.sort(key=lambda pair: pair[0].ego.map_date)
        name = maps[-1][0].ego.name
        heading, story = stories.get(name, (name, ""))
        people.append(SamplePerson(person_id, name, tuple(p for _, p in maps), heading, story))
    order = list(stories)
    people.sort(key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name))
    return people


def _stories(readme: Path) -> dict[str, tuple[str, str]]:
    """Name -> (heading, story) from the README's ``### Name, age, place`` sections."""
    if not readme.exists():
        return {}
    stories: dict[str, tuple[str, str]] = {}
    for section in re.split(r"^### ", readme.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        body = re.split(r"^#{1,2} ", body, flags=re.M)[0]
        stories[heading.split(",")[0].strip()] = (heading.strip(), body.strip())
    return stories
