"""The contract section of ``ekosim run`` and the risk profile for ``ekosim compare``."""

from __future__ import annotations

import pandas as pd

import ekosim
from ekosim.contracts.report import format_contract, format_risk_profile


def test_run_report_shows_partners_region_scorecard_and_decisions(
    small_tesoma: ekosim.Scenario,
) -> None:
    text = format_contract(ekosim.run(small_tesoma, seed=1, years=2))
    for heading in ("Contract: alliance", "Partners by year", "Region by year", "KPI scorecard"):
        assert heading in text
    assert "mehilainen" in text and "Joint management group decisions" in text


def test_risk_profile_over_replications(small_tesoma: ekosim.Scenario) -> None:
    ledger = pd.concat(
        ekosim.run(small_tesoma, seed=seed, years=1, replication=seed).ledger for seed in range(3)
    )
    text = format_risk_profile(ledger, {small_tesoma.name: small_tesoma.population.size})
    assert "3 replications" in text and "loss_probability" in text and "mehilainen" in text
    assert "Region's cost per resident" in text
