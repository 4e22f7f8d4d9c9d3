"""The validation report: every target beside the model, grouped by area, with the
scenario-direction checks, written to ``docs/VALIDATION.md``.

The bundled scenarios named by the targets are run ``replications`` times on common random
numbers (replication ``i`` has the same seed in every scenario); a target's model value is
the mean over replications of its final-year value after the warm-up, with a 95 % t-interval.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ekosim.calibration.cli import PUBLISHED
from ekosim.calibration.measure import run_final, target_values
from ekosim.calibration.targets import AREA_TITLES, TARGETS_FILE, Target, Targets, load_targets
from ekosim.experiments.executors import choose_executor, execute
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.stats import t_interval
from ekosim.results import write_atomic
from ekosim.scenario import load_scenario, scaled

ROOT = Path(__file__).resolve().parents[3]
DOCS_DIR = ROOT / "docs"
REPORT_NAME = "VALIDATION.md"
WARMUP_DAYS = 30  # runs start from empty queues: the first month's KPI windows are dropped
COLUMNS = ["Indicator", "Source (year)", "Target", "Model mean (95% CI)", "Ratio", "Within",
           "Role"]  # fmt: skip
NUMERIC_COLUMNS = {3, 4, 5}  # what a reduced run changes; the rest is the table's structure


@dataclass(frozen=True)
class _Task:
    scenario: Any  # a Scenario
    replication: int
    seed: int
    years: int
    targets: dict[str, Target]


def _measure(task: _Task) -> tuple[str, int, dict[str, float], dict[str, float]]:
    final, frames = run_final(
        task.scenario,
        seed=task.seed,
        years=task.years,
        warmup_days=WARMUP_DAYS,
        replication=task.replication,
    )
    return task.scenario.name, task.replication, final, target_values(task.targets, final, frames)


@dataclass(frozen=True)
class Validation:
    """Every target's row and every direction check's row, and how they were computed."""

    rows: pd.DataFrame
    directions: pd.DataFrame
    settings: dict[str, Any]

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{"fit": (within, measured), "validate": (within, measured)}``."""
        measured = self.rows[self.rows["status"] == "measured"]
        return {
            role: (int(part["within"].astype(bool).sum()), len(part))
            for role in ("fit", "validate")
            for part in [measured[measured["role"] == role]]
        }

    def summary_line(self) -> str:
        (fit_in, fit_n), (val_in, val_n) = self.counts()["fit"], self.counts()["validate"]
        return (
            f"{fit_in} of {fit_n} fitted targets and {val_in} of {val_n} validation targets "
            "within tolerance"
        )


def validate_model(
    targets: Targets | None = None,
    *,
    replications: int = PUBLISHED["replications"],
    population: int | None = PUBLISHED["population"],
    years: int = PUBLISHED["years"],
    seed: int = PUBLISHED["seed"],
    workers: int = 1,
    progress: bool = False,
) -> Validation:
    """Run the scenarios the targets and direction checks name; compare each target."""
    targets = targets if targets is not None else load_targets(TARGETS_FILE)
    measured = targets.measured()
    names = sorted(
        {t.scenario for t in measured.values()}
        | {d.scenario for d in targets.directions.values()}
        | {d.baseline for d in targets.directions.values()}
    )
    scenarios, scales = {}, {}
    for name in names:
        base = load_scenario(name)
        scenarios[name] = base if population is None else scaled(base, population)
        scales[name] = 1.0 if population is None else population / base.population.size
    seeds = replication_seeds(seed, replications)
    tasks = [
        _Task(
            scenarios[name],
            i,
            seeds[i],
            years,
            {k: t for k, t in measured.items() if t.scenario == name},
        )
        for name in names
        for i in range(replications)
    ]
    kpis: dict[tuple[str, int], dict[str, float]] = {}
    values: dict[tuple[str, int], dict[str, float]] = {}
    executor = choose_executor(None, workers=workers, scheduler=None, client=None)
    started = time.perf_counter()
    finished = execute(_measure, tasks, executor=executor, workers=workers)
    for done, (_, (name, replication, final, found)) in enumerate(finished, start=1):
        kpis[name, replication], values[name, replication] = final, found
        if progress:
            print(f"validation: {done}/{len(tasks)} runs", file=sys.stderr)
    rows = [_row(target_id, targets, values, scales, replications) for target_id in targets.targets]
    directions = [
        _direction(name, direction, kpis, replications)
        for name, direction in targets.directions.items()
    ]
    settings = {
        "replications": replications,
        "population": population,
        "years": years,
        "seed": seed,
        "warmup_days": WARMUP_DAYS,
        "seconds": time.perf_counter() - started,
        "workers": workers,
        "targets_file": _relative(Path(targets.file)),
    }
    return Validation(pd.DataFrame(rows), pd.DataFrame(directions), settings)


