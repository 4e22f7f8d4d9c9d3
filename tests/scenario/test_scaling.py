"""A scenario scaled to another number of residents keeps its per-resident character."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.model import DAYS_PER_YEAR
from ekosim.scenario import scaled
from ekosim.scenario.scaling import area_fields


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
    assert double.contract.target_cost_eur_per_year == pytest.approx(
        2 * (base.contract.target_cost_eur_per_year or 0.0)
    )
    assert double.contract.gain_share == base.contract.gain_share


def test_whole_numbers_never_scale_to_zero() -> None:
    tiny = scaled(ekosim.load_scenario("tesoma-base"), 50)
    assert all(service.capacity_per_day >= 1 for service in tiny.services.values())
    assert all(
        staff.posts >= 1
        for provider in tiny.providers.values()
        for staff in provider.staff.values()
    )


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
