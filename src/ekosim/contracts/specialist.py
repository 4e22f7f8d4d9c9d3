"""Specialist care paid by the region, in three streams.

- **outpatient visits**: each started contact of a service (at a service with appointment
  books, each doctor's visit) is referred with the scenario's referral share for that
  service, times the referring provider's propensity (its incentive response); a referral
  leads to ``outpatient_visits_per_referral`` visits and, with ``referral_admission_share``,
  to an admission;
- **emergency-department visits**: urgent needs out of hours (a rate by age band), falls of
  the frail (a rate per regular home-care client) and, through ``emergency_visits``, any
  other part of the model that sends residents there (unmet care); a share is admitted;
- **inpatient days**: every admission stays the mean length of stay of its age band (its
  days are counted and booked on the day of admission).

Each stream is booked in the ledger as ``cost.specialist_care.<stream>`` (the region's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from ekosim.clock import DAYS_PER_YEAR
from ekosim.scenario.schema import SpecialistCareSpec, parse_age_band
from ekosim.streams import RandomStreams, pick

if TYPE_CHECKING:
    from ekosim.carepath.queue import DayOutcome
    from ekosim.kpis import KpiWindow

STREAMS = ("outpatient", "emergency", "inpatient")


def referring_visits(outcome: DayOutcome) -> np.ndarray:
    """The residents of a service's started visits today that may refer to specialist care:
    at a service with appointment books its doctors' visits only (a referral to non-urgent
    specialist care is a physician's or a dentist's: Health Care Act 1326/2010, s. 52), so a
    nurse shortage does not cut referrals; elsewhere every started contact."""
    who = outcome.started_resident
    return who if outcome.doctor is None else who[outcome.doctor]


def referrals(
    started: Mapping[str, int],
    spec: SpecialistCareSpec,
    propensity: Mapping[str, float],
    rng: np.random.Generator,
) -> int:
    """Referrals made today; ``started`` (the referring visits, ``referring_visits``) and
    ``propensity`` are keyed by service."""
    total = 0
    for service, share in spec.referral_share.items():
        count = started.get(service, 0)
        if count and share:
            total += int(rng.binomial(count, min(1.0, share * propensity.get(service, 1.0))))
    return total


class SpecialistCare:
    """The three streams' counts and costs; ``book(stream, eur)`` posts a stream's cost.

    KPIs (per 1,000 living residents a year): ``emergency_visits_per_1000_year``,
    ``inpatient_days_per_1000_year``, ``specialist_outpatient_visits_per_1000_year``.
    """

    KPIS = (
        "emergency_visits_per_1000_year",
        "inpatient_days_per_1000_year",
        "specialist_outpatient_visits_per_1000_year",
    )

    def __init__(
        self,
        spec: SpecialistCareSpec,
        streams: RandomStreams | np.random.Generator,
        book: Callable[[str, float], None],
    ) -> None:
        """Random streams: the population's emergency visits, the frail's falls, the
        referrals' admissions and each source's emergency admissions draw from generators of
        their own (``specialist_care.population``, ``.falls``, ``.referrals``, ``.SOURCE``), so
        more emergencies from one source (care not given) shift no other's draws."""
        self.spec, self._post = spec, book
        self.streams = RandomStreams.coerce(streams)
        self.rng = self.streams.generator("specialist_care.population")
        self._today = 0.0  # cost booked since take_day_cost, EUR
        self._bands = [
            (parse_age_band(b), rate) for b, rate in spec.emergency_visits_per_1000_year.items()
        ]
        self._stay = [(parse_age_band(b), days) for b, days in spec.length_of_stay_days.items()]
        self._mean_stay = float(np.mean([days for _, days in self._stay])) if self._stay else 0.0
        last = max((high for (_, high), _ in self._stay), default=0)
        self._stay_by_year = np.array(
            [self._mean_stay, *(self.stay_at(year) for year in range(last)), self._mean_stay]
        )
        self.window = dict.fromkeys(("outpatient", "emergency", "inpatient_days"), 0.0)
        self._band_residents: list[int] = [0] * len(self._bands)

    def _book(self, stream: str, eur: float) -> None:
        self._today += eur
        self._post(stream, eur)

    def take_day_cost(self) -> float:
        """The cost booked since the last call (whoever sent the visits), EUR; restarts."""
        cost, self._today = self._today, 0.0
        return cost

    def _price(self, unit_cost: float) -> float:
        return unit_cost * self.spec.price_index

    def length_of_stay(self, ages: np.ndarray) -> np.ndarray:
        """Each admitted resident's stay, days: the mean of their age band (``stay_at``)."""
        # Bands are whole years, so the year of age decides: looked up, with the mean of
        # the bands on both ends of the table (ages outside every band; fmax makes NaN -1).
        table = self._stay_by_year
        years = np.floor(np.fmin(np.fmax(ages, -1.0), len(table) - 2))
        return table[years.astype(np.int64) + 1]

    def admit(self, ages: np.ndarray) -> float:
        """Admissions of residents of these ages; returns their inpatient days' cost, EUR."""
        if not len(ages):
            return 0.0
        return self._book_days(float(self.length_of_stay(np.asarray(ages, dtype=float)).sum()))

    def admit_like(self, count: int, ages: np.ndarray) -> float:
        """``count`` admissions from a group of residents of these ``ages`` (e.g. the day's
        referring visits): their days are ``count`` times the group's mean stay, so a scenario
        whose group differs by a few residents draws no other numbers (common random
        numbers); returns their cost, EUR."""
        if count <= 0 or not len(ages):
            return 0.0
        stay = float(self.length_of_stay(np.asarray(ages, dtype=float)).mean())
        return self._book_days(count * stay)

    def _book_days(self, days: float) -> float:
        """Book ``days`` inpatient days; returns their cost, EUR."""
        self.window["inpatient_days"] += days
        cost = days * self._price(self.spec.inpatient_day_cost_eur)
        self._book("inpatient", cost)
        return cost

    def refer(self, count: int, ages: np.ndarray) -> float:
        """``count`` referrals (``ages``: the ages of the residents the referrals are drawn
        from, e.g. the referring services' started contacts); returns their cost, EUR: the
        outpatient visits, the admissions' days and any flat cost per referral."""
        if count <= 0:
            return 0.0
        spec = self.spec
        visits = count * spec.outpatient_visits_per_referral
        self.window["outpatient"] += visits
        cost = visits * self._price(spec.outpatient_visit_cost_eur)
        self._book("outpatient", cost)
        flat = count * spec.cost_per_referral_eur
        if flat:
            self._book("outpatient", flat)
        rng = self.streams.generator("specialist_care.referrals")
        admitted = int(rng.binomial(count, spec.referral_admission_share))
        cost += self.admit_like(admitted, ages)
        return cost + flat

    def emergency_visits(
        self,
        count: int,
        ages: np.ndarray | float | None = None,
        source: str = "emergencies",
        *,
        who: tuple[int, np.ndarray] | None = None,
    ) -> float:
        """``count`` emergency-department visits (residents of ``ages``, one each, or all of
        one age, if known; else the stays are the mean of the bands); a share is admitted,
        drawn from the ``source``'s own stream, or, given ``who`` (the day and the residents'
        slots), by each resident's own number of the day
        (``specialist_care.SOURCE.admission``), so a visit made in two compared runs is
        admitted in both. Returns the cost, EUR. The entry point for any emergency use
        (urgent needs, falls, unmet care)."""
        if count <= 0:
            return 0.0
        if ages is not None and not isinstance(ages, int | float):
            ages = np.asarray(ages, dtype=float)
        if who is not None and not isinstance(ages, np.ndarray):
            raise ValueError("emergency_visits: who= needs the residents' ages, one each")
        spec = self.spec
        self.window["emergency"] += count
        cost = count * self._price(spec.emergency_visit_cost_eur)
        self._book("emergency", cost)
        if who is not None and isinstance(ages, np.ndarray):
            day, slots = who
            u = self.streams.uniform(f"specialist_care.{source}.admission", day, slots)
            return cost + self.admit(ages[u < spec.emergency_admission_share])
        rng = self.streams.generator(f"specialist_care.{source}")
        admitted = int(rng.binomial(count, spec.emergency_admission_share))
        if not admitted:
            return cost
        if isinstance(ages, np.ndarray) and len(ages):
            return cost + self.admit(pick(rng, ages, admitted))
        if ages is None or isinstance(ages, np.ndarray):
            return cost + self.admit(np.full(admitted, -1.0))  # no band: the mean stay
        rng.integers(0, count, size=admitted)  # whom (pick's draw) among one age's ``count``
        # summed as the stays of that many ages are (not admitted x stay: the last bit differs)
        return cost + self._book_days(float(np.full(admitted, self.stay_at(ages)).sum()))

    def stay_at(self, age: float) -> float:
        """The mean stay of an admitted resident of ``age``, days (``length_of_stay``)."""
        stay = self._mean_stay
        for (low, high), days in self._stay:
            if low <= age < high:
                stay = days
        return stay

    def count_residents(self, ages: np.ndarray) -> None:
        """Refresh the living residents by emergency age band (``ages`` of the living)."""
        self._band_residents = [
            int(np.count_nonzero((ages >= low) & (ages < high))) for (low, high), _ in self._bands
        ]

    def population_day(self, home_care_clients: int) -> float:
        """Today's emergency visits from urgent needs out of hours (by age band) and from
        falls of the frail (home-care clients); returns their cost, EUR."""
        visited = [
            (band, residents * rate / 1000.0 / DAYS_PER_YEAR)
            for (band, rate), residents in zip(self._bands, self._band_residents, strict=True)
            if residents and rate
        ]
        # one draw for all bands: the same numbers as one a band, in band order
        counts = self.rng.poisson([mean for _, mean in visited]) if visited else np.zeros(0, int)
        cost = 0.0
        for ((low, high), _), count in zip(visited, counts, strict=True):
            cost += self.emergency_visits(int(count), float(low + min(high - low, 20) / 2))
        rate = self.spec.frail_emergency_visits_per_client_year
        if home_care_clients and rate:
            falls = self.streams.generator("specialist_care.falls")
            count = int(falls.poisson(home_care_clients * rate / DAYS_PER_YEAR))
            cost += self.emergency_visits(count, 85.0, source="falls")
        return cost

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The window's visits and days per 1,000 residents, annualised; counts restart."""
        scale = 1000.0 / window.residents * window.per_year
        values = {
            "emergency_visits_per_1000_year": self.window["emergency"] * scale,
            "inpatient_days_per_1000_year": self.window["inpatient_days"] * scale,
            "specialist_outpatient_visits_per_1000_year": self.window["outpatient"] * scale,
        }
        self.window = dict.fromkeys(self.window, 0.0)
        return values
