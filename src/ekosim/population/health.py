"""Health and well-being rules, vectorised: hazards per year, turned into monthly chances.

One function per rule so the per-agent reference (ekosim.reference) can be checked against
the same numbers. Hazards are annual; a step of ``dt`` years turns a hazard h into the chance
1 - exp(-h dt). Sources are given per constant; "assumption" marks our own estimates.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ekosim.population.actions import (
    ACTIONS,
    DROPOUT_PER_YEAR,
    FADE_PER_YEAR,
    LOG_HR,
    OUTCOME_COLUMN,
    WELLBEING_POINTS,
)
from ekosim.population.residents import Residents

Slots = np.ndarray | slice  # an index array of slots, or slice(None) for every slot

# Frailty prevalence in 65+: logit = a + b (age - 65); about 6% at 70, 30% at 88 (Collard et al.
# 2012, pooled 10.7%). The onset hazard keeps this curve stationary (frailty_hazard).
FRAIL_LOGIT = (-3.28, 0.105)  # (logit at 65, per year of age)
FRAIL_FROM_AGE = 65.0

# FINDRISC ten-year risk at the middle of each band (Lindström & Tuomilehto 2003), as points
# -> annual hazard; interpolated on the log scale so risk rises smoothly with the score.
_FINDRISC_KNOT_POINTS = np.array([3.0, 9.0, 13.0, 17.5, 23.0])
_FINDRISC_KNOT_LOG_HAZARD = np.log(-np.log1p(-np.array([0.01, 0.04, 0.17, 0.33, 0.50])) / 10)
# Measured impaired glucose tolerance progresses faster than the FINDRISC score alone says:
# calibrated so a DPS-like cohort's control arm reaches 23% in four years (wellbeing.trial).
IGT_HAZARD_RATIO = 1.85

CVD_LOG_BASE = (-10.9, 0.085)  # log annual event hazard = a + b * age (assumption, FINRISK scale)
CVD_HR = {"diabetes": 2.0, "smoker": 2.0, "bp_medication": 1.5, "cvd": 1.5}  # ERFC 2010; assumption
# Gompertz mortality log q = a + b * age, set so the crude death rate is near Finland's 1%/year
# (2018: 0.99%) with the risk factors below: 1.01-1.08% over seeds 1-3 of tesoma-base
# (Statistics Finland life tables 2018; assumption).
DEATH_LOG_BASE = (-11.5, 0.094)
DEATH_MIN_PER_YEAR = 0.0003  # children and young adults (Statistics Finland 2018, approx.)
DEATH_HR = {
    "smoker": 2.8,  # Jha et al. 2013: about three times the death rate
    "diabetes": 1.8,  # Emerging Risk Factors Collaboration 2011
    "cvd": 2.0,  # assumption
    "frail": 2.0,  # Kojima 2018 meta-analysis, about 1.8-2.3
    "dementia": 2.0,  # Guehne et al. 2005 review: mortality risk ratios about 2-3 (assumption)
    "lonely": 1.26,  # Holt-Lunstad et al. 2015
    "living_alone": 1.32,  # Holt-Lunstad et al. 2015
}
OLDER_SOCIAL_HR = 1.10  # social risks are smaller from 65 on (Holt-Lunstad et al. 2015)
HEAVY_ALCOHOL_HR = ((100.0, 1.15), (350.0, 1.5))  # g/week -> HR; from Wood et al. 2018 (approx.)
SHORT_SLEEP_HOURS, LONG_SLEEP_HOURS = 6.0, 9.0
SLEEP_HR = (1.12, 1.30)  # short, long sleep (Cappuccio et al. 2010)

# Dementia (all causes), from 60 on: incidence log-linear in age through about 4 per 1,000
# person-years at 65-69 and 65 at 85-89 (Wolters et al. 2020, Neurology 95:e519: seven
# population cohorts of Europe and the US, 1988-2015; it roughly doubles every five years),
# held level from 90 (incidence levels off in the very old; Fratiglioni et al. 2000, Neurology
# 54:S10, EURODEM). Nobody recovers; prevalence at the start follows from this incidence and
# the excess mortality (dementia_prevalence). Dementia lowers functional ability (assumption).
DEMENTIA_FROM_AGE = 60.0
DEMENTIA_INCIDENCE = ((67.0, 0.004), (87.0, 0.065))  # (age, cases per person-year)
DEMENTIA_LEVEL_FROM_AGE = 90.0
DEMENTIA_FUNCTION_LOSS = 0.25  # functional ability lost with dementia, 0..1 (assumption)
# Log of the mean death hazard ratio (all risk factors) of residents without dementia, at 70
# and per year of age: 1.8 at 65-74, 2.3 at 75-84, 3.3 at 85-94 in tesoma-base's synthesised
# residents (100,000, seed 1); the prevalence curve uses it so it matches the run's deaths.
DEATH_RISK_LOG_AT_70 = (0.57, 0.037)

# Frail -> not frail (pre-frail or robust), per frail person-year. Kojima et al. 2019 (meta-
# analysis of frailty transitions): 13.7% of frail people improved over a mean 3.9 years.
FRAIL_RECOVERY_PER_YEAR = 0.04
MENTAL_ONSET_PER_YEAR, MENTAL_RECOVERY_PER_YEAR = 0.03, 0.40  # assumption; lonely x2 onset
LONELY_ONSET_PER_YEAR, LONELY_RECOVERY_PER_YEAR = 0.03, 0.20  # assumption; alone x2, social x2
WELLBEING_BASE = 70.0  # WHO-5 percent of a healthy adult; population mean about 65 (Topp 2015)
WELLBEING_LOSS = {"diabetes": 8.0, "cvd": 8.0, "mental_need": 22.0, "frail": 12.0, "lonely": 12.0}
WELLBEING_SOCIAL_GAIN = 4.0  # assumption
WELLBEING_RELAX_YEARS = 0.5  # time constant of return towards the target (assumption)
# Spread of residents' WHO-5 percent around their targets, SD: at the start and, as the monthly
# process's stationary spread, ever after (a start wider than the process's own spread shrank
# within months: poor well-being fell from 18% to 10% in year 1). About a fifth of adults score
# below 52 (European surveys, approx.; assumption).
WELLBEING_SPREAD = 15.0
_MONTH_YEARS = 30 / 365  # the monthly step (population.dynamics.STEP_YEARS)
# SD of the monthly change, percent points: an AR(1) pulled by 1 - exp(-dt/tau) a month keeps
# the spread WELLBEING_SPREAD when its noise is SPREAD * sqrt(1 - exp(-2 dt/tau)) (about 7.9).
WELLBEING_NOISE_PER_MONTH = WELLBEING_SPREAD * float(
    np.sqrt(-np.expm1(-2 * _MONTH_YEARS / WELLBEING_RELAX_YEARS))
)

ELIGIBLE: dict[str | None, Callable[[Residents], np.ndarray]] = {
    None: lambda r: r.alive,
    "smoker": lambda r: r.alive & r.smoker,
    "heavy_drinker": lambda r: r.alive & (r.alcohol_g_week > 100.0),
    "short_sleeper": lambda r: r.alive & (r.sleep_hours < 7.0),
    "lonely": lambda r: r.alive & r.lonely,
}
assert all(action.applies_to in ELIGIBLE for action in ACTIONS.values())


def eligible(r: Residents, action: str) -> np.ndarray:
    """Living residents who can take ``action`` (a new array)."""
    return ELIGIBLE[ACTIONS[action].applies_to](r) & r.alive


def add_where(values: np.ndarray, mask: np.ndarray, amount: float | np.ndarray) -> None:
    """``values[mask] += amount`` (float32) without gathering and scattering the masked
    values: elsewhere 0 is added, which leaves a value as it was (a sum is never -0.0), so
    the result is the same to the bit, some ten times faster over the whole area."""
    values += np.asarray(amount, dtype=np.float32) * mask


def doubled_where(mask: np.ndarray, rate_per_year: float) -> np.ndarray:
    """A rate that doubles where ``mask`` holds (loneliness, living alone, social life)."""
    return np.where(mask, np.float32(2 * rate_per_year), np.float32(rate_per_year))


def chance(hazard_per_year: np.ndarray, dt_years: float) -> np.ndarray:
    return -np.expm1(-hazard_per_year * dt_years)


def happens(
    rng: np.random.Generator,
    hazard_per_year: np.ndarray,
    dt_years: float,
    drawn: int | None = None,
) -> np.ndarray:
    """Whether each event occurs within ``dt_years``: a unit exponential below h dt has the
    chance 1 - exp(-h dt), so no per-resident exponential function is needed. ``drawn``: how
    many numbers to draw (the first ones are used), e.g. one for each planned slot
    (``ResidentState.per_slot``); one for each hazard unless given."""
    count = len(hazard_per_year)
    draws = rng.standard_exponential(max(drawn or count, count), dtype=np.float32)[:count]
    return draws < hazard_per_year * np.float32(dt_years)


def stationary_share(
    onset_per_year: np.ndarray | float, recovery_per_year: np.ndarray | float
) -> np.ndarray:
    """The share in the state of a two-state process (onset among those without, recovery
    among those with) once it has settled: onset / (onset + recovery)."""
    onset = np.asarray(onset_per_year, dtype=np.float64)
    return onset / (onset + np.asarray(recovery_per_year, dtype=np.float64))


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def frail_prevalence(age: np.ndarray) -> np.ndarray:
    """Share frail at ``age`` (0 below 65; FRAIL_LOGIT)."""
    logit = FRAIL_LOGIT[0] + FRAIL_LOGIT[1] * (age - FRAIL_FROM_AGE)
    return np.where(age >= FRAIL_FROM_AGE, logistic(logit), 0.0)


def findrisc_points(r: Residents, slots: Slots = slice(None)) -> np.ndarray:
    """FINDRISC points of the ``slots`` (every slot unless given), scored as
    ekosim.wellbeing.findrisc (DOMAIN.md)."""
    age, bmi, waist = r.age[slots], r.bmi[slots], r.waist_cm[slots]
    female = r.female[slots]
    low_waist = np.where(female, np.float32(80.0), np.float32(94.0))
    high_waist = np.where(female, np.float32(88.0), np.float32(102.0))
    points = 2 * (age >= 45).view(np.int8)  # int8 sums: 0..26 fits
    points += age >= 55
    points += age >= 65
    points += bmi >= 25
    points += 2 * (bmi > 30).view(np.int8)
    points += 3 * (waist >= low_waist).view(np.int8)
    points += waist > high_waist
    points += 2 * (~r.active[slots]).view(np.int8)
    points += ~r.vegetables[slots]
    points += 2 * r.bp_medication[slots].view(np.int8)
    points += 5 * r.high_glucose[slots].view(np.int8)
    points += _FAMILY_POINTS[r.family_history[slots]]
    return points


_FAMILY_POINTS = np.array([0, 3, 5], dtype=np.int8)


def findrisc_hazard(points: np.ndarray | float) -> np.ndarray:
    """Annual type 2 diabetes hazard for a FINDRISC score (log-linear between band middles)."""
    return np.exp(np.interp(points, _FINDRISC_KNOT_POINTS, _FINDRISC_KNOT_LOG_HAZARD))


_HAZARD_BY_POINTS = findrisc_hazard(np.arange(27)).astype(np.float32)


def action_log_hr(r: Residents) -> np.ndarray | None:
    """Sum of carried log hazard ratios (columns: actions.OUTCOMES); None if no one acts."""
    if r.action_strength.shape[1] == 0 or not r.action_strength.any():
        return None
    return r.action_strength @ LOG_HR


# The hazards below take ``slots`` (an index array, or every slot): the engine's monthly step
# asks only for the residents at risk; each slot's value is the same either way (the same
# float32 operations in the same order), so the results do not depend on who else is asked.


def diabetes_hazard(
    r: Residents, log_hr: np.ndarray | None, slots: Slots = slice(None)
) -> np.ndarray:
    hazard = _HAZARD_BY_POINTS[findrisc_points(r, slots)]
    hazard[r.high_glucose[slots]] *= np.float32(IGT_HAZARD_RATIO)
    if log_hr is not None:
        hazard *= np.exp(log_hr[slots, OUTCOME_COLUMN["diabetes"]])
    hazard[~r.alive[slots] | r.diabetes[slots] | (r.age[slots] < 18)] = 0.0
    return hazard


def cvd_hazard(r: Residents, log_hr: np.ndarray | None, slots: Slots = slice(None)) -> np.ndarray:
    age = r.age[slots]
    log_h = np.float32(CVD_LOG_BASE[0]) + np.float32(CVD_LOG_BASE[1]) * age
    for name, hr in CVD_HR.items():
        add_where(log_h, getattr(r, name)[slots], np.log(hr))
    if log_hr is not None:
        log_h += log_hr[slots, OUTCOME_COLUMN["cvd"]]
    hazard = np.exp(log_h)
    hazard[~r.alive[slots] | (age < 18)] = 0.0
    return hazard


def death_hazard(r: Residents, log_hr: np.ndarray | None, slots: Slots = slice(None)) -> np.ndarray:
    age = r.age[slots]
    log_h = np.float32(DEATH_LOG_BASE[0]) + np.float32(DEATH_LOG_BASE[1]) * age
    np.maximum(log_h, np.float32(np.log(DEATH_MIN_PER_YEAR)), out=log_h)
    older = age >= 65
    for name, hr in DEATH_HR.items():
        has = getattr(r, name)[slots]
        if name in ("lonely", "living_alone"):  # smaller in older adults
            social = np.where(older, np.float32(np.log(OLDER_SOCIAL_HR)), np.float32(np.log(hr)))
            add_where(log_h, has, social)
        else:
            add_where(log_h, has, np.log(hr))
    log_h += alcohol_log_hr(r.alcohol_g_week[slots])
    sleep = r.sleep_hours[slots]
    add_where(log_h, sleep < SHORT_SLEEP_HOURS, np.log(SLEEP_HR[0]))
    add_where(log_h, sleep > LONG_SLEEP_HOURS, np.log(SLEEP_HR[1]))
    if log_hr is not None:
        log_h += log_hr[slots, OUTCOME_COLUMN["death"]]
    hazard = np.minimum(np.exp(log_h), np.float32(5.0))
    hazard[~r.alive[slots]] = 0.0
    return hazard


def alcohol_log_hr(grams_per_week: np.ndarray) -> np.ndarray:
    """Log HR of death by weekly alcohol; the highest band reached applies."""
    (low_g, low_hr), (high_g, high_hr) = HEAVY_ALCOHOL_HR
    log_hr = np.zeros(len(grams_per_week), dtype=np.float32)
    log_hr[grams_per_week > low_g] = np.log(low_hr)
    log_hr[grams_per_week > high_g] = np.log(high_hr)
    return log_hr


def frailty_hazard(
    age: np.ndarray, death_per_year: np.ndarray, care_exit_per_year: np.ndarray | float = 0.0
) -> np.ndarray:
    """Annual hazard of becoming frail for non-frail residents at home of ``age``, whose death
    hazard is ``death_per_year`` and who, once frail, would move to 24-hour care at
    ``care_exit_per_year``: the onset that keeps the prevalence p(age) of FRAIL_LOGIT among
    residents at home (Collard et al. surveyed the community-dwelling) stationary. A cohort's p
    obeys dp/da = h (1 - p) - rho p - (HR - 1) mu p (1 - p) - exit p (1 - p); with logistic p,
    dp/da = b p (1 - p), so h = p (b + rho / (1 - p) + (HR - 1) mu + exit). A fixed onset
    curve made frailty, and so home care, pile up with time."""
    p = frail_prevalence(age)
    exits = (DEATH_HR["frail"] - 1.0) * death_per_year + care_exit_per_year
    hazard = p * (FRAIL_LOGIT[1] + FRAIL_RECOVERY_PER_YEAR / (1.0 - p) + exits)
    return np.where(age >= FRAIL_FROM_AGE, hazard, 0.0).astype(np.float32)


def functional_ability(r: Residents, slots: np.ndarray | slice = slice(None)) -> np.ndarray:
    """0 (none) .. 1 (full): late old age, frailty and dementia lower it (assumption)."""
    return function_at(r.age[slots], r.frail[slots], r.dementia[slots])


def function_at(
    age: np.ndarray, frail: np.ndarray | bool, dementia: np.ndarray | bool = False
) -> np.ndarray:
    """Functional ability at ``age`` with or without frailty and dementia (see
    functional_ability)."""
    loss = np.float32(0.004) * np.maximum(age - 60, 0) + np.float32(0.45) * frail
    loss += np.float32(DEMENTIA_FUNCTION_LOSS) * dementia
    return (1 - loss).clip(0.05, 1.0)


def dementia_incidence(age: np.ndarray | float) -> np.ndarray:
    """Cases of dementia per person-year among those without it, at ``age`` (0 below
    DEMENTIA_FROM_AGE; DEMENTIA_INCIDENCE)."""
    (age_1, rate_1), (age_2, rate_2) = DEMENTIA_INCIDENCE
    slope = np.log(rate_2 / rate_1) / (age_2 - age_1)
    at = np.minimum(np.asarray(age, dtype=np.float64), DEMENTIA_LEVEL_FROM_AGE)
    rate = rate_1 * np.exp(slope * (at - age_1))
    return np.where(np.asarray(age) >= DEMENTIA_FROM_AGE, rate, 0.0).astype(np.float32)


def dementia_hazard(r: Residents, slots: Slots = slice(None)) -> np.ndarray:
    """Annual hazard of dementia for the ``slots`` (every slot unless given; 0 for the dead
    and those who have it)."""
    hazard = dementia_incidence(r.age[slots])
    hazard[~r.alive[slots] | r.dementia[slots]] = 0.0
    return hazard


def _dementia_prevalence_curve(step_years: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Share with dementia by age in a cohort: dp/da = h (1 - p) - (HR - 1) mu p (1 - p), h
    the incidence and mu the death hazard of those without it (Gompertz, DEATH_LOG_BASE, times
    their mean risk-factor ratio DEATH_RISK_LOG_AT_70): the prevalence the incidence keeps,
    so the start does not drift."""
    ages = np.arange(DEMENTIA_FROM_AGE, 111.0 + step_years, step_years)
    incidence = dementia_incidence(ages).astype(np.float64)
    risk_at_70, risk_slope = DEATH_RISK_LOG_AT_70
    log_death = DEATH_LOG_BASE[0] + DEATH_LOG_BASE[1] * ages + risk_at_70
    death = np.exp(log_death + risk_slope * (ages - 70.0))
    excess = DEATH_HR["dementia"] - 1.0
    share = np.zeros(len(ages))
    for i in range(1, len(ages)):
        p = share[i - 1]
        change = incidence[i - 1] * (1 - p) - excess * death[i - 1] * p * (1 - p)
        share[i] = min(max(p + change * step_years, 0.0), 1.0)
    return ages, share


