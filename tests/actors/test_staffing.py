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


NO_COVER = {"staff_cover.overtime_share_of_gap": 0.0, "staff_cover.agency_share_of_gap": 0.0}


def test_staff_bind_where_they_deliver_fewer_than_the_slots() -> None:
    capacity = daily_capacity(ekosim.load_scenario("tesoma-alliance", NO_COVER))
    # 12.47 doctors (FTE) 5% vacant and 12.08 nurses 3% vacant, 5% sick, 9 appointments a
    # day each (calibration/tesoma.yaml's fit): 101.3 + 100.2 = 201 a day for 260 rooms' slots
    assert capacity["health_station"] == ServiceCapacity("health_station", 260, 201)
    assert capacity["health_station"].staff_bound
    # 11 dental FTE, 5% sick, 8.5 contacts each: 88.8 a day for 90 slots
    assert capacity["dental"].staff_bound and capacity["dental"].limit == 89
    assert capacity["social_work"].staffed is None and not capacity["social_work"].staff_bound
    fewer_rooms = daily_capacity(
        ekosim.load_scenario(
            "tesoma-alliance", NO_COVER | {"services.health_station.capacity_per_day": 150}
        )
    )
    assert fewer_rooms["health_station"].limit == 150  # the rooms bind: staff fill only these
    # with staff cover (actors.cover): 30% of the FTE not at work are covered, in the books
    # too: doctors 11.25 + 0.36, nurses 11.13 + 0.28 present, 9 appointments each
    covered = daily_capacity(ekosim.load_scenario("tesoma-alliance"))
    assert covered["health_station"] == ServiceCapacity("health_station", 260, 207)
    assert not covered["dental"].staff_bound  # cover fills the dentists' sickness absence


def test_an_integrators_leased_staff_raise_the_home_care_limit() -> None:
    leasing = daily_capacity(ekosim.load_scenario("tesoma-kotitori"))["home_care"]
    assert leasing.leasable == 80
    staffed = leasing.staffed or 0  # the leased visits fill up to the planned visits, no more
    assert staffed < leasing.limit == min(staffed + 80, leasing.nominal)
    direct = ekosim.load_scenario("tesoma-kotitori", {"integrator.enabled": False})
    assert daily_capacity(direct)["home_care"].leasable == 0


SCALE_KPIS = {"within_14_days_share": 0.01, "p90_wait_days": 1.0, "t3_days": 1.0}  # unit floors


def replicated_kpis(residents: int, replications: int) -> dict[str, np.ndarray]:
    from ekosim.scenario import scaled

    scenario = scaled(ekosim.load_scenario("tesoma-base"), residents)
    runs = [ekosim.run(scenario, seed=seed, years=1).final_kpis() for seed in range(replications)]
    return {kpi: np.array([run[kpi] for run in runs]) for kpi in SCALE_KPIS}


def assert_same_waits(small: int, large: int, replications: int) -> None:
    """Staff in FTE and slots with exact means: a scaled-down Tesoma keeps Tesoma's waits
    (the means differ by less than three standard errors of their difference, with a floor of
    one unit of the KPI's measurement)."""
    a, b = replicated_kpis(small, replications), replicated_kpis(large, replications)
    for kpi, floor in SCALE_KPIS.items():
        error = np.sqrt(a[kpi].var(ddof=1) / replications + b[kpi].var(ddof=1) / replications)
        assert abs(a[kpi].mean() - b[kpi].mean()) <= 3 * error + floor, (kpi, a[kpi], b[kpi])


def test_a_smaller_tesoma_keeps_its_waits() -> None:
    assert_same_waits(2500, 5000, replications=3)


@pytest.mark.slow
def test_a_fifth_of_tesoma_keeps_tesomas_waits() -> None:
    assert_same_waits(5000, 23000, replications=5)


def test_fractional_fte_work_their_fraction() -> None:
    """0.65 FTE of a physiotherapist gives 0.65 of a day's contacts on average, not a whole
    person present or absent (so capacity capped by the service's slots keeps its mean)."""
    scenario = ekosim.load_scenario(
        "tesoma-base",
        {
            "providers.mehilainen.staff.physiotherapist.posts": 0.65,
            "providers.mehilainen.staff.physiotherapist.sickness_absence": 0.0,
            "services.physiotherapy.capacity_per_day": 5.2,
        },
    )
    days = planned_day(scenario)["physiotherapy"]
    assert np.mean(days) == pytest.approx(5.2, abs=0.15)  # 0.65 x 9 = 5.85 staffed, 5.2 slots
