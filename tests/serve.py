"""Start the app with ``streamlit run`` on a free local port, for tests and benchmarks that need a
real server (a browser, or more than one app process)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(
    env: dict[str, str],
    *,
    cwd: Path = ROOT,
    port: int | None = None,
    command: list[str] | None = None,
) -> Iterator[str]:
    """The app served from ``cwd`` (whose ``.streamlit/`` holds its config and secrets) with the
    extra environment ``env``; yields its base URL and stops it afterwards. ``command`` replaces
    ``streamlit run app.py`` (it is given the port as its last argument). Raises ``RuntimeError``
    with the server's last output when it does not start within a minute."""
    port = port or free_port()
    argv = (
        [*command, str(port)]
        if command
        else [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    )
    server = subprocess.Popen(
        argv,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise RuntimeError(f"the app did not start: {server.stderr.read()[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
