"""Running the planner's scenarios: replications on common random numbers, streamed.

The run sets are the baseline, the baseline under changed assumptions (when any is changed)
and the scenario with the changes; equal scenarios share one run set. The scenario's first
replication runs a year at a time in the server's process, so its numbers show after the first
simulated year; whole replications, scenario before baseline, run meanwhile in the worker
processes (``workers``; ``EKOSIM_PLANNER_WORKERS`` at once, the streamed one among them).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import ekosim
from apps import planner_data as data
from apps.planner import levers, workers
from apps.planner.levers import LABELS
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
        state.report_error(error, "scenario_invalid")
        return None
    if state.problems[:1] == [text("scenario_invalid", state.language)]:
        state.problems = []  # the settings' own problems are gone; a link's (an upload gone) stay
    label = state.scenario_name()
    base_set = data.RunSet(f"{label} · {text('baseline', state.language)}", baseline)
    assumed_set = None
    if assumed != baseline:
        assumed_set = data.RunSet(f"{label} · {text('assumed', state.language)}", assumed)
    if changed == baseline:
        return base_set, None, base_set
    if assumed_set is not None and changed == assumed:
        return base_set, assumed_set, assumed_set
    return base_set, assumed_set, data.RunSet(state.change_label(), changed)


@dataclass(frozen=True)
class Replication:
    """One whole replication of a run set, on its seed."""

    runset: data.RunSet
    seed: int
    number: int  # from 0
    years: int

    def here(self) -> None:
        """Run it in this process and put its results (tests, scripts)."""
        self.runset.put(self._run())

    async def results(self) -> ekosim.Results:
        """Its results, run in the worker processes (in a thread of this one without them).
        A worker killed meanwhile (out of memory) is replaced and the replication run again:
        on its seed it gives the same results."""
        processes = workers.pool()
        if processes is None:
            return await asyncio.get_running_loop().run_in_executor(None, self._run)
        try:
            return await asyncio.wrap_future(self._submit())
        except BrokenProcessPool:
            workers.forget(processes)
            return await asyncio.wrap_future(self._submit())

    def _submit(self) -> concurrent.futures.Future[ekosim.Results]:
        return workers.replicate(self.runset.scenario, self.seed, self.number, self.years)

    def _run(self) -> ekosim.Results:
        scenario, seed, number = self.runset.scenario, self.seed, self.number
        return ekosim.run(scenario, seed=seed, years=self.years, replication=number)


def _yearly(runset: data.RunSet, seed: int, years: int) -> Iterator[Job]:
    """Replication 0 a year per job, each publishing the run so far."""
    model = ekosim.EcosystemModel(runset.scenario, rng=seed)

    def job() -> None:
        model.run_years(1)
        runset.put(ekosim.Results.from_model(model, seed=seed, replication=0))

    for _ in range(years):
        yield job


@dataclass(frozen=True)
class Step:
    """One job of a run: a year of the first replication (``year`` set) or a whole one."""

    job: Job  # here, in this process
    runset: data.RunSet
    replication: int  # from 0
    year: int | None = None  # from 1; None for a whole replication
    whole: Replication | None = None  # a whole replication's (it can run beside)

    def completes(self, years: int) -> bool:
        return self.year is None or self.year == years


def steps(state: PlannerState, planned: Plan) -> Iterator[Step]:
    """The runs, on common random numbers (every scenario gets the same seeds), in the order
    they start: the first replication's years, then the whole replications (``run_now`` runs
    them one after another, ``run_streaming`` the whole ones beside the first)."""
    baseline, assumed, changed = planned
    years = run_years(state, planned)
    seeds = replication_seeds(state.seed, state.replications)
    for year, job in enumerate(_yearly(changed, seeds[0], years), start=1):
        yield Step(job, changed, 0, year)
    for replication, seed in enumerate(seeds):
        for runset in dict.fromkeys(r for r in (changed, assumed, baseline) if r is not None):
            if (replication, runset) != (0, changed):
                whole = Replication(runset, seed, replication, years)
                yield Step(whole.here, runset, replication, whole=whole)


def run_years(state: PlannerState, planned: Plan) -> int:
    return min(state.years, planned[2].scenario.horizon_years)


class Run:
    """A run of the state's settings: its steps, and what it tells the state as they go."""

    def __init__(self, state: PlannerState, planned: Plan) -> None:
        self.state = state
        state.run_token += 1
        self.token = state.run_token
        state.baseline, state.assumed, state.changed = planned
        self.runsets = state.runsets()
        self.years = run_years(state, planned)
        self.total = state.replications
        self.finished: dict[data.RunSet, int] = dict.fromkeys(self.runsets, 0)
        self.steps = steps(state, planned)
        self.began = time.perf_counter()
        state.ran_with = state.settings_key()
        state.ran_entry = state.link_entry()
        state.ran = True  # in the link: opening it runs these settings again
        state.param.update(
            running=True, progress=0, shown_year=0, complete=0, run_years=self.years,
            run_total=self.total,
        )  # fmt: skip

    def superseded(self) -> bool:
        return self.token != self.state.run_token

    def before(self, step: Step) -> None:
        values = {"replication": step.replication + 1, "total": self.total}
        if step.year is not None:
            self.state.message = (
                "running_year",
                {**values, "year": step.year, "years": self.years},
            )
        else:
            self.state.message = ("running", values)

    def after(self, step: Step) -> None:
        state = self.state
        if step.completes(self.years):
            self.finished[step.runset] += 1
        complete = min(self.finished.values())
        shown_year = step.year if step.year is not None else self.years
        state.param.update(
            shown_year=max(state.shown_year, shown_year),
            complete=complete,
            progress=round(100 * max(complete, 0.5) / self.total),
            results_version=state.results_version + 1,
        )

    def finish(self) -> None:
        seconds = time.perf_counter() - self.began
        key = "finished" if self.total > 1 else "finished_one"
        self.state.param.update(
            running=False,
            progress=100,
            results_version=self.state.results_version + 1,
            message=(key, {"total": self.total, "seconds": seconds}),
        )


