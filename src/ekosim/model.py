"""EcosystemModel: one wellbeing services area, simulated day by day."""

from __future__ import annotations

from typing import Any

import mesa
from mesa.time import Schedule

from ekosim.actors import Provider, Region
from ekosim.carepath import CHANNEL_PREFIX, CareNetwork, DayOutcome
from ekosim.contracts import Ledger
from ekosim.kpis import KpiCollector
from ekosim.population import Population
from ekosim.results import Results
from ekosim.scenario import Scenario, load_scenario

DAYS_PER_YEAR = 365


class EcosystemModel(mesa.Model):
    """One wellbeing services area, simulated day by day on Mesa's clock (one unit = one day).

    Daily order (``step``): residents' health and well-being -> new contacts -> channels,
    routing and service queues -> costs into the open-book ledger -> KPI window.
    Yearly, after the last day of each year: the purchaser settles with its partners.
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
        self.population = Population(self.scenario, self.rng)
        self.network = CareNetwork(self.scenario, self.rng)
        self.kpis = KpiCollector(self)
        self.flow_rows: list[tuple[int, str, int, int, int, int, int, float]] = []
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
        contacts = self.population.new_contacts(day)
        outcomes = self.network.step(day, contacts)
        cost = self._book_costs(outcomes)
        self._record_flows(day, outcomes)
        for name, outcome in outcomes.items():
            if not name.startswith(CHANNEL_PREFIX):
                self.population.apply_waiting(outcome.started_resident, outcome.started_wait_days)
        self.kpis.add_day(outcomes, cost)
        interval = self.scenario.reporting.kpi_interval_days
        if self.day % interval == 0 or self.day % DAYS_PER_YEAR == 0:  # windows end with the year
            self.kpis.observe(self.day)

    def run_years(self, years: int | None = None) -> None:
        """Run ``years`` years (default: the scenario's horizon) on Mesa's clock."""
        self.run_for((years or self.scenario.horizon_years) * DAYS_PER_YEAR)

    def _end_of_year(self) -> None:
        self.region.settle_year(self.year)

    def _book_costs(self, outcomes: dict[str, DayOutcome]) -> float:
        total = 0.0
        for name, outcome in outcomes.items():
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
            if partner is None:
                self.ledger.post(self.year, self.region.name, f"cost.{item}", cost)
            else:
                self.providers[partner].book_cost(self.year, item, cost)
        return total

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
