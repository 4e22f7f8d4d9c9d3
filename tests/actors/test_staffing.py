"""A service's staffed capacity as reported for planners is the capacity the providers plan
each day in a run."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.actors.staffing import ServiceCapacity, daily_capacity
from ekosim.scenario import bundled_scenarios

TESOMA = [name for name in bundled_scenarios() if name.startswith("tesoma")]
DRAWS = 400  # days of staffing drawn to average sickness absence over


def with_overrides(name: str, staff: dict[str, object], slots_factor: int) -> ekosim.Scenario:
    """A bundled scenario with every staff profession changed and every service's slots
    multiplied (so that staff, not slots, bind)."""
    base = ekosim.load_scenario(name)
    overrides: dict[str, object] = {
        f"services.{service}.capacity_per_day": spec.capacity_per_day * slots_factor
        for service, spec in base.services.items()
    }
    for provider, spec in base.providers.items():
        for profession in spec.staff:
            for field, value in staff.items():
                overrides[f"providers.{provider}.staff.{profession}.{field}"] = value
    return ekosim.load_scenario(name, overrides)


def planned_day(scenario: ekosim.Scenario, seed: int = 3) -> dict[str, list[float]]:
    """The capacity the model's providers plan, with empty queues, on ``DRAWS`` days (a booked
    service's professions' slots a working day summed)."""
    model = ekosim.EcosystemModel(scenario, rng=seed)
    days: dict[str, list[float]] = {}
    for _ in range(DRAWS):
        for provider in model.providers.values():
            today: dict[str, float] = {}
            for name, slots in provider.plan_day({}).items():
                service = name.partition(".")[0]
                today[service] = today.get(service, 0.0) + slots
            for service, slots in today.items():
                days.setdefault(service, []).append(slots)
    return days


@pytest.mark.parametrize("name", TESOMA)
@pytest.mark.parametrize("slots_factor", [1, 3])
def test_without_sickness_the_limit_is_what_the_model_plans_on_average(
    name: str, slots_factor: int
) -> None:
    """Staff are FTE floats: a day's whole slots vary around the planned limit, whose mean
    they keep exactly (the limit is rounded to a whole contact for planners)."""
    scenario = with_overrides(name, {"sickness_absence": 0.0}, slots_factor)
    capacity = daily_capacity(scenario)
    for service, days in planned_day(scenario).items():
        limit = min(capacity[service].nominal, capacity[service].staffed or 0)
        assert np.mean(days) == pytest.approx(limit, abs=max(1.0, 0.01 * limit)), service


@pytest.mark.parametrize("name", TESOMA)
def test_the_staffed_capacity_is_the_models_average_day(name: str) -> None:
    scenario = with_overrides(name, {}, slots_factor=10)  # slots never bind: staff are seen
    capacity = daily_capacity(scenario)
    days = planned_day(scenario)
    assert set(days) == {c.service for c in capacity.values() if c.staffed is not None}
    for service, slots in days.items():
        staffed = capacity[service].staffed
        assert staffed is not None
        assert np.mean(slots) == pytest.approx(staffed, abs=max(1.5, 0.01 * staffed))


def test_staff_bind_where_they_deliver_fewer_than_the_slots() -> None:
    capacity = daily_capacity(ekosim.load_scenario("tesoma-alliance"))
    # 11.5 doctors (FTE) 5% vacant and 15.5 nurses 3% vacant, 5% sick, 9 appointments a
    # day each: 93.4 + 128.5 = 222 a day for 260 rooms' slots
    assert capacity["health_station"] == ServiceCapacity("health_station", 260, 222)
    assert capacity["health_station"].staff_bound
    # 11 dental FTE, 5% sick, 8.5 contacts each: 88.8 a day for 90 slots
    assert capacity["dental"].staff_bound and capacity["dental"].limit == 89
    assert capacity["social_work"].staffed is None and not capacity["social_work"].staff_bound
    fewer_rooms = daily_capacity(
        ekosim.load_scenario("tesoma-alliance", {"services.health_station.capacity_per_day": 150})
    )
    assert fewer_rooms["health_station"].limit == 150  # the rooms bind: staff fill only these


def test_an_integrators_leased_staff_raise_the_home_care_limit() -> None:
    leasing = daily_capacity(ekosim.load_scenario("tesoma-kotitori"))["home_care"]
    assert leasing.leasable == 80
    assert leasing.limit == (leasing.staffed or 0) + 80 < leasing.nominal
    direct = ekosim.load_scenario("tesoma-kotitori", {"integrator.enabled": False})
    assert daily_capacity(direct)["home_care"].leasable == 0
