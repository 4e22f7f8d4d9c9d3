"""The service integrator of the Kotitori model (Tampere) as a Mesa agent.

Each day it receives home-service orders (safety, cleaning, shopping, meals) from the
purchaser, for its home-care clients, and from self-paying residents aged 75+; routes each to
a provider by a pluggable rule chosen by name from ``ROUTING_RULES``; collects the clients'
feedback into quality scores; reports billing bases into the ledger; forecasts home-care
visit demand and leases staff to home care when the forecast exceeds the staff at work.
With ``enabled: false`` the purchaser orders directly from its one contracted provider (the
first listed): no routing, feedback, forecasting or leasing, and its own handling cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import mesa
import numpy as np

from ekosim.clock import DAYS_PER_YEAR
from ekosim.contracts.ledger import REGION
from ekosim.kpis import KpiWindow, ratio
from ekosim.scenario.schema import IntegratorSpec

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

FORECAST_SMOOTHING = 0.2  # weight of the newest day in the exponential forecast (assumption)


class ProviderView:
    """What a routing rule may look at: per provider, arrays in the listed order."""

    def __init__(self, remaining: np.ndarray, score: np.ndarray, price: np.ndarray, km: np.ndarray):
        self.remaining, self.score, self.price, self.distance_km = remaining, score, price, km


RoutingRule = Callable[[ProviderView], np.ndarray]  # -> preference, higher is first

ROUTING_RULES: dict[str, RoutingRule] = {
    "capacity": lambda view: view.remaining.astype(float),
    "quality": lambda view: view.score,
    "price": lambda view: -view.price,
    "distance": lambda view: -view.distance_km,
}


class Integrator(mesa.Agent):
    model: EcosystemModel
    KPIS = ("home_service_satisfaction", "home_service_orders_unmet_share", "leased_visits_per_day")

    def __init__(self, model: EcosystemModel, spec: IntegratorSpec) -> None:
        super().__init__(model)
        if spec.rule not in ROUTING_RULES:
            raise ValueError(f"unknown routing rule {spec.rule!r}; known: {sorted(ROUTING_RULES)}")
        self.spec = spec
        self.name = spec.name
        providers = spec.providers.values()
        self.capacity = np.array([p.capacity_per_day for p in providers])
        self.price = np.array([p.price_eur for p in providers])
        self.quality = np.array([p.quality for p in providers])
        self.distance = np.array([p.distance_km for p in providers])
        self.score = np.ones(len(self.capacity))  # optimistic: each is tried until feedback says
        self.forecast = 0.0  # home-care visits a day
        self.orders = self.delivered = self.satisfied = self.leased = 0

    def take_orders(self, clients: int, self_payers: int) -> float:
        """Today's orders: route, deliver, collect feedback, book billing bases. Returns the
        purchaser's cost today, EUR."""
        rng, spec = self.model.streams.generator(f"integrator.{self.name}"), self.spec
        purchaser = rng.poisson(spec.orders_per_client_year / DAYS_PER_YEAR * clients)
        self_pay = rng.poisson(spec.self_pay_orders_per_75plus_year / DAYS_PER_YEAR * self_payers)
        delivered = self._route(purchaser + self_pay)
        share_purchaser = purchaser / max(purchaser + self_pay, 1)
        satisfied = rng.binomial(delivered, self.quality)
        self.orders += purchaser + self_pay
        self.delivered += int(delivered.sum())
        self.satisfied += int(satisfied.sum())
        billed = float(delivered @ self.price) * share_purchaser
        handling = purchaser * (
            spec.fee_per_order_eur if spec.enabled else spec.direct_admin_cost_per_order_eur
        )
        partner = self.name if spec.enabled else REGION
        year = self.model.year
        self.model.ledger.post(year, partner, "cost.purchased_services.home_services", billed)
        self.model.ledger.post(year, partner, "cost.staff.order_handling", handling)
        if spec.enabled:
            self._learn(delivered, satisfied)
        return billed + handling

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The home-service KPIs of the window (then the counts restart)."""
        values = {
            "home_service_satisfaction": ratio(self.satisfied, self.delivered),
            "home_service_orders_unmet_share": 1.0 - ratio(self.delivered, self.orders, empty=1.0),
            "leased_visits_per_day": self.leased / max(window.days, 1),
        }
        self.orders = self.delivered = self.satisfied = self.leased = 0
        return values

    def lease(self, visits_needed: int, staffed_capacity: int, nominal_capacity: int) -> int:
        """Home-care visits to lease staff for today, from the demand forecast (integrator
        only). Returns the leased visits; their cost is booked here."""
        self.forecast += FORECAST_SMOOTHING * (visits_needed - self.forecast)
        if not self.spec.enabled:
            return 0
        gap = max(round(self.forecast) - staffed_capacity, 0)
        leased = min(gap, self.spec.leasable_visits_per_day, nominal_capacity - staffed_capacity)
        leased = max(leased, 0)
        self.leased += leased
        cost = leased * self.spec.lease_cost_per_visit_eur
        self.model.ledger.post(self.model.year, self.name, "cost.staff.leased", cost)
        return leased

    def _route(self, orders: int) -> np.ndarray:
        """Orders delivered by each provider: the rule's preferred provider first, each up to
        its capacity; with direct purchasing, the contracted provider only."""
        delivered = np.zeros(len(self.capacity), dtype=np.int64)
        if not self.spec.enabled:
            delivered[0] = min(orders, self.capacity[0])
            return delivered
        view = ProviderView(self.capacity.copy(), self.score, self.price, self.distance)
        preference = ROUTING_RULES[self.spec.rule](view)
        left = orders
        for index in np.argsort(-preference, kind="stable"):
            delivered[index] = min(left, self.capacity[index])
            left -= delivered[index]
        return delivered

    def _learn(self, delivered: np.ndarray, satisfied: np.ndarray) -> None:
        """Move each provider's score towards its share of satisfied clients, one step per
        feedback (exponential smoothing with ``feedback_weight``)."""
        answered = delivered > 0
        weight = 1.0 - (1.0 - self.spec.feedback_weight) ** delivered[answered]
        observed = satisfied[answered] / delivered[answered]
        self.score[answered] += weight * (observed - self.score[answered])
