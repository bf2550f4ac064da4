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
    """Print the JSON Schema of an ecomap/1.1 map file."""
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


_TABLE_COLUMNS = ["ego_id", "name", "map_date", "size", "active_ties", "lsns6_estimate", "band", "flags"]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: a summary to read; csv: every measure; json: strengths, flags and what-ifs in words.",
)
@click.option("--settings", type=click.Path(path_type=Path), help="A TOML file of thresholds.")
def assess(paths: tuple[Path, ...], output: str, settings: Path | None) -> None:
    """Assess maps: measures, strengths, flags and an isolation band, one row per map.

    Scores worked out from the map (LSNS-6, Cohen, Steptoe) are estimates, not answers.
    """
    # Imported here so that other commands start without loading pandas.
    from ecomap.assess import assess_maps, assessment_json, load_maps
    from ecomap.settings import SettingsInvalid, load_thresholds

    try:
        thresholds = load_thresholds(settings) if settings else None
        maps = load_maps(paths)
    except (MapInvalid, SettingsInvalid) as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    if output == "json":
        reports = [assessment_json(m, thresholds) for m in maps]
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
        return
    frame = assess_maps(maps, thresholds)
    if output == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        click.echo(frame[_TABLE_COLUMNS].to_string(index=False))


#: What ``ecomap render`` writes, chosen by the output file's extension (keys of export.FORMATS).
RENDER_FORMATS = {".html": "html", ".png": "png", ".svg": "svg", ".pdf": "pdf"}


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The file to write (see below).")
@click.option("--pseudonymise", is_flag=True, help="Names become roles or initials, for sharing.")
def render(path: Path, out: Path, pseudonymise: bool) -> None:
    """Draw a map. The extension of --out picks what: .html an interactive map that works offline,
    .png or .svg a picture with its key, .pdf a one-page summary for the person to keep (their
    strengths and what the map shows)."""
    suffix = out.suffix.lower()
    if suffix not in RENDER_FORMATS:
        what = suffix or "no extension"
        click.echo(f"{out}: cannot tell what to draw from {what}; use {', '.join(RENDER_FORMATS)}", err=True)
        sys.exit(1)
    try:
        m = load_map(path)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    # Imported here so that other commands start without loading pyvis or matplotlib.
    from ecomap.export import export
    from ecomap.formats.atomic import write_atomically

    write_atomically(out, export(m, RENDER_FORMATS[suffix], pseudonymised=pseudonymise).data)
    click.echo(f"{path} -> {out}")


@main.group("directory")
def directory_group() -> None:
    """Community asset directories: Open Referral UK / HSDS tables (folder or .zip) or HSDS .json."""


@directory_group.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
def directory_validate(path: Path) -> None:
    """Check a directory; list every problem. Exit 0 when valid, 1 otherwise."""
    from ecomap.directory import load_directory

    try:
        found = load_directory(path)
    except MapInvalid as error:
        click.echo(f"{path}: {len(error.problems)} problem(s)", err=True)
        _fail(error)
        sys.exit(1)
    click.echo(f"{path}: valid ({len(found)} assets, {len(found.filter())} active)")


@directory_group.command("list")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--search", default="", help="Only assets holding every word, best match first.")
@click.option("--all", "everything", is_flag=True, help="Include inactive and closed assets.")
def directory_list(path: Path, search: str, everything: bool) -> None:
    """List assets, one a line: id, name, when, where and cost, separated by tabs."""
    from ecomap.directory import load_directory

    try:
        found = load_directory(path)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    for asset in found.filter(status=None if everything else "active").search(search):
        place = asset.location.name if asset.location else ""
        click.echo("\t".join([asset.id, asset.name, asset.when, place, asset.cost_text or asset.cost]))


_DATABASE_HELP = "The store's SQLAlchemy URL (default: $ECOMAP_DATABASE_URL, else data/ecomap.sqlite3)."
_REVIEW_TABLE_COLUMNS = [
    "person",
    "coordinator",
    "team",
    "map_date",
    "band",
    "lsns6_estimate",
    "lsns6_estimate_change",
    "ties_gained",
    "ties_lost",
    "days_since_review",
    "review_overdue",
    "flags",
]


