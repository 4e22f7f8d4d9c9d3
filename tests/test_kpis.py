"""The KPI catalogue: every KPI has a level and stays within its bounds in any scenario."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ekosim
from ekosim.actors import Integrator
from ekosim.carepath import CareNetwork, Continuity, HomeCare
from ekosim.carepath.experience import Experience
from ekosim.carepath.housing import Care24h
from ekosim.carepath.integration import HandOffs
from ekosim.carepath.unmet import UnmetCare
from ekosim.contracts import Ledger
from ekosim.contracts.kpi_pool import scorecard
from ekosim.contracts.specialist import SpecialistCare
from ekosim.kpis import (
    KPIS,
    LEVELS,
    KeyResultsReport,
    KpiCollector,
    KpiWindow,
    ResidentsReport,
)
from ekosim.population import Residents
from ekosim.scenario import scaled
from ekosim.scenario.schema import KpiTargetSpec

KEY_RESULT_KPIS = KeyResultsReport.KPIS + Experience.KPIS + HandOffs.KPIS


def test_the_key_result_kpis_are_in_the_catalogue_with_levels() -> None:
    for name in KEY_RESULT_KPIS:
        kpi = KPIS[name]
        assert kpi.level in LEVELS
        low, high = kpi.bounds
        assert low < high


def test_the_contract_can_reward_the_key_result_areas() -> None:
    contract = ekosim.load_scenario("tesoma-integrated").contract
    assert {k.name for k in contract.kpis} >= {
        "child_wellbeing_index",
        "work_ability_mean",
        "living_at_home_share_75_plus",
        "specialist_care_visits_per_1000_year",
        "client_nps",
    }


shares = st.floats(0.0, 1.0)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    level=shares,
    lost=st.tuples(shares, shares),
    duplicate=st.tuples(shares, shares),
    days=st.tuples(st.floats(1.0, 30.0), st.floats(1.0, 30.0)),
    children=st.tuples(*[st.floats(0.0, 500.0)] * 2, *[st.floats(0.0, 168.0)] * 2),
    places=st.integers(0, 5000),
    capacity=st.integers(1, 60),
    referral=shares,
    seed=st.integers(0, 2**16),
)
def test_key_result_kpis_stay_within_their_bounds(
    level: float,
    lost: tuple[float, float],
    duplicate: tuple[float, float],
    days: tuple[float, float],
    children: tuple[float, float, float, float],
    places: int,
    capacity: int,
    referral: float,
    seed: int,
) -> None:
    scenario = ekosim.load_scenario(
        "tesoma-integrated",
        {
            "population.size": 600,
            "integration.level": level,
            "integration.lost_referral_share_fragmented": lost[0],
            "integration.lost_referral_share_integrated": lost[1],
            "integration.duplicate_assessment_share_fragmented": duplicate[0],
            "integration.duplicate_assessment_share_integrated": duplicate[1],
            "integration.hand_off_days_fragmented": days[0],
            "integration.hand_off_days_integrated": days[1],
            "children.family_work_hours_per_week": children[0],
            "children.school_nurses": children[1],
            "children.youth_space_hours_per_week": children[2],
            "children.library_hours_per_week": children[3],
            "older_people.rehabilitation_places": places,
            "services.health_station.capacity_per_day": capacity,
            "services.health_station.referrals": {"social_work": referral},
            "services.social_work.capacity_per_day": max(1, capacity // 4),
        },
    )
    kpis = ekosim.run(scenario, seed=seed, years=1).kpis
    assert set(KEY_RESULT_KPIS) <= set(kpis["kpi"])
    for row in kpis.itertuples():
        low, high = KPIS[row.kpi].bounds
        assert math.isfinite(row.value), row.kpi
        assert low <= row.value <= high, (row.kpi, row.value)


def test_the_scenario_and_contract_packages_import_neither_the_model_nor_the_care_paths() -> None:
    """The catalogue is data: loading a scenario (which checks the contract's KPI names) and
    the contracts read it without pulling in the model or the care paths."""
    code = (
        "import sys, ekosim.scenario, ekosim.contracts, ekosim.contracts.kpi_pool\n"
        "import ekosim.contracts.report\n"
        "ekosim.scenario.load_scenario('tesoma-integrated')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ekosim.model', "
        "'ekosim.carepath', 'ekosim.kpis'))))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_collector_module_still_offers_the_catalogue() -> None:
    import ekosim.catalogue
    import ekosim.kpis

    assert ekosim.kpis.KPIS is ekosim.catalogue.KPIS
    assert ekosim.kpis.LEVELS is ekosim.catalogue.LEVELS


REPORTER_CLASSES = (
    ResidentsReport,
    CareNetwork,
    HomeCare,
    Continuity,
    KeyResultsReport,
    HandOffs,
    UnmetCare,
    Experience,
    Ledger,
    SpecialistCare,
    Integrator,
    Care24h,
)


def test_the_reporters_together_declare_the_catalogue_each_kpi_once() -> None:
    declared = [name for reporter in REPORTER_CLASSES for name in reporter.KPIS]
    assert sorted(declared) == sorted(KPIS)  # no more, no fewer, none twice


def reported_names(scenario: ekosim.Scenario) -> tuple[set[str], set[str]]:
    """The KPIs a short run reports, and those its model's reporters declare."""
    model = ekosim.EcosystemModel(scaled(scenario, 2000), rng=1)
    model.run_for(31)
    declared = {name for reporter in model.kpi_reporters() for name in reporter.KPIS}
    return {name for _, name, _ in model.kpis.rows}, declared


def test_with_every_part_on_the_kpis_reported_are_the_catalogue() -> None:
    scenario = ekosim.load_scenario("tesoma-kotitori", {"integration": {"level": 0.5}})
    assert scenario.integrator is not None and scenario.home_care.service is not None
    reported, _ = reported_names(scenario)
    assert reported == set(KPIS)


def test_with_optional_parts_off_the_kpis_reported_are_those_of_the_parts_there() -> None:
    scenario = ekosim.load_scenario("single-queue")
    assert scenario.integrator is None and scenario.integration is None
    assert scenario.care_24h is None
    reported, declared = reported_names(scenario)
    assert reported == declared == set(KPIS) - set(Integrator.KPIS) - set(Care24h.KPIS)


def test_a_reporter_that_reports_other_kpis_than_it_declares_is_refused() -> None:
    class Liar:
        KPIS = ("residents",)

        def report(self, window: KpiWindow) -> dict[str, float]:
            return {"residents": 1.0, "t3_days": 2.0}

    collector = KpiCollector([Liar()], lambda: Residents.empty(0, 1))
    with pytest.raises(RuntimeError, match="Liar reported"):
        collector.observe(30)
    with pytest.raises(ValueError, match="not in the catalogue"):
        KpiCollector([Liar(), type("Odd", (), {"KPIS": ("no_such_kpi",)})()], lambda: None)


def saturated_queue(open_days_per_week: int) -> ekosim.Scenario:
    """single-queue with more arrivals than capacity: the service starts exactly its capacity
    on every open day, at 50 EUR a contact, for the same 1,000 residents (no dynamics)."""
    base = ekosim.load_scenario("single-queue", {"demand.arrivals_per_day": 40.0})
    service = base.services["service"].model_copy(
        update={"cost_per_contact_eur": 50.0, "open_days_per_week": open_days_per_week}
    )
    return base.model_copy(update={"services": {"service": service}})


def test_every_year_splits_into_windows_of_30_or_31_days_ending_with_the_year() -> None:
    kpis = ekosim.run(saturated_queue(7), seed=1, years=2).kpis
    days = sorted(kpis["day"].unique())
    assert set(np.diff([0, *days])) == {30, 31}  # no short remnant at a year's end
    assert {365, 730} <= set(days) and len(days) == 24


def test_a_constant_rate_gives_a_flat_series_and_equal_weighted_and_plain_means() -> None:
    results = ekosim.run(saturated_queue(7), seed=1, years=2)
    cost = results.kpis[results.kpis["kpi"] == "cost_per_resident_eur_year"]
    expected = 10 * 50.0 * 365 / 1000  # ten contacts a day at 50 EUR, per resident a year
    assert cost["value"].to_numpy() == pytest.approx(expected, rel=1e-12)
    final = results.final_kpis()["cost_per_resident_eur_year"]
    recent = cost[cost["day"] > 365]["value"]
    assert final == pytest.approx(recent.mean(), rel=1e-12) == pytest.approx(expected)


def test_the_final_year_value_is_the_years_rate_when_open_days_vary_by_window() -> None:
    """Closed weekends make windows differ; the days-weighted final-year value is still the
    year's own rate: its contacts' cost over its residents (an unweighted mean is not)."""
    results = ekosim.run(saturated_queue(5), seed=1, years=2)
    flows = results.flows
    started = flows.loc[(flows["service"] == "service") & (flows["day"] >= 365), "started"]
    expected = started.sum() * 50.0 / 1000
    assert results.final_kpis()["cost_per_resident_eur_year"] == pytest.approx(expected, 1e-12)
    contract_year = scorecard_of(results, "cost_per_resident_eur_year")
    assert contract_year.loc[1] == pytest.approx(expected, rel=1e-12)


def scorecard_of(results: ekosim.Results, kpi: str) -> pd.Series:
    """The contract KPI pool's yearly means of one KPI (``contracts.kpi_pool.scorecard``)."""
    contract = results.scenario.contract.model_copy(
        update={"kpis": [KpiTargetSpec(name=kpi, target=1.0, weight=1.0)]}
    )
    card = scorecard(results.kpis, contract)
    return card.set_index("year")["value"]


def test_the_populations_kpis_add_up_to_its_own_counts_and_shares() -> None:
    """Deaths, births and new diabetes cases annualised per window give back the year's
    events; the shares are those of the residents at the window's end."""
    model = ekosim.EcosystemModel(scaled(ekosim.load_scenario("tesoma-base"), 4000), rng=3)
    before = dataclasses.replace(model.population.events)
    model.run_for(365)
    kpis = pd.DataFrame(model.kpis.rows, columns=["day", "kpi", "value"])
    wide = kpis.pivot(index="day", columns="kpi", values="value")
    days = np.diff(np.concatenate([[0], wide.index.to_numpy()]))
    per_window = days / 365 / 1000
    events = model.population.events
    deaths = (wide["deaths_per_1000_year"] * wide["residents"] * per_window).sum()
    births = (wide["births_per_1000_year"] * wide["residents"] * per_window).sum()
    assert deaths == pytest.approx(events.deaths - before.deaths)
    assert births == pytest.approx(events.births - before.births)
    assert events.deaths > before.deaths and events.births > before.births
    r = model.population.residents
    last = wide.iloc[-1]
    assert last["share_65_plus"] == pytest.approx((r.age[r.alive] >= 65).mean())
    over_30 = r.alive & (r.age >= 30)
    assert last["t2d_prevalence_30_plus_share"] == pytest.approx(r.diabetes[over_30].mean())
    assert (wide["t2d_incidence_per_1000_adults_year"] >= 0).all()