def _row(
    target_id: str,
    targets: Targets,
    values: Mapping[tuple[str, int], Mapping[str, float]],
    scales: Mapping[str, float],
    replications: int,
) -> dict[str, Any]:
    target = targets.targets[target_id]
    status = targets.status(target_id)
    row: dict[str, Any] = {
        "id": target_id,
        "area": target.area,
        "indicator": target.indicator,
        "source": f"{target.source.publisher}: {target.source.title} ({target.year})",
        "url": target.source.url or "",
        "target": target.target_text(),
        "unit": target.unit,
        "role": target.role,
        "status": status,
        "scenario": target.scenario,
        "mean": math.nan,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "ratio": math.nan,
        "within": False,
        "note": "",
    }
    if status == "planned":
        assert target.kpi is not None
        row["note"] = f"not modelled yet ({targets.planned[target.kpi]}: `{target.kpi}`)"
        return row
    if status == "not_modelled":
        row["note"] = f"not modelled: {target.not_modelled}"
        return row
    scale = scales[target.scenario] if target.scales_with_population else 1.0
    runs = np.array([values[target.scenario, i][target_id] for i in range(replications)])
    mean, low, high = t_interval(runs)
    reference = target.value if target.value is not None else sum(target.range or (0, 0)) / 2
    row.update(
        mean=mean / scale,
        ci_low=low / scale,
        ci_high=high / scale,
        ratio=mean / (reference * scale) if reference else math.nan,
        within=bool(abs(target.distance(mean, scale)) <= 1),
        note=f"`{target.kpi or target.function}` in {target.scenario}",
    )
    return row


def _direction(
    name: str,
    direction: Any,
    kpis: Mapping[tuple[str, int], Mapping[str, float]],
    replications: int,
) -> dict[str, Any]:
    differences = np.array(
        [
            kpis[direction.scenario, i].get(direction.kpi, math.nan)
            - kpis[direction.baseline, i].get(direction.kpi, math.nan)
            for i in range(replications)
        ]
    )
    mean, low, high = t_interval(differences)
    sign = 1 if direction.expect == "higher" else -1
    shown = low if sign > 0 else high  # the interval's end nearer to "no difference"
    return {
        "id": name,
        "check": f"{direction.scenario} {direction.expect} `{direction.kpi}` than "
        f"{direction.baseline}",
        "why": direction.why,
        "difference": mean,
        "ci_low": low,
        "ci_high": high,
        "holds": bool(sign * mean > 0 and (math.isnan(shown) or sign * shown > 0)),
    }


def render(validation: Validation) -> str:
    """The report as Markdown."""
    s = validation.settings
    population = (
        "each scenario's own size"
        if s["population"] is None
        else f"{s['population']:,} residents per scenario (area amounts scaled in proportion)"
    )
    lines = [
        "# Validation: the model beside published figures",
        "",
        "Generated by `python scripts/refresh_validation.py` (`ekosim calibration report`) from "
        f"`{s['targets_file']}`; do not edit by hand. A test fails when it is stale.",
        "",
        f"Run size: {s['replications']} replications on common random numbers, {s['years']} "
        f"simulated year(s), {population}, seed {s['seed']}, the first {s['warmup_days']} days' "
        f"KPI windows dropped; computed in {s['seconds']:.0f} s on {s['workers']} worker(s) of "
        "a shared two-core machine. A model value is the mean over replications of the final year, "
        "with its 95% t-interval. Within: inside the target's tolerance (or range, or bound).",
        "",
        "Fitted means `role: fit`: a target a calibration spec fits (`calibration/*.yaml`: "
        "`tesoma.yaml` fits demand, the digital clinic's resolution and the station's doctors "
        "and nurses, `pirkanmaa.yaml` the home-care threshold), or the same figure in a "
        "scenario carrying that fit's values; the bundled scenarios carry the best values with "
        "their provenance in a comment. Validation targets never enter an objective.",
        "",
        f"**Result: {validation.summary_line()}.**",
        "",
        _status_counts(validation.rows),
        "",
    ]
    for area, title in AREA_TITLES.items():
        part = validation.rows[validation.rows["area"] == area]
        if part.empty:
            continue
        lines += [f"## {title}", "", _table_head(COLUMNS)]
        lines += [_table_row(_cells(row)) for row in part.to_dict("records")]
        lines.append("")
    lines += [
        "## Scenario directions",
        "",
        "Paired differences (scenario − baseline) over the same replications; holds when the "
        "mean difference and its whole 95% interval lie on the expected side. Validation only.",
        "",
        _table_head(["Check", "Why", "Difference (95% CI)", "Holds"]),
    ]
    for row in validation.directions.to_dict("records"):
        interval = _interval(row["difference"], row["ci_low"], row["ci_high"])
        mark = "✓" if row["holds"] else "✗"
        lines.append(_table_row([row["check"], row["why"], interval, mark]))
    lines.append("")
    return "\n".join(lines)


