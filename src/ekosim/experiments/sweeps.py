"""Sweeps over design points, global sensitivity (SALib) and scenario discovery (PRIM)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from ekosim.arguments import check, execution_arguments
from ekosim.experiments.design import (
    Experiment,
    SensitivitySpec,
    design_points,
    load_experiment,
)
from ekosim.experiments.engine import (
    Execution,
    ExperimentResults,
    RunTask,
    assemble,
    check_warmup,
    execute_plan,
)
from ekosim.experiments.executors import ExecutorName
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.store import ExperimentError
from ekosim.provenance import provenance

ExperimentLike = Experiment | str | Path | dict[str, Any]


@dataclass(frozen=True)
class SweepResults:
    """A sweep: every run (``results``), the design, and PRIM's box if discovery was asked."""

    results: ExperimentResults
    points: pd.DataFrame
    discovery: pd.DataFrame | None = None
    discovery_stats: dict[str, float] | None = None

    def write(self, out: Path, *, call: str | None = None) -> list[Path]:
        extra = {"points": self.points}
        if self.discovery is not None:
            extra["discovery"] = self.discovery
        return _with_extra(self.results, extra).write(out, call=call)

    def write_plots(self, out: Path) -> list[Path]:
        """``sweep.png``/``.html``: each KPI's mean against each parameter."""
        from ekosim.experiments.plots import save_figure, sweep_figure

        summary = self.results.summary.merge(self.points, on="point")
        parameters = [c for c in self.points.columns if c != "point"]
        kpis = list(dict.fromkeys(summary["kpi"]))
        figure = sweep_figure(summary, parameters, kpis)
        return save_figure(figure, out, "sweep", "KPI means across the design", summary)


@dataclass(frozen=True)
class SensitivityResults:
    """Sensitivity indices per KPI and parameter, with 95 % bootstrap intervals."""

    method: str
    indices: pd.DataFrame
    results: ExperimentResults
    points: pd.DataFrame

    def write(self, out: Path, *, call: str | None = None) -> list[Path]:
        extra = {"points": self.points, "indices": self.indices}
        return _with_extra(self.results, extra).write(out, call=call)

    def write_plots(self, out: Path) -> list[Path]:
        """``sensitivity.png``/``.html``: total Sobol indices or Morris mu*, with 95 % CIs."""
        from ekosim.experiments.plots import bar_figure, save_figure

        value, error = ("ST", "ST_conf") if self.method == "sobol" else ("mu_star", "mu_star_conf")
        title = f"{self.method.capitalize()} sensitivity ({value}, 95% bootstrap CI)"
        figure = bar_figure(self.indices, value, error, title)
        return save_figure(figure, out, "sensitivity", title, self.indices)


