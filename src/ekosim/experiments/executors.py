"""Where runs execute: in this process, in a local process pool, or on a Dask cluster.

All executors yield ``(index, result)`` as runs finish, in whatever order they finish; the
caller files results by index, so the order never changes what is computed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from typing import Any, Literal

from ekosim.experiments.store import ExperimentError

ExecutorName = Literal["serial", "processes", "dask"]
LOCALHOST = "127.0.0.1"  # a local cluster serves and binds only here
# A local cluster's workers are configured for the model's many short NumPy calls:
# - Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536, so glibc hands freed memory
#   back to the system at once; the model allocates and frees many arrays a day, and its runs
#   took ~1.5x as long in such workers (30 Tesoma runs on 2 workers: 31.7 s against 20.3 s).
#   None unsets the variable: the workers keep glibc's own (adaptive) threshold. A nanny also
#   writes the variable into its parent's os.environ for good, so after any default Dask
#   cluster in this process ours would inherit it: it is held out while our cluster lives.
# - Dask's statistical profiler samples every worker thread's stack every 10 ms, holding the
#   GIL: a one-year Tesoma run took 0.83 s in a worker with it and 0.63 s without (as in a
#   plain process). Clusters of your own: set distributed.worker.profile.enabled to false.
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


def choose_executor(
    executor: ExecutorName | None, *, workers: int, scheduler: str | None, client: Any
) -> ExecutorName:
    """The executor to use: Dask for a client, a scheduler address or several workers."""
    if executor is not None:
        return executor
    if client is not None or scheduler or workers > 1:
        return "dask"
    return "serial"


def execute[Task, Result](
    function: Callable[[Task], Result],
    tasks: Sequence[Task],
    *,
    executor: ExecutorName = "serial",
    workers: int = 1,
    scheduler: str | None = None,
    client: Any = None,
) -> Iterator[tuple[int, Result]]:
    """Run ``function`` on every task; yield ``(position in tasks, result)`` as each finishes."""
    if not tasks:
        return
    if executor == "serial":
        yield from ((i, function(task)) for i, task in enumerate(tasks))
    elif executor == "processes":
        yield from _processes(function, tasks, workers)
    elif executor == "dask":
        yield from _dask(function, tasks, workers, scheduler, client)
    else:
        raise ValueError(f"unknown executor {executor!r}: serial, processes or dask")


def _processes[Task, Result](
    function: Callable[[Task], Result], tasks: Sequence[Task], workers: int
) -> Iterator[tuple[int, Result]]:
    # forkserver: forking a process that already runs threads (tqdm, BLAS) can deadlock
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(function, task): i for i, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()


def _dask[Task, Result](
    function: Callable[[Task], Result],
    tasks: Sequence[Task],
    workers: int,
    scheduler: str | None,
    client: Any,
) -> Iterator[tuple[int, Result]]:
    import dask
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    with ExitStack() as stack:
        if client is None:
            if scheduler:
                client = stack.enter_context(_connect(Client, scheduler))
            else:
                stack.enter_context(dask.config.set(LOCAL_CLUSTER_CONFIG))
                stack.enter_context(_environment_without("MALLOC_TRIM_THRESHOLD_"))
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=max(1, workers),
                        threads_per_worker=1,  # the model is pure Python + NumPy: one per core
                        processes=True,
                        host=LOCALHOST,
                        dashboard_address=f"{LOCALHOST}:0",  # HTTP server starts anyway
                    )
                )
                client = stack.enter_context(Client(cluster))
        futures = client.map(function, list(tasks), pure=False)
        positions = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in dask_completed(futures):
                yield positions[future.key], future.result()
        finally:
            client.cancel(futures)


def _connect(client_class: Any, scheduler: str) -> Any:
    try:
        return client_class(scheduler, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise ExperimentError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


@contextmanager
def _environment_without(name: str) -> Iterator[None]:
    """``name`` unset in this process's environment (which spawned workers inherit) while the
    block runs, and as it was afterwards."""
    held = os.environ.pop(name, None)
    try:
        yield
    finally:
        if held is not None:
            os.environ[name] = held
