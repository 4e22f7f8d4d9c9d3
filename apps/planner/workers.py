"""The planner's worker processes: whole replications run beside the server's own work.

A model run holds the interpreter's lock nearly all the time, so the server's threads cannot
run two at once; on two cores the first complete result (the scenario's first replication
and the baseline's) took twice one run. The server keeps the scenario's first replication,
streamed a year at a time, in its own process; whole replications go to this pool, one per
server process and shared by its sessions (``EKOSIM_PLANNER_WORKERS`` processes; default
two, or one on a one-core machine; ``1`` runs everything in the server's process).

Every replication is seeded as before, so a result is the same in whichever process it ran.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import ekosim

WORKERS_VARIABLE = "EKOSIM_PLANNER_WORKERS"
DEFAULT_WORKERS = 2
# Imported once by the fork server, so each worker starts with the model loaded.
PRELOAD = ["ekosim.model", "ekosim.results"]

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def count() -> int:
    """Processes running the planner's replications at once (the server's own included)."""
    value = os.environ.get(WORKERS_VARIABLE)
    if value is None:
        return min(DEFAULT_WORKERS, os.cpu_count() or 1)
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if workers < 1:
        raise ValueError(f"{WORKERS_VARIABLE}={value!r}: give a whole number of processes, 1 up")
    return workers


def pool() -> ProcessPoolExecutor | None:
    """The server's pool, started on first use; None when one process runs everything."""
    global _pool
    workers = count()
    if workers < 2:
        return None
    with _lock:
        if _pool is None:
            # forkserver: forking a server that already runs threads can deadlock
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        return _pool


def replicate(
    scenario: ekosim.Scenario, seed: int, replication: int, years: int
) -> Future[ekosim.Results]:
    """One whole replication in the pool (a future of its results)."""
    processes = pool()
    if processes is None:
        raise RuntimeError(f"no worker processes ({WORKERS_VARIABLE}=1)")
    try:
        return processes.submit(
            ekosim.run, scenario, seed=seed, years=years, replication=replication
        )
    except BrokenProcessPool:  # a worker was killed (out of memory): start a new pool
        forget(processes)
        return replicate(scenario, seed, replication, years)


def forget(broken: ProcessPoolExecutor) -> None:
    """Drop a broken pool, so the next replication starts a new one."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def warm() -> None:
    """Start the workers now (the server's start), not at the first Run."""
    processes = pool()
    if processes is not None:
        for future in [processes.submit(int, 0) for _ in range(count())]:
            future.result()


def shutdown() -> None:
    """Stop the workers (a test's served app, the end of a script)."""
    global _pool
    with _lock:
        processes, _pool = _pool, None
    if processes is not None:
        processes.shutdown(wait=True, cancel_futures=True)
