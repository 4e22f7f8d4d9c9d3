"""The vectorised engine and the one-agent-per-resident Mesa reference agree statistically.

Both run the same scenario for five years over several replications (the engine is cheap, so
it gets more); for each outcome a Welch t-test must not reject equal means at ALPHA, which
is Bonferroni-corrected so that all outcomes together raise a false alarm under 1% of the time.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import ekosim
from ekosim.population import NEEDS, Population
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS
from ekosim.reference import ReferenceModel

YEARS, MONTHS = 5, 60
ALPHA = 0.01 / (4 + len(NEEDS))  # per outcome; four counts and the need-type shares


def engine_outcomes(scenario: ekosim.Scenario, seed: int) -> dict[str, float]:
    population = Population(scenario, np.random.default_rng(seed))
    contacts = np.zeros(len(NEEDS))
    for day in range(MONTHS * SLOW_PROCESS_INTERVAL_DAYS):
        population.step(day)
        contacts += np.bincount(population.new_contacts(day).need, minlength=len(NEEDS))
    population.step(MONTHS * SLOW_PROCESS_INTERVAL_DAYS)
    r = population.residents
    return _outcomes(
        population.events.diabetes_onsets,
        population.events.deaths,
        float(r.wellbeing[r.alive].mean()),
        r.size,
        contacts,
    )


def reference_outcomes(scenario: ekosim.Scenario, seed: int) -> dict[str, float]:
    model = ReferenceModel(scenario, rng=seed)
    model.run_for(MONTHS)
    frame = model.datacollector.get_model_vars_dataframe()
    return _outcomes(
        model.diabetes_onsets,
        model.deaths,
        float(frame["mean_wellbeing"].iloc[-1]),
        len(model.agents),
        np.array(model.contacts, dtype=float),
    )


def _outcomes(
    onsets: int, deaths: int, wellbeing: float, living: int, contacts: np.ndarray
) -> dict[str, float]:
    shares = contacts / contacts.sum()
    return {
        "diabetes_onsets": onsets,
        "deaths": deaths,
        "mean_wellbeing": wellbeing,
        "living": living,
        **{f"share_{need}": shares[i] for i, need in enumerate(NEEDS)},
    }


def check_agreement(size: int, engine_runs: int, reference_runs: int) -> None:
    scenario = ekosim.load_scenario(
        "tesoma-base", {"population.size": size, "horizon_years": YEARS}
    )
    engine = [engine_outcomes(scenario, 100 + i) for i in range(engine_runs)]
    reference = [reference_outcomes(scenario, 200 + i) for i in range(reference_runs)]
    for name in engine[0]:
        a = np.array([run[name] for run in engine])
        b = np.array([run[name] for run in reference])
        p_value = stats.ttest_ind(a, b, equal_var=False).pvalue
        assert p_value > ALPHA, (name, a.mean(), b.mean(), p_value)


def test_engine_and_reference_agree_over_five_years() -> None:
    check_agreement(size=500, engine_runs=12, reference_runs=6)


@pytest.mark.slow
def test_engine_and_reference_agree_over_five_years_large() -> None:
    check_agreement(size=3000, engine_runs=30, reference_runs=10)
