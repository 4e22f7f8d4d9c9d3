"""Confidence intervals over replications, and how many replications a precision needs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95
MAX_REPLICATIONS = 100_000


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
    """Per group and KPI: replications, mean, standard deviation, 95 % CI, and replications
    needed for a CI half-width of ``precision`` times the mean."""
    rows = []
    for key, group in outcomes.groupby([*by, "kpi"], sort=False):
        values = group["value"].to_numpy(dtype=float)
        mean, low, high = t_interval(values)
        rows.append(
            (
                *key,
                int((~np.isnan(values)).sum()),
                mean,
                float(np.nanstd(values, ddof=1)) if len(values) > 1 else math.nan,
                low,
                high,
                _needed_or_nan(values, precision),
            )
        )
    columns = [*by, "kpi", "n", "mean", "std", "ci_low", "ci_high", "replications_needed"]
    return pd.DataFrame(rows, columns=columns)


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


def _needed_or_nan(values: np.ndarray, precision: float) -> float:
    values = values[~np.isnan(values)]
    if len(values) < 2 or values.mean() == 0:
        return math.nan
    return float(replications_needed(values, relative_precision=precision))
