"""The alliance's key result areas measured on the residents, vectorised over all of them.

Tesoma's key result areas (City of Tampere; DOMAIN.md): children's, young people's and
families' well-being; adults' well-being and work capacity; older people's well-being and
functioning; less use of expensive specialist services; client and stakeholder satisfaction.
This module keeps the resident state behind the first three (the other two are measured on
the care paths: ``ekosim.carepath.experience``, specialist-care visits in the model):

- children (0-17): a well-being index 0..100 (scaled like WHO-5 percent) that relaxes monthly
  towards a target set by the child's own state (mental-health need, loneliness), by whether
  a family that needs family work gets it, and by the coverage of school health, the youth
  space and the library, each coverage the scenario's capacity over the age group's need;
- working-age adults (18-64): a Work Ability Score 0..10 (the single-item WAS of the Work
  Ability Index) that relaxes towards a target set by age and illness and falls while waiting
  for care; sickness absence days drawn daily at a rate that grows as work ability falls,
  plus part of the days spent waiting for care;
- older people (65+): functional ability (``Residents.function``); rehabilitation places let
  some frail residents living at home recover from frailty; the share of 75+ living at home
  and their entries to 24-hour care (``HomeCare.assisted_living``).

Numbers name their source or are assumptions. The per-resident arrays are in the residents'
state (``ekosim.population.state``; a resident's values are drawn when first seen alive),
and recovery from frailty writes ``Residents.frail``.
"""

from __future__ import annotations

import numpy as np

from ekosim.clock import DAYS_PER_YEAR
from ekosim.population import health
from ekosim.population.residents import Residents
from ekosim.population.state import StateArray
from ekosim.scenario.schema import Scenario

RELAX_YEARS = 0.5  # time constant towards the target, as WHO-5 (health.py; assumption)

# Children's well-being index, 0..100 (assumption throughout: shaped like WHO-5 percent).
CHILD_BASE = 75.0  # index of a child with no problems and no services
CHILD_LOSS = {"mental_need": 20.0, "lonely": 10.0}  # index points (assumption)
CHILD_NOISE_PER_MONTH = 4.0  # SD of monthly change, index points (assumption, as WHO-5)
FAMILY_NEED_SHARE = 0.05  # children 0-12 whose family needs family work; the order of child
# welfare open-care support, about 5% of 0-17 (THL child welfare statistics, approx.)
FAMILY_NEED_LOSS = 15.0  # index points while the family goes without support (assumption)
FAMILY_HOURS_PER_FAMILY_WEEK = 3.0  # hours of family work a family needs a week (assumption)
PUPILS_PER_SCHOOL_NURSE = 600  # at most, per full-time nurse (STM 2004 quality recommendation)
SCHOOL_HEALTH_GAIN = 5.0  # index points at full coverage, ages 7-15 (assumption)
YOUTH_SPACE_GAIN = 4.0  # index points at full coverage, ages 10-17 (assumption)
LIBRARY_GAIN = 2.0  # index points at full coverage, ages 0-17 (assumption)
YOUTH_VISITS_PER_HOUR = 10.0  # visitors the youth space takes an opening hour (assumption)
LIBRARY_VISITS_PER_HOUR = 15.0  # child visitors the library takes an hour (assumption)
WEEKLY_VISITOR_SHARE = 0.3  # children who would visit the youth space/library weekly (assump.)

# Work ability, Work Ability Score 0..10; most working-age Finns rate 8-9 (Gould et al. 2008,
# Health 2000 survey, approx.); the losses are assumptions.
WORK_ABILITY_BASE = 8.8  # up to age 40
WORK_ABILITY_AGE_SLOPE = 0.04  # points a year after 40 (assumption)
WORK_ABILITY_LOSS = {"mental_need": 2.5, "cvd": 1.2, "frail": 1.5, "diabetes": 0.6, "lonely": 0.6}
WORK_ABILITY_NOISE_PER_MONTH = 0.3  # SD of monthly change, points (assumption)
WAIT_WORK_ABILITY_PER_DAY = 0.02  # points lost per day waited for care (assumption)
# Sickness absence, days a year = base * exp(slope * (reference - WAS)): poorer work ability
# predicts sickness absence (Kinnunen & Nätti 2018, Scand J Public Health); set so the mean is
# near 8 days per working-age resident (Finnish employees about 7-10 days; approx.).
ABSENCE_BASE_DAYS, ABSENCE_SLOPE, ABSENCE_REFERENCE = 6.0, 0.45, 8.5
WAIT_ABSENCE_SHARE = 0.3  # absence days per day a working-age resident waits (assumption)

# Older people: frailty is partly reversible, more so with rehabilitation (Kojima et al. 2019;
# Apóstolo et al. 2018, multicomponent exercise); the rate is an assumption.
REHAB_FRAILTY_RECOVERY_PER_YEAR = 0.3


def in_ages(r: Residents, low: float, high: float) -> np.ndarray:
    return r.alive & (r.age >= low) & (r.age < high)


