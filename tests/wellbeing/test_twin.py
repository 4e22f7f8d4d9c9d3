"""The personal twin: answers become residents, projections respond to actions, health age."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ekosim.wellbeing.person import (
    LIMITS,
    Person,
    as_residents,
    audit_c,
    quit_smoking_life_years,
)
from ekosim.wellbeing.twin import (
    LIFETIME_END_AGE,
    REFERENCE,
    WHO5_RETEST_ICC,
    health_age,
    project_lifetime,
    project_person,
)

AT_RISK = Person(age=55, weight_kg=95, waist_cm=105, smoker=True, lonely=True, social=False)


def test_audit_c_scores_and_estimates_grams() -> None:
    assert audit_c((0, 0, 0), "male").grams_per_week == 0.0
    heavy = audit_c((4, 2, 2), "male")
    assert (heavy.score, heavy.positive) == (8, True)
    assert heavy.grams_per_week == pytest.approx(5 * 5.5 * 12)
    assert audit_c((1, 1, 1), "female").positive and not audit_c((1, 1, 1), "male").positive
    with pytest.raises(ValueError, match="AUDIT-C"):
        audit_c((5, 0, 0), "male")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"age": 0}, "age"),
        ({"weight_kg": 500.0, "height_cm": 158.0}, "bmi"),
        ({"sleep_hours": 30.0}, "sleep_hours"),
        ({"weight_kg": None}, "weight_kg"),
        ({"age": float("nan")}, "age"),
    ],
)
def test_impossible_answers_are_named(change: dict[str, float], problem: str) -> None:
    person = replace(Person(), **change)
    assert problem in person.problems()
    with pytest.raises(ValueError, match=problem):
        as_residents(person, 1)


def test_a_missing_weight_is_named_once_not_as_a_bmi_too() -> None:
    assert replace(Person(), weight_kg=None).problems() == ["weight_kg"]  # type: ignore[arg-type]


def test_plausible_defaults_and_export_round_trip() -> None:
    assert Person().problems() == []
    assert set(LIMITS) >= {"age", "bmi"}
    assert Person.from_dict(AT_RISK.as_dict()) == AT_RISK
    with pytest.raises(ValueError, match="unknown"):
        Person.from_dict({"name": "Maija"})
    with pytest.raises(ValueError):
        Person.from_dict({"family_history": "aunt"})


def test_projection_shapes_and_reproducibility() -> None:
    first = project_person(AT_RISK, ["exercise-150"], years=3, runs=50, seed=4)
    again = project_person(AT_RISK, ["exercise-150"], years=3, runs=50, seed=4)
    assert first.planned.wellbeing.shape == (5, 4)
    assert np.array_equal(first.planned.wellbeing, again.planned.wellbeing)
    assert np.all(np.diff(first.planned.wellbeing, axis=0) >= 0)  # quantiles ordered
    assert np.all(np.diff(first.current.diabetes_risk[1]) >= 0)  # cumulative risk never falls
    low, share, high = first.current.cvd_risk
    assert np.all(low <= share) and np.all(share <= high)
    assert 0 <= first.current.healthy_years <= 3


def test_no_actions_plan_equals_current_habits() -> None:
    result = project_person(AT_RISK, [], years=2, runs=40, seed=1)
    assert np.array_equal(result.current.wellbeing, result.planned.wellbeing)
    assert result.health_age == result.planned_health_age


def test_actions_help_on_average_and_are_ranked() -> None:
    result = project_person(AT_RISK, ["exercise-150"], years=10, runs=400, seed=2)
    assert result.planned.diabetes_risk[1, -1] < result.current.diabetes_risk[1, -1]
    assert result.planned.healthy_years > result.current.healthy_years
    assert result.planned_health_age < result.health_age
    names = [gain.action for gain in result.ranking]
    assert "exercise-150" not in names and "quit-smoking" in names
    assert "alcohol-under-100g" not in names  # not a heavy drinker: not offered
    gains = [gain.healthy_years for gain in result.ranking]
    assert gains == sorted(gains, reverse=True)


def test_health_age_of_the_reference_is_the_age_and_risks_raise_it() -> None:
    for age in (30.0, 55.0, 75.0):
        assert health_age(replace(REFERENCE, age=age)) == pytest.approx(age, abs=0.2)
    assert health_age(AT_RISK) > AT_RISK.age + 5
    assert health_age(AT_RISK, ["quit-smoking"]) < health_age(AT_RISK)


def test_bad_projection_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        project_person(Person(), years=0)
    with pytest.raises(ValueError, match="unknown action"):
        project_person(Person(), ["yoga"])


@pytest.mark.parametrize("answers", [(1, 1, 2, 1, 2), (3, 3, 2, 2, 2)])  # WHO-5 28 and 48
def test_well_being_does_not_improve_by_itself(answers: tuple[int, ...]) -> None:
    """Only the fortnight's noise regresses to the mean (test-retest ICC 0.81); after that,
    current habits keep the level, so the median never climbs past the regressed level."""
    person = Person(who5=answers)
    twin = project_person(person, [], years=10, runs=400, seed=3)
    start, median = 4 * sum(answers), twin.current.wellbeing[2]
    typical = 74.0  # the model's WHO-5 for this person's state: 70, +4 for social life
    regressed = typical + WHO5_RETEST_ICC * (start - typical)
    assert median[1:].max() < regressed + 2.0
    assert median[-1] < start + 10  # less than a meaningful change (10 points, DOMAIN.md)
    chosen = project_person(person, ["exercise-150"], years=10, runs=400, seed=3)
    assert chosen.planned.wellbeing[2, -1] > median[-1]  # a habit does move it


@pytest.mark.parametrize(
    ("age", "years"),
    [
        *[(18, 10.0), (25, 10.0), (34.9, 10.0), (35, 9.0), (45, 6.0), (54, 6.0), (55, 4.0)],
        *[(64.9, 4.0), (65, None), (80, None)],
    ],
)
def test_quitting_smoking_gains_the_years_jha_reports(age: float, years: float | None) -> None:
    assert quit_smoking_life_years(age) == years


def test_the_lifetime_view_is_reproducible_ordered_and_kept_to_a_life() -> None:
    first = project_lifetime(AT_RISK, ["exercise-150"], runs=200, seed=5)
    again = project_lifetime(AT_RISK, ["exercise-150"], runs=200, seed=5)
    assert again.gain == first.gain and again.ranking == first.ranking
    assert np.array_equal(again.planned.age_at_death, first.planned.age_at_death)
    for span in (first.current, first.planned):
        assert AT_RISK.age < span.healthy_life_expectancy <= span.life_expectancy
        assert span.life_expectancy < LIFETIME_END_AGE
        assert np.all(np.diff(span.age_at_death) >= 0)
        assert AT_RISK.age <= span.age_at_death[0] and span.age_at_death[-1] <= LIFETIME_END_AGE
    mean, low, high = first.gain.life_years
    assert 0 < low <= mean <= high  # exercise adds years, beyond the simulation's noise
    assert first.planned.life_expectancy - first.current.life_expectancy == pytest.approx(mean)
    gains = [gain.life_years[0] for gain in first.ranking]
    assert gains == sorted(gains, reverse=True)
    assert "exercise-150" not in {gain.action for gain in first.ranking}
    nothing = project_lifetime(AT_RISK, [], runs=50, seed=1)
    assert nothing.gain.life_years[0] == 0
    assert nothing.current.life_expectancy == nothing.planned.life_expectancy


def test_quitting_smoking_adds_years_over_a_lifetime_and_more_when_young() -> None:
    """Jha et al. 2013's ordering (10 years at 30, 4 at 60): the model's own figures fall
    with age too, and quitting at 30 is worth years, not the +0.1 of a ten-year view."""
    young = project_lifetime(Person(age=30, smoker=True), ["quit-smoking"], runs=400, seed=2)
    old = project_lifetime(Person(age=60, smoker=True), ["quit-smoking"], runs=400, seed=2)
    assert young.gain.life_years[1] > 2.0
    assert young.gain.life_years[0] > old.gain.life_years[0] > 0
    assert young.gain.healthy_years[0] > 0
    ten_years = project_person(Person(age=30, smoker=True), ["quit-smoking"], runs=400, seed=2)
    assert young.gain.healthy_years[0] > 5 * (
        ten_years.planned.healthy_years - ten_years.current.healthy_years
    )


def test_a_bad_lifetime_request_is_refused() -> None:
    with pytest.raises(ValueError):
        project_lifetime(Person(), runs=1)
    with pytest.raises(ValueError, match="unknown action"):
        project_lifetime(Person(), ["yoga"])
