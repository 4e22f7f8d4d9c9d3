"""EcosystemModel: one wellbeing services area, simulated day by day."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario
from mesa.time import Priority, Schedule

from ekosim import mesa_collect
from ekosim.actors import NGO_PREFIX, Integrator, JointManagementGroup, Ngo, Provider, Region
from ekosim.actors.incentives import prevention_factor, respond, supply_contacts
from ekosim.arguments import check
from ekosim.budget import CountyServices, client_fees
from ekosim.carepath import CHANNEL_PREFIX, CareNetwork, Continuity, DayOutcome, HomeCare
from ekosim.carepath.experience import Experience
from ekosim.carepath.housing import Care24h
from ekosim.carepath.integration import HandOffDay, HandOffs
from ekosim.carepath.network import WAITING_TO_BE_REACHED, NetworkDay
from ekosim.carepath.unmet import UnmetCare
from ekosim.clock import DAYS_PER_YEAR
from ekosim.contacts import Contacts
from ekosim.contracts import Ledger
from ekosim.contracts.outturn import AllianceOutturn
from ekosim.contracts.specialist import SpecialistCare, referrals, referring_visits
from ekosim.kernels import DEFAULT_ENGINE
from ekosim.kpis import (
    KeyResultsReport,
    KpiCollector,
    KpiReporter,
    ResidentsReport,
    window_ends,
)
from ekosim.population import Population
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS, STEP_YEARS
from ekosim.population.keyresults import KeyResults
from ekosim.results import Results
from ekosim.scenario import Scenario, load_scenario, scaled
from ekosim.scenario.schema import DEFAULT_COST_STRUCTURE
from ekosim.streams import RandomStreams

# Waits are counted per whole day up to this many days; longer waits share the last count.
WAIT_DAYS_CAP = 365

Cadence = Literal["daily", "monthly", "yearly"]


@dataclass(frozen=True)
class Phase:
    """One step of the model's plan: its name, how often it runs, what it does, and the
    ``EcosystemModel`` method that runs it."""

    name: str
    cadence: Cadence
    meaning: str
    method: str


# The model's plan, in the order the phases run: a day's phases, then (between days) the
# monthly and yearly ones, which Mesa's scheduler runs after the day that ends a month or year.
DAILY_PLAN: tuple[Phase, ...] = (
    Phase(
        "contacts",
        "daily",
        "residents who seek care today, as many as the partners' incentives and the "
        "alliance's prevention make them supply",
        "_contacts",
    ),
    Phase("staffing", "daily", "each service's capacity today from the staff at work", "_staff"),
    Phase(
        "home_visits",
        "daily",
        "home-care visits and discharge notices due today; staff leased for them",
        "_home_visits",
    ),
    Phase(
        "services",
        "daily",
        "channels, routing, NGOs and service queues, with the hand-offs due today first",
        "_serve",
    ),
    Phase("hand_offs", "daily", "today's referrals onward into transit", "_hand_off"),
    Phase(
        "unmet_care",
        "daily",
        "care not given today (contacts given up, referrals lost, home-care visits missed): "
        "needs that will come back urgent, emergency use, well-being and ability lost",
        "_unmet_care",
    ),
    Phase(
        "transitions",
        "daily",
        "first visits after discharge, readmissions and new home-care clients",
        "_transitions",
    ),
    Phase(
        "care_24h",
        "daily",
        "24-hour service housing: its resident-days' cost today; monthly, applications to "
        "its waiting list and moves into free places",
        "_care_24h",
    ),
    Phase(
        "continuity",
        "daily",
        "visits with the named professional; diabetics' treatment balance",
        "_continuity_visits",
    ),
    Phase(
        "home_services",
        "daily",
        "home-service orders through the integrator or direct purchasing",
        "_home_services",
    ),
    Phase(
        "costs",
        "daily",
        "contacts' costs and specialist-care referrals into the open-book ledger",
        "_costs",
    ),
    Phase("records", "daily", "the day's rows of the flows and waits frames", "_record"),
    Phase(
        "experience",
        "daily",
        "waits' effect on residents' well-being and work ability; clients' and staff's experience",
        "_experience",
    ),
    Phase(
        "kpi_window",
        "daily",
        "a KPI window closes (the year split into windows of about the reporting interval)",
        "_kpi_window",
    ),
    Phase(
        "month",
        "monthly",
        "residents' health, well-being, ageing, births, deaths and moves; children's, "
        "working-age and older people's key results; home care's needs assessed (clients "
        "who no longer qualify leave, those who now qualify join)",
        "_month",
    ),
    Phase(
        "year_end",
        "yearly",
        "NGO grants; the purchaser settles with its partners; the alliance's joint management "
        "group and each non-owner partner decide on next year",
        "_end_of_year",
    ),
)
MONTH_DAYS = SLOW_PROCESS_INTERVAL_DAYS


class PhaseTimer:
    """Seconds spent in each phase of a run (``EcosystemModel(..., profile=True)``)."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys((phase.name for phase in DAILY_PLAN), 0.0)
        self.calls = dict.fromkeys(self.seconds, 0)

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run_timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self.calls[name] += 1

        return run_timed

    def frame(self) -> pd.DataFrame:
        """One row a phase: cadence, calls, seconds and share of the phases' total."""
        total = sum(self.seconds.values()) or 1.0
        return pd.DataFrame(
            [(p.name, p.cadence, self.calls[p.name], self.seconds[p.name]) for p in DAILY_PLAN],
            columns=["phase", "cadence", "calls", "seconds"],
        ).assign(share=lambda f: f["seconds"] / total)

    def table(self) -> str:
        """The frame as aligned text, slowest phase first."""
        frame = self.frame().sort_values("seconds", ascending=False)
        lines = [f"{'phase':<14} {'cadence':<8} {'calls':>7} {'seconds':>9} {'share':>6}"]
        lines += [
            f"{r.phase:<14} {r.cadence:<8} {r.calls:>7} {r.seconds:>9.3f} {r.share:>6.1%}"
            for r in frame.itertuples()
        ]
        lines.append(f"{'total':<14} {'':<8} {'':>7} {frame['seconds'].sum():>9.3f}")
        return "\n".join(lines)


