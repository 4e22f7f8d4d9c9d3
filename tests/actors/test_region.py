"""The region settles yearly under each payment model; the books balance in the ledger frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.contracts import COST_CATEGORIES, partner_accounts, region_costs

MODELS = ["in_house", "fee_for_service", "capitation", "fixed_price", "alliance"]


@pytest.fixture(scope="module")
def runs(small_tesoma: ekosim.Scenario) -> dict[str, ekosim.Results]:
    return {
        model: ekosim.run(
            ekosim.load_scenario(small_tesoma, {"contract.model": model}), seed=5, years=2
        )
        for model in MODELS
    }


def items(ledger: pd.DataFrame, prefix: str) -> pd.Series:
    rows = ledger[ledger["item"].str.startswith(prefix)]
    return rows.groupby("year")["amount_eur"].sum()


@pytest.mark.parametrize("model", MODELS)
def test_purchases_equal_partners_revenues(runs: dict[str, ekosim.Results], model: str) -> None:
    ledger = runs[model].ledger
    pd.testing.assert_series_equal(items(ledger, "purchase."), items(ledger, "revenue."))


def test_alliance_pays_cost_fee_and_settlement(runs: dict[str, ekosim.Results]) -> None:
    accounts = partner_accounts(runs["alliance"].ledger)
    expected = accounts["cost"] + accounts["fee"] + accounts["gain_pain"] + accounts["kpi_reward"]
    pd.testing.assert_series_equal(accounts["revenue"], expected, check_names=False)


def test_capitation_shifts_cost_to_specialist_care(runs: dict[str, ekosim.Results]) -> None:
    residents = runs["in_house"].scenario.population.size
    specialist = {
        model: region_costs(runs[model].ledger, residents)["specialist_care_eur"].sum()
        for model in ("in_house", "capitation")
    }
    assert specialist["capitation"] > specialist["in_house"]

    # the lowered referral threshold acts on the referral (outpatient) stream; the emergency
    # and most inpatient days come from the residents' own needs, which it does not change
    def referred(model: str) -> float:
        ledger = runs[model].ledger
        return float(
            ledger.loc[ledger["item"] == "cost.specialist_care.outpatient", "amount_eur"].sum()
        )

    assert referred("capitation") > 1.15 * referred("in_house")


def test_capitation_staffs_less_capacity(
    small_tesoma: ekosim.Scenario, runs: dict[str, ekosim.Results]
) -> None:
    def busiest_day(model: str, service: str) -> int:
        flows = runs[model].flows
        return int(flows.loc[flows["service"] == service, "started"].max())

    social = small_tesoma.services["social_work"].capacity_per_day  # the city's: unchanged
    assert busiest_day("capitation", "social_work") == busiest_day("in_house", "social_work")
    assert busiest_day("in_house", "social_work") <= np.ceil(social)

    # the partner's station staffs its books less (its doctors' and nurses' slots), so it
    # starts fewer visits over the years while its books are full
    def visits(model: str) -> int:
        flows = runs[model].flows
        return int(flows.loc[flows["service"] == "health_station", "started"].sum())

    reduction = small_tesoma.contract.behaviour.capitation_capacity_reduction
    assert visits("capitation") < (1 - reduction / 3) * visits("in_house")


def test_fee_for_service_supplies_more_contacts(runs: dict[str, ekosim.Results]) -> None:
    def arrivals(model: str) -> int:
        flows = runs[model].flows
        return int(flows.loc[flows["service"].str.startswith("channel."), "arrivals"].sum())

    assert arrivals("fee_for_service") > 1.04 * arrivals("in_house")


def test_in_house_partner_has_no_margin(runs: dict[str, ekosim.Results]) -> None:
    accounts = partner_accounts(runs["in_house"].ledger)
    assert (accounts["result"].abs() < 1e-6).all()


@pytest.mark.parametrize("model", MODELS)
def test_every_cost_is_booked_under_a_ledger_category(
    runs: dict[str, ekosim.Results], model: str
) -> None:
    costs = runs[model].ledger.query("item.str.startswith('cost.')")
    assert set(costs["item"].str.split(".").str[1]) <= set(COST_CATEGORIES)


def test_contact_costs_follow_the_providers_cost_structure(
    runs: dict[str, ekosim.Results], small_tesoma: ekosim.Scenario
) -> None:
    ledger = runs["alliance"].ledger
    contacts = ledger[ledger["item"].str.endswith(".service_contacts")]
    for partner, rows in contacts.groupby("partner"):
        by_category = rows.groupby(rows["item"].str.split(".").str[1])["amount_eur"].sum()
        shares = (by_category / by_category.sum()).to_dict()
        assert shares == pytest.approx(small_tesoma.providers[partner].cost_structure)


@pytest.mark.parametrize("indexation", ["residents", "need_weighted_residents"])
def test_indexed_target_follows_the_areas_volume(
    small_tesoma: ekosim.Scenario, indexation: str
) -> None:
    scenario = ekosim.load_scenario(
        small_tesoma, {"contract.model": "alliance", "contract.target_indexation": indexation}
    )
    model = ekosim.EcosystemModel(scenario, rng=3)

    def volume() -> float:
        if indexation == "residents":
            return float(model.population.residents.size)
        return model.region.weighted_residents()

    start = volume()
    model.run_for(2 * 365)
    index = model.region.target_index()
    assert index == pytest.approx(volume() / start)
    assert index != 1.0
    fixed = ekosim.EcosystemModel(
        ekosim.load_scenario(scenario, {"contract.target_indexation": "none"}), rng=3
    )
    fixed.run_for(365)
    assert fixed.region.target_index() == 1.0
