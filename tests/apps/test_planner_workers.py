"""The planner's worker processes: the same results as one process, and a clear refusal of
a wrong setting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest

from apps import planner_data as data
from apps.planner import PlannerState, runner, workers
from tests.ui.conftest import ROOT, free_port


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "2")
    yield
    workers.shutdown()


def served(run: Coroutine[Any, Any, None]) -> None:
    """Await ``run`` on an event loop of its own, as the server's (a thread of its own: a
    browser test in this process may have left its loop running here)."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, run).result()


def frames(runset: data.RunSet | None) -> dict[str, pd.DataFrame]:
    assert runset is not None
    return {name: getattr(runset, name) for name in data.FRAMES}


def test_replications_in_worker_processes_equal_those_run_here(two_workers: None) -> None:
    here = PlannerState(years=1, replications=3)
    here.capacity_pct = 60
    runner.run_now(here)
    beside = PlannerState(years=1, replications=3)
    beside.capacity_pct = 60
    published: list[int] = []
    served(runner.run_streaming(beside, after_step=lambda: published.append(beside.complete)))
    assert workers.pool() is not None  # the whole replications did go to the workers
    assert not beside.running and beside.complete == 3 and beside.problems == []
    assert published[-1] == 3 and published == sorted(published)  # never fewer than before
    for ran_here, ran_beside in ((here.changed, beside.changed), (here.baseline, beside.baseline)):
        for name, frame in frames(ran_here).items():
            pd.testing.assert_frame_equal(frames(ran_beside)[name], frame, obj=name)


def test_one_worker_runs_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "1")
    state = PlannerState(years=1, replications=2)
    served(runner.run_streaming(state))
    assert workers.pool() is None and state.complete == 2


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_a_wrong_number_of_workers_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, value)
    with pytest.raises(ValueError, match=f"{workers.WORKERS_VARIABLE}=.*whole number"):
        workers.count()


def test_the_server_refuses_a_wrong_number_of_workers_before_it_starts() -> None:
    environment = {**os.environ, workers.WORKERS_VARIABLE: "many", "PYTHONMALLOC": "malloc"}
    done = subprocess.run(
        [sys.executable, "-m", "ekosim.cli", "serve", "planner", "--port", str(free_port())],
        capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"{workers.WORKERS_VARIABLE}='many'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_sweep_in_worker_processes_equals_one_run_here(two_workers: None) -> None:
    here, beside = (PlannerState(years=1, replications=2) for _ in range(2))
    for state in (here, beside):
        state.sweep_lever, state.sweep_points = "capacity_pct", 3
    runner.sweep_now(here)
    served(runner.sweep_streaming(beside))
    assert not beside.sweeping and len(beside.sweep) == len(here.sweep) == 3
    for (value, ran_here), (same, ran_beside) in zip(here.sweep, beside.sweep, strict=True):
        assert value == same and ran_beside.replications == 2
        for name, frame in frames(ran_here).items():
            pd.testing.assert_frame_equal(frames(ran_beside)[name], frame, obj=f"{value}: {name}")
