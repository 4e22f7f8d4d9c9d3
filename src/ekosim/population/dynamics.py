"""Population dynamics and the care needs they generate, vectorised over all residents."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.population.residents import Residents
from ekosim.scenario.schema import Scenario

DAYS_PER_YEAR = 365
SLOW_PROCESS_INTERVAL_DAYS = 30  # ageing and well-being move monthly, not daily

# Relative primary-care use by age, normalised below so the mean equals the scenario's
# contacts per resident a year. Assumption shaped on THL's visits by age (older people
# use about twice as many visits as working-age adults).
_USE_BY_AGE = ((0, 1.0), (15, 0.8), (65, 1.5), (75, 2.2))


@dataclass(frozen=True)
class ContactBatch:
    """The residents who seek care on one day."""

    resident: np.ndarray  # int64 indices into Residents

    def __len__(self) -> int:
        return len(self.resident)


class Population:
    """The residents of the area and the care needs their state generates each day."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        self.scenario = scenario
        self.rng = rng
        self.residents = Residents.synthesise(scenario.population, rng)
        self._refresh_contact_rates()

    def step(self, day: int) -> None:
        if day > 0 and day % SLOW_PROCESS_INTERVAL_DAYS == 0:
            self.residents.age[self.residents.alive] += SLOW_PROCESS_INTERVAL_DAYS / DAYS_PER_YEAR
            self._refresh_contact_rates()

    def new_contacts(self, day: int) -> ContactBatch:
        """Residents who contact the services today: Poisson in total, by each one's rate."""
        demand = self.scenario.demand
        if demand.source == "poisson":
            count = self.rng.poisson(demand.arrivals_per_day or 0.0)
            chosen = self.rng.integers(0, len(self.residents.alive), size=count)
            return ContactBatch(chosen.astype(np.int64))
        count = self.rng.poisson(self._daily_total)
        chosen = np.searchsorted(self._cumulative, self.rng.random(count) * self._cumulative[-1])
        return ContactBatch(chosen.astype(np.int64))

    def apply_waiting(self, resident: np.ndarray, wait_days: np.ndarray) -> None:
        """Long waits lower well-being a little (assumption: 0.1 WHO-5 points a day waited)."""
        np.subtract.at(self.residents.wellbeing, resident, 0.1 * wait_days.astype(np.float32))
        np.clip(self.residents.wellbeing, 0.0, 100.0, out=self.residents.wellbeing)

    def _refresh_contact_rates(self) -> None:
        age = self.residents.age
        relative = np.zeros(len(age), dtype=float)
        for lower, weight in _USE_BY_AGE:
            relative[age >= lower] = weight
        relative[~self.residents.alive] = 0.0
        mean = relative.sum() / max(self.residents.size, 1)
        per_day = self.scenario.demand.contacts_per_resident_year / DAYS_PER_YEAR
        rates = relative / mean * per_day if mean > 0 else relative
        self._cumulative = np.cumsum(rates)
        self._daily_total = float(self._cumulative[-1]) if len(rates) else 0.0
