"""Cross-checks of the names a contract and specialist care refer to."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.scenario import ScenarioError


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"contract.kpis": [{"name": "no_kpi", "target": 1.0, "weight": 1.0}]}, "no such KPI"),
        ({"contract.nop_shares": {"city": 1.0}}, "no such non-owner partner"),
        ({"specialist_care.referral_share": {"health_statio": 0.1}}, "did you mean"),
        ({"contract.model": "fixed_price", "contract.fixed_price_eur_per_year": None}, "needs"),
    ],
)
def test_unknown_names_are_reported(override: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        ekosim.load_scenario("tesoma-alliance", override)


@pytest.mark.parametrize("name", ["tesoma-alliance", "tesoma-inhouse", "tesoma-outsourced"])
def test_tesoma_scenarios_share_a_base_and_run_ten_years(name: str) -> None:
    scenario = ekosim.load_scenario(name)
    assert scenario.horizon_years == 10
    assert scenario.population == ekosim.load_scenario("tesoma-base").population


@pytest.mark.parametrize(
    ("structure", "message"),
    [
        ({"staff": 0.5, "facilities": 0.4}, "cost_structure shares must sum to 1"),
        ({"staff": 0.9, "salaries": 0.1}, "unknown cost item 'salaries'"),
    ],
)
def test_cost_structure_is_checked(structure: dict[str, float], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        ekosim.load_scenario("tesoma-base", {"providers.mehilainen.cost_structure": structure})


def test_an_ngos_area_must_be_a_population_area() -> None:
    overrides = {"population.areas": {"west": 0.5, "east": 0.5}, "ngos.setlementti.areas": ["wst"]}
    with pytest.raises(ScenarioError, match=r"no such area in population\.areas; did you mean"):
        ekosim.load_scenario("tesoma-base", overrides)
