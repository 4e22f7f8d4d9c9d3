"""The virtual trial reproduces the DPS within its stated tolerance; its invariants hold."""

from __future__ import annotations

import itertools

import pytest

from ekosim.wellbeing import ACTIONS, Cohort, trial
from ekosim.wellbeing.trial import DPS_TARGETS, DPS_TOLERANCE

N = 20_000  # a arm; small enough for a second, large enough for the tolerance


def test_dps_lifestyle_reproduces_four_year_incidence() -> None:
    result = trial("dps-lifestyle", n=N, years=4, seed=11)
    control, intervention = result.control, result.intervention
    assert control.cumulative_incidence == pytest.approx(
        DPS_TARGETS["control_4_years"], abs=DPS_TOLERANCE["control_4_years"]
    )
    assert intervention.cumulative_incidence == pytest.approx(
        DPS_TARGETS["intervention_4_years"], abs=DPS_TOLERANCE["intervention_4_years"]
    )
    assert len(control.cumulative_by_year) == 4


def test_dps_lifestyle_reproduces_the_58_percent_reduction() -> None:
    result = trial(["dps-lifestyle"], n=N, years=3.2, seed=12)
    assert result.relative_risk_reduction == pytest.approx(
        DPS_TARGETS["rrr_3_2_years"], abs=DPS_TOLERANCE["rrr_3_2_years"]
    )
    assert set(result.actions) == {"exercise-150", "vegetables-weight-loss"}


def test_effect_fades_after_stopping_like_the_dps_follow_up() -> None:
    """Lindström et al. 2006: stopping after about 4 years left 43% reduction over 7 years."""
    stopped = trial("dps-lifestyle", n=N, years=7, seed=13, stop_actions_after_years=4)
    kept = trial("dps-lifestyle", n=N, years=7, seed=13)
    assert 0.33 < stopped.relative_risk_reduction < 0.53
    assert stopped.relative_risk_reduction < kept.relative_risk_reduction - 0.05
    assert stopped.relative_risk_reduction > 0.2  # the effect fades, it does not vanish at once


def test_actions_without_a_diabetes_effect_change_nothing() -> None:
    assert ACTIONS["sleep-7-8h"].diabetes_hr == 1.0
    result = trial("sleep-7-8h", n=5000, years=3, seed=14)
    assert abs(result.relative_risk_reduction) < 0.12


def test_same_seed_same_result_and_cumulative_incidence_never_falls() -> None:
    first = trial("exercise-150", n=2000, years=5, seed=15)
    assert first == trial("exercise-150", n=2000, years=5, seed=15)
    for arm in (first.control, first.intervention):
        by_year = arm.cumulative_by_year
        assert all(a <= b for a, b in itertools.pairwise(by_year))
        assert by_year[-1] == arm.cumulative_incidence


def test_a_lower_risk_cohort_has_less_diabetes() -> None:
    healthy = Cohort(impaired_glucose_tolerance=False, bmi_mean=26.0, min_bmi=18.5)
    low = trial("dps-lifestyle", n=5000, years=4, seed=16, cohort=healthy)
    assert low.control.cumulative_incidence < 0.12


@pytest.mark.parametrize(
    ("actions", "kwargs"),
    [("no-such-action", {}), ("exercise-150", {"n": 0}), ("exercise-150", {"years": 0})],
)
def test_bad_requests_raise_value_error(actions: str, kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        trial(actions, **{"n": 10, "years": 1, "seed": 0, **kwargs})  # type: ignore[arg-type]
