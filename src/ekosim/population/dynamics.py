"""Population dynamics and the care needs they generate, vectorised over all residents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from ekosim.clock import DAYS_PER_YEAR
from ekosim.contacts import Contacts
from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES, resolve
from ekosim.population.needs import URGENT_SHARE, need_total, need_weights
from ekosim.population.projection import ProjectionFollower
from ekosim.population.synthesis import area_shares, fill, synthesise
from ekosim.scenario.schema import Scenario

SLOW_PROCESS_INTERVAL_DAYS = 30  # health and well-being move monthly, not daily
STEP_YEARS = SLOW_PROCESS_INTERVAL_DAYS / DAYS_PER_YEAR
IN_MIGRANT_AGES = (18.0, 45.0)  # years; movers, in and out, are mostly young adults (assumption)
WAIT_WELLBEING_POINTS_PER_DAY = 0.1  # WHO-5 points lost per day waited (assumption)


def is_mobile_age(age: np.ndarray) -> np.ndarray:
    low, high = IN_MIGRANT_AGES
    return (age >= low) & (age < high)


def out_migration_hazard(rate_per_year: float, living: int, mobile: int) -> float:
    """Yearly hazard of moving out for a resident of mobile age: out-migration, like
    in-migration, falls on the mobile ages, ``rate_per_year`` of all residents a year.
    (Spread over every age, it would empty the old and the young while movers in were
    young adults, skewing the age structure within a few years.)"""
    return rate_per_year * living / mobile if mobile else 0.0


@dataclass
class Events:
    """Cumulative counts of what has happened to the residents."""

    diabetes_onsets: int = 0
    cvd_events: int = 0
    dementia_onsets: int = 0
    deaths: int = 0
    births: int = 0
    moved_in: int = 0
    moved_out: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class Population:
    """The residents of the area and the care needs their state generates each day.

    Monthly (every 30 days), in this order: ageing; actions drop out and fade; onsets of
    diabetes, cardiovascular events, frailty, dementia, mental-health need and loneliness
    (with recovery); functional ability; deaths; out-migration; births and in-migration;
    with a ``population.projection``, net migration by age band onto it (``projection``);
    well-being; need rates.
    Daily: new contacts drawn from the need rates. Arrays are allocated once for the horizon.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        self.scenario = scenario
        self.rng = rng
        spec = scenario.population
        growth = (spec.births_per_1000_year / 1000 + spec.in_migration_per_year) * 1.3
        capacity = int(spec.size * (1 + growth * scenario.horizon_years)) + 64
        self.residents = synthesise(spec, rng, capacity=capacity, n_actions=len(ACTION_NAMES))
        self.next_slot = spec.size
        self.events = Events()
        self.months = 0
        self.projection: ProjectionFollower | None = None
        if spec.projection is not None:
            self.projection = ProjectionFollower(spec, self.residents)
            room = int(capacity * self.projection.max_growth()) + 64
            if room > capacity:
                self.residents.grow(room)
        self._refresh_contact_rates()

    def step(self, day: int) -> None:
        """The monthly step on its days; none under a 'poisson' demand (queueing checks, DESIGN:
        the single-queue scenario has no health dynamics)."""
        if self.scenario.demand.source == "poisson":
            return
        if day > 0 and day % SLOW_PROCESS_INTERVAL_DAYS == 0:
            self.month()

    def month(self) -> None:
        """One monthly step of every slow process (order in the class docstring)."""
        r, dt = self.residents, STEP_YEARS
        r.age[r.alive] += dt
        health.advance_actions(r, dt, self.rng)
        log_hr = health.action_log_hr(r)
        onset = self._happens(health.diabetes_hazard(r, log_hr))
        r.diabetes |= onset
        self.events.diabetes_onsets += int(onset.sum())
        event = self._happens(health.cvd_hazard(r, log_hr))
        r.cvd |= event
        self.events.cvd_events += int(event.sum())
        self._frailty_month(log_hr)
        onset = self._happens(health.dementia_hazard(r))
        r.dementia |= onset
        self.events.dementia_onsets += int(onset.sum())
        self._flip(
            r.mental_need,
            r.alive & (r.age >= 12),
            health.doubled_where(r.lonely, health.MENTAL_ONSET_PER_YEAR),
            health.MENTAL_RECOVERY_PER_YEAR,
        )
        self._flip(
            r.lonely,
            r.alive,
            health.doubled_where(r.living_alone, health.LONELY_ONSET_PER_YEAR),
            health.doubled_where(r.social, health.LONELY_RECOVERY_PER_YEAR),
        )
        np.copyto(r.function, health.functional_ability(r), where=r.alive)
        dying = self._happens(health.death_hazard(r, log_hr))
        r.alive &= ~dying
        r.died |= dying
        self.events.deaths += int(dying.sum())
        self._migrate_and_bear(dt)
        self.months += 1
        if self.projection is not None:
            self._follow_projection(self.months * dt)
        self._wellbeing_month(dt)
        self._refresh_contact_rates()

    def adopt(self, actions: list[str] | str, who: np.ndarray) -> None:
        """The residents in ``who`` start the actions they are eligible for."""
        r = self.residents
        for column in resolve(actions):
            eligible = who & health.eligible(r, ACTION_NAMES[column])
            r.action_adhering[eligible, column] = True
            r.action_strength[eligible, column] = 1.0

    def stop_actions(self) -> None:
        self.residents.action_adhering[:] = False

    def new_contacts(self, day: int) -> Contacts:
        """Residents who contact the services today: Poisson in total, by each one's needs."""
        demand = self.scenario.demand
        if demand.source == "poisson":
            count = self.rng.poisson(demand.arrivals_per_day or 0.0)
            chosen = self.rng.integers(0, self.next_slot, size=count)
            return Contacts.of(chosen)
        if not 0 <= day - self._batch_day < SLOW_PROCESS_INTERVAL_DAYS:
            self._draw_contacts(day)
        offset = day - self._batch_day
        return self._batch.part(self._batch_bounds[offset], self._batch_bounds[offset + 1])

    def _draw_contacts(self, first_day: int) -> None:
        """Draw the contacts of the days until the next monthly step in one batch (the rates
        only change monthly): Poisson counts a day, residents by their total need rate,
        then each contact's need type by the resident's own need mix."""
        counts = self.rng.poisson(self._daily_total, SLOW_PROCESS_INTERVAL_DAYS)
        count = int(counts.sum())
        draws = np.sort(self.rng.random(count)) * self._daily_total  # sorted: cache-friendly
        chosen = np.searchsorted(self._cumulative, draws, side="right")
        chosen = self.rng.permutation(np.minimum(chosen, self.residents.capacity - 1))
        row = np.cumsum(need_weights(self.residents, chosen), axis=1)
        need = (self.rng.random(count)[:, None] * row[:, -1:] >= row).sum(axis=1).astype(np.int8)
        urgent = self.rng.random(count) < URGENT_SHARE[need]
        self._batch = Contacts(chosen, urgent, need)
        self._batch_bounds = np.concatenate([[0], np.cumsum(counts)])
        self._batch_day = first_day

    def apply_waiting(self, resident: np.ndarray, wait_days: np.ndarray) -> None:
        """Long waits lower well-being a little (``WAIT_WELLBEING_POINTS_PER_DAY``)."""
        if not len(resident):
            return
        wellbeing = self.residents.wellbeing
        loss = WAIT_WELLBEING_POINTS_PER_DAY * wait_days.astype(np.float32)
        np.subtract.at(wellbeing, resident, loss)
        # Only the waiters' values moved: clip those, not the whole area's array every day.
        wellbeing[resident] = np.clip(wellbeing[resident], 0.0, 100.0)

    def _frailty_month(self, log_hr: np.ndarray | None) -> None:
        """Onsets among the non-frail 65+ at the hazard that keeps frailty's age curve
        stationary, and recoveries among the frail (``health.frailty_hazard``)."""
        r = self.residents
        frail = np.flatnonzero(r.alive & r.frail)
        recovery = np.full(len(frail), health.FRAIL_RECOVERY_PER_YEAR, dtype=np.float32)
        recovered = frail[self._happens(recovery)]
        old = np.flatnonzero(r.alive & ~r.frail & (r.age >= health.FRAIL_FROM_AGE))
        death = health.death_hazard(r, log_hr)

        def onset(who: np.ndarray) -> np.ndarray:
            return health.frailty_hazard(r.age[who], death[who], self._care_exit_if_frail(who))

        r.frail[self._happens_among(old, onset)] = True
        r.frail[recovered] = False

    def _care_exit_if_frail(self, who: np.ndarray) -> np.ndarray:
        """The rate at which ``who`` would move to 24-hour care if frail: home-care clients
        (frail, function below the threshold) move on at the scenario's rate, per year."""
        spec = self.scenario.home_care
        if spec.service is None:
            return np.zeros(len(who), dtype=np.float32)
        function = health.function_at(self.residents.age[who], True, self.residents.dementia[who])
        return np.where(function < spec.function_threshold, spec.to_assisted_living_per_year, 0.0)

    def _happens(self, hazard_per_year: np.ndarray) -> np.ndarray:
        return health.happens(self.rng, hazard_per_year, STEP_YEARS)

    def _happens_among(
        self, who: np.ndarray, hazard: Callable[[np.ndarray], np.ndarray]
    ) -> np.ndarray:
        """Like _happens, for the few at risk only (``who``: their slots); returns their slots."""
        return who[health.happens(self.rng, hazard(who), STEP_YEARS)]

    def _flip(
        self,
        state: np.ndarray,
        at_risk: np.ndarray,
        onset: np.ndarray | float,
        recovery: np.ndarray | float,
    ) -> None:
        """Two-state process: onset among those without, recovery among those with."""
        hazard = np.where(state, recovery, onset)
        state ^= at_risk & self._happens(hazard)

    def _migrate_and_bear(self, dt: float) -> None:
        r, spec = self.residents, self.scenario.population
        mobile = r.alive & is_mobile_age(r.age)
        hazard = out_migration_hazard(spec.out_migration_per_year, r.size, int(mobile.sum()))
        leaving = mobile & (self.rng.random(r.capacity) < hazard * dt)
        r.alive &= ~leaving
        self.events.moved_out += int(leaving.sum())
        living = r.size
        births = self.rng.poisson(spec.births_per_1000_year / 1000 * living * dt)
        movers = self.rng.poisson(spec.in_migration_per_year * living * dt)
        low, high = IN_MIGRANT_AGES
        ages = np.concatenate([self.rng.random(births) * dt, self.rng.uniform(low, high, movers)])
        slots = self._free_slots(len(ages))
        fill(r, slots, ages, spec.female_share, self.rng, areas=area_shares(spec))
        self.events.births += births
        self.events.moved_in += movers

    def _follow_projection(self, elapsed_years: float) -> None:
        """Close each age band's gap to the projection by net migration in that band
        (``ekosim.population.projection``): newcomers where it is short, movers out where
        it is over."""
        follower, r = self.projection, self.residents
        assert follower is not None
        gaps = follower.gaps(r, elapsed_years)
        leaving = follower.leavers(r, gaps, self.rng)
        r.alive[leaving] = False
        self.events.moved_out += len(leaving)
        ages = follower.newcomers(gaps, self.rng)
        slots = self._free_slots(len(ages))
        follower.fill_newcomers(r, slots, ages, self.rng)
        self.events.moved_in += len(ages)

    def _free_slots(self, count: int) -> np.ndarray:
        """The next unused slots; every per-resident array grows (doubling, rarely) only if
        the horizon's allowance runs out."""
        if self.next_slot + count > self.residents.capacity:
            self.residents.grow(2 * (self.next_slot + count))
            self._refresh_contact_rates()
        slots = np.arange(self.next_slot, self.next_slot + count)
        self.next_slot += count
        return slots

    def _wellbeing_month(self, dt: float) -> None:
        r = self.residents
        pull = -np.expm1(-dt / health.WELLBEING_RELAX_YEARS)
        noise = self.rng.standard_normal(r.capacity, dtype=np.float32)
        noise *= np.float32(health.WELLBEING_NOISE_PER_MONTH)
        moved = r.wellbeing + pull * (health.wellbeing_target(r) - r.wellbeing) + noise
        r.wellbeing[:] = np.where(r.alive, moved.clip(0.0, 100.0), r.wellbeing)

    def _refresh_contact_rates(self) -> None:
        r = self.residents
        total = need_total(r)
        weight = float(total.sum(dtype=np.float64))
        per_day = self.scenario.demand.contacts_per_resident_year / DAYS_PER_YEAR
        scale = per_day * r.size / weight if weight > 0 else 0.0
        self._cumulative = np.cumsum(total, dtype=np.float64) * scale
        self._daily_total = float(self._cumulative[-1]) if len(total) else 0.0
        self._batch_day = -SLOW_PROCESS_INTERVAL_DAYS  # contacts are drawn anew when asked
