"""Payment models: the books balance under every model; the alliance pays limbs 1-3."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekosim.contracts import YearInputs, pay_year
from ekosim.scenario.schema import ContractSpec

MODELS = ["in_house", "fee_for_service", "capitation", "fixed_price", "alliance"]
money = st.floats(0, 1e8, allow_nan=False)
share = st.floats(0, 1, allow_nan=False)
partner_costs = st.dictionaries(
    st.sampled_from(["mehilainen", "setlementti", "terveystalo"]), money, min_size=1
)


def contract(model: str, **fields: object) -> ContractSpec:
    prices = {
        "target_cost_eur_per_year": 1e6,
        "capitation_eur_per_resident_year": 400.0,
        "fixed_price_eur_per_year": 2e6,
    }
    return ContractSpec.model_validate({"model": model, **prices, **fields})


@given(
    st.sampled_from(MODELS),
    partner_costs,
    money,
    money,
    share,
    share,
    share,
    st.floats(-1, 1),
    money,
)
def test_purchasers_payments_equal_costs_fees_and_settlements(
    model, costs, target, fee, gain, pain, at_risk, score, pool
) -> None:
    spec = contract(
        model,
        target_cost_eur_per_year=target,
        gain_share=gain,
        pain_share=pain,
        fee_at_risk=at_risk,
        kpi_pool_eur_per_year=pool,
    )
    fees = dict.fromkeys(costs, fee)
    inputs = YearInputs(
        costs=costs,
        fees=fees,
        priced_contacts={p: 1.05 * c for p, c in costs.items()},
        weighted_residents=1000.0,
        kpi_score=score,
    )
    paid = pay_year(spec, inputs)
    assert set(paid.payments) == set(costs)
    if model == "alliance":
        assert paid.settlement is not None
        settlements = paid.settlement.nop_adjustment + paid.kpi_reward
        expected = sum(costs.values()) + sum(fees.values()) + settlements
        assert paid.total() == pytest.approx(expected, rel=1e-9, abs=1e-3)
        limb3 = sum(items["limb3_adjustment"] for items in paid.payments.values())
        assert limb3 == pytest.approx(paid.settlement.nop_adjustment, rel=1e-9, abs=1e-3)
    elif model == "in_house":
        assert paid.total() == pytest.approx(sum(costs.values()))
    elif model == "fixed_price":
        assert paid.total() == pytest.approx(2e6)
    elif model == "capitation":
        assert paid.total() == pytest.approx(400.0 * 1000.0)


@given(partner_costs, money, money)
def test_alliance_without_shares_or_kpi_pool_is_cost_plus_fee(costs, target, fee) -> None:
    spec = contract("alliance", target_cost_eur_per_year=target, gain_share=0.0, pain_share=0.0)
    paid = pay_year(spec, YearInputs(costs=costs, fees=dict.fromkeys(costs, fee), kpi_score=1.0))
    for partner, items in paid.payments.items():
        assert sum(items.values()) == pytest.approx(costs[partner] + fee)


def test_limb3_split_by_agreed_ratios() -> None:
    spec = contract("alliance", target_cost_eur_per_year=1000.0, nop_shares={"a": 0.8, "b": 0.2})
    paid = pay_year(spec, YearInputs(costs={"a": 100.0, "b": 700.0}, fees={"a": 10.0, "b": 10.0}))
    assert paid.payments["a"]["limb3_adjustment"] == pytest.approx(0.5 * 200 * 0.8)
    assert paid.payments["b"]["limb3_adjustment"] == pytest.approx(0.5 * 200 * 0.2)


def test_specialist_care_counts_only_when_in_target() -> None:
    inputs = YearInputs(costs={"a": 900.0}, fees={"a": 50.0}, specialist_cost=300.0)
    outside = pay_year(contract("alliance", target_cost_eur_per_year=1000.0), inputs)
    inside = pay_year(
        contract("alliance", target_cost_eur_per_year=1000.0, specialist_care_in_target=True),
        inputs,
    )
    assert outside.payments["a"]["limb3_adjustment"] == pytest.approx(50.0)
    assert inside.payments["a"]["limb3_adjustment"] == pytest.approx(-50.0)  # fee cap not hit


def test_kpi_reward_is_pool_times_score() -> None:
    spec = contract("alliance", kpi_pool_eur_per_year=1000.0)
    paid = pay_year(spec, YearInputs(costs={"a": 1e6}, fees={"a": 0.0}, kpi_score=-0.25))
    assert paid.payments["a"]["kpi_reward"] == pytest.approx(-250.0)


@pytest.mark.parametrize("model", ["alliance", "capitation", "fixed_price"])
def test_models_need_their_price(model: str) -> None:
    with pytest.raises(ValueError, match="needs"):
        ContractSpec.model_validate({"model": model})


def test_alliance_target_is_indexed_then_raised_by_reinvestment() -> None:
    inputs = YearInputs(costs={"mehilainen": 1e6}, fees={}, target_index=1.1, extra_target=5e4)
    settlement = pay_year(contract("alliance"), inputs).settlement
    assert settlement is not None
    assert settlement.target_cost == pytest.approx(1e6 * 1.1 + 5e4)