def start(state: PlannerState) -> Run | None:
    planned = plan(state)
    return None if planned is None else Run(state, planned)


def run_now(state: PlannerState, after_step: Callable[[], None] = lambda: None) -> None:
    """Run every replication here and now (tests and scripts); ``after_step`` is called once
    each step's results are in the state (a benchmark times the first complete result so)."""
    run = start(state)
    if run is None:
        return
    for step in run.steps:
        run.before(step)
        step.job()
        run.after(step)
        after_step()
    run.finish()


async def run_streaming(state: PlannerState, after_step: Callable[[], None] = lambda: None) -> None:
    """Run beside the server's event loop, publishing after every step so bands narrow as
    they come: the first replication a year at a time in a thread of this process, the whole
    ones meanwhile in the worker processes (without them, in the thread after it, one after
    another). The whole ones are published only once the first has streamed its last year,
    so the page never shows a baseline's later years beside the scenario's first ones, and
    only this event loop's thread writes the run sets then. ``after_step`` as in ``run_now``.

    A newer run supersedes this one: nothing more of it starts or is published. An error
    stops the whole run (the page says so; the error goes to the server's log).
    """
    run = start(state)
    if run is None:
        return
    loop = asyncio.get_running_loop()
    places = asyncio.Semaphore(workers.count())  # the streamed first replication holds one
    streamed = asyncio.Event()

    async def first(yearly: list[Step]) -> None:
        try:
            async with places:
                for step in yearly:
                    run.before(step)
                    await loop.run_in_executor(None, step.job)
                    if run.superseded():
                        return
                    run.after(step)
                    after_step()
        finally:
            streamed.set()

    async def whole(step: Step) -> None:
        assert step.whole is not None
        async with places:
            if run.superseded():
                return
            run.before(step)
            results = await step.whole.results()
        await streamed.wait()
        if not run.superseded():
            step.runset.put(results)
            run.after(step)
            after_step()

    planned = list(run.steps)
    try:
        async with asyncio.TaskGroup() as group:  # an error cancels the rest
            group.create_task(first([step for step in planned if step.year is not None]))
            for step in planned:
                if step.year is None:
                    group.create_task(whole(step))
    except Exception:  # an ExceptionGroup of the tasks' errors
        if not run.superseded():
            state.param.update(running=False, message=("run_failed", {}))
        raise
    if not run.superseded():
        run.finish()


async def _all_beside(
    replications: list[Replication],
    wanted: Callable[[], bool] = lambda: True,
    each: Callable[[], None] = lambda: None,
) -> None:
    """Run ``replications`` beside the server, as many at once as there are workers; while
    ``wanted()``, each one's results go into its run set and ``each()`` follows. An error
    cancels the rest."""
    places = asyncio.Semaphore(workers.count())

    async def one(replication: Replication) -> None:
        async with places:
            if not wanted():
                return
            results = await replication.results()
        if wanted():
            replication.runset.put(results)
            each()

    async with asyncio.TaskGroup() as group:
        for replication in replications:
            group.create_task(one(replication))


# ---- the lever sweep ------------------------------------------------------------------------


def sweep_plan(state: PlannerState) -> list[tuple[float, data.RunSet]] | None:
    """A run set per value of the swept lever (the other levers as they are); None (and the
    problems listed) when a value does not make a valid scenario."""
    values = levers.sweep_values(state.sweep_lever, state.sweep_points)
    name = LABELS(state.sweep_lever, state.language)
    planned = []
    try:
        for value in values:
            scenario = state.sweep_scenario(value)
            planned.append((float(value), data.RunSet(f"{name} = {value:g}", scenario)))
    except ScenarioError as error:
        state.report_error(error, "scenario_invalid")
        return None
    return planned


