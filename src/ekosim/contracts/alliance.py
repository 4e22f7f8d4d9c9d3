"""Alliance settlement: limbs 1-3 of the Australian National Alliance Contracting Guidelines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settlement:
    """One year's settlement between the owner (purchaser) and the non-owner partners (NOPs)."""

    target_cost: float
    actual_cost: float
    fee: float
    nop_adjustment: float  # limb 3 to the NOPs: + gainshare, - painshare
    nop_result: float  # fee + adjustment
    owner_payment: float  # actual cost (limb 1) + fee (limb 2) + adjustment (limb 3)


def settle_alliance(
    *,
    target_cost: float,
    actual_cost: float,
    fee: float,
    gain_share: float = 0.5,
    pain_share: float = 0.5,
    fee_at_risk: float = 1.0,
) -> Settlement:
    """Share the deviation from the target outturn cost; painshare is capped by the fee at risk.

    Underrun d = target - actual >= 0: adjustment = gain_share * d.
    Overrun: adjustment = -min(pain_share * |d|, fee_at_risk * fee); the owner bears the rest.
    """
    for name, share in (
        ("gain_share", gain_share),
        ("pain_share", pain_share),
        ("fee_at_risk", fee_at_risk),
    ):
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1 (got {share})")
    if min(target_cost, actual_cost, fee) < 0:
        raise ValueError("target_cost, actual_cost and fee must not be negative")
    deviation = target_cost - actual_cost
    if deviation >= 0:
        adjustment = gain_share * deviation
    else:
        adjustment = -min(pain_share * -deviation, fee_at_risk * fee)
    return Settlement(
        target_cost=target_cost,
        actual_cost=actual_cost,
        fee=fee,
        nop_adjustment=adjustment,
        nop_result=fee + adjustment,
        owner_payment=actual_cost + fee + adjustment,
    )
