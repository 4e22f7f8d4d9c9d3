"""Population synthesis: the scenario's residents, and the state of each newcomer.

Synthesis draws a plausible joint distribution: diabetes rises with age and BMI, frailty with
age, loneliness with living alone. The states the monthly dynamics keep moving start where
those dynamics settle (a stable start, no first-year swing): frailty on its stationary age
curve, loneliness and mental-health need at their two-state processes' settled shares,
well-being spread around its target by the monthly process's own stationary spread. Births
and in-migrants get their state from the same ``fill``. Numbers carry their source or are
marked as assumptions (FinHealth 2017 = THL's national health survey).
"""

from __future__ import annotations

import numpy as np

from ekosim.population.health import (
    LONELY_ONSET_PER_YEAR,
    LONELY_RECOVERY_PER_YEAR,
    MENTAL_ONSET_PER_YEAR,
    MENTAL_RECOVERY_PER_YEAR,
    WELLBEING_SPREAD,
    dementia_prevalence,
    doubled_where,
    frail_prevalence,
    functional_ability,
    logistic,
    stationary_share,
    wellbeing_target,
)
from ekosim.population.residents import ADULT_AGE, Residents
from ekosim.scenario.schema import PopulationSpec, narrow_bands_within, parse_age_band

MAX_AGE = 100.0
OPEN_BAND_MEAN_YEARS = 8.0  # years above an open band's lower bound (see synthesise)
# An open narrow band ('100+'): exponential, mean 2 years above its lower bound (Finland's
# centenarians are mostly 100-102; assumption); nobody is drawn older than OLDEST_AGE.
OPEN_NARROW_MEAN_YEARS = 2.0
OLDEST_AGE = 110.0
OPEN_END = parse_age_band("0+")[1]  # the upper bound of an open band
# Share living alone by age (lower bound, share); Statistics Finland 2020, rounded (assumption).
LIVING_ALONE_BY_AGE = ((0, 0.0), (18, 0.30), (30, 0.18), (65, 0.30), (75, 0.48))


def synthesise(
    spec: PopulationSpec,
    rng: np.random.Generator,
    *,
    capacity: int | None = None,
    n_actions: int = 0,
) -> Residents:
    """The scenario's residents, ages drawn within its age bands in the bands' shares; within
    a band by ``population.age_distribution``'s narrow bands where it has them."""
    residents = Residents.empty(max(capacity or spec.size, spec.size), n_actions)
    shares = np.array(list(spec.age_structure.values()), dtype=float)
    band = rng.choice(len(shares), size=spec.size, p=shares / shares.sum())
    age = ages_in_bands(spec, band, rng)
    fill(residents, np.arange(spec.size), age, spec.female_share, rng, areas=area_shares(spec))
    return residents


def ages_in_bands(spec: PopulationSpec, band: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ages for residents in the given bands of ``spec.age_structure`` (by index): within a
    band by ``population.age_distribution``'s narrow bands where it has them, else evenly (an
    open band thinning out with age). Synthesis and the projection's newcomers use it."""
    size = len(band)
    bands = [parse_age_band(name) for name in spec.age_structure]
    low = np.array([lo for lo, _ in bands], dtype=float)[band]
    high = np.array([min(hi, MAX_AGE) for _, hi in bands], dtype=float)[band]
    open_ended = np.array([hi > MAX_AGE for _, hi in bands])[band]
    within = low + rng.random(size) * np.maximum(high - low, 1.0)
    # Open-ended bands ('75+') thin out with age: exponential, mean 8 years above the lower
    # bound (Finland's 75+ average about 82; Statistics Finland 2018, approx.).
    tail = np.minimum(low + rng.exponential(OPEN_BAND_MEAN_YEARS, size), MAX_AGE)
    age = np.where(open_ended, tail, within)
    if spec.age_distribution is not None:
        narrow = narrow_bands_within(spec.age_structure, spec.age_distribution.bands)
        age = _narrow_ages(age, band, narrow, rng)
    return age


