"""Dementia: a registered resident state with a sourced incidence by age, a start prevalence
consistent with it, excess mortality and lower functional ability (issue 20.1, population)."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.population import Population, health
from ekosim.population.residents import Residents
from ekosim.population.state import RESIDENTS, field
from ekosim.population.synthesis import side_stream, synthesise

BANDS = ((65, 75), (75, 85), (85, 95))


def share(r: Residents, low: float, high: float) -> float:
    group = r.alive & (r.age >= low) & (r.age < high)
    return float(r.dementia[group].mean())


def test_dementia_is_registered_with_unit_and_meaning() -> None:
    declared = field("dementia")
    assert (declared.dtype, declared.unit, declared.owner) == ("bool", "yes/no", RESIDENTS)
    assert "dementia" in declared.meaning and declared.fill is False


def test_incidence_follows_its_source() -> None:
    """Wolters et al. 2020: about 4 per 1,000 person-years at 65-69 and 65 at 85-89."""
    rate = health.dementia_incidence(np.array([55.0, 59.9, 67.0, 72.0, 87.0, 90.0, 99.0]))
    assert rate[:2].tolist() == [0.0, 0.0]
    assert rate[2] == pytest.approx(0.004, rel=1e-5) and rate[4] == pytest.approx(0.065, rel=1e-5)
    assert 1.8 < rate[3] / rate[2] < 2.2  # about doubling every five years
    assert rate[6] == pytest.approx(rate[5])  # level from 90


def test_start_prevalence_rises_with_age_in_a_plausible_range() -> None:
    scenario = ekosim.load_scenario("tesoma-base", {"population.size": 100_000})
    r = synthesise(scenario.population, np.random.default_rng(3))
    young_old, old, oldest = (share(r, low, high) for low, high in BANDS)
    assert not r.dementia[r.alive & (r.age < health.DEMENTIA_FROM_AGE)].any()
    assert 0.01 < young_old < 0.06 < old < 0.2 < oldest < 0.5
    assert 0.06 < float(r.dementia[r.alive & (r.age >= 65)].mean()) < 0.14


def test_start_prevalence_holds_and_onsets_match_the_incidence() -> None:
    """The prevalence the incidence keeps: no drift by age band over two years; onsets as
    many as the incidence gives the living at risk."""
    scenario = ekosim.load_scenario("tesoma-base", {"population.size": 40_000, "horizon_years": 2})
    for seed in (1, 2):
        population = Population(scenario, np.random.default_rng(seed))
        r = population.residents
        start = [share(r, low, high) for low, high in BANDS]
        expected = 0.0
        for day in range(2 * 365):
            if day % 30 == 0 and day:
                at_risk = r.alive & ~r.dementia
                expected += float(health.dementia_incidence(r.age[at_risk] + 30 / 365).sum())
            population.step(day)
        expected *= 30 / 365
        onsets = population.events.dementia_onsets
        assert abs(onsets - expected) < 4 * expected**0.5, (onsets, expected)
        end = [share(r, low, high) for low, high in BANDS]
        for (low, high), before, after, allowed in zip(
            BANDS, start, end, (0.01, 0.02, 0.04), strict=True
        ):
            assert abs(after - before) < allowed, (low, high, before, after)


def test_dementia_lowers_function_and_doubles_the_death_hazard() -> None:
    scenario = ekosim.load_scenario("tesoma-base", {"population.size": 2000})
    r = synthesise(scenario.population, np.random.default_rng(5))
    old = np.flatnonzero(r.alive & (r.age >= 70))
    r.dementia[old] = False
    without_function = health.functional_ability(r, old)
    without_death = health.death_hazard(r, None)[old]
    r.dementia[old] = True
    with_function = health.functional_ability(r, old)
    with_death = health.death_hazard(r, None)[old]
    loss = without_function - with_function
    floor = with_function <= 0.05 + 1e-6
    assert np.allclose(loss[~floor], health.DEMENTIA_FUNCTION_LOSS, atol=1e-6)
    capped = without_death * health.DEATH_HR["dementia"] >= 5.0
    assert np.allclose(with_death[~capped] / without_death[~capped], 2.0, rtol=1e-5)


def test_the_start_draw_is_repeatable_and_leaves_the_main_stream_alone() -> None:
    scenario = ekosim.load_scenario("tesoma-base", {"population.size": 3000})
    first, second = np.random.default_rng(9), np.random.default_rng(9)
    a, b = synthesise(scenario.population, first), synthesise(scenario.population, second)
    assert np.array_equal(a.dementia, b.dementia) and a.dementia.any()
    assert first.random() == second.random()
    # The side stream is not the main stream's next numbers.
    main = np.random.default_rng(9)
    assert side_stream(main).random() != np.random.default_rng(9).random()
