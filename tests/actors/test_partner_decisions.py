"""Partners' yearly decisions on staffing mix and digital investment: direction under each
payment model, off switches that give exactly the old behaviour, and the open book."""

from __future__ import annotations

import pandas as pd
import pytest

import ekosim
from ekosim.actors import Provider
from ekosim.actors.incentives import digital_terms, savings_kept_share, staffing_plan
from ekosim.contracts import partner_accounts
from ekosim.contracts.report import format_contract, format_partner_decisions
from ekosim.scenario.schema import ChannelSpec, ContractSpec

OFF = {
    "contract.behaviour.capitation_staff_trim": 0.0,
    "contract.behaviour.ffs_extra_staff_share": 0.0,
    "contract.behaviour.digital_investment_eur_per_resident_year": 0.0,
}
UNIT_COST = {"gp_team": 95.0, "dental_team": 110.0}


def contract(model: str, **behaviour: float) -> ContractSpec:
    return ContractSpec.model_validate(
        {
            "model": model,
            "target_cost_eur_per_year": 1.0,
            "capitation_eur_per_resident_year": 1.0,
            "fixed_price_eur_per_year": 1.0,
            "behaviour": behaviour,
        }
    )


def kept(spec: ContractSpec, waiting: dict[str, int]) -> dict[str, float]:
    return {p: share for p, (share, _) in staffing_plan(spec, UNIT_COST, waiting).items()}


def test_capitation_trims_only_the_costliest_profession() -> None:
    plan = kept(contract("capitation"), {"gp_team": 50, "dental_team": 50})
    assert plan == {"gp_team": 1.0, "dental_team": pytest.approx(0.95)}
    off = contract("capitation", capitation_staff_trim=0.0)
    assert kept(off, {"dental_team": 50}) == dict.fromkeys(UNIT_COST, 1.0)


def test_fee_for_service_staffs_for_volume_where_clients_wait() -> None:
    plan = kept(contract("fee_for_service"), {"gp_team": 40, "dental_team": 0})
    assert plan == {"gp_team": pytest.approx(1.05), "dental_team": 1.0}
    off = contract("fee_for_service", ffs_extra_staff_share=0.0)
    assert kept(off, {"gp_team": 40}) == dict.fromkeys(UNIT_COST, 1.0)


@pytest.mark.parametrize("model", ["alliance", "in_house", "fixed_price"])
def test_alliance_and_others_keep_the_planned_posts(model: str) -> None:
    assert kept(contract(model), {"gp_team": 40, "dental_team": 40}) == dict.fromkeys(
        UNIT_COST, 1.0
    )


def test_digital_investment_pays_where_the_partner_keeps_savings() -> None:
    share = {m: savings_kept_share(contract(m)) for m in ("capitation", "alliance")}
    share["fee_for_service"] = savings_kept_share(contract("fee_for_service"))
    share["in_house"] = savings_kept_share(contract("in_house"))
    assert share["capitation"] > share["alliance"] > share["fee_for_service"] == 0.0
    assert share["in_house"] == 0.0


def test_digital_terms_raise_capacity_and_resolution() -> None:
    channel = ChannelSpec(capacity_per_day=160, resolution_rate=0.52)
    capacity, resolution = digital_terms(channel, 10.0, 0.1)
    assert capacity == 176 and resolution == pytest.approx(1 - 0.48 * 0.9)
    assert digital_terms(channel, 0.0, 0.1) == (160, 0.52)
    assert digital_terms(channel, 10.0, 0.0) == (160, 0.52)


def scenario(small: ekosim.Scenario, model: str, **overrides: object) -> ekosim.Scenario:
    return ekosim.load_scenario(small, {"contract.model": model, **overrides})


def run_model(spec: ekosim.Scenario, years: int = 2, *, decide: bool = True) -> ekosim.Results:
    model = ekosim.EcosystemModel(spec, rng=4)
    if not decide:  # the model as it was before partners took these decisions
        for provider in model.providers.values():
            provider.decide = lambda year: None  # type: ignore[method-assign]
    model.run_years(years)
    return ekosim.Results.from_model(model, seed=4)


@pytest.mark.parametrize("model", ["capitation", "fee_for_service", "alliance"])
def test_off_switches_give_exactly_the_old_behaviour(
    small_tesoma: ekosim.Scenario, model: str
) -> None:
    off = scenario(small_tesoma, model, **OFF)
    new, old = run_model(off), run_model(off, decide=False)
    for frame in ("kpis", "flows", "ledger"):
        pd.testing.assert_frame_equal(getattr(new, frame), getattr(old, frame))
    assert (new.partner_decisions.query("decision.str.startswith('staffing')")["value"] == 1).all()


