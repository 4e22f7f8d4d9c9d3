"""The KPI catalogue on three levels, and the collector that measures them over windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from ekosim.carepath import CHANNEL_PREFIX, DayOutcome

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

Level = Literal["client_value", "service_process", "organisation"]
LEVELS: tuple[Level, ...] = ("client_value", "service_process", "organisation")


@dataclass(frozen=True)
class Kpi:
    name: str
    level: Level
    unit: str
    better: Literal["higher", "lower"]
    description: str


KPIS: dict[str, Kpi] = {
    kpi.name: kpi
    for kpi in [
        Kpi(
            "wellbeing_who5_mean",
            "client_value",
            "WHO-5 %",
            "higher",
            "Mean WHO-5 well-being of living residents.",
        ),
        Kpi(
            "unmet_need_share",
            "client_value",
            "fraction",
            "lower",
            "Service contacts abandoned while waiting, per contact arriving.",
        ),
        Kpi(
            "same_day_contact_share",
            "service_process",
            "fraction",
            "higher",
            "First contacts answered on the day they were made.",
        ),
        Kpi(
            "within_guarantee_share",
            "service_process",
            "fraction",
            "higher",
            "Service starts within the care-guarantee limit of the resident's age group.",
        ),
        Kpi(
            "median_wait_days",
            "service_process",
            "days",
            "lower",
            "Median days waited by contacts started in the window.",
        ),
        Kpi(
            "p90_wait_days",
            "service_process",
            "days",
            "lower",
            "90th percentile of days waited by contacts started in the window.",
        ),
        Kpi(
            "digital_share",
            "service_process",
            "fraction",
            "higher",
            "First contacts made through the digital channel.",
        ),
        Kpi(
            "contacts_per_resident_year",
            "service_process",
            "contacts/resident/year",
            "lower",
            "First contacts per resident, annualised.",
        ),
        Kpi(
            "waiting_at_end",
            "service_process",
            "contacts",
            "lower",
            "Contacts waiting for a service at the end of the window.",
        ),
        Kpi(
            "cost_per_resident_eur_year",
            "organisation",
            "EUR/resident/year",
            "lower",
            "Production cost of all partners per resident, annualised.",
        ),
        Kpi(
            "specialist_care_eur_per_resident_year",
            "organisation",
            "EUR/resident/year",
            "lower",
            "Specialist-care cost of the referrals from the services per resident, annualised.",
        ),
    ]
}


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
        guarantee = self.model.scenario.care_guarantee
        age = self.model.population.residents.age
        for outcome in services.values():
            window.service_arrivals += outcome.arrivals
            window.abandoned += outcome.abandoned
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
            "unmet_need_share": _ratio(window.abandoned, window.service_arrivals),
            "same_day_contact_share": _ratio(window.first_same_day, window.first_contacts),
            "within_guarantee_share": _ratio(window.within_guarantee, len(waits), empty=1.0),
            "median_wait_days": float(np.median(waits)) if len(waits) else 0.0,
            "p90_wait_days": float(np.percentile(waits, 90)) if len(waits) else 0.0,
            "digital_share": _ratio(window.digital_contacts, window.first_contacts),
            "contacts_per_resident_year": window.first_contacts / residents * per_year,
            "waiting_at_end": float(self.model.network.waiting()),
            "cost_per_resident_eur_year": window.cost_eur / residents * per_year,
            "specialist_care_eur_per_resident_year": window.specialist_eur / residents * per_year,
        }
        self.rows.extend((day, name, value) for name, value in values.items())
        self.window = Window()


def _ratio(numerator: float, denominator: float, empty: float = 0.0) -> float:
    return numerator / denominator if denominator else empty
