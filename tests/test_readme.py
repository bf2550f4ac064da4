"""The README's Python example runs as written, and its two commands are the ones CI uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs(tmp_path, monkeypatch):
    (tmp_path / "sample_networks").symlink_to(ROOT / "sample_networks")
    monkeypatch.chdir(tmp_path)
    (block,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "edith.zip").exists()


def test_ci_runs_exactly_the_readme_test_command():
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert len(commands) == 2, "the README gives one command to run the app and one to test"
    run_app, run_tests = commands
    assert "streamlit run app.py" in run_app
    assert run_tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
