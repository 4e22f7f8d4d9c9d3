"""The joint management group: reinvestment by a pluggable rule, fee hold-back, decision log."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.contracts import partner_accounts


def run(small: ekosim.Scenario, **overrides: object) -> ekosim.Results:
    scenario = ekosim.load_scenario(small, {f"contract.{k}": v for k, v in overrides.items()})
    return ekosim.run(scenario, seed=2, years=2)


def contract_target(small: ekosim.Scenario) -> float:
    """The first year's target of the contract's TOC for the small area, EUR."""
    assert small.contract.target is not None
    return small.contract.target.base_eur_per_year(small.population.size)


# the outturn inside tesoma-alliance's scope (the partner's services, the city's home care and
# social work, the region's 24-hour housing and clinics) is about 1.9 times the contract's
# target, so a target well above the outturn is 2.5 times it
GENEROUS = 2.5


def prevention_cost(results: ekosim.Results, year: int) -> float:
    ledger = results.ledger
    rows = ledger[
        (ledger["year"] == year) & ledger["item"].str.contains(r"^cost\.\w+\.prevention\.")
    ]
    return float(rows["amount_eur"].sum())


def test_reinvest_puts_a_share_of_the_gain_into_next_years_prevention(
    small_tesoma: ekosim.Scenario,
) -> None:
    generous = contract_target(small_tesoma) * GENEROUS
    results = run(small_tesoma, target_cost_eur_per_year=generous, kpis=[])
    first = results.decisions[results.decisions["year"] == 0].iloc[0]
    assert first["decision"] == "reinvest_in_prevention"
    accounts = partner_accounts(results.ledger).set_index("year")
    gain_share = accounts.loc[0, "gain_pain"]  # the NOPs' half of the gain
    assert first["amount_eur"] == pytest.approx(gain_share)  # reinvest_share 0.5 of the gain
    assert prevention_cost(results, 0) == 0.0
    assert prevention_cost(results, 1) == pytest.approx(first["amount_eur"])


def test_pay_out_rule_reinvests_nothing(small_tesoma: ekosim.Scenario) -> None:
    generous = contract_target(small_tesoma) * GENEROUS
    results = run(
        small_tesoma, target_cost_eur_per_year=generous, **{"joint_management.rule": "pay_out"}
    )
    assert set(results.decisions["decision"]) == {"pay_out"}
    assert prevention_cost(results, 1) == 0.0


def test_forecast_overrun_holds_back_fee_and_sets_pain_off_against_it(
    small_tesoma: ekosim.Scenario,
) -> None:
    tight = contract_target(small_tesoma) * 0.85
    results = run(small_tesoma, target_cost_eur_per_year=tight, fee_holdback_share=0.5)
    log = results.decisions.set_index(["year", "decision"])["amount_eur"]
    fee = sum(p.fee_eur_per_year for p in small_tesoma.providers.values())
    assert log[(0, "fee_hold_back")] == pytest.approx(0.5 * fee)
    pain = -partner_accounts(results.ledger).set_index("year").loc[1, "gain_pain"]
    assert log[(1, "fee_release")] == pytest.approx(max(0.5 * fee - pain, 0.0))
    accounts = partner_accounts(results.ledger)
    assert list(accounts["fee"]) == pytest.approx([fee, fee])  # the fee is still earned


def test_prevention_spending_lowers_the_contacts_supplied(small_tesoma: ekosim.Scenario) -> None:
    model = ekosim.EcosystemModel(small_tesoma, rng=1)
    assert model.alliance is not None
    assert model.contact_multiplier() == 1.0
    model.alliance.prevention_budget[0] = 100.0 * small_tesoma.population.size
    reduction = small_tesoma.contract.behaviour.prevention_contact_reduction_per_100_eur
    assert model.contact_multiplier() == pytest.approx(1.0 - reduction, rel=0.01)


def test_no_group_outside_an_alliance(small_tesoma: ekosim.Scenario) -> None:
    scenario = ekosim.load_scenario(small_tesoma, {"contract.model": "in_house"})
    assert ekosim.EcosystemModel(scenario, rng=1).alliance is None
    assert ekosim.run(scenario, seed=1, years=1).decisions.empty
