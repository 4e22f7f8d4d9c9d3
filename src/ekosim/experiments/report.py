"""Plain-text tables of experiment results for the command line."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ekosim.kpis import KPIS, LEVEL_TITLES, LEVELS


def format_replications(summary: pd.DataFrame, differences: pd.DataFrame | None = None) -> str:
    """KPI means with 95 % CIs per scenario, by level; then differences from the baseline."""
    scenarios = list(dict.fromkeys(summary["scenario"]))
    n = int(summary["n"].max()) if len(summary) else 0
    lines = [f"KPIs of the final year: mean [95% CI] over {n} replications"]
    cells = {
        (row.scenario, row.kpi): _ci(row.mean, row.ci_low, row.ci_high)
        + ("*" if getattr(row, "ci_clipped", False) else "")
        for row in _rows(summary)
    }
    lines += _by_level(
        summary["kpi"], scenarios, lambda kpi: [cells.get((s, kpi), "") for s in scenarios]
    )
    if differences is not None and len(differences):
        baseline = differences["baseline"].iloc[0]
        others = list(dict.fromkeys(differences["scenario"]))
        lines.append(f"\nDifferences from {baseline} (paired by replication, 95% CI)")
        diffs = {
            (row.scenario, row.kpi): _ci(row.difference, row.ci_low, row.ci_high)
            for row in _rows(differences)
        }
        lines += _by_level(
            differences["kpi"], others, lambda kpi: [diffs.get((s, kpi), "") for s in others]
        )
    if "ci_clipped" in summary and summary["ci_clipped"].any():
        lines.append("\n* the t-interval crossed the KPI's bound (e.g. a share below 0): clipped")
    if "replications_needed" in summary and summary["replications_needed"].notna().any():
        worst = summary.loc[summary["replications_needed"].idxmax()]
        unit = KPIS[worst["kpi"]].unit if worst["kpi"] in KPIS else ""
        lines.append(
            "\nReplications for a CI within ±5% of the mean (at least ±"
            f"{number(worst['target_half_width'])} {unit} where the mean is near 0): up to "
            f"{int(worst['replications_needed'])} ({worst['kpi']}, {worst['scenario']})"
        )
    return "\n".join(lines)


def _by_level(
    kpis: pd.Series, columns: list[str], cells_of: Callable[[str], list[str]]
) -> list[str]:
    """One block per KPI level (then any KPI not in the catalogue), a column per name."""
    names = list(dict.fromkeys(kpis))
    width = max(map(len, names), default=0)
    groups = {
        LEVEL_TITLES[level]: [k for k in names if k in KPIS and KPIS[k].level == level]
        for level in LEVELS
    }
    groups["Other"] = [kpi for kpi in names if kpi not in KPIS]
    lines = []
    for title, group in groups.items():
        if group:
            lines += [f"\n{title}", f"  {'':<{width}}" + "".join(f" {c:>30}" for c in columns)]
            lines += [f"  {k:<{width}}" + "".join(f" {c:>30}" for c in cells_of(k)) for k in group]
    return lines


def _rows(frame: pd.DataFrame) -> Iterable[Any]:
    return frame.itertuples(index=False)


def _ci(mean: float, low: float, high: float) -> str:
    if math.isnan(low):
        return number(mean)
    return f"{number(mean)} [{number(low)}, {number(high)}]"


def number(value: float) -> str:
    if pd.isna(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def format_sweep(found: Any) -> str:
    """KPI means per design point (parameters first); then PRIM's box, if asked for."""
    summary = found.results.summary
    means = summary.pivot(index="point", columns="kpi", values="mean")
    means = means[list(dict.fromkeys(summary["kpi"]))]
    table = found.points.set_index("point").join(means)
    n = int(summary["n"].max()) if len(summary) else 0
    lines = [f"KPI means per design point over {n} replications ({len(table)} points)"]
    lines.append(table.to_string(float_format=number, line_width=100))
    if found.discovery_stats is not None:
        lines.append(_format_discovery(found.discovery, found.discovery_stats))
    return "\n".join(lines)


def _format_discovery(box: pd.DataFrame, stats: dict[str, float]) -> str:
    bad, points = int(stats["bad_points"]), int(stats["points"])
    if box.empty:
        return f"\nScenario discovery: {bad} of {points} points are bad; no box to find"
    lines = [
        f"\nScenario discovery (PRIM): {bad} of {points} points are bad; the box holds "
        f"{stats['coverage']:.0%} of them (coverage) and is {stats['density']:.0%} bad inside"
    ]
    restricted = box[box["restricted"]]
    for row in (restricted if len(restricted) else box).itertuples():
        lines.append(f"  {row.parameter:<40} {number(row.low):>10} .. {number(row.high)}")
    return "\n".join(lines)


def format_sensitivity(found: Any) -> str:
    """Sensitivity indices per KPI, largest total effect first."""
    key = "ST" if found.method == "sobol" else "mu_star"
    lines = [f"{found.method.capitalize()} sensitivity ({len(found.points)} design points)"]
    for kpi, part in found.indices.groupby("kpi", sort=False):
        lines.append(f"\n{kpi}")
        table = part.drop(columns="kpi").sort_values(key, ascending=False).set_index("parameter")
        lines.append(table.to_string(float_format=lambda v: f"{v:.3g}"))
    return "\n".join(lines)
