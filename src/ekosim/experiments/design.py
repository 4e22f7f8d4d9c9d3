"""Experiment files: uncertainties and levers declared as data, validated like scenarios.

An experiment YAML names a base scenario, constant overrides, and parameters by dotted path;
each parameter is a range (``low``, ``high``, optional ``integer: true``) or a list of
``values``. Problems are reported all at once as ``FILE:LINE: dotted.path: message``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from scipy.stats import qmc

from ekosim.kpis import KPIS
from ekosim.scenario import Problem, Scenario, ScenarioError, load_scenario, scaled
from ekosim.scenario.yamlsource import Document, Path_, read_yaml_file

Scalar = float | int | str | bool
DESIGN_STREAM = 0xE5  # the design's random stream is kept apart from the runs' streams


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Section):
    """A range (low..high) or a list of values for one dotted scenario path."""

    low: float | None = Field(None, description="lower bound of a range, in the field's unit")
    high: float | None = Field(None, description="upper bound of a range, in the field's unit")
    integer: bool = Field(False, description="round drawn values to whole numbers")
    values: list[Scalar] | None = Field(None, description="the values to try, in order")

    @model_validator(mode="after")
    def _one_kind(self) -> Parameter:
        is_range = self.low is not None or self.high is not None
        if is_range == (self.values is not None):
            raise ValueError("give either low and high, or values")
        if is_range and (self.low is None or self.high is None or not self.low < self.high):
            raise ValueError("a range needs low < high")
        if self.values is not None and not self.values:
            raise ValueError("values must not be empty")
        return self

    @property
    def is_range(self) -> bool:
        return self.values is None

    def value(self, x: float) -> Scalar:
        """The parameter's value at ``x`` in the range (rounded if ``integer``)."""
        return round(float(x)) if self.integer else float(x)

    def levels(self, count: int) -> list[Scalar]:
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None
        return list(dict.fromkeys(self.value(x) for x in np.linspace(self.low, self.high, count)))

    def at_quantile(self, u: float) -> Scalar:
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        assert self.low is not None and self.high is not None
        return self.value(self.low + u * (self.high - self.low))


class SweepSpec(_Section):
    design: Literal["factorial", "latin_hypercube"] = Field(
        "factorial", description="full factorial grid, or a Latin hypercube sample"
    )
    levels: int = Field(3, ge=2, le=50, description="grid points per range (factorial)")
    samples: int = Field(20, ge=2, le=100_000, description="design points (latin_hypercube)")


class SensitivitySpec(_Section):
    method: Literal["sobol", "morris"] = Field("sobol", description="SALib method")
    samples: int = Field(
        32,
        ge=2,
        le=65_536,
        description="Sobol base sample N (a power of 2; N*(D+2) points) or Morris "
        "trajectories (N*(D+1) points)",
    )
    levels: int = Field(4, ge=2, le=20, description="Morris grid levels")
    bootstrap: int = Field(200, ge=10, description="resamples for the 95% intervals")
    kpis: list[str] = Field(default_factory=list, description="KPIs analysed (default: all)")

    @model_validator(mode="after")
    def _power_of_two(self) -> SensitivitySpec:
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError("Sobol samples must be a power of 2 (e.g. 16, 32, 64)")
        return self


class DiscoverySpec(_Section):
    kpi: str = Field(description="the KPI whose bad outcomes PRIM explains")
    threshold: float = Field(description="the KPI value where outcomes turn bad, KPI's unit")
    bad: Literal["above", "below"] = Field("above", description="bad when above or below")


class Experiment(_Section):
    """What to run: a base scenario, constants, and the parameters to vary."""

    name: str = Field(min_length=1)
    description: str = ""
    scenario: str = Field(description="bundled scenario name or a path (relative to this file)")
    overrides: dict[str, Scalar] = Field(
        default_factory=dict, description="constant overrides by dotted path"
    )
    residents: int | None = Field(
        None,
        ge=1,
        le=5_000_000,
        description="run the base scenario at this many residents, its area amounts "
        "(capacities, staff, money) scaled in proportion; none = as the scenario has it",
    )
    years: int | None = Field(None, ge=1, le=100, description="simulated years per run")
    replications: int = Field(3, ge=1, le=100_000, description="runs per design point")
    seed: int = Field(0, ge=0, description="root seed of all runs")
    warmup_days: int = Field(0, ge=0, description="days whose KPI windows are discarded")
    uncertainties: dict[str, Parameter] = Field(
        default_factory=dict, description="what the planner cannot choose"
    )
    levers: dict[str, Parameter] = Field(
        default_factory=dict, description="what the planner can choose"
    )
    sweep: SweepSpec = Field(default_factory=SweepSpec)
    sensitivity: SensitivitySpec = Field(default_factory=SensitivitySpec)
    discovery: DiscoverySpec | None = None
    base_dir: str = Field("", exclude=True, description="set by the loader: the file's folder")

    @property
    def parameters(self) -> dict[str, Parameter]:
        return {**self.uncertainties, **self.levers}

    def scenario_at(self, values: Mapping[str, Scalar]) -> Scenario:
        """The base scenario with the constants and these values, then scaled to ``residents``
        (so a swept capacity or staff level scales with the area, as the rest does)."""
        scenario = load_scenario(self._scenario_source(), {**self.overrides, **values})
        return scenario if self.residents is None else scaled(scenario, self.residents)

    def _scenario_source(self) -> str:
        local = Path(self.base_dir) / self.scenario
        for candidate in (local, local.with_suffix(".yaml")):
            if self.base_dir and candidate.is_file():
                return str(candidate)
        return self.scenario


