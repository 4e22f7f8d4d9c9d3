"""What the planner shows, computed without Panel: replicated runs, means with 95% CIs, tables.

Every function takes and returns plain pandas frames, so the app logic is tested without a
browser and the Panel layer only lays the frames out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import ekosim
from apps import texts
from ekosim.actors.staffing import ServiceCapacity, daily_capacity
from ekosim.experiments import t_interval
from ekosim.kpis import KPIS
from ekosim.scenario import Problem, ScenarioError, bundled_scenarios, load_scenario
from ekosim.scenario.yamlsource import MAX_FILE_BYTES, parse_yaml

UPLOAD_NAME = "uploaded scenario"
FRAMES = ("kpis", "flows", "ledger", "waits")
# Waiting-time classes for the distribution, whole days (lower, upper inclusive): same day, a
# week, two weeks (the under-23s' care guarantee), a month, three months (the 23+ guarantee).
WAIT_CLASSES = ((0, 0), (1, 7), (8, 14), (15, 30), (31, 90), (91, None))


@dataclass(eq=False)
class RunSet:
    """The replications of one scenario so far, as concatenated tidy frames (compared by
    identity: two run sets of the same scenario are still two runs)."""

    label: str
    scenario: ekosim.Scenario
    kpis: pd.DataFrame = field(default_factory=pd.DataFrame)
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)
    ledger: pd.DataFrame = field(default_factory=pd.DataFrame)
    waits: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def replications(self) -> int:
        return int(self.kpis["replication"].nunique()) if len(self.kpis) else 0

    def put(self, results: ekosim.Results) -> None:
        """Add a replication's results, replacing what an unfinished run of it gave before;
        the rows stay in replication order, however the replications arrive (in parallel)."""
        replication = int(results.kpis["replication"].iloc[0]) if len(results.kpis) else -1
        for name in FRAMES:
            old: pd.DataFrame = getattr(self, name)
            if len(old):
                old = old[old["replication"] != replication]
            frame = pd.concat([old, getattr(results, name)], ignore_index=True)
            if len(frame) and "replication" in frame:
                frame = frame.sort_values("replication", kind="stable", ignore_index=True)
            setattr(self, name, frame)


def mean_ci(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """Mean and its 95% t-interval over replications (NaN ends with fewer than two)."""
    return t_interval(np.asarray(values, dtype=float))


def kpi_ci(values: pd.Series | np.ndarray, kpi: str) -> tuple[float, float, float]:
    """A KPI's mean and 95% t-interval, the interval within the values the KPI can take: with
    few replications a wait's interval reached -100 days, a share's below 0 %."""
    mean, low, high = mean_ci(values)
    lowest, highest = KPIS[kpi].bounds
    return mean, float(np.clip(low, lowest, highest)), float(np.clip(high, lowest, highest))


def kpi_bands(kpis: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """One KPI over time: mean over replications and its 95% band, per observation day."""
    rows = kpis[kpis["kpi"] == kpi]
    bands = [(day, *kpi_ci(group["value"], kpi)) for day, group in rows.groupby("day")]
    return pd.DataFrame(bands, columns=["day", "mean", "low", "high"])


def final_year(kpis: pd.DataFrame, days: int = 365) -> pd.DataFrame:
    """Each replication's mean of each KPI over the last ``days`` days: replication x kpi."""
    if kpis.empty:
        return pd.DataFrame()
    recent = kpis[kpis["day"] > kpis["day"].max() - days]
    return recent.pivot_table(index="replication", columns="kpi", values="value", aggfunc="mean")


def contract_targets(scenario: ekosim.Scenario) -> dict[str, float]:
    return {target.name: target.target for target in scenario.contract.kpis}