def test_posts_kept_scale_the_staff_and_slots_of_a_profession(
    small_tesoma: ekosim.Scenario,
) -> None:
    def capacity(posts_kept: dict[str, float]) -> dict[str, float]:
        staffed = ekosim.load_scenario(
            small_tesoma, {"providers.mehilainen.staff.dental_team.posts": 11}
        )
        model = ekosim.EcosystemModel(staffed, rng=8)
        provider: Provider = model.providers["mehilainen"]
        provider.posts_kept = posts_kept
        return provider.plan_day({})

    planned = capacity({})
    assert capacity({"doctor": 1.0, "nurse": 1.0, "dental_team": 1.0}) == planned
    trimmed = capacity({"dental_team": 0.5})
    assert 0 < trimmed["dental"] < planned["dental"]
    assert trimmed["health_station.doctor"] == planned["health_station.doctor"]
    fewer_doctors = capacity({"doctor": 0.5})
    assert fewer_doctors["health_station.doctor"] == pytest.approx(
        planned["health_station.doctor"] / 2
    )
    assert fewer_doctors["health_station.nurse"] == planned["health_station.nurse"]


@pytest.fixture(scope="module")
def runs(small_tesoma: ekosim.Scenario) -> dict[str, ekosim.Results]:
    models = ("capitation", "fee_for_service", "alliance")
    return {m: run_model(scenario(small_tesoma, m)) for m in models}


def investment(results: ekosim.Results, year: int) -> float:
    ledger = results.ledger
    rows = ledger[(ledger["year"] == year) & (ledger["item"] == "cost.it.digital_investment")]
    return float(rows["amount_eur"].sum())


def test_investment_is_booked_as_it_cost_the_year_after_the_decision(
    runs: dict[str, ekosim.Results],
) -> None:
    for results in runs.values():
        log = results.partner_decisions.query("decision == 'digital_investment'")
        decided = log.set_index("year")["value"]
        assert investment(results, 0) == 0.0
        assert investment(results, 1) == pytest.approx(decided[0])
    assert investment(runs["capitation"], 1) > investment(runs["alliance"], 1) > 0.0
    assert investment(runs["fee_for_service"], 1) == 0.0


def test_alliance_reimburses_the_investment_as_actual_cost(
    runs: dict[str, ekosim.Results],
) -> None:
    ledger = runs["alliance"].ledger
    accounts = partner_accounts(ledger).set_index("year")
    costs = ledger[ledger["item"].str.startswith("cost.") & (ledger["partner"] == "mehilainen")]
    assert accounts.loc[1, "cost"] == pytest.approx(costs.query("year == 1")["amount_eur"].sum())
    purchases = ledger[ledger["item"].str.startswith("purchase.")]["amount_eur"].sum()
    revenues = ledger[ledger["item"].str.startswith("revenue.")]["amount_eur"].sum()
    assert purchases == pytest.approx(revenues)


def test_investment_widens_next_years_digital_channel(
    small_tesoma: ekosim.Scenario, runs: dict[str, ekosim.Results]
) -> None:
    flows = runs["capitation"].flows
    digital = flows[flows["service"] == "channel.digital"]
    busiest = digital.groupby(digital["day"] // 365)["started"].max()
    planned = small_tesoma.channels.digital.capacity_per_day  # type: ignore[union-attr]
    assert busiest[0] == planned  # demand fills the channel on some days
    assert busiest[1] > planned


def test_each_partner_logs_its_staffing_decision(runs: dict[str, ekosim.Results]) -> None:
    def staffing(model: str) -> dict[str, float]:
        log = runs[model].partner_decisions.query("year == 0 and partner == 'mehilainen'")
        log = log[log["decision"].str.startswith("staffing.")]
        return dict(zip(log["decision"].str.removeprefix("staffing."), log["value"], strict=True))

    # Capitation trims only the profession whose services cost most per contact (dental).
    capitation = staffing("capitation")
    assert capitation.pop("dental_team") == pytest.approx(0.95)
    assert capitation and set(capitation.values()) == {1.0}
    assert staffing("fee_for_service")["doctor"] == pytest.approx(1.05)  # the station has a queue
    alliance = staffing("alliance")
    assert alliance.keys() == staffing("capitation").keys()
    assert set(alliance.values()) == {1.0}


def test_reports_show_the_partners_decisions(runs: dict[str, ekosim.Results]) -> None:
    text = format_contract(runs["fee_for_service"])
    assert "Partners' decisions for the next year" in text
    assert "staff for volume" in text and "staffing.doctor" in text
    ledger = pd.concat([r.ledger for r in runs.values()])
    table = format_partner_decisions(ledger)
    assert "digital_investment_eur_per_year" in table and "mehilainen" in table
