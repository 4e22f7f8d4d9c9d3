"""A scenario scaled to another number of residents keeps its per-resident character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekosim
from ekosim.model import DAYS_PER_YEAR
from ekosim.scenario import bundled_scenarios, scaled
from ekosim.scenario.scaling import area_fields
from ekosim.scenario.schema import MAX_RESIDENTS

MIN_SCALED = 1_000


def test_area_amounts_scale_and_rates_stay() -> None:
    base = ekosim.load_scenario("tesoma-alliance")
    double = scaled(base, 2 * base.population.size)
    assert double.population.size == 2 * base.population.size
    station, doubled_station = base.services["health_station"], double.services["health_station"]
    assert doubled_station.capacity_per_day == 2 * station.capacity_per_day
    assert doubled_station.cost_per_contact_eur == station.cost_per_contact_eur
    partner, doubled_partner = base.providers["mehilainen"], double.providers["mehilainen"]
    assert doubled_partner.fee_eur_per_year == pytest.approx(2 * partner.fee_eur_per_year)
    for profession, staff in partner.staff.items():
        assert doubled_partner.staff[profession].posts == 2 * staff.posts
        assert doubled_partner.staff[profession].contacts_per_day == staff.contacts_per_day
    # the contract's TOC is for the contract's own area: it is not scaled, its share for
    # the modelled area follows the residents
    assert double.contract.target == base.contract.target is not None
    assert double.contract.target.base_eur_per_year(double.population.size) == pytest.approx(
        2 * base.contract.target.base_eur_per_year(base.population.size)
    )
    analysis = ekosim.load_scenario(base, {"contract.target_cost_eur_per_year": 1e7})
    assert scaled(analysis, 2 * base.population.size).contract.target_cost_eur_per_year == (
        pytest.approx(2e7)
    )
    assert double.contract.gain_share == base.contract.gain_share


def test_whole_numbers_never_scale_to_zero_and_fte_and_slots_scale_exactly() -> None:
    base = ekosim.load_scenario("tesoma-base")
    tiny = scaled(base, 50)
    factor = 50 / base.population.size
    assert all(
        service.initial_waiting >= 1
        for service in tiny.services.values()
        if service.initial_waiting
    )
    # staff in FTE and slots a day are floats: never rounded (a fifth of Tesoma keeps
    # Tesoma's staff per resident)
    for name, service in tiny.services.items():
        assert service.capacity_per_day == pytest.approx(
            base.services[name].capacity_per_day * factor
        )
    for provider, spec in tiny.providers.items():
        for profession, staff in spec.staff.items():
            planned = base.providers[provider].staff[profession].posts
            assert staff.posts == pytest.approx(planned * factor) and staff.posts > 0


def test_the_area_fields_are_the_ones_a_planner_would_scale() -> None:
    paths = {path for path, _ in area_fields()}
    assert {
        "services.<name>.capacity_per_day",
        "providers.<name>.staff.<name>.posts",
        "contract.target_cost_eur_per_year",
        "ngos.<name>.volunteers",
    } <= paths
    assert "population.size" not in paths
    assert not any("per_resident" in path or "share" in path for path in paths)


def test_a_fifth_of_the_area_has_the_same_per_resident_figures() -> None:
    full = ekosim.load_scenario("tesoma-alliance")
    small = scaled(full, full.population.size // 5)

    def year_means(scenario: ekosim.Scenario) -> dict[str, float]:
        kpis = ekosim.run(scenario, seed=4, years=1).kpis
        kept = kpis[kpis["day"] <= DAYS_PER_YEAR]
        return kept.groupby("kpi")["value"].mean().to_dict()

    a, b = year_means(full), year_means(small)
    # Same-day contact and staff workload only hold when the channels and staff scale too.
    for kpi in (
        "contacts_per_resident_year",
        "cost_per_resident_eur_year",
        "digital_share",
        "same_day_contact_share",
        "staff_satisfaction_index",
    ):
        assert b[kpi] == pytest.approx(a[kpi], rel=0.1), kpi


_LOADED: dict[str, ekosim.Scenario] = {}


def bundled(name: str) -> ekosim.Scenario:
    if name not in _LOADED:
        _LOADED[name] = ekosim.load_scenario(name)
    return _LOADED[name]


@pytest.mark.parametrize("residents", [MIN_SCALED, MAX_RESIDENTS])
@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_every_bundled_scenario_scales_to_the_ends_of_the_range(name: str, residents: int) -> None:
    assert scaled(bundled(name), residents).population.size == residents


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(bundled_scenarios())), st.integers(MIN_SCALED, MAX_RESIDENTS))
def test_scaling_gives_a_valid_scenario_for_any_population(name: str, residents: int) -> None:
    """Validation only: a 5,000,000-resident run is not for the test suite."""
    assert scaled(bundled(name), residents).population.size == residents


def test_opening_hours_are_a_sum_over_sites() -> None:
    """A larger area has more kiosks, youth spaces and libraries: the weekly hours summed
    over them grow past a week's 168 hours."""
    big = scaled(bundled("tesoma-integrated"), 200_000)
    assert big.children is not None and big.children.library_hours_per_week > 168


def test_a_problem_caused_by_scaling_names_it() -> None:
    with pytest.raises(ekosim.ScenarioError) as raised:
        scaled(bundled("tesoma-base"), MAX_RESIDENTS + 1)
    for problem in raised.value.problems:
        assert problem.file == f"scaled to {MAX_RESIDENTS + 1} residents", str(problem)
