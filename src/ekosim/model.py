"""EcosystemModel: one wellbeing services area, simulated day by day."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
from mesa.time import Schedule

from ekosim.actors import NGO_PREFIX, Integrator, JointManagementGroup, Ngo, Provider, Region
from ekosim.actors.incentives import prevention_factor, respond, supply_contacts
from ekosim.carepath import CHANNEL_PREFIX, Arrivals, CareNetwork, Continuity, DayOutcome, HomeCare
from ekosim.carepath.experience import Experience
from ekosim.carepath.integration import HandOffs
from ekosim.contracts import Ledger
from ekosim.contracts.specialist import referrals
from ekosim.kpis import KeyResultsReport, KpiCollector, KpiReporter, ResidentsReport
from ekosim.population import ContactBatch, Population
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS, STEP_YEARS
from ekosim.population.keyresults import KeyResults
from ekosim.results import Results
from ekosim.scenario import Scenario, load_scenario
from ekosim.scenario.schema import DEFAULT_COST_STRUCTURE

DAYS_PER_YEAR = 365
# Waits are counted per whole day up to this many days; longer waits share the last count.
WAIT_DAYS_CAP = 365


class EcosystemModel(mesa.Model):
    """One wellbeing services area, simulated day by day on Mesa's clock (one unit = one day).

    Daily order (``step``): residents' health and well-being -> new contacts (as many as
    the partners' incentives and prevention make them supply) -> channels, routing and
    service queues -> hand-offs between services -> costs and specialist-care referrals into
    the open-book ledger -> key result areas (residents' work ability and sickness absence,
    clients' and staff's experience; children, work ability and older people monthly) -> KPI
    window. Yearly, after the last day of each year: the purchaser settles with its partners,
    then the alliance's joint management group decides on reinvestment and fee hold-back, and
    each non-owner partner on next year's staffing mix and digital investment.
    """

    def __init__(self, scenario: Scenario | str | dict[str, Any], *, rng: Any = None) -> None:
        super().__init__(rng=rng)
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.ledger = Ledger()
        self.region = Region(self)
        self.providers = {
            name: Provider(self, name, spec.kind, spec.fee_eur_per_year)
            for name, spec in self.scenario.providers.items()
        }
        self.alliance = self._joint_management_group()
        self.incentives = respond(self.scenario.contract)
        self.population = Population(self.scenario, self.rng)
        self.region.start_contract()
        self.network = CareNetwork(self.scenario, self.rng, self.population)
        residents = self.population.residents
        self.home_care = HomeCare(self.scenario, residents, self.rng)
        self.continuity = Continuity(self.scenario.continuity, residents, self.rng)
        # The key results and hand-offs draw from their own stream, spawned from the model's,
        # so adding them leaves every other draw of a scenario as it was.
        stream = self.rng.spawn(1)[0]
        self.key_results = KeyResults(self.scenario, residents, stream)
        self.hand_offs = HandOffs(self.scenario.integration, list(self.scenario.services), stream)
        self.experience = Experience()
        self._same_professional: np.ndarray | None = None
        self.ngos = [Ngo(self, name, spec) for name, spec in self.scenario.ngos.items()]
        spec = self.scenario.integrator
        self.integrator = Integrator(self, spec) if spec is not None else None
        self.kpis = KpiCollector(self.kpi_reporters(), lambda: self.population.residents)
        self.flow_rows: list[tuple[int, str, int, int, int, int, int, float]] = []
        # (year, service) -> contacts started after waiting 0, 1, ... WAIT_DAYS_CAP+ days.
        self.wait_counts: dict[tuple[int, str], np.ndarray] = {}
        self.schedule_recurring(
            self._end_of_year, Schedule(interval=DAYS_PER_YEAR, start=DAYS_PER_YEAR)
        )

    # Mesa's Model.scenario setter writes ``scenario.model``; ekosim's Scenario is frozen and
    # knows nothing of the model, so it is kept as a plain attribute.
    @property
    def scenario(self) -> Scenario:
        return self._ekosim_scenario

    @scenario.setter
    def scenario(self, value: Any) -> None:
        if isinstance(value, Scenario):
            self._ekosim_scenario = value

    @property
    def day(self) -> int:
        """Days completed so far (0 before the first step)."""
        return int(self.time)

    @property
    def year(self) -> int:
        """The simulation year (0-based) of the day being simulated."""
        return max(self.day - 1, 0) // DAYS_PER_YEAR

    def step(self) -> None:
        day = self.day - 1  # Mesa has already moved time to the end of this day
        self.population.step(day)
        monthly = day > 0 and day % SLOW_PROCESS_INTERVAL_DAYS == 0  # as the population's step
        if monthly and self.scenario.demand.source == "health":
            residents = self.population.residents
            home_care = self.home_care
            self.key_results.month(
                residents, home_care.assisted_living, STEP_YEARS, home_care.client
            )
        contacts = self.population.new_contacts(day)
        kept = supply_contacts(np.arange(len(contacts)), self.contact_multiplier(), self.rng)
        contacts = ContactBatch(contacts.resident[kept], contacts.need[kept], contacts.urgent[kept])
        outcomes, care_cost = self._care_paths(day, contacts, monthly)
        cost = self._book_costs(outcomes) + care_cost
        specialist = self._refer_to_specialist_care(outcomes)
        self._record_flows(day, outcomes)
        self._count_waits(outcomes)
        for name, outcome in outcomes.items():
            if not name.startswith(CHANNEL_PREFIX):
                self.population.apply_waiting(outcome.started_resident, outcome.started_wait_days)
        self._measure_key_results(outcomes)
        self.ledger.count_day(cost, specialist)
        interval = self.scenario.reporting.kpi_interval_days
        if self.day % interval == 0 or self.day % DAYS_PER_YEAR == 0:  # windows end with the year
            self.kpis.observe(self.day)

    def kpi_reporters(self) -> list[KpiReporter]:
        """Every part that measures KPIs (the integrator only where the scenario has one)."""
        reporters: list[KpiReporter] = [
            ResidentsReport(),
            self.network,
            self.home_care,
            self.continuity,
            KeyResultsReport(self.key_results, self.home_care),
            self.hand_offs,
            self.experience,
            self.ledger,
        ]
        return reporters + ([self.integrator] if self.integrator is not None else [])

    def run_years(self, years: int | None = None) -> None:
        """Run ``years`` years (default: the scenario's horizon) on Mesa's clock."""
        self.run_for((years or self.scenario.horizon_years) * DAYS_PER_YEAR)

    def _care_paths(
        self, day: int, contacts: ContactBatch, monthly: bool
    ) -> tuple[dict[str, DayOutcome], float]:
        """Staffing, home-care visits and leased staff, channels and queues, NGOs; then new
        home-care clients, transitions, continuity and home-service orders. Returns the
        outcomes and the day's costs booked here (readmissions, home services), EUR.
        ``monthly``: residents' states moved today (the population's monthly step)."""
        residents = self.population.residents
        pressure = {name: len(queue) for name, queue in self.network.services.items()}
        capacity: dict[str, int] = {}
        for provider in self.providers.values():
            capacity.update(provider.plan_day(pressure))
        capacity = self._partner_capacity(capacity)
        extra, home = {}, self.scenario.home_care.service
        if home is not None:
            arrivals = self.home_care.day_arrivals(residents, day, residents_changed=monthly)
            extra[home] = self.hand_offs.discharges(day, arrivals)
            if self.integrator is not None and home in capacity:
                nominal = self.scenario.services[home].capacity_per_day
                need = len(extra[home]) + pressure[home]
                capacity[home] += self.integrator.lease(need, capacity[home], nominal)
        outcomes = self.network.step(day, contacts, capacity, extra, self._divert_to_ngos)
        self.hand_offs.pass_on(day, self.network.referred)
        cost = 0.0
        if home is not None:
            readmitted = self.home_care.after_service(residents, day, outcomes[home])
            self.key_results.specialist_visits += readmitted
            cost += readmitted * self.scenario.transitions.readmission_cost_eur
            self.region.book_specialist_care(self.year, cost)
        continuity = self.scenario.continuity
        if continuity.service is not None:
            service = self.scenario.services[continuity.service]
            present = self.providers[service.provider].present_share.get(
                service.profession or "", 1.0
            )
            self._same_professional = self.continuity.visit(
                residents, outcomes[continuity.service].served.resident, present
            )
        if self.integrator is not None:
            clients = int(self.home_care.client.sum())
            old = int(np.count_nonzero(residents.alive & (residents.age >= 75))) - clients
            cost += self.integrator.take_orders(clients, old)
        return outcomes, cost

    def _divert_to_ngos(
        self, contacts: Arrivals, weekday: bool
    ) -> tuple[Arrivals, dict[str, DayOutcome]]:
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

    def _partner_capacity(self, staffed: dict[str, int]) -> dict[str, int]:
        """The non-owner partners' services at the capacity their incentives make them staff
        (of what their staff at work could give, ``staffed``, else the nominal capacity)."""
        multiplier = self.incentives.capacity_multiplier
        if multiplier == 1.0:
            return staffed
        return staffed | {
            name: round(staffed.get(name, spec.capacity_per_day) * multiplier)
            for name, spec in self.scenario.services.items()
            if not self.providers[spec.provider].is_purchasers_own
        }

    def _joint_management_group(self) -> JointManagementGroup | None:
        if self.scenario.contract.model != "alliance":
            return None
        partners = [p.name for p in self.providers.values() if not p.is_purchasers_own]
        return JointManagementGroup(self, partners[0]) if partners else None

    def _end_of_year(self) -> None:
        for ngo in self.ngos:
            ngo.pay_grant(self.year)
        self.region.settle_year(self.year)
        for provider in self.providers.values():
            provider.decide(self.year)

    def _refer_to_specialist_care(self, outcomes: dict[str, DayOutcome]) -> float:
        """Referrals from today's started contacts; their cost is the region's, EUR."""
        spec = self.scenario.specialist_care
        if not spec.referral_share:
            return 0.0
        propensity = {
            name: 1.0
            if self.providers[service.provider].is_purchasers_own
            else self.incentives.referral_propensity
            for name, service in self.scenario.services.items()
        }
        started = {name: outcomes[name].started for name in spec.referral_share if name in outcomes}
        count = referrals(started, spec, propensity, self.rng)
        self.key_results.specialist_visits += count
        cost = count * spec.cost_per_referral_eur
        self.region.book_specialist_care(self.year, cost)
        return cost

    def _measure_key_results(self, outcomes: dict[str, DayOutcome]) -> None:
        """Today's experiences of clients and staff, and the days working-age residents
        waited (in queues and in hand-offs beyond the next day)."""
        residents, experience = self.population.residents, self.experience
        for name, outcome in outcomes.items():
            if name.startswith(NGO_PREFIX):
                continue
            experience.workload(outcome)
            spec = self.scenario.services.get(name)
            if spec is None or not spec.primary_care:
                continue
            same = self._same_professional if name == self.scenario.continuity.service else None
            experience.served(outcome.started_wait_days, same)
            experience.left(outcome.abandoned)
            self.key_results.waited(residents, outcome.started_resident, outcome.started_wait_days)
        experience.resolved_first(sum(self.network.resolved_today.values()))
        hand_offs = self.hand_offs
        experience.left(len(hand_offs.today_lost))
        experience.handed_off(hand_offs.today_extra_days, hand_offs.today_duplicated)
        self.key_results.waited(
            residents, hand_offs.today_delayed.resident, hand_offs.today_extra_days
        )
        self.key_results.day()

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
            if partner is None:  # the purchaser's own channel
                self.ledger.post_cost(
                    self.year, self.region.name, DEFAULT_COST_STRUCTURE, item, cost
                )
            else:
                self.providers[partner].book_cost(self.year, item, cost)
                self.region.bill_contacts(partner, name, outcome.started, spec.cost_per_contact_eur)
        return total

    def _count_waits(self, outcomes: dict[str, DayOutcome]) -> None:
        """Add the day's waits of each service's started contacts to the year's counts
        (channels and NGOs serve on the day and are not counted)."""
        for name, outcome in outcomes.items():
            if name not in self.scenario.services or not outcome.started:
                continue
            counts = self.wait_counts.get((self.year, name))
            if counts is None:
                counts = self.wait_counts[(self.year, name)] = np.zeros(
                    WAIT_DAYS_CAP + 1, dtype=np.int64
                )
            waits = np.minimum(outcome.started_wait_days, WAIT_DAYS_CAP)
            counts += np.bincount(waits, minlength=WAIT_DAYS_CAP + 1)

    def _record_flows(self, day: int, outcomes: dict[str, DayOutcome]) -> None:
        self.flow_rows.extend(
            (
                day,
                name,
                o.arrivals,
                o.started,
                o.started,
                o.abandoned,
                o.queue_end,
                o.mean_wait_days,
            )
            for name, o in outcomes.items()
        )


def run(
    scenario: Scenario | str | dict[str, Any],
    *,
    seed: int = 0,
    years: int | None = None,
    replication: int = 0,
) -> Results:
    """Simulate a scenario with one seed and return its tidy results."""
    model = EcosystemModel(scenario, rng=seed)
    model.run_years(years)
    return Results.from_model(model, seed=seed, replication=replication)
