"""Running the planner's scenarios: replications on common random numbers, streamed.

The run sets are the baseline, the baseline under changed assumptions (when any is changed)
and the scenario with the changes; equal scenarios share one run set. The scenario's first
replication runs a year at a time, so its numbers show after the first simulated year; then
whole replications follow one after another, scenario before baseline.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import ekosim
from apps import planner_data as data
from apps.planner.state import PlannerState
from apps.texts import text
from ekosim.experiments import replication_seeds
from ekosim.scenario import ScenarioError

Job = Callable[[], None]
Plan = tuple[data.RunSet, data.RunSet | None, data.RunSet]


def plan(state: PlannerState) -> Plan | None:
    """The run sets of the state's settings; None (and the problems listed) when they do not
    make a valid scenario."""
    try:
        baseline = state.base_scenario()
        assumed = state.assumed_scenario()
        changed = state.changed_scenario()
    except ScenarioError as error:
        lead = text("scenario_invalid", state.language)
        state.problems = [lead, *data.plain_problems(error, text("line", state.language))]
        return None
    state.problems = []
    label = baseline.name
    base_set = data.RunSet(f"{label} · {text('baseline', state.language)}", baseline)
    assumed_set = None
    if assumed != baseline:
        assumed_set = data.RunSet(f"{label} · {text('assumed', state.language)}", assumed)
    if changed == baseline:
        return base_set, None, base_set
    if assumed_set is not None and changed == assumed:
        return base_set, assumed_set, assumed_set
    return base_set, assumed_set, data.RunSet(state.change_label(), changed)


def _whole(runset: data.RunSet, seed: int, replication: int, years: int) -> Job:
    def job() -> None:
        runset.put(ekosim.run(runset.scenario, seed=seed, years=years, replication=replication))

    return job


def _yearly(runset: data.RunSet, seed: int, years: int) -> Iterator[Job]:
    """Replication 0 a year per job, each publishing the run so far."""
    model = ekosim.EcosystemModel(runset.scenario, rng=seed)

    def job() -> None:
        model.run_years(1)
        runset.put(ekosim.Results.from_model(model, seed=seed, replication=0))

    for _ in range(years):
        yield job


def jobs(state: PlannerState, planned: Plan) -> Iterator[Job]:
    """The runs, on common random numbers (every scenario gets the same seeds)."""
    baseline, assumed, changed = planned
    years = min(state.years, changed.scenario.horizon_years)
    seeds = replication_seeds(state.seed, state.replications)
    yield from _yearly(changed, seeds[0], years)
    for replication, seed in enumerate(seeds):
        for runset in dict.fromkeys(r for r in (changed, assumed, baseline) if r is not None):
            if (replication, runset) != (0, changed):
                yield _whole(runset, seed, replication, years)


def start(state: PlannerState) -> tuple[int, Iterator[Job], float] | None:
    planned = plan(state)
    if planned is None:
        return None
    state.run_token += 1
    state.baseline, state.assumed, state.changed = planned
    state.running, state.progress = True, 0
    state.message = ("running", {"done": 1, "total": state.replications})
    return state.run_token, jobs(state, planned), time.perf_counter()


def after_job(state: PlannerState) -> None:
    done = min(runset.replications for runset in state.runsets())
    state.progress = round(100 * max(done, 0.5) / state.replications)
    state.results_version += 1
    if done < state.replications:
        state.message = ("running", {"done": done + 1, "total": state.replications})


def finish(state: PlannerState, started: float) -> None:
    state.running, state.progress = False, 100
    state.results_version += 1
    seconds = time.perf_counter() - started
    state.message = ("finished", {"total": state.replications, "seconds": seconds})


def run_now(state: PlannerState) -> None:
    """Run every replication here and now (tests and scripts)."""
    started = start(state)
    if started is None:
        return
    _, work, began = started
    for job in work:
        job()
        after_job(state)
    finish(state, began)


async def run_streaming(state: PlannerState) -> None:
    """Run in a worker thread, publishing after every run so bands narrow as they come.

    A newer run supersedes this one: it stops at its next job.
    """
    started = start(state)
    if started is None:
        return
    token, work, began = started
    loop = asyncio.get_running_loop()
    for job in work:
        await loop.run_in_executor(None, job)
        if token != state.run_token:
            return
        after_job(state)
    finish(state, began)
