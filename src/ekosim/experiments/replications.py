"""Replications of one scenario, and scenarios compared on common random numbers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ekosim.arguments import check, execution_arguments
from ekosim.experiments.engine import (
    Execution,
    ExperimentResults,
    RunTask,
    assemble,
    check_warmup,
    execute_plan,
    with_differences,
)
from ekosim.experiments.executors import ExecutorName
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.store import ExperimentError
from ekosim.scenario import Scenario, load_scenario

ScenarioLike = Scenario | str | Path | dict[str, Any]


def replicate(
    scenario: ScenarioLike,
    *,
    replications: int = 5,
    seed: int = 0,
    years: int | None = None,
    warmup_days: int = 0,
    workers: int = 1,
    executor: ExecutorName | None = None,
    scheduler: str | None = None,
    client: Any = None,
    out: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> ExperimentResults:
    """Run one scenario ``replications`` times on independent streams from root ``seed``.

    ``warmup_days``: KPI windows that overlap the first days are discarded (runs start from
    empty queues). Execution arguments are those of :class:`Execution`.
    """
    check("replicate", scenario=scenario, **execution_arguments(locals()))
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    return _replicated(
        [scenario], replications, seed, years, warmup_days, execution, kind="replicate"
    )


def compare(
    scenarios: Sequence[ScenarioLike],
    *,
    replications: int = 5,
    seed: int = 0,
    years: int | None = None,
    warmup_days: int = 0,
    workers: int = 1,
    executor: ExecutorName | None = None,
    scheduler: str | None = None,
    client: Any = None,
    out: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> ExperimentResults:
    """Compare scenarios on common random numbers: replication ``i`` of every scenario has
    the same seed, so the paired differences from the first scenario (``.differences``,
    with 95 % CIs) are sharp."""
    check("compare", scenarios=scenarios, **execution_arguments(locals()))
    if len(scenarios) < 2:
        raise ExperimentError("compare needs at least two scenarios")
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    results = _replicated(scenarios, replications, seed, years, warmup_days, execution, "compare")
    return with_differences(results, baseline=str(results.runs["scenario"].iloc[0]))


def _replicated(
    sources: Sequence[ScenarioLike],
    replications: int,
    seed: int,
    years: int | None,
    warmup_days: int,
    execution: Execution,
    kind: str,
) -> ExperimentResults:
    if replications < 1:
        raise ExperimentError(f"replications must be at least 1, got {replications}")
    scenarios = [load_scenario(source) for source in sources]
    names = [scenario.name for scenario in scenarios]
    if len(set(names)) != len(names):
        raise ExperimentError(f"the scenarios compared must have different names, got {names}")
    for scenario in scenarios:
        check_warmup(scenario, years, warmup_days)
    seeds = replication_seeds(seed, replications)
    tasks = [
        RunTask(scenario, seeds[i], i, years) for scenario in scenarios for i in range(replications)
    ]
    frames = execute_plan(tasks, kind, execution)
    return assemble(tasks, frames, warmup_days=warmup_days, by=["scenario"])
