"""Reality targets as data: each published figure, the KPI that measures it, its tolerance,
its source, and whether it is fitted or kept for validation only.

``calibration/targets.yaml`` is read with the scenario loader's YAML reader (lines kept, alias
bombs refused) and validated all at once: ``FILE:LINE: targets.ID.field: problem``. A target
measures with a KPI of the catalogue (``ekosim.kpis.KPIS``), a named function over a run's
frames (:data:`FUNCTIONS`), a KPI that the file's ``planned`` section lists with the issue
that adds it (reported as "not modelled yet"), or says why the model cannot measure it
(``not_modelled``). Any other KPI name is an error, and so is a planned KPI that has arrived
in the catalogue (the target must then use it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ekosim.experiments.design import _line, read_validated
from ekosim.kpis import KPIS
from ekosim.scenario import Problem, Scenario, bundled_scenarios
from ekosim.scenario.yamlsource import Document, Path_

TARGETS_FILE = Path(__file__).resolve().parents[3] / "calibration" / "targets.yaml"
Area = Literal[
    "population_health",
    "primary_care_access",
    "older_people",
    "specialist_care",
    "costs",
    "contract",
]
AREA_TITLES: dict[str, str] = {
    "population_health": "Population and health",
    "primary_care_access": "Primary care access",
    "older_people": "Older people's care",
    "specialist_care": "Specialist care",
    "costs": "Costs",
    "contract": "Contract",
}
Z95 = 1.96  # a standard error's target is met within 1.96 standard errors


@dataclass(frozen=True)
class RunFrames:
    """What a target function sees of one run: its scenario and final-year frames."""

    scenario: Scenario
    kpis: pd.DataFrame  # scenario, replication, seed, day, kpi, value
    waits: pd.DataFrame  # scenario, replication, year, service, wait_days, contacts


def primary_care_waits_within_14_days_share(run: RunFrames) -> float:
    """Share of primary-care service visits of the final year that started within 14 days of
    joining the queue (``waits`` frame; services with ``primary_care: true``). Today's measure
    of THL's "within 14 days of contact"; issue 19's ``within_14_days_share`` replaces it."""
    primary = {name for name, service in run.scenario.services.items() if service.primary_care}
    waits = run.waits[run.waits["service"].isin(primary)]
    waits = waits[waits["year"] == waits["year"].max()] if len(waits) else waits
    total = float(waits["contacts"].sum())
    if total == 0:
        return math.nan
    return float(waits.loc[waits["wait_days"] <= 14, "contacts"].sum()) / total


FUNCTIONS: dict[str, Callable[[RunFrames], float]] = {
    "primary_care_waits_within_14_days_share": primary_care_waits_within_14_days_share,
}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Section):
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: str = Field(min_length=4, description="publication date or year, as the source gives it")
    url: str | None = Field(
        None, pattern=r"^https?://", description="where the figure can be read (none if unknown)"
    )


class Tolerance(_Section):
    relative: float | None = Field(None, gt=0, description="half-width, a fraction of the value")
    absolute: float | None = Field(None, gt=0, description="half-width, in the target's unit")

    @model_validator(mode="after")
    def _one(self) -> Tolerance:
        if (self.relative is None) == (self.absolute is None):
            raise ValueError("give either relative or absolute")
        return self


class Target(_Section):
    """One published figure and how the model is compared with it."""

    indicator: str = Field(min_length=1, description="what the figure counts, in words")
    kpi: str | None = Field(None, description="the KPI that measures it (catalogue or planned)")
    function: str | None = Field(None, description="a named function over a run's frames")
    not_modelled: str | None = Field(None, description="why the model cannot measure it")
    value: float | None = Field(None, description="the published figure, in unit")
    range: tuple[float, float] | None = Field(None, description="a published range low..high")
    bound: Literal["upper", "lower"] | None = Field(
        None, description="the figure is an upper (or lower) bound: the model may be below it"
    )
    tolerance: Tolerance | None = None
    standard_error: float | None = Field(None, gt=0, description="in the target's unit")
    unit: str = Field(min_length=1)
    area: Area
    region: str = Field(min_length=1, description="where the figure was measured")
    year: int = Field(ge=1900, le=2100, description="the year the figure describes")
    scenario: str = Field("tesoma-base", description="the bundled scenario compared with it")
    scales_with_population: bool = Field(
        False, description="an area amount: compared at the run's population, in proportion"
    )
    role: Literal["fit", "validate"]
    source: Source
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        measures = [self.kpi, self.function, self.not_modelled]
        if sum(m is not None for m in measures) != 1:
            raise ValueError("give exactly one of kpi, function or not_modelled")
        if (self.value is None) == (self.range is None):
            raise ValueError("give either value or range")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError("a range needs low < high")
        if self.bound is not None and self.value is None:
            raise ValueError("bound needs a value")
        if self.not_modelled is None:
            given = (self.tolerance is not None) + (self.standard_error is not None)
            if given != 1:
                raise ValueError("give either tolerance or standard_error")
            if self.standard_error is not None and self.range is not None:
                raise ValueError("a range takes a tolerance, not a standard error")
        return self

    def half_width(self, reference: float) -> float:
        """The distance from ``reference`` (the value or a range's bound) that is tolerated."""
        if self.standard_error is not None:
            return Z95 * self.standard_error
        assert self.tolerance is not None
        if self.tolerance.absolute is not None:
            return self.tolerance.absolute
        assert self.tolerance.relative is not None
        return self.tolerance.relative * abs(reference)

    def distance(self, model: float, scale: float = 1.0) -> float:
        """Signed normalised distance of a model value from the target: 0 on it (or inside a
        range or bound), ±1 at the edge of the tolerance. ``scale`` multiplies the target
        (an area amount at a smaller population)."""
        if math.isnan(model):
            return math.nan
        if self.range is not None:
            low, high = (bound * scale for bound in self.range)
            if model < low:
                return (model - low) / self.half_width(low)
            if model > high:
                return (model - high) / self.half_width(high)
            return 0.0
        assert self.value is not None
        value = self.value * scale
        gap = model - value
        if (self.bound == "upper" and gap < 0) or (self.bound == "lower" and gap > 0):
            return 0.0
        return gap / self.half_width(value)

    def target_text(self) -> str:
        if self.range is not None:
            return f"{_fmt(self.range[0])}–{_fmt(self.range[1])}"
        assert self.value is not None
        if self.unit == "price year":
            return str(int(self.value))
        prefix = {"upper": "≤ ", "lower": "≥ ", None: ""}[self.bound]
        return prefix + _fmt(self.value)


class Direction(_Section):
    """A scenario-direction check: ``scenario`` should have a higher (lower) ``kpi`` than
    ``baseline``, paired on common random numbers (a validation row, never fitted)."""

    scenario: str
    baseline: str
    kpi: str
    expect: Literal["higher", "lower"]
    why: str = Field(min_length=1, description="where the expectation comes from")


@dataclass(frozen=True)
class Targets:
    """The validated targets file: targets by id, the planned KPIs with their issues, and
    the scenario-direction checks."""

    targets: dict[str, Target]
    planned: dict[str, str]
    file: str
    lines: dict[Path_, int]
    directions: dict[str, Direction] = field(default_factory=dict)

    def status(self, target_id: str) -> str:
        """``measured``, ``planned`` (KPI not in the catalogue yet) or ``not_modelled``."""
        target = self.targets[target_id]
        if target.not_modelled is not None:
            return "not_modelled"
        if target.kpi is not None and target.kpi in self.planned:
            return "planned"
        return "measured"

    def measured(self, role: str | None = None) -> dict[str, Target]:
        return {
            name: target
            for name, target in self.targets.items()
            if self.status(name) == "measured" and (role is None or target.role == role)
        }

    def line(self, *path: str | int) -> int | None:
        return _line(path, Document(None, self.file, self.lines))


class _File(_Section):
    planned: dict[str, str] = Field(
        default_factory=dict,
        description="KPIs of DESIGN.md's binding list not yet in the catalogue: name -> the "
        "issue that adds them",
    )
    targets: dict[str, Target] = Field(min_length=1)
    directions: dict[str, Direction] = Field(default_factory=dict)


def load_targets(source: str | Path | Mapping[str, Any] = TARGETS_FILE) -> Targets:
    """Read and validate a targets file (or dict); every problem at once, with its line."""
    parsed, document = read_validated(source, _File, _cross_checks)
    return Targets(
        dict(parsed.targets),
        dict(parsed.planned),
        document.file,
        document.lines,
        dict(parsed.directions),
    )


def _cross_checks(parsed: _File, document: Document) -> list[Problem]:
    problems: list[Problem] = []

    def problem(loc: Path_, message: str, *value: Any) -> None:
        where = _line(loc, document)
        problems.append(Problem(document.file, where, ".".join(map(str, loc)), message, *value))

    for kpi in parsed.planned:
        if kpi in KPIS:
            problem(
                ("planned", kpi),
                "is in the KPI catalogue now; remove it from planned (its targets measure it)",
            )
    scenarios = bundled_scenarios()
    for name, target in parsed.targets.items():
        if target.kpi is not None and target.kpi not in KPIS and target.kpi not in parsed.planned:
            problem(
                ("targets", name, "kpi"),
                "no such KPI (not in ekosim.kpis.KPIS nor in planned)",
                target.kpi,
            )
        if target.function is not None and target.function not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            problem(
                ("targets", name, "function"), f"no such target function ({known})", target.function
            )
        if target.scenario not in scenarios:
            problem(("targets", name, "scenario"), "no such bundled scenario", target.scenario)
    for name, direction in parsed.directions.items():
        for part in ("scenario", "baseline"):
            if getattr(direction, part) not in scenarios:
                problem(("directions", name, part), "no such bundled scenario",
                        getattr(direction, part))  # fmt: skip
        if direction.kpi not in KPIS and direction.kpi not in parsed.planned:
            problem(("directions", name, "kpi"), "no such KPI", direction.kpi)
    return problems


def _fmt(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"
