"""Residents as NumPy arrays: one entry per person, declared here with dtype and unit.

Arrays are allocated once with room for the births and in-migrants of the whole horizon;
unused slots are not ``alive``. Synthesis draws a plausible joint distribution: diabetes
rises with age and BMI, frailty with age, loneliness with living alone. Numbers carry their
source or are marked as assumptions (FinHealth 2017 = THL's national health survey).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ekosim.scenario.schema import PopulationSpec, parse_age_band

ADULT_AGE = 18
MAX_AGE = 100.0
OPEN_BAND_MEAN_YEARS = 8.0  # years above an open band's lower bound (see synthesise)
# Share living alone by age (lower bound, share); Statistics Finland 2020, rounded (assumption).
_LIVING_ALONE_BY_AGE = ((0, 0.0), (18, 0.30), (30, 0.18), (65, 0.30), (75, 0.48))
# Frailty prevalence in 65+: logit = a + b (age - 65); about 6% at 70, 30% at 88 (Collard et al.
# 2012, pooled 10.7%). The onset hazard keeps this curve stationary (health.frailty_hazard).
FRAIL_LOGIT = (-3.28, 0.105)  # (logit at 65, per year of age)
FRAIL_FROM_AGE = 65.0


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class Residents:
    """Per-resident state; every array has one entry per slot (living or not)."""

    age: np.ndarray  # float32, years
    female: np.ndarray  # bool
    alive: np.ndarray  # bool, alive and living in the area
    died: np.ndarray  # bool, died in the area (left residents are neither alive nor died)
    living_alone: np.ndarray  # bool
    area: np.ndarray  # int8, index of the home area in the scenario's population.areas
    bmi: np.ndarray  # float32, kg/m2
    waist_cm: np.ndarray  # float32, cm
    active: np.ndarray  # bool, >= 30 min physical activity daily
    vegetables: np.ndarray  # bool, vegetables, fruit or berries every day
    smoker: np.ndarray  # bool, daily smoker
    alcohol_g_week: np.ndarray  # float32, grams of alcohol a week
    sleep_hours: np.ndarray  # float32, hours a night
    social: np.ndarray  # bool, takes part in a group, club or NGO activity
    lonely: np.ndarray  # bool, often lonely
    bp_medication: np.ndarray  # bool, ever on blood-pressure medication
    high_glucose: np.ndarray  # bool, impaired glucose tolerance / ever high blood glucose
    family_history: np.ndarray  # int8, 0 none, 1 second degree, 2 first degree
    diabetes: np.ndarray  # bool, type 2 diabetes
    cvd: np.ndarray  # bool, has had a cardiovascular event
    mental_need: np.ndarray  # bool, needs mental-health care
    frail: np.ndarray  # bool, frail (Fried phenotype)
    function: np.ndarray  # float32, functional ability 0 (none) .. 1 (full)
    digital_literacy: np.ndarray  # float32, 0 .. 1
    wellbeing: np.ndarray  # float32, WHO-5 percent 0..100
    action_strength: np.ndarray  # float32 (slots, actions), effect still carried 0..1
    action_adhering: np.ndarray  # bool (slots, actions), doing the action now

    @property
    def size(self) -> int:
        """Living residents in the area."""
        return int(self.alive.sum())

    @property
    def capacity(self) -> int:
        return len(self.alive)

    @classmethod
    def empty(cls, capacity: int, n_actions: int) -> Residents:
        arrays: dict[str, np.ndarray] = {}
        for field in fields(cls):
            if field.name.startswith("action_"):
                continue
            dtype = _DTYPES.get(field.name, np.float32)
            arrays[field.name] = np.zeros(capacity, dtype=dtype)
        return cls(
            **arrays,
            action_strength=np.zeros((capacity, n_actions), dtype=np.float32),
            action_adhering=np.zeros((capacity, n_actions), dtype=bool),
        )

    def grown(self, capacity: int) -> Residents:
        """A copy with room for ``capacity`` slots; new slots are empty."""
        bigger = Residents.empty(capacity, self.action_strength.shape[1])
        for field in fields(self):
            getattr(bigger, field.name)[: self.capacity] = getattr(self, field.name)
        return bigger

    @classmethod
    def synthesise(
        cls,
        spec: PopulationSpec,
        rng: np.random.Generator,
        *,
        capacity: int | None = None,
        n_actions: int = 0,
    ) -> Residents:
        """The scenario's residents, ages drawn within its age bands in the bands' shares."""
        residents = cls.empty(max(capacity or spec.size, spec.size), n_actions)
        bands = [parse_age_band(band) for band in spec.age_structure]
        shares = np.array(list(spec.age_structure.values()), dtype=float)
        band = rng.choice(len(bands), size=spec.size, p=shares / shares.sum())
        low = np.array([lo for lo, _ in bands], dtype=float)[band]
        high = np.array([min(hi, MAX_AGE) for _, hi in bands], dtype=float)[band]
        open_ended = np.array([hi > MAX_AGE for _, hi in bands])[band]
        within = low + rng.random(spec.size) * np.maximum(high - low, 1.0)
        # Open-ended bands ('75+') thin out with age: exponential, mean 8 years above the lower
        # bound (Finland's 75+ average about 82; Statistics Finland 2018, approx.).
        tail = np.minimum(low + rng.exponential(OPEN_BAND_MEAN_YEARS, spec.size), MAX_AGE)
        age = np.where(open_ended, tail, within)
        residents.fill(np.arange(spec.size), age, spec.female_share, rng, areas=area_shares(spec))
        return residents

    def fill(
        self,
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
        living_alone = rng.random(n) < _step_by_age(age, _LIVING_ALONE_BY_AGE)
        # BMI: adults mean about 27 at 50 (FinHealth 2017), SD 4.5; children about 18 (assumption).
        bmi = np.where(
            adult,
            rng.normal(22.5 + 0.09 * np.minimum(age, 70) - 0.5 * female, 4.5, n),
            rng.normal(17.5, 2.5, n),
        ).clip(13.0, 60.0)
        # Waist grows with BMI; men about 6 cm more at equal BMI (assumption, FinHealth scale).
        waist = (3.1 * bmi + np.where(female, 0.0, 8.0) + rng.normal(0.0, 5.0, n)).clip(40, 200)
        # About half of adults reach 30 min a day, fewer with age and BMI (FinHealth 2017, approx.).
        active = rng.random(n) < _logistic(0.9 - 0.02 * (age - 18) - 0.05 * (bmi - 25))
        vegetables = rng.random(n) < np.where(female, 0.50, 0.30)  # FinHealth 2017, approx.
        smoker = adult & (rng.random(n) < np.where(female, 0.11, 0.16))  # FinHealth 2017, daily
        # Weekly alcohol: log-normal, median 30 g in adults; about 20% above 100 g (assumption).
        alcohol = np.where(adult, rng.lognormal(np.log(30.0), 1.3, n), 0.0).clip(0, 1500)
        sleep = np.where(adult, rng.normal(7.3, 1.0, n), rng.normal(9.0, 1.0, n)).clip(3, 13)
        social = rng.random(n) < 0.40  # takes part in group activity (assumption)
        lonely = rng.random(n) < np.where(living_alone, 0.20, 0.07) * np.where(social, 0.6, 1.2)
        bp_medication = adult & (rng.random(n) < _logistic(-6.0 + 0.08 * age + 0.08 * (bmi - 25)))
        high_glucose = adult & (rng.random(n) < _logistic(-5.2 + 0.035 * age + 0.1 * (bmi - 25)))
        family_history = rng.choice(3, size=n, p=[0.6, 0.15, 0.25]).astype(np.int8)  # assumption
        # Type 2 diabetes: about 6% of adults, rising with age and BMI (FinHealth 2017, approx.).
        diabetes = adult & (
            rng.random(n) < _logistic(-7.6 + 0.065 * age + 0.12 * (bmi - 25) + 1.2 * high_glucose)
        )
        # Cardiovascular disease: about 10% at 70, more with diabetes and smoking (assumption).
        cvd = adult & (rng.random(n) < _logistic(-8.6 + 0.09 * age + 0.7 * diabetes + 0.7 * smoker))
        mental_need = (age >= 12) & (rng.random(n) < np.where(lonely, 0.20, 0.07))  # assumption
        frail = rng.random(n) < frail_prevalence(age)
        digital = (1.25 - 0.011 * age + rng.normal(0.0, 0.12, n)).clip(0.0, 1.0)  # assumption
        self.age[slots] = age
        self.female[slots] = female
        self.alive[slots] = True
        self.died[slots] = False
        self.living_alone[slots] = living_alone
        self.bmi[slots] = bmi
        self.waist_cm[slots] = waist
        self.active[slots] = active
        self.vegetables[slots] = vegetables
        self.smoker[slots] = smoker
        self.alcohol_g_week[slots] = alcohol
        self.sleep_hours[slots] = sleep
        self.social[slots] = social
        self.lonely[slots] = lonely
        self.bp_medication[slots] = bp_medication
        self.high_glucose[slots] = high_glucose
        self.family_history[slots] = family_history
        self.diabetes[slots] = diabetes
        self.cvd[slots] = cvd
        self.mental_need[slots] = mental_need
        self.frail[slots] = frail
        self.digital_literacy[slots] = digital
        self.action_strength[slots] = 0.0
        self.action_adhering[slots] = False
        from ekosim.population.health import functional_ability, wellbeing_target  # (cycle)

        self.function[slots] = functional_ability(self, slots)
        self.area[slots] = rng.choice(len(areas), size=n, p=areas) if areas is not None else 0
        self.wellbeing[slots] = (
            wellbeing_target(self, slots) + rng.normal(0.0, 15.0, n).astype(np.float32)
        ).clip(0.0, 100.0)


def area_shares(spec: PopulationSpec) -> np.ndarray | None:
    """The scenario's area shares in its order; None for a single area (nothing to draw)."""
    if len(spec.areas) < 2:
        return None
    shares = np.array(list(spec.areas.values()), dtype=float)
    return shares / shares.sum()


_DTYPES: dict[str, type] = {
    "female": np.bool_,
    "alive": np.bool_,
    "died": np.bool_,
    "living_alone": np.bool_,
    "active": np.bool_,
    "vegetables": np.bool_,
    "smoker": np.bool_,
    "social": np.bool_,
    "lonely": np.bool_,
    "bp_medication": np.bool_,
    "high_glucose": np.bool_,
    "family_history": np.int8,
    "area": np.int8,
    "diabetes": np.bool_,
    "cvd": np.bool_,
    "mental_need": np.bool_,
    "frail": np.bool_,
}


def frail_prevalence(age: np.ndarray) -> np.ndarray:
    """Share frail at ``age`` (0 below 65; FRAIL_LOGIT)."""
    logit = FRAIL_LOGIT[0] + FRAIL_LOGIT[1] * (age - FRAIL_FROM_AGE)
    return np.where(age >= FRAIL_FROM_AGE, _logistic(logit), 0.0)


def _step_by_age(age: np.ndarray, table: tuple[tuple[int, float], ...]) -> np.ndarray:
    lowers = np.array([lower for lower, _ in table])
    values = np.array([value for _, value in table])
    return values[np.searchsorted(lowers, age, side="right") - 1]
