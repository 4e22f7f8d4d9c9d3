"""settle_alliance against the rules of DESIGN.md and the NACG 2015."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekosim.contracts import settle_alliance


def test_underrun_shares_gain() -> None:
    s = settle_alliance(target_cost=100.0, actual_cost=80.0, fee=10.0, gain_share=0.5)
    assert s.nop_adjustment == pytest.approx(10.0)
    assert s.nop_result == pytest.approx(20.0)
    assert s.owner_payment == pytest.approx(80.0 + 10.0 + 10.0)


def test_overrun_pain_below_cap() -> None:
    s = settle_alliance(target_cost=100.0, actual_cost=110.0, fee=10.0, pain_share=0.5)
    assert s.nop_adjustment == pytest.approx(-5.0)
    assert s.owner_payment == pytest.approx(110.0 + 10.0 - 5.0)


def test_overrun_pain_capped_by_fee_at_risk() -> None:
    s = settle_alliance(
        target_cost=100.0, actual_cost=200.0, fee=10.0, pain_share=0.5, fee_at_risk=0.6
    )
    assert s.nop_adjustment == pytest.approx(-6.0)
    assert s.nop_result == pytest.approx(4.0)


def test_zero_deviation_pays_cost_and_fee() -> None:
    s = settle_alliance(target_cost=100.0, actual_cost=100.0, fee=7.0)
    assert s.nop_adjustment == 0.0 and s.owner_payment == pytest.approx(107.0)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_extreme_shares(share: float) -> None:
    under = settle_alliance(target_cost=100, actual_cost=60, fee=5, gain_share=share)
    over = settle_alliance(target_cost=100, actual_cost=140, fee=50, pain_share=share)
    assert under.nop_adjustment == pytest.approx(40 * share)
    assert over.nop_adjustment == pytest.approx(-40 * share)


@pytest.mark.parametrize("bad", [{"gain_share": 1.5}, {"pain_share": -0.1}, {"fee": -1.0}])
def test_bad_arguments_raise(bad: dict) -> None:
    arguments = {"target_cost": 1.0, "actual_cost": 1.0, "fee": 1.0, **bad}
    with pytest.raises(ValueError):
        settle_alliance(**arguments)


money = st.floats(0, 1e9, allow_nan=False)
share = st.floats(0, 1, allow_nan=False)


@given(money, money, money, share, share, share)
def test_pain_never_exceeds_fee_at_risk(target, actual, fee, gain, pain, at_risk) -> None:
    s = settle_alliance(
        target_cost=target,
        actual_cost=actual,
        fee=fee,
        gain_share=gain,
        pain_share=pain,
        fee_at_risk=at_risk,
    )
    assert s.nop_adjustment >= -at_risk * fee - 1e-6
    assert s.owner_payment == pytest.approx(actual + fee + s.nop_adjustment)
