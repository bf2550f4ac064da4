"""The ``ecomap`` command.

Every command reads maps in any format (``.json``, a CSV bundle folder or ``.zip``, ``.graphml``)
and reports bad input as a list of problems naming the file, row and field, never a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ecomap.formats import load_map, save_map
from ecomap.formats.formula import neutralise_frame
from ecomap.model import MapInvalid, json_schema


def _fail(error: MapInvalid) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)


def _not_written(path: Path, error: OSError) -> None:
    """A file that could not be written (a full disk, no permission): a plain message and exit 1;
    files are written whole or not at all (:func:`ecomap.formats.atomic.write_atomically`)."""
    click.echo(f"{path}: not written ({error.strerror or error}); nothing was half-written", err=True)
    sys.exit(1)


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
    except OSError as error:
        _not_written(target, error)
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
        click.echo(neutralise_frame(frame).to_csv(index=False), nl=False)
    else:
        click.echo(frame[_TABLE_COLUMNS].to_string(index=False))


def _plan_for(map_path: Path, given: Path | None):
    """The connection plan of a map: the file given, else ``plans/<map file name>`` beside the map
    (as the sample people keep theirs), else none. A plan that cannot be read stops the command."""
    from ecomap.plan import ConnectionPlan, PlanError
    from ecomap.samples import plan_path

    path = given or plan_path(map_path)
    if given is None and not path.is_file():
        return None
    try:
        return ConnectionPlan.from_json(path.read_text(encoding="utf-8"))
    except (OSError, PlanError) as error:
        click.echo(f"{path}: {error}", err=True)
        sys.exit(1)


_PLAN_HELP = "Its connection plan (JSON); by default plans/<map file name> beside the map, if there is one."


#: What ``ecomap render`` writes, chosen by the output file's extension (keys of export.FORMATS).
RENDER_FORMATS = {".html": "html", ".png": "png", ".svg": "svg", ".pdf": "pdf"}


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The file to write (see below).")
@click.option("--pseudonymise", is_flag=True, help="Names become roles or initials, for sharing.")
@click.option(
    "--copy",
    "copy",
    type=click.Choice(["team", "person", "easy-read"]),
    default="team",
    show_default=True,
    help="Which PDF: team, the fuller summary; person, their own large-print copy with no score, "
    "band or risk word; easy-read, short sentences and a larger map.",
)
@click.option("--plan", "plan_file", type=click.Path(path_type=Path), help=_PLAN_HELP)
@click.option(
    "--directory",
    "directory_path",
    type=click.Path(path_type=Path),
    help="A community directory, for the contact details of the plan's groups and services.",
)
def render(
    path: Path, out: Path, pseudonymise: bool, copy: str, plan_file: Path | None, directory_path: Path | None
) -> None:
    """Draw a map. The extension of --out picks what: .html an interactive map that works offline,
    .png or .svg a picture with its key, .pdf a summary (--copy picks for whom). Pictures draw the
    plan's open items as planned ties."""
    suffix = out.suffix.lower()
    if suffix not in RENDER_FORMATS:
        what = suffix or "no extension"
        click.echo(f"{out}: cannot tell what to draw from {what}; use {', '.join(RENDER_FORMATS)}", err=True)
        sys.exit(1)
    if copy != "team" and suffix != ".pdf":
        click.echo(f"{out}: --copy {copy} is a PDF; write to a .pdf file", err=True)
        sys.exit(1)
    try:
        m = load_map(path)
        directory = None
        if directory_path:
            from ecomap.directory import load_directory

            directory = load_directory(directory_path)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    plan = _plan_for(path, plan_file)
    # Imported here so that other commands start without loading pyvis or matplotlib.
    from ecomap.export import export
    from ecomap.formats.atomic import write_atomically

    made = export(
        m, RENDER_FORMATS[suffix], pseudonymised=pseudonymise, plan=plan, copy=copy, directory=directory
    )
    try:
        write_atomically(out, made.data)
    except OSError as error:
        _not_written(out, error)
    click.echo(f"{path} -> {out}")


