"""The contract section of ``ekosim run`` and the risk profile for ``ekosim compare``."""

from __future__ import annotations

import pandas as pd

import ekosim
from ekosim.contracts import yearly_residents
from ekosim.contracts.report import format_contract, format_risk_profile
from tests.conftest import small_overrides


def test_run_report_shows_partners_region_scorecard_and_decisions(
    small_tesoma: ekosim.Scenario,
) -> None:
    text = format_contract(ekosim.run(small_tesoma, seed=1, years=2))
    for heading in ("Contract: alliance", "Partners by year", "Region by year", "KPI scorecard"):
        assert heading in text
    assert "Alliance by year" in text and "outturn.city" in text and "outturn.region" in text
    assert "mehilainen" in text and "Joint management group decisions" in text


def test_risk_profile_over_replications(small_tesoma: ekosim.Scenario) -> None:
    ledger = pd.concat(
        ekosim.run(small_tesoma, seed=seed, years=1, replication=seed).ledger for seed in range(3)
    )
    text = format_risk_profile(ledger, {small_tesoma.name: small_tesoma.population.size})
    assert "3 replications" in text and "loss_probability" in text and "mehilainen" in text
    assert "Region's cost per resident" in text


def test_compare_shows_each_partners_and_the_regions_whole_run_money_with_its_risk(
    small_tesoma: ekosim.Scenario,
) -> None:
    """As ``ekosim compare tesoma-alliance tesoma-outsourced`` prints it: each partner's
    whole-run result with P(loss), the region's cost over the run with P(over budget) against
    ``region.budget_eur_per_resident_year``, and the alliance's result against its target."""
    outsourced = ekosim.load_scenario(
        "tesoma-outsourced", small_overrides(3000 / 23000, "tesoma-outsourced")
    )
    runs = [
        ekosim.run(scenario, seed=seed, years=1, replication=seed)
        for scenario in (small_tesoma, outsourced)
        for seed in range(2)
    ]
    ledger = pd.concat(r.ledger for r in runs)
    kpis = pd.concat(r.kpis for r in runs)
    budgets = {s.name: s.region.budget_eur_per_resident_year for s in (small_tesoma, outsourced)}
    assert budgets[small_tesoma.name] == 3500
    text = format_risk_profile(ledger, yearly_residents(kpis), budgets)
    lines = text.splitlines()
    partner_rows = [line for line in lines if "mehilainen" in line and " EUR " in line]
    assert len(partner_rows) == 2  # the alliance's and the capitation's partner
    region_rows = [line for line in lines if " region " in line and "EUR/resident" in line]
    assert len(region_rows) == 2 and all("n/a" in row.split()[-2] for row in region_rows)
    assert "no region budget" not in text  # P(over budget) is given
    assert "The alliance's whole-run result against its target" in text
    assert "overrun_probability" in text