def fill(
    residents: Residents,
    slots: np.ndarray,
    age: np.ndarray,
    female_share: float,
    rng: np.random.Generator,
    *,
    areas: np.ndarray | None = None,
) -> None:
    """Give new residents (synthesis, births, in-migrants) their age and a drawn state;
    with several ``areas`` (shares), a home area drawn by them (else area 0)."""
    n = len(slots)
    adult = age >= ADULT_AGE
    female = rng.random(n) < female_share
    living_alone = rng.random(n) < _step_by_age(age, LIVING_ALONE_BY_AGE)
    # BMI: adults mean about 27 at 50 (FinHealth 2017), SD 4.5; children about 18 (assumption).
    bmi = np.where(
        adult,
        rng.normal(22.5 + 0.09 * np.minimum(age, 70) - 0.5 * female, 4.5, n),
        rng.normal(17.5, 2.5, n),
    ).clip(13.0, 60.0)
    # Waist grows with BMI; men about 6 cm more at equal BMI (assumption, FinHealth scale).
    waist = (3.1 * bmi + np.where(female, 0.0, 8.0) + rng.normal(0.0, 5.0, n)).clip(40, 200)
    # About half of adults reach 30 min a day, fewer with age and BMI (FinHealth 2017, approx.).
    active = rng.random(n) < logistic(0.9 - 0.02 * (age - 18) - 0.05 * (bmi - 25))
    vegetables = rng.random(n) < np.where(female, 0.50, 0.30)  # FinHealth 2017, approx.
    smoker = adult & (rng.random(n) < np.where(female, 0.11, 0.16))  # FinHealth 2017, daily
    # Weekly alcohol: log-normal, median 30 g in adults; about 20% above 100 g (assumption).
    alcohol = np.where(adult, rng.lognormal(np.log(30.0), 1.3, n), 0.0).clip(0, 1500)
    sleep = np.where(adult, rng.normal(7.3, 1.0, n), rng.normal(9.0, 1.0, n)).clip(3, 13)
    social = rng.random(n) < 0.40  # takes part in group activity (assumption)
    # Loneliness and mental-health need start at their processes' settled shares (dynamics).
    lonely = rng.random(n) < stationary_share(
        doubled_where(living_alone, LONELY_ONSET_PER_YEAR),
        doubled_where(social, LONELY_RECOVERY_PER_YEAR),
    )
    bp_medication = adult & (rng.random(n) < logistic(-6.0 + 0.08 * age + 0.08 * (bmi - 25)))
    high_glucose = adult & (rng.random(n) < logistic(-5.2 + 0.035 * age + 0.1 * (bmi - 25)))
    family_history = rng.choice(3, size=n, p=[0.6, 0.15, 0.25]).astype(np.int8)  # assumption
    # Type 2 diabetes: about 6% of adults, rising with age and BMI (FinHealth 2017, approx.).
    diabetes = adult & (
        rng.random(n) < logistic(-7.6 + 0.065 * age + 0.12 * (bmi - 25) + 1.2 * high_glucose)
    )
    # Cardiovascular disease: about 10% at 70, more with diabetes and smoking (assumption).
    cvd = adult & (rng.random(n) < logistic(-8.6 + 0.09 * age + 0.7 * diabetes + 0.7 * smoker))
    mental_need = (age >= 12) & (
        rng.random(n)
        < stationary_share(doubled_where(lonely, MENTAL_ONSET_PER_YEAR), MENTAL_RECOVERY_PER_YEAR)
    )
    frail = rng.random(n) < frail_prevalence(age)
    # Drawn on a side stream so the draws of every scenario before dementia stay as they were.
    dementia = side_stream(rng).random(n) < dementia_prevalence(age)
    digital = (1.25 - 0.011 * age + rng.normal(0.0, 0.12, n)).clip(0.0, 1.0)  # assumption
    drawn = {
        "age": age,
        "female": female,
        "alive": True,
        "died": False,
        "living_alone": living_alone,
        "bmi": bmi,
        "waist_cm": waist,
        "active": active,
        "vegetables": vegetables,
        "smoker": smoker,
        "alcohol_g_week": alcohol,
        "sleep_hours": sleep,
        "social": social,
        "lonely": lonely,
        "bp_medication": bp_medication,
        "high_glucose": high_glucose,
        "family_history": family_history,
        "diabetes": diabetes,
        "cvd": cvd,
        "mental_need": mental_need,
        "frail": frail,
        "dementia": dementia,
        "digital_literacy": digital,
        "action_strength": 0.0,
        "action_adhering": False,
    }
    for name, values in drawn.items():
        residents.state[name][slots] = values
    residents.function[slots] = functional_ability(residents, slots)
    residents.area[slots] = rng.choice(len(areas), size=n, p=areas) if areas is not None else 0
    residents.wellbeing[slots] = (
        wellbeing_target(residents, slots) + rng.normal(0.0, WELLBEING_SPREAD, n).astype(np.float32)
    ).clip(0.0, 100.0)


def _narrow_ages(
    age: np.ndarray,
    band: np.ndarray,
    narrow: list[list[tuple[int, int, float]]],
    rng: np.random.Generator,
) -> np.ndarray:
    """Ages redrawn within each broad band that has narrow bands: a narrow band by its
    figures, then an even spread within it (an open one: exponential, OPEN_NARROW_MEAN_YEARS)."""
    age = age.copy()
    for index, narrows in enumerate(narrow):
        who = np.flatnonzero(band == index)
        if not narrows or not len(who):
            continue
        low, high, figure = (np.array(column, dtype=float) for column in zip(*narrows, strict=True))
        pick = rng.choice(len(narrows), size=len(who), p=figure / figure.sum())
        width = np.where(high[pick] == OPEN_END, 0.0, high[pick] - low[pick])
        spread = np.where(
            width > 0,
            rng.random(len(who)) * width,
            rng.exponential(OPEN_NARROW_MEAN_YEARS, len(who)),
        )
        age[who] = np.minimum(low[pick] + spread, OLDEST_AGE)
    return age


def side_stream(rng: np.random.Generator) -> np.random.Generator:
    """A generator for draws added to synthesis later: ``rng``'s bit generator jumped far
    ahead (PCG64: by about 2^127 steps), leaving ``rng``'s own sequence and spawn count as they
    were, so scenarios keep their other draws; same ``rng`` state, same draws."""
    jumped = getattr(rng.bit_generator, "jumped", None)  # PCG64, Philox, MT19937 have it
    return np.random.Generator(jumped()) if jumped is not None else rng.spawn(1)[0]


def area_shares(spec: PopulationSpec) -> np.ndarray | None:
    """The scenario's area shares in its order; None for a single area (nothing to draw)."""
    if len(spec.areas) < 2:
        return None
    shares = np.array(list(spec.areas.values()), dtype=float)
    return shares / shares.sum()


def _step_by_age(age: np.ndarray, table: tuple[tuple[int, float], ...]) -> np.ndarray:
    lowers = np.array([lower for lower, _ in table])
    values = np.array([value for _, value in table])
    return values[np.searchsorted(lowers, age, side="right") - 1]