def sweep(
    experiment: ExperimentLike,
    *,
    replications: int | None = None,
    seed: int | None = None,
    years: int | None = None,
    workers: int = 1,
    executor: ExecutorName | None = None,
    scheduler: str | None = None,
    client: Any = None,
    out: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> SweepResults:
    """Run the experiment's design (full factorial or Latin hypercube) with replications on
    common random numbers; with ``discovery:``, find PRIM's box of bad outcomes."""
    check("sweep", **execution_arguments(locals()))
    spec = _configured(load_experiment(experiment), replications, seed, years)
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    points = design_points(spec)
    results = run_points(spec, points, execution, kind="sweep")
    if spec.discovery is None:
        return SweepResults(results, points)
    box, stats = discover(results, points, spec)
    return SweepResults(results, points, box, stats)


def sensitivity(
    experiment: ExperimentLike,
    *,
    method: str | None = None,
    samples: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    years: int | None = None,
    workers: int = 1,
    executor: ExecutorName | None = None,
    scheduler: str | None = None,
    client: Any = None,
    out: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> SensitivityResults:
    """Global sensitivity of every KPI (mean over replications) to the ranged parameters:
    Sobol first-order and total indices, or Morris mu* and sigma, from SALib."""
    check("sensitivity", samples=samples, **execution_arguments(locals()))
    spec = _configured(load_experiment(experiment), replications, seed, years)
    changes = {k: v for k, v in {"method": method, "samples": samples}.items() if v is not None}
    if changes:
        settings = spec.sensitivity.model_dump() | changes
        try:
            spec = spec.model_copy(update={"sensitivity": SensitivitySpec(**settings)})
        except ValidationError as error:
            reason = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            raise ExperimentError(reason) from None
    execution = Execution(workers, executor, scheduler, client, out, overwrite, progress)
    problem = _salib_problem(spec)
    drawn = _salib_sample(spec, problem)
    parameters = spec.parameters
    points = pd.DataFrame(
        [
            [parameters[n].value(x) for n, x in zip(problem["names"], row, strict=True)]
            for row in drawn
        ],
        columns=problem["names"],
    )
    points.insert(0, "point", range(len(points)))
    results = run_points(spec, points, execution, kind=f"sensitivity-{spec.sensitivity.method}")
    indices = _salib_analyse(spec, problem, drawn, results)
    return SensitivityResults(spec.sensitivity.method, indices, results, points)


def run_points(
    spec: Experiment, points: pd.DataFrame, execution: Execution, *, kind: str
) -> ExperimentResults:
    """Every design point times every replication; replication i has the same seed at every
    point (common random numbers), so differences between points are the parameters' doing."""
    names = [c for c in points.columns if c != "point"]
    scenarios = [
        spec.scenario_at(dict(zip(names, row, strict=True)))
        for row in points[names].itertuples(index=False)
    ]
    check_warmup(scenarios[0], spec.years, spec.warmup_days)
    seeds = replication_seeds(spec.seed, spec.replications)
    tasks = [
        RunTask(scenario, seeds[i], i, spec.years, point)
        for point, scenario in enumerate(scenarios)
        for i in range(spec.replications)
    ]
    frames = execute_plan(tasks, kind, execution)
    # the experiment (with the replications, seed and years used) is in the record
    call = f"ekosim.experiments.{kind.split('-')[0]}(record['experiment'])"
    record = provenance(
        call=call,
        seed=spec.seed,
        scenarios=[spec.scenario_at({})],
        extra={"experiment": spec.model_dump(mode="json")},
    )
    return assemble(
        tasks,
        frames,
        warmup_days=spec.warmup_days,
        by=["scenario", "point"],
        parameters=points,
        record=record,
    )


def discover(
    results: ExperimentResults, points: pd.DataFrame, spec: Experiment
) -> tuple[pd.DataFrame, dict[str, float]]:
    """PRIM (EMA Workbench): the box of parameter ranges where the KPI's mean is bad.

    Returns the box (parameter, low, high, restricted) and its coverage (share of the bad
    points inside), density (share of points inside that are bad) and mass.
    """
    assert spec.discovery is not None
    rule = spec.discovery
    means = results.summary[results.summary["kpi"] == rule.kpi].set_index("point")["mean"]
    x = points.set_index("point").loc[means.index].reset_index(drop=True)
    values = means.to_numpy(dtype=float)
    bad = values > rule.threshold if rule.bad == "above" else values < rule.threshold
    stats = {"points": float(len(bad)), "bad_points": float(bad.sum())}
    if bad.all() or not bad.any():
        empty = pd.DataFrame(columns=["parameter", "low", "high", "restricted"])
        return empty, stats
    box = _prim_box(x, bad)
    limits = box.box_lim
    frame = pd.DataFrame(
        {
            "parameter": list(x.columns),
            "low": [limits[c].iloc[0] for c in x.columns],
            "high": [limits[c].iloc[1] for c in x.columns],
        }
    )
    frame["restricted"] = [
        bool(limits[c].iloc[0] > x[c].min() or limits[c].iloc[1] < x[c].max()) for c in x.columns
    ]
    stats |= {
        "coverage": float(box.coverage),
        "density": float(box.density),
        "mass": float(box.mass),
    }
    return frame, stats


def _prim_box(x: pd.DataFrame, bad: np.ndarray) -> Any:
    # ema_workbench 3.0 warns on import about optional extras (ipyparallel, altair) and calls
    # DataFrame.drop(inplace=True), deprecated in pandas 3.1: its warnings, not ekosim's.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        return prim.Prim(x.astype(float), bad).find_box()


def _configured(
    spec: Experiment, replications: int | None, seed: int | None, years: int | None
) -> Experiment:
    changes = {"replications": replications, "seed": seed, "years": years}
    return spec.model_copy(update={k: v for k, v in changes.items() if v is not None})


def _salib_problem(spec: Experiment) -> dict[str, Any]:
    fixed = [name for name, p in spec.parameters.items() if not p.is_range]
    if fixed:
        raise ExperimentError(
            f"sensitivity needs ranges (low, high); these have values: {', '.join(fixed)}"
        )
    names = list(spec.parameters)
    bounds = [[spec.parameters[n].low, spec.parameters[n].high] for n in names]
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def _salib_sample(spec: Experiment, problem: dict[str, Any]) -> np.ndarray:
    from SALib.sample import morris, sobol

    settings = spec.sensitivity
    rng = int(spec.seed)
    if settings.method == "sobol":
        return sobol.sample(problem, settings.samples, calc_second_order=False, seed=rng)
    return morris.sample(problem, settings.samples, num_levels=settings.levels, seed=rng)


def _salib_analyse(
    spec: Experiment, problem: dict[str, Any], drawn: np.ndarray, results: ExperimentResults
) -> pd.DataFrame:
    from SALib.analyze import morris, sobol

    settings = spec.sensitivity
    means = results.summary.pivot(index="point", columns="kpi", values="mean").sort_index()
    kpis = settings.kpis or list(dict.fromkeys(results.summary["kpi"]))
    frames = []
    for kpi in kpis:
        y = means[kpi].to_numpy(dtype=float)
        if np.isnan(y).any() or np.ptp(y) == 0:
            continue  # a KPI that never moves has no variance to apportion
        if settings.method == "sobol":
            found = sobol.analyze(
                problem,
                y,
                calc_second_order=False,
                num_resamples=settings.bootstrap,
                seed=spec.seed,
            )
            columns = ["S1", "S1_conf", "ST", "ST_conf"]
        else:
            found = morris.analyze(
                problem,
                drawn,
                y,
                num_resamples=settings.bootstrap,
                num_levels=settings.levels,
                seed=spec.seed,
            )
            columns = ["mu", "mu_star", "mu_star_conf", "sigma"]
        frame = pd.DataFrame({c: np.asarray(found[c], dtype=float) for c in columns})
        frame.insert(0, "parameter", problem["names"])
        frame.insert(0, "kpi", kpi)
        frames.append(frame)
    if not frames:
        raise ExperimentError("no KPI varied across the design; nothing to analyse")
    return pd.concat(frames, ignore_index=True)


def _with_extra(results: ExperimentResults, extra: dict[str, pd.DataFrame]) -> ExperimentResults:
    return replace(results, extra={**results.extra, **extra})
