"""The alliance's target comes from the contract's TOC, so the partner's result is an outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

import ekosim
from ekosim.contracts import Ledger
from ekosim.contracts.ledger import REGION
from ekosim.contracts.outturn import OUTTURN_ITEM, TARGET_ITEM, AllianceOutturn
from ekosim.contracts.report import (
    alliance_result,
    alliance_years,
    format_risk_profile,
    target_outcome,
)
from ekosim.experiments import replicate
from ekosim.scenario import ScenarioError


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


def test_the_outturn_is_every_partners_cost_inside_the_scope(
    small_tesoma: ekosim.Scenario,
) -> None:
    """Tesoma's target covers the city's home care and social work, the region's clinics and
    the centre's own 24-hour unit (Mehiläinen's) as well as the partner's services: the
    outturn set against it is their cost, whoever produces it; out-of-scope costs (the rest
    of the area's 24-hour housing, specialist care, disability services, family care) stay
    out."""
    model = ekosim.EcosystemModel(small_tesoma, rng=3)
    model.run_years(1)
    frame = model.ledger.frame()
    year0 = frame[frame["year"] == 0]
    memo = year0[year0["item"] == OUTTURN_ITEM].set_index("partner")["amount_eur"]
    partner = year0[(year0["partner"] == "mehilainen") & year0["item"].str.startswith("cost.")]
    assert memo["mehilainen"] == pytest.approx(partner["amount_eur"].sum())
    unit = partner[partner["item"].str.endswith(".care_24h")]["amount_eur"].sum()
    places = small_tesoma.care_24h.unit.places
    day_cost = small_tesoma.care_24h.cost_per_resident_day_eur
    assert 0 < unit <= places * day_cost * 366  # the unit's resident-days, on the partner
    city = year0[(year0["partner"] == "city") & year0["item"].str.startswith("cost.")]
    assert memo["city"] == pytest.approx(city["amount_eur"].sum())  # home care, social work
    clinics = year0[
        (year0["partner"] == REGION)
        & year0["item"].isin(
            ["cost.county_services.maternity_clinics", "cost.county_services.child_clinics"]
        )
    ]["amount_eur"].sum()
    housing = year0[(year0["partner"] == REGION) & year0["item"].str.endswith(".care_24h")]
    assert clinics > 0 and housing["amount_eur"].sum() > 0
    assert memo[REGION] == pytest.approx(clinics)  # the region's other housing is outside
    target = year0[year0["item"] == TARGET_ITEM]["amount_eur"].sum()
    assert target == pytest.approx(model.region.target_cost(0) * model.region.target_index())
    limb3 = year0[year0["item"] == "revenue.limb3_adjustment"]["amount_eur"].sum()
    settled = ekosim.contracts.settle_alliance(
        target_cost=target, actual_cost=memo.sum(), fee=450_000 * 3000 / 23000
    )
    assert limb3 == pytest.approx(settled.nop_adjustment)
    years = alliance_years(frame.assign(scenario=small_tesoma.name, replication=0))
    assert years.loc[0, "outturn"] == pytest.approx(memo.sum())
    assert years.loc[0, "result"] == pytest.approx(target - memo.sum())


def test_without_a_scope_the_outturn_is_the_partners_cost(small_tesoma: ekosim.Scenario) -> None:
    scenario = ekosim.load_scenario(small_tesoma, {"contract.target.modelled_scope": []})
    model = ekosim.EcosystemModel(scenario, rng=3)
    model.run_years(1)
    frame = model.ledger.frame()
    memo = frame[frame["item"] == OUTTURN_ITEM].set_index("partner")["amount_eur"]
    assert list(memo.index) == ["mehilainen"]
    costs = frame[(frame["partner"] == "mehilainen") & frame["item"].str.startswith("cost.")]
    assert memo["mehilainen"] == pytest.approx(costs["amount_eur"].sum())


def test_owner_costs_outside_the_scope_count_pro_rata() -> None:
    scenario = ekosim.load_scenario(
        "tesoma-alliance",
        {"contract.target.modelled_scope": ["home_care", "care_24h"]},
    )
    outturn = AllianceOutturn(scenario)
    ledger = Ledger()
    ledger.post(0, "city", "cost.staff.service_contacts", 800.0)  # home care 600, social 200
    ledger.post(0, "city", "cost.staff.overtime", 100.0)
    outturn.add(0, "city", "home_care", 600.0)
    outturn.add(0, "city", "social_work", 200.0)
    outturn.add(0, REGION, "care_24h", 50.0)
    outturn.add(0, REGION, "county_services.disability_services", 70.0)
    ledger.post(0, "mehilainen", "cost.staff.service_contacts", 300.0)
    parties = outturn.by_party(0, ledger, ["mehilainen"], ["city"])
    assert parties == pytest.approx({"mehilainen": 300.0, "city": 600.0 + 75.0, REGION: 50.0})


def test_a_scope_item_that_does_not_exist_is_a_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text(
        "name: scope\nextends: tesoma-alliance\ncontract:\n  target:\n"
        "    modelled_scope: [home_care, home_cair]\n"
    )
    with pytest.raises(ScenarioError) as error:
        ekosim.load_scenario(path)
    text = str(error.value)
    assert f"{path}:5:" in text and "contract.target.modelled_scope.1" in text
    assert "no such modelled item" in text and "home_care" in text


def test_with_demand_ten_percent_above_the_alliance_overruns_and_the_partner_loses(
    small_tesoma: ekosim.Scenario,
) -> None:
    """The partner's result is an outcome of the runs: with demand 10% above the scenario's
    the alliance's whole-run result has a spread across replications and P(loss) > 0."""
    demand = small_tesoma.demand.contacts_per_resident_year
    scenario = ekosim.load_scenario(
        small_tesoma, {"demand.contacts_per_resident_year": demand * 1.1}
    )
    runs = replicate(scenario, replications=3, years=1, seed=11)
    result = alliance_result(runs.ledger).iloc[0]
    assert result["p5_eur"] < result["p95_eur"]  # an outcome, not set by construction
    assert result["overrun_probability"] > 0
    assert result["outturn_eur"] - result["target_eur"] == pytest.approx(-result["mean_eur"])
    profile = ekosim.contracts.risk_profile(runs.ledger).set_index("partner")
    assert profile.loc["mehilainen", "loss_probability"] > 0
    assert profile.loc["mehilainen", "p5_eur"] < profile.loc["mehilainen", "p95_eur"]
