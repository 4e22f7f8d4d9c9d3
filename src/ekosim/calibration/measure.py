"""A run measured against the targets: each target's model value from one replication."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ekosim.calibration.targets import FUNCTIONS, RunFrames, Target
from ekosim.experiments.engine import run_outcomes
from ekosim.model import run
from ekosim.scenario import Scenario


def measure(
    scenario: Scenario,
    targets: Mapping[str, Target],
    *,
    seed: int,
    years: int,
    warmup_days: int = 0,
    replication: int = 0,
) -> dict[str, float]:
    """Simulate one replication; each target's value (a KPI's final-year mean after the
    warm-up, as in experiments, or its function over the run's frames)."""
    final, frames = run_final(
        scenario, seed=seed, years=years, warmup_days=warmup_days, replication=replication
    )
    return target_values(targets, final, frames)


def run_final(
    scenario: Scenario, *, seed: int, years: int, warmup_days: int = 0, replication: int = 0
) -> tuple[dict[str, float], RunFrames]:
    """One run's KPI values (final-year means after the warm-up) and its frames."""
    results = run(scenario, seed=seed, years=years, replication=replication)
    outcomes = run_outcomes(results.kpis.assign(point=0), warmup_days=warmup_days)
    final = dict(zip(outcomes["kpi"], outcomes["value"].astype(float), strict=True))
    return final, RunFrames(scenario, results.kpis, results.waits)


def target_values(
    targets: Mapping[str, Target], final: Mapping[str, float], frames: RunFrames
) -> dict[str, float]:
    values: dict[str, float] = {}
    for name, target in targets.items():
        if target.kpi is not None:
            values[name] = float(final.get(target.kpi, math.nan))
        elif target.function is not None:
            values[name] = float(FUNCTIONS[target.function](frames))
    return values


def objective_value(
    means: Mapping[str, float],
    targets: Mapping[str, Target],
    weights: Mapping[str, float],
    scale: float = 1.0,
) -> float:
    """The weighted mean squared normalised distance over the targets weighed (0 on every
    target, 1 when each sits at the edge of its tolerance)."""
    total = sum(weights.values())
    squares = [
        weights[name] * targets[name].distance(means[name], _scale(targets[name], scale)) ** 2
        for name in weights
    ]
    value = sum(squares) / total
    return value if math.isfinite(value) else math.inf


def replication_means(rows: list[dict[str, float]]) -> dict[str, float]:
    frame = pd.DataFrame(rows)
    return {name: float(np.nanmean(frame[name])) for name in frame.columns}


def _scale(target: Target, scale: float) -> float:
    return scale if target.scales_with_population else 1.0
