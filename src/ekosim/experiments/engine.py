"""The engine under every experiment: a plan of runs, executed, stored and reduced to outcomes.

The unit of work is one ``ekosim.run(scenario, seed=..., years=..., replication=...)``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from ekosim.experiments.executors import ExecutorName, choose_executor, execute
from ekosim.experiments.stats import paired_differences, summarise
from ekosim.experiments.store import FRAMES, ExperimentError, RunStore, fingerprint
from ekosim.model import DAYS_PER_YEAR, run
from ekosim.provenance import read_provenance, write_provenance
from ekosim.results import window_days, window_means, write_atomic
from ekosim.scenario import Scenario

RUN_KEYS = ["scenario", "point", "replication", "seed"]


@dataclass(frozen=True)
class RunTask:
    """One run: a scenario, a seed, and where it belongs in the experiment."""

    scenario: Scenario
    seed: int
    replication: int
    years: int | None
    point: int = 0


def run_task(task: RunTask) -> dict[str, pd.DataFrame]:
    """Simulate one run; its frames carry the design point next to the scenario name."""
    results = run(task.scenario, seed=task.seed, years=task.years, replication=task.replication)
    frames = {name: getattr(results, name) for name in FRAMES}
    for frame in frames.values():
        frame.insert(1, "point", task.point)
    return frames


@dataclass(frozen=True)
class Execution:
    """Where and how runs execute, and where finished runs are kept.

    ``executor`` None picks Dask when a ``client``, a ``scheduler`` address or ``workers`` > 1
    is given (a local cluster of ``workers`` processes, bound to 127.0.0.1), else serial.
    With ``out``, each finished run is written as it completes and a rerun resumes.
    """

    workers: int = 1
    executor: ExecutorName | None = None
    scheduler: str | None = None
    client: Any = None
    out: Path | None = None
    overwrite: bool = False
    progress: bool = False


def _empty() -> pd.DataFrame:
    return pd.DataFrame()


@dataclass(frozen=True)
class ExperimentResults:
    """Outcomes of many runs: one tidy frame, its summary with 95 % CIs, and the raw frames.

    ``runs``: one row per run and KPI (``scenario, point, replication, seed, kpi, value`` and,
    in a sweep, one column per parameter); a run's value is the KPI's mean over the final
    year's observations that start after the warm-up. The raw frames are every frame of a
    single run (``ekosim.results.Results``: kpis, flows, ledger, waits, decisions,
    partner_decisions), every run's rows with its ``scenario``, design ``point`` and
    ``replication``.
    """

    runs: pd.DataFrame
    summary: pd.DataFrame
    kpis: pd.DataFrame
    flows: pd.DataFrame
    ledger: pd.DataFrame
    differences: pd.DataFrame | None = None
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    waits: pd.DataFrame = field(default_factory=_empty)
    decisions: pd.DataFrame = field(default_factory=_empty)
    partner_decisions: pd.DataFrame = field(default_factory=_empty)
    # the reproducibility record (ekosim.provenance): versions, call, root seed, scenarios
    provenance: dict[str, Any] = field(default_factory=dict)

    def write(self, out: Path, *, call: str | None = None) -> list[Path]:
        """Write results.parquet, summary.csv (and differences.csv and the ``extra``
        tables), the raw frames and provenance.json; ``call`` (the command line) replaces
        the Python call in the record."""
        out.mkdir(parents=True, exist_ok=True)
        written = [
            write_atomic(out / "results.parquet", self.runs),
            write_atomic(out / "summary.csv", self.summary.to_csv(index=False)),
            *(write_atomic(out / f"{name}.parquet", getattr(self, name)) for name in FRAMES),
        ]
        tables = dict(self.extra)
        if self.differences is not None:
            tables["differences"] = self.differences
        written += [
            write_atomic(out / f"{name}.csv", table.to_csv(index=False))
            for name, table in tables.items()
        ]
        record = self.provenance | ({"call": call} if call else {})
        return [*written, write_provenance(out, record)]

    @classmethod
    def read(cls, folder: Path) -> ExperimentResults:
        """The results ``write`` wrote into ``folder`` (``ekosim.load_results``)."""
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
        tables = {
            path.stem: pd.read_csv(path)
            for path in sorted(folder.glob("*.csv"))
            if path.stem not in ("summary", "differences")
        }
        differences = folder / "differences.csv"
        return cls(
            runs=pd.read_parquet(folder / "results.parquet"),
            summary=pd.read_csv(folder / "summary.csv"),
            differences=pd.read_csv(differences) if differences.is_file() else None,
            extra=tables,
            provenance=read_provenance(folder),
            **frames,
        )

    def write_plots(self, out: Path) -> list[Path]:
        """``kpis.png`` (means with 95 % CIs per KPI) and ``kpis.html`` (plot and table)."""
        from ekosim.experiments.plots import kpi_figure, save_figure

        title = "KPI means with 95% confidence intervals"
        return save_figure(kpi_figure(self.summary), out, "kpis", title, self.summary)


def execute_plan(
    tasks: Sequence[RunTask], kind: str, execution: Execution
) -> list[dict[str, pd.DataFrame]]:
    """Every task's frames, running only those not already finished in ``execution.out``."""
    description = {
        "kind": kind,
        "runs": [
            (
                fingerprint(task.scenario.model_dump(mode="json")),
                task.point,
                task.replication,
                task.seed,
                task.years,
            )
            for task in tasks
        ],
    }
    store = RunStore(execution.out, description, overwrite=execution.overwrite)
    finished = store.finished() & set(range(len(tasks)))
    todo = [i for i in range(len(tasks)) if i not in finished]
    executor = choose_executor(
        execution.executor,
        workers=execution.workers,
        scheduler=execution.scheduler,
        client=execution.client,
    )
    if finished and execution.progress:
        print(f"resuming: {len(finished)} of {len(tasks)} runs already done", file=sys.stderr)
    with tqdm(
        total=len(tasks),
        initial=len(finished),
        unit="run",
        desc=kind,
        file=sys.stderr,
        disable=not execution.progress,
        leave=False,
    ) as bar:
        for position, frames in execute(
            run_task,
            [tasks[i] for i in todo],
            executor=executor,
            workers=execution.workers,
            scheduler=execution.scheduler,
            client=execution.client,
        ):
            store.save(todo[position], frames)
            bar.update()
    return [store.load(i) for i in range(len(tasks))]


