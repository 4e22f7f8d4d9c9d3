"""The providers as Mesa agents: partners producing services."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel


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
