"""Shared fixtures: small scenarios that run in a fraction of a second."""

from __future__ import annotations

import pytest

import ekosim


@pytest.fixture(scope="session")
def small_tesoma() -> ekosim.Scenario:
    """The tesoma-alliance scenario shrunk to 3,000 residents and capacities to match."""
    return ekosim.load_scenario("tesoma-alliance", small_overrides(3000 / 23000))


def small_overrides(scale: float) -> dict[str, object]:
    base = ekosim.load_scenario("tesoma-base")
    overrides: dict[str, object] = {"population.size": round(base.population.size * scale)}
    for name, service in base.services.items():  # slots and staff (FTE) are floats: exact
        overrides[f"services.{name}.capacity_per_day"] = service.capacity_per_day * scale
        if service.initial_waiting:
            overrides[f"services.{name}.initial_waiting"] = max(
                1, round(service.initial_waiting * scale)
            )
    for name in ("phone", "digital", "walk_in"):
        channel = getattr(base.channels, name)
        if channel is not None:
            overrides[f"channels.{name}.capacity_per_day"] = max(
                1, round(channel.capacity_per_day * scale)
            )
    for name, provider in base.providers.items():
        overrides[f"providers.{name}.fee_eur_per_year"] = provider.fee_eur_per_year * scale
        for profession, staff in provider.staff.items():
            overrides[f"providers.{name}.staff.{profession}.posts"] = staff.posts * scale
    alliance = ekosim.load_scenario("tesoma-alliance").contract
    for field in ("target_cost_eur_per_year", "kpi_pool_eur_per_year", "fixed_price_eur_per_year"):
        value = getattr(alliance, field)
        if value is not None:
            overrides[f"contract.{field}"] = value * scale
    return overrides