_DEMENTIA_AGES, _DEMENTIA_SHARE = _dementia_prevalence_curve()


def dementia_prevalence(age: np.ndarray) -> np.ndarray:
    """Share with dementia at ``age`` consistent with the incidence (0 below 60)."""
    return np.interp(age, _DEMENTIA_AGES, _DEMENTIA_SHARE, left=0.0)


def wellbeing_target(r: Residents, slots: Slots = slice(None)) -> np.ndarray:
    """The WHO-5 percent a resident's state pulls towards (health, social life, actions)."""
    target = np.full(len(r.age[slots]), WELLBEING_BASE, dtype=np.float32)
    for name, loss in WELLBEING_LOSS.items():
        add_where(target, getattr(r, name)[slots], -loss)
    add_where(target, r.social[slots], WELLBEING_SOCIAL_GAIN)
    target -= np.float32(0.3) * np.maximum(r.age[slots] - 80, 0)  # assumption: late old age
    strength = r.action_strength
    if strength.shape[1] and strength.any():
        # Over every slot, then the asked ones: a BLAS kernel may round a row by where it falls.
        target += (strength @ WELLBEING_POINTS)[slots]
    return target


def advance_actions(
    r: Residents, dt: float, draws: Callable[[tuple[int, int]], np.ndarray]
) -> None:
    """Drop-outs stop doing an action; the effect of a stopped action fades (half-life).
    ``draws(shape)``: a number in [0, 1) per slot and action (asked only if anyone acts)."""
    if not r.action_adhering.any() and not r.action_strength.any():
        return
    stops = draws(r.action_adhering.shape) < -np.expm1(-DROPOUT_PER_YEAR * dt)
    r.action_adhering &= ~stops
    fade = np.exp(-FADE_PER_YEAR * dt).astype(np.float32)
    r.action_strength[:] = np.where(r.action_adhering, 1.0, r.action_strength * fade)
