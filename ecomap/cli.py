"""The ``ecomap`` command.

Every command reads maps in any format (``.json``, a CSV bundle folder or ``.zip``, ``.graphml``)
and reports bad input as a list of problems naming the file, row and field, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ecomap.formats import load_map, save_map
from ecomap.model import MapInvalid, json_schema


def _fail(error: MapInvalid) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ecomap")
def main() -> None:
    """ecomap: map a person's network, expose isolation, suggest connections."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check maps; list every problem. Exit 0 when all are valid, 1 otherwise."""
    bad = 0
    for path in paths:
        try:
            m = load_map(path)
        except MapInvalid as error:
            bad += 1
            click.echo(f"{path}: {len(error.problems)} problem(s)", err=True)
            _fail(error)
            continue
        click.echo(f"{path}: valid ({m.ego.name}, {len(m.alters)} alters, {len(m.ties)} ties)")
    if bad:
        sys.exit(1)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
def convert(source: Path, target: Path) -> None:
    """Convert a map between JSON, CSV bundle (folder or .zip) and GraphML, by extension."""
    try:
        m = load_map(source)
        save_map(m, target)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    click.echo(f"{source} -> {target}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), help="Write to a file instead of printing.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of an ecomap/1 map file."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
