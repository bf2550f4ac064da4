"""Reading uploads in worker processes, so that one person's import cannot stall or exhaust the
server for everyone else.

Streamlit runs every session in a thread of one process: a large directory (100,000 rows take
about 15 s to check) would hold Python's interpreter lock and slow every other session's page, and
a file that needed more memory than the machine has would take the server down. Uploads are read
instead in a small pool of worker processes, each capped at :data:`WORKER_MEMORY` bytes and given
:data:`SECONDS` to finish; a worker that runs out of either becomes a problem naming the upload,
and the pool is started afresh.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import streamlit as st

from ecomap.model import MapInvalid, Problem

WORKER_MEMORY = 2 * 1024**3
SECONDS = 120
WORKERS = 2
T = TypeVar("T")


def _cap_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@st.cache_resource
def _pool() -> ProcessPoolExecutor:
    # "spawn": a fresh interpreter, not a copy of the server with its sessions and threads.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        WORKERS, mp_context=context, initializer=_cap_memory, initargs=(WORKER_MEMORY,)
    )


def _restart_pool(pool: ProcessPoolExecutor) -> None:
    """Stop every worker (one may still be busy with a bad file) and start afresh next time."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    _pool.clear()


def read_isolated(
    read: Callable[..., T],
    name: str,
    data: bytes,
    *,
    invalid: type[MapInvalid] = MapInvalid,
    seconds: float = SECONDS,
    **options: Any,
) -> T:
    """``read(name, data, **options)`` in a worker process; its :class:`MapInvalid` is raised here
    as it was raised there. Running out of time or memory is an ``invalid`` naming the upload.
    ``read`` must be a module-level function (the worker imports it)."""
    pool = _pool()
    try:
        return pool.submit(read, name, data, **options).result(timeout=seconds)
    except MapInvalid:
        raise
    except FutureTimeout:
        _restart_pool(pool)
        message = (
            f"took more than {seconds:g} seconds to read, so reading it was stopped; it may be too large"
        )
    except OSError as error:  # the upload could not be held on disk for reading (a full disk)
        message = f"could not be read ({error.strerror or error}); nothing has changed"
    except (MemoryError, BrokenProcessPool):
        _restart_pool(pool)
        message = (
            f"needs more than {WORKER_MEMORY // 1024**2:,} MiB of memory to read, so reading it was stopped"
        )
    raise invalid([Problem(name, None, None, None, message)])
