"""The personal twin: one resident's answers projected with the population model's own rules.

``project_person`` turns a ``Person`` into many identical residents (one per stochastic run)
and steps them monthly with the rules of ``ekosim.population.health``, in the order of
``Population.month`` (diabetes, cardiovascular events, frailty, dementia, mental-health need,
loneliness, death, well-being), without births and migration. Every variant (current habits,
the chosen actions, and the chosen actions plus each further action) is stepped in the same
arrays with the same random numbers (common random numbers), so differences between variants
are the actions' effect, not noise. The twin assumes chosen actions are kept up for the whole
projection (the game is there to help); the population model's drop-out is for the area.

Fan charts: well-being is given as quantiles over the runs of those alive; diabetes and
cardiovascular risk as the share of runs with a first onset by each year, with a 90% interval
of that simulated share. Healthy years count years alive without diabetes, cardiovascular
disease, frailty or dementia.

Lifetime (``project_lifetime``): the same variants stepped on until the age of
``LIFETIME_END_AGE`` (those still alive then, a few in ten thousand, count as dying at it).
Life expectancy is the person's age plus the mean years lived; healthy life expectancy the
same for healthy years. A gain is the paired mean difference over the runs (common random
numbers) with its 95% Student-t interval: that interval is the simulation's own uncertainty.
The spread of a single life (10th-90th percentile of the age at death) is given beside it.
Not included: the uncertainty of the effect sizes themselves (the catalogue holds point
estimates, ``ekosim.population.actions``), and whether a habit is kept: the lifetime view
assumes it is kept for life.

Well-being does not improve by itself. A WHO-5 answer is the person's own level plus the
noise of one fortnight; only that noise regresses toward the mean, by Kelley's formula with
WHO-5's test-retest reliability: the level is ``typical + WHO5_RETEST_ICC x (answer -
typical)``, ``typical`` being the model's WHO-5 for someone in the person's state
(``health.wellbeing_target`` without actions). ICC 0.81 (95% CI 0.78-0.84) over a median 22
days: Schougaard et al. 2018, Health Qual Life Outcomes 16:175 (554 Danish outpatients); "high
clinimetric validity", Topp et al. 2015, Psychother Psychosom 84:167-176. No further drift to
the mean is assumed: no published WHO-5 course data at hand would support more. From that level,
well-being moves only with the model's drivers (illness, frailty, loneliness, social life, the
chosen actions), by how much each changed since today; the model's mental-health need is left
out of the drivers, because the WHO-5 answer already is that measure. The fan's bands are the
10th-90th and 25th-75th percentiles of the runs alive, the line their median.

Health age (``health_age``): FINRISKI's coefficients are not at hand (DOMAIN.md), so it is
derived from the model instead: the person's annual hazard of death or a cardiovascular event
(``health.death_hazard`` + ``health.cvd_hazard``, including carried action effects) is matched
to a reference person of the same sex with favourable habits (``REFERENCE``); the health age is
the age at which the reference reaches the same hazard. Diabetes risk is reported separately.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ekosim.experiments.stats import t_interval
from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES, resolve
from ekosim.population.residents import Residents
from ekosim.wellbeing.person import Person, as_residents, fitting_actions

MONTH_YEARS = 1 / 12
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
RISK_INTERVAL_Z = 1.645  # 90% normal interval of a simulated share
# Favourable habits; age and sex are taken from the person (assumption: FinHealth targets).
REFERENCE = Person(
    height_cm=170.0,
    weight_kg=63.6,  # BMI 22
    waist_cm=75.0,
    who5=(4, 4, 4, 4, 4),
    active_30min_daily=True,
    vegetables_daily=True,
    audit_c=(1, 0, 0),
    smoker=False,
    sleep_hours=7.5,
    social=True,
    lonely=False,
    living_alone=False,
)
HEALTH_AGE_GRID = np.arange(18.0, 120.0, 0.1)
WHO5_RETEST_ICC = 0.81  # Schougaard et al. 2018 (module docstring)
LIFETIME_END_AGE = 110.0  # years; the lifetime projection stops here (module docstring)


@dataclass(frozen=True)
class Projection:
    """One variant over ``years`` + 1 yearly points (index 0 is today)."""

    actions: tuple[str, ...]
    wellbeing: np.ndarray  # (len(QUANTILES), years + 1) WHO-5 percent among the living
    diabetes_risk: np.ndarray  # (3, years + 1): low, share, high; first onset by each year
    cvd_risk: np.ndarray  # (3, years + 1): same for cardiovascular events
    healthy_years: float  # mean years alive without diabetes, CVD or frailty
    healthy_years_quantiles: np.ndarray  # (len(QUANTILES),)


@dataclass(frozen=True)
class ActionGain:
    action: str
    healthy_years: float  # more healthy years than the plan without it (mean)
    wellbeing_points: float  # higher median WHO-5 percent at the end


@dataclass(frozen=True)
class TwinResult:
    years: int
    runs: int
    current: Projection  # current habits
    planned: Projection  # with the chosen actions
    ranking: tuple[ActionGain, ...]  # further actions, the most helpful first
    health_age: float
    planned_health_age: float


def project_person(
    person: Person,
    actions: list[str] | tuple[str, ...] = (),
    *,
    years: int = 10,
    runs: int = 400,
    seed: int = 0,
) -> TwinResult:
    """Project the person with current habits, with ``actions``, and with each further action."""
    if not 1 <= years <= 40 or runs < 2:
        raise ValueError(f"need 1 <= years <= 40 and runs >= 2 (got {years}, {runs})")
    chosen, open_actions, r = _variants(person, actions, runs)
    variants = [[], chosen, *[[*chosen, name] for name in open_actions]]
    tables = _simulate(r, years, runs, len(variants), np.random.default_rng(seed))
    projections = [_projection(tuple(names), *t) for names, t in zip(variants, tables, strict=True)]
    planned = projections[1]
    end = len(QUANTILES) // 2
    gains = [
        ActionGain(
            name,
            projection.healthy_years - planned.healthy_years,
            float(projection.wellbeing[end, -1] - planned.wellbeing[end, -1]),
        )
        for name, projection in zip(open_actions, projections[2:], strict=True)
    ]
    gains.sort(key=lambda gain: (gain.healthy_years, gain.wellbeing_points), reverse=True)
    return TwinResult(
        years=years,
        runs=runs,
        current=projections[0],
        planned=planned,
        ranking=tuple(gains),
        health_age=health_age(person),
        planned_health_age=health_age(person, chosen),
    )


def _variants(
    person: Person, actions: list[str] | tuple[str, ...], runs: int
) -> tuple[list[str], list[str], Residents]:
    """The chosen actions, the further ones that fit, and ``runs`` rows of the person for each
    variant (current habits, the plan, the plan plus each further action), actions started."""
    chosen = [ACTION_NAMES[c] for c in resolve(list(actions))]
    probe = as_residents(person, 1)
    fitting = fitting_actions(person)
    open_actions = [
        name
        for name in ACTION_NAMES
        if name not in chosen and name in fitting and health.eligible(probe, name)[0]
    ]
    variants = [[], chosen, *[[*chosen, name] for name in open_actions]]
    r = as_residents(person, runs * len(variants))
    for index, names in enumerate(variants):
        rows = slice(index * runs, (index + 1) * runs)
        for column in resolve(names) if names else []:
            if health.eligible(probe, ACTION_NAMES[column])[0]:
                r.action_adhering[rows, column] = True
                r.action_strength[rows, column] = 1.0
    return chosen, open_actions, r


@dataclass(frozen=True)
class LifeSpan:
    """One variant over the rest of a life (module docstring)."""

    actions: tuple[str, ...]
    life_expectancy: float  # age + mean years lived, years
    healthy_life_expectancy: float  # age + mean healthy years
    age_at_death: np.ndarray  # (len(QUANTILES),) of the runs, years


@dataclass(frozen=True)
class LifetimeGain:
    """More years than a baseline variant: paired mean and its 95% interval, years."""

    action: str  # the action added, or "plan" for the plan against current habits
    life_years: tuple[float, float, float]
    healthy_years: tuple[float, float, float]


@dataclass(frozen=True)
class Lifetime:
    age: float
    runs: int
    current: LifeSpan
    planned: LifeSpan
    gain: LifetimeGain  # the plan against current habits
    ranking: tuple[LifetimeGain, ...]  # each further action added to the plan, most first


def project_lifetime(
    person: Person,
    actions: list[str] | tuple[str, ...] = (),
    *,
    runs: int = 400,
    seed: int = 0,
) -> Lifetime:
    """The person's life and healthy life expectancy with current habits, with ``actions``,
    and with each further action that fits, until ``LIFETIME_END_AGE`` (module docstring)."""
    if runs < 2:
        raise ValueError(f"need runs >= 2 (got {runs})")
    chosen, open_actions, r = _variants(person, actions, runs)
    variants = [[], chosen, *[[*chosen, name] for name in open_actions]]
    years = max(1, int(np.ceil(LIFETIME_END_AGE - person.age)))
    tables = _simulate(r, years, runs, len(variants), np.random.default_rng(seed))
    lived = [t[5] for t in tables]
    healthy = [t[4] for t in tables]

    def span(index: int) -> LifeSpan:
        return LifeSpan(
            actions=tuple(variants[index]),
            life_expectancy=person.age + float(lived[index].mean()),
            healthy_life_expectancy=person.age + float(healthy[index].mean()),
            age_at_death=person.age + np.quantile(lived[index], QUANTILES),
        )

    def gain(action: str, index: int, base: int) -> LifetimeGain:
        return LifetimeGain(
            action,
            t_interval(lived[index] - lived[base]),
            t_interval(healthy[index] - healthy[base]),
        )

    ranking = [gain(name, 2 + i, 1) for i, name in enumerate(open_actions)]
    ranking.sort(key=lambda g: (g.life_years[0], g.healthy_years[0]), reverse=True)
    return Lifetime(
        age=person.age,
        runs=runs,
        current=span(0),
        planned=span(1),
        gain=gain("plan", 1, 0),
        ranking=tuple(ranking),
    )


def health_age(person: Person, actions: list[str] | tuple[str, ...] = ()) -> float:
    """The age at which a reference person with favourable habits has the same annual hazard
    of death or a cardiovascular event as this person (method in the module docstring)."""
    own = _event_hazard(as_residents(person, 1), actions)[0]
    reference = replace(REFERENCE, sex=person.sex)
    grid = as_residents(reference, len(HEALTH_AGE_GRID))
    grid.age[:] = HEALTH_AGE_GRID
    curve = np.maximum.accumulate(_event_hazard(grid, ()))  # non-decreasing for interp
    return float(np.interp(np.log(own), np.log(curve), HEALTH_AGE_GRID))


def _event_hazard(r: Residents, actions: list[str] | tuple[str, ...]) -> np.ndarray:
    for column in resolve(list(actions)):
        r.action_strength[health.eligible(r, ACTION_NAMES[column]), column] = 1.0
    log_hr = health.action_log_hr(r)
    return (health.death_hazard(r, log_hr) + health.cvd_hazard(r, log_hr)).astype(np.float64)


Tables = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _simulate(
    r: Residents,
    years: int,
    runs: int,
    variants: int,
    rng: np.random.Generator,
    *,
    keep_actions: bool = True,
) -> list[Tables]:
    """Step all rows monthly; per variant: yearly alive, well-being, diabetes, CVD (years + 1
    x runs), healthy years and years lived per run. Every variant's rows get the same random
    numbers. With ``keep_actions`` False, actions drop out and fade as in the population
    model (``health.advance_actions``); else they are kept up."""
    shape = (years + 1, r.capacity)
    alive, wellbeing = np.zeros(shape, bool), np.zeros(shape, np.float32)
    diabetes, cvd = np.zeros(shape, bool), np.zeros(shape, bool)
    # Months counted as whole numbers, so that a healthy life of n years is exactly n.
    healthy, lived = np.zeros(r.capacity, np.int32), np.zeros(r.capacity, np.int32)

    def record(year: int) -> None:
        alive[year], wellbeing[year] = r.alive, r.wellbeing
        diabetes[year], cvd[year] = r.diabetes, r.cvd

    def happens(hazard: np.ndarray) -> np.ndarray:
        draws = np.tile(rng.random(runs, dtype=np.float32), variants)  # common random numbers
        return draws < health.chance(hazard, MONTH_YEARS)

    record(0)
    pull = np.float32(-np.expm1(-MONTH_YEARS / health.WELLBEING_RELAX_YEARS))
    typical = _drivers(r) - r.action_strength @ health.WELLBEING_POINTS  # today, no actions
    level = typical + np.float32(WHO5_RETEST_ICC) * (r.wellbeing - typical)
    for month in range(1, 12 * years + 1):
        r.age[r.alive] += MONTH_YEARS
        if not keep_actions:
            health.advance_actions(r, MONTH_YEARS, rng.random)
        log_hr = health.action_log_hr(r)
        r.diabetes |= happens(health.diabetes_hazard(r, log_hr))
        r.cvd |= happens(health.cvd_hazard(r, log_hr))
        frailty = np.where(
            r.frail,
            np.float32(health.FRAIL_RECOVERY_PER_YEAR),
            health.frailty_hazard(r.age, health.death_hazard(r, log_hr)),
        )
        r.frail ^= r.alive & happens(frailty)
        r.dementia |= happens(health.dementia_hazard(r))
        mental = np.where(
            r.mental_need,
            health.MENTAL_RECOVERY_PER_YEAR,
            health.doubled_where(r.lonely, health.MENTAL_ONSET_PER_YEAR),
        )
        r.mental_need ^= r.alive & happens(mental)
        lonely = np.where(
            r.lonely,
            health.doubled_where(r.social, health.LONELY_RECOVERY_PER_YEAR),
            health.doubled_where(r.living_alone, health.LONELY_ONSET_PER_YEAR),
        )
        r.lonely ^= r.alive & happens(lonely)
        r.function[:] = health.functional_ability(r)
        dying = happens(health.death_hazard(r, log_hr))
        r.died |= r.alive & dying
        r.alive &= ~dying
        noise = np.tile(rng.standard_normal(runs, dtype=np.float32), variants)
        target = level + _drivers(r) - typical
        moved = r.wellbeing + pull * (target - r.wellbeing)
        moved += noise * np.float32(health.WELLBEING_NOISE_PER_MONTH)
        r.wellbeing[:] = np.where(r.alive, moved.clip(0.0, 100.0), r.wellbeing)
        healthy += r.alive & ~r.diabetes & ~r.cvd & ~r.frail & ~r.dementia
        lived += r.alive
        if month % 12 == 0:
            record(month // 12)
    split = [slice(v * runs, (v + 1) * runs) for v in range(variants)]
    healthy_years, lived_years = healthy * MONTH_YEARS, lived * MONTH_YEARS
    return [
        (alive[:, s], wellbeing[:, s], diabetes[:, s], cvd[:, s], healthy_years[s], lived_years[s])
        for s in split
    ]


def _drivers(r: Residents) -> np.ndarray:
    """The model's WHO-5 target without its mental-health need term (module docstring)."""
    return (
        health.wellbeing_target(r)
        + np.float32(health.WELLBEING_LOSS["mental_need"]) * r.mental_need
    )


def _projection(
    actions: tuple[str, ...],
    alive: np.ndarray,
    wellbeing: np.ndarray,
    diabetes: np.ndarray,
    cvd: np.ndarray,
    healthy: np.ndarray,
    lived: np.ndarray,
) -> Projection:
    living = np.where(alive, wellbeing, np.nan)
    has_living = alive.any(axis=1)
    quantiles = np.full((len(QUANTILES), len(alive)), np.nan)
    quantiles[:, has_living] = np.nanquantile(living[has_living], QUANTILES, axis=1)
    return Projection(
        actions=actions,
        wellbeing=quantiles,
        diabetes_risk=_share_with_interval(diabetes),
        cvd_risk=_share_with_interval(cvd),
        healthy_years=float(healthy.mean()),
        healthy_years_quantiles=np.quantile(healthy, QUANTILES),
    )


def _share_with_interval(ever: np.ndarray) -> np.ndarray:
    runs = ever.shape[1]
    share = ever.mean(axis=1)
    half = RISK_INTERVAL_Z * np.sqrt(share * (1 - share) / runs)
    return np.stack([(share - half).clip(0, 1), share, (share + half).clip(0, 1)])