class EcosystemModel(mesa.Model):
    """One wellbeing services area, simulated day by day on Mesa's clock (one unit = one day).

    Each day runs the daily phases of ``DAILY_PLAN`` in order (see ``step``); after the
    last day of each month Mesa's scheduler runs the monthly phase, after the last day of
    each year the yearly one (the year's end first where both fall on one day). With
    ``profile=True`` every phase is timed (``timer``; ``ekosim.profile`` prints it).
    """

    def __init__(
        self,
        scenario: Scenario | str | dict[str, Any],
        *,
        rng: Any = None,
        profile: bool = False,
        population: int | None = None,
        overrides: dict[str, Any] | None = None,
        engine: str = DEFAULT_ENGINE,
    ) -> None:
        """``population``: a copy of the area scaled to that many residents
        (``ekosim.scenario.scaled``); ``overrides``: dotted paths set after scaling. Both
        are keywords so ``mesa.batch_run`` can vary them. ``profile``: time every phase.
        ``engine``: "compiled" runs the parts with a kernel in ``ekosim.kernels``, "python"
        the NumPy code they replace (the same results; the oracle of the kernels' tests)."""
        check(
            "EcosystemModel",
            scenario=scenario,
            rng=rng,
            population=population,
            overrides=overrides,
            engine=engine,
        )
        super().__init__(rng=rng)
        self.scenario = resolve(scenario, population, overrides)
        # Every stochastic process draws from its own stream of the model's seed, by name
        # (``ekosim.streams``; per-resident decisions by process, day and resident), so a
        # lever that makes one process draw more leaves every other process's draws as they were.
        self.engine = engine
        self.streams = RandomStreams.of(self.rng, engine)
        self.ledger = Ledger()
        self.outturn = AllianceOutturn(self.scenario)  # the alliance's in-scope costs
        self.region = Region(self)
        self.providers = {
            name: Provider(self, name, spec.kind, spec.fee_eur_per_year)
            for name, spec in self.scenario.providers.items()
        }
        self.alliance = self._joint_management_group()
        self.incentives = respond(self.scenario.contract)
        streams = self.streams
        self.population = Population(self.scenario, streams)
        self.region.start_contract()
        self.network = CareNetwork(self.scenario, streams, self.population)
        self.unmet_care = UnmetCare(self.scenario.unmet_care, streams)
        residents = self.population.residents
        self.home_care = HomeCare(
            self.scenario, residents, streams.generator("home_care"), engine=engine
        )
        self.continuity = Continuity(
            self.scenario.continuity, residents, streams.generator("continuity")
        )
        self.key_results = KeyResults(self.scenario, residents, streams.generator("key_results"))
        self.hand_offs = HandOffs(
            self.scenario.integration, list(self.scenario.services), streams.generator("hand_offs")
        )
        spec_24h = self.scenario.care_24h
        self.care_24h = (
            Care24h(spec_24h, residents, streams.generator("care_24h"), self.home_care)
            if spec_24h is not None
            else None
        )
        self.experience = Experience()
        self.specialist = SpecialistCare(
            self.scenario.specialist_care,
            streams,
            lambda stream, eur: self.region.book_specialist_care(self.year, eur, stream),
        )
        self.county_services = CountyServices(
            self.scenario.budget,
            self._book_county_service,
        )
        self._count_residents()
        self.ngos = [Ngo(self, name, spec) for name, spec in self.scenario.ngos.items()]
        spec = self.scenario.integrator
        self.integrator = Integrator(self, spec) if spec is not None else None
        self.kpis = KpiCollector(self.kpi_reporters(), lambda: self.population.residents)
        self.window_ends = window_ends(self.scenario.reporting.kpi_interval_days)
        self.flow_rows: list[tuple[int, str, int, int, int, int, int, float]] = []
        # (year, service) -> contacts started after waiting 0, 1, ... WAIT_DAYS_CAP+ days.
        self.wait_counts: dict[tuple[int, str], np.ndarray] = {}
        self.timer = PhaseTimer() if profile else None
        if self.timer is not None:  # instance attributes shadow the phases' methods
            for phase in DAILY_PLAN:
                setattr(
                    self, phase.method, self.timer.timed(phase.name, getattr(self, phase.method))
                )
        self.schedule_recurring(
            self._end_of_year, Schedule(interval=DAYS_PER_YEAR, start=DAYS_PER_YEAR)
        )
        # After the year's end when both fall on one day: residents move at the new year.
        self.schedule_recurring(
            self._month, Schedule(interval=MONTH_DAYS, start=MONTH_DAYS), Priority.LOW
        )
        self.datacollector = mesa_collect.attach(self)  # Mesa's DataCollector (batch_run)

    # Mesa's Model keeps its own experiment settings in ``scenario`` (a
    # ``mesa.experimental.scenarios.Scenario``, whose setter writes ``scenario.model``);
    # ekosim's ``scenario`` is the frozen area scenario. Mesa's goes to ``mesa_scenario``;
    # anything else is refused rather than dropped.
    @property
    def scenario(self) -> Scenario:
        return self._ekosim_scenario

    @scenario.setter
    def scenario(self, value: Any) -> None:
        if isinstance(value, Scenario):
            self._ekosim_scenario = value
        elif isinstance(value, MesaScenario):
            self.mesa_scenario = value
            value.model = self
        else:
            raise TypeError(
                f"EcosystemModel.scenario: an ekosim Scenario, got {type(value).__name__}"
            )

    @property
    def day(self) -> int:
        """Days completed so far (0 before the first step)."""
        return int(self.time)

    @property
    def year(self) -> int:
        """The simulation year (0-based) of the day being simulated."""
        return max(self.day - 1, 0) // DAYS_PER_YEAR

    def step(self) -> None:
        """One day, its phases in order (``DAILY_PLAN``, one line each):

        contacts       residents who seek care today, as many as incentives and prevention supply
        staffing       each service's capacity today from the staff at work
        home_visits    home-care visits and discharge notices due today; leased staff
        services       channels, routing, NGOs and queues, the hand-offs due today first
        hand_offs      today's referrals onward into transit
        unmet_care     care not given: needs coming back urgent, emergencies, harm
        transitions    first visits after discharge, readmissions, new home-care clients
        care_24h       24-hour housing's cost today; monthly, its waiting list and moves in
        continuity     visits with the named professional
        home_services  home-service orders (integrator or direct purchasing)
        costs          contacts' costs and specialist-care referrals into the ledger
        records        the flows and waits frames
        experience     waits' effects on residents; clients' and staff's experience
        kpi_window     a KPI window closes (each year split into windows of ~the interval)
        """
        day = self.day - 1  # Mesa has already moved time to the end of this day
        contacts = self._contacts(day)
        capacity = self._staff()
        extra, capacity = self._home_visits(day, capacity)
        served = self._serve(day, contacts, capacity, extra)
        handed = self._hand_off(day, served.referred)
        care_cost = self._unmet_care(day, handed)
        care_cost += self._transitions(day, served.outcomes)
        care_cost += self._care_24h(day)
        same_professional = self._continuity_visits(served.outcomes)
        care_cost += self._home_services()
        self._costs(served.outcomes, care_cost)
        self._record(day, served)
        self._experience(served, handed, same_professional)
        self._kpi_window()

    def kpi_reporters(self) -> list[KpiReporter]:
        """Every part that measures KPIs (the integrator only where the scenario has one)."""
        reporters: list[KpiReporter] = [
            ResidentsReport(self.population.events),
            self.network,
            self.home_care,
            self.continuity,
            KeyResultsReport(self.key_results, self.home_care),
            self.hand_offs,
            self.unmet_care,
            self.experience,
            self.ledger,
            self.specialist,
        ]
        reporters += [self.care_24h] if self.care_24h is not None else []
        return reporters + ([self.integrator] if self.integrator is not None else [])

    def run_years(self, years: int | None = None) -> None:
        """Run ``years`` years (default: the scenario's horizon) on Mesa's clock."""
        self.run_for((years or self.scenario.horizon_years) * DAYS_PER_YEAR)

    def _contacts(self, day: int) -> Contacts:
        """Today's new contacts, then the unmet needs that come back today (urgent)."""
        contacts = self.population.new_contacts(day)
        supply = self.streams.generator("contact_supply")
        kept = supply_contacts(np.arange(len(contacts)), self.contact_multiplier(), supply)
        back = self.unmet_care.due(day)
        return Contacts.join([contacts.take(kept), back]) if len(back) else contacts.take(kept)

    def _staff(self) -> dict[str, float]:
        """Each staffed service's capacity today (of the staff at work, shared by queue
        pressure), at what the non-owner partners' incentives make them staff."""
        pressure = {name: len(queue) for name, queue in self.network.services.items()}
        capacity: dict[str, float] = {}
        for provider in self.providers.values():
            capacity.update(provider.plan_day(pressure))
        return self._partner_capacity(capacity)

    def _home_visits(
        self, day: int, capacity: dict[str, float]
    ) -> tuple[dict[str, Contacts], dict[str, float]]:
        """Today's home-care arrivals (visits, discharge notices handed over) by service, and
        the capacity with the visits leased through the integrator."""
        home = self.scenario.home_care.service
        if home is None:
            return {}, capacity
        arrivals = self.home_care.day_arrivals(
            self.population.residents, day, residents_changed=False
        )
        extra = {home: self.hand_offs.discharges(day, arrivals)}
        if self.integrator is not None and home in capacity:
            nominal = self.scenario.services[home].capacity_per_day
            need = len(extra[home]) + len(self.network.services[home])
            leased = self.integrator.lease(need, int(capacity[home]), int(nominal))
            capacity = capacity | {home: capacity[home] + leased}
        return extra, capacity

    def _serve(
        self,
        day: int,
        contacts: Contacts,
        capacity: dict[str, float],
        extra: dict[str, Contacts],
    ) -> NetworkDay:
        due = self.hand_offs.due(day)
        return self.network.step(day, contacts, capacity, extra, self._divert_to_ngos, due)

    def _hand_off(self, day: int, referred: dict[str, list[Contacts]]) -> HandOffDay:
        return self.hand_offs.pass_on(day, referred)

    def _unmet_care(self, day: int, handed: HandOffDay) -> float:
        """The consequences of today's care not given (``carepath.unmet``); returns the
        emergencies' cost, EUR."""
        gave_up, missed = self.network.unmet_today()
        residents = self.population.residents
        today = self.unmet_care.step(day, gave_up, handed.lost, missed, residents)
        return self._emergency_use(day, today.emergency_residents)

    def _emergency_use(self, day: int, who: np.ndarray) -> float:
        """Book the emergency visits of residents ``who`` caused by care not given today: into
        the specialist emergency stream (``SpecialistCare.emergency_visits``: a share admitted
        by the residents' own numbers, stays by their ages, counted and booked by the stream
        itself, so nothing is returned), or where that stream has no price, at
        ``unmet_care.emergency_cost_eur`` each on the region's specialist care; returns the
        cost not yet counted, EUR."""
        count = len(who)
        if not count:
            return 0.0
        self.key_results.specialist_visits += count
        if self.scenario.specialist_care.emergency_visit_cost_eur > 0:
            ages = self.population.residents.age[who].astype(float)
            self.specialist.emergency_visits(count, ages, "unmet_care", who=(day, who))
            return 0.0
        unit = self.scenario.unmet_care.emergency_cost_eur
        if unit is None:
            unit = self.scenario.specialist_care.cost_per_referral_eur
        cost = count * unit
        self.region.book_specialist_care(self.year, cost)
        self.ledger.count_day(0.0, cost)
        return 0.0

    def _transitions(self, day: int, outcomes: dict[str, DayOutcome]) -> float:
        """New home-care clients and transitions completed by today's visits; returns the
        readmissions' cost (the region's), EUR."""
        home = self.scenario.home_care.service
        if home is None:
            return 0.0
        readmitted = self.home_care.after_service(self.population.residents, day, outcomes[home])
        self.key_results.specialist_visits += readmitted
        if self.scenario.specialist_care.inpatient_day_cost_eur:
            # readmissions are inpatient stays of home-care clients (the frail: age 85)
            self.specialist.admit(np.full(readmitted, 85.0))  # counted in _costs
            return 0.0
        cost = readmitted * self.scenario.transitions.readmission_cost_eur
        self.region.book_specialist_care(self.year, cost)
        return cost

    def _care_24h(self, day: int) -> float:
        """24-hour housing's cost today (the region's, or its provider's; a unit of its own,
        its provider's), EUR; its monthly moves on the first day of a month."""
        if self.care_24h is None:
            return 0.0
        costs = self.care_24h.day(day, self.population.residents)
        spec = self.care_24h.spec
        self._book_care_24h(spec.provider, costs.housing_eur + costs.family_care_eur)
        # the alliance's scope has the housing's resident-days (family care is booked with it)
        self.outturn.add(
            self.year, spec.provider or self.region.name, "care_24h", costs.housing_eur
        )
        if spec.unit is not None and costs.unit_eur:
            self._book_care_24h(spec.unit.provider, costs.unit_eur)
            self.outturn.add(self.year, spec.unit.provider, "care_24h.unit", costs.unit_eur)
        return costs.total

    def _book_care_24h(self, provider: str | None, cost: float) -> None:
        """Post a day's cost of 24-hour housing as ``provider``'s (None: the region's)."""
        if provider is None:
            self.ledger.post_cost(
                self.year, self.region.name, DEFAULT_COST_STRUCTURE, "care_24h", cost
            )
        else:
            self.providers[provider].book_cost(self.year, "care_24h", cost)

    def _book_county_service(self, item: str, amount_eur: float) -> None:
        """Post a county service's cost of the day as the region's."""
        self.ledger.post(self.year, self.region.name, f"cost.county_services.{item}", amount_eur)
        self.outturn.add(self.year, self.region.name, f"county_services.{item}", amount_eur)

    def _continuity_visits(self, outcomes: dict[str, DayOutcome]) -> np.ndarray | None:
        """Whether each of today's visits at the continuity service was with the named
        professional (None without a continuity service)."""
        name = self.scenario.continuity.service
        if name is None:
            return None
        service = self.scenario.services[name]
        present = self.providers[service.provider].present_share.get(service.profession or "", 1.0)
        return self.continuity.visit(
            self.population.residents, outcomes[name].served.resident, present
        )

    def _home_services(self) -> float:
        """Today's home-service orders; returns the purchaser's cost, EUR."""
        if self.integrator is None:
            return 0.0
        residents = self.population.residents
        clients = int(np.count_nonzero(self.home_care.client))
        old = int(np.count_nonzero(residents.alive & (residents.age >= 75))) - clients
        return self.integrator.take_orders(clients, old)

    def _costs(self, outcomes: dict[str, DayOutcome], care_cost: float) -> None:
        """Book the day's contacts and specialist-care referrals; count the day's costs in the
        ledger's KPI window (``care_cost``: readmissions and home services, booked already)."""
        contacts = self._book_costs(outcomes)
        cost = contacts + care_cost
        clients = (
            int(np.count_nonzero(self.home_care.client)) if self.scenario.home_care.service else 0
        )
        self._refer_to_specialist_care(outcomes)
        self.specialist.population_day(clients)
        # every stream's cost of the day, whoever sent the visits (unmet care too)
        specialist = self.specialist.take_day_cost()
        county = self.county_services.day()
        fees = client_fees(
            self.scenario.budget,
            {"services": contacts, "specialist_care": specialist, "county_services": county},
        )
        for part, amount in fees.items():
            if amount:
                self.ledger.post(self.year, self.region.name, f"income.client_fees.{part}", amount)
        self.ledger.count_day(cost, specialist, county - sum(fees.values()))

    def _record(self, day: int, served: NetworkDay) -> None:
        self._record_flows(day, served)
        self._count_waits(served.outcomes)

    def _experience(
        self, served: NetworkDay, handed: HandOffDay, same_professional: np.ndarray | None
    ) -> None:
        """Waiting lowers residents' well-being; today's experiences of clients and staff,
        and the days working-age residents waited (in queues and in hand-offs beyond the
        next day)."""
        for name, outcome in served.outcomes.items():
            if not name.startswith(CHANNEL_PREFIX):
                self.population.apply_waiting(outcome.started_resident, outcome.started_wait_days)
        residents, experience = self.population.residents, self.experience
        for name, outcome in served.outcomes.items():
            if name.startswith(NGO_PREFIX):
                continue
            experience.workload(outcome)
            spec = self.scenario.services.get(name)
            if spec is None or not spec.primary_care:
                continue
            same = same_professional if name == self.scenario.continuity.service else None
            experience.served(outcome.started_wait_days, same)
            experience.left(outcome.abandoned)
            self.key_results.waited(residents, outcome.started_resident, outcome.started_wait_days)
        experience.resolved_first(sum(served.resolved.values()))
        experience.left(len(handed.lost))
        experience.handed_off(handed.extra_days, handed.duplicated)
        self.key_results.waited(residents, handed.delayed.resident, handed.extra_days)
        self.key_results.day()

    def _kpi_window(self) -> None:
        if (self.day - 1) % DAYS_PER_YEAR + 1 in self.window_ends:  # aligned to the years
            self.kpis.observe(self.day)

    def _month(self) -> None:
        """The monthly phase, after the month's last day (Mesa's scheduler): residents'
        slow processes (none under 'poisson' demand), the key results, and the home-care
        clients who no longer qualify."""
        if self.scenario.demand.source == "health":
            self.population.month()
            residents, home_care = self.population.residents, self.home_care
            self.key_results.month(
                residents, home_care.assisted_living, STEP_YEARS, home_care.client
            )
        self.home_care.month(self.population.residents, STEP_YEARS)
        self._count_residents()

    def _count_residents(self) -> None:
        """The living residents by age for the population-driven specialist and county
        streams (at the start and monthly)."""
        residents = self.population.residents
        ages = residents.age[residents.alive]
        self.specialist.count_residents(ages)
        self.county_services.count_residents(ages)

    def _divert_to_ngos(
        self, contacts: Contacts, weekday: bool
    ) -> tuple[Contacts, dict[str, DayOutcome]]:
        outcomes = {}
        for ngo in self.ngos:
            contacts, outcomes[NGO_PREFIX + ngo.name] = ngo.divert(contacts, weekday)
        return contacts, outcomes

    def contact_multiplier(self) -> float:
        """Contacts supplied per contact needed: the partners' incentive response times the
        share of needs left after the alliance's prevention spending this year."""
        multiplier = self.incentives.contact_multiplier
        if self.alliance is not None:
            multiplier *= prevention_factor(
                self.alliance.prevention_eur_per_resident(self.year),
                self.scenario.contract.behaviour.prevention_contact_reduction_per_100_eur,
            )
        return multiplier

    def _partner_capacity(self, staffed: dict[str, float]) -> dict[str, float]:
        """The non-owner partners' services at the capacity their incentives make them staff
        (of what their staff at work could give, ``staffed``, else the nominal capacity)."""
        multiplier = self.incentives.capacity_multiplier
        if multiplier == 1.0:
            return staffed
        services = self.scenario.services
        partners = {
            name
            for name, spec in services.items()
            if not self.providers[spec.provider].is_purchasers_own
        }
        books = {  # a booked service's professions' slots (``service.profession``)
            key: slots * multiplier
            for key, slots in staffed.items()
            if key.partition(".")[0] in partners and key not in services
        }
        return (
            staffed
            | {
                name: round(staffed.get(name, services[name].capacity_per_day) * multiplier)
                for name in partners
            }
            | books
        )

    def _joint_management_group(self) -> JointManagementGroup | None:
        if self.scenario.contract.model != "alliance":
            return None
        partners = [p.name for p in self.providers.values() if not p.is_purchasers_own]
        return JointManagementGroup(self, partners[0]) if partners else None

    def _end_of_year(self) -> None:
        """The yearly phase: NGOs' grants, the purchaser's settlement (the alliance's joint
        management group decides within it), then every provider's decisions for next year,
        the actors stepped through Mesa's agent sets (in the order they were created)."""
        year = self.year
        self.agents.select(agent_type=Ngo).do("pay_grant", year)
        self.region.settle_year(year)
        providers = self.agents.select(agent_type=Provider)
        providers.do("decide", year)
        self.network.use_channel_terms(
            {name: terms for p in providers.get("channel_terms") for name, terms in p.items()}
        )

    def _refer_to_specialist_care(self, outcomes: dict[str, DayOutcome]) -> None:
        """Referrals from today's started contacts into the outpatient stream (and
        admissions); their cost is the region's, counted by ``self.specialist``."""
        spec = self.scenario.specialist_care
        if not spec.referral_share:
            return
        propensity = {
            name: 1.0
            if self.providers[service.provider].is_purchasers_own
            else self.incentives.referral_propensity
            for name, service in self.scenario.services.items()
        }
        named = [name for name in spec.referral_share if name in outcomes]
        referring = {name: referring_visits(outcomes[name]) for name in named}
        started = {name: len(who) for name, who in referring.items()}
        count = referrals(started, spec, propensity, self.streams.generator("referrals"))
        self.key_results.specialist_visits += count
        if not count:
            return
        who = list(referring.values())
        ages = self.population.residents.age[np.concatenate(who)] if who else np.zeros(0)
        self.specialist.refer(count, ages)

    def _book_costs(self, outcomes: dict[str, DayOutcome]) -> float:
        total = 0.0
        for name, outcome in outcomes.items():
            if name.startswith(NGO_PREFIX):
                continue  # booked by the NGO itself
            if name.startswith(CHANNEL_PREFIX):
                spec = getattr(self.scenario.channels, name.removeprefix(CHANNEL_PREFIX))
                partner = spec.provider
                item = "channel_contacts"
            else:
                spec = self.scenario.services[name]
                partner = spec.provider
                item = "service_contacts"
            cost = outcome.started * spec.cost_per_contact_eur
            total += cost
            self.outturn.add(self.year, partner or self.region.name, name, cost)
            if partner is None:  # the purchaser's own channel
                self.ledger.post_cost(
                    self.year, self.region.name, DEFAULT_COST_STRUCTURE, item, cost
                )
            else:
                self.providers[partner].book_cost(self.year, item, cost)
                self.region.bill_contacts(partner, name, outcome.started, spec.cost_per_contact_eur)
        return total

    def _count_waits(self, outcomes: dict[str, DayOutcome]) -> None:
        """Add the day's waits of each service's started contacts to the year's counts, and
        the channels' as waiting to be reached (NGOs serve on the day and are not counted)."""
        for name, outcome in outcomes.items():
            key = WAITING_TO_BE_REACHED if name.startswith(CHANNEL_PREFIX) else name
            if key != WAITING_TO_BE_REACHED and name not in self.scenario.services:
                continue
            if not outcome.started:
                continue
            counts = self.wait_counts.get((self.year, key))
            if counts is None:
                counts = self.wait_counts[(self.year, key)] = np.zeros(
                    WAIT_DAYS_CAP + 1, dtype=np.int64
                )
            waits = np.minimum(outcome.started_wait_days, WAIT_DAYS_CAP)
            counts += np.bincount(waits, minlength=WAIT_DAYS_CAP + 1)

    def _record_flows(self, day: int, served: NetworkDay) -> None:
        completed = served.completed
        self.flow_rows.extend(
            (
                day,
                name,
                o.arrivals,
                o.started,
                completed[name],
                o.abandoned,
                o.queue_end,
                o.mean_wait_days,
            )
            for name, o in served.outcomes.items()
        )


def resolve(
    scenario: Scenario | str | dict[str, Any],
    population: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Scenario:
    """The scenario (a Scenario, bundled name, path or dict), scaled, with overrides."""
    resolved = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if population is not None:
        resolved = scaled(resolved, population)
    return load_scenario(resolved, overrides) if overrides else resolved


def run(
    scenario: Scenario | str | dict[str, Any],
    *,
    seed: int = 0,
    years: int | None = None,
    replication: int = 0,
) -> Results:
    """Simulate a scenario with one seed and return its tidy results."""
    check("run", scenario=scenario, seed=seed, years=years, replication=replication)
    model = EcosystemModel(scenario, rng=seed)
    model.run_years(years)
    return Results.from_model(model, seed=seed, replication=replication)


def profile(
    scenario: Scenario | str | dict[str, Any], *, seed: int = 0, years: int | None = None
) -> pd.DataFrame:
    """Simulate once with every phase timed; print the seconds per phase (slowest first)
    and return them as a frame (phase, cadence, calls, seconds, share)."""
    model = EcosystemModel(scenario, rng=seed, profile=True)
    model.run_years(years)
    assert model.timer is not None
    print(model.timer.table())
    return model.timer.frame()
