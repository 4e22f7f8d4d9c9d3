"""The catalogue of personal well-being actions, as data with published effect sizes.

Each action acts through hazard ratios (HR) on type 2 diabetes onset, cardiovascular events
and death, and through a shift in WHO-5 well-being, scaled by the effect the resident still
carries (``Residents.action_strength``, 1 while doing it). Actions never change the risk
factors themselves (BMI, activity ...), so an effect is not counted twice.

After an action stops, the log hazard ratio fades exponentially with ``fade_half_life_years``.
The default half-life, 1.4 years, comes from the DPS follow-up: during the intervention the
hazard ratio was 0.42 (58% reduction, Tuomilehto et al. 2001); in the three years after it
ended, 0.64 (36% reduction, Lindström et al. 2006), i.e. about half of the log effect over
those three years, which an exponential fade with half-life 1.4 years gives; by 13 years the
post-trial difference was no longer significant (Lindström et al. 2013).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DPS_FADE_HALF_LIFE_YEARS = 1.4  # years; DPS follow-up, see module docstring
OUTCOMES = ("diabetes", "cvd", "death")  # what the hazard ratios act on (Action.<outcome>_hr)
OUTCOME_COLUMN = {outcome: column for column, outcome in enumerate(OUTCOMES)}  # in LOG_HR


@dataclass(frozen=True)
class Action:
    name: str
    description: str
    diabetes_hr: float  # hazard ratio on type 2 diabetes onset while fully carried
    cvd_hr: float  # hazard ratio on cardiovascular events
    death_hr: float  # hazard ratio on all-cause death
    wellbeing_points: float  # shift of the WHO-5 target, percent points
    uptake: float  # share of those offered who start, fraction
    dropout_per_year: float  # hazard of stopping, per year
    applies_to: str | None  # a bool Residents array naming who can take it (None: everyone)
    source: str
    fade_half_life_years: float = DPS_FADE_HALF_LIFE_YEARS


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "exercise-150",
            "Moderate exercise 150 min a week",
            diabetes_hr=0.74,  # assumption near Aune et al. 2015 (RR about 0.74 at 150 min/wk)
            cvd_hr=0.71,  # Garcia et al. 2023, CVD mortality RR 0.71
            death_hr=0.69,  # Garcia et al. 2023, all-cause mortality RR 0.69
            wellbeing_points=4.0,  # assumption
            uptake=0.35,  # assumption
            dropout_per_year=0.10,  # assumption; DPS kept most participants for years
            applies_to=None,
            source="Garcia et al. 2023 (Br J Sports Med); Aune et al. 2015",
        ),
        Action(
            "vegetables-weight-loss",
            "Daily vegetables and losing at least 5% of body weight",
            diabetes_hr=0.505,  # calibrated with exercise-150 to the DPS (see wellbeing.trial)
            cvd_hr=0.90,  # assumption
            death_hr=1.0,  # no direct mortality effect assumed
            wellbeing_points=2.0,  # assumption
            uptake=0.30,  # assumption
            dropout_per_year=0.10,  # assumption
            applies_to=None,
            source="Finnish Diabetes Prevention Study (Tuomilehto et al. 2001)",
        ),
        Action(
            "quit-smoking",
            "Quit smoking",
            diabetes_hr=1.0,
            cvd_hr=0.60,  # assumption
            # Smokers die at about 3x the rate (Jha et al. 2013) and quitting at 45-54 gives back
            # about 6 of 10 lost years: 2.8 ** -0.6 = 0.54 (derived; assumption).
            death_hr=0.54,
            wellbeing_points=0.0,
            uptake=0.10,  # assumption
            dropout_per_year=0.30,  # relapse; assumption
            applies_to="smoker",
            source="Jha et al. 2013 (NEJM)",
        ),
        Action(
            "alcohol-under-100g",
            "Alcohol under 100 g a week",
            diabetes_hr=1.0,
            cvd_hr=0.90,  # assumption
            death_hr=0.88,  # assumption from Wood et al. 2018 (0.5-2 years of life at 40)
            wellbeing_points=1.0,  # assumption
            uptake=0.20,  # assumption
            dropout_per_year=0.30,  # assumption
            applies_to="heavy_drinker",
            source="Wood et al. 2018 (Lancet)",
        ),
        Action(
            "sleep-7-8h",
            "Sleep 7-8 hours a night",
            diabetes_hr=1.0,
            cvd_hr=1.0,
            death_hr=1 / 1.12,  # short sleep RR 1.12 (Cappuccio et al. 2010; contested)
            wellbeing_points=3.0,  # assumption
            uptake=0.30,  # assumption
            dropout_per_year=0.30,  # assumption
            applies_to="short_sleeper",
            source="Cappuccio et al. 2010 (Sleep)",
        ),
        Action(
            "social-participation",
            "Join an NGO group or other social activity",
            diabetes_hr=1.0,
            cvd_hr=1.0,
            death_hr=1 / 1.26,  # loneliness OR 1.26 (Holt-Lunstad et al. 2015)
            wellbeing_points=6.0,  # assumption
            uptake=0.25,  # assumption
            dropout_per_year=0.25,  # assumption
            applies_to="lonely",
            source="Holt-Lunstad et al. 2015 (Perspect Psychol Sci)",
        ),
    )
}
ACTION_NAMES = tuple(ACTIONS)
PACKAGES = {"dps-lifestyle": ("exercise-150", "vegetables-weight-loss")}


# Per-action arrays used by the vectorised dynamics, in ACTION_NAMES order.
def hazard_ratios(action: Action) -> tuple[float, ...]:
    """The action's hazard ratios in OUTCOMES order."""
    return tuple(getattr(action, f"{outcome}_hr") for outcome in OUTCOMES)


LOG_HR = np.log(np.array([hazard_ratios(a) for a in ACTIONS.values()], dtype=np.float32))
WELLBEING_POINTS = np.array([a.wellbeing_points for a in ACTIONS.values()], dtype=np.float32)
DROPOUT_PER_YEAR = np.array([a.dropout_per_year for a in ACTIONS.values()])
FADE_PER_YEAR = np.log(2.0) / np.array([a.fade_half_life_years for a in ACTIONS.values()])


def resolve(actions: list[str] | tuple[str, ...] | str) -> list[int]:
    """Column indices of the named actions; a package name expands to its actions."""
    names = [actions] if isinstance(actions, str) else list(actions)
    expanded: list[str] = []
    for name in names:
        if name in PACKAGES:
            expanded.extend(PACKAGES[name])
        elif name in ACTIONS:
            expanded.append(name)
        else:
            known = ", ".join([*ACTIONS, *PACKAGES])
            raise ValueError(f"unknown action {name!r}; known: {known}")
    return sorted({ACTION_NAMES.index(name) for name in expanded})
