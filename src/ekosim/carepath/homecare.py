"""Regular home care and safe transitions from specialist care, as arrays over residents.

Home care is open to anyone whose assessed functional ability is below the scenario's
threshold, at any age: the residents' function (late old age, frailty, dementia;
``ekosim.population.health``) less a loss while a long-term illness limits daily living
(``limited``: a two-state process among adults with type 2 diabetes, cardiovascular disease,
mental-health need or dementia, started at its settled share). Of those who qualify,
``take_up_share`` take up regular home care (a lasting trait of each resident: the others
manage with family, private help or support services, or decline). Needs are assessed when a
home-care need reaches the service and, at the latest, in the monthly step, so the clients of
the first day are those the dynamics keep (a stable start). The KPIs of the old age groups
count the year's clients as THL does (``HomeCare.year_share_by_age``). Clients need visits by their
need (``visit_need_exponent``: less function, more visits), which join the home-care
service's queue like any contact (a visit not made by the next day is lost: set the
service's ``patience_days``). Clients who move to 24-hour housing (``ekosim.carepath.housing``)
leave home care; without housing in the scenario they move on at
``to_assisted_living_per_year``.
Discharges from specialist care into home care join the same queue as urgent contacts; the
transition gap is the days from discharge to the first visit (0 = on the day of discharge),
and the chance of readmission within 30 days grows with it. Urgent contacts go first, so a
notice that reaches home care on the day is visited that day even in a nurse shortage (the
shortage shows as missed regular visits); gaps come from closed days and from notices that
arrive late or never (``ekosim.carepath.integration``), when a shortage of regular visits
lengthens them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ekosim import kernels
from ekosim.carepath.queue import DayOutcome
from ekosim.clock import DAYS_PER_YEAR
from ekosim.contacts import Contacts
from ekosim.kpis import KpiWindow, ratio
from ekosim.population import health
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS
from ekosim.population.needs import HOME_CARE
from ekosim.population.residents import ADULT_AGE, Residents
from ekosim.population.state import StateArray, field
from ekosim.scenario.schema import Scenario
from ekosim.streams import pick, slot_uniform

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
    limited = StateArray()
    discharged_on = StateArray()
    client_until = StateArray()

    KPIS = (
        "transition_gap_days",
        "readmission_30d_share",
        "home_care_share_75_84",
        "home_care_share_85_94",
        "home_care_share_95_plus",
        "home_care_clients_per_1000",
        "home_care_clients_under_75_share",
        "home_care_visits_per_resident_year",
    )

    def __init__(
        self,
        scenario: Scenario,
        residents: Residents,
        rng: np.random.Generator,
        engine: str = kernels.DEFAULT_ENGINE,
    ):
        """``engine``: "compiled" finds the day's visits among the clients with a kernel
        (``choose_weighted``), "python" with ``Generator.choice``: the same visits."""
        self.spec = scenario.home_care
        self._search: Search | None = (
            kernels.load("choice.searchsorted_right") if engine == "compiled" else None
        )
        self.transitions = scenario.transitions
        self.service = self.spec.service
        self.rng = rng
        self.state = residents.state
        self.tally = TransitionTally()
        self.visits_made = 0  # contacts home care made in the KPI window
        # Who takes up home care when their need qualifies: a lasting trait of each slot, a
        # hash of the slot and this run's salt (so slots added by growth have one too).
        self._salt = int(rng.integers(0, 2**62))
        self._takes_up = np.ones(0, dtype=bool)
        self.months = 0  # monthly steps since the start (clients leave in them)
        # With 24-hour housing in the scenario, its places and waiting list move clients.
        rate = self.spec.to_assisted_living_per_year if scenario.care_24h is None else 0.0
        self._to_assisted = -np.expm1(-rate / DAYS_PER_YEAR)
        if self.service is not None:  # the clients there are on the first day
            self._start_limitations(residents)
            self.enrol(residents, np.flatnonzero(residents.alive))

    @property
    def assisted_living(self) -> np.ndarray:
        """Residents in 24-hour housing (``ekosim.carepath.housing.Care24h`` owns it)."""
        return self.state["assisted_living"]

    def assessed_function(self, residents: Residents, who: np.ndarray | slice) -> np.ndarray:
        """Functional ability as home care's needs assessment sees it: the residents' own
        less ``limitation_function_loss`` where a long-term illness limits daily living."""
        loss = np.float32(self.spec.limitation_function_loss)
        return residents.function[who] - loss * self.limited[who]

    def eligible(self, residents: Residents, who: np.ndarray | slice) -> np.ndarray:
        """Living residents of any age whose assessed function is below the threshold, not
        in 24-hour housing, who take up home care (``take_up_share`` of them)."""
        return (
            residents.alive[who]
            & (self.assessed_function(residents, who) < self.spec.function_threshold)
            & ~self.assisted_living[who]
            & self.takes_up(residents.capacity)[who]
        )

    def takes_up(self, capacity: int) -> np.ndarray:
        """Per slot, whether its resident takes up home care when the need qualifies: a
        uniform number of the slot (splitmix64 of the slot and the run's salt) below
        ``take_up_share``."""
        if len(self._takes_up) != capacity:
            self._takes_up = slot_uniform(capacity, self._salt) < self.spec.take_up_share
        return self._takes_up

    def enrol(self, residents: Residents, assessed: np.ndarray) -> None:
        self.client[assessed[self.eligible(residents, assessed)]] = True

    def follow_residents(self, residents: Residents) -> None:
        """After residents' states moved (the monthly step): deaths, moves and recovery
        (function above the threshold) end a client's home care."""
        self.client &= self.eligible(residents, slice(None))

    def month(self, residents: Residents, dt_years: float) -> None:
        """The monthly step: limitations start and end, clients who no longer qualify
        leave, and everyone who now needs home care has been assessed and is a client."""
        if self.service is None:
            return
        self.months += 1
        at_risk = self._limitation_at_risk(residents)
        spec = self.spec
        if spec.limitation_onset_per_year > 0:
            hazard = np.where(
                self.limited,
                np.float32(spec.limitation_recovery_per_year),
                np.float32(spec.limitation_onset_per_year),
            )
            flips = at_risk & health.happens(self.rng, hazard, dt_years, self.state.planned_slots)
            self.limited ^= flips
        self.limited &= residents.alive
        self.follow_residents(residents)
        self.client |= self.eligible(residents, slice(None))

    def _limitation_at_risk(self, residents: Residents) -> np.ndarray:
        """Adults with a long-term illness, or whose limitation goes on (it ends only by
        recovery or death)."""
        illness = residents.diabetes | residents.cvd | residents.mental_need | residents.dementia
        return residents.alive & (residents.age >= ADULT_AGE) & (illness | self.limited)

    def _start_limitations(self, residents: Residents) -> None:
        """Limitations at their settled share among adults with a long-term illness."""
        spec = self.spec
        if spec.limitation_onset_per_year <= 0:
            return
        at_risk = self._limitation_at_risk(residents)
        share = health.stationary_share(
            spec.limitation_onset_per_year, spec.limitation_recovery_per_year
        )
        self.limited[:] = at_risk & (self.state.per_slot(self.rng.random) < share)

    def visit_rates(self, residents: Residents, clients: np.ndarray) -> np.ndarray:
        """Visits a day each client needs: more with less function (``visit_need_exponent``)."""
        spec = self.spec
        need = (1.0 - self.assessed_function(residents, clients).astype(np.float64)) / max(
            1.0 - spec.function_threshold, 1e-6
        )
        return spec.visits_per_client_day * np.maximum(need, 0.0) ** spec.visit_need_exponent

    def day_arrivals(
        self, residents: Residents, day: int, *, residents_changed: bool = True
    ) -> Contacts:
        """Today's visit needs of clients and the discharges into home care.
        ``residents_changed``: whether residents' states moved since yesterday and
        ``follow_residents`` has not seen them yet (the model calls it in its monthly phase)."""
        if residents_changed:
            self.follow_residents(residents)
        clients = np.flatnonzero(self.client)
        self.client_until[clients] = day
        if self.service is None or not len(clients):
            return Contacts.of(np.empty(0, dtype=np.int64))
        if self._to_assisted > 0:  # no 24-hour housing in the scenario: clients move on
            size = self.rng.poisson(self._to_assisted * len(clients))
            moving = pick(self.rng, clients, size)
            self.client[moving] = False
            self.assisted_living[moving] = True
            clients = np.flatnonzero(self.client)
        if self.spec.visit_need_exponent == 0:
            visits = self.rng.poisson(self.spec.visits_per_client_day * len(clients))
            visiting = pick(self.rng, clients, visits)
        else:
            rates = self.visit_rates(residents, clients)
            total = float(rates.sum())
            visits = self.rng.poisson(total)
            visiting = choose_weighted(self.rng, clients, visits, rates, total, self._search)
        rate = self.transitions.discharges_per_client_year / DAYS_PER_YEAR * len(clients)
        discharged = np.unique(pick(self.rng, clients, self.rng.poisson(rate)))
        fresh = discharged[self.discharged_on[discharged] == NOT_DISCHARGED]
        self.discharged_on[fresh] = day
        resident = np.concatenate([visiting, fresh]).astype(np.int64)
        urgent = np.concatenate([np.zeros(visits, bool), np.ones(len(fresh), bool)])
        return Contacts(resident, urgent, np.full(len(resident), HOME_CARE, dtype=np.int8))

    def after_service(self, residents: Residents, day: int, outcome: DayOutcome) -> int:
        """New clients from today's assessments; transitions completed by today's visits.
        Returns today's readmissions."""
        served = outcome.served.resident
        self.visits_made += len(served)
        self.enrol(residents, served)
        # A client visited twice today (a regular visit and the discharge visit, or a notice
        # handled twice) completes one transition and has one chance of readmission; the
        # transitions in slot order (only the few awaiting a first visit are sorted).
        awaiting = served[self.discharged_on[served] != NOT_DISCHARGED]
        if not len(awaiting):
            return 0
        visited = np.unique(awaiting)
        gap = day - self.discharged_on[visited]
        self.discharged_on[visited] = NOT_DISCHARGED
        spec = self.transitions
        chance = np.minimum(
            spec.readmission_base * (1.0 + spec.readmission_increase_per_gap_day * gap), 1.0
        )
        readmitted = int(np.count_nonzero(self.rng.random(len(gap)) < chance))
        self.tally.completed += len(gap)
        self.tally.gap_days += int(gap.sum())
        self.tally.readmitted += readmitted
        return readmitted

    def share_by_age(self, residents: Residents, low: float, high: float) -> float:
        """Share of living residents aged [low, high) who are regular clients now (a point
        share; the KPIs count the year's clients, ``year_share_by_age``)."""
        group = residents.alive & (residents.age >= low) & (residents.age < high)
        return float(self.client[group].mean()) if group.any() else 0.0

    def year_share_by_age(self, residents: Residents, day: int, low: float, high: float) -> float:
        """THL's share of an age group in regular home care in a year (Kotihoito 2022: the
        residents who were regular clients on any day of the year, the dead and those who
        moved away included, over the age group's residents at the year's end): those aged
        [low, high) at ``day``'s end (the dead and moved at their age on leaving) who were
        clients on some day of the 365 days ending on ``day`` (1-based, as a KPI window's
        end), over the living residents aged [low, high) then. Before a year has passed the
        run has no history of the days before its start: the residents who left home care
        since the start (and are not clients again) stand for the year's leavers at the
        rate they left in the monthly steps so far, scaled to a year (clients leave in the
        monthly steps, so the first window, closed before the first, counts the day's
        clients only: a known dip of a run's first month). At most 1."""
        group = residents.alive & (residents.age >= low) & (residents.age < high)
        living = int(np.count_nonzero(group))
        if not living:
            return 0.0
        aged = (residents.age >= low) & (residents.age < high)
        now = self.client & residents.alive
        first = day - DAYS_PER_YEAR  # the first 0-based day of the 365 ending on ``day``
        left = aged & ~now & (self.client_until >= max(first, 0))
        scale = (
            max(DAYS_PER_YEAR / (SLOW_PROCESS_INTERVAL_DAYS * max(self.months, 1)), 1.0)
            if first < 0
            else 1.0
        )
        clients = np.count_nonzero(now & aged) + scale * np.count_nonzero(left)
        # At most 1, a share: in a small group the year's leavers (the dead above all) may
        # outnumber those who live there at the end.
        return float(min(clients / living, 1.0))

    def report(self, window: KpiWindow) -> dict[str, float]:
        """Transitions completed in the window (then the tally restarts); each old age
        group's share in regular home care counted as THL counts it (the year's clients
        over the group at the window's end: ``year_share_by_age``); the clients per 1,000
        and the under-75 share of clients on the window's last day (a census, as THL's
        home-care census)."""
        tally, residents = self.tally, window.people
        client = self.client & residents.alive
        self.client_until[client] = window.day - 1
        clients = int(np.count_nonzero(client))
        values = {
            "transition_gap_days": ratio(tally.gap_days, tally.completed),
            "readmission_30d_share": ratio(tally.readmitted, tally.completed),
            "home_care_share_75_84": self.year_share_by_age(residents, window.day, 75, 85),
            "home_care_share_85_94": self.year_share_by_age(residents, window.day, 85, 95),
            "home_care_share_95_plus": self.year_share_by_age(residents, window.day, 95, 200),
            "home_care_clients_per_1000": 1000 * clients / window.residents,
            "home_care_clients_under_75_share": ratio(
                int(np.count_nonzero(client & (residents.age < 75))), clients
            ),
            "home_care_visits_per_resident_year": self.visits_made
            / window.residents
            * window.per_year,
        }
        tally.reset()
        self.visits_made = 0
        return values


Search = Callable[[np.ndarray, np.ndarray], np.ndarray]


def choose_weighted(
    rng: np.random.Generator,
    items: np.ndarray,
    size: int,
    weights: np.ndarray,
    total: float,
    search: Search | None = None,
) -> np.ndarray:
    """``size`` of ``items`` drawn with replacement in proportion to ``weights`` (their sum
    ``total``): ``rng.choice(items, size=size, p=weights / total)``, none when ``size`` is 0
    (then nothing is drawn, and all-zero weights are no error). ``search``: the compiled
    engine's ``kernels.choice.searchsorted_right``, given the same cumulative shares and
    numbers as NumPy's choice makes and bisects."""
    if not size:
        return items[:0]
    p = weights / total
    if search is None:
        return rng.choice(items, size=size, p=p)
    cdf = p.cumsum()
    cdf /= cdf[-1]
    return items[search(cdf, rng.random(size))]
