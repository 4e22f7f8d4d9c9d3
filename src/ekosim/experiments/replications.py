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
    python_call,
    with_differences,
)
from ekosim.experiments.executors import ExecutorName
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.store import ExperimentError
from ekosim.provenance import provenance
from ekosim.scenario import Scenario, load_scenario, scaled

ScenarioLike = Scenario | str | Path | dict[str, Any]


def replicate(
    scenario: ScenarioLike,
    *,
    replications: int = 5,
    seed: int = 0,
    years: int | None = None,
    population: int | None = None,
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

    ``population``: a copy of the area with that many residents (``ekosim.scenario.scaled``,
    as the CLI's ``--population``). ``warmup_days``: KPI windows that overlap the first days
    are discarded (runs start from empty queues). Execution arguments are those of
    :class:`Execution`.
    """
    check("replicate", scenario=scenario, **execution_arguments(locals()))
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    scenarios = _loaded([scenario], population)
    call = python_call(
        "ekosim.experiments.replicate",
        _shown(scenario),
        replications=replications,
        seed=seed,
        years=years,
        population=population,
        warmup_days=warmup_days,
    )
    return _replicated(
        scenarios, replications, seed, years, warmup_days, execution, "replicate", call
    )


def compare(
    scenarios: Sequence[ScenarioLike],
    *,
    replications: int = 5,
    seed: int = 0,
    years: int | None = None,
    population: int | None = None,
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
    with 95 % CIs) are sharp. Variants of one scenario that share its name are told apart by
    what differs (``distinct_names``); ``population`` as in :func:`replicate`."""
    check("compare", scenarios=scenarios, **execution_arguments(locals()))
    if len(scenarios) < 2:
        raise ExperimentError("compare needs at least two scenarios")
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    loaded = distinct_names(_loaded(scenarios, population))
    call = python_call(
        "ekosim.experiments.compare",
        [_shown(scenario) for scenario in scenarios],
        replications=replications,
        seed=seed,
        years=years,
        population=population,
        warmup_days=warmup_days,
    )
    results = _replicated(
        loaded, replications, seed, years, warmup_days, execution, "compare", call
    )
    return with_differences(results, baseline=str(results.runs["scenario"].iloc[0]))


def _loaded(sources: Sequence[ScenarioLike], population: int | None) -> list[Scenario]:
    if population is not None and population < 1:
        raise ExperimentError(f"population must be at least 1 resident, got {population}")
    scenarios = [load_scenario(source) for source in sources]
    return [s if population is None else scaled(s, population) for s in scenarios]


NAMED_DIFFERENCES = 3  # a variant's name lists at most this many of its differing fields


def distinct_names(scenarios: Sequence[Scenario]) -> list[Scenario]:
    """The scenarios, those that share a name renamed by the fields where they differ from
    the others of that name, e.g. ``tesoma-alliance [contract.gain_share=0.3]`` (at most
    ``NAMED_DIFFERENCES`` fields, then ``+N``). Identical scenarios are refused."""
    named = list(scenarios)
    groups: dict[str, list[int]] = {}
    for index, scenario in enumerate(scenarios):
        groups.setdefault(scenario.name, []).append(index)
    for name, members in groups.items():
        if len(members) < 2:
            continue
        flat = [_flat(scenarios[i].model_dump(mode="json")) for i in members]
        paths = sorted({path for values in flat for path in values})
        differing = [p for p in paths if len({repr(v.get(p)) for v in flat}) > 1]
        labels = []
        for values in flat:
            shown = [f"{p}={values.get(p)}" for p in differing[:NAMED_DIFFERENCES]]
            if len(differing) > NAMED_DIFFERENCES:
                shown.append(f"+{len(differing) - NAMED_DIFFERENCES}")
            labels.append(f"{name} [{', '.join(shown)}]")
        if len(set(labels)) < len(labels):
            raise ExperimentError(
                f"the scenarios compared must have different names or differ in a field; "
                f"{name} is given twice as the same scenario"
            )
        for index, label in zip(members, labels, strict=True):
            named[index] = scenarios[index].model_copy(update={"name": label})
    return named


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested dict as dotted path -> value."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        flat |= _flat(value, f"{path}.") if isinstance(value, dict) and value else {path: value}
    return flat


def _shown(source: ScenarioLike) -> str:
    """A scenario as the recorded call names it (its hash is in the record too)."""
    return source.name if isinstance(source, Scenario) else str(source)


def _replicated(
    sources: Sequence[Scenario],
    replications: int,
    seed: int,
    years: int | None,
    warmup_days: int,
    execution: Execution,
    kind: str,
    call: str,
) -> ExperimentResults:
    if replications < 1:
        raise ExperimentError(f"replications must be at least 1, got {replications}")
    scenarios = list(sources)
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
    record = provenance(call=call, seed=seed, scenarios=scenarios)
    return assemble(tasks, frames, warmup_days=warmup_days, by=["scenario"], record=record)