@main.command("compare")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: to read or paste into notes; json: every change, for research.",
)
@click.option("--old-plan", type=click.Path(path_type=Path), help=f"The old map's plan. {_PLAN_HELP}")
@click.option("--new-plan", type=click.Path(path_type=Path), help=f"The new map's plan. {_PLAN_HELP}")
def compare_command(old: Path, new: Path, output: str, old_plan: Path | None, new_plan: Path | None) -> None:
    """Compare two snapshots of one person, as the History page does: people new and gone, ties
    changed, the measures (estimates from the map), their own answers before and after (apart),
    and the connection plan's progress."""
    from ecomap.compare import compare, comparison_json, comparison_table, plan_progress
    from ecomap.plan import plan_changes

    try:
        before, after = load_map(old), load_map(new)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    plans = _plan_for(old, old_plan), _plan_for(new, new_plan)
    found = compare(before, after)
    progress = plan_progress(*plans)
    if output == "json":
        report = comparison_json(found, progress, plan_changes(*plans))
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(comparison_table(found, progress), nl=False)


@main.group("directory")
def directory_group() -> None:
    """Community asset directories: Open Referral UK / HSDS tables (folder or .zip) or HSDS .json."""


_LENIENT_HELP = (
    "Keep every good record and leave out bad ones, with a summary of the problems by kind "
    "(default: refuse the whole directory when any record has a problem)."
)
_PROBLEMS_HELP = "With --lenient, list every problem, not only the summary."


def _read_directory(path: Path, lenient: bool, every_problem: bool):
    """Read a directory strictly or leniently; a lenient read's problems go to stderr, summarised
    by kind unless every problem is asked for. Exits 1 with every problem when it cannot be read."""
    from ecomap.directory import read_directory, summarise

    try:
        found = read_directory(path, lenient=lenient)
    except MapInvalid as error:
        click.echo(f"{path}: {len(error.problems)} problem(s)", err=True)
        _fail(error)
        sys.exit(1)
    if found.problems:
        click.echo(
            f"{path}: {len(found.problems)} problem(s); the records they are in were left out", err=True
        )
        lines = found.problems if every_problem else summarise(found.problems)
        for line in lines:
            click.echo(f"  {line}", err=True)
    return found.directory


@directory_group.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--lenient", is_flag=True, help=_LENIENT_HELP)
@click.option("--problems", "every_problem", is_flag=True, help=_PROBLEMS_HELP)
def directory_validate(path: Path, lenient: bool, every_problem: bool) -> None:
    """Check a directory; list every problem. Exit 0 when valid, 1 otherwise.

    With --lenient, exit 0 when any service could be read, and summarise what was left out."""
    found = _read_directory(path, lenient, every_problem)
    click.echo(f"{path}: valid ({len(found)} assets, {len(found.filter())} active)")


@directory_group.command("list")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--search", default="", help="Only assets holding every word, best match first.")
@click.option("--all", "everything", is_flag=True, help="Include inactive and closed assets.")
@click.option("--lenient", is_flag=True, help=_LENIENT_HELP)
@click.option("--problems", "every_problem", is_flag=True, help=_PROBLEMS_HELP)
def directory_list(path: Path, search: str, everything: bool, lenient: bool, every_problem: bool) -> None:
    """List assets, one a line: id, name, when, where and cost, separated by tabs."""
    found = _read_directory(path, lenient, every_problem)
    for asset in found.filter(status=None if everything else "active").search(search):
        place = asset.location.name if asset.location else ""
        click.echo("\t".join([asset.id, asset.name, asset.when, place, asset.cost_text or asset.cost]))


@main.command("import")
@click.argument(
    "format_name", metavar="FORMAT", type=click.Choice(["networkcanvas", "egor", "easynwk", "graphml"])
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write to."
)
@click.option("--mapping", "mapping_path", type=click.Path(path_type=Path), help="A TOML mapping file.")
@click.option(
    "--date", "map_date", type=click.DateTime(["%Y-%m-%d"]), help="Map date where the files have none."
)
@click.option(
    "--protocol", type=click.Path(exists=True, path_type=Path), help="networkcanvas: the .netcanvas."
)
@click.option(
    "--node-type", "node_types", multiple=True, help="networkcanvas: node type(s) to read as contacts."
)
@click.option(
    "--know-each-other", multiple=True, help="networkcanvas: edge type(s) meaning they know each other."
)
@click.option("--ego-id", help="egor: the ego id column (default egoID).")
@click.option("--alter-id", help="egor: the alter id column (default alterID).")
@click.option("--source", help="egor: the tie's first alter column (default Source).")
@click.option("--target", help="egor: the tie's second alter column (default Target).")
@click.option("--delimiter", help="egor: the files' delimiter (default: found from the header).")
def import_command(
    format_name: str,
    paths: tuple[Path, ...],
    out: Path,
    mapping_path: Path | None,
    map_date,
    protocol: Path | None,
    node_types: tuple[str, ...],
    know_each_other: tuple[str, ...],
    ego_id: str | None,
    alter_id: str | None,
    source: str | None,
    target: str | None,
    delimiter: str | None,
) -> None:
    """Import maps from another tool: one ecomap JSON per map in --out, and import-report.txt with
    every choice made and everything that could not be mapped. FORMAT is networkcanvas (a folder
    or .zip of the CSV export), egor (egos, alters and ties files, or one folder), easynwk (saved
    files) or graphml. See docs/import-*.md."""
    from ecomap.importers import FORMATS, load_mapping, write_maps

    options: dict = {"map_date": map_date.date() if map_date else None}
    if format_name == "networkcanvas":
        options.update(protocol=protocol, node_types=list(node_types), know_each_other=list(know_each_other))
    elif format_name == "egor":
        chosen = {"ego": ego_id, "alter": alter_id, "source": source, "target": target}
        options.update(delimiter=delimiter, id_vars={k: v for k, v in chosen.items() if v})
    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
        result = FORMATS[format_name](list(paths), mapping, **options)
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    written = write_maps(result, out)
    for path in written:
        click.echo(f"-> {path}")
    click.echo("\n".join(result.report.lines()))
    click.echo(f"{len(written)} map(s) written to {out}; the report is in {out / 'import-report.txt'}")
    if result.problems:
        click.echo(f"{len(result.problems)} problem(s); the maps they are in were not written:", err=True)
        _fail(MapInvalid(result.problems))
        sys.exit(1)


