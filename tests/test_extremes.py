"""Extreme but valid scenarios: every KPI and frame stays finite, contacts are conserved and
the books balance, however absurd the setting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ekosim
from tests.conftest import small_overrides

BASE = small_overrides(600 / 23000) | {"horizon_years": 2}
_scenario = ekosim.load_scenario("tesoma-alliance", BASE)
ZERO_CAPACITY = {f"services.{name}.capacity_per_day": 0 for name in _scenario.services}
ZERO_CAPACITY |= {
    f"channels.{name}.capacity_per_day": 0
    for name in ("phone", "digital", "walk_in")
    if getattr(_scenario.channels, name) is not None
}
ALL_VACANT = {
    f"providers.{provider}.staff.{profession}.vacancy_rate": 1.0
    for provider, spec in _scenario.providers.items()
    for profession in spec.staff
}

EXTREMES = {
    "zero capacity everywhere": ZERO_CAPACITY,
    "all first contacts digital": {"channels.digital_share": 1.0, "channels.walk_in_share": 0.0},
    "no NGOs": {"ngos": {}},
    "all staff posts vacant": ALL_VACANT,
    "one resident": {"population.size": 1},
    "no demand": {"demand.contacts_per_resident_year": 0.0},
}


@pytest.fixture(scope="module", params=sorted(EXTREMES))
def extreme(request: pytest.FixtureRequest) -> tuple[str, ekosim.Results]:
    scenario = ekosim.load_scenario("tesoma-alliance", BASE | EXTREMES[request.param])
    return request.param, ekosim.run(scenario, seed=3)


def finite(frame: pd.DataFrame) -> bool:
    numbers = frame.select_dtypes("number").to_numpy(dtype=float)
    return bool(np.isfinite(numbers).all())


def test_frames_and_kpis_are_finite(extreme: tuple[str, ekosim.Results]) -> None:
    name, results = extreme
    for frame in (results.kpis, results.flows, results.ledger, results.decisions):
        assert finite(frame), name
    summary = results.summary()
    assert len(summary) and np.isfinite(summary["value"].astype(float)).all(), name


def test_contacts_are_conserved(extreme: tuple[str, ekosim.Results]) -> None:
    name, results = extreme
    services = results.scenario.services
    for service, flows in results.flows.groupby("service"):
        flows = flows.sort_values("day")
        # Day 0 starts from the service's existing waiting list (booked on day 0).
        initial = services[service].initial_waiting if service in services else 0
        queue_start = flows["queue_end"].shift(fill_value=initial)
        balance = queue_start + flows["arrivals"] - flows["started"] - flows["abandoned"]
        assert (balance == flows["queue_end"]).all(), (name, service)
        assert (flows[["arrivals", "started", "abandoned", "queue_end"]] >= 0).all().all()


def test_books_balance(extreme: tuple[str, ekosim.Results]) -> None:
    name, results = extreme
    ledger = results.ledger
    purchases = ledger.loc[ledger["item"].str.startswith("purchase."), "amount_eur"].sum()
    revenues = ledger.loc[ledger["item"].str.startswith("revenue."), "amount_eur"].sum()
    assert purchases == pytest.approx(revenues), name


def test_zero_capacity_serves_no_one(extreme: tuple[str, ekosim.Results]) -> None:
    name, results = extreme
    if name == "zero capacity everywhere":
        services = results.flows[~results.flows["service"].str.startswith("ngo")]
        assert services["started"].sum() == 0
