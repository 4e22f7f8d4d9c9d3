"""Executors: where runs execute, and how a local Dask cluster's workers are set up."""

from __future__ import annotations

import os
from typing import Any

import pytest

from ekosim.experiments.executors import execute


def test_every_executor_yields_each_task_once_by_its_position() -> None:
    tasks = [3, 1, 4, 1, 5]
    for executor in ("serial", "processes"):
        results = dict(execute(abs, tasks, executor=executor, workers=2))
        assert results == dict(enumerate(tasks))


def test_local_dask_workers_run_without_the_profiler_and_with_glibcs_own_trim_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Both made every run slower in a worker than in a plain process (see executors.py). A
    # default Dask cluster started earlier in this process leaves Dask's 65536 in os.environ
    # (its nanny writes it there), which workers would inherit: ours must not.
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")

    def setup(_: int) -> tuple[Any, Any]:
        import os

        import dask

        profiling = dask.config.get("distributed.worker.profile.enabled")
        return profiling, os.environ.get("MALLOC_TRIM_THRESHOLD_")

    results = dict(execute(setup, [0, 1], executor="dask", workers=2))
    assert results == {0: (False, None), 1: (False, None)}
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # as it was, after the cluster
