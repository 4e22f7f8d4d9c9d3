"""Results: the tidy frames of one run, a summary on the three KPI levels, and export."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from ekosim.catalogue import KPIS, LEVELS
from ekosim.clock import DAYS_PER_YEAR
from ekosim.scenario import Scenario

if TYPE_CHECKING:
    from ekosim.experiments.engine import ExperimentResults
    from ekosim.model import EcosystemModel

KPI_COLUMNS = ["scenario", "replication", "seed", "day", "kpi", "value"]
FLOW_COLUMNS = [
    "scenario",
    "replication",
    "day",
    "service",
    "arrivals",
    "started",
    "completed",
    "abandoned",
    "queue_end",
    "mean_wait_days",
]
LEDGER_COLUMNS = ["scenario", "replication", "year", "partner", "item", "amount_eur"]
# The columns that tell runs apart in a kpis frame of one or many runs.
RUN_KEY_COLUMNS = ("scenario", "point", "replication", "seed")


def window_days(kpis: pd.DataFrame) -> pd.Series:
    """Each row's window length in days: its day less the day of the run's previous window
    of that KPI (the day itself for the first window). Rows are in day order within a run."""
    keys = [c for c in RUN_KEY_COLUMNS if c in kpis.columns] + ["kpi"]
    previous = kpis.groupby(keys, sort=False)["day"].shift(1).fillna(0)
    return kpis["day"] - previous.astype(kpis["day"].dtype)


def window_means(kpis: pd.DataFrame, by: list[str]) -> pd.Series:
    """Each KPI's mean over the rows of ``kpis`` (grouped by ``by`` and the KPI), weighted
    by the ``window_days`` column: a year's windows of 30 and 31 days count as such."""
    weighted = kpis.assign(weighted=kpis["value"] * kpis["window_days"])
    sums = weighted.groupby([*by, "kpi"], sort=False)[["weighted", "window_days"]].sum()
    return sums["weighted"] / sums["window_days"]


# The files ``Results.write`` puts in a run's --out folder.
RUN_FILES = (
    "kpis.parquet",
    "flows.parquet",
    "ledger.parquet",
    "decisions.parquet",
    "waits.parquet",
    "partner_decisions.parquet",
    "summary.json",
    "scenario.resolved.yaml",
    "provenance.json",
)
DECISION_COLUMNS = ["scenario", "replication", "year", "decision", "amount_eur", "note"]
# Waiting-time distribution: contacts a service started in a year after waiting ``wait_days``
# whole days (the last count, ekosim.model.WAIT_DAYS_CAP, holds that many days or more).
WAIT_COLUMNS = ["scenario", "replication", "year", "service", "wait_days", "contacts"]
# The partners' yearly decisions (staffing mix, digital investment); ``value`` is in ``unit``.
PARTNER_DECISION_COLUMNS = [
    "scenario",
    "replication",
    "year",
    "partner",
    "decision",
    "value",
    "unit",
    "note",
]


def _no_decisions() -> pd.DataFrame:
    return pd.DataFrame(columns=DECISION_COLUMNS)


def _no_waits() -> pd.DataFrame:
    return pd.DataFrame(columns=WAIT_COLUMNS)


def _no_partner_decisions() -> pd.DataFrame:
    return pd.DataFrame(columns=PARTNER_DECISION_COLUMNS)


def _partner_decisions(model: EcosystemModel, name: str, replication: int) -> pd.DataFrame:
    rows = [
        (name, replication, year, provider.name, *decision)
        for provider in model.providers.values()
        for year, *decision in provider.log
    ]
    frame = pd.DataFrame(rows, columns=PARTNER_DECISION_COLUMNS)
    return frame.astype({"year": "int64", "value": "float64"}) if rows else frame


