"""'If 10% of the residents here did the same': paired whole-model runs of the area."""

from __future__ import annotations

import math

import pytest

from ekosim.scenario import load_scenario
from ekosim.wellbeing.area import AREA_KPIS, area_effect

SMALL = load_scenario("tesoma-alliance", {"population.size": 3000})


def test_a_share_of_adults_start_and_the_runs_are_paired_and_reproducible() -> None:
    effect = area_effect(SMALL, ["exercise-150"], share=0.10, years=1, replications=2, seed=3)
    adults = 3000 * 0.8  # roughly four in five residents are adults in Tesoma
    assert 0.06 * adults < effect.starters < 0.14 * adults
    assert set(effect.as_is) == set(effect.difference) == set(AREA_KPIS)
    for mean, low, high in effect.difference.values():
        assert low <= mean <= high and not math.isnan(mean)
    again = area_effect(SMALL, ["exercise-150"], share=0.10, years=1, replications=2, seed=3)
    assert again == effect


def test_actions_no_one_can_take_change_nothing() -> None:
    young = load_scenario(SMALL, {"population.age_structure": {"0-14": 1.0}})
    effect = area_effect(young, ["quit-smoking"], share=0.5, years=1, replications=2, seed=1)
    assert effect.starters == 0
    assert all(mean == 0.0 for mean, _, _ in effect.difference.values())


@pytest.mark.parametrize(
    ("actions", "share", "replications"),
    [([], 0.1, 2), (["exercise-150"], 0.0, 2), (["exercise-150"], 0.1, 1), (["yoga"], 0.1, 2)],
)
def test_bad_requests_are_refused(actions: list[str], share: float, replications: int) -> None:
    with pytest.raises(ValueError):
        area_effect(SMALL, actions, share=share, years=1, replications=replications)
