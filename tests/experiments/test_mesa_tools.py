"""Mesa's own tools on EcosystemModel: its DataCollector and ``mesa.batch_run``."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest

import ekosim
from ekosim.kpis import KPIS, window_ends
from ekosim.mesa_collect import AGENT_REPORTERS
from ekosim.model import resolve

DAYS = 90  # the first KPI windows (30 or 31 days each)


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    found = mesa.batch_run(
        ekosim.EcosystemModel,
        parameters={"scenario": ["tesoma-alliance", "tesoma-inhouse"], "population": 2000},
        rng=[1, 2],
        max_steps=DAYS,
        data_collection_period=1,
        display_progress=False,
    )
    return pd.DataFrame(found)


def test_batch_run_returns_mesas_records_for_every_run_window_and_actor(
    records: pd.DataFrame,
) -> None:
    assert {"RunId", "iteration", "Step", "scenario", "population", "rng", "AgentID"} <= set(
        records.columns
    )
    assert set(AGENT_REPORTERS) <= set(records.columns)
    assert set(KPIS) <= set(records.columns)
    assert records["RunId"].nunique() == 4
    ends = sorted(day for day in window_ends(30) if day <= DAYS)  # the KPI windows' ends
    assert sorted(records["Step"].unique()) == ends
    actors = records.groupby("RunId")["actor"].agg(set)
    assert all({"Region", "Provider"} <= kinds for kinds in actors)
    alliance = records[records["scenario"] == "tesoma-alliance"]
    assert "JointManagementGroup" in set(alliance["actor"])
    assert (records.groupby(["RunId", "Step"])["AgentID"].nunique() >= 2).all()


def test_the_model_reporters_are_the_runs_kpis(records: pd.DataFrame) -> None:
    run = records[(records["scenario"] == "tesoma-alliance") & (records["rng"] == 2)]
    expected = ekosim.run(resolve("tesoma-alliance", 2000), seed=2, years=1).kpis
    expected = expected[expected["day"] <= DAYS].pivot(index="day", columns="kpi", values="value")
    found = run.groupby("Step")[list(expected.columns)].first()
    found.index = found.index.astype(int)
    found.index.name = expected.index.name = "day"
    found.columns.name = "kpi"
    pd.testing.assert_frame_equal(found, expected)


def test_batch_run_varies_overrides_and_the_agents_report_the_ledger() -> None:
    found = pd.DataFrame(
        mesa.batch_run(
            ekosim.EcosystemModel,
            parameters={
                "scenario": [ekosim.load_scenario("tesoma-alliance")],  # a Scenario, in a list
                "population": 2000,
                "overrides": [{}, {"demand.contacts_per_resident_year": 15}],
            },
            rng=[3],
            max_steps=60,
            display_progress=False,
        )
    )
    region = found[found["actor"] == "Region"]
    region = region.set_index(region["overrides"].map(len))
    waiting = region["waiting_at_end"]
    assert waiting[1] > 2 * waiting[0]  # almost three times the contacts: longer queues
    providers = found[found["actor"] == "Provider"]
    assert (providers["cost_eur"] > 0).all()
    assert (providers["result_eur"] == providers["revenue_eur"] - providers["cost_eur"]).all()
    assert (region["purchases_eur"] == 0).all()  # the purchaser pays at the year's settlement


def test_the_collector_collects_after_the_years_settlement() -> None:
    model = ekosim.EcosystemModel("tesoma-alliance", rng=4, population=2000)
    model.run_for(365)
    kpis = model.datacollector.get_model_vars_dataframe()
    assert len(kpis) == 12  # twelve windows of 30 or 31 days, the last ending the year
    agents = model.datacollector.get_agent_vars_dataframe()
    assert set(agents.index.get_level_values("Step")) == set(window_ends(30))
    ledger = model.ledger.frame()
    settled = ledger[ledger["item"].str.startswith("purchase.")]["amount_eur"].sum()
    region = agents.xs(365.0, level="Step").set_index("actor").loc["Region"]
    assert region["purchases_eur"] == pytest.approx(settled)  # limb 2 and 3 included
    assert "purchase.limb3_adjustment" in set(ledger["item"]) or "purchase.limb2_fee" in set(
        ledger["item"]
    )
