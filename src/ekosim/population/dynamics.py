"""Population dynamics and the care needs they generate, vectorised over all residents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from ekosim import kernels
from ekosim.clock import DAYS_PER_YEAR
from ekosim.contacts import Contacts
from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES, resolve
from ekosim.population.needs import NEEDS, URGENT_SHARE, contact_rates
from ekosim.population.projection import ProjectionFollower
from ekosim.population.residents import ADULT_AGE
from ekosim.population.synthesis import area_shares, fill, synthesise
from ekosim.scenario.schema import Scenario
from ekosim.streams import RandomStreams

SLOW_PROCESS_INTERVAL_DAYS = 30  # health and well-being move monthly, not daily
STEP_YEARS = SLOW_PROCESS_INTERVAL_DAYS / DAYS_PER_YEAR
IN_MIGRANT_AGES = (18.0, 45.0)  # years; movers, in and out, are mostly young adults (assumption)
WAIT_WELLBEING_POINTS_PER_DAY = 0.1  # WHO-5 points lost per day waited (assumption)
# The per-resident arrays hold the slots in use plus a chunk and grow by a chunk when newcomers
# need more: a fiftieth of the start population (Pirkanmaa: about 10,000 slots, some six
# months of births and in-migrants), so the monthly passes touch little more than the used slots.
GROWTH_CHUNK_SHARE, GROWTH_CHUNK_MIN = 0.02, 256


def growth_chunk(size: int) -> int:
    """The slots the per-resident arrays grow by at a time, for a start population of ``size``."""
    return max(GROWTH_CHUNK_MIN, int(size * GROWTH_CHUNK_SHARE))


def is_mobile_age(age: np.ndarray) -> np.ndarray:
    low, high = IN_MIGRANT_AGES
    return (age >= low) & (age < high)


def out_migration_hazard(rate_per_year: float, living: int, mobile: int) -> float:
    """Yearly hazard of moving out for a resident of mobile age: out-migration, like
    in-migration, falls on the mobile ages, ``rate_per_year`` of all residents a year.
    (Spread over every age, it would empty the old and the young while movers in were
    young adults, skewing the age structure within a few years.)"""
    return rate_per_year * living / mobile if mobile else 0.0


def arrival_sort(engine: str) -> Callable[[np.ndarray], np.ndarray]:
    """``np.argsort``, for the month's contacts' keys (their day plus a number each); the
    compiled engine radix-sorts them (``kernels.order``, about twice as fast on a county's
    month) and leaves it to NumPy only where two keys tie, as its quicksort orders ties."""
    if engine != "compiled":
        return np.argsort
    stable = kernels.load("order.argsort_stable")

    def sort(keys: np.ndarray) -> np.ndarray:
        order, has_ties = stable(keys)
        return np.argsort(keys) if has_ties else order

    return sort


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
    Daily: new contacts drawn from the need rates. The arrays hold the slots in use plus a
    chunk (``growth_chunk``) and grow a chunk at a time; the run plans for the horizon's
    births and in-migrants (``ResidentState.planned_slots``).

    Random streams (``ekosim.streams``): each event, the well-being noise, the drop-outs and
    out-migration read each resident's own number, keyed by (process, month, slot); the
    contacts by (need type, month, slot); births, movers in, the projection's migration and the
    synthesis of newcomers draw from their own generators.
    """

    def __init__(self, scenario: Scenario, streams: RandomStreams | np.random.Generator) -> None:
        self.scenario = scenario
        self.streams = RandomStreams.coerce(streams)
        spec = scenario.population
        growth = (spec.births_per_1000_year / 1000 + spec.in_migration_per_year) * 1.3
        planned = int(spec.size * (1 + growth * scenario.horizon_years)) + 64
        self.growth_chunk = growth_chunk(spec.size)
        self.residents = synthesise(
            spec,
            self.streams.generator("population.synthesis"),
            capacity=min(spec.size + self.growth_chunk, planned),
            n_actions=len(ACTION_NAMES),
        )
        self.residents.state.plan(planned)
        self.next_slot = spec.size
        self.events = Events()
        self.months = 0
        self.projection: ProjectionFollower | None = None
        if spec.projection is not None:
            self.projection = ProjectionFollower(spec, self.residents)
            self.residents.state.plan(int(planned * self.projection.max_growth()) + 64)
        self._sort = arrival_sort(self.streams.engine)
        self._refresh_contact_rates()

    def step(self, day: int) -> None:
        """The monthly step on its days; none under a 'poisson' demand (queueing checks, DESIGN:
        the single-queue scenario has no health dynamics)."""
        if self.scenario.demand.source == "poisson":
            return
        if day > 0 and day % SLOW_PROCESS_INTERVAL_DAYS == 0:
            self.month()

    def month(self) -> None:
        """One monthly step of every slow process (order in the class docstring). Each
        process runs over the residents at risk only (their slots): the others' hazard is 0,
        so they could not have had the event, and each resident's number is keyed by its
        slot, so asking fewer residents changes nobody's outcome."""
        r, dt = self.residents, STEP_YEARS
        health.add_where(r.age, r.alive, dt)  # the living age (0 added to the others)
        living = np.flatnonzero(r.alive)
        # Who is at risk is picked by masks over every slot: the same slots, in order, as
        # picking among the living's slots, some five times faster over a county.
        health.advance_actions(r, dt, self._dropouts)
        log_hr = health.action_log_hr(r)
        adult = r.alive & (r.age >= ADULT_AGE)
        onset = self._happens_among(
            "diabetes",
            np.flatnonzero(adult & ~r.diabetes),
            lambda who: health.diabetes_hazard(r, log_hr, who),
        )
        r.diabetes[onset] = True
        self.events.diabetes_onsets += len(onset)
        adults = np.flatnonzero(adult)
        event = self._happens_among("cvd", adults, lambda who: health.cvd_hazard(r, log_hr, who))
        r.cvd[event] = True
        self.events.cvd_events += len(event)
        self._frailty_month(log_hr)
        old = np.flatnonzero(r.alive & (r.age >= health.DEMENTIA_FROM_AGE) & ~r.dementia)
        onset = self._happens_among("dementia", old, lambda who: health.dementia_hazard(r, who))
        r.dementia[onset] = True
        self.events.dementia_onsets += len(onset)
        over_12 = np.flatnonzero(r.alive & (r.age >= 12))
        self._flip(
            "mental_need",
            r.mental_need,
            over_12,
            health.doubled_where(r.lonely[over_12], health.MENTAL_ONSET_PER_YEAR),
            health.MENTAL_RECOVERY_PER_YEAR,
        )
        self._flip(
            "lonely",
            r.lonely,
            living,
            health.doubled_where(r.living_alone[living], health.LONELY_ONSET_PER_YEAR),
            health.doubled_where(r.social[living], health.LONELY_RECOVERY_PER_YEAR),
        )
        r.function[living] = health.functional_ability(r, living)
        dying = self._happens_among(
            "death", living, lambda who: health.death_hazard(r, log_hr, who)
        )
        r.alive[dying] = False
        r.died[dying] = True
        self.events.deaths += len(dying)
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
        """Residents who contact the services today (drawn a month at a time: ``_draw_contacts``;
        under a 'poisson' demand, a Poisson count of residents drawn evenly)."""
        demand = self.scenario.demand
        if demand.source == "poisson":
            arrivals = self.streams.generator("contacts")
            count = arrivals.poisson(demand.arrivals_per_day or 0.0)
            return Contacts.of(arrivals.integers(0, self.next_slot, size=count))
        if not 0 <= day - self._batch_day < SLOW_PROCESS_INTERVAL_DAYS:
            self._draw_contacts(day)
        offset = day - self._batch_day
        return self._batch.part(self._batch_bounds[offset], self._batch_bounds[offset + 1])

    def _draw_contacts(self, first_day: int) -> None:
        """The contacts of the days until the next monthly step, in one batch (the rates only
        change monthly). Each resident's count of each need type is Poisson at its own rate
        over the batch, each contact's day within it and its urgency are drawn by need type,
        and the day's contacts come in an order drawn per contact: all from the resident's own
        numbers for (need type, the batch's first day), so no one else's needs move them."""
        streams, parts, days = self.streams, [], []
        length = SLOW_PROCESS_INTERVAL_DAYS
        for need, (who, rate) in enumerate(self._rates):
            name = NEEDS[need]
            counts = streams.poisson(f"contacts.{name}", first_day, who, rate * length)
            calling = np.repeat(who, counts)
            when = streams.uniform(f"contacts.day.{name}", first_day, calling) * length
            days.append(when.astype(np.int64))
            urgent = streams.uniform(f"urgent.{name}", first_day, calling) < URGENT_SHARE[need]
            parts.append(Contacts(calling, urgent, np.full(len(calling), need, np.int8)))
        batch, day = Contacts.join(parts), np.concatenate(days)
        order = self._sort(day + streams.uniform("contacts.order", first_day, batch.resident))
        self._batch = batch.take(order)
        self._batch_bounds = np.searchsorted(day[order], np.arange(length + 1))
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
        recovered = self._happens_among("frailty.recovery", frail, lambda _: recovery)
        old = np.flatnonzero(r.alive & ~r.frail & (r.age >= health.FRAIL_FROM_AGE))

        def onset(who: np.ndarray) -> np.ndarray:
            death = health.death_hazard(r, log_hr, who)
            return health.frailty_hazard(r.age[who], death, self._care_exit_if_frail(who))

        r.frail[self._happens_among("frailty.onset", old, onset)] = True
        r.frail[recovered] = False

    def _care_exit_if_frail(self, who: np.ndarray) -> np.ndarray:
        """The rate at which ``who`` would move to 24-hour care if frail: home-care clients
        (frail, function below the threshold) move on at the scenario's rate, per year."""
        spec = self.scenario.home_care
        if spec.service is None:
            return np.zeros(len(who), dtype=np.float32)
        function = health.function_at(self.residents.age[who], True, self.residents.dementia[who])
        return np.where(function < spec.function_threshold, spec.to_assisted_living_per_year, 0.0)

    def _happens_among(
        self, event: str, who: np.ndarray, hazard: Callable[[np.ndarray], np.ndarray]
    ) -> np.ndarray:
        """The slots among ``who`` (those at risk) to whom the event happens this month: each
        slot's own number for the event below its chance at ``hazard(who)``."""
        return who[
            self.streams.happens(f"health.{event}", self.months, who, hazard(who), STEP_YEARS)
        ]

    def _dropouts(self, shape: tuple[int, int]) -> np.ndarray:
        """Each slot's number for each action's drop-out this month (shape: slots, actions)."""
        every = np.arange(shape[0])
        return np.stack(
            [
                self.streams.uniform(f"actions.dropout.{name}", self.months, every)
                for name in ACTION_NAMES
            ],
            axis=1,
        )

    def _flip(
        self,
        event: str,
        state: np.ndarray,
        at_risk: np.ndarray,
        onset: np.ndarray | float,
        recovery: np.ndarray | float,
    ) -> None:
        """Two-state process among the slots ``at_risk``: onset among those without, recovery
        among those with (``onset`` and ``recovery``: their rates, per slot at risk)."""
        hazard = np.where(state[at_risk], recovery, onset)
        state[self._happens_among(event, at_risk, lambda _: hazard)] ^= True

    def _migrate_and_bear(self, dt: float) -> None:
        r, spec = self.residents, self.scenario.population
        present = int(np.count_nonzero(r.alive))
        mobile = np.flatnonzero(r.alive & is_mobile_age(r.age))
        hazard = out_migration_hazard(spec.out_migration_per_year, present, len(mobile))
        leaving = self._happens_among("moving_out", mobile, lambda who: np.full(len(who), hazard))
        r.alive[leaving] = False
        self.events.moved_out += len(leaving)
        living = r.size
        born, moving_in = self.streams.generator("births"), self.streams.generator("moving_in")
        births = born.poisson(spec.births_per_1000_year / 1000 * living * dt)
        movers = moving_in.poisson(spec.in_migration_per_year * living * dt)
        low, high = IN_MIGRANT_AGES
        ages = np.concatenate([born.random(births) * dt, moving_in.uniform(low, high, movers)])
        slots = self._free_slots(len(ages))
        newcomers = self.streams.generator("newcomers")
        fill(r, slots, ages, spec.female_share, newcomers, areas=area_shares(spec))
        self.events.births += births
        self.events.moved_in += movers

    def _follow_projection(self, elapsed_years: float) -> None:
        """Close each age band's gap to the projection by net migration in that band
        (``ekosim.population.projection``): newcomers where it is short, movers out where
        it is over."""
        follower, r = self.projection, self.residents
        assert follower is not None
        gaps = follower.gaps(r, elapsed_years)
        migration = self.streams.generator("projection.migration")
        leaving = follower.leavers(r, gaps, migration)
        r.alive[leaving] = False
        self.events.moved_out += len(leaving)
        ages = follower.newcomers(gaps, migration)
        slots = self._free_slots(len(ages))
        follower.fill_newcomers(r, slots, ages, self.streams.generator("newcomers"))
        self.events.moved_in += len(ages)

    def _free_slots(self, count: int) -> np.ndarray:
        """The next unused slots; every per-resident array grows by a chunk when they run
        out (never past the planned slots, which double, rarely, if the horizon's allowance
        runs out)."""
        state, needed = self.residents.state, self.next_slot + count
        if needed > state.planned_slots:
            state.plan(2 * needed)
        if needed > state.capacity:
            self.residents.grow(min(needed + self.growth_chunk, state.planned_slots))
        slots = np.arange(self.next_slot, needed)
        self.next_slot = needed
        return slots

    def _wellbeing_month(self, dt: float) -> None:
        r = self.residents
        living = np.flatnonzero(r.alive)
        pull = -np.expm1(-dt / health.WELLBEING_RELAX_YEARS)
        noise = self.streams.normal("wellbeing", self.months, living)
        noise = (noise * health.WELLBEING_NOISE_PER_MONTH).astype(np.float32)
        wellbeing = r.wellbeing[living]
        moved = wellbeing + pull * (health.wellbeing_target(r, living) - wellbeing) + noise
        r.wellbeing[living] = moved.clip(0.0, 100.0)

    def _refresh_contact_rates(self) -> None:
        """Each need type's residents with a rate above zero and their contacts a day (the
        area's contacts per resident a year, shared by the relative need weights)."""
        living = np.flatnonzero(self.residents.alive)  # the others' weights are 0
        per_day = self.scenario.demand.contacts_per_resident_year / DAYS_PER_YEAR
        self._rates = contact_rates(self.residents, living, per_day, self.streams.engine)
        self._batch_day = -SLOW_PROCESS_INTERVAL_DAYS  # contacts are drawn anew when asked
