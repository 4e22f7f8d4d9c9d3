"""Calibration specs: which scenario parameters to fit, in which ranges, to which targets.

A spec is YAML validated like an experiment file (``FILE:LINE: dotted.path: problem``): a
base scenario, constant overrides, parameters by dotted path (``low``/``high``, optional
``integer: true``, or ``values``), the ``fit`` targets of the targets file with their
weights, replications per trial, population, years and warm-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ekosim.calibration.targets import TARGETS_FILE, Targets, load_targets
from ekosim.experiments.design import (
    Experiment,
    Parameter,
    Scalar,
    _cross_checks,
    _line,
    _Section,
    read_validated,
)
from ekosim.scenario import Problem, Scenario, ScenarioError, load_scenario
from ekosim.scenario.yamlsource import Document, Path_


class FitTarget(_Section):
    weight: float = Field(1.0, gt=0, description="the target's weight in the objective")


class CalibrationSpec(_Section):
    """What to fit: a base scenario, parameters with ranges, and the targets to fit them to."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenario: str = Field(description="bundled scenario name or a path (relative to this file)")
    overrides: dict[str, Scalar] = Field(
        default_factory=dict, description="constant overrides by dotted path"
    )
    parameters: dict[str, Parameter] = Field(min_length=1, description="what is fitted")
    targets: dict[str, FitTarget] = Field(
        min_length=1, description="ids of fit targets in the targets file, with weights"
    )
    targets_file: str = Field("", description="targets file (default calibration/targets.yaml)")
    residents: int | None = Field(
        None, ge=1, le=5_000_000, description="run the scenario at this many residents"
    )
    years: int = Field(1, ge=1, le=100, description="simulated years per run")
    warmup_days: int = Field(0, ge=0, description="days whose KPI windows are discarded")
    replications: int = Field(2, ge=1, le=1000, description="runs per trial, common seeds")
    seed: int = Field(0, ge=0, description="root seed of the replications and the sampler")
    sampler: Literal["tpe", "cmaes"] = Field(
        "tpe", description="Optuna's TPE, or CMA-ES (continuous ranges only)"
    )
    base_dir: str = Field("", exclude=True, description="set by the loader: the file's folder")

    def experiment(self) -> Experiment:
        """The spec as an experiment over its parameters (to build scenarios from values)."""
        return Experiment(
            name=self.name,
            scenario=self.scenario,
            overrides=self.overrides,
            residents=self.residents,
            years=self.years,
            warmup_days=self.warmup_days,
            uncertainties=self.parameters,
            base_dir=self.base_dir,
        )

    def scenario_at(self, values: Mapping[str, Scalar]) -> Scenario:
        return self.experiment().scenario_at(values)

    def load_targets(self) -> Targets:
        if not self.targets_file:
            return load_targets(TARGETS_FILE)
        return load_targets(Path(self.base_dir) / self.targets_file)

    def population_scale(self) -> float:
        """Run residents over the base scenario's: the factor on area-amount targets."""
        if self.residents is None:
            return 1.0
        base = load_scenario(self.experiment()._scenario_source(), dict(self.overrides))
        return self.residents / base.population.size


def load_spec(source: str | Path | Mapping[str, Any] | CalibrationSpec) -> CalibrationSpec:
    """Read and validate a calibration spec (or dict); every problem at once, with lines."""
    if isinstance(source, CalibrationSpec):
        return source
    return read_validated(source, CalibrationSpec, _spec_checks)[0]


def _spec_checks(spec: CalibrationSpec, document: Document) -> list[Problem]:
    # The parameters are checked as an experiment's uncertainties: the same paths and values.
    as_experiment = Document(
        document.data,
        document.file,
        {
            (("uncertainties", *key[1:]) if key[:1] == ("parameters",) else key): line
            for key, line in document.lines.items()
        },
    )
    problems = [
        replace(
            p,
            path="parameters" + p.path.removeprefix("uncertainties") if p.path else "parameters",
            message=p.message.replace("under uncertainties or levers", "under parameters"),
        )
        for p in _cross_checks(spec.experiment(), as_experiment)
    ]
    if problems:
        return problems

    def problem(loc: Path_, message: str, *value: Any) -> None:
        where = _line(loc, document)
        problems.append(Problem(document.file, where, ".".join(map(str, loc)), message, *value))

    if spec.sampler == "cmaes" and not all(p.is_range for p in spec.parameters.values()):
        problem(("sampler",), "CMA-ES needs ranges (low, high) for every parameter", "cmaes")
    try:
        targets = spec.load_targets()
    except ScenarioError as error:
        problem(("targets_file",), f"the targets file does not load: {error.problems[0]}")
        return problems
    for name in spec.targets:
        if name not in targets.targets:
            problem(("targets", name), f"no such target in {targets.file}")
        elif targets.targets[name].role != "fit":
            problem(("targets", name), "is a validation target (role: validate); it never "
                    "enters an objective")  # fmt: skip
        elif targets.status(name) != "measured":
            problem(("targets", name), "the model does not measure this target yet")
    return problems
