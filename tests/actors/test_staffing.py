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


def planned_day(scenario: ekosim.Scenario, seed: int = 3) -> dict[str, list[int]]:
    """The capacity the model's providers plan, with empty queues, on ``DRAWS`` days."""
    model = ekosim.EcosystemModel(scenario, rng=seed)
    days: dict[str, list[int]] = {}
    for _ in range(DRAWS):
        for provider in model.providers.values():
            for name, slots in provider.plan_day({}).items():
                days.setdefault(name, []).append(slots)
    return days


@pytest.mark.parametrize("name", TESOMA)
@pytest.mark.parametrize("slots_factor", [1, 3])
def test_without_sickness_the_limit_is_exactly_what_the_model_plans(
    name: str, slots_factor: int
) -> None:
    scenario = with_overrides(name, {"sickness_absence": 0.0}, slots_factor)
    capacity = daily_capacity(scenario)
    for service, days in planned_day(scenario).items():
        assert set(days) == {min(capacity[service].nominal, capacity[service].staffed or 0)}


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


NO_COVER = {"staff_cover.overtime_share_of_gap": 0.0, "staff_cover.agency_share_of_gap": 0.0}


def test_staff_bind_where_they_deliver_fewer_than_the_slots() -> None:
    capacity = daily_capacity(ekosim.load_scenario("tesoma-alliance", NO_COVER))
    # 25 GP posts, 3% vacant, 5% sick, 9 contacts each: 205 a day for 200 slots
    assert capacity["health_station"] == ServiceCapacity("health_station", 200, 205)
    assert not capacity["health_station"].staff_bound
    assert capacity["dental"].staff_bound and capacity["dental"].limit == 88
    assert capacity["social_work"].staffed is None and not capacity["social_work"].staff_bound
    raised = daily_capacity(with_overrides("tesoma-alliance", {}, slots_factor=2))
    # with staff cover (actors.cover): 30% of the 2.2 posts not at work, 23.46 present
    assert raised["health_station"].staff_bound and raised["health_station"].limit == 211
    covered = daily_capacity(ekosim.load_scenario("tesoma-alliance"))
    assert not covered["dental"].staff_bound  # cover fills the dentists' sickness absence


def test_an_integrators_leased_staff_raise_the_home_care_limit() -> None:
    leasing = daily_capacity(ekosim.load_scenario("tesoma-kotitori"))["home_care"]
    assert leasing.leasable == 80
    assert leasing.limit == (leasing.staffed or 0) + 80 < leasing.nominal
    direct = ekosim.load_scenario("tesoma-kotitori", {"integrator.enabled": False})
    assert daily_capacity(direct)["home_care"].leasable == 0
