"""Partner accounts and risk profiles computed from ledger frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

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
