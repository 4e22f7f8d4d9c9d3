"""A stable start: the residents' states begin where their own dynamics settle (issue 20.7).

Year 0 and year 1 of a stationary scenario agree within their confidence intervals over a few
replications (a too-wide start spread once made poor well-being fall from 18% to 10% in year
1). Each replication's yearly means come from monthly snapshots; the paired difference of year
1 and year 0 across replications must lie within its 95% interval of zero or a small practical
tolerance (the population ages a little, which is real, not a start-up swing).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats

import ekosim
from ekosim.model import EcosystemModel
from ekosim.population import Population, health
from ekosim.population.residents import Residents
from ekosim.scenario.scaling import scaled

RESIDENTS, REPLICATIONS, MONTHS = 3000, 4, 24
POOR_WHO5 = 52.0  # WHO-5 percent below 52: poor well-being (DOMAIN.md)

MEASURES: dict[str, Callable[[Residents], float]] = {
    "poor_wellbeing_share": lambda r: float((r.wellbeing[r.alive] < POOR_WHO5).mean()),
    "wellbeing_who5_mean": lambda r: float(r.wellbeing[r.alive].mean()),
    "frail_share_65_plus": lambda r: float(r.frail[r.alive & (r.age >= 65)].mean()),
    "dementia_share_65_plus": lambda r: float(r.dementia[r.alive & (r.age >= 65)].mean()),
    "function_mean_75_plus": lambda r: float(r.function[r.alive & (r.age >= 75)].mean()),
    "lonely_share": lambda r: float(r.lonely[r.alive].mean()),
    "mental_need_share": lambda r: float(r.mental_need[r.alive].mean()),
}
# Practical tolerances of a year's change: shares 1.5 points, WHO-5 1 point, function 0.01.
TOLERANCE = {"wellbeing_who5_mean": 1.0, "function_mean_75_plus": 0.01}


def scenario() -> ekosim.Scenario:
    return scaled(ekosim.load_scenario("tesoma-base", {"horizon_years": 2}), RESIDENTS)


def yearly_means(snapshots: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    """(year 0, year 1) means of each measure over its monthly snapshots."""
    half = len(snapshots) // 2
    return {
        name: (
            float(np.mean([s[name] for s in snapshots[:half]])),
            float(np.mean([s[name] for s in snapshots[half:]])),
        )
        for name in MEASURES
    }


def assert_years_agree(runs: list[dict[str, tuple[float, float]]]) -> None:
    problems = []
    for name in MEASURES:
        change = np.array([run[name][1] - run[name][0] for run in runs])
        half_width = stats.t.ppf(0.975, len(change) - 1) * change.std(ddof=1) / len(change) ** 0.5
        start = np.mean([run[name][0] for run in runs])
        allowed = max(half_width, TOLERANCE.get(name, 0.015))
        if abs(change.mean()) > allowed:
            problems.append(f"{name}: {start:.3f} in year 0, change {change.mean():+.3f}")
    assert not problems, problems


def snapshot(residents: Residents) -> dict[str, float]:
    return {name: measure(residents) for name, measure in MEASURES.items()}


def test_the_slow_processes_start_settled() -> None:
    """The population alone (its monthly processes, no care path): no first-year swing."""
    runs = []
    for seed in range(REPLICATIONS):
        population = Population(scenario(), np.random.default_rng(seed))
        snapshots = []
        for day in range(MONTHS * 30):
            population.step(day)
            if day % 30 == 0:
                snapshots.append(snapshot(population.residents))
        runs.append(yearly_means(snapshots))
    assert_years_agree(runs)


@pytest.mark.parametrize("name", ["tesoma-base"])
def test_a_whole_model_starts_settled(name: str) -> None:
    """The residents' states in the whole model (waits lower well-being a little) agree too."""
    runs = []
    for seed in range(3):
        model = EcosystemModel(scenario(), rng=seed)
        snapshots = []
        for _ in range(MONTHS):
            snapshots.append(snapshot(model.population.residents))
            model.run_for(30)
        runs.append(yearly_means(snapshots))
    assert_years_agree(runs)


def test_the_monthly_noise_keeps_the_start_spread() -> None:
    """Well-being's monthly process keeps the spread it starts with (its stationary SD)."""
    pull = -np.expm1(-(30 / 365) / health.WELLBEING_RELAX_YEARS)
    stationary = health.WELLBEING_NOISE_PER_MONTH / np.sqrt(1 - (1 - pull) ** 2)
    assert stationary == pytest.approx(health.WELLBEING_SPREAD, rel=1e-6)


def test_two_state_shares_settle_where_synthesis_starts() -> None:
    """A two-state process started at stationary_share stays there (simulated)."""
    rng = np.random.default_rng(4)
    onset, recovery, n = 0.06, 0.2, 200_000
    state = rng.random(n) < health.stationary_share(onset, recovery)
    start = state.mean()
    for _ in range(36):
        hazard = np.where(state, recovery, onset)
        state ^= health.happens(rng, hazard, 30 / 365)
    assert abs(state.mean() - start) < 0.005
    assert start == pytest.approx(onset / (onset + recovery), abs=0.003)
