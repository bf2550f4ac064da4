"""Run every hostile file through ``ecomap validate``, ``ecomap directory validate`` and the app's
upload code, in this process, under a memory cap and a time limit per run; print one JSON line of
outcomes. Used by ``test_hostile_files.py`` in a subprocess, so a crash or a blown limit shows up
as an outcome rather than taking the test run down.

    python tests/hostile_runner.py FOLDER MEMORY_BYTES SECONDS
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import traceback
from pathlib import Path


class TimeLimit(BaseException):
    pass


def _alarm(signum, frame):
    raise TimeLimit()


def main() -> None:
    folder, memory, seconds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    # Import everything first, so that the cap measures the reading and not the imports.
    from click.testing import CliRunner

    from ecomap.cli import main as ecomap
    from ecomap.directory import DirectoryInvalid
    from ecomap.formats import read_upload as read_map_upload
    from ecomap.importers import import_upload
    from ecomap.model import MapInvalid
    from ecomap.ui.directory_page import read_upload as read_directory_upload
    from ecomap.ui.isolated import read_isolated

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, _alarm)
    runner = CliRunner()

    def cli(*args: str) -> dict:
        result = runner.invoke(ecomap, list(args), catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        status = "accepted" if result.exit_code == 0 else "refused"
        return {"status": status, "messages": (result.stderr or "").splitlines()}

    def map_upload(path: Path) -> dict:
        # As the Map page does: a file of another tool first, else an ecomap map.
        try:
            imported = read_isolated(import_upload, path.name, path.read_bytes(), seconds=seconds)
        except MapInvalid as error:
            return {"status": "refused", "messages": [str(p) for p in error.problems]}
        if imported is None:
            return upload(read_map_upload, path, MapInvalid)
        if not imported.maps:
            return {"status": "refused", "messages": [str(p) for p in imported.problems]}
        if imported.problems:
            return {"status": "partly accepted", "messages": [str(p) for p in imported.problems]}
        return {"status": "accepted", "messages": []}

    def upload(read, path: Path, invalid) -> dict:
        # As the app does: read in a worker process, within its memory and time limits.
        try:
            found = read_isolated(read, path.name, path.read_bytes(), invalid=invalid, seconds=seconds)
        except MapInvalid as error:
            return {"status": "refused", "messages": [str(p) for p in error.problems]}
        # A directory is read leniently: bad records are left out, and each is told.
        left_out = getattr(found, "problems", [])
        if left_out:
            return {"status": "partly accepted", "messages": [str(p) for p in left_out]}
        return {"status": "accepted", "messages": []}

    runs = {
        "validate": lambda p: cli("validate", str(p)),
        "directory validate": lambda p: cli("directory", "validate", str(p)),
        "map upload": map_upload,
        "directory upload": lambda p: upload(read_directory_upload, p, DirectoryInvalid),
    }
    outcomes = {}
    for path in sorted(folder.iterdir()):
        for run, go in runs.items():
            if run.endswith("upload") and path.suffix not in (".json", ".zip", ".graphml"):
                continue  # the app's uploaders take only these
            if run == "directory upload" and path.suffix == ".graphml":
                continue
            signal.alarm(seconds + 10)  # the uploads' own limit is `seconds`
            try:
                outcome = go(path)
            except TimeLimit:
                outcome = {"status": "hung", "messages": [f"still running after {seconds} s"]}
            except BaseException as error:  # noqa: BLE001 (a crash is the finding)
                outcome = {"status": "crashed", "messages": traceback.format_exception(error)[-3:]}
            finally:
                signal.alarm(0)
            outcomes[f"{path.name} | {run}"] = outcome
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main()
