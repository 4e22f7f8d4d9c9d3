"""ekosim inside the EMA Workbench, and risk over uncertain inputs in one call.

``ema_model`` wraps a scenario as an EMA ``ReplicatorModel``: its uncertainties and levers are
scenario fields by dotted path (EMA names them with ``_`` for ``.``, the dotted path is the
parameter's ``variable_name``), its outcomes are KPIs (final-year means) and the financial
results: each partner's result over the run (revenue - cost, EUR) and the region's cost per
resident a year. Replication ``i`` of every experiment has the ``i``-th seed from the root
seed (common random numbers); an outcome is its mean over the replications. So
``perform_experiments``, ``MultiprocessingEvaluator``, PRIM and feature scoring work on it.

``uncertainty_risk`` samples the uncertainties (Latin hypercube), runs every point with
replications, and returns the partners' and the region's risk over that whole sample
(``ekosim.contracts.risk``) with SALib's PAWN indices of the financial outcomes (moment-
independent, robust at the small samples a planner can afford; Sobol needs N·(D+2) runs).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from ekosim.contracts.risk import (
    partner_accounts,
    region_costs,
    region_risk,
    risk_profile,
    yearly_residents,
)
from ekosim.experiments.design import Parameter
from ekosim.experiments.engine import (
    Execution,
    ExperimentResults,
    RunTask,
    assemble,
    execute_plan,
    python_call,
)
from ekosim.experiments.executors import ExecutorName
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.store import ExperimentError
from ekosim.kpis import KPIS
from ekosim.model import run
from ekosim.provenance import provenance
from ekosim.scenario import Scenario, ScenarioError, load_scenario, scaled

ParameterLike = Parameter | Mapping[str, Any] | tuple[float, float] | Sequence[Any]
REGION_COST = "region_cost_eur_per_resident_year"


def workbench() -> Any:
    """The ``ema_workbench`` module with its ``analysis.prim`` and ``analysis.feature_scoring``,
    imported without their import-time warnings (3.0 warns about optional extras such as
    ipyparallel and altair that ekosim does not use)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import ema_workbench
        import ema_workbench.analysis.feature_scoring
        import ema_workbench.analysis.prim

    return ema_workbench


def ema_name(path: str) -> str:
    """The EMA (Python identifier) name of a dotted path or partner: ``.``/``-`` -> ``_``."""
    return re.sub(r"\W", "_", path)


def result_outcome(partner: str) -> str:
    """The outcome name of a partner's result over the run, EUR."""
    return f"result_{ema_name(partner)}_eur"


def partners(scenario: Scenario) -> list[str]:
    """The partners the region pays (providers that are not its own production)."""
    return [name for name, spec in scenario.providers.items() if spec.kind != "public"]