def sweep_jobs(
    state: PlannerState, planned: list[tuple[float, data.RunSet]]
) -> Iterator[Replication]:
    """Every point's replications on the same seeds (common random numbers across the
    sweep), point by point."""
    years = min(state.years, *(runset.scenario.horizon_years for _, runset in planned))
    seeds = replication_seeds(state.seed, state.replications)
    for _, runset in planned:
        for replication, seed in enumerate(seeds):
            yield Replication(runset, seed, replication, years)


def _start_sweep(state: PlannerState) -> tuple[int, list[Replication]] | None:
    planned = sweep_plan(state)
    if planned is None:
        return None
    state.sweep_token += 1
    state.sweep = planned
    state.swept_with = state.sweep_key()
    state.swept_lever = state.sweep_lever
    state.param.update(sweeping=True, message=("sweeping", {"points": len(planned)}))
    return state.sweep_token, list(sweep_jobs(state, planned))


def _sweep_done(state: PlannerState) -> None:
    state.param.update(
        sweeping=False,
        sweep_version=state.sweep_version + 1,
        message=("swept", {"points": len(state.sweep)}),
    )


def sweep_now(state: PlannerState) -> None:
    """Run the whole sweep here and now (tests and scripts)."""
    started = _start_sweep(state)
    if started is None:
        return
    for replication in started[1]:
        replication.here()
    _sweep_done(state)


async def sweep_streaming(state: PlannerState) -> None:
    """Run the sweep beside the server (in the worker processes, as many at once as there
    are), redrawing after every replication; a newer sweep supersedes this one."""
    started = _start_sweep(state)
    if started is None:
        return
    token, replications = started

    def wanted() -> bool:
        return token == state.sweep_token

    def redraw() -> None:
        state.sweep_version += 1

    try:
        await _all_beside(replications, wanted, redraw)
    except Exception:  # an ExceptionGroup of the tasks' errors
        if token == state.sweep_token:
            state.param.update(sweeping=False, message=("run_failed", {}))
        raise
    if token == state.sweep_token:
        _sweep_done(state)


# ---- a link's comparison ----------------------------------------------------------------------


def entry_runset(state: PlannerState, entry: dict[str, Any]) -> data.RunSet | None:
    """The run set of a link's comparison entry (its scenario with its levers), or None when
    its scenario is not to be had (an upload the server no longer keeps, invalid levers)."""
    from apps.planner.state import UPLOADS, bundled_scenario

    base = (
        UPLOADS.get(entry["upload"]) if "upload" in entry else bundled_scenario(entry["scenario"])
    )
    if base is None:
        return None
    values = {**levers.starts(base), **entry["levers"]}
    try:
        overrides = {
            **levers.overrides(base, values, assumptions=True),
            **levers.overrides(base, values, assumptions=False),
        }
        scenario = ekosim.load_scenario(base, overrides) if overrides else base
    except (ScenarioError, TypeError, ValueError):
        return None
    return data.RunSet(entry["name"], scenario)


def comparison_jobs(state: PlannerState) -> Iterator[tuple[data.RunSet, list[Replication]]]:
    """Each pending entry's run set and its replications (on its own years and seeds)."""
    for entry in state.pending_compare:
        runset = entry_runset(state, entry)
        if runset is None:
            continue
        # the entry's own run settings (a link written before they were kept: the page's)
        seed, replications = entry.get("seed", state.seed), entry.get("replications")
        seeds = replication_seeds(seed, replications or state.replications)
        years = min(entry.get("years", state.years), runset.scenario.horizon_years)
        yield runset, [Replication(runset, seed, r, years) for r, seed in enumerate(seeds)]


def _compared(state: PlannerState, runset: data.RunSet) -> None:
    state.compared.append(runset)
    state.results_version += 1


def restore_comparison_now(state: PlannerState) -> None:
    """Run a link's comparison here and now (tests and scripts)."""
    for runset, replications in list(comparison_jobs(state)):
        for replication in replications:
            replication.here()
        _compared(state, runset)
    state.pending_compare = []


async def restore_comparison(state: PlannerState) -> None:
    """Run a link's comparison beside the server, scenario by scenario (each one's
    replications in the worker processes at once)."""
    state.message = ("restoring_compare", {"n": len(state.pending_compare)})
    for runset, replications in list(comparison_jobs(state)):
        await _all_beside(replications)
        _compared(state, runset)
    state.pending_compare = []
    state.message = ("restored_compare", {"n": len(state.compared)})
