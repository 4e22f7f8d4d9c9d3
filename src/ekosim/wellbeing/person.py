"""One resident's self-assessment answers: plausibility limits, AUDIT-C, and the person as
a block of ``Residents`` rows the population model can step.

The limits are what a self-assessment for adults can sensibly take; answers outside them are
reported by name (``problems``) so an app can explain them in the resident's language.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES
from ekosim.population.residents import Residents
from ekosim.wellbeing.instruments import AUDITC_POSITIVE, FAMILY_HISTORY_POINTS, auditc, who5

# (lowest, highest) plausible answer; a self-assessment for adults (assumption).
LIMITS: dict[str, tuple[float, float]] = {
    "age": (18.0, 100.0),  # years
    "height_cm": (120.0, 230.0),
    "weight_kg": (30.0, 300.0),
    "bmi": (13.0, 70.0),  # kg/m2, from height and weight
    "waist_cm": (40.0, 200.0),
    "sleep_hours": (2.0, 16.0),  # hours a night
}
AUDIT_C_POSITIVE = AUDITC_POSITIVE  # international cut-offs (DOMAIN.md)
# AUDIT-C answers 0..4 -> drinking occasions a week and drinks an occasion (middle of each
# printed range); a Finnish standard drink holds 12 g of alcohol (THL).
_OCCASIONS_PER_WEEK = (0.0, 0.25, 0.75, 2.5, 5.0)  # never .. 4+ times a week
_DRINKS_PER_OCCASION = (1.5, 3.5, 5.5, 8.0, 11.0)  # 1-2 .. 10+
GRAMS_PER_DRINK = 12.0


@dataclass(frozen=True)
class AuditC:
    score: int  # 0..12
    positive: bool  # at or above the cut-off for the sex
    grams_per_week: float  # estimated from the first two items


def audit_c(answers: Any, sex: str) -> AuditC:
    """Score AUDIT-C (``instruments.auditc``) and estimate the grams of alcohol a week."""
    scored = auditc(answers, sex)
    items = [int(answer) for answer in answers]
    grams = _OCCASIONS_PER_WEEK[items[0]] * _DRINKS_PER_OCCASION[items[1]] * GRAMS_PER_DRINK
    if items[0] == 0:
        grams = 0.0
    return AuditC(scored.score, scored.positive, grams)


@dataclass(frozen=True)
class Person:
    """The answers of one self-assessment (plain values, so they export as JSON)."""

    age: float = 45.0
    sex: Literal["female", "male"] = "female"
    height_cm: float = 170.0
    weight_kg: float = 75.0
    waist_cm: float = 88.0
    who5: tuple[int, ...] = (3, 3, 3, 3, 3)  # five answers 0..5
    active_30min_daily: bool = False
    vegetables_daily: bool = True
    bp_medication: bool = False
    high_glucose_history: bool = False
    family_history: str = "none"
    audit_c: tuple[int, ...] = (1, 1, 0)  # three answers 0..4
    smoker: bool = False
    sleep_hours: float = 7.5
    social: bool = True  # takes part in a group, club or NGO activity
    lonely: bool = False
    living_alone: bool = False

    @property
    def bmi(self) -> float:
        """kg/m2; NaN while height or weight is missing or not positive."""
        if not all(_is_number(v) and v > 0 for v in (self.height_cm, self.weight_kg)):
            return math.nan
        return self.weight_kg / (self.height_cm / 100) ** 2

    def problems(self) -> list[str]:
        """Names of answers outside ``LIMITS`` (empty: the answers can be used)."""
        values = {**asdict(self), "bmi": self.bmi}
        wrong = [
            name
            for name, (low, high) in LIMITS.items()
            if not (_is_number(values[name]) and low <= values[name] <= high)
        ]
        if math.isnan(self.bmi):  # no BMI without a height and weight: those are named
            wrong.remove("bmi")
        return wrong

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "who5": list(self.who5), "audit_c": list(self.audit_c)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        """A person from exported answers; unknown keys or wrong types raise ``ValueError``."""
        known = {field.name: field for field in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown answers: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        default = cls()
        for name, value in data.items():
            expected = getattr(default, name)
            if isinstance(expected, tuple):
                value = tuple(value) if isinstance(value, list) else value
                if not isinstance(value, tuple) or not all(isinstance(v, int) for v in value):
                    raise ValueError(f"{name} must be a list of whole numbers")
            elif isinstance(expected, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be true or false")
            elif isinstance(expected, float):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{name} must be a number")
                value = float(value)
            elif not isinstance(value, str):
                raise ValueError(f"{name} must be text")
            values[name] = value
        person = cls(**values)
        person.validate_choices()
        return person

    def validate_choices(self) -> None:
        """The categorical answers are among the forms' options (raises ``ValueError``)."""
        if self.sex not in AUDIT_C_POSITIVE:
            raise ValueError(f"sex must be 'female' or 'male' (got {self.sex!r})")
        if self.family_history not in FAMILY_HISTORY_POINTS:
            raise ValueError(f"unknown family history {self.family_history!r}")
        who5(list(self.who5))
        audit_c(self.audit_c, self.sex)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# Years of life gained by quitting smoking, by age at quitting: (youngest age, years); Jha et
