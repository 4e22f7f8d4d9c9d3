"""Key result areas on the residents: each KPI moves the documented way when its driver moves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.population import Population
from ekosim.population.dynamics import STEP_YEARS
from ekosim.population.keyresults import KeyResults, coverage, in_ages

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def scenario() -> ekosim.Scenario:
    return ekosim.load_scenario("tesoma-base", {"population.size": 4000, "horizon_years": 1})


def child_index_after_a_year(scenario: ekosim.Scenario, seed: int) -> float:
    """The residents' and the key results' streams are the same for every lever (CRN)."""
    population = Population(scenario, np.random.default_rng(seed))
    results = KeyResults(scenario, population.residents, np.random.default_rng(seed + 100))
    assisted = np.zeros(population.residents.capacity, dtype=bool)
    for _ in range(12):
        population.month()
        results.month(population.residents, assisted, STEP_YEARS)
    return results.observe(population.residents, assisted, 365)["child_wellbeing_index"]


@pytest.mark.parametrize(
    "lever",
    [
        "family_work_hours_per_week",
        "school_nurses",
        "youth_space_hours_per_week",
        "library_hours_per_week",
    ],
)
def test_each_childrens_service_raises_the_childrens_index(
    scenario: ekosim.Scenario, lever: str
) -> None:
    none = ekosim.load_scenario(scenario, {f"children.{lever}": 0})
    ample = ekosim.load_scenario(scenario, {f"children.{lever}": 150})
    gains = [
        child_index_after_a_year(ample, seed) - child_index_after_a_year(none, seed)
        for seed in SEEDS
    ]
    assert min(gains) > 0.3  # index points; full coverage of one service against none


def test_coverage_is_capacity_over_need_at_most_one() -> None:
    assert coverage(30, 60) == 0.5
    assert coverage(90, 60) == 1.0
    assert coverage(0, 0) == 1.0


def test_waiting_lowers_work_ability_and_adds_sickness_absence(
    scenario: ekosim.Scenario,
) -> None:
    population = Population(scenario, np.random.default_rng(4))
    r = population.residents
    results = KeyResults(scenario, r, np.random.default_rng(5))
    working = np.flatnonzero(in_ages(r, 18, 65))
    child = np.flatnonzero(in_ages(r, 0, 18))[:1]
    before = results.work_ability.copy()
    results.waited(r, np.concatenate([working, child]), np.full(len(working) + 1, 10))
    after = results.work_ability
    assert np.allclose(after[working], np.maximum(before[working] - 0.2, 0.0), atol=1e-4)
    assert after[child] == before[child]  # children's work ability is not measured
    assert results.absence_days == pytest.approx(0.3 * 10 * len(working))


def test_illness_lowers_work_ability_and_raises_sickness_absence(
    scenario: ekosim.Scenario,
) -> None:
    population = Population(scenario, np.random.default_rng(6))
    r = population.residents
    results = KeyResults(scenario, r, np.random.default_rng(7))
    working = in_ages(r, 18, 65)
    healthy = results.observe(r, np.zeros(r.capacity, bool), 30)
    r.mental_need[working] = True
    results.month(r, np.zeros(r.capacity, bool), 1.0)  # a year's pull towards the target
    for _ in range(30):
        results.day()
    ill = results.observe(r, np.zeros(r.capacity, bool), 30)
    assert ill["work_ability_mean"] < healthy["work_ability_mean"] - 1.5
    assert (
        ill["sickness_absence_days_per_working_age_year"]
        > 2 * healthy["sickness_absence_days_per_working_age_year"]
    )


def test_rehabilitation_raises_older_peoples_functional_ability(
    small_tesoma: ekosim.Scenario,
) -> None:
    def function(places: int, seed: int) -> float:
        scenario = ekosim.load_scenario(
            small_tesoma, {"older_people.rehabilitation_places": places}
        )
        kpis = ekosim.run(scenario, seed=seed, years=2).kpis
        return float(kpis.loc[kpis["kpi"] == "functional_ability_mean_65_plus", "value"].mean())

    assert all(function(2000, seed) > function(0, seed) + 0.005 for seed in SEEDS[:2])


def test_rehabilitation_ends_home_care_for_those_who_recover(scenario: ekosim.Scenario) -> None:
    """Fewer regular clients then move on to 24-hour care (HomeCare moves a share of clients)."""

    def clients_after_a_year(places: int) -> tuple[int, int]:
        with_places = ekosim.load_scenario(scenario, {"older_people.rehabilitation_places": places})
        population = Population(with_places, np.random.default_rng(8))
        r = population.residents
        results = KeyResults(with_places, r, np.random.default_rng(9))
        client = r.alive & r.frail
        assisted = np.zeros(r.capacity, dtype=bool)
        for _ in range(12):
            results.month(r, assisted, STEP_YEARS, client)
        return int(client.sum()), int((r.frail & r.alive).sum())

    (clients_without, frail_without), (clients_with, frail_with) = map(
        clients_after_a_year, (0, 2000)
    )
    assert clients_with < 0.9 * clients_without
    assert frail_with < frail_without


def test_specialist_care_use_counts_every_referral(
    small_tesoma: ekosim.Scenario,
) -> None:
    # The cost KPI counts referrals only: without readmissions, at 1,000 EUR a referral,
    # visits per 1,000 residents and EUR per resident must agree exactly.
    scenario = ekosim.load_scenario(
        small_tesoma,
        {
            "specialist_care.cost_per_referral_eur": 1000,
            "transitions.readmission_base": 0.0,
            # only the flat cost per referral: no visits, admissions or emergency stream
            "specialist_care.outpatient_visits_per_referral": 0.0,
            "specialist_care.referral_admission_share": 0.0,
            "specialist_care.emergency_visits_per_1000_year": {},
            "specialist_care.frail_emergency_visits_per_client_year": 0.0,
            # care not given ends in emergencies (carepath.unmet): without the stream's price
            # each is one visit at the flat 1,000 EUR too
            "specialist_care.emergency_visit_cost_eur": 0.0,
            "unmet_care.emergency_cost_eur": 1000,
        },
    )
    kpis = ekosim.run(scenario, seed=3, years=1).kpis.pivot(index="day", columns="kpi")["value"]
    visits = kpis["specialist_care_visits_per_1000_year"]
    assert (visits > 0).all() and kpis["unmet_care_emergencies_per_1000_year"].sum() > 0
    assert np.allclose(visits, kpis["specialist_care_eur_per_resident_year"])


def test_more_referrals_mean_more_specialist_care_use(small_tesoma: ekosim.Scenario) -> None:
    def visits(share: float) -> float:
        scenario = ekosim.load_scenario(
            small_tesoma, {"specialist_care.referral_share.health_station": share}
        )
        return ekosim.run(scenario, seed=4, years=1).final_kpis()[
            "specialist_care_visits_per_1000_year"
        ]

    assert visits(0.16) > 1.5 * visits(0.04)


def test_longer_waits_lower_work_ability_and_raise_sickness_absence(
    small_tesoma: ekosim.Scenario,
) -> None:
    def work(scale: float) -> tuple[float, float]:
        capacity = round(small_tesoma.services["health_station"].capacity_per_day * scale)
        scenario = ekosim.load_scenario(
            small_tesoma,
            {
                "services.health_station.capacity_per_day": capacity,
                "services.health_station.profession": None,  # nominal capacity, no staffing
            },
        )
        final = ekosim.run(scenario, seed=6, years=1).final_kpis()
        return final["work_ability_mean"], final["sickness_absence_days_per_working_age_year"]

    (ability_full, absence_full), (ability_cut, absence_cut) = work(1.0), work(0.75)
    assert ability_cut < ability_full
    assert absence_cut > absence_full


def test_childrens_services_change_the_childrens_index_only(small_tesoma: ekosim.Scenario) -> None:
    """The key results draw from their own stream: a lever that acts on them alone leaves
    every other KPI exactly as it was."""

    def kpis(hours: float) -> pd.Series:
        scenario = ekosim.load_scenario(
            small_tesoma, {"children.youth_space_hours_per_week": hours}
        )
        frame = ekosim.run(scenario, seed=7, years=1).kpis
        return frame.set_index(["day", "kpi"])["value"]

    closed, open_ = kpis(0.0), kpis(40.0)
    other = closed.index.get_level_values("kpi") != "child_wellbeing_index"
    pd.testing.assert_series_equal(closed[other], open_[other])
    assert (open_[~other] > closed[~other]).all()
