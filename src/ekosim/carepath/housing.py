"""24-hour service housing (tehostettu palveluasuminen) of older people, as arrays over residents.

The housing has a fixed number of places (``care_24h.places_per_1000_75_plus`` of the residents
aged 75+ at the start). Residents whose assessed functional ability (home care's assessment:
``HomeCare.assessed_function``) is below ``care_24h.function_threshold`` are assessed as
needing 24-hour care at ``applications_per_year``, ``dementia_ratio`` times as often with
dementia, and join the waiting list. Monthly, free places go to those who have waited longest;
a resident who moves in leaves home care for good. Deaths (more frequent here: the residents
are frail and most have dementia) happen through the population's own mortality and free
their places; waiting residents die too and leave the list. Each resident-day costs
``cost_per_resident_day_eur``, booked daily as the region's cost, or the named provider's.
One unit of the places (``care_24h.unit``, e.g. a well-being centre's own unit inside an
alliance) may be produced by a provider of its own: it is full first (a unit with a waiting
list runs full), so its resident-days are min(occupied, its places), the rest the housing's.
Family carers' support with short-term care is one parameterised stream: a share of the 75+
living at home, at a cost per client-year, booked with the housing.

The start is drawn from the dynamics (a stable start, issue 20 point 7): residents start in
the housing at ``start_share_75_plus`` of the 75+, drawn by age and dementia and made frail
(frailty's onset keeps the frail share of those at home on its surveyed curve, so residents of
24-hour care are frail on top of it); the waiting list starts at the length the process
settles to, from the expected applications, places freed by deaths and deaths on the list
(``settled_waiting``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ekosim.carepath.homecare import HomeCare
from ekosim.clock import DAYS_PER_YEAR
from ekosim.kpis import KpiWindow, ratio
from ekosim.population import health
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS, STEP_YEARS
from ekosim.population.residents import Residents
from ekosim.population.state import StateArray
from ekosim.scenario.schema import Care24hSpec

OLD_AGE = 75.0  # the KPI's and the places' age group, years
# Residents of 24-hour care grow more numerous with age: the start's draw weights a year of
# age by exp(this), about 4.5 times at 90 what at 75 (assumption, the order of THL's shares of
# 24-hour care by age group).
START_AGE_SLOPE = 0.10


def settled_waiting(applications: float, freed: float, leave_rate: float, pool: float) -> float:
    """The length a waiting list settles to, persons: residents of a ``pool`` apply at
    ``applications`` a year in all (those already waiting do not apply again), ``freed``
    places a year take from the list, and each waiting person leaves it (dies) at
    ``leave_rate`` a year. The list W balances (applications (1 - W / pool) - freed) with
    leave_rate W above the places freed: W = (applications - freed) / (leave_rate +
    applications / pool); below them, it holds about half a month's applications (moves are
    monthly)."""
    month = applications / 12.0
    if applications <= freed or pool <= 0:
        return month / 2.0
    return (applications - freed) / (leave_rate + applications / pool) + month / 2.0


class HousingDay(NamedTuple):
    """A day's cost of the housing, EUR: the unit's resident-days (its own provider's), the
    other places' resident-days and family care (the housing's provider's or the region's)."""

    unit_eur: float
    housing_eur: float
    family_care_eur: float

    @property
    def total(self) -> float:
        return self.unit_eur + self.housing_eur + self.family_care_eur


class Care24h:
    """The housing's residents, its waiting list, its places and its costs."""

    assisted_living = StateArray()

    KPIS = ("care_24h_share_75_plus", "care_24h_waiting", "care_24h_eur_per_resident_year")

    def __init__(
        self,
        spec: Care24hSpec,
        residents: Residents,
        rng: np.random.Generator,
        home_care: HomeCare,
    ) -> None:
        self.spec = spec
        self.rng = rng
        self.state = residents.state
        self.home_care = home_care
        self.window_eur = 0.0  # the housing's and family care's cost in the KPI window
        # (occupied places, 75+ at home) for the days until the next monthly step: residents'
        # lives and ages change only in the population's month (just before this one's),
        # places only here (home care moves no one in where the scenario has this housing),
        # so the days between need not count 500,000 slots again
        self._counts: tuple[int, int] | None = None
        # The waiting list, in the order of joining it (slots are never reused): a short list,
        # not a per-resident array.
        self.queue = np.empty(0, dtype=np.int64)
        old = int(np.count_nonzero(residents.alive & (residents.age >= OLD_AGE)))
        self.places = round(spec.places_per_1000_75_plus * old / 1000)
        self._start(residents, min(round(spec.start_share_75_plus * old), self.places))

    def old_at_home(self, residents: Residents) -> int:
        """Residents aged 75+ living at home (family care's clients are a share of them)."""
        at_home = residents.alive & (residents.age >= OLD_AGE) & ~self.assisted_living
        return int(np.count_nonzero(at_home))

    @property
    def occupied(self) -> int:
        return int(np.count_nonzero(self.assisted_living & self.state["alive"]))

    @property
    def waiting(self) -> np.ndarray:
        """Slots of living residents on the waiting list, longest waiting first."""
        return self.queue[self.state["alive"][self.queue]]

    def applicants(self, residents: Residents) -> tuple[np.ndarray, np.ndarray]:
        """Residents at home who may be assessed as needing 24-hour care (assessed function
        below the threshold) and the yearly rate at which each is, higher with dementia:
        (slots, rates)."""
        spec = self.spec
        at_home = np.flatnonzero(residents.alive & ~self.assisted_living)
        below = self.home_care.assessed_function(residents, at_home) < spec.function_threshold
        slots = at_home[below]
        rates = np.where(
            residents.dementia[slots],
            spec.applications_per_year * spec.dementia_ratio,
            spec.applications_per_year,
        )
        return slots, rates

    def day(self, day: int, residents: Residents) -> HousingDay:
        """Today's costs, EUR: the resident-days of the unit (``care_24h.unit``) and of the
        other places, and family care; on the first day of a month (after the population's
        monthly step), the month's applications and moves in."""
        if day > 0 and day % SLOW_PROCESS_INTERVAL_DAYS == 0:
            self.month(residents)
        if self._counts is None:
            self._counts = self.occupied, self.old_at_home(residents)
        occupied, old_at_home = self._counts
        family = self.spec.family_care_share_75_plus * old_at_home
        unit = min(occupied, self.spec.unit.places) if self.spec.unit is not None else 0
        price = self.spec.cost_per_resident_day_eur
        costs = HousingDay(
            unit_eur=unit * price,
            housing_eur=(occupied - unit) * price,
            family_care_eur=family * self.spec.family_care_eur_per_client_year / DAYS_PER_YEAR,
        )
        self.window_eur += costs.total
        return costs

    def month(self, residents: Residents, dt_years: float = STEP_YEARS) -> None:
        """New applications, then free places to those waiting longest (they leave home
        care); the dead leave the list and free their places."""
        self._counts = None  # the population's month has just moved lives and ages
        self.assisted_living &= residents.alive
        self.queue = self.waiting
        slots, rates = self.applicants(residents)
        new = ~np.isin(slots, self.queue)
        slots, rates = slots[new], rates[new]
        applying = slots[health.happens(self.rng, rates.astype(np.float32), dt_years)]
        self.queue = np.concatenate([self.queue, applying])
        free = self.places - self.occupied
        if free > 0:
            self.move_in(self.waiting[:free])

    def move_in(self, slots: np.ndarray) -> None:
        self._counts = None
        self.assisted_living[slots] = True
        self.queue = self.queue[~np.isin(self.queue, slots)]
        self.home_care.client[slots] = False
        self.home_care.discharged_on[slots] = -1

    def _start(self, residents: Residents, count: int) -> None:
        """Residents in the housing and on its list on the first day, as the dynamics keep
        them (module docstring)."""
        old = np.flatnonzero(residents.alive & (residents.age >= OLD_AGE))
        # Weighted draw without replacement (Efraimidis-Spirakis keys), by dementia and age
        # and not by frailty: the population's frailty onset keeps frailty among residents at
        # home on its surveyed curve (population.health.frailty_hazard), so the residents of
        # 24-hour care are frail on top of it, not taken from it.
        weight = np.exp(START_AGE_SLOPE * (residents.age[old].astype(np.float64) - OLD_AGE))
        weight[residents.dementia[old]] *= self.spec.dementia_ratio
        keys = np.log(self.rng.random(len(old))) / weight
        start = old[np.argsort(-keys, kind="stable")[:count]]
        residents.frail[start] = True
        residents.function[start] = health.functional_ability(residents, start)
        self.move_in(start)
        # Counted as entries to 24-hour care only when they happen during the run.
        self.state["entered_24h_care"][start] = True
        self._start_waiting(residents)

    def _start_waiting(self, residents: Residents) -> None:
        slots, rates = self.applicants(residents)
        if not len(slots):
            return
        death = health.death_hazard(residents, health.action_log_hr(residents))
        inside = np.flatnonzero(self.assisted_living & residents.alive)
        length = settled_waiting(
            float(rates.sum()),
            float(death[inside].sum(dtype=np.float64)) + (self.places - self.occupied),
            float(np.average(death[slots], weights=rates)),
            float(len(slots)),
        )
        count = min(int(self.rng.poisson(length)), len(slots))
        if count <= 0:
            return
        keys = np.log(self.rng.random(len(slots))) / rates
        chosen = slots[np.argsort(-keys, kind="stable")[:count]]
        self.queue = self.rng.permutation(chosen)  # joined before the start, in some order

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The share of 75+ in the housing and the list's length at the window's end; the
        window's cost per resident, annualised."""
        people = window.people
        old = people.alive & (people.age >= OLD_AGE)
        values = {
            "care_24h_share_75_plus": ratio(
                int(np.count_nonzero(old & self.assisted_living)), int(np.count_nonzero(old))
            ),
            "care_24h_waiting": float(len(self.waiting)),
            "care_24h_eur_per_resident_year": self.window_eur / window.residents * window.per_year,
        }
        self.window_eur = 0.0
        return values
