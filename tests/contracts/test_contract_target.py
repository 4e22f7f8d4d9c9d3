"""The alliance's target comes from the contract's TOC, so the partner's result is an outcome."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.contracts.report import format_risk_profile, target_outcome
from ekosim.experiments import replicate


def test_the_target_is_the_contracts_toc_carried_to_the_area_not_the_models_cost(
    small_tesoma: ekosim.Scenario,
) -> None:
    target = small_tesoma.contract.target
    assert target is not None and small_tesoma.contract.target_cost_eur_per_year is None
    assert target.toc_eur_per_year == 15_840_000 and target.year == 2022
    dearer = ekosim.load_scenario(
        small_tesoma, {"services.health_station.cost_per_contact_eur": 190}
    )
    targets = []
    for scenario in (small_tesoma, dearer):
        model = ekosim.EcosystemModel(scenario, rng=1)
        model.run_years(1)
        targets.append(model.region.target_cost(0))
        residents = model.population.residents.size
    expected = (
        target.toc_eur_per_year
        / target.contract_residents
        * small_tesoma.population.size
        * target.price_index
        * target.modelled_share
    )
    assert targets[0] == pytest.approx(expected)
    assert targets[1] == targets[0]  # a dearer service does not move the contract's target
    assert residents > 0


def test_an_analysis_target_overrides_the_contracts(small_tesoma: ekosim.Scenario) -> None:
    analysis = ekosim.load_scenario(small_tesoma, {"contract.target_cost_eur_per_year": 1e6})
    model = ekosim.EcosystemModel(analysis, rng=1)
    assert model.region.target_cost(3) == 1e6


def test_with_demand_ten_percent_above_the_partner_can_lose(small_tesoma: ekosim.Scenario) -> None:
    demand = small_tesoma.demand.contacts_per_resident_year
    outcomes = {}
    for label, factor in (("as planned", 1.0), ("10% above", 1.1)):
        scenario = ekosim.load_scenario(
            small_tesoma, {"demand.contacts_per_resident_year": demand * factor}
        )
        runs = replicate(scenario, replications=3, years=2, seed=5)
        outcome = target_outcome(runs.ledger).set_index("partner").loc["mehilainen"]
        outcomes[label] = outcome
        slack = 1e-6 * abs(outcome["mean_eur"])  # all replications at the cap: equal, but summed
        assert outcome["p5_eur"] - slack <= outcome["mean_eur"] <= outcome["p95_eur"] + slack
    above = outcomes["10% above"]
    assert above["loss_probability"] > 0
    # more demand, no less pain; with the fitted demand the overrun already reaches the cap of
    # the partner's fee at risk at planned demand, so both can sit at the cap (equal)
    planned = outcomes["as planned"]["mean_eur"]
    assert above["mean_eur"] <= planned + 1e-6 * abs(planned)
    text = format_risk_profile(runs.ledger)
    assert "Against the target" in text and "loss_probability" in text