# al. 2013, NEJM 368:341-350 (DOMAIN.md: 25-34 / 35-44 / 45-54 / 55-64 -> 10 / 9 / 6 / 4).
QUIT_SMOKING_LIFE_YEARS = ((25.0, 10.0), (35.0, 9.0), (45.0, 6.0), (55.0, 4.0))
QUIT_SMOKING_OLDEST = 65.0  # no figure from here on


def quit_smoking_life_years(age: float) -> float | None:
    """Years of life a smoker gains by quitting at ``age`` and staying smoke-free (Jha et al.
    2013); the 25-34 figure below 25; None from 65, where the study gives none."""
    if age >= QUIT_SMOKING_OLDEST:
        return None
    youngest_first = QUIT_SMOKING_LIFE_YEARS[0][1]
    return next(
        (y for start, y in reversed(QUIT_SMOKING_LIFE_YEARS) if age >= start), youngest_first
    )


OVERWEIGHT_BMI = 25.0  # weight loss is offered from here (WHO's overweight)


def fitting_actions(person: Person) -> dict[str, str]:
    """The catalogue's actions that fit this person, in catalogue order, each with why: the
    model's own eligibility (smokers, over 100 g of alcohol a week, short sleepers, the lonely)
    and, for the actions it offers everyone, what they are for: exercise for those active less
    than 30 minutes a day, vegetables and weight loss from a body mass index of 25."""
    probe = as_residents(person, 1)
    why = {
        "exercise-150": "inactive" if not person.active_30min_daily else "",
        "vegetables-weight-loss": "overweight" if person.bmi >= OVERWEIGHT_BMI else "",
        "quit-smoking": "smoker",
        "alcohol-under-100g": "over_100g",
        "sleep-7-8h": "short_sleep",
        "social-participation": "lonely",
    }
    return {
        name: why[name]
        for name in ACTION_NAMES
        if why.get(name) and health.eligible(probe, name)[0]
    }


def as_residents(person: Person, copies: int) -> Residents:
    """``copies`` identical residents with the person's state (one per stochastic run)."""
    problems = person.problems()
    if problems:
        raise ValueError(f"answers out of range: {', '.join(problems)}")
    r = Residents.empty(copies, len(ACTION_NAMES))
    wellbeing = who5(list(person.who5))
    r.age[:] = person.age
    r.female[:] = person.sex == "female"
    r.alive[:] = True
    r.living_alone[:] = person.living_alone
    r.bmi[:] = person.bmi
    r.waist_cm[:] = person.waist_cm
    r.active[:] = person.active_30min_daily
    r.vegetables[:] = person.vegetables_daily
    r.smoker[:] = person.smoker
    r.alcohol_g_week[:] = audit_c(person.audit_c, person.sex).grams_per_week
    r.sleep_hours[:] = person.sleep_hours
    r.social[:] = person.social
    r.lonely[:] = person.lonely
    r.bp_medication[:] = person.bp_medication
    r.high_glucose[:] = person.high_glucose_history
    r.family_history[:] = list(FAMILY_HISTORY_POINTS).index(person.family_history)
    # Likely depression on WHO-5 stands for the model's mental-health need (assumption).
    r.mental_need[:] = wellbeing.band == "likely_depression"
    r.wellbeing[:] = wellbeing.percent
    r.function[:] = health.functional_ability(r)
    r.digital_literacy[:] = 1.0  # they are using the app
    return r