def financial_outcomes(ledger: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """Per run (scenario, point, replication): each partner's result summed over the run
    (``result_<partner>_eur``) and the region's mean yearly cost per resident (EUR)."""
    keys = ["scenario", "point", "replication"]
    ledger = ledger if "point" in ledger else ledger.assign(point=0)
    kpis = kpis if "point" in kpis else kpis.assign(point=0)
    frames = []
    for point, part in ledger.groupby("point", sort=True):
        accounts = partner_accounts(part)
        results = (
            accounts.groupby(["scenario", "replication", "partner"])["result"]
            .sum()
            .unstack("partner")
        )
        results.columns = [result_outcome(str(c)) for c in results.columns]
        residents = yearly_residents(kpis[kpis["point"] == point])
        region = region_costs(part, residents).groupby(["scenario", "replication"])
        results[REGION_COST] = region["total_eur_per_resident"].mean()
        frames.append(results.reset_index().assign(point=point))
    found = pd.concat(frames, ignore_index=True)
    outcomes = [c for c in found.columns if c not in keys]
    return found[keys + outcomes]


class EkosimRun:
    """The function an EMA model calls: one run of the scenario with the sampled values
    (dotted paths) and a replication's ``seed``; returns every outcome. Picklable, so
    EMA's ``MultiprocessingEvaluator`` can send it to worker processes."""

    def __init__(self, scenario: Scenario, years: int | None, population: int | None) -> None:
        self.scenario, self.years, self.population = scenario, years, population

    def at(self, values: Mapping[str, Any]) -> Scenario:
        """The scenario with ``values`` set, then scaled to ``population`` residents (so a
        sampled capacity scales with the area, as in a sweep)."""
        scenario = load_scenario(self.scenario, dict(values))
        return scenario if self.population is None else scaled(scenario, self.population)

    def __call__(self, seed: int, **values: Any) -> dict[str, float]:
        values = {k: v.item() if isinstance(v, np.generic) else v for k, v in values.items()}
        results = run(self.at(values), seed=int(seed), years=self.years)
        outcomes = {k: float(v) for k, v in results.final_kpis().items()}
        money = financial_outcomes(results.ledger, results.kpis).iloc[0]
        outcomes |= {
            k: float(v) for k, v in money.drop(["scenario", "point", "replication"]).items()
        }
        for partner in partners(self.scenario):
            outcomes.setdefault(result_outcome(partner), 0.0)
        for kpi in KPIS:
            outcomes.setdefault(kpi, float("nan"))  # a KPI this scenario does not measure
        return outcomes


def _parameter(path: str, spec: ParameterLike) -> Parameter:
    if isinstance(spec, Parameter):
        return spec
    if isinstance(spec, Mapping):
        data = dict(spec)
    elif (
        isinstance(spec, tuple) and len(spec) == 2 and all(isinstance(v, int | float) for v in spec)
    ):
        data = {"low": spec[0], "high": spec[1]}
    else:
        data = {"values": list(spec)}
    try:
        return Parameter(**data)
    except ValidationError as error:
        reason = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise ExperimentError(f"{path}: {reason}") from None


def _checked(
    base: EkosimRun, section: str, specs: Mapping[str, ParameterLike] | None
) -> dict[str, Parameter]:
    """Each parameter, its path checked against the scenario with its extreme values."""
    parameters = {path: _parameter(path, spec) for path, spec in (specs or {}).items()}
    for path, parameter in parameters.items():
        for value in parameter.levels(2):  # the range's ends, or every value
            try:
                base.at({path: value})
            except ScenarioError as error:
                raise ExperimentError(
                    f"{section}: {path}: {error.problems[0].message} (got {value!r})"
                ) from None
    return parameters


def _ema_parameter(path: str, parameter: Parameter) -> Any:
    ema = workbench()
    name = ema_name(path)
    if parameter.values is not None:
        return ema.CategoricalParameter(name, parameter.values, variable_name=path)
    if parameter.integer:
        low, high = round(parameter.low or 0), round(parameter.high or 0)
        return ema.IntegerParameter(name, low, high, variable_name=path)
    return ema.RealParameter(name, parameter.low, parameter.high, variable_name=path)


def _ema_outcome(name: str) -> Any:
    ScalarOutcome = workbench().ScalarOutcome
    if name in KPIS:
        better = KPIS[name].better
        kind = ScalarOutcome.MAXIMIZE if better == "higher" else ScalarOutcome.MINIMIZE
    else:
        kind = ScalarOutcome.MINIMIZE if name == REGION_COST else ScalarOutcome.INFO
    return ScalarOutcome(name, kind=kind, function=np.mean)  # the mean over replications


def ema_model(
    scenario: Scenario | str | Path | dict[str, Any],
    *,
    uncertainties: Mapping[str, ParameterLike] | None = None,
    levers: Mapping[str, ParameterLike] | None = None,
    outcomes: Sequence[str] | None = None,
    replications: int = 1,
    seed: int = 0,
    years: int | None = None,
    population: int | None = None,
    name: str = "ekosim",
) -> Any:
    """An EMA Workbench ``ReplicatorModel`` of ``scenario``.

    ``uncertainties`` and ``levers``: dotted scenario path -> a range (``(low, high)``, or
    ``{"low":, "high":, "integer": True}``) or a list of values (categorical).
    ``outcomes``: KPI names and financial outcomes (``result_<partner>_eur`` for each
    partner the region pays, ``region_cost_eur_per_resident_year``); default: the
    financial outcomes and every KPI of the catalogue (NaN where the scenario has none).
    Each experiment runs ``replications`` times on seeds spawned from ``seed``,
    ``years`` long, at ``population`` residents (``ekosim.scenario.scaled``).
    """
    ReplicatorModel = workbench().ReplicatorModel
    if replications < 1:
        raise ExperimentError(f"replications must be at least 1, got {replications}")
    base = EkosimRun(load_scenario(scenario), years, population)
    found_uncertainties = _checked(base, "uncertainties", uncertainties)
    found_levers = _checked(base, "levers", levers)
    both = set(found_uncertainties) & set(found_levers)
    if both:
        raise ExperimentError(f"declared as uncertainty and lever: {', '.join(sorted(both))}")
    if not found_uncertainties and not found_levers:
        raise ExperimentError("declare at least one uncertainty or lever")
    money = [result_outcome(p) for p in partners(base.scenario)] + [REGION_COST]
    chosen = list(outcomes) if outcomes is not None else money + list(KPIS)
    unknown = [o for o in chosen if o not in KPIS and o not in money]
    if unknown:
        raise ExperimentError(
            f"no such outcome: {', '.join(unknown)} (KPIs of ekosim.kpis.KPIS, or "
            f"{', '.join(money)})"
        )
    model = ReplicatorModel(name, function=base)
    model.uncertainties = [_ema_parameter(p, v) for p, v in found_uncertainties.items()]
    model.levers = [_ema_parameter(p, v) for p, v in found_levers.items()]
    model.outcomes = [_ema_outcome(o) for o in chosen]
    model.replications = [{"seed": s} for s in replication_seeds(seed, replications)]
    return model


@dataclass(frozen=True)
class UncertaintyRisk:
    """Risk over an uncertainty sample: ``risk`` (each partner's result over the run across
    every sampled run: mean, 5th/95th percentile, probability of a loss), ``region`` (the
    region's cost per resident a year, likewise), ``indices`` (SALib's PAWN indices of each
    financial outcome's mean per point: median, mean, maximum and CV over the slices), the
    sampled ``points`` and each run's financial ``outcomes``; ``results`` holds every run's
    frames."""

    risk: pd.DataFrame
    region: pd.DataFrame
    indices: pd.DataFrame
    points: pd.DataFrame
    outcomes: pd.DataFrame
    results: ExperimentResults


def uncertainty_risk(
    scenario: Scenario | str | Path | dict[str, Any],
    uncertainties: Mapping[str, ParameterLike],
    *,
    samples: int = 32,
    replications: int = 2,
    seed: int = 0,
    years: int | None = None,
    population: int | None = None,
    workers: int = 1,
    executor: ExecutorName | None = None,
    client: Any = None,
    out: Path | None = None,
    overwrite: bool = False,
    progress: bool = False,
) -> UncertaintyRisk:
    """The partners' and the region's financial risk over uncertain inputs, in one call:
    ``samples`` Latin-hypercube points of the ranged ``uncertainties`` (dotted path ->
    range), each run ``replications`` times on common random numbers."""
    from SALib.sample import latin

    if samples < 4 or replications < 1:
        raise ExperimentError("uncertainty_risk needs samples >= 4 and replications >= 1")
    base = EkosimRun(load_scenario(scenario), years, population)
    parameters = _checked(base, "uncertainties", uncertainties)
    fixed = [path for path, p in parameters.items() if not p.is_range]
    if fixed or not parameters:
        raise ExperimentError(
            "uncertainty_risk needs ranges (low, high)"
            + (f"; these have values: {', '.join(fixed)}" if fixed else "")
        )
    names = list(parameters)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[parameters[n].low, parameters[n].high] for n in names],
    }
    drawn = latin.sample(problem, samples, seed=seed)
    points = pd.DataFrame(
        [[parameters[n].value(x) for n, x in zip(names, row, strict=True)] for row in drawn],
        columns=names,
    )
    points.insert(0, "point", range(len(points)))
    seeds = replication_seeds(seed, replications)
    tasks = [
        RunTask(base.at(dict(zip(names, row, strict=True))), seeds[i], i, years, point)
        for point, row in enumerate(points[names].itertuples(index=False))
        for i in range(replications)
    ]
    execution = Execution(workers, executor, None, client, out, overwrite, progress)
    frames = execute_plan(tasks, "uncertainty-risk", execution)
    call = python_call(
        "ekosim.experiments.uncertainty_risk",
        base.scenario.name,
        uncertainties={n: (parameters[n].low, parameters[n].high) for n in names},
        samples=samples,
        replications=replications,
        seed=seed,
        years=years,
        population=population,
    )
    record = provenance(call=call, seed=seed, scenarios=[base.scenario])
    results = assemble(
        tasks,
        frames,
        warmup_days=0,
        by=["scenario", "point"],
        parameters=points,
        record=record,
    )
    outcomes = financial_outcomes(results.ledger, results.kpis)
    # every sampled run is one draw of the uncertainty: renumbered as replications of one
    # point, so the risk functions (which keep a design point apart) pool them
    ledger, kpis = (_pooled(frame, replications) for frame in (results.ledger, results.kpis))
    risk = risk_profile(ledger)
    region = region_risk(ledger, yearly_residents(kpis))
    means = outcomes.drop(columns=["scenario", "replication"]).groupby("point").mean()
    return UncertaintyRisk(
        risk, region, pawn_indices(problem, drawn, means, seed), points, outcomes, results
    )


