"""Partner accounts and risk profiles computed from ledger frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.contracts import (
    partner_accounts,
    region_costs,
    region_risk,
    risk_profile,
    yearly_residents,
)
from ekosim.results import LEDGER_COLUMNS


def ledger_of(results: list[float]) -> pd.DataFrame:
    """One partner with cost 100 a year for two years; replication r earns results[r] in all."""
    rows = []
    for replication, result in enumerate(results):
        for year in (0, 1):
            rows += [
                ("s", replication, year, "p", "cost.staff.service_contacts", 100.0),
                ("s", replication, year, "p", "revenue.limb1_cost", 100.0),
                ("s", replication, year, "p", "revenue.limb2_fee", 10.0),
                ("s", replication, year, "p", "revenue.limb3_adjustment", result / 2 - 10.0),
                ("s", replication, year, "region", "purchase.limb1_cost", 100.0),
                ("s", replication, year, "region", "cost.specialist_care", 50.0),
            ]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def test_partner_accounts_add_up() -> None:
    accounts = partner_accounts(ledger_of([40.0]))
    assert list(accounts["partner"]) == ["p", "p"]
    row = accounts.iloc[0]
    assert row["revenue"] == pytest.approx(row["cost"] + row["fee"] + row["gain_pain"])
    assert row["result"] == pytest.approx(20.0)


def test_risk_profile_statistics() -> None:
    results = [-30.0, 10.0, 20.0, 40.0, 60.0]
    profile = risk_profile(ledger_of(results)).set_index("partner").loc["p"]
    assert profile["mean_eur"] == pytest.approx(np.mean(results))
    assert profile["p5_eur"] == pytest.approx(np.percentile(results, 5))
    assert profile["p95_eur"] == pytest.approx(np.percentile(results, 95))
    assert profile["loss_probability"] == pytest.approx(0.2)


def test_region_costs_per_resident() -> None:
    costs = region_costs(ledger_of([0.0]), residents=10).iloc[0]
    assert costs["total_eur"] == pytest.approx(150.0)
    assert costs["specialist_care_eur_per_resident"] == pytest.approx(5.0)


def test_region_risk_over_replications() -> None:
    ledger = ledger_of([0.0, 0.0])
    ledger.loc[
        (ledger["replication"] == 1) & (ledger["item"] == "cost.specialist_care"), "amount_eur"
    ] = 150.0
    profile = region_risk(ledger, {"s": 10}).iloc[0]
    assert profile["mean_eur"] == pytest.approx((15.0 + 25.0) / 2)
    assert profile["p95_eur"] == pytest.approx(np.percentile([15.0, 25.0], 95))
    assert profile["specialist_care_mean_eur"] == pytest.approx(10.0)


def test_per_resident_costs_divide_by_each_years_residents() -> None:
    kpis = pd.DataFrame(
        {
            "scenario": "s",
            "replication": 0,
            "day": [30, 365, 395, 730],
            "kpi": "residents",
            "value": [9.0, 11.0, 19.0, 21.0],
        }
    )
    residents = yearly_residents(kpis)
    assert residents["residents"].tolist() == [10.0, 20.0]
    costs = region_costs(ledger_of([0.0]), residents)
    per_resident = costs["total_eur"] / residents["residents"]
    assert costs["total_eur_per_resident"].tolist() == pytest.approx(per_resident.tolist())
    assert costs["total_eur_per_resident"].iloc[0] == 2 * costs["total_eur_per_resident"].iloc[1]


# --- Frames of many runs: every grouping column kept (issue 18 point 4) ---


@pytest.fixture(scope="module")
def small_sweep() -> Any:
    """A real sweep: 2 design points x 2 replications of a 1,000-resident Tesoma alliance,
    the points differing only in the gain share (so their partner results differ)."""
    from ekosim.experiments.sweeps import sweep

    return sweep(
        {
            "name": "shares",
            "scenario": "tesoma-alliance",
            "residents": 1000,
            "years": 1,
            "replications": 2,
            "levers": {"contract.gain_share": {"values": [0.1, 0.9]}},
            "sweep": {"design": "factorial", "levels": 2},
        }
    )


def one_point(frame: pd.DataFrame, point: int) -> pd.DataFrame:
    return frame[frame["point"] == point].drop(columns="point")


def test_every_ledger_function_keeps_the_design_point(small_sweep: Any) -> None:
    ledger, kpis = small_sweep.results.ledger, small_sweep.results.kpis
    assert set(ledger["point"]) == {0, 1}
    residents = yearly_residents(kpis)
    budget = 1000.0
    whole = {
        "partner_accounts": partner_accounts(ledger),
        "yearly_residents": residents,
        "region_costs": region_costs(ledger, residents),
        "risk_profile": risk_profile(ledger, residents, budget),
        "region_risk": region_risk(ledger, residents),
    }
    for point in (0, 1):
        alone_ledger = one_point(ledger, point)
        alone_residents = yearly_residents(one_point(kpis, point))
        alone = {
            "partner_accounts": partner_accounts(alone_ledger),
            "yearly_residents": alone_residents,
            "region_costs": region_costs(alone_ledger, alone_residents),
            "risk_profile": risk_profile(alone_ledger, alone_residents, budget),
            "region_risk": region_risk(alone_ledger, alone_residents),
        }
        for name, frame in whole.items():
            assert "point" in frame, name
            mine = one_point(frame, point).reset_index(drop=True)
            pd.testing.assert_frame_equal(mine, alone[name].reset_index(drop=True), obj=name)
    accounts = whole["partner_accounts"]
    assert accounts.groupby(["point", "replication", "year", "partner"]).size().max() == 1


def test_the_sweep_points_give_different_partner_results(small_sweep: Any) -> None:
    profile = risk_profile(small_sweep.results.ledger)
    partners = profile[profile["partner"] != "region"].set_index(["point", "partner"])
    assert len(partners) == 2 * partners.index.get_level_values("partner").nunique()


def test_the_scorecard_keeps_every_run(small_sweep: Any) -> None:
    from ekosim.contracts.kpi_pool import scorecard

    contract = ekosim.load_scenario("tesoma-alliance").contract
    card = scorecard(small_sweep.results.kpis, contract)
    assert {"scenario", "point", "replication"} <= set(card.columns)
    assert card.groupby(["point", "replication", "year", "kpi"]).size().max() == 1


@pytest.mark.parametrize(
    ("function", "arguments"),
    [
        (partner_accounts, ()),
        (risk_profile, ()),
        (region_risk, ({"s": 1000.0},)),
        (region_costs, (1000.0,)),
    ],
)
def test_a_frame_without_a_needed_column_is_refused(function: Any, arguments: tuple) -> None:
    ledger = ledger_of([1.0, 2.0]).drop(columns="year")
    with pytest.raises(ValueError, match=r"ledger has no column 'year'"):
        function(ledger, *arguments)
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        function(ledger.to_dict(), *arguments)


def test_the_region_is_a_row_of_the_risk_profile() -> None:
    ledger = ledger_of([10.0, 20.0, 30.0])
    residents = pd.DataFrame(
        [("s", r, y, 10.0) for r in range(3) for y in (0, 1)],
        columns=["scenario", "replication", "year", "residents"],
    )
    # The region pays 100 + 50 a year for 10 residents: 15 EUR/resident a year, 30 a run.
    without = risk_profile(ledger, residents).set_index("partner")
    region = without.loc["region"]
    assert region["unit"] == "EUR/resident" and region["mean_eur"] == pytest.approx(30.0)
    assert np.isnan(region["over_budget_probability"]) and np.isnan(region["loss_probability"])
    assert risk_profile(ledger, residents, 14.0).set_index("partner").loc[
        "region", "over_budget_probability"
    ] == pytest.approx(1.0)
    assert risk_profile(ledger, residents, {"s": 16.0}).set_index("partner").loc[
        "region", "over_budget_probability"
    ] == pytest.approx(0.0)
    assert "region" not in set(risk_profile(ledger)["partner"])  # no residents: no region row
