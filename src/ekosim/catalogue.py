"""The KPI catalogue as data: every KPI's name, level, unit, direction, meaning and bounds.

Imports nothing of the model, so the scenario loader and the contracts read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


# How the home-care shares by age count (THL's way; ekosim.carepath.homecare.year_share_by_age).
HOME_CARE_YEAR_COUNT = (
    "Counted as THL counts it: residents who were regular clients on any day of the 365 "
    "ending on the window's last day (the dead and those moved away included, at their age on "
    "leaving) over the living residents of the age group then; before the run's first year "
    "is over, those who left home care in the monthly steps since the start are scaled to a "
    "year (no history before the start; the first window, before any monthly step, counts "
    "the day's clients only)."
)

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
            "deaths_per_1000_year",
            "client_value",
            "per 1,000 residents/year",
            "lower",
            "Deaths in the window per 1,000 living residents at its end, annualised.",
        ),
        Kpi(
            "t2d_prevalence_30_plus_share",
            "client_value",
            "fraction",
            "lower",
            "Share of living residents aged 30+ who have type 2 diabetes (the model's state: "
            "diagnosed or not).",
        ),
        Kpi(
            "t2d_incidence_per_1000_adults_year",
            "client_value",
            "per 1,000 adults/year",
            "lower",
            "New type 2 diabetes cases in the window per 1,000 living residents aged 18+ "
            "without diabetes at its end, annualised.",
        ),
        Kpi(
            "unmet_need_share",
            "client_value",
            "fraction",
            "lower",
            "Primary-care contacts abandoned while waiting (at a service or at the front door) "
            "and home-care visits missed, per "
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
            "births_per_1000_year",
            "organisation",
            "per 1,000 residents/year",
            "higher",
            "Live births in the window per 1,000 living residents at its end, annualised "
            "(context for demand: maternity and child services).",
        ),
        Kpi(
            "share_65_plus",
            "organisation",
            "fraction",
            "lower",
            "Share of living residents aged 65+ at the window's end (context for demand: "
            "older people's care).",
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
            "Specialist-care cost per resident, annualised: the sum of its three streams "
            "(outpatient visits from referrals, emergency-department visits, inpatient days; "
            "unit costs from THL, index-adjusted).",
        ),
        Kpi(
            "emergency_visits_per_1000_year",
            "organisation",
            "per 1,000 residents/year",
            "lower",
            "Emergency-department visits (urgent needs out of hours, falls of the frail, unmet "
            "care) per 1,000 living residents, annualised.",
        ),
        Kpi(
            "inpatient_days_per_1000_year",
            "organisation",
            "per 1,000 residents/year",
            "lower",
            "Specialist-care inpatient days (admissions from emergency and referrals, "
            "readmissions; length of stay by age) per 1,000 living residents, annualised.",
        ),
        Kpi(
            "specialist_outpatient_visits_per_1000_year",
            "organisation",
            "per 1,000 residents/year",
            "lower",
            "Specialist outpatient visits from the services' referrals per 1,000 living "
            "residents, annualised.",
        ),
        Kpi(
            "sote_cost_eur_per_resident_year",
            "organisation",
            "EUR/resident/year",
            "lower",
            "Everything the region pays in the modelled scope per resident, net of client "
            "fees, annualised: the services' production cost, specialist care and the county "
            "services (partners' fees and gain/pain are settled yearly: see the scope table).",
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
            "Third-next free non-urgent appointment at the T3 service at the window's end, "
            "calendar days: read from its doctors' book as staffed where it has appointment "
            "books, else from its queue at nominal capacity (open days ahead converted to "
            "calendar days); at most the horizon's days.",
        ),
        Kpi(
            "within_14_days_share",
            "service_process",
            "fraction",
            "higher",
            "Non-urgent primary-care visits started within 14 days of first contact, all "
            "professions (THL: 89% in October 2023).",
        ),
        Kpi(
            "doctor_visit_share",
            "service_process",
            "fraction",
            "lower",
            "Doctors' visits of all primary-care contacts (visits and contacts resolved in a "
            "channel; THL 2022: about 19%).",
        ),
        Kpi(
            "doctor_within_7_days_share",
            "service_process",
            "fraction",
            "higher",
            "Non-urgent doctors' visits in primary care within 7 days of first contact.",
        ),
        Kpi(
            "doctor_within_14_days_share",
            "service_process",
            "fraction",
            "higher",
            "Non-urgent doctors' visits in primary care within 14 days of first contact "
            "(THL 2022: 71%).",
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
            "Residents aged 75-84 in regular home care in a year (THL Kotihoito 2022: 8%). "
            + HOME_CARE_YEAR_COUNT,
        ),
        Kpi(
            "home_care_share_85_94",
            "service_process",
            "fraction",
            "higher",
            "Residents aged 85-94 in regular home care in a year (THL Kotihoito 2022: 30%). "
            + HOME_CARE_YEAR_COUNT,
        ),
        Kpi(
            "home_care_share_95_plus",
            "service_process",
            "fraction",
            "higher",
            "Residents aged 95+ in regular home care in a year (THL Kotihoito 2022: 57%). "
            + HOME_CARE_YEAR_COUNT,
        ),
        Kpi(
            "home_care_clients_per_1000",
            "service_process",
            "per 1,000 residents",
            "higher",
            "Regular home-care clients of any age per 1,000 living residents at the window's "
            "end (home care is open to anyone whose function needs it).",
        ),
        Kpi(
            "home_care_clients_under_75_share",
            "service_process",
            "fraction",
            "higher",
            "Regular home-care clients aged under 75, per client, on the window's last day (a "
            "census, as THL's home-care census 2019: about a quarter).",
        ),
        Kpi(
            "home_care_visits_per_resident_year",
            "organisation",
            "visits/resident/year",
            "lower",
            "Contacts home care made (regular visits by need, assessments, first visits after "
            "discharge) per resident, annualised.",
        ),
        Kpi(
            "care_24h_share_75_plus",
            "service_process",
            "fraction",
            "lower",
            "Residents aged 75+ in 24-hour service housing at the window's end (THL 2015: "
            "9.2%, falling since).",
        ),
        Kpi(
            "care_24h_waiting",
            "service_process",
            "persons",
            "lower",
            "Residents on 24-hour service housing's waiting list at the window's end.",
        ),
        Kpi(
            "care_24h_eur_per_resident_year",
            "organisation",
            "EUR/resident/year",
            "lower",
            "Older people's care other than home care per resident, annualised: 24-hour "
            "service housing's resident-days and family carers' support with short-term care "
            "(Kuntaliitto 2020: elderly services other than home care about 483 EUR).",
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
            "contact_wait_days_p90",
            "service_process",
            "days",
            "lower",
            "90th percentile of days first contacts waited to be reached at the front door "
            "(a phone callback, a chat taken, a walk-in seen), or until they gave up.",
        ),
        Kpi(
            "contact_abandonment_share",
            "service_process",
            "fraction",
            "lower",
            "First contacts that gave up waiting to be reached at the front door, per first "
            "contact.",
        ),
        Kpi(
            "unmet_care_emergencies_per_1000_year",
            "client_value",
            "per 1,000 residents/year",
            "lower",
            "Emergency visits or hospital stays caused by care not given (contacts given up, "
            "referrals lost, home-care visits missed) per 1,000 residents, annualised.",
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
            "Key result area 3: residents aged 75+ not in 24-hour care (with 24-hour housing "
            "in the scenario, those in it from the start count too).",
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
