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
        self.present_share: dict[str, float] = {}  # profession -> staff at work per post today

    @property
    def is_purchasers_own(self) -> bool:
        """Public providers are the purchaser's own production (in-house)."""
        return self.kind == "public"

    def book_cost(self, year: int, detail: str, amount_eur: float) -> None:
        """Book a production cost, split into ledger items by the provider's cost structure."""
        structure = self.model.scenario.providers[self.name].cost_structure
        self.model.ledger.post_cost(year, self.name, structure, detail, amount_eur)

    def plan_day(self, pressure: dict[str, int]) -> dict[str, int]:
        """Today's capacity of each of this provider's services that names a profession.

        Posts less vacancies are filled; each filled post is at work unless sick today. A
        profession's present staff are shared among its services in proportion to each one's
        nominal capacity plus its waiting queue (``pressure``), never above the nominal
        capacity. ``present_share`` keeps today's present staff per post by profession.
        """
        scenario = self.model.scenario
        staff = scenario.providers[self.name].staff
        capacity: dict[str, int] = {}
        self.present_share = {}
        for profession, spec in staff.items():
            filled = round(spec.posts * (1.0 - spec.vacancy_rate))
            present = int(self.model.rng.binomial(filled, 1.0 - spec.sickness_absence))
            self.present_share[profession] = present / spec.posts if spec.posts else 0.0
            services = {
                name: service
                for name, service in scenario.services.items()
                if service.provider == self.name and service.profession == profession
            }
            weight = {n: s.capacity_per_day + pressure.get(n, 0) for n, s in services.items()}
            total = sum(weight.values())
            pool = present * spec.contacts_per_day
            for name, service in services.items():
                share = pool * weight[name] / total if total else 0.0
                capacity[name] = min(service.capacity_per_day, int(share))
        return capacity
