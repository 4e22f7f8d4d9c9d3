"""Payment models: what the purchaser pays each partner for one year, by ledger item.

Every model pays by items whose sum is the partner's revenue and the purchaser's purchase:
``limb1_cost`` (reimbursed actual cost), ``limb2_fee``, ``limb3_adjustment`` (gain/pain),
``kpi_reward`` (alliance); ``price`` (fee-for-service, capitation or fixed price).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ekosim.contracts.alliance import Settlement, settle_alliance
from ekosim.scenario.schema import ContractSpec


@dataclass(frozen=True)
class YearInputs:
    """What one year's payment depends on, measured by the model."""

    costs: dict[str, float]  # non-owner partner -> its production cost this year, EUR
    fees: dict[str, float]  # partner -> its limb-2 fee, EUR/year
    priced_contacts: dict[str, float] = field(default_factory=dict)  # partner -> FFS bill, EUR
    weighted_residents: float = 0.0  # living residents weighted by capitation age weight
    specialist_cost: float = 0.0  # the region's specialist-care cost this year, EUR
    kpi_score: float = 0.0  # weighted KPI score in [-1, 1]
    extra_target: float = 0.0  # target raised by the joint management group's reinvestment, EUR
    target_index: float = 1.0  # the target's indexation for the area's need (1 = as agreed)
    target_cost: float | None = None  # this year's target before indexation (None: the contract's)
    # the alliance's actual cost inside the contract's scope, all partners, EUR (None: the
    # non-owner partners' costs; contracts.outturn)
    outturn: float | None = None


@dataclass(frozen=True)
class YearPayments:
    payments: dict[str, dict[str, float]]  # partner -> item -> EUR
    settlement: Settlement | None = None  # alliance only
    kpi_reward: float = 0.0  # alliance only, before the split among partners

    def total(self) -> float:
        return sum(sum(items.values()) for items in self.payments.values())


def pay_year(contract: ContractSpec, inputs: YearInputs) -> YearPayments:
    """The purchaser's payments for one year under the contract's payment model."""
    partners = list(inputs.costs)
    if not partners:
        return YearPayments({})
    ratios = split_ratios(contract.nop_shares, inputs.costs)
    match contract.model:
        case "in_house":
            return YearPayments({p: {"limb1_cost": inputs.costs[p]} for p in partners})
        case "fee_for_service":
            return YearPayments(
                {p: {"price": inputs.priced_contacts.get(p, 0.0)} for p in partners}
            )
        case "capitation":
            total = (contract.capitation_eur_per_resident_year or 0.0) * inputs.weighted_residents
            return YearPayments({p: {"price": total * ratios[p]} for p in partners})
        case "fixed_price":
            total = contract.fixed_price_eur_per_year or 0.0
            return YearPayments({p: {"price": total * ratios[p]} for p in partners})
        case "alliance":
            return _alliance(contract, inputs, ratios)
    raise ValueError(f"unknown payment model {contract.model!r}")


def _alliance(contract: ContractSpec, inputs: YearInputs, ratios: dict[str, float]) -> YearPayments:
    in_target = inputs.specialist_cost if contract.specialist_care_in_target else 0.0
    settlement = settle_alliance(
        target_cost=(
            inputs.target_cost
            if inputs.target_cost is not None
            else contract.target_cost_eur_per_year or 0.0
        )
        * inputs.target_index
        + inputs.extra_target,
        actual_cost=(sum(inputs.costs.values()) if inputs.outturn is None else inputs.outturn)
        + in_target,
        fee=sum(inputs.fees.values()),
        gain_share=contract.gain_share,
        pain_share=contract.pain_share,
        fee_at_risk=contract.fee_at_risk,
    )
    reward = contract.kpi_pool_eur_per_year * inputs.kpi_score
    payments = {
        p: {
            "limb1_cost": inputs.costs[p],
            "limb2_fee": inputs.fees.get(p, 0.0),
            "limb3_adjustment": settlement.nop_adjustment * ratios[p],
            "kpi_reward": reward * ratios[p],
        }
        for p in inputs.costs
    }
    return YearPayments(payments, settlement, reward)


def split_ratios(agreed: dict[str, float], costs: dict[str, float]) -> dict[str, float]:
    """Agreed ratios among the partners if given, else in proportion to cost (equal if none)."""
    partners = list(costs)
    if agreed:
        return {p: agreed.get(p, 0.0) for p in partners}
    total = sum(costs.values())
    return {p: costs[p] / total if total else 1 / len(partners) for p in partners}