def skeleton(markdown: str) -> list[str]:
    """The report's structure: every line, with the cells a reduced run changes blanked,
    and without the result line (its counts depend on the run's size)."""
    kept = []
    for line in markdown.splitlines():
        if line.startswith(("**Result:", "Run size:")):
            continue
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = line.strip("|").split(" | ")
            if len(cells) == len(COLUMNS):
                cells = ["…" if i in NUMERIC_COLUMNS else c for i, c in enumerate(cells)]
            elif len(cells) == 4 and cells[0] != "Check":
                cells = [*cells[:2], "…", "…"]
            line = "| " + " | ".join(cells) + " |"
        kept.append(line)
    return kept


def quick_values(validation: Validation) -> pd.DataFrame:
    """The numbers of a run, one row per measured target and direction check: stored from a
    reduced run, they show when the code has changed what the report would say."""
    rows = validation.rows[validation.rows["status"] == "measured"]
    return pd.concat(
        [
            pd.DataFrame({"row": "target." + rows["id"], "value": rows["mean"]}),
            pd.DataFrame(
                {
                    "row": "direction." + validation.directions["id"],
                    "value": validation.directions["difference"],
                }
            ),
        ],
        ignore_index=True,
    )


def write_report(
    out: Path = DOCS_DIR,
    *,
    replications: int = PUBLISHED["replications"],
    population: int | None = PUBLISHED["population"],
    years: int = PUBLISHED["years"],
    workers: int = 1,
    progress: bool = False,
) -> Path:
    validation = validate_model(
        replications=replications,
        population=population,
        years=years,
        workers=workers,
        progress=progress,
    )
    out.mkdir(parents=True, exist_ok=True)
    return write_atomic(out / REPORT_NAME, render(validation))


def _cells(row: Mapping[str, Any]) -> list[str]:
    source = f"[{row['source']}]({row['url']})" if row["url"] else row["source"]
    role = "fitted" if row["role"] == "fit" else "validation only"
    target = f"{row['target']} {row['unit']}"
    if row["status"] != "measured":
        return [row["indicator"], source, target, row["note"], "", "", role]
    return [
        row["indicator"],
        source,
        target,
        _interval(row["mean"], row["ci_low"], row["ci_high"]) + f" ({row['note']})",
        "—" if math.isnan(row["ratio"]) else f"{row['ratio']:.2f}",
        "✓" if row["within"] else "✗",
        role,
    ]


def _status_counts(rows: pd.DataFrame) -> str:
    planned = int((rows["status"] == "planned").sum())
    missing = int((rows["status"] == "not_modelled").sum())
    roles = rows["role"].value_counts().to_dict()
    return (
        f"{len(rows)} targets ({roles.get('fit', 0)} fit, {roles.get('validate', 0)} "
        f"validation only): {len(rows) - planned - missing} measured, {planned} whose KPI is "
        f"not modelled yet (planned, with the issue that adds it), {missing} the model cannot "
        "measure (the reason is given)."
    )


def _interval(mean: float, low: float, high: float) -> str:
    if math.isnan(mean):
        return "—"
    if math.isnan(low):
        return _number(mean)
    return f"{_number(mean)} ({_number(low)} – {_number(high)})"


def _number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _table_head(columns: list[str]) -> str:
    return _table_row(columns) + "\n" + _table_row(["---"] * len(columns))


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
