"""The care-path engine against queueing theory: exact stationary solution, Little's law,
conservation of contacts over random scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import linalg, stats

import ekosim
from ekosim.results import Results
from ekosim.scenario.loader import bundled_scenarios


def stationary_queue(arrivals_per_day: float, capacity: int, truncate: int = 600) -> np.ndarray:
    """Stationary distribution of the end-of-day queue Q' = max(Q + A - C, 0), A ~ Poisson."""
    states = np.arange(truncate)
    jump = states[None, :] - states[:, None] + capacity  # arrivals needed to go from i to j
    transition = stats.poisson.pmf(jump, arrivals_per_day)
    transition[:, 0] = stats.poisson.cdf(capacity - states, arrivals_per_day)  # all served
    transition /= transition.sum(axis=1, keepdims=True)  # the truncated tail goes back in
    # pi (P - I) = 0 with sum(pi) = 1: replace one equation by the normalisation.
    system = (transition - np.eye(truncate)).T
    system[-1] = 1.0
    rhs = np.zeros(truncate)
    rhs[-1] = 1.0
    return linalg.solve(system, rhs)


def single_queue_flows(arrivals: float, capacity: int, seed: int, years: int) -> pd.DataFrame:
    scenario = ekosim.load_scenario(
        "single-queue",
        {"demand.arrivals_per_day": arrivals, "service.capacity_per_day": capacity},
    )
    return ekosim.run(scenario, seed=seed, years=years).flows


def batch_means(values: np.ndarray, batch_days: int = 100) -> np.ndarray:
    usable = len(values) // batch_days * batch_days
    return values[:usable].reshape(-1, batch_days).mean(axis=1)


@pytest.mark.parametrize(("arrivals", "capacity", "seeds"), [(8.0, 10, 3), (3.0, 5, 3)])
def test_single_queue_matches_the_exact_stationary_solution(
    arrivals: float, capacity: int, seeds: int
) -> None:
    pi = stationary_queue(arrivals, capacity)
    exact_queue = float(pi @ np.arange(len(pi)))
    exact_wait = exact_queue / arrivals  # every contact waits one day per night it stays queued
    queue_batches, wait_batches = [], []
    for seed in range(seeds):
        flows = single_queue_flows(arrivals, capacity, seed, 5)
        flows = flows[flows["day"] >= 100]  # leave out the warm-up from an empty queue
        queue_batches.append(batch_means(flows["queue_end"].to_numpy(float)))
        waited = batch_means((flows["started"] * flows["mean_wait_days"]).to_numpy())
        wait_batches.append(waited / batch_means(flows["started"].to_numpy(float)))
    for batches, exact in ((queue_batches, exact_queue), (wait_batches, exact_wait)):
        values = np.concatenate(batches)
        standard_error = values.std(ddof=1) / np.sqrt(len(values))
        assert 3 * standard_error < 0.3 * exact  # precise enough to catch a real error
        assert abs(values.mean() - exact) < 3 * standard_error


def test_exact_solution_is_a_distribution_and_grows_with_load() -> None:
    light, heavy = stationary_queue(5.0, 10), stationary_queue(9.5, 10)
    assert light.sum() == pytest.approx(1.0) and (light >= -1e-12).all()
    assert light @ np.arange(len(light)) < heavy @ np.arange(len(heavy))


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_littles_law_holds_on_every_bundled_scenario(name: str) -> None:
    overrides = {"population.size": 3000} if name != "single-queue" else {}
    scenario = ekosim.load_scenario(name, overrides)
    flows = ekosim.run(scenario, seed=1, years=1).flows
    for service, f in flows.groupby("service"):
        started = f["started"].sum()
        if started < 200 or f["abandoned"].sum() > 0.05 * started:
            continue  # Little's law with abandonment needs the abandoners' waits
        waited_days = (f["started"] * f["mean_wait_days"]).sum()
        queue_days = f["queue_end"].sum()  # one queue-day per contact per night in the queue
        still_waiting = f["queue_end"].iloc[-1]
        # Every waited day of a started contact is a queue-day; the rest belong to those
        # still waiting (at most a year each) or abandoning. Booked contacts waiting for their
        # appointment are in the queue each night; an initial waiting list's days before day 0
        # are in neither (they count only in the waits from first contact).
        assert waited_days <= queue_days + 1e-6, service
        assert queue_days - waited_days <= still_waiting * 365 + 5 * f["abandoned"].sum() * 365
        arrival_rate = f["arrivals"].mean()
        mean_wait = waited_days / started
        assert f["queue_end"].mean() == pytest.approx(arrival_rate * mean_wait, rel=0.15, abs=2)


services_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c"]),
    st.fixed_dictionaries(
        {
            "provider": st.just("p"),
            "capacity_per_day": st.integers(0, 12),
            "open_days_per_week": st.integers(1, 7),
            "patience_days": st.one_of(st.none(), st.floats(0.5, 30)),
            "initial_waiting": st.integers(0, 20),
        }
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    services=services_strategy,
    arrivals=st.floats(0.0, 20.0),
    with_channels=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_every_contact_is_started_abandoned_or_still_queued(
    services: dict, arrivals: float, with_channels: bool, seed: int
) -> None:
    for spec in services.values():
        spec["share_of_needs"] = 1 / len(services)
    names = list(services)
    data: dict = {
        "name": "random",
        "horizon_years": 1,
        "population": {"size": 200},
        "demand": {"source": "poisson", "arrivals_per_day": arrivals},
        "services": services,
        "providers": {"p": {"kind": "public"}},
    }
    if with_channels:
        data["channels"] = {"phone": {"capacity_per_day": 6, "resolution_rate": 0.3}}
        services[names[0]]["referrals"] = {names[-1]: 0.3}
    model = ekosim.EcosystemModel(ekosim.load_scenario(data), rng=seed)
    model.run_for(40)
    flows = Results.from_model(model, seed=seed).flows
    initial = {name: spec["initial_waiting"] for name, spec in services.items()}
    total_in = total_out = 0
    for service, f in flows.groupby("service"):
        queue_start = f["queue_end"].shift(fill_value=initial.get(service, 0))
        balance = queue_start + f["arrivals"] - f["started"] - f["abandoned"]
        assert (balance == f["queue_end"]).all()
        if service in services:
            assert (f["started"] <= services[service]["capacity_per_day"]).all()
        assert (f.loc[f["mean_wait_days"] > 0, "started"] > 0).all()
        total_in += initial.get(service, 0) + f["arrivals"].sum()
        total_out += f["started"].sum() + f["abandoned"].sum() + f["queue_end"].iloc[-1]
    assert total_in == total_out
