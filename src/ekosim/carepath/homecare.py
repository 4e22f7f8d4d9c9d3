"""Regular home care and safe transitions from specialist care, as arrays over residents.

Clients are frail residents whose assessed functional ability is below the scenario's
threshold; some move on to 24-hour assisted living each year. Clients need daily visits,
which join the home-care service's queue like any contact (a visit not made by the next
day is lost: set the service's ``patience_days``).
Discharges from specialist care into home care join the same queue as urgent contacts; the
transition gap is the days from discharge to the first visit (0 = on the day of discharge),
and the chance of readmission within 30 days grows with it. Urgent contacts go first, so a
notice that reaches home care on the day is visited that day even in a nurse shortage (the
shortage shows as missed regular visits); gaps come from closed days and from notices that
arrive late or never (``ekosim.carepath.integration``), when a shortage of regular visits
lengthens them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.carepath.queue import DayOutcome
from ekosim.clock import DAYS_PER_YEAR
from ekosim.contacts import Contacts
from ekosim.kpis import KpiWindow, ratio
from ekosim.population.needs import HOME_CARE
from ekosim.population.residents import Residents
from ekosim.population.state import StateArray, field
from ekosim.scenario.schema import Scenario

NOT_DISCHARGED = field("discharged_on").fill  # -1: no discharge awaits its first visit


@dataclass
class TransitionTally:
    """Transitions completed (first visit made) since the last KPI observation."""

    completed: int = 0
    gap_days: int = 0
    readmitted: int = 0

    def reset(self) -> None:
        self.completed = self.gap_days = self.readmitted = 0


class HomeCare:
    """Regular home-care clients, their daily visits and their discharges from hospital.
    The per-resident arrays are in the residents' state (``ekosim.population.state``)."""

    client = StateArray()
    assisted_living = StateArray()
    discharged_on = StateArray()

    KPIS = (
        "transition_gap_days",
        "readmission_30d_share",
        "home_care_share_75_84",
        "home_care_share_85_94",
        "home_care_share_95_plus",
    )

    def __init__(self, scenario: Scenario, residents: Residents, rng: np.random.Generator):
        self.spec = scenario.home_care
        self.transitions = scenario.transitions
        self.service = self.spec.service
        self.rng = rng
        self.state = residents.state
        self.tally = TransitionTally()
        self._to_assisted = -np.expm1(-self.spec.to_assisted_living_per_year / DAYS_PER_YEAR)
        if self.service is not None:  # the clients there are on the first day
            self.enrol(residents, np.flatnonzero(residents.alive))

    def eligible(self, residents: Residents, who: np.ndarray | slice) -> np.ndarray:
        """Living frail residents below the function threshold, not in 24-hour care."""
        return (
            residents.alive[who]
            & residents.frail[who]
            & (residents.function[who] < self.spec.function_threshold)
            & ~self.assisted_living[who]
        )

    def enrol(self, residents: Residents, assessed: np.ndarray) -> None:
        self.client[assessed[self.eligible(residents, assessed)]] = True

    def follow_residents(self, residents: Residents) -> None:
        """After residents' states moved (the monthly step): deaths, moves and recovery
        (frailty gone, function above the threshold) end a client's home care."""
        self.client &= self.eligible(residents, slice(None))

    def day_arrivals(
        self, residents: Residents, day: int, *, residents_changed: bool = True
    ) -> Contacts:
        """Today's visit needs of clients and the discharges into home care.
        ``residents_changed``: whether residents' states moved since yesterday and
        ``follow_residents`` has not seen them yet (the model calls it in its monthly phase)."""
        if residents_changed:
            self.follow_residents(residents)
        clients = np.flatnonzero(self.client)
        if self.service is None or not len(clients):
            return Contacts.of(np.empty(0, dtype=np.int64))
        moving = self.rng.choice(clients, size=self.rng.poisson(self._to_assisted * len(clients)))
        self.client[moving] = False
        self.assisted_living[moving] = True
        clients = np.flatnonzero(self.client)
        visits = self.rng.poisson(self.spec.visits_per_client_day * len(clients))
        visiting = self.rng.choice(clients, size=visits)
        rate = self.transitions.discharges_per_client_year / DAYS_PER_YEAR * len(clients)
        discharged = np.unique(self.rng.choice(clients, size=self.rng.poisson(rate)))
        fresh = discharged[self.discharged_on[discharged] == NOT_DISCHARGED]
        self.discharged_on[fresh] = day
        resident = np.concatenate([visiting, fresh]).astype(np.int64)
        urgent = np.concatenate([np.zeros(visits, bool), np.ones(len(fresh), bool)])
        return Contacts(resident, urgent, np.full(len(resident), HOME_CARE, dtype=np.int8))

    def after_service(self, residents: Residents, day: int, outcome: DayOutcome) -> int:
        """New clients from today's assessments; transitions completed by today's visits.
        Returns today's readmissions."""
        served = outcome.served.resident
        self.enrol(residents, served)
        # A client visited twice today (a regular visit and the discharge visit, or a notice
        # handled twice) completes one transition and has one chance of readmission.
        visited = np.unique(served)
        since = self.discharged_on[visited]
        first_visit = since != NOT_DISCHARGED
        if not first_visit.any():
            return 0
        gap = day - since[first_visit]
        self.discharged_on[visited[first_visit]] = NOT_DISCHARGED
        spec = self.transitions
        chance = np.minimum(
            spec.readmission_base * (1.0 + spec.readmission_increase_per_gap_day * gap), 1.0
        )
        readmitted = int((self.rng.random(len(gap)) < chance).sum())
        self.tally.completed += len(gap)
        self.tally.gap_days += int(gap.sum())
        self.tally.readmitted += readmitted
        return readmitted

    def share_by_age(self, residents: Residents, low: float, high: float) -> float:
        """Share of living residents aged [low, high) who are regular clients."""
        group = residents.alive & (residents.age >= low) & (residents.age < high)
        return float(self.client[group].mean()) if group.any() else 0.0

    def report(self, window: KpiWindow) -> dict[str, float]:
        """Transitions completed in the window (then the tally restarts) and the share of each
        old age group in regular home care at its end."""
        tally, residents = self.tally, window.people
        values = {
            "transition_gap_days": ratio(tally.gap_days, tally.completed),
            "readmission_30d_share": ratio(tally.readmitted, tally.completed),
            "home_care_share_75_84": self.share_by_age(residents, 75, 85),
            "home_care_share_85_94": self.share_by_age(residents, 85, 95),
            "home_care_share_95_plus": self.share_by_age(residents, 95, 200),
        }
        tally.reset()
        return values
