"""The KPI (key result area) reward pool: each KPI's yearly value scored against its target."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ekosim.arguments import frame_groups
from ekosim.catalogue import KPIS
from ekosim.clock import DAYS_PER_YEAR
from ekosim.results import window_days, window_means
from ekosim.scenario.schema import ContractSpec

SCORECARD_COLUMNS = ["year", "kpi", "value", "target", "weight", "score"]


def kpi_score(value: float, target: float, better: str, full_score_deviation: float) -> float:
    """+1 when the KPI beats its target by ``full_score_deviation`` (relative), -1 when it
    misses by as much, linear in between; 0 exactly on target."""
    scale = abs(target) * full_score_deviation or full_score_deviation
    signed = (value - target) if better == "higher" else (target - value)
    return float(np.clip(signed / scale, -1.0, 1.0))


def scorecard(kpis: pd.DataFrame, contract: ContractSpec) -> pd.DataFrame:
    """Each contract KPI's yearly mean, target, weight and score, from a kpis frame
    (columns ``day, kpi, value``; days are 1-based, so day 365 closes year 0), per run: the
    frame's scenario, design point and replication columns are kept in front."""
    groups = frame_groups(kpis, ("day", "kpi", "value"), "scorecard", "kpis")
    names = [k.name for k in contract.kpis]
    observed = kpis[kpis["kpi"].isin(names)]
    if observed.empty:
        return pd.DataFrame(columns=[*groups, *SCORECARD_COLUMNS])
    observed = observed.assign(
        year=(observed["day"] - 1) // DAYS_PER_YEAR, window_days=window_days(observed)
    )
    means = window_means(observed, [*groups, "year"]).rename("value").reset_index()
    spec = {k.name: k for k in contract.kpis}
    means["target"] = means["kpi"].map(lambda n: spec[n].target)
    means["weight"] = means["kpi"].map(lambda n: spec[n].weight)
    means["score"] = [
        kpi_score(v, t, KPIS[n].better, contract.kpi_full_score_deviation)
        for v, t, n in zip(means["value"], means["target"], means["kpi"], strict=True)
    ]
    return means[[*groups, *SCORECARD_COLUMNS]]


def weighted_score(card: pd.DataFrame) -> float:
    """The pool's score in [-1, 1]: KPI scores weighted by their weights."""
    weight = card["weight"].sum()
    return float((card["score"] * card["weight"]).sum() / weight) if weight else 0.0
