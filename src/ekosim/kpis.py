"""The collector that measures the KPIs of the catalogue (``ekosim.catalogue``) over windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ekosim.carepath import CHANNEL_PREFIX, DayOutcome
from ekosim.catalogue import KPIS, LEVEL_TITLES, LEVELS, Kpi, Level

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

__all__ = ["KPIS", "LEVELS", "LEVEL_TITLES", "Kpi", "KpiCollector", "Level", "Window"]


@dataclass
class Window:
    """Totals accumulated since the last observation."""

    days: int = 0
    first_contacts: int = 0
    first_same_day: int = 0
    digital_contacts: int = 0
    service_arrivals: int = 0
    abandoned: int = 0
    waits: list[np.ndarray] = field(default_factory=list)
    within_guarantee: int = 0
    cost_eur: float = 0.0
    specialist_eur: float = 0.0
    primary_arrivals: int = 0
    primary_abandoned: int = 0
    primary_visits: int = 0
    resolved_remote: int = 0
    resolved_in_channel: int = 0
    home_visits_needed: int = 0
    home_visits_missed: int = 0
    ngo_contacts: int = 0


class KpiCollector:
    """Accumulates each day's outcomes and turns a window into one value per KPI."""

    def __init__(self, model: EcosystemModel) -> None:
        self.model = model
        self.window = Window()
        self.rows: list[tuple[int, str, float]] = []  # (day, kpi, value)

    def add_day(
        self, outcomes: dict[str, DayOutcome], cost_eur: float, specialist_eur: float = 0.0
    ) -> None:
        window = self.window
        window.days += 1
        window.cost_eur += cost_eur
        window.specialist_eur += specialist_eur
        channels = {k: v for k, v in outcomes.items() if k.startswith(CHANNEL_PREFIX)}
        services = {k: v for k, v in outcomes.items() if not k.startswith(CHANNEL_PREFIX)}
        first_points = channels or services
        for name, outcome in first_points.items():
            window.first_contacts += outcome.arrivals
            window.first_same_day += int((outcome.started_wait_days == 0).sum())
            if name == CHANNEL_PREFIX + "digital":
                window.digital_contacts += outcome.arrivals
        resolved = self.model.network.resolved_today
        window.resolved_in_channel += sum(resolved.values())
        window.resolved_remote += resolved.get("phone", 0) + resolved.get("digital", 0)
        scenario = self.model.scenario
        guarantee = scenario.care_guarantee
        age = self.model.population.residents.age
        home = scenario.home_care.service
        for name, outcome in services.items():
            window.service_arrivals += outcome.arrivals
            window.abandoned += outcome.abandoned
            if name == home:
                window.home_visits_needed += outcome.arrivals
                window.home_visits_missed += outcome.abandoned
            spec = scenario.services.get(name)
            if spec is None:  # an NGO's low-threshold service
                window.ngo_contacts += outcome.started
                continue
            if not spec.primary_care:
                continue
            window.primary_arrivals += outcome.arrivals
            window.primary_abandoned += outcome.abandoned
            window.primary_visits += outcome.started
            window.waits.append(outcome.started_wait_days)
            limit = np.where(
                age[outcome.started_resident] < 23,
                guarantee.limit_days_under_23,
                guarantee.limit_days_23_and_over,
            )
            window.within_guarantee += int((outcome.started_wait_days <= limit).sum())

    def observe(self, day: int) -> None:
        """Record every KPI for the window ending on ``day`` (1-based day number)."""
        window, population = self.window, self.model.population
        residents = max(population.residents.size, 1)
        waits = np.concatenate(window.waits) if window.waits else np.empty(0)
        per_year = 365 / max(window.days, 1)
        values = {
            "wellbeing_who5_mean": float(
                population.residents.wellbeing[population.residents.alive].mean()
            ),
            "unmet_need_share": _ratio(
                window.primary_abandoned + window.home_visits_missed,
                window.primary_arrivals + window.home_visits_needed,
            ),
            **self._care_path_values(window, per_year / residents),
            "same_day_contact_share": _ratio(window.first_same_day, window.first_contacts),
            "within_guarantee_share": _ratio(window.within_guarantee, len(waits), empty=1.0),
            "median_wait_days": float(np.median(waits)) if len(waits) else 0.0,
            "p90_wait_days": float(np.percentile(waits, 90)) if len(waits) else 0.0,
            "digital_share": _ratio(window.digital_contacts, window.first_contacts),
            "contacts_per_resident_year": window.first_contacts / residents * per_year,
            "waiting_at_end": float(self.model.network.waiting()),
            "residents": float(population.residents.size),
            "cost_per_resident_eur_year": window.cost_eur / residents * per_year,
            "specialist_care_eur_per_resident_year": window.specialist_eur / residents * per_year,
        }
        self.rows.extend((day, name, value) for name, value in values.items())
        self.window = Window()

    def _care_path_values(self, window: Window, per_resident_year: float) -> dict[str, float]:
        model = self.model
        residents = model.population.residents
        home, tally = model.home_care, model.home_care.tally
        primary = window.resolved_in_channel + window.primary_visits
        values = {
            "abandonment_share": _ratio(window.primary_abandoned, window.primary_arrivals),
            "t3_days": model.network.t3_days(),
            "continuity_share": model.continuity.take_share(),
            "diabetics_in_balance_share": model.continuity.diabetics_in_balance(residents),
            "transition_gap_days": _ratio(tally.gap_days, tally.completed),
            "readmission_30d_share": _ratio(tally.readmitted, tally.completed),
            "remote_share": _ratio(window.resolved_remote, primary),
            "primary_care_contacts_per_resident_year": primary * per_resident_year,
            "home_care_share_75_84": home.share_by_age(residents, 75, 85),
            "home_care_share_85_94": home.share_by_age(residents, 85, 95),
            "home_care_share_95_plus": home.share_by_age(residents, 95, 200),
            "home_care_visits_missed_share": _ratio(
                window.home_visits_missed, window.home_visits_needed
            ),
            "ngo_share": _ratio(window.ngo_contacts, window.first_contacts),
        }
        tally.reset()
        values |= model.key_results.observe(residents, home.assisted_living, window.days)
        values |= model.hand_offs.take_values() | model.experience.take_values()
        integrator = model.integrator
        if integrator is not None:
            values |= {
                "home_service_satisfaction": _ratio(integrator.satisfied, integrator.delivered),
                "home_service_orders_unmet_share": 1.0
                - _ratio(integrator.delivered, integrator.orders, empty=1.0),
                "leased_visits_per_day": integrator.leased / max(window.days, 1),
            }
            integrator.orders = integrator.delivered = integrator.satisfied = 0
            integrator.leased = 0
        return values


def _ratio(numerator: float, denominator: float, empty: float = 0.0) -> float:
    return numerator / denominator if denominator else empty
