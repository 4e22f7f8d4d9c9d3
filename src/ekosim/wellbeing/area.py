"""From one person to the area: "if 10% of the residents here did the same".

Two views. ``neighbours_effect`` says it in a resident's terms for an area the resident
names (``AREAS``): with one adult in ten starting the actions, how many fewer people get type
2 diabetes in ten years, and how many more healthy years and years of life the area's
residents have together. It steps the area's residents with the personal twin's rules
(``ekosim.wellbeing.twin``: the population model's health rules, without births and
migration, so it is about the people living there now) in two arms in the same arrays with
the same random numbers: as it is, and with a share of the adults starting the actions (those
eligible for each), who then drop out and fade as in the catalogue. Diabetes, heart events,
frailty, dementia and deaths do not depend on the care system in the model, so the whole
ecosystem model is not needed for them. Each replication draws a fresh sample of the area's
residents (``sample`` of them, or all if fewer) and scales the counts to the area's size; the
figures are the mean over replications with a 95% Student-t interval, which holds both the
sampling and the simulation noise. A municipality of Pirkanmaa uses the county's age
structure and risk factors (the scenario has no municipal ones).

``area_effect`` runs the scenario's whole ecosystem model twice per replication, on the same
seed (common random numbers): as it is, and with a share of the living adults starting the
actions on day 0 (those eligible for each action; drop-out and fading as in the catalogue).
Both arms draw the adopters from the model's ``rng`` so their random streams stay paired;
only the second arm uses them. Each KPI is averaged over the run's KPI windows; the effect is
the paired mean difference (adopting - as is) with its 95% Student-t interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.stats import t_interval
from ekosim.model import EcosystemModel
from ekosim.population import health
from ekosim.population.actions import ACTION_NAMES, resolve
from ekosim.population.residents import ADULT_AGE, Residents
from ekosim.population.state import FIELDS
from ekosim.population.synthesis import synthesise
from ekosim.scenario import Scenario, load_scenario

AREA_KPIS = (
    "specialist_care_eur_per_resident_year",
    "median_wait_days",
    "p90_wait_days",
    "wellbeing_who5_mean",
    "cost_per_resident_eur_year",
)


@dataclass(frozen=True)
class AreaEffect:
    actions: tuple[str, ...]
    share: float  # of living adults offered to start, fraction
    years: int
    replications: int
    starters: float  # residents who started at least one action, mean over replications
    as_is: dict[str, float]  # KPI means without the adopters
    difference: dict[str, tuple[float, float, float]]  # paired mean, 95% CI low, high


def area_effect(
    scenario: Scenario | str | dict[str, Any],
    actions: list[str] | tuple[str, ...],
    *,
    share: float = 0.10,
    years: int = 2,
    replications: int = 3,
    seed: int = 0,
) -> AreaEffect:
    """The area KPIs with ``share`` of adults doing ``actions``, against the area as it is."""
    if not actions or not 0 < share <= 1 or years < 1 or replications < 2:
        raise ValueError("need actions, 0 < share <= 1, years >= 1 and replications >= 2")
    resolve(list(actions))  # unknown names raise here, before any run
    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    as_is, adopting, starters = [], [], []
    for run_seed in replication_seeds(seed, replications):
        kpis, _ = _run(spec, actions, share, years, run_seed, adopt=False)
        as_is.append(kpis)
        kpis, started = _run(spec, actions, share, years, run_seed, adopt=True)
        adopting.append(kpis)
        starters.append(started)
    return AreaEffect(
        actions=tuple(actions),
        share=share,
        years=years,
        replications=replications,
        starters=float(np.mean(starters)),
        as_is={name: float(np.mean([run[name] for run in as_is])) for name in AREA_KPIS},
        difference={
            name: t_interval(
                np.array([b[name] - a[name] for a, b in zip(as_is, adopting, strict=True)])
            )
            for name in AREA_KPIS
        },
    )


def _run(
    scenario: Scenario,
    actions: list[str] | tuple[str, ...],
    share: float,
    years: int,
    seed: int,
    *,
    adopt: bool,
) -> tuple[dict[str, float], int]:
    model = EcosystemModel(scenario, rng=seed)
    residents = model.population.residents
    offered = residents.alive & (residents.age >= ADULT_AGE)
    offered &= residents.state.per_slot(model.rng.random) < share  # drawn in both arms (paired)
    started = 0
    if adopt:
        model.population.adopt(list(actions), offered)
        started = int(residents.action_adhering.any(axis=1).sum())
    model.run_years(years)
    values: dict[str, list[float]] = {name: [] for name in AREA_KPIS}
    for _, name, value in model.kpis.rows:
        if name in values:
            values[name].append(value)
    return {name: float(np.mean(found)) for name, found in values.items()}, started


@dataclass(frozen=True)
class Area:
    name: str  # a place name, the same in every language
    scenario: str  # the bundled scenario whose residents live there
    part: str | None = None  # one of the scenario's population.areas; None: all of it


AREAS: dict[str, Area] = {
    "tesoma": Area("Tesoma", "tesoma-alliance"),
    "tampere": Area("Tampere", "pirkanmaa", "tampere"),
    "nokia": Area("Nokia", "pirkanmaa", "nokia"),
    "ylojarvi": Area("Ylöjärvi", "pirkanmaa", "ylojarvi"),
    "kangasala": Area("Kangasala", "pirkanmaa", "kangasala"),
    "sastamala": Area("Sastamala", "pirkanmaa", "sastamala"),
    "lempaala": Area("Lempäälä", "pirkanmaa", "lempaala"),
    "valkeakoski": Area("Valkeakoski", "pirkanmaa", "valkeakoski"),
    "pirkkala": Area("Pirkkala", "pirkanmaa", "pirkkala"),
}
NEIGHBOUR_SAMPLE = 10_000  # residents simulated a replication (scaled to the area)


def area_residents(area: str) -> int:
    """The residents of one of ``AREAS`` (its scenario's size times its share)."""
    place = _area(area)
    spec = load_scenario(place.scenario).population
    return round(spec.size * (spec.areas[place.part] if place.part else 1.0))


@dataclass(frozen=True)
class NeighboursEffect:
    area: str  # a key of AREAS
    actions: tuple[str, ...]
    share: float  # of the adults, who start the actions they can take, fraction
    years: int
    replications: int
    residents: int  # living in the area
    sample: int  # residents simulated a replication (all, if the area has fewer)
    starters: float  # residents of the area who start at least one action (mean)
    fewer_with_diabetes: tuple[float, float, float]  # people; mean, 95% interval
    healthy_years: tuple[float, float, float]  # more healthy years, all residents together
    life_years: tuple[float, float, float]  # more years of life, all residents together


def neighbours_effect(
    area: str,
    actions: list[str] | tuple[str, ...],
    *,
    share: float = 0.10,
    years: int = 10,
    replications: int = 10,
    sample: int = NEIGHBOUR_SAMPLE,
    seed: int = 0,
) -> NeighboursEffect:
    """What ``share`` of the adults of ``area`` doing ``actions`` would mean for the people
    living there now, in people and years (module docstring)."""
    from ekosim.wellbeing.twin import _simulate  # the twin's rules (it imports nothing here)

    place = _area(area)
    if not actions or not 0 < share <= 1 or not 1 <= years <= 40 or replications < 2:
        raise ValueError("need actions, 0 < share <= 1, 1 <= years <= 40 and replications >= 2")
    if sample < 100:
        raise ValueError(f"need a sample of at least 100 residents (got {sample})")
    columns = resolve(list(actions))  # unknown names raise here, before any run
    spec = load_scenario(place.scenario).population
    residents = area_residents(area)
    size = min(sample, residents)
    scale = residents / size
    people = spec.model_copy(update={"size": size, "areas": {}})
    starters, diabetes, healthy, lived = [], [], [], []
    for run_seed in replication_seeds(seed, replications):
        rng = np.random.default_rng(run_seed)
        one = synthesise(people, rng, n_actions=len(ACTION_NAMES))
        offered = one.alive & (one.age >= ADULT_AGE) & (rng.random(one.capacity) < share)
        both = _twice(one)
        for column in columns:
            starting = np.concatenate([np.zeros(size, bool), offered])
            starting &= health.eligible(both, ACTION_NAMES[column])
            both.action_adhering[starting, column] = True
            both.action_strength[starting, column] = 1.0
        starters.append(scale * int(both.action_adhering[size:].any(axis=1).sum()))
        arms = _simulate(both, years, size, 2, rng, keep_actions=False)
        onsets = [int((t[2][-1] & ~t[2][0]).sum()) for t in arms]
        diabetes.append(scale * (onsets[0] - onsets[1]))
        healthy.append(scale * float(arms[1][4].sum() - arms[0][4].sum()))
        lived.append(scale * float(arms[1][5].sum() - arms[0][5].sum()))
    return NeighboursEffect(
        area=area,
        actions=tuple(actions),
        share=share,
        years=years,
        replications=replications,
        residents=residents,
        sample=size,
        starters=float(np.mean(starters)),
        fewer_with_diabetes=t_interval(np.array(diabetes)),
        healthy_years=t_interval(np.array(healthy)),
        life_years=t_interval(np.array(lived)),
    )


def _area(area: str) -> Area:
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}; known: {', '.join(AREAS)}")
    return AREAS[area]


def _twice(r: Residents) -> Residents:
    """The residents twice over, in one block: the two arms of ``neighbours_effect``."""
    both = Residents.empty(2 * r.capacity, r.state.n_actions)
    for f in FIELDS:
        both.state[f.name] = np.concatenate([r.state[f.name], r.state[f.name]])
    return both