def coverage(capacity: float, need: float) -> float:
    """The share of a need the capacity meets, 0..1 (1 when nothing is needed)."""
    return min(1.0, capacity / need) if need > 0 else 1.0


class KeyResults:
    """Resident state behind the key result areas, and the tallies of one KPI window."""

    child_index = StateArray()
    work_ability = StateArray()
    family_need = StateArray()
    family_supported = StateArray()
    entered_24h_care = StateArray()

    def __init__(self, scenario: Scenario, residents: Residents, rng: np.random.Generator):
        self.children = scenario.children
        self.older = scenario.older_people
        self.rng = rng
        self.state = residents.state
        self.absence_days = 0.0  # sickness absence days in the window
        self.specialist_visits = 0  # specialist-care referrals and readmissions in the window
        self.entries_24h = 0  # entries to 24-hour care in the window
        self._absence_per_day = 0.0
        self.month(residents, np.zeros(residents.capacity, dtype=bool), dt=0.0)

    def month(
        self,
        r: Residents,
        assisted_living: np.ndarray,
        dt: float,
        home_care_client: np.ndarray | None = None,
    ) -> None:
        """One monthly step: new slots, rehabilitation, children, work ability, absence rate.
        ``assisted_living`` marks residents in 24-hour care; ``home_care_client`` (changed
        in place) regular home-care clients."""
        self._first_seen(r)
        if dt > 0:
            self._rehabilitate(r, assisted_living, dt, home_care_client)
        self._support_families(r)
        pull = np.float32(-np.expm1(-dt / RELAX_YEARS))
        # Each value moves only while it can still be read (ages only grow; no one reads a
        # slot's values after it is left): the children's index below 18, work ability below
        # 65 (children grow into it). Each slot's noise is its own, so the others' values are
        # the same whoever else moves.
        alive, age = r.alive, r.age  # picked over every slot: the living's slots, in order
        children, under_65 = np.flatnonzero(alive & (age < 18)), np.flatnonzero(alive & (age < 65))
        child_target = self.child_target(r, children)
        self._relax(self.child_index, children, child_target, pull, CHILD_NOISE_PER_MONTH, 100.0)
        work = self.work_ability_target(r, under_65)
        self._relax(self.work_ability, under_65, work, pull, WORK_ABILITY_NOISE_PER_MONTH, 10)
        working = np.flatnonzero(alive & (age >= 18) & (age < 65))
        rate = ABSENCE_BASE_DAYS * np.exp(
            ABSENCE_SLOPE * (ABSENCE_REFERENCE - self.work_ability[working].astype(np.float64))
        )
        self._absence_per_day = float(rate.sum()) / DAYS_PER_YEAR

    def day(self) -> None:
        """Today's sickness absence days at the current rates."""
        self.absence_days += float(self.rng.poisson(self._absence_per_day))

    def waited(self, r: Residents, resident: np.ndarray, wait_days: np.ndarray) -> None:
        """Days spent waiting for care: working-age residents lose work ability and are
        absent for part of the days."""
        age = r.age[resident]
        working = (age >= 18) & (age < 65)
        if not working.any():
            return
        who, days = resident[working], wait_days[working].astype(np.float32)
        np.subtract.at(self.work_ability, who, np.float32(WAIT_WORK_ABILITY_PER_DAY) * days)
        # Only the waiters' values moved: clip those, not every slot's every day.
        self.work_ability[who] = np.clip(self.work_ability[who], 0.0, 10.0)
        self.absence_days += WAIT_ABSENCE_SHARE * float(days.sum())

    def child_target(self, r: Residents, slots: np.ndarray) -> np.ndarray:
        """The children's index the state of the living ``slots`` pulls towards (the
        services' coverage counts every living child)."""
        spec = self.children
        ages = r.age[r.alive]
        counted = [int(((ages >= low) & (ages < high)).sum()) for low, high in _CHILD_BANDS]
        pupils, youth, children = counted
        school = coverage(spec.school_nurses * PUPILS_PER_SCHOOL_NURSE, pupils)
        youth_space = coverage(
            spec.youth_space_hours_per_week * YOUTH_VISITS_PER_HOUR, WEEKLY_VISITOR_SHARE * youth
        )
        library = coverage(
            spec.library_hours_per_week * LIBRARY_VISITS_PER_HOUR,
            WEEKLY_VISITOR_SHARE * children,
        )
        age = r.age[slots]
        target = np.full(len(age), CHILD_BASE, dtype=np.float32)
        for name, loss in CHILD_LOSS.items():
            health.add_where(target, getattr(r, name)[slots], -loss)
        unsupported = self.family_need[slots] & ~self.family_supported[slots]
        health.add_where(target, unsupported & (age < 13), -FAMILY_NEED_LOSS)
        gains = (
            SCHOOL_HEALTH_GAIN * school,
            YOUTH_SPACE_GAIN * youth_space,
            LIBRARY_GAIN * library,
        )
        alive = r.alive[slots]
        for (low, high), gain in zip(_CHILD_BANDS, gains, strict=True):
            health.add_where(target, alive & (age >= low) & (age < high), gain)
        return target

    def work_ability_target(self, r: Residents, slots: np.ndarray) -> np.ndarray:
        """The Work Ability Score the state of the ``slots`` pulls towards."""
        age_loss = WORK_ABILITY_AGE_SLOPE * np.maximum(r.age[slots] - 40, 0)
        target = np.float32(WORK_ABILITY_BASE) - age_loss.astype(np.float32)
        for name, loss in WORK_ABILITY_LOSS.items():
            health.add_where(target, getattr(r, name)[slots], -loss)
        return target

    def observe(self, r: Residents, assisted_living: np.ndarray, days: int) -> dict[str, float]:
        """The key-result KPIs of a window of ``days`` days; the window's tallies restart."""
        self._first_seen(r)
        per_year = DAYS_PER_YEAR / max(days, 1)
        entered = assisted_living & ~self.entered_24h_care
        self.entered_24h_care |= entered
        old, working = in_ages(r, 75, 200), in_ages(r, 18, 65)
        values = {
            "child_wellbeing_index": _mean(self.child_index, in_ages(r, 0, 18)),
            "work_ability_mean": _mean(self.work_ability, working),
            "sickness_absence_days_per_working_age_year": self.absence_days
            / max(int(working.sum()), 1)
            * per_year,
            "functional_ability_mean_65_plus": _mean(r.function, in_ages(r, 65, 200)),
            "living_at_home_share_75_plus": 1.0 - _mean(assisted_living, old),
            "entries_24h_care_per_1000_75_plus_year": 1000
            * int(entered.sum())
            / max(int(old.sum()), 1)
            * per_year,
            "specialist_care_visits_per_1000_year": 1000
            * self.specialist_visits
            / max(r.size, 1)
            * per_year,
        }
        self.absence_days, self.specialist_visits = 0.0, 0
        return values

    def _support_families(self, r: Residents) -> None:
        """Families in need get family work this month with the chance the hours cover."""
        needing = self.family_need & in_ages(r, 0, 13)
        hours_needed = FAMILY_HOURS_PER_FAMILY_WEEK * needing.sum()
        share = coverage(self.children.family_work_hours_per_week, hours_needed)
        self.family_supported = needing & (r.state.per_slot(self.rng.random) < share)

    def _rehabilitate(
        self,
        r: Residents,
        assisted_living: np.ndarray,
        dt: float,
        home_care_client: np.ndarray | None,
    ) -> None:
        """Frail 65+ living at home recover with rehabilitation, as far as places reach; a
        home-care client who recovers no longer needs regular home care (the aim of everyday
        rehabilitation), so fewer move on to 24-hour care."""
        frail = np.flatnonzero(in_ages(r, 65, 200) & r.frail & ~assisted_living)
        share = coverage(self.older.rehabilitation_places, len(frail))
        if not len(frail) or not self.older.rehabilitation_places:
            return
        chance = share * -np.expm1(-REHAB_FRAILTY_RECOVERY_PER_YEAR * dt)
        recovered = frail[self.rng.random(len(frail)) < chance]
        r.frail[recovered] = False
        r.function[recovered] = health.functional_ability(r, recovered)
        if home_care_client is not None:
            home_care_client[recovered] = False

    def _relax(
        self,
        state: np.ndarray,
        slots: np.ndarray,
        target: np.ndarray,
        pull: np.float32,
        noise: float,
        top: float,
    ) -> None:
        """The ``slots``' values a step towards their ``target``, with noise; a number is
        drawn for every planned slot, so the generator moves on the same whoever lives."""
        if pull == 0:
            return
        normal = self.state.per_slot(lambda n: self.rng.standard_normal(n, dtype=np.float32))
        step = normal[slots] * np.float32(noise)
        values = state[slots]
        values += pull * (target - values) + step
        state[slots] = np.clip(values, 0.0, top)

    def _first_seen(self, r: Residents) -> None:
        """Give residents seen alive for the first time (values still NaN) their state."""
        new = np.flatnonzero(r.alive & np.isnan(self.child_index))
        if not len(new):
            return
        self.family_need[new] = self.rng.random(len(new)) < FAMILY_NEED_SHARE
        noise = self.rng.standard_normal((2, len(new)), dtype=np.float32)
        self.child_index[new] = (
            self.child_target(r, new) + np.float32(CHILD_NOISE_PER_MONTH * 3) * noise[0]
        ).clip(0, 100)
        self.work_ability[new] = (
            self.work_ability_target(r, new) + np.float32(0.8) * noise[1]
        ).clip(0, 10)


_CHILD_BANDS = ((7, 16), (10, 18), (0, 18))  # ages: school health care, youth space, library


def _mean(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else 0.0