def scorecard(changed: RunSet, baseline: RunSet | None = None) -> pd.DataFrame:
    """Final-year KPIs on three levels, with CIs, the paired change from the baseline and status.

    Replications share seeds across scenarios (common random numbers), so the change is the
    mean of per-replication differences, which is far tighter than the difference of means.
    ``status`` is better, worse, or "no clear change" while the change's CI includes zero;
    ``target_status`` says whether the contract's target for the KPI (if any) is met.
    """
    values = final_year(changed.kpis)
    base = final_year(baseline.kpis) if baseline is not None else pd.DataFrame()
    targets = contract_targets(changed.scenario)
    rows = []
    for kpi in KPIS.values():
        if kpi.name not in values:
            continue
        mean, low, high = kpi_ci(values[kpi.name], kpi.name)
        row: dict[str, Any] = {
            "level": kpi.level,
            "kpi": kpi.name,
            "unit": kpi.unit,
            "better": kpi.better,
            "value": mean,
            "low": low,
            "high": high,
            "baseline": np.nan,
            "change": np.nan,
            "change_low": np.nan,
            "change_high": np.nan,
            "target": targets.get(kpi.name, np.nan),
        }
        if kpi.name in base:
            paired = values[kpi.name].sub(base[kpi.name]).dropna()
            row["baseline"] = mean_ci(base[kpi.name])[0]
            row["change"], row["change_low"], row["change_high"] = mean_ci(paired)
        row["status"] = _status(row, kpi.better)
        row["target_status"] = _target_status(row, kpi.better)
        rows.append(row)
    return _care_not_given(pd.DataFrame(rows))


# Money KPIs, and the KPIs that say whether care was given: a lower cost that comes with more
# unmet need or longer waits is care not given, not a saving.
COST_KPIS = ("cost_per_resident_eur_year", "specialist_care_eur_per_resident_year")
CARE_GIVEN_KPIS = (
    "unmet_need_share",
    "median_wait_days",
    "p90_wait_days",
    "within_guarantee_share",
    "waiting_at_end",
    "abandonment_share",
    "home_care_visits_missed_share",
    "home_service_orders_unmet_share",
)


def _care_not_given(card: pd.DataFrame) -> pd.DataFrame:
    """A cost "better" while unmet need or waits are worse becomes ``care_not_given``."""
    if card.empty:
        return card
    worse = card["kpi"].isin(CARE_GIVEN_KPIS) & (card["status"] == "worse")
    if worse.any():
        cheaper = card["kpi"].isin(COST_KPIS) & (card["status"] == "better")
        card.loc[cheaper, "status"] = "care_not_given"
    return card


def _status(row: Mapping[str, Any], better: str) -> str:
    """Better, worse or no clear change against the baseline (paired CI of the change)."""
    if np.isnan(row["change"]):
        return "no_baseline"
    low, high = row["change_low"], row["change_high"]
    if np.isnan(low):  # one replication: the direction only, if the change shows at all
        if texts.rounds_to_zero(row["change"], str(row["unit"])):
            return "no_clear_change"
        low = high = row["change"]
    sign = 1 if better == "higher" else -1
    if sign * low > 0 and sign * high > 0:
        return "better"
    if sign * low < 0 and sign * high < 0:
        return "worse"
    return "no_clear_change"


def _target_status(row: Mapping[str, Any], better: str) -> str:
    if np.isnan(row["target"]):
        return "no_target"
    sign = 1 if better == "higher" else -1
    return "meets_target" if sign * (row["value"] - row["target"]) >= 0 else "misses_target"


def compare_table(runsets: Sequence[RunSet]) -> pd.DataFrame:
    """Final-year KPI means with CIs for up to four scenarios, and each one's paired difference
    from the first (the reference), with its CI."""
    reference = final_year(runsets[0].kpis)
    rows = []
    for kpi in KPIS.values():
        if kpi.name not in reference:
            continue
        for position, runset in enumerate(runsets):
            values = final_year(runset.kpis)
            if kpi.name not in values:
                continue
            mean, low, high = kpi_ci(values[kpi.name], kpi.name)
            diff = (np.nan, np.nan, np.nan)
            if position:
                diff = mean_ci(values[kpi.name].sub(reference[kpi.name]).dropna())
            rows.append((kpi.name, kpi.unit, runset.label, mean, low, high, *diff))
    return pd.DataFrame(
        rows,
        columns=["kpi", "unit", "scenario", "mean", "low", "high", "diff", "diff_low", "diff_high"],
    )