@dataclass(frozen=True)
class Results:
    """One run's (or many runs') results as long, tidy frames."""

    scenario: Scenario
    kpis: pd.DataFrame
    flows: pd.DataFrame
    ledger: pd.DataFrame
    decisions: pd.DataFrame = field(default_factory=_no_decisions)  # alliance decision log
    waits: pd.DataFrame = field(default_factory=_no_waits)  # waiting-time distribution
    partner_decisions: pd.DataFrame = field(default_factory=_no_partner_decisions)

    @classmethod
    def from_model(cls, model: EcosystemModel, *, seed: int, replication: int = 0) -> Results:
        name = model.scenario.name
        kpis = pd.DataFrame(model.kpis.rows, columns=["day", "kpi", "value"])
        kpis.insert(0, "seed", seed)
        kpis.insert(0, "replication", replication)
        kpis.insert(0, "scenario", name)
        flows = pd.DataFrame(model.flow_rows, columns=FLOW_COLUMNS[2:])
        flows.insert(0, "replication", replication)
        flows.insert(0, "scenario", name)
        ledger = model.ledger.frame()
        ledger.insert(0, "replication", replication)
        ledger.insert(0, "scenario", name)
        log = model.alliance.log if model.alliance is not None else []
        decisions = pd.DataFrame(log, columns=DECISION_COLUMNS[2:])
        decisions.insert(0, "replication", replication)
        decisions.insert(0, "scenario", name)
        return cls(
            model.scenario,
            kpis[KPI_COLUMNS],
            flows[FLOW_COLUMNS],
            ledger[LEDGER_COLUMNS],
            decisions[DECISION_COLUMNS],
            _wait_frame(model.wait_counts, name, replication),
            _partner_decisions(model, name, replication),
        )

    def final_kpis(self, last_days: int = DAYS_PER_YEAR) -> pd.Series:
        """Each KPI's mean over the windows of the last ``last_days`` days, weighted by the
        windows' days."""
        kpis = self.kpis.assign(window_days=window_days(self.kpis))
        recent = kpis[kpis["day"] > kpis["day"].max() - last_days]
        return window_means(recent, [])

    def summary(self) -> pd.DataFrame:
        """KPIs of the final year by level, with unit and which direction is better."""
        values = self.final_kpis()
        rows = [
            (kpi.level, kpi.name, values.get(kpi.name, float("nan")), kpi.unit, kpi.better)
            for kpi in KPIS.values()
            if kpi.name in values
        ]
        frame = pd.DataFrame(rows, columns=["level", "kpi", "value", "unit", "better"])
        frame["level"] = pd.Categorical(frame["level"], categories=LEVELS, ordered=True)
        return frame.sort_values("level", kind="stable").reset_index(drop=True)

    @property
    def seed(self) -> int:
        """The run's seed (of its first replication, if it holds several)."""
        return int(self.kpis["seed"].iloc[0]) if len(self.kpis) else 0

    def write(self, out: Path, *, call: str | None = None) -> list[Path]:
        """Write the frames, summary.json, scenario.resolved.yaml and provenance.json
        (``RUN_FILES``) into ``out``, each atomically. ``call``: the command line or Python
        call that made the results, for the provenance record (default: the equivalent
        ``ekosim.run`` of the resolved scenario)."""
        from ekosim.provenance import provenance, write_provenance

        out.mkdir(parents=True, exist_ok=True)
        days = int(self.kpis["day"].max()) if len(self.kpis) else 0
        summary = {
            "scenario": self.scenario.name,
            "days": days,
            "kpis": {
                row.kpi: {
                    "level": row.level,
                    "value": None if pd.isna(row.value) else row.value,  # JSON has no NaN
                    "unit": row.unit,
                }
                for row in self.summary().itertuples()
            },
        }
        # Python mode keeps dates as dates (YAML's own), so the file loads back as a scenario.
        resolved = self.scenario.model_dump(mode="python")
        contents: list[str | pd.DataFrame] = [
            self.kpis,
            self.flows,
            self.ledger,
            self.decisions,
            self.waits,
            self.partner_decisions,
            json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
            yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True),
        ]
        written = [
            write_atomic(out / name, content)
            for name, content in zip(RUN_FILES[:-1], contents, strict=True)
        ]
        years = days // 365
        call = call or f"ekosim.run('scenario.resolved.yaml', seed={self.seed}, years={years})"
        record = provenance(call=call, seed=self.seed, scenarios=[self.scenario])
        return [*written, write_provenance(out, record)]

    @classmethod
    def read(cls, folder: Path) -> Results:
        """A run's results back from the folder ``write`` wrote."""
        from ekosim.scenario import load_scenario

        frames = {
            name.removesuffix(".parquet"): pd.read_parquet(folder / name)
            for name in RUN_FILES
            if name.endswith(".parquet")
        }
        scenario = load_scenario(folder / "scenario.resolved.yaml")
        return cls(scenario, **frames)


def load_results(folder: str | Path) -> Results | ExperimentResults:
    """Read a results folder back: ``Results`` from ``ekosim run --out`` (or
    ``Results.write``), ``ExperimentResults`` from an experiment's folder (``compare``,
    ``run --replications``, ``sweep``, ``sensitivity``: the one with ``results.parquet``).
    Its reproducibility record is ``ekosim.provenance.read_provenance(folder)``."""
    folder = Path(folder)
    if (folder / "results.parquet").is_file():
        from ekosim.experiments.engine import ExperimentResults

        return ExperimentResults.read(folder)
    missing = [name for name in RUN_FILES[:-1] if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{folder}: not a results folder (no results.parquet, and missing {', '.join(missing)})"
        )
    return Results.read(folder)


def _wait_frame(
    counts: dict[tuple[int, str], np.ndarray], scenario: str, replication: int
) -> pd.DataFrame:
    """The model's wait counts as a tidy frame, the days with no contacts left out."""
    rows = [
        (scenario, replication, year, service, int(days), int(contacts[days]))
        for (year, service), contacts in counts.items()
        for days in np.flatnonzero(contacts)
    ]
    return pd.DataFrame(rows, columns=WAIT_COLUMNS) if rows else _no_waits()


def write_atomic(path: Path, content: str | bytes | pd.DataFrame) -> Path:
    """Write to a temporary file beside ``path``, flush it to disk, then rename: ``path`` is
    either its old self or complete, never half-written; a failed write leaves no temporary."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("wb") as file:
            if isinstance(content, pd.DataFrame):
                content.to_parquet(file, index=False)
            else:
                file.write(content.encode("utf-8") if isinstance(content, str) else content)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
