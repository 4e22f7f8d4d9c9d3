"""The planner's worker processes: the same results as one process, and a clear refusal of
a wrong setting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pandas as pd
import pytest

from apps import planner_data as data
from apps.planner import PlannerState, runner, workers
from tests.ui.conftest import ROOT, free_port

STREAM_PAUSE_SECONDS = 3.0  # longer than a warm worker's 3-year run (about 1.5 s)


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


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The replications handed to the worker processes (their numbers)."""
    handed: list[int] = []
    replicate = workers.replicate

    def counted(scenario: Any, seed: int, replication: int, years: int) -> Future[Any]:
        handed.append(replication)
        return replicate(scenario, seed, replication, years)

    monkeypatch.setattr(workers, "replicate", counted)
    return handed


def test_replications_in_worker_processes_equal_those_run_here(
    monkeypatch: pytest.MonkeyPatch, submitted: list[int]
) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "3")  # two whole ones beside the stream
    here = PlannerState(years=3, replications=3)
    here.capacity_pct = 60
    runner.run_now(here)
    beside = PlannerState(years=3, replications=3)
    beside.capacity_pct = 60
    seen: list[tuple[int, int]] = []  # (year shown, baseline replications) after each step

    def publish() -> None:
        assert beside.baseline is not None
        seen.append((beside.shown_year, beside.baseline.replications))
        if len(seen) < 3:  # a slow stream: the workers' first whole ones are done meanwhile
            time.sleep(STREAM_PAUSE_SECONDS)

    workers.warm()
    try:
        served(runner.run_streaming(beside, after_step=publish))
    finally:
        workers.shutdown()
    assert sorted(submitted) == [0, 1, 1, 2, 2]  # every whole replication went to the workers
    assert not beside.running and beside.complete == 3 and beside.problems == []
    # the scenario's first replication streams its years first; no whole one shows before it
    assert seen[:3] == [(1, 0), (2, 0), (3, 0)] and len(seen) == 3 + 5
    for ran_here, ran_beside in ((here.changed, beside.changed), (here.baseline, beside.baseline)):
        for name, frame in frames(ran_here).items():
            pd.testing.assert_frame_equal(frames(ran_beside)[name], frame, obj=name)


def test_one_worker_runs_everything_here(
    monkeypatch: pytest.MonkeyPatch, submitted: list[int]
) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "1")
    state = PlannerState(years=1, replications=2)
    served(runner.run_streaming(state))
    assert workers.pool() is None and submitted == [] and state.complete == 2


def test_a_failed_replication_stops_the_run_and_says_so(
    two_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(MemoryError("a worker ran out of memory"))
        return future

    monkeypatch.setattr(workers, "replicate", failing)
    state = PlannerState(years=1, replications=3)
    with pytest.raises(ExceptionGroup) as raised:
        served(runner.run_streaming(state))
    assert raised.group_contains(MemoryError)
    assert not state.running and state.message == ("run_failed", {})  # Run works again


def test_a_superseded_run_publishes_nothing_more(two_workers: None) -> None:
    state = PlannerState(years=2, replications=3)
    state.capacity_pct = 60  # a scenario beside the baseline
    versions: list[int] = []

    def supersede() -> None:
        versions.append(state.results_version)
        state.run_token += 1  # as a newer run does

    served(runner.run_streaming(state, after_step=supersede))
    assert len(versions) == 1  # only the step that ran before the newer run began
    assert state.changed is not None and state.changed.replications == 1
    assert state.baseline is not None and state.baseline.replications == 0


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