def check_warmup(scenario: Scenario, years: int | None, warmup_days: int) -> None:
    days = (years or scenario.horizon_years) * DAYS_PER_YEAR
    if warmup_days < 0 or warmup_days + scenario.reporting.kpi_interval_days > days:
        raise ExperimentError(
            f"warm-up of {warmup_days} days leaves no KPI window in a {days}-day run"
        )


def run_outcomes(kpis: pd.DataFrame, *, warmup_days: int) -> pd.DataFrame:
    """Each run's KPI values: the mean over final-year windows that start after the warm-up,
    weighted by the windows' days.

    A window observed on day ``d`` covers its ``window_days`` days up to ``d``; only windows
    that start after the warm-up's last day are kept.
    """
    kpis = kpis.assign(window_days=window_days(kpis))
    day = kpis["day"]
    end = kpis.groupby(RUN_KEYS, sort=False)["day"].transform("max")
    kept = kpis[(day > end - DAYS_PER_YEAR) & (day - kpis["window_days"] >= warmup_days)]
    return window_means(kept, RUN_KEYS).rename("value").reset_index()


def assemble(
    tasks: Sequence[RunTask],
    frames: Sequence[dict[str, pd.DataFrame]],
    *,
    warmup_days: int,
    by: list[str],
    parameters: pd.DataFrame | None = None,
    record: dict[str, Any] | None = None,
) -> ExperimentResults:
    """One ExperimentResults from every run's frames, in plan order; ``record``: its
    provenance."""
    raw = {name: pd.concat([f[name] for f in frames], ignore_index=True) for name in FRAMES}
    outcomes = pd.concat(
        [run_outcomes(f["kpis"], warmup_days=warmup_days) for f in frames],
        ignore_index=True,
    )
    if parameters is not None:
        outcomes = outcomes.merge(parameters, on="point", how="left")
    return ExperimentResults(outcomes, summarise(outcomes, by), **raw, provenance=record or {})


def with_differences(results: ExperimentResults, baseline: str) -> ExperimentResults:
    return replace(results, differences=paired_differences(results.runs, baseline))


def python_call(function: str, first: Any, **options: Any) -> str:
    """How a Python call is recorded in provenance: ``function(first, option=value, ...)``,
    options left at None omitted."""
    shown = [repr(first), *(f"{k}={v!r}" for k, v in options.items() if v is not None)]
    return f"{function}({', '.join(shown)})"
