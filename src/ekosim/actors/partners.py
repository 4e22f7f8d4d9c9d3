"""The actors that decide things, as Mesa agents: the region (purchaser) and the providers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from ekosim.contracts import settle_alliance

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

REGION = "region"


class Provider(mesa.Agent):
    """A partner producing services; books its costs in the open-book ledger."""

    model: EcosystemModel

    def __init__(self, model: EcosystemModel, name: str, kind: str, fee_eur_per_year: float):
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.fee_eur_per_year = fee_eur_per_year

    @property
    def is_purchasers_own(self) -> bool:
        """Public providers are the purchaser's own production (in-house)."""
        return self.kind == "public"

    def book_cost(self, year: int, item: str, amount_eur: float) -> None:
        if amount_eur:
            self.model.ledger.post(year, self.name, f"cost.{item}", amount_eur)


class Region(mesa.Agent):
    """The purchaser (wellbeing services county or city): pays its partners once a year."""

    model: EcosystemModel
    name = REGION

    def settle_year(self, year: int) -> None:
        contract = self.model.scenario.contract
        ledger = self.model.ledger
        partners = [
            p for p in self.model.agents_by_type.get(Provider, []) if not p.is_purchasers_own
        ]
        cost = {p.name: ledger.total(year, partner=p.name, prefix="cost.") for p in partners}
        fee = {
            p.name: p.fee_eur_per_year if contract.model == "alliance" else 0.0 for p in partners
        }
        adjustment = dict.fromkeys(cost, 0.0)
        if contract.model == "alliance" and partners:
            settlement = settle_alliance(
                target_cost=contract.target_cost_eur_per_year or 0.0,
                actual_cost=sum(cost.values()),
                fee=sum(fee.values()),
                gain_share=contract.gain_share,
                pain_share=contract.pain_share,
                fee_at_risk=contract.fee_at_risk,
            )
            total_cost = sum(cost.values())
            for name in adjustment:  # limb 3 split in proportion to each partner's cost
                weight = cost[name] / total_cost if total_cost else 1 / len(partners)
                adjustment[name] = settlement.nop_adjustment * weight
        for name in cost:
            for limb, amount in (
                ("limb1_cost", cost[name]),
                ("limb2_fee", fee[name]),
                ("limb3_adjustment", adjustment[name]),
            ):
                if amount:
                    ledger.post(year, name, f"revenue.{limb}", amount)
                    ledger.post(year, REGION, f"purchase.{limb}", amount)