@main.command()
@click.option("--database", "url", help=_DATABASE_HELP)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: the main columns to read; csv and json: every column.",
)
@click.option("--names", is_flag=True, help="Show names and ids (by default: initials and a code).")
@click.option(
    "--overdue-after",
    type=click.IntRange(min=1),
    help="Days after the latest map at which a review is overdue (default: about six months).",
)
def review(url: str | None, output: str, names: bool, overdue_after: int | None) -> None:
    """Team review: everyone's latest map, its band and flags, the change since the snapshot
    before, and whose review is overdue. Highest band first. See docs/review.md."""
    from ecomap.caseload import REVIEW_EVERY_DAYS, caseload_frame, people_by_band
    from ecomap.store import Store, StoreError, json_safe

    every = overdue_after or REVIEW_EVERY_DAYS
    try:
        with Store(url) as store:
            frame = caseload_frame(store, review_every_days=every, pseudonymise=not names)
            where = store.url
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if output == "json":
        click.echo(json.dumps([json_safe(r) for r in frame.to_dict("records")], indent=2, ensure_ascii=False))
    elif output == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif frame.empty:
        click.echo(f"No one has a saved map in {where} yet.")
    else:
        click.echo(frame[_REVIEW_TABLE_COLUMNS].to_string(index=False))
        bands = ", ".join(
            f"{r.people} {'with not enough recorded yet' if r.band == 'unknown' else r.band}"
            for r in people_by_band(frame)[::-1].itertuples()
            if r.people or r.band != "unknown"
        )
        overdue = int(frame["review_overdue"].sum())
        click.echo(
            f"\n{len(frame)} people: {bands}; {overdue} review(s) overdue (more than {every} days "
            "since the latest map)."
        )


@main.command("demo-caseload")
@click.option("--database", "url", help=_DATABASE_HELP)
@click.option(
    "--people", type=click.IntRange(min=1), help="How many people (default: 120, 40 per coordinator)."
)
@click.option("--seed", type=int, help="The same seed gives the same people and maps.")
def demo_caseload(url: str | None, people: int | None, seed: int | None) -> None:
    """Fill an empty database with a fictional team to try team review with: three coordinators
    in two teams, two to four snapshots a person over a year, some reviews overdue."""
    from ecomap.demo import load_demo_caseload
    from ecomap.store import Store, StoreError

    chosen = {name: value for name, value in (("people", people), ("seed", seed)) if value is not None}
    try:
        with Store(url) as store:
            saved = load_demo_caseload(store, **chosen)
            where = store.url
            count = len(store.people())
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Saved {saved} snapshots of {count} fictional people in {where}.")


@main.command("suggest")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--directory",
    "directory_path",
    type=click.Path(path_type=Path),
    help="A community directory (HSDS tables as a folder or .zip, or HSDS .json) to suggest from.",
)
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many to show.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: to read; json: every suggestion with its score parts, planned tie and effect.",
)
@click.option("--weights", type=click.Path(path_type=Path), help="A TOML file of suggestion weights.")
def suggest_command(
    path: Path, directory_path: Path | None, top: int, output: str, weights: Path | None
) -> None:
    """Suggest connections for the person of a map, best first: ties to renew or grow,
    introductions, and, with a directory, groups to join or give time to and help for gaps in
    support. Each comes with why, and what it would change if it came true."""
    from ecomap.directory import load_directory
    from ecomap.settings import SettingsInvalid
    from ecomap.suggest import load_weights, suggest

    try:
        m = load_map(path)
        directory = load_directory(directory_path) if directory_path else None
        chosen_weights = load_weights(weights) if weights else None
    except (MapInvalid, SettingsInvalid) as error:
        _fail(error)
        sys.exit(1)
    found = suggest(m, directory, top=top, weights=chosen_weights)
    if output == "json":
        click.echo(json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(f"No suggestions for {m.ego.name} yet: add interests, gifts or a directory.")
    for n, s in enumerate(found, start=1):
        click.echo(f"{n}. {s.target.name} [{s.kind}, score {s.score:.2f}]")
        click.echo(f"   {s.reason}")
        click.echo(f"   If it came true: {s.effect.sentence()}")
