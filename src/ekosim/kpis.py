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
LEVEL_TITLES: dict[Level, str] = {
    "client_value": "Client value",
    "service_process": "Service process",
    "organisation": "Organisation",
}


@dataclass(frozen=True)
class Kpi:
    name: str
    level: Level
    unit: str
    better: Literal["higher", "lower"]
    description: str
    bounds: tuple[float, float] = (0.0, float("inf"))  # the values the KPI can take

    def __post_init__(self) -> None:
        if self.unit == "fraction":  # every share lies in 0..1
            object.__setattr__(self, "bounds", (0.0, 1.0))


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
            "Primary-care contacts abandoned while waiting and home-care visits missed, per "
            "contact or visit needed.",
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
            "residents",
            "organisation",
            "residents",
            "higher",
            "Living residents in the area at the window's end: the denominator of the "
            "per-resident figures.",
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
        Kpi(
            "abandonment_share",
            "service_process",
            "fraction",
            "lower",
            "Primary-care service contacts abandoned while waiting, per contact arriving.",
        ),
        Kpi(
            "t3_days",
            "service_process",
            "days",
            "lower",
            "Third-next free non-urgent appointment at the T3 service at the window's end "
            "(open days ahead, converted to calendar days; at most the horizon's days).",
        ),
        Kpi(
            "continuity_share",
            "service_process",
            "fraction",
            "higher",
            "Visits at the continuity service with the resident's named professional.",
        ),
        Kpi(
            "diabetics_in_balance_share",
            "client_value",
            "fraction",
            "higher",
            "Living diabetics in treatment balance (continuity helps; an assumption).",
        ),
        Kpi(
            "transition_gap_days",
            "service_process",
            "days",
            "lower",
            "Mean days from discharge from specialist care to the first home-care visit (0 = "
            "on the day of discharge; discharges go first in home care's queue).",
        ),
        Kpi(
            "readmission_30d_share",
            "client_value",
            "fraction",
            "lower",
            "Discharges into home care readmitted within 30 days.",
        ),
        Kpi(
            "remote_share",
            "service_process",
            "fraction",
            "higher",
            "Primary-care contacts resolved remotely (phone or digital), per primary-care "
            "contact (resolved in a channel or a service visit). THL 2023: 32%.",
        ),
        Kpi(
            "primary_care_contacts_per_resident_year",
            "service_process",
            "contacts/resident/year",
            "lower",
            "Primary-care contacts (resolved in a channel or a service visit) per resident, "
            "annualised. THL 2023: about 5.3.",
        ),
        Kpi(
            "home_care_share_75_84",
            "service_process",
            "fraction",
            "higher",
            "Residents aged 75-84 in regular home care (THL 2022: 8%).",
        ),
        Kpi(
            "home_care_share_85_94",
            "service_process",
            "fraction",
            "higher",
            "Residents aged 85-94 in regular home care (THL 2022: 30%).",
        ),
        Kpi(
            "home_care_share_95_plus",
            "service_process",
            "fraction",
            "higher",
            "Residents aged 95+ in regular home care (THL 2022: 57%).",
        ),
        Kpi(
            "home_care_visits_missed_share",
            "service_process",
            "fraction",
            "lower",
            "Home-care visits needed but not made by the next day.",
        ),
        Kpi(
            "ngo_share",
            "service_process",
            "fraction",
            "higher",
            "Assessed contacts taken by NGOs' low-threshold services, per first contact.",
        ),
        Kpi(
            "home_service_satisfaction",
            "client_value",
            "fraction",
            "higher",
            "Home-service orders with a satisfied client (integrator or direct purchasing).",
        ),
        Kpi(
            "home_service_orders_unmet_share",
            "client_value",
            "fraction",
            "lower",
            "Home-service orders no provider could deliver that day.",
        ),
        Kpi(
            "leased_visits_per_day",
            "organisation",
            "visits/day",
            "lower",
            "Home-care visits made by staff leased through the integrator.",
        ),
        Kpi(
            "child_wellbeing_index",
            "client_value",
            "index 0-100",
            "higher",
            "Key result area 1: mean well-being index of residents aged 0-17 (family work, "
            "school health, youth space and library raise it; ekosim.population.keyresults).",
            (0.0, 100.0),
        ),
        Kpi(
            "work_ability_mean",
            "client_value",
            "WAS 0-10",
            "higher",
            "Key result area 2: mean Work Ability Score of residents aged 18-64 (illness and "
            "waiting for care lower it).",
            (0.0, 10.0),
        ),
        Kpi(
            "sickness_absence_days_per_working_age_year",
            "client_value",
            "days/resident/year",
            "lower",
            "Key result area 2: sickness absence days per resident aged 18-64, annualised "
            "(more with poorer work ability and with waiting for care).",
        ),
        Kpi(
            "functional_ability_mean_65_plus",
            "client_value",
            "0-1",
            "higher",
            "Key result area 3: mean functional ability of residents aged 65+ (rehabilitation "
            "places raise it).",
            (0.0, 1.0),
        ),
        Kpi(
            "living_at_home_share_75_plus",
            "client_value",
            "fraction",
            "higher",
            "Key result area 3: residents aged 75+ not in 24-hour care (those in it when the "
            "run starts are not modelled).",
            (0.0, 1.0),
        ),
        Kpi(
            "entries_24h_care_per_1000_75_plus_year",
            "service_process",
            "per 1,000 aged 75+/year",
            "lower",
            "Key result area 3: moves from home care to 24-hour care per 1,000 residents aged "
            "75+, annualised.",
        ),
        Kpi(
            "specialist_care_visits_per_1000_year",
            "organisation",
            "per 1,000 residents/year",
            "lower",
            "Key result area 4: specialist-care referrals and readmissions per 1,000 residents, "
            "annualised.",
        ),
        Kpi(
            "client_nps",
            "client_value",
            "NPS -100..100",
            "higher",
            "Key result area 5: Net Promoter Score of primary-care experiences (waits, "
            "resolution at first contact, continuity, hand-offs; ekosim.carepath.experience).",
            (-100.0, 100.0),
        ),
        Kpi(
            "staff_satisfaction_index",
            "organisation",
            "index 0-100",
            "higher",
            "Key result area 5: staff satisfaction, falling as workload nears and passes "
            "capacity (an assumption, ekosim.carepath.experience).",
            (0.0, 100.0),
        ),
        Kpi(
            "hand_off_days",
            "service_process",
            "days",
            "lower",
            "Mean days from a referral between services to joining the next service's queue "
            "(1 = the next day; ekosim.carepath.integration).",
        ),
        Kpi(
            "duplicate_assessment_share",
            "service_process",
            "fraction",
            "lower",
            "Hand-offs in which the receiving service repeats the needs assessment.",
            (0.0, 1.0),
        ),
        Kpi(
            "lost_referral_share",
            "service_process",
            "fraction",
            "lower",
            "Referrals between services that never reach the next service.",
            (0.0, 1.0),
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