@main.group("export")
def export_group() -> None:
    """Write maps for another tool."""


@export_group.command("egor")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write to."
)
def export_egor(paths: tuple[Path, ...], out: Path) -> None:
    """Write maps as egor's three tables (egos.csv, alters.csv, aaties.csv) linked by an egoID
    column, for egor::threefiles_to_egor as they are."""
    from ecomap.formats.egor import write_egor

    try:
        maps = [load_map(p) for p in paths]
    except MapInvalid as error:
        _fail(error)
        sys.exit(1)
    for path in write_egor(maps, out):
        click.echo(f"-> {path}")


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
        click.echo(neutralise_frame(frame).to_csv(index=False), nl=False)
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
    help="table: to read; json: the ideas (score parts, planned tie, effect), near misses and notes.",
)
@click.option("--weights", type=click.Path(path_type=Path), help="A TOML file of suggestion weights.")
@click.option("--lenient", is_flag=True, help="With --directory: " + _LENIENT_HELP)
def suggest_command(
    path: Path, directory_path: Path | None, top: int, output: str, weights: Path | None, lenient: bool
) -> None:
    """Suggest connections for the person of a map, best first: ties to renew or grow,
    introductions, and, with a directory, groups to join or give time to and help for gaps in
    support. Each comes with why, and what it would change if it came true."""
    from ecomap.settings import SettingsInvalid
    from ecomap.suggest import load_weights, suggestions_for

    try:
        m = load_map(path)
        chosen_weights = load_weights(weights) if weights else None
    except (MapInvalid, SettingsInvalid) as error:
        _fail(error)
        sys.exit(1)
    directory = _read_directory(directory_path, lenient, False) if directory_path else None
    report = suggestions_for(m, directory, top=top, weights=chosen_weights)
    if output == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        return
    for note in report.notes:
        click.echo(f"Note: {note}")
    if not report.ideas and not report.notes:
        click.echo(f"No suggestions for {m.ego.name} yet.")
    for n, s in enumerate(report.ideas, start=1):
        click.echo(f"{n}. {s.target.name} [{s.kind}, score {s.score:.2f}]")
        click.echo(f"   {s.reason}")
        if s.next_step:
            click.echo(f"   Next step: {s.next_step}")
        click.echo(f"   If it came true: {s.effect.sentence()}")
    if report.near_misses:
        click.echo("Nearly, but not quite:")
        for miss in report.near_misses:
            click.echo(f"   {miss}")


#: Who the audit trail names for changes made with this command (run on the server itself).
_COMMAND_LINE = "command line"


@main.group()
def users() -> None:
    """The users of a team server (sign-in configured) and their roles; see docs/deploy.md."""


@users.command("add")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["coordinator", "team_lead", "trainer", "admin"]),
    help="What they may do.",
)
@click.option("--team", default="", help="Their team: a team lead sees every person created in it.")
@click.option("--database", "url", help=_DATABASE_HELP)
def users_add(email: str, role: str, team: str, url: str | None) -> None:
    """Add a user (the e-mail address they sign in with), or change their role and team."""
    from ecomap.access import add_user
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            added = add_user(store, email, role, team)
            store.record(
                _COMMAND_LINE, "users", "", f"{added.email} is {added.role} in {added.team or 'no team'}"
            )
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"{added.email}: {added.role}" + (f", team {added.team}" if added.team else ""))


