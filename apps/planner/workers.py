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
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import ekosim

WORKERS_VARIABLE = "EKOSIM_PLANNER_WORKERS"
DEFAULT_WORKERS = 2
# Imported once by the fork server, so each worker starts with the model loaded.
PRELOAD = ["ekosim.model", "ekosim.results"]
WATCH_SECONDS = 1.0  # how often a worker looks whether the server still runs

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def count() -> int:
    """Replications running at once, the server's streamed first one among them (the pool
    has this many processes: all busy once the stream is done)."""
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
            _pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_leave_with,
                initargs=(os.getpid(),),
            )
        return _pool


def _leave_with(server: int) -> None:
    """In each worker: exit once the server is gone (killed, it could not stop its pool)."""

    def watch() -> None:
        while _running(server):
            time.sleep(WATCH_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="ekosim-server-watch", daemon=True).start()


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (on Linux, a dead one not yet reaped is not running)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: whether the process exists at all
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


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


def shutdown(wait: bool = True) -> None:
    """Stop the workers (the server's end, a test, the end of a script); queued replications
    are dropped, running ones finish first (``wait``) or are left to end by themselves."""
    global _pool
    with _lock:
        processes, _pool = _pool, None
    if processes is not None:
        processes.shutdown(wait=wait, cancel_futures=True)
