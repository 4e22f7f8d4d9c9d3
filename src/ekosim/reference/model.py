"""The resident rules of ekosim.population written the usual Mesa way: one agent per person.

Each ``ResidentAgent`` holds its own state as Python attributes and applies the monthly rules
to itself with scalar arithmetic (the FINDRISC form itself, ``math``); the model runs them
with ``AgentSet.shuffle_do`` and records totals in a ``DataCollector``. It shares only the
published constants (``ekosim.population.health``, ``needs``, ``actions``) and the initial
synthesis with the engine, so agreement between the two checks the vectorised rules.
One model step is one month (30 days), the engine's slow-process step.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from ekosim.clock import DAYS_PER_YEAR
from ekosim.population import health, state
from ekosim.population import needs as need_table
from ekosim.population.actions import ACTION_NAMES, ACTIONS, OUTCOME_COLUMN, hazard_ratios
from ekosim.population.dynamics import (
    IN_MIGRANT_AGES,
    STEP_YEARS,
    is_mobile_age,
    out_migration_hazard,
)
from ekosim.population.residents import Residents
from ekosim.population.synthesis import area_shares, fill, synthesise
from ekosim.scenario import Scenario, load_scenario
from ekosim.wellbeing import findrisc

FAMILY = ("none", "second_degree", "first_degree")
# The resident's attributes: Residents' one-column fields, but for the engine's slot bookkeeping
# (alive, died) and digital literacy, which no resident rule reads.
STATE = tuple(
    field.name
    for field in state.fields(state.RESIDENTS)
    if not field.per_action and field.name not in ("alive", "died", "digital_literacy")
)
_ACUTE_AGES = [lower for lower, _ in need_table.ACUTE_BY_AGE]
_ACUTE_WEIGHTS = [weight for _, weight in need_table.ACUTE_BY_AGE]


def _happens(rng: np.random.Generator, hazard_per_year: float) -> bool:
    return bool(rng.random() < -math.expm1(-hazard_per_year * STEP_YEARS))


class ResidentAgent(mesa.Agent):
    """One resident: health state as attributes, the monthly rules as methods."""

    model: ReferenceModel
    age: float
    female: bool
    living_alone: bool
    area: int
    bmi: float
    waist_cm: float
    active: bool
    vegetables: bool
    smoker: bool
    alcohol_g_week: float
    sleep_hours: float
    social: bool
    lonely: bool
    bp_medication: bool
    high_glucose: bool
    family_history: int
    diabetes: bool
    cvd: bool
    mental_need: bool
    frail: bool
    dementia: bool
    function: float
    wellbeing: float

    def __init__(self, model: ReferenceModel, state: dict[str, Any]) -> None:
        super().__init__(model)
        for name, value in state.items():
            setattr(self, name, value)
        self.strength = dict.fromkeys(ACTION_NAMES, 0.0)
        self.adhering = dict.fromkeys(ACTION_NAMES, False)
        self.contacts = [0] * len(need_table.NEEDS)

    # -- the month, in the engine's order ------------------------------------------------
    def live_month(self) -> None:
        rng = self.model.rng
        self.age += STEP_YEARS
        self.advance_actions()
        log_hr = self.action_log_hr()
        if self.age >= 18 and not self.diabetes and _happens(rng, self.diabetes_hazard(log_hr)):
            self.diabetes = True
            self.model.diabetes_onsets += 1
        if self.age >= 18 and _happens(rng, self.cvd_hazard(log_hr)):
            self.cvd = True
            self.model.cvd_events += 1
        if self.frail:
            self.frail = not _happens(rng, health.FRAIL_RECOVERY_PER_YEAR)
        elif self.age >= 65:
            age, death = np.array([self.age]), np.array([self.death_hazard(log_hr)])
            hazard = float(health.frailty_hazard(age, death, self.care_exit_if_frail())[0])
            self.frail = _happens(rng, hazard)
        if not self.dementia:
            self.dementia = _happens(rng, float(health.dementia_incidence(self.age)))
        if self.age >= 12:
            if self.mental_need:
                self.mental_need = not _happens(rng, health.MENTAL_RECOVERY_PER_YEAR)
            else:
                onset = health.MENTAL_ONSET_PER_YEAR * (1 + self.lonely)
                self.mental_need = _happens(rng, onset)
        if self.lonely:
            self.lonely = not _happens(rng, health.LONELY_RECOVERY_PER_YEAR * (1 + self.social))
        else:
            self.lonely = _happens(rng, health.LONELY_ONSET_PER_YEAR * (1 + self.living_alone))
        self.function = float(
            health.function_at(np.array([self.age]), self.frail, self.dementia)[0]
        )
        if _happens(rng, self.death_hazard(log_hr)):
            self.model.deaths += 1
            self.remove()

    def advance_actions(self) -> None:
        for name, action in ACTIONS.items():
            if self.adhering[name] and self.model.rng.random() < -math.expm1(
                -action.dropout_per_year * STEP_YEARS
            ):
                self.adhering[name] = False
            fade = math.exp(-math.log(2) / action.fade_half_life_years * STEP_YEARS)
            self.strength[name] = 1.0 if self.adhering[name] else self.strength[name] * fade

    def action_log_hr(self) -> tuple[float, float, float]:
        totals = [0.0, 0.0, 0.0]
        for name, strength in self.strength.items():
            if strength:
                for i, hr in enumerate(hazard_ratios(ACTIONS[name])):
                    totals[i] += strength * math.log(hr)
        return totals[0], totals[1], totals[2]

    def diabetes_hazard(self, log_hr: tuple[float, float, float]) -> float:
        points = findrisc(
            age=self.age,
            sex="female" if self.female else "male",
            bmi=self.bmi,
            waist_cm=self.waist_cm,
            active_30min_daily=self.active,
            vegetables_daily=self.vegetables,
            bp_medication=self.bp_medication,
            high_glucose_history=self.high_glucose,
            family_history=FAMILY[self.family_history],
        ).points
        hazard = float(health.findrisc_hazard(points))
        if self.high_glucose:
            hazard *= health.IGT_HAZARD_RATIO
        return hazard * math.exp(log_hr[OUTCOME_COLUMN["diabetes"]])

    def cvd_hazard(self, log_hr: tuple[float, float, float]) -> float:
        intercept, slope = health.CVD_LOG_BASE
        hazard = math.exp(intercept + slope * self.age + log_hr[OUTCOME_COLUMN["cvd"]])
        for name, hr in health.CVD_HR.items():
            if getattr(self, name):
                hazard *= hr
        return hazard

    def care_exit_if_frail(self) -> float:
        """Rate of moving to 24-hour care if frail (as the engine's Population)."""
        spec = self.model.scenario.home_care
        function = float(health.function_at(np.array([self.age]), True, self.dementia)[0])
        qualifies = spec.service is not None and function < spec.function_threshold
        return spec.to_assisted_living_per_year if qualifies else 0.0

    def death_hazard(self, log_hr: tuple[float, float, float]) -> float:
        intercept, slope = health.DEATH_LOG_BASE
        hazard = max(math.exp(intercept + slope * self.age), health.DEATH_MIN_PER_YEAR)
        for name, hr in health.DEATH_HR.items():
            if getattr(self, name):
                social = name in ("lonely", "living_alone")
                hazard *= health.OLDER_SOCIAL_HR if social and self.age >= 65 else hr
        (low_g, low_hr), (high_g, high_hr) = health.HEAVY_ALCOHOL_HR
        if self.alcohol_g_week > high_g:
            hazard *= high_hr
        elif self.alcohol_g_week > low_g:
            hazard *= low_hr
        if self.sleep_hours < health.SHORT_SLEEP_HOURS:
            hazard *= health.SLEEP_HR[0]
        elif self.sleep_hours > health.LONG_SLEEP_HOURS:
            hazard *= health.SLEEP_HR[1]
        return min(hazard * math.exp(log_hr[OUTCOME_COLUMN["death"]]), 5.0)

    def move_away(self) -> None:
        low, high = IN_MIGRANT_AGES
        if low <= self.age < high and (
            self.model.rng.random() < self.model.moving_hazard * STEP_YEARS
        ):
            self.model.moved_out += 1
            self.remove()

    def feel(self) -> None:
        target = health.WELLBEING_BASE
        for name, loss in health.WELLBEING_LOSS.items():
            if getattr(self, name):
                target -= loss
        target += health.WELLBEING_SOCIAL_GAIN * self.social - 0.3 * max(self.age - 80.0, 0.0)
        target += sum(self.strength[n] * a.wellbeing_points for n, a in ACTIONS.items())
        pull = -math.expm1(-STEP_YEARS / health.WELLBEING_RELAX_YEARS)
        noise = self.model.rng.normal(0.0, health.WELLBEING_NOISE_PER_MONTH)
        self.wellbeing = min(
            max(self.wellbeing + pull * (target - self.wellbeing) + noise, 0.0), 100
        )

    # -- care needs -------------------------------------------------------------------------
    def need_weights(self) -> list[float]:
        acute = _ACUTE_WEIGHTS[sum(self.age >= lower for lower in _ACUTE_AGES) - 1]
        chronic = sum(w for name, w in need_table.CHRONIC_WEIGHTS.items() if getattr(self, name))
        social = need_table.LONELY_WEIGHT * self.lonely
        social += need_table.ALONE_75_WEIGHT * (self.living_alone and self.age >= 75)
        return [
            acute,
            chronic,
            need_table.MENTAL_WEIGHT * self.mental_need,
            need_table.DENTAL_WEIGHT,
            social,
            need_table.FRAIL_WEIGHT * self.frail,
        ]

    def seek_care(self, contacts_per_weight_month: float) -> None:
        weights = self.need_weights()
        count = self.model.rng.poisson(sum(weights) * contacts_per_weight_month)
        for _ in range(count):
            draw, need = self.model.rng.random() * sum(weights), 0
            while draw >= weights[need]:
                draw -= weights[need]
                need += 1
            self.contacts[need] += 1
            self.model.contacts[need] += 1


class ReferenceModel(mesa.Model):
    """The resident rules, one agent per resident, one step per month."""

    def __init__(self, scenario: Scenario | str | dict[str, Any], *, rng: Any = None) -> None:
        super().__init__(rng=rng)
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.diabetes_onsets = self.cvd_events = self.deaths = self.moved_out = 0
        self.births = self.moved_in = 0
        self.moving_hazard = 0.0  # yearly, for residents of mobile age; set each month
        self.contacts = [0] * len(need_table.NEEDS)
        synthesised = synthesise(self.scenario.population, self.rng)
        self._add_residents(synthesised)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "living": lambda m: len(m.agents),
                "diabetes_onsets": "diabetes_onsets",
                "deaths": "deaths",
                "mean_wellbeing": lambda m: float(np.mean(m.agents.get("wellbeing"))),
                "diabetes_prevalence": lambda m: float(np.mean(m.agents.get("diabetes"))),
            }
        )
        self.datacollector.collect(self)

    # Mesa's Model.scenario setter writes ``scenario.model``; ekosim's Scenario is frozen.
    @property
    def scenario(self) -> Scenario:
        return self._ekosim_scenario

    @scenario.setter
    def scenario(self, value: Any) -> None:
        if isinstance(value, Scenario):
            self._ekosim_scenario = value

    def step(self) -> None:
        """One month, in the engine's order: live (age, actions, onsets, death), move away,
        births and in-migration, well-being, care needs."""
        self.agents.shuffle_do("live_month")
        ages = np.asarray(self.agents.get("age"), dtype=float)
        self.moving_hazard = out_migration_hazard(
            self.scenario.population.out_migration_per_year,
            len(ages),
            int(is_mobile_age(ages).sum()),
        )
        self.agents.shuffle_do("move_away")
        self._arrivals()
        self.agents.do("feel")
        living = len(self.agents)
        total_weight = sum(self.agents.map(lambda agent: sum(agent.need_weights())))
        per_day = self.scenario.demand.contacts_per_resident_year / DAYS_PER_YEAR
        per_weight_month = per_day * living / total_weight * 30 if total_weight else 0.0
        self.agents.shuffle_do("seek_care", per_weight_month)
        self.datacollector.collect(self)

    def _arrivals(self) -> None:
        spec, living = self.scenario.population, len(self.agents)
        births = self.rng.poisson(spec.births_per_1000_year / 1000 * living * STEP_YEARS)
        movers = self.rng.poisson(spec.in_migration_per_year * living * STEP_YEARS)
        ages = np.concatenate(
            [self.rng.random(births) * STEP_YEARS, self.rng.uniform(*IN_MIGRANT_AGES, movers)]
        )
        newcomers = Residents.empty(len(ages), len(ACTION_NAMES))
        fill(
            newcomers,
            np.arange(len(ages)),
            ages,
            spec.female_share,
            self.rng,
            areas=area_shares(spec),
        )
        self._add_residents(newcomers)
        self.births += births
        self.moved_in += movers

    def _add_residents(self, residents: Residents) -> None:
        columns = {name: getattr(residents, name).tolist() for name in STATE}
        for i in np.flatnonzero(residents.alive):
            ResidentAgent(self, {name: values[i] for name, values in columns.items()})