@users.command("list")
@click.option("--database", "url", help=_DATABASE_HELP)
def users_list(url: str | None) -> None:
    """Every user: e-mail address, role and team."""
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            found = store.users()
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if not found:
        click.echo("No users yet: add one with `ecomap users add EMAIL --role admin`.")
    for user in found:
        click.echo("\t".join([user.email, user.role, user.team]))


@users.command("remove")
@click.argument("email")
@click.option("--database", "url", help=_DATABASE_HELP)
def users_remove(email: str, url: str | None) -> None:
    """Remove a user: they can no longer sign in. The people they created stay with their team."""
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            removed = store.remove_user(email)
            if removed:
                store.record(_COMMAND_LINE, "users", "", f"{email.strip().lower()} removed")
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if not removed:
        click.echo(f"{email} is not a user.", err=True)
        sys.exit(1)
    click.echo(f"Removed {email}.")


@users.command("share")
@click.argument("email")
@click.option("--person", "person_id", required=True, help="The person's id (ecomap review --names).")
@click.option("--database", "url", help=_DATABASE_HELP)
def users_share(email: str, person_id: str, url: str | None) -> None:
    """Let a user see and change one person's maps."""
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            if store.user(email) is None:
                raise StoreError(f"{email} is not a user; add them first.")
            if person_id not in store.person_ids():
                raise StoreError(f"There is no one with the id {person_id!r} in {store.url}.")
            store.grant(person_id, email, "shared")
            store.record(_COMMAND_LINE, "share", person_id, f"with {email.strip().lower()}")
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Shared {person_id} with {email}.")


@main.command()
@click.option("--database", "url", help=_DATABASE_HELP)
@click.option("--format", "output", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option("--person", "person_id", help="Only the entries about this person (by id).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only entries from this date (UTC) on.")
def audit(url: str | None, output: str, person_id: str | None, since: datetime | None) -> None:
    """The audit trail, oldest first: who signed in, viewed, created, changed, saved, exported,
    erased or imported which person (by id), and every refusal."""
    from ecomap.access import audit_frame
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            frame = audit_frame(
                store.audit_trail(person_id=person_id, since=since.replace(tzinfo=UTC) if since else None)
            )
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if output == "csv":
        click.echo(neutralise_frame(frame).to_csv(index=False), nl=False)
    elif frame.empty:
        click.echo("The audit trail has no entries" + (" matching that." if person_id or since else " yet."))
    else:
        click.echo(frame.to_string(index=False))


@main.command()
@click.option("--database", "url", help=_DATABASE_HELP)
@click.option(
    "--years", type=click.IntRange(min=1), required=True, help="Keep maps this many years after the last."
)
@click.option("--erase", is_flag=True, help="Erase everyone listed (recorded in the audit trail).")
def retention(url: str | None, years: int, erase: bool) -> None:
    """People with no snapshot saved in the last YEARS years, by id, oldest first; with --erase,
    erase every one of them completely."""
    from ecomap.access import retention_due
    from ecomap.store import Store, StoreError

    try:
        with Store(url) as store:
            due = retention_due(store, years)
            for person in due:
                click.echo(f"{person.person_id}\tlast saved {person.latest_saved_at:%Y-%m-%d}")
                if erase:
                    removed = store.erase_person(person.person_id)
                    store.forget_access(person.person_id)
                    store.record(_COMMAND_LINE, "erase", person.person_id, f"retention: {removed} records")
    except StoreError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    verb = "Erased" if erase else "Due for erasure:"
    click.echo(f"{verb} {len(due)} people with no snapshot in the last {years} years.")


@main.command("app", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("streamlit_options", nargs=-1, type=click.UNPROCESSED)
def app_command(streamlit_options: tuple[str, ...]) -> None:
    """Serve the app (``streamlit run app.py``, from the project folder), with Streamlit's
    address lookups answered locally from the first moment, so that no request to the internet
    is ever made. Options such as ``--server.port 8502`` are passed on to Streamlit."""
    app = Path("app.py")
    if not app.is_file():
        click.echo("Run `ecomap app` from the ecomap folder (the one holding app.py).", err=True)
        sys.exit(1)
    from streamlit.web import cli as streamlit_cli

    from ecomap.ui.offline import stay_offline

    stay_offline()
    sys.argv = ["streamlit", "run", str(app), *streamlit_options]
    streamlit_cli.main()
