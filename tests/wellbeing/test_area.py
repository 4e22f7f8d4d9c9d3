"""'If 10% of the residents here did the same': paired whole-model runs of the area."""

from __future__ import annotations

import math

import pytest

from ekosim.scenario import load_scenario
from ekosim.wellbeing.area import AREA_KPIS, area_effect, area_residents, neighbours_effect

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


def test_the_area_is_named_and_its_residents_are_the_scenarios_share() -> None:
    assert area_residents("tesoma") == 23000
    assert area_residents("tampere") == round(515095 * 0.457)
    with pytest.raises(ValueError, match="unknown area 'atlantis'"):
        neighbours_effect("atlantis", ["exercise-150"])


def test_one_in_ten_neighbours_exercising_means_fewer_with_diabetes_and_more_healthy_years() -> (
    None
):
    effect = neighbours_effect("nokia", ["exercise-150"], years=5, replications=5, sample=3000)
    assert effect.residents == area_residents("nokia") and effect.sample == 3000
    adults = effect.residents * 0.8  # roughly four in five residents are adults
    assert 0.06 * adults < effect.starters < 0.14 * adults  # everyone can exercise
    for mean, low, high in (effect.fewer_with_diabetes, effect.healthy_years, effect.life_years):
        assert low <= mean <= high
    assert effect.fewer_with_diabetes[1] > 0  # paired arms: the effect stands out of the noise
    assert effect.healthy_years[1] > 0 and effect.life_years[1] > 0
    again = neighbours_effect("nokia", ["exercise-150"], years=5, replications=5, sample=3000)
    assert again == effect


def test_an_action_few_can_take_starts_few_and_nobody_is_counted_twice() -> None:
    smokers = neighbours_effect("tesoma", ["quit-smoking"], years=2, replications=2, sample=2000)
    everyone = neighbours_effect("tesoma", ["exercise-150"], years=2, replications=2, sample=2000)
    assert 0 < smokers.starters < everyone.starters / 3  # only smokers can quit
    assert everyone.starters == pytest.approx(
        neighbours_effect(
            "tesoma", ["exercise-150", "exercise-150"], years=2, replications=2, sample=2000
        ).starters
    )


@pytest.mark.parametrize(
    "change",
    [{"actions": []}, {"share": 0.0}, {"replications": 1}, {"years": 0}, {"sample": 10}],
)
def test_bad_neighbour_requests_are_refused(change: dict[str, object]) -> None:
    request: dict[str, object] = {"actions": ["exercise-150"], "years": 1, "replications": 2}
    request |= change
    with pytest.raises(ValueError):
        neighbours_effect("tesoma", **request)  # type: ignore[arg-type]
