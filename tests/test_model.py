"""EcosystemModel end to end: reproducibility, conservation in flows, balanced books."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario

import ekosim
from ekosim.carepath import CHANNEL_PREFIX
from ekosim.cli import main
from ekosim.model import DAILY_PLAN, EcosystemModel


@pytest.fixture(scope="module")
def results(small_tesoma: ekosim.Scenario) -> ekosim.Results:
    return ekosim.run(small_tesoma, seed=7, years=2)


def test_model_is_a_mesa_model_on_its_own_clock(small_tesoma: ekosim.Scenario) -> None:
    model = ekosim.EcosystemModel(small_tesoma, rng=3)
    assert isinstance(model, mesa.Model)
    model.run_for(40)
    assert model.time == 40 and model.steps == 40
    assert model.scenario is small_tesoma


def test_same_seed_gives_identical_frames(
    small_tesoma: ekosim.Scenario, results: ekosim.Results
) -> None:
    again = ekosim.run(small_tesoma, seed=7, years=2)
    pd.testing.assert_frame_equal(results.kpis, again.kpis)
    pd.testing.assert_frame_equal(results.flows, again.flows)
    pd.testing.assert_frame_equal(results.ledger, again.ledger)


def test_different_seeds_differ(small_tesoma: ekosim.Scenario, results: ekosim.Results) -> None:
    other = ekosim.run(small_tesoma, seed=8, years=2)
    assert not results.flows["arrivals"].equals(other.flows["arrivals"])


def test_frames_have_the_documented_columns(results: ekosim.Results) -> None:
    assert list(results.kpis.columns) == ["scenario", "replication", "seed", "day", "kpi", "value"]
    assert list(results.flows.columns) == [
        "scenario",
        "replication",
        "day",
        "service",
        "arrivals",
        "started",
        "completed",
        "abandoned",
        "queue_end",
        "mean_wait_days",
    ]
    assert list(results.ledger.columns) == [
        "scenario",
        "replication",
        "year",
        "partner",
        "item",
        "amount_eur",
    ]


def test_queues_conserve_contacts_every_day(
    small_tesoma: ekosim.Scenario, results: ekosim.Results
) -> None:
    for name, flows in results.flows.groupby("service"):
        flows = flows.sort_values("day")
        service = small_tesoma.services.get(str(name))
        initial = service.initial_waiting if service is not None else 0  # booked ahead on day 0
        queue_start = flows["queue_end"].shift(fill_value=initial)
        balance = queue_start + flows["arrivals"] - flows["started"] - flows["abandoned"]
        assert (balance == flows["queue_end"]).all()
        assert (flows[["arrivals", "started", "abandoned", "queue_end"]] >= 0).all().all()


def test_started_never_exceeds_capacity(
    small_tesoma: ekosim.Scenario, results: ekosim.Results
) -> None:
    for name, spec in small_tesoma.services.items():
        started = results.flows.loc[results.flows["service"] == name, "started"]
        # a fractional capacity is one more slot on some days (its mean is exact)
        assert started.max() <= np.ceil(spec.capacity_per_day)


def test_no_service_on_closed_days(small_tesoma: ekosim.Scenario, results: ekosim.Results) -> None:
    flows = results.flows
    weekday = (small_tesoma.start_date.weekday() + flows["day"]) % 7
    for name, spec in small_tesoma.services.items():
        closed = (flows["service"] == name) & (weekday >= spec.open_days_per_week)
        assert (flows.loc[closed, "started"] == 0).all(), name
    phone = (flows["service"] == CHANNEL_PREFIX + "phone") & (weekday >= 5)
    assert phone.any() and (flows.loc[phone, "started"] == 0).all()


def test_books_balance(results: ekosim.Results) -> None:
    ledger = results.ledger
    purchases = ledger.loc[ledger["item"].str.startswith("purchase."), "amount_eur"].sum()
    revenues = ledger.loc[ledger["item"].str.startswith("revenue."), "amount_eur"].sum()
    assert purchases == pytest.approx(revenues)
    assert set(ledger["year"]) == {0, 1}


def test_kpis_cover_three_levels(results: ekosim.Results) -> None:
    assert set(results.summary()["level"]) == {"client_value", "service_process", "organisation"}
    # THL 2023's 5.3 primary-care contacts a resident a year, the fitted target (calibration/)
    contacts = results.final_kpis()["primary_care_contacts_per_resident_year"]
    assert contacts == pytest.approx(5.3, rel=0.1)


def test_the_step_docstring_lists_the_daily_phases_in_plan_order() -> None:
    documented = [
        line.split()[0]
        for line in (EcosystemModel.step.__doc__ or "").splitlines()[2:]
        if line.strip()
    ]
    assert documented == [phase.name for phase in DAILY_PLAN if phase.cadence == "daily"]
    for phase in DAILY_PLAN:
        assert callable(getattr(EcosystemModel, phase.method)), phase.method
    assert {phase.cadence for phase in DAILY_PLAN} == {"daily", "monthly", "yearly"}


def test_profile_times_every_phase_and_changes_no_result(
    small_tesoma: ekosim.Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = ekosim.profile(small_tesoma, seed=7, years=1)
    printed = capsys.readouterr().out
    calls = dict(zip(frame["phase"], frame["calls"], strict=True))
    # daily phases every day; the monthly one after days 30, 60, ..., 360; the yearly once
    assert calls == {
        p.name: {"daily": 365, "monthly": 12, "yearly": 1}[p.cadence] for p in DAILY_PLAN
    }
    assert (frame["seconds"] >= 0).all() and frame["share"].sum() == pytest.approx(1.0)
    assert all(phase.name in printed for phase in DAILY_PLAN) and "total" in printed
    timed = EcosystemModel(small_tesoma, rng=7, profile=True)
    plain = EcosystemModel(small_tesoma, rng=7)
    assert plain.timer is None
    for model in (timed, plain):
        model.run_for(65)
    assert timed.kpis.rows == plain.kpis.rows and timed.flow_rows == plain.flow_rows


def test_run_profile_prints_the_phases_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "single-queue", "--years", "1", "--profile"]) == 0
    err = capsys.readouterr().err
    assert all(f"\n{p.name} " in err for p in DAILY_PLAN)
    assert main(["run", "single-queue", "--profile", "--replications", "2"]) == 2
    assert "--profile" in capsys.readouterr().err


def test_completed_counts_the_episodes_that_end_at_a_flow(
    small_tesoma: ekosim.Scenario, results: ekosim.Results
) -> None:
    """A contact completes where no further service follows: a referral onward (or a contact
    escalated from a channel) goes on, so there completed < started; elsewhere they agree."""
    flows = results.flows
    assert (flows["completed"] <= flows["started"]).all() and (flows["completed"] >= 0).all()
    totals = flows.groupby("service")[["started", "completed"]].sum()
    referring = {n for n, s in small_tesoma.services.items() if any(s.referrals.values())}
    assert referring  # the health station refers on to other services
    for name in totals.index:
        started, completed = totals.loc[name]
        if name in referring or name.startswith(CHANNEL_PREFIX):
            assert completed < started, name
        elif name in small_tesoma.services:
            assert completed == started, name


def test_completed_equals_started_in_a_single_queue() -> None:
    flows = ekosim.run("single-queue", seed=2, years=1).flows
    assert flows["started"].sum() > 0
    assert (flows["completed"] == flows["started"]).all()


def test_the_scenario_attribute_keeps_mesas_and_refuses_other_values(
    small_tesoma: ekosim.Scenario,
) -> None:
    model = EcosystemModel(small_tesoma, rng=3)
    assert model.scenario is small_tesoma
    assert isinstance(model.mesa_scenario, MesaScenario) and model.mesa_scenario.model is model
    with pytest.raises(TypeError, match="an ekosim Scenario, got dict"):
        model.scenario = {"name": "x"}  # type: ignore[assignment]
    assert model.scenario is small_tesoma
