"""Confidence intervals over replications, and how many replications a precision needs.

A KPI's values lie within its bounds (``ekosim.kpis.KPIS[name].bounds``: shares 0..1, counts,
days and money at least 0), so a t-interval that crosses a bound is clipped to it and marked
(``ci_clipped``). The precision a table asks replications for is ±5 % of the mean, but never
tighter than an absolute half-width in the KPI's unit (``ABSOLUTE_HALF_WIDTH``), which takes
over where the mean is near 0 (a share of 0.001 would otherwise need thousands of runs).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95
MAX_REPLICATIONS = 100_000
# The coarsest half-width worth asking for, in each KPI unit of the catalogue (assumption:
# what a planner reads as "no difference"): half a percentage point of a share, half a day...
ABSOLUTE_HALF_WIDTH: dict[str, float] = {
    "fraction": 0.005,
    "0-1": 0.005,
    "days": 0.5,
    "days/resident/year": 0.1,
    "WHO-5 %": 0.5,
    "index 0-100": 0.5,
    "NPS -100..100": 1.0,
    "WAS 0-10": 0.05,
    "contacts/resident/year": 0.05,
    "contacts": 5.0,
    "residents": 50.0,
    "visits/day": 0.5,
    "EUR/resident/year": 5.0,
    "per 1,000 aged 75+/year": 0.5,
    "per 1,000 residents/year": 0.5,
    "per 1,000 adults/year": 0.5,
    "per 1,000 residents": 0.5,
    "visits/resident/year": 0.05,
    "persons": 1.0,  # a waiting list: one person
}


def t_interval(values: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and the lower and upper ends of its Student-t confidence interval.

    With one replication (or none) the interval is unknown: NaN at both ends.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if len(values) < 2:
        return mean, math.nan, math.nan
    half = _t(len(values), confidence) * float(values.std(ddof=1)) / math.sqrt(len(values))
    return mean, mean - half, mean + half


def replications_needed(
    values: np.ndarray,
    *,
    relative_precision: float | None = 0.05,
    half_width: float | None = None,
    confidence: float = CONFIDENCE,
) -> int:
    """Replications whose CI half-width reaches the wanted precision, judged from a pilot.

    The precision is either absolute (``half_width``, in the KPI's unit) or relative to the
    mean (``relative_precision``, e.g. 0.05 for +-5 %). The pilot's standard deviation stands
    in for the true one, the usual sequential procedure (Law, *Simulation Modeling and
    Analysis*, 5th ed., sec. 9.4.1). Returns at least 2 (a zero-variance pilot needs 2)
    and at most ``MAX_REPLICATIONS``.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) < 2:
        raise ValueError("a pilot of at least 2 replications is needed")
    target = half_width if half_width is not None else _relative(values, relative_precision)
    if target is None or not target > 0:
        raise ValueError("the wanted precision must be positive (and the mean not zero)")
    deviation = float(values.std(ddof=1))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    n = max(2, math.ceil((z * deviation / target) ** 2))  # t > z, so never fewer than this
    while n < MAX_REPLICATIONS and _t(n, confidence) * deviation / math.sqrt(n) > target:
        n += 1
    return min(n, MAX_REPLICATIONS)


def summarise(outcomes: pd.DataFrame, by: list[str], precision: float = 0.05) -> pd.DataFrame:
    """Per group and KPI: replications, mean, standard deviation, 95 % CI (clipped to the
    KPI's bounds, ``ci_clipped`` where it was), the CI half-width aimed at (``precision``
    times the mean, at least the unit's ``ABSOLUTE_HALF_WIDTH``) and the replications it
    needs."""
    from ekosim.kpis import KPIS  # here: the catalogue imports the model's packages

    rows = []
    for key, group in outcomes.groupby([*by, "kpi"], sort=False):
        values = group["value"].to_numpy(dtype=float)
        kpi = KPIS.get(str(key[-1]))
        mean, low, high = t_interval(values)
        bounds = kpi.bounds if kpi else (-math.inf, math.inf)
        clipped = bool(low < bounds[0] or high > bounds[1])
        target = _target_half_width(values, precision, kpi.unit if kpi else None)
        rows.append(
            (
                *key,
                int((~np.isnan(values)).sum()),
                mean,
                float(np.nanstd(values, ddof=1)) if len(values) > 1 else math.nan,
                max(low, bounds[0]) if low == low else low,
                min(high, bounds[1]) if high == high else high,
                clipped,
                target,
                _needed_or_nan(values, target),
            )
        )
    columns = [*by, "kpi", "n", "mean", "std", "ci_low", "ci_high", "ci_clipped"]
    return pd.DataFrame(rows, columns=[*columns, "target_half_width", "replications_needed"])


def paired_differences(
    outcomes: pd.DataFrame, baseline: str, *, column: str = "scenario"
) -> pd.DataFrame:
    """Each scenario minus the baseline, paired by replication (common random numbers)."""
    wide = outcomes.pivot_table(
        index=["replication", "kpi"], columns=column, values="value", aggfunc="first"
    )
    rows = []
    for other in wide.columns:
        if other == baseline:
            continue
        difference = (wide[other] - wide[baseline]).dropna()
        for kpi, values in difference.groupby(level="kpi", sort=False):
            mean, low, high = t_interval(values.to_numpy())
            rows.append((other, baseline, kpi, len(values), mean, low, high))
    frame = pd.DataFrame(
        rows, columns=[column, "baseline", "kpi", "n", "difference", "ci_low", "ci_high"]
    )
    order = {kpi: i for i, kpi in enumerate(dict.fromkeys(outcomes["kpi"]))}
    return frame.sort_values(
        [column, "kpi"], key=lambda c: c.map(order) if c.name == "kpi" else c, kind="stable"
    ).reset_index(drop=True)


def _t(n: int, confidence: float) -> float:
    return float(stats.t.ppf(0.5 + confidence / 2, df=n - 1))


def _relative(values: np.ndarray, precision: float | None) -> float | None:
    return None if precision is None else precision * abs(float(values.mean()))


def _target_half_width(values: np.ndarray, precision: float, unit: str | None) -> float:
    values = values[~np.isnan(values)]
    relative = precision * abs(float(values.mean())) if len(values) else math.nan
    return max(relative, ABSOLUTE_HALF_WIDTH.get(unit or "", 0.0))


def _needed_or_nan(values: np.ndarray, target: float) -> float:
    values = values[~np.isnan(values)]
    if len(values) < 2 or not target > 0:
        return math.nan
    return float(replications_needed(values, relative_precision=None, half_width=target))