def load_experiment(source: str | Path | Mapping[str, Any] | Experiment) -> Experiment:
    """Read and validate an experiment file (or dict); every problem at once, with lines."""
    if isinstance(source, Experiment):
        return source
    return read_validated(source, Experiment, _cross_checks)[0]


def read_validated[M: BaseModel](
    source: str | Path | Mapping[str, Any],
    model: type[M],
    checks: Callable[[M, Document], list[Problem]],
) -> tuple[M, Document]:
    """A YAML file (or dict) validated into ``model``, then through ``checks``: every problem
    at once as ``FILE:LINE: dotted.path: message``. A model with a ``base_dir`` field gets the
    file's folder there (for paths relative to the file)."""
    document = (
        Document(dict(source), "<dict>")
        if isinstance(source, Mapping)
        else read_yaml_file(Path(source))
    )
    data = document.data
    if "base_dir" in model.model_fields:
        data = {**data, "base_dir": "" if isinstance(source, Mapping) else str(Path(source).parent)}
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_schema_problems(error, document)) from None
    problems = checks(parsed, document)
    if problems:
        raise ScenarioError(problems)
    return parsed, document


def design_points(experiment: Experiment) -> pd.DataFrame:
    """The sweep's design: one row per point, one column per parameter (dotted path)."""
    parameters = experiment.parameters
    spec = experiment.sweep
    if spec.design == "factorial":
        grids = [p.levels(spec.levels) for p in parameters.values()]
        rows = list(itertools.product(*grids))
    else:
        sampler = qmc.LatinHypercube(d=len(parameters), rng=design_rng(experiment.seed))
        unit = sampler.random(spec.samples)
        rows = [
            tuple(p.at_quantile(u) for p, u in zip(parameters.values(), row, strict=True))
            for row in unit
        ]
    points = pd.DataFrame(rows, columns=list(parameters))
    points.insert(0, "point", range(len(points)))
    return points


def design_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng([seed, DESIGN_STREAM])


def _schema_problems(error: ValidationError, document: Document) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = ".".join(str(part) for part in loc)
        message = str(item["msg"]).removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        line = _line(loc, document)
        if item["type"] == "missing":
            problems.append(Problem(document.file, line, path, "required field is missing"))
        elif item["type"] == "extra_forbidden":
            problems.append(Problem(document.file, line, path, "unknown field"))
        else:
            problems.append(Problem(document.file, line, path, message, item["input"]))
    return problems


def _cross_checks(experiment: Experiment, document: Document) -> list[Problem]:
    """Parameters must name real scenario fields and their values must be valid there."""
    problems: list[Problem] = []
    where = document.file

    def problem(loc: Path_, message: str, *value: Any) -> None:
        problems.append(
            Problem(where, _line(loc, document), ".".join(map(str, loc)), message, *value)
        )

    try:
        experiment.scenario_at({})
    except ScenarioError as error:
        problem(("scenario",), f"the base scenario does not load: {error.problems[0].message}")
        return problems
    if not experiment.parameters:
        problem((), "declare at least one parameter under uncertainties or levers")
    for path in set(experiment.uncertainties) & set(experiment.levers):
        problem(("levers", path), "is also an uncertainty; declare it once")
    for section in ("uncertainties", "levers"):
        for path, parameter in getattr(experiment, section).items():
            trial = [parameter.low, parameter.high] if parameter.is_range else parameter.values
            for value in trial or []:
                value = parameter.value(value) if parameter.is_range else value
                try:
                    experiment.scenario_at({path: value})
                except ScenarioError as error:
                    hint = (
                        "; for a whole-number field add integer: true"
                        if parameter.is_range
                        and not parameter.integer
                        and "integer" in error.problems[0].message
                        else ""
                    )
                    problem((section, path), error.problems[0].message + hint, value)
                    break
    kpis = [*experiment.sensitivity.kpis]
    for number, kpi in enumerate(kpis):
        if kpi not in KPIS:
            problem(("sensitivity", "kpis", number), "no such KPI", kpi)
    if experiment.discovery is not None and experiment.discovery.kpi not in KPIS:
        problem(("discovery", "kpi"), "no such KPI", experiment.discovery.kpi)
    return problems


def _line(loc: Path_, document: Document) -> int | None:
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in document.lines:
            return document.lines[tuple(loc[:end])]
    return None
