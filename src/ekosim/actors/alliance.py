"""The alliance's joint management group ("best for the alliance") as a Mesa agent.

Once a year, after the settlement, it decides by a pluggable rule how much of the alliance's
gain to reinvest in prevention the next year, and whether to hold back part of next year's
fee because an overrun is forecast. Every decision goes into the decision log.

Reinvestment raises next year's target by the amount: the owner funds it out of its share of
the gain, and the NOPs' gainshare is paid in full. The lead (first) non-owner partner spends
the budget (kiosk hours, exercise advisers, digital clinic, NGO grants) as open-book cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import mesa

from ekosim.contracts import Settlement
from ekosim.scenario.schema import JointManagementSpec

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

ReinvestRule = Callable[[float, JointManagementSpec], float]
# The ledger category of each prevention use (others: purchased services).
PREVENTION_CATEGORY = {
    "kiosk_hours": "staff",
    "exercise_advisers": "staff",
    "digital_clinic": "it",
    "ngo_grants": "ngo_grants",
}


def pay_out(gain_eur: float, spec: JointManagementSpec) -> float:
    """Reinvest nothing: the whole gain is paid out."""
    return 0.0


def reinvest(gain_eur: float, spec: JointManagementSpec) -> float:
    """Reinvest a fixed share of the gain in prevention."""
    return spec.reinvest_share * gain_eur


RULES: dict[str, ReinvestRule] = {"pay_out": pay_out, "reinvest": reinvest}


class JointManagementGroup(mesa.Agent):
    model: EcosystemModel

    def __init__(self, model: EcosystemModel, lead_partner: str) -> None:
        super().__init__(model)
        self.lead_partner = lead_partner
        self.prevention_budget: dict[int, float] = {}  # year -> EUR to spend on prevention
        self.held_back: dict[int, float] = {}  # year -> fee held back during that year, EUR
        self.log: list[tuple[int, str, float, str]] = []

    def extra_target(self, year: int) -> float:
        return self.prevention_budget.get(year, 0.0)

    def prevention_eur_per_resident(self, year: int) -> float:
        residents = max(self.model.population.residents.size, 1)
        return self.prevention_budget.get(year, 0.0) / residents

    def book_prevention(self, year: int) -> None:
        """Post the year's prevention spending, split by use, as the lead partner's cost."""
        budget = self.prevention_budget.get(year, 0.0)
        if not budget:
            return
        for use, share in self.model.scenario.contract.joint_management.prevention_mix.items():
            category = PREVENTION_CATEGORY.get(use, "purchased_services")
            self.model.ledger.post(
                year, self.lead_partner, f"cost.{category}.prevention.{use}", budget * share
            )

    def decide(self, year: int, settlement: Settlement) -> None:
        contract = self.model.scenario.contract
        self._release_fee(year, settlement)
        gain = max(settlement.target_cost - settlement.actual_cost, 0.0)
        amount = RULES[contract.joint_management.rule](gain, contract.joint_management)
        if amount > 0:
            self.prevention_budget[year + 1] = amount
            self._note(year, "reinvest_in_prevention", amount, f"of a gain of {gain:,.0f}")
        else:
            self._note(year, "pay_out", gain, "gain paid out" if gain else "no gain")
        forecast = settlement.actual_cost - self.prevention_budget.get(year, 0.0)
        target = (self.model.region.target_cost(year + 1) or 0.0) * self.model.region.target_index()
        if forecast > target and contract.fee_holdback_share > 0:
            held = contract.fee_holdback_share * settlement.fee
            self.held_back[year + 1] = held
            self._note(year, "fee_hold_back", held, f"overrun forecast: {forecast:,.0f}")

    def _release_fee(self, year: int, settlement: Settlement) -> None:
        held = self.held_back.pop(year, 0.0)
        if not held:
            return
        pain = max(-settlement.nop_adjustment, 0.0)
        released = max(held - pain, 0.0)
        self.model.ledger.post(year, self.lead_partner, "memo.fee_held_back", held)
        self.model.ledger.post(year, self.lead_partner, "memo.fee_released", released)
        self._note(year, "fee_release", released, f"held {held:,.0f}, painshare {pain:,.0f}")

    def _note(self, year: int, decision: str, amount: float, note: str) -> None:
        self.log.append((year, decision, amount, note))