def pawn_indices(
    problem: dict[str, Any], drawn: np.ndarray, means: pd.DataFrame, seed: int
) -> pd.DataFrame:
    """SALib's PAWN indices (moment-independent, robust on small samples: the
    Kolmogorov-Smirnov distance between an outcome's conditional and unconditional
    distributions, over slices of each input) of every outcome column of ``means``."""
    from SALib.analyze import pawn

    slices = max(2, min(10, len(drawn) // 4))
    statistics = ("median", "mean", "maximum", "CV")
    rows = []
    for outcome in means.columns:
        y = means[outcome].to_numpy(dtype=float)
        if np.isnan(y).any() or np.ptp(y) == 0:
            continue  # a result that never moves has nothing to apportion
        found = pawn.analyze(problem, drawn, y, S=slices, seed=seed)
        rows += [
            (outcome, name, *(float(found[key][i]) for key in statistics))
            for i, name in enumerate(problem["names"])
        ]
    return pd.DataFrame(rows, columns=["outcome", "parameter", *statistics])


def _pooled(frame: pd.DataFrame, replications: int) -> pd.DataFrame:
    """``frame`` with each (point, replication) as one replication of a single point."""
    run = frame["point"] * replications + frame["replication"]
    return frame.drop(columns="point").assign(replication=run)
