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

import numpy as np

from ekosim.carepath.homecare import HomeCare
from ekosim.clock import DAYS_PER_YEAR
from ekosim.kpis import KpiWindow, ratio
from ekosim.population import health
from ekosim.population.residents import Residents
from ekosim.population.state import StateArray, field
from ekosim.scenario.schema import Care24hSpec

NOT_WAITING = field("waiting_24h_since").fill  # -1: not on the waiting list
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


class Care24h:
    """The housing's residents, its waiting list, its places and its costs."""

    assisted_living = StateArray()
    waiting_24h_since = StateArray()

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
        old = int(np.count_nonzero(residents.alive & (residents.age >= OLD_AGE)))
        self.places = round(spec.places_per_1000_75_plus * old / 1000)
        self._start(residents, min(round(spec.start_share_75_plus * old), self.places))

    @property
    def occupied(self) -> int:
        return int(np.count_nonzero(self.assisted_living & self.state["alive"]))

    @property
    def waiting(self) -> np.ndarray:
        """Slots of living residents on the waiting list, longest waiting first."""
        alive = self.state["alive"]
        slots = np.flatnonzero((self.waiting_24h_since != NOT_WAITING) & alive)
        return slots[np.argsort(self.waiting_24h_since[slots], kind="stable")]

    def application_rates(self, residents: Residents) -> np.ndarray:
        """Yearly rate at which each resident at home is assessed as needing 24-hour care:
        below the function threshold, higher with dementia; 0 otherwise."""
        spec = self.spec
        below = self.home_care.assessed_function(residents, slice(None)) < spec.function_threshold
        rate = np.where(
            residents.dementia,
            spec.applications_per_year * spec.dementia_ratio,
            spec.applications_per_year,
        )
        at_home = residents.alive & ~self.assisted_living
        return np.where(below & at_home, rate, 0.0)

    def day(self, year: int, day: int, residents: Residents) -> tuple[float, str | None]:
        """Today's cost (resident-days and family care), EUR, and who bears it (None: the
        region); on the first day of a month (after the population's monthly step), the
        month's applications and moves in."""
        if day > 0 and day % 30 == 0:
            self.month(residents, day)
        family = self.spec.family_care_share_75_plus * int(
            np.count_nonzero(residents.alive & (residents.age >= OLD_AGE) & ~self.assisted_living)
        )
        cost = self.occupied * self.spec.cost_per_resident_day_eur
        cost += family * self.spec.family_care_eur_per_client_year / DAYS_PER_YEAR
        self.window_eur += cost
        return cost, self.spec.provider

    def month(self, residents: Residents, day: int, dt_years: float = 30 / DAYS_PER_YEAR) -> None:
        """New applications, then free places to those waiting longest (they leave home
        care); the dead leave the list and free their places."""
        self.assisted_living &= residents.alive
        self.waiting_24h_since[~residents.alive] = NOT_WAITING
        rates = self.application_rates(residents)
        rates[self.waiting_24h_since != NOT_WAITING] = 0.0
        applying = rates > 0
        applying[applying] = health.happens(self.rng, rates[applying], dt_years)
        self.waiting_24h_since[applying] = day
        free = self.places - self.occupied
        if free > 0:
            self.move_in(self.waiting[:free])

    def move_in(self, slots: np.ndarray) -> None:
        self.assisted_living[slots] = True
        self.waiting_24h_since[slots] = NOT_WAITING
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
        rates = self.application_rates(residents)
        log_hr = health.action_log_hr(residents)
        death = health.death_hazard(residents, log_hr).astype(np.float64)
        applicants = rates > 0
        length = settled_waiting(
            float(rates.sum()),
            float(death[self.assisted_living & residents.alive].sum())
            + (self.places - self.occupied),
            float(np.average(death[applicants], weights=rates[applicants]))
            if applicants.any()
            else 0.0,
            float(applicants.sum()),
        )
        count = min(int(self.rng.poisson(length)), int(applicants.sum()))
        if count <= 0:
            return
        candidates = np.flatnonzero(applicants)
        keys = np.log(self.rng.random(len(candidates))) / rates[candidates]
        chosen = candidates[np.argsort(-keys, kind="stable")[:count]]
        # Waiting since a day before the start: the order in which they move in.
        self.waiting_24h_since[chosen] = -2 - self.rng.permutation(count)

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
