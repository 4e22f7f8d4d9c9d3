"""From one person to the area: "if 10% of the residents here did the same".

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
from ekosim.population.actions import resolve
from ekosim.population.residents import ADULT_AGE
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
    offered &= model.rng.random(residents.capacity) < share  # drawn in both arms (paired)
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