def compare_deltas(runsets: Sequence[RunSet]) -> pd.DataFrame:
    """Each compared scenario's paired change from the first, per KPI, also in percent of the
    first scenario's value (so KPIs of different units share one axis), with the KPI's level
    and direction and the change's status (better, worse, no clear change). KPIs whose first
    value is zero have no percent (NaN)."""
    table = compare_table(runsets)
    columns = [*table.columns, "level", "better", "reference", "relative"]
    columns += ["relative_low", "relative_high", "status"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    reference = table.groupby("kpi", sort=False)["mean"].first()
    deltas = table[table["diff"].notna()].copy()
    if deltas.empty:  # one scenario: nothing to compare it with
        return pd.DataFrame(columns=columns)
    deltas["level"] = deltas["kpi"].map(lambda kpi: KPIS[kpi].level)
    deltas["better"] = deltas["kpi"].map(lambda kpi: KPIS[kpi].better)
    deltas["reference"] = deltas["kpi"].map(reference)
    scale = 100.0 / deltas["reference"].abs().where(deltas["reference"].abs() > 1e-12)
    for column, source in (("relative", "diff"), ("relative_low", "diff_low")):
        deltas[column] = deltas[source] * scale
    deltas["relative_high"] = deltas["diff_high"] * scale
    from_zero = scale.isna() & (deltas["diff"] != 0)  # a change from zero: no percent
    deltas.loc[from_zero, "relative"] = np.sign(deltas.loc[from_zero, "diff"]) * np.inf
    deltas["status"] = [
        _status(
            {
                "change": row.diff,
                "change_low": row.diff_low,
                "change_high": row.diff_high,
                "unit": row.unit,
            },
            str(row.better),
        )
        for row in deltas.itertuples()
    ]
    flagged = [_care_not_given(part.copy()) for _, part in deltas.groupby("scenario", sort=False)]
    return pd.concat(flagged)[columns].sort_index().reset_index(drop=True)


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Per year and partner, mean over replications: costs, revenue, purchases and the result.

    A partner's result is revenue minus costs; the purchaser's is minus its purchases and its
    own production costs.
    """
    if ledger.empty:
        return pd.DataFrame(columns=["year", "partner", "cost", "revenue", "purchase", "result"])
    kind = ledger["item"].str.split(".", n=1).str[0]
    totals = (
        ledger.assign(kind=kind)
        .pivot_table(
            index=["replication", "year", "partner"],
            columns="kind",
            values="amount_eur",
            aggfunc="sum",
            fill_value=0.0,
        )
        .reindex(columns=["cost", "revenue", "purchase"], fill_value=0.0)
        .groupby(["year", "partner"])
        .mean()
        .reset_index()
    )
    totals["result"] = totals["revenue"] - totals["cost"] - totals["purchase"]
    totals.columns.name = None
    return totals


def wait_class_label(lower: int, upper: int | None) -> str:
    if upper is None:
        return f"{lower}+"
    return str(lower) if lower == upper else f"{lower}–{upper}"


def wait_distribution(
    waits: pd.DataFrame, services: Sequence[str] | None = None, years: int = 1
) -> pd.DataFrame:
    """The share of contacts started after each waiting-time class (``WAIT_CLASSES``) in the
    last ``years`` years, per service and for all ``services`` together (service ``""``):
    mean share over replications and its 95% CI, with the median and 90th percentile wait
    (days) of the pooled counts."""
    columns = ["service", "wait_class", "share", "low", "high", "median", "p90"]
    if waits.empty:
        return pd.DataFrame(columns=columns)
    recent = waits[waits["year"] > waits["year"].max() - years]
    if services is not None:
        recent = recent[recent["service"].isin(list(services))]
    bins = [lower for lower, _ in WAIT_CLASSES][1:]
    recent = recent.assign(
        wait_class=np.searchsorted(bins, recent["wait_days"].to_numpy(), side="right")
    )
    rows = []
    groups = [(service, part) for service, part in recent.groupby("service", sort=False)]
    for service, part in [("", recent), *groups]:
        counts = part.pivot_table(
            index="replication",
            columns="wait_class",
            values="contacts",
            aggfunc="sum",
            fill_value=0,
        ).reindex(columns=range(len(WAIT_CLASSES)), fill_value=0)
        shares = counts.div(counts.sum(axis=1), axis=0)
        pooled = part.groupby("wait_days")["contacts"].sum()
        cumulative = pooled.cumsum() / pooled.sum()
        median = float(cumulative.index[np.searchsorted(cumulative.to_numpy(), 0.5)])
        p90 = float(cumulative.index[np.searchsorted(cumulative.to_numpy(), 0.9)])
        for position, (lower, upper) in enumerate(WAIT_CLASSES):
            share, low, high = mean_ci(shares[position])
            rows.append(
                (str(service), wait_class_label(lower, upper), share, low, high, median, p90)
            )
    return pd.DataFrame(rows, columns=columns)


def labelled(runsets: Sequence[RunSet], frame: str = "kpis") -> pd.DataFrame:
    """One frame of several run sets, each row with its run set's label in ``series``."""
    parts = [getattr(r, frame).assign(series=r.label) for r in runsets if len(getattr(r, frame))]
    if not parts:
        return pd.DataFrame()
    combined = pd.concat(parts, ignore_index=True)
    return combined[["series", *[c for c in combined.columns if c != "series"]]]


def service_table(flows: pd.DataFrame) -> pd.DataFrame:
    """Per channel or service over the run, mean over replications: yearly arrivals, starts,
    abandonments, the wait of the average start and the queue at the end."""
    if flows.empty:
        return pd.DataFrame()
    years = (flows["day"].max() + 1) / 365
    per_run = (
        flows.assign(waited=flows["started"] * flows["mean_wait_days"])
        .groupby(["replication", "service"], sort=False)
        .agg(
            arrivals=("arrivals", "sum"),
            started=("started", "sum"),
            abandoned=("abandoned", "sum"),
            waited=("waited", "sum"),
            queue_end=("queue_end", "last"),
        )
    )
    per_run["mean_wait_days"] = per_run["waited"] / per_run["started"].where(per_run["started"] > 0)
    table = per_run.groupby("service", sort=False).mean()
    for column in ("arrivals", "started", "abandoned"):
        table[column] = table[column] / years
    return table.drop(columns="waited").reset_index()


def queue_over_time(flows: pd.DataFrame) -> pd.DataFrame:
    """Queue length at the end of each week per service, mean over replications."""
    if flows.empty:
        return pd.DataFrame(columns=["week", "service", "queue_end"])
    weekly = flows[flows["day"] % 7 == 6]
    return (
        weekly.assign(week=weekly["day"] // 7)
        .groupby(["week", "service"], sort=False)["queue_end"]
        .mean()
        .reset_index()
    )


def staff_limits(scenario: ekosim.Scenario) -> list[ServiceCapacity]:
    """The services whose staff deliver fewer contacts a day than their slots: there, more
    slots (the capacity lever) change nothing and only more staff help."""
    return [capacity for capacity in daily_capacity(scenario).values() if capacity.staff_bound]


def read_uploaded_scenario(text: str) -> ekosim.Scenario:
    """Validate an uploaded scenario.

    The upload's own name is never used as a path, and ``extends:`` may name only a bundled
    scenario, so an upload cannot make the server read its files. Problems carry the upload's
    line numbers.
    """
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(UPLOAD_NAME, None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")]
        )
    document = parse_yaml(text, UPLOAD_NAME)
    data = dict(document.data)
    parent = data.get("extends")
    if parent is not None and (not isinstance(parent, str) or parent not in bundled_scenarios()):
        names = ", ".join(bundled_scenarios())
        line = document.lines.get(("extends",))
        raise ScenarioError(
            [
                Problem(
                    UPLOAD_NAME, line, "extends", f"must name a bundled scenario ({names})", parent
                )
            ]
        )
    if parent is not None:
        data["extends"] = str(bundled_scenarios()[parent])
    try:
        return load_scenario(data)
    except ScenarioError as error:
        problems = [_with_line(problem, document.lines) for problem in error.problems]
        raise ScenarioError(problems) from None


def _with_line(problem: Problem, lines: Mapping[tuple[str | int, ...], int]) -> Problem:
    """The problem pointed at the upload's line for its field (or the field's section)."""
    parts: tuple[str | int, ...] = tuple(
        int(part) if part.isdigit() else part for part in problem.path.split(".") if part
    )
    line = next(
        (lines[parts[:end]] for end in range(len(parts), 0, -1) if parts[:end] in lines), None
    )
    return Problem(UPLOAD_NAME, line, problem.path, problem.message, problem.value)


def plain_problems(error: ScenarioError, lang: str = "en") -> list[str]:
    """Each problem in plain words in ``lang``: the line, the field and what is wrong (no file
    names, no "<document>" for the file as a whole)."""
    plain = []
    for problem in error.problems:
        where = f"{problem.file}:{problem.line}" if problem.line is not None else problem.file
        written = str(problem).removeprefix(f"{where}: ").removeprefix("<document>: ")
        head, found, tail = written.rpartition(problem.message)
        if found and lang != "en":
            got = f" ({texts.text('got', lang)} "
            written = (
                head + texts.problem_words(problem.message, lang) + tail.replace(" (got ", got, 1)
            )
        line = f"{texts.text('line', lang)} {problem.line}: " if problem.line is not None else ""
        plain.append(line + written)
    return plain
