"""Confidence intervals and the replications a precision needs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from ekosim.experiments import replication_seeds, replications_needed, t_interval
from ekosim.experiments.stats import ABSOLUTE_HALF_WIDTH, paired_differences, summarise
from ekosim.kpis import KPIS


def test_t_interval_matches_scipy() -> None:
    values = np.array([3.1, 2.7, 3.4, 2.9, 3.3])
    mean, low, high = t_interval(values)
    expected = scipy_stats.t.interval(0.95, df=4, loc=values.mean(), scale=scipy_stats.sem(values))
    assert mean == pytest.approx(values.mean())
    assert (low, high) == pytest.approx(expected)


def test_one_replication_has_no_interval() -> None:
    mean, low, high = t_interval(np.array([2.0]))
    assert mean == 2.0 and math.isnan(low) and math.isnan(high)


def test_t_interval_covers_the_true_mean_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(7)
    samples = rng.normal(10.0, 2.0, size=(4000, 6))
    covered = [low <= 10.0 <= high for _, low, high in map(t_interval, samples)]
    assert np.mean(covered) == pytest.approx(0.95, abs=0.012)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(1.0, 100.0), min_size=2, max_size=20),
    st.floats(0.005, 0.5),
)
def test_replications_needed_is_the_smallest_that_reaches_the_precision(
    values: list[float], precision: float
) -> None:
    pilot = np.array(values)
    n = replications_needed(pilot, relative_precision=precision)
    target = precision * abs(pilot.mean())
    deviation = pilot.std(ddof=1)

    def half(k: int) -> float:
        return float(scipy_stats.t.ppf(0.975, k - 1) * deviation / math.sqrt(k))

    assert n >= 2
    assert half(n) <= target or n == 100_000
    if n > 2:
        assert half(n - 1) > target


def test_replications_needed_absolute_precision() -> None:
    pilot = np.array([9.0, 11.0, 10.0, 12.0, 8.0])  # sd = 1.58
    n = replications_needed(pilot, half_width=0.5, relative_precision=None)
    assert 35 <= n <= 45  # (1.96 * 1.58 / 0.5)^2 = 38.4, a little more for t


def test_replications_needed_refuses_a_pilot_of_one() -> None:
    with pytest.raises(ValueError, match="pilot"):
        replications_needed(np.array([1.0]))


def test_seeds_are_distinct_reproducible_and_prefix_stable() -> None:
    seeds = replication_seeds(42, 50)
    assert len(set(seeds)) == 50
    assert seeds == replication_seeds(42, 50)
    assert replication_seeds(42, 10) == seeds[:10]
    assert set(seeds).isdisjoint(replication_seeds(43, 50))
    assert all(0 <= seed < 2**63 for seed in seeds)


def _outcomes() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for replication in range(8):
        shared = rng.normal(0, 5)  # common random numbers: both scenarios see the same noise
        rows.append(("a", replication, "wait", 10 + shared))
        rows.append(("b", replication, "wait", 12 + shared + rng.normal(0, 0.1)))
    return pd.DataFrame(rows, columns=["scenario", "replication", "kpi", "value"])


def test_paired_differences_are_sharper_than_the_means() -> None:
    outcomes = _outcomes()
    summary = summarise(outcomes, ["scenario"])
    differences = paired_differences(outcomes, "a")
    row = differences.iloc[0]
    assert row["scenario"] == "b" and row["n"] == 8
    assert row["ci_low"] <= 2.0 <= row["ci_high"]
    mean_width = (summary["ci_high"] - summary["ci_low"]).min()
    assert row["ci_high"] - row["ci_low"] < mean_width / 10


# --- Bounded KPIs (issue 18 point 8) ---


def outcomes_of(kpi: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"scenario": "s", "replication": range(len(values)), "kpi": kpi, "value": values}
    )


@pytest.mark.parametrize("kpi", sorted(KPIS))
def test_every_kpis_interval_stays_within_its_bounds(kpi: str) -> None:
    low_bound, high_bound = KPIS[kpi].bounds
    near = [low_bound] * 4 + [low_bound + 0.01] if np.isfinite(low_bound) else [0.0] * 5
    far = [high_bound] * 4 + [high_bound - 0.01] if np.isfinite(high_bound) else None
    for values in [near, far] if far else [near]:
        row = summarise(outcomes_of(kpi, values), ["scenario"]).iloc[0]
        assert low_bound <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= high_bound, kpi
        assert row["ci_clipped"], kpi  # the t-interval crossed the bound: clipped and marked


def test_an_interval_inside_the_bounds_is_not_clipped() -> None:
    row = summarise(outcomes_of("unmet_need_share", [0.4, 0.5, 0.45]), ["scenario"]).iloc[0]
    assert not row["ci_clipped"]
    _, low, high = t_interval(np.array([0.4, 0.5, 0.45]))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))


def test_every_kpi_unit_has_an_absolute_precision() -> None:
    assert {kpi.unit for kpi in KPIS.values()} <= set(ABSOLUTE_HALF_WIDTH)


def test_replications_needed_near_a_zero_mean_uses_the_units_absolute_half_width() -> None:
    """A share near 0 (mean 0.001) would need thousands of replications for +-5% of it; with
    the unit's absolute half-width it needs the replications that reach +-0.005."""
    values = [0.0, 0.002, 0.001, 0.0, 0.002]
    row = summarise(outcomes_of("unmet_need_share", values), ["scenario"]).iloc[0]
    expected = replications_needed(
        np.array(values), relative_precision=None, half_width=ABSOLUTE_HALF_WIDTH["fraction"]
    )
    assert row["replications_needed"] == expected
    assert row["target_half_width"] == ABSOLUTE_HALF_WIDTH["fraction"]
    far = summarise(outcomes_of("cost_per_resident_eur_year", [900, 1000, 950]), ["scenario"])
    assert far.iloc[0]["target_half_width"] == pytest.approx(0.05 * 950)
