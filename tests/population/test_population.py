"""Residents and their dynamics: plausible joint state, conservation, calibrated demand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import ekosim
from ekosim.contacts import Contacts
from ekosim.population import NEEDS, Population, health
from ekosim.population.health import findrisc_points, frail_prevalence
from ekosim.wellbeing import findrisc

FAMILY = ("none", "second_degree", "first_degree")


@pytest.fixture(scope="module")
def scenario() -> ekosim.Scenario:
    return ekosim.load_scenario("tesoma-base", {"population.size": 20_000, "horizon_years": 2})


@pytest.fixture(scope="module")
def two_years(scenario: ekosim.Scenario) -> Population:
    population = Population(scenario, np.random.default_rng(5))
    for day in range(2 * 365):
        population.step(day)
    return population


def test_joint_distribution_is_plausible(scenario: ekosim.Scenario) -> None:
    r = Population(scenario, np.random.default_rng(1)).residents
    adult = r.alive & (r.age >= 18)
    old, young = adult & (r.age >= 65), adult & (r.age < 45)
    assert 0.03 < r.diabetes[adult].mean() < 0.10  # FinHealth 2017: about 6%
    assert r.diabetes[old].mean() > 3 * r.diabetes[young].mean()
    assert r.diabetes[adult & (r.bmi > 30)].mean() > r.diabetes[adult & (r.bmi < 25)].mean()
    assert r.frail[r.alive & (r.age >= 85)].mean() > 2 * r.frail[r.alive & (r.age < 75)].mean()
    assert r.lonely[r.living_alone].mean() > 1.5 * r.lonely[r.alive & ~r.living_alone].mean()
    assert not r.frail[r.alive & (r.age < 65)].any() and not r.smoker[r.age < 18].any()
    assert 55 < r.wellbeing[r.alive].mean() < 75  # WHO-5 mean about 65 (Topp et al. 2015)


def test_vectorised_findrisc_matches_the_form(scenario: ekosim.Scenario) -> None:
    r = Population(scenario, np.random.default_rng(2)).residents
    points = findrisc_points(r)
    for i in np.flatnonzero(r.alive)[:300]:
        form = findrisc(
            age=float(r.age[i]),
            sex="female" if r.female[i] else "male",
            bmi=float(r.bmi[i]),
            waist_cm=float(r.waist_cm[i]),
            active_30min_daily=bool(r.active[i]),
            vegetables_daily=bool(r.vegetables[i]),
            bp_medication=bool(r.bp_medication[i]),
            high_glucose_history=bool(r.high_glucose[i]),
            family_history=FAMILY[r.family_history[i]],
        )
        assert form.points == points[i]


def test_people_are_conserved_and_counts_add_up(two_years: Population) -> None:
    r, events = two_years.residents, two_years.events
    used = two_years.next_slot
    assert not (r.alive[used:] | r.died[used:]).any()
    left = used - r.alive.sum() - r.died.sum()
    assert r.died.sum() == events.deaths
    assert left == events.moved_out
    assert used == two_years.scenario.population.size + events.births + events.moved_in
    assert not (r.alive & r.died).any()


def test_population_stays_realistic(two_years: Population) -> None:
    events, start = two_years.events, two_years.scenario.population.size
    per_year = {name: count / start / 2 for name, count in events.as_dict().items()}
    assert 0.006 < per_year["deaths"] < 0.014  # Finland about 1.0% a year (Statistics Finland)
    assert 0.003 < per_year["diabetes_onsets"] < 0.012  # adults about 0.5-0.8% a year
    assert 0.98 < two_years.residents.size / start < 1.04


def test_arrays_hold_the_used_slots_and_a_chunk_and_grow_a_chunk_at_a_time(
    scenario: ekosim.Scenario,
) -> None:
    population = Population(scenario, np.random.default_rng(3))
    r, chunk, start = population.residents, population.growth_chunk, scenario.population.size
    assert r.capacity == min(start + chunk, r.state.planned_slots) < r.state.planned_slots
    allocations = [r.age]
    for day in range(2 * 365):
        population.step(day)
        if r.age is not allocations[-1]:
            allocations.append(r.age)
        assert population.next_slot <= r.capacity <= population.next_slot + chunk
    newcomers = population.next_slot - start
    assert len(allocations) - 1 <= newcomers // chunk + 1
    assert r.capacity <= r.state.planned_slots


def test_contacts_are_calibrated_and_carry_needs(two_years: Population) -> None:
    days, living = 200, two_years.residents.size
    batches = [two_years.new_contacts(day) for day in range(days)]
    per_year = sum(len(b) for b in batches) / days * 365 / living
    assert per_year == pytest.approx(two_years.scenario.demand.contacts_per_resident_year, rel=0.03)
    need = np.concatenate([b.need for b in batches])
    resident = np.concatenate([b.resident for b in batches])
    assert set(np.unique(need)) == set(range(len(NEEDS)))
    assert two_years.residents.alive[resident].all()  # the dead and the departed seek no care
    r = two_years.residents
    chronic = resident[need == NEEDS.index("chronic")]
    assert (r.diabetes[chronic] | r.cvd[chronic] | r.bp_medication[chronic]).all()
    assert r.frail[resident[need == NEEDS.index("home_care")]].all()


def test_contacts_of_residents_only_are_non_urgent_acute_needs() -> None:
    batch = Contacts.of(np.array([3, 4], dtype=np.int64))
    assert len(batch) == 2 and batch.need.tolist() == [0, 0] and not batch.urgent.any()


def test_the_population_draws_the_one_contact_type_the_care_paths_take(
    scenario: ekosim.Scenario,
) -> None:
    population = Population(scenario, np.random.default_rng(5))
    contacts = population.new_contacts(1)
    assert type(contacts) is Contacts and len(contacts) > 0
    assert contacts.resident.dtype == np.int64 and contacts.need.dtype == np.int8


def test_same_seed_same_population(scenario: ekosim.Scenario) -> None:
    runs = []
    for _ in range(2):
        population = Population(scenario, np.random.default_rng(9))
        for day in range(200):
            population.step(day)
        runs.append(population)
    assert np.array_equal(runs[0].residents.wellbeing, runs[1].residents.wellbeing)
    assert runs[0].events == runs[1].events


def test_actions_lower_hazards_and_fade_after_stopping(scenario: ekosim.Scenario) -> None:
    population = Population(scenario, np.random.default_rng(4))
    r = population.residents
    population.adopt("dps-lifestyle", r.alive)
    assert (r.action_strength[r.alive].sum(axis=1) == 2).all()
    population.stop_actions()
    strengths = []
    for _ in range(12 * 3):  # three years on a two-year scenario: the arrays may grow
        population.month()
        r = population.residents
        strengths.append(float(r.action_strength[r.alive].max()))
    assert all(a >= b for a, b in itertools.pairwise(strengths))
    # Half-life 1.4 years: after about 3 years a fifth of the effect is left, not zero.
    assert 0.1 < strengths[-1] < 0.3


def test_frailty_and_function_by_age_stay_near_stationary() -> None:
    """Five years on, each old age band's frailty and mean functional ability are those of
    the synthesised (Collard et al.) age curve, and of dementia's prevalence curve, at the
    band's current ages: nothing piles up."""
    # No home care: no one moves on to 24-hour care (which would thin the frail at home).
    overrides = {"population.size": 60000, "home_care.service": None}
    population = Population(
        ekosim.load_scenario("tesoma-base", overrides), np.random.default_rng(5)
    )
    for _ in range(5 * 12):
        population.month()
    r = population.residents
    for low, high in [(75, 85), (85, 95)]:
        band = r.alive & (r.age >= low) & (r.age < high)
        age, share = r.age[band], frail_prevalence(r.age[band])
        assert r.frail[band].mean() == pytest.approx(share.mean(), rel=0.15), (low, high)
        demented = health.dementia_prevalence(age)  # drawn independently of frailty
        function = sum(
            (share if frail else 1 - share)
            * (demented if dementia else 1 - demented)
            * health.function_at(age, frail, dementia)
            for frail in (True, False)
            for dementia in (True, False)
        )
        assert r.function[band].mean() == pytest.approx(function.mean(), abs=0.02), (low, high)


def test_residents_live_in_the_scenarios_areas_in_their_shares() -> None:
    areas = {"tampere": 0.46, "nokia": 0.07, "rest": 0.47}
    scenario = ekosim.load_scenario("tesoma-base", {"population.areas": areas})
    population = Population(scenario, np.random.default_rng(5))
    for day in range(365):
        population.step(day)
    r = population.residents
    shares = np.bincount(r.area[r.alive], minlength=3) / r.size
    assert shares == pytest.approx(list(areas.values()), abs=0.015)
    single = Population(ekosim.load_scenario("tesoma-base"), np.random.default_rng(5))
    assert (single.residents.area == 0).all()
