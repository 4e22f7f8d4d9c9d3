"""An in-silico randomised trial of personal actions on type 2 diabetes (DPS-like by default).

Each arm is a cohort drawn like the residents, then restricted to the trial's entry criteria
(default: the Finnish Diabetes Prevention Study, DPS: ages 40-64, BMI >= 25 with mean 31,
impaired glucose tolerance, no diabetes). The intervention arm starts the actions at month
0; drop-out and fading follow the action catalogue. Diabetes onset uses the population's own
hazard (``ekosim.population.health.diabetes_hazard``), stepped monthly. Deaths are not
modelled here: about 1% of 40-64-year-olds die in four years, too few to change the result.

``relative_risk_reduction`` is 1 - the ratio of incidence rates (cases per person-year at
risk), the measure behind the DPS's 58% (Tuomilehto et al. 2001: 32 vs 78 per 1,000
person-years). Cumulative incidence is the share of each arm diagnosed by the end.

Calibration (the DPS, with dps-lifestyle = exercise-150 + vegetables-weight-loss, both with
10% drop-out a year): ``IGT_HAZARD_RATIO`` (population.health) sets the control arm's
four-year cumulative incidence to 23%; the diabetes HR of vegetables-weight-loss (0.505,
with 0.74 for exercise) sets the intervention arm's to 11% and the relative risk reduction
over 3.2 years to 58%. With n = 20,000 a arm the trial reproduces these within
``DPS_TOLERANCE`` (tests/wellbeing/test_trial.py); with seeds 1-2 it gave 22.9% vs 10.4%
at four years and 58-60% reduction over 3.2 years.

Fading after the actions stop (half-life 1.4 years, see ekosim.population.actions) was set
from the DPS follow-up and checked against it: stopping at four years and following to
seven gives about 47% reduction over the seven years (Lindström et al. 2006: 43%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES, resolve
from ekosim.population.residents import Residents
from ekosim.population.synthesis import fill

MONTH_YEARS = 1 / 12
DPS_TARGETS = {"rrr_3_2_years": 0.58, "control_4_years": 0.23, "intervention_4_years": 0.11}
DPS_TOLERANCE = {"rrr_3_2_years": 0.05, "control_4_years": 0.02, "intervention_4_years": 0.02}


@dataclass(frozen=True)
class Cohort:
    """Entry criteria of a trial cohort."""

    min_age: float = 40.0  # years (DPS)
    max_age: float = 65.0  # years, exclusive (DPS: 40-64)
    bmi_mean: float = 31.0  # kg/m2 (DPS baseline mean 31.3)
    bmi_sd: float = 4.5  # kg/m2 (DPS)
    min_bmi: float = 25.0  # kg/m2 (DPS entry)
    impaired_glucose_tolerance: bool = True  # DPS entry: IGT on an oral glucose tolerance test
    female_share: float = 0.67  # fraction (DPS: 350 of 522 were women)


DPS_COHORT = Cohort()


@dataclass(frozen=True)
class ArmResult:
    n: int
    cases: int
    person_years: float  # at risk
    cumulative_incidence: float  # share diagnosed by the end of the trial
    cumulative_by_year: tuple[float, ...]  # share diagnosed by the end of each whole year

    @property
    def rate_per_1000_person_years(self) -> float:
        return 1000 * self.cases / self.person_years if self.person_years else 0.0


@dataclass(frozen=True)
class TrialResult:
    actions: tuple[str, ...]
    years: float
    control: ArmResult
    intervention: ArmResult

    @property
    def relative_risk_reduction(self) -> float:
        """1 - intervention rate / control rate (cases per person-year at risk)."""
        control = self.control.rate_per_1000_person_years
        return 1.0 - self.intervention.rate_per_1000_person_years / control if control else 0.0


def trial(
    actions: list[str] | tuple[str, ...] | str,
    *,
    n: int,
    years: float,
    seed: int,
    stop_actions_after_years: float | None = None,
    cohort: Cohort | None = None,
) -> TrialResult:
    """Randomise ``n`` participants to each arm and follow type 2 diabetes for ``years``."""
    if n < 1 or not 0 < years <= 50:
        raise ValueError(f"need n >= 1 and 0 < years <= 50 (got n={n}, years={years})")
    columns = resolve(actions)
    rng = np.random.default_rng(seed)
    residents = _enrol(cohort or DPS_COHORT, 2 * n, rng)
    intervention = np.zeros(2 * n, dtype=bool)
    intervention[rng.permutation(2 * n)[:n]] = True
    for column in columns:
        eligible = intervention & health.eligible(residents, ACTION_NAMES[column])
        residents.action_adhering[eligible, column] = True
        residents.action_strength[eligible, column] = 1.0
    months = round(years * 12)
    person_years = np.zeros(2 * n)
    onset_month = np.full(2 * n, -1)
    for month in range(months):
        if stop_actions_after_years is not None and month == round(stop_actions_after_years * 12):
            residents.action_adhering[:] = False
        at_risk = ~residents.diabetes
        hazard = health.diabetes_hazard(residents, health.action_log_hr(residents))
        onset = rng.random(2 * n) < health.chance(hazard, MONTH_YEARS)
        person_years += at_risk * np.where(onset, MONTH_YEARS / 2, MONTH_YEARS)
        residents.diabetes |= onset
        onset_month[onset] = month
        health.advance_actions(residents, MONTH_YEARS, rng.random)
        residents.age += MONTH_YEARS
    arms = [_arm(arm, onset_month, person_years, months) for arm in (~intervention, intervention)]
    names = tuple(ACTION_NAMES[column] for column in columns)
    return TrialResult(names, months / 12, control=arms[0], intervention=arms[1])


def _enrol(cohort: Cohort, count: int, rng: np.random.Generator) -> Residents:
    residents = Residents.empty(count, len(ACTION_NAMES))
    slots = np.arange(count)
    age = rng.uniform(cohort.min_age, cohort.max_age, count)
    fill(residents, slots, age, cohort.female_share, rng)
    bmi = rng.normal(cohort.bmi_mean, cohort.bmi_sd, count)
    while (low := bmi < cohort.min_bmi).any():  # redraw below the entry limit (truncation)
        bmi[low] = rng.normal(cohort.bmi_mean, cohort.bmi_sd, int(low.sum()))
    residents.bmi[:] = bmi
    waist_offset = np.where(residents.female, 0.0, 8.0)  # as in synthesis.fill
    residents.waist_cm[:] = 3.1 * bmi + waist_offset + rng.normal(0.0, 5.0, count)
    residents.high_glucose[:] = cohort.impaired_glucose_tolerance
    residents.diabetes[:] = False
    return residents


def _arm(
    members: np.ndarray, onset_month: np.ndarray, person_years: np.ndarray, months: int
) -> ArmResult:
    onsets = onset_month[members]
    cases = int((onsets >= 0).sum())
    by_year = tuple(
        float(((onsets >= 0) & (onsets < 12 * year)).mean()) for year in range(1, months // 12 + 1)
    )
    return ArmResult(
        n=int(members.sum()),
        cases=cases,
        person_years=float(person_years[members].sum()),
        cumulative_incidence=cases / max(int(members.sum()), 1),
        cumulative_by_year=by_year,
    )
