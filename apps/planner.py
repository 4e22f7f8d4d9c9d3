"""The planner: change a lever, run, and see the consequences over the years with 95% CIs.

Started by ``ekosim serve planner``. The state (scenario, levers, run settings, view) lives
in ``param`` parameters mirrored in the URL, so a shared link restores it. The numbers come
from ``apps.planner_data``; this module only lays them out.
"""

from __future__ import annotations

import asyncio
import html
import io
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import panel as pn
import param
import yaml
from bokeh.models import (
    ColumnDataSource,
    DataRange1d,
    FactorRange,
    HoverTool,
    NumeralTickFormatter,
)
from bokeh.plotting import figure
from panel.links import Callback
from panel.reactive import Reactive

import ekosim
from apps import planner_data as data
from apps.texts import LANGUAGES, kpi_name, number, quantity, text, unit_label
from apps.texts import change as change_text
from ekosim.actors.staffing import ServiceCapacity
from ekosim.experiments import replication_seeds
from ekosim.kpis import KPIS, LEVELS
from ekosim.scenario import ScenarioError, bundled_scenarios

pn.extension(sizing_mode="stretch_width", notifications=False)

DEFAULT_SCENARIO = "tesoma-alliance"
VIEWS = ("scorecard", "timeseries", "ledger", "risk", "waiting", "flows", "compare")
# The schema's payment models, in the order a planner weighs them.
CONTRACT_MODELS = ("in_house", "fee_for_service", "capitation", "fixed_price", "alliance")
MAX_KPI_WEIGHTS = 6  # a contract has at most six KPIs (ContractSpec.kpis)
KPI_WEIGHTS = tuple(f"kpi_weight_{slot}" for slot in range(1, MAX_KPI_WEIGHTS + 1))
# The planner's choices (policy levers)...
LEVERS = (
    "contract_model",
    "gain_share",
    "pain_share",
    "fee_at_risk",
    "capacity_pct",
    "digital_share",
    "guarantee_under_23",
    "guarantee_23_over",
    "integration_level",
    "staff_pct",
    "ngo_capacity_pct",
    "integrator_enabled",
    "reinvest_share",
    *KPI_WEIGHTS,
)
# ...and what it cannot choose but may doubt (uncertainties): the baseline with these changed
# is drawn beside the baseline and the scenario.
ASSUMPTIONS = ("demand_pct", "vacancy_pp")
MAX_VACANCY_RATE = 0.95
UNDOABLE = ("scenario", *LEVERS, *ASSUMPTIONS, "years", "replications", "seed")
URL_NAMES = {name: name for name in ("language", *UNDOABLE, "view", "plot_kpi")}
MAX_COMPARED = 4
EXPORTS = ("export_yaml", "export_csv", "export_parquet", "export_png")
BASELINE_COLOUR, ASSUMED_COLOUR, CHANGED_COLOUR = "#8a94a6", "#d9822b", "#1f5fa8"
SERIES_COLOURS = ("#1f5fa8", "#d9822b", "#2f9e6e", "#b83a4b", "#6f52b5", "#8a94a6")

STYLE = """
:host { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
table.ek { border-collapse: collapse; width: 100%; font-size: 13.5px; }
table.ek th { text-align: left; font-weight: 600; color: #44506a; border-bottom: 2px solid #d5dbe6;
  padding: 6px 8px; white-space: nowrap; }
table.ek td { padding: 5px 8px; border-bottom: 1px solid #edf0f5; }
table.ek td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.ek tr.level td { background: #f3f6fa; font-weight: 600; color: #1b2a41; padding-top: 10px; }
table.ek .muted { color: #7a8599; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.status.better, .status.meets_target { background: #e2f4ea; color: #1c6b41; }
.status.worse, .status.misses_target { background: #fbe5e7; color: #9b1c2e; }
.status.no_clear_change { background: #eef1f5; color: #55607a; }
.note { color: #55607a; font-size: 12.5px; margin: 6px 0 0 0; }
.problems { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px;
  color: #5c3b00; font-size: 13.5px; }
.problems ul { margin: 4px 0 0 18px; padding: 0; }
.staff-limit { background: #fff4e5; border-left: 4px solid #d9822b; padding: 6px 10px;
  color: #5c3b00; font-size: 12.5px; }
.staff-limit ul { margin: 4px 0 0 16px; padding: 0; }
.changes { color: #1b2a41; font-size: 13.5px; }
.changes code { background: #eef3fb; padding: 1px 5px; border-radius: 4px; }
"""
HEADER_STYLE = """
:host { background: #1b2a41; color: white; padding: 10px 18px; }
h1 { font-size: 20px; margin: 0; font-weight: 600; letter-spacing: .2px; }
p { margin: 2px 0 0 0; color: #c5d0e0; font-size: 13px; }
"""


class PlannerApp(pn.viewable.Viewer):
    """A scenario, levers on it, replicated runs against its baseline, and the views."""

    language: Any = param.Selector(default="en", objects=list(LANGUAGES))
    scenario: Any = param.Selector(default=DEFAULT_SCENARIO, objects=list(bundled_scenarios()))
    contract_model: Any = param.Selector(default="in_house", objects=list(CONTRACT_MODELS))
    gain_share = param.Number(default=0.5, bounds=(0.0, 1.0), step=0.05)
    pain_share = param.Number(default=0.5, bounds=(0.0, 1.0), step=0.05)
    fee_at_risk = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05)
    capacity_pct = param.Integer(default=100, bounds=(25, 300), step=5)
    digital_share = param.Number(default=0.32, bounds=(0.0, 0.9), step=0.01)
    guarantee_under_23 = param.Integer(default=14, bounds=(0, 365))
    guarantee_23_over = param.Integer(default=90, bounds=(0, 365))
    integration_level = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05)
    staff_pct = param.Integer(default=100, bounds=(25, 200), step=5)
    ngo_capacity_pct = param.Integer(default=100, bounds=(0, 300), step=5)
    integrator_enabled = param.Boolean(default=False)
    reinvest_share = param.Number(default=0.5, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_1 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_2 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_3 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_4 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_5 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    kpi_weight_6 = param.Number(default=0.0, bounds=(0.0, 1.0), step=0.05)
    demand_pct = param.Integer(default=100, bounds=(50, 200), step=5)
    vacancy_pp = param.Integer(default=0, bounds=(-20, 50), step=1)
    years = param.Integer(default=10, bounds=(1, 50))
    replications = param.Integer(default=5, bounds=(1, 30))
    seed = param.Integer(default=0, bounds=(0, 2**31 - 1))
    view: Any = param.Selector(default="scorecard", objects=list(VIEWS))
    plot_kpi: Any = param.Selector(default="within_guarantee_share", objects=list(KPIS))

    message = param.Tuple(default=("ready", {}), length=2, doc="(text key, its values)")
    problems = param.List(default=[], item_type=str)
    progress = param.Integer(default=0)
    running = param.Boolean(default=False)
    results_version = param.Integer(default=0)

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._upload: dict[str, Any] | None = None
        self._quiet = False
        self._history: list[dict[str, Any]] = []
        self._run_token = 0
        self.baseline: data.RunSet | None = None
        self.changed: data.RunSet | None = None
        self.assumed: data.RunSet | None = None  # the baseline under changed assumptions
        self.compared: list[data.RunSet] = []
        self._reset_levers()
        self.param.watch(self._on_user_change, list(UNDOABLE))
        self._widgets: dict[str, Any] = {}
        self._layout: pn.viewable.Viewable | None = None

    # ---- scenario and levers -------------------------------------------------------------

    def base_source(self) -> str | dict[str, Any]:
        return self._upload if self._upload is not None else self.scenario

    def base_scenario(self) -> ekosim.Scenario:
        return ekosim.load_scenario(self.base_source())

    def overrides(self) -> dict[str, Any]:
        """The levers and assumptions as dotted-path overrides, only where they differ from
        the scenario."""
        return {**self.assumption_overrides(), **self.lever_overrides()}

    def assumption_overrides(self) -> dict[str, Any]:
        """The changed assumptions (demand, vacancies) as dotted-path overrides."""
        base = self.base_scenario()
        changed: dict[str, Any] = {}
        if self.demand_pct != 100:
            if base.demand.source == "poisson" and base.demand.arrivals_per_day is not None:
                arrivals = base.demand.arrivals_per_day * self.demand_pct / 100
                changed["demand.arrivals_per_day"] = round(arrivals, 4)
            else:
                contacts = base.demand.contacts_per_resident_year * self.demand_pct / 100
                changed["demand.contacts_per_resident_year"] = round(contacts, 4)
        if self.vacancy_pp:
            for provider, profession, staff in _staff(base):
                rate = min(max(staff.vacancy_rate + self.vacancy_pp / 100, 0.0), MAX_VACANCY_RATE)
                path = f"providers.{provider}.staff.{profession}.vacancy_rate"
                changed[path] = round(rate, 4)
        return changed

    def lever_overrides(self) -> dict[str, Any]:
        """The policy levers as dotted-path overrides, only where they differ from the
        scenario."""
        base = self.base_scenario()
        wanted: dict[str, Any] = {
            "contract.model": self.contract_model,
            "contract.gain_share": self.gain_share,
            "contract.pain_share": self.pain_share,
            "contract.fee_at_risk": self.fee_at_risk,
            "channels.digital_share": round(self.digital_share, 4),
            "care_guarantee.limit_days_under_23": self.guarantee_under_23,
            "care_guarantee.limit_days_23_and_over": self.guarantee_23_over,
        }
        current = base.model_dump(mode="python")
        changed = {path: value for path, value in wanted.items() if _lookup(current, path) != value}
        if self.integration_level != _integration_level(base):  # moved: the section is added
            changed["integration.level"] = round(self.integration_level, 4)
        if self.capacity_pct != 100:
            for name, service in base.services.items():
                capacity = round(service.capacity_per_day * self.capacity_pct / 100)
                changed[f"services.{name}.capacity_per_day"] = capacity
        if self.staff_pct != 100:
            for provider, profession, staff in _staff(base):
                posts = round(staff.posts * self.staff_pct / 100)
                changed[f"providers.{provider}.staff.{profession}.posts"] = posts
        if self.ngo_capacity_pct != 100:
            for name, ngo in base.ngos.items():
                volunteers = round(ngo.volunteers * self.ngo_capacity_pct / 100)
                hours = min(round(ngo.kiosk_hours_per_week * self.ngo_capacity_pct / 100, 2), 168)
                changed[f"ngos.{name}.volunteers"] = volunteers
                changed[f"ngos.{name}.kiosk_hours_per_week"] = hours
        if base.integrator is not None and self.integrator_enabled != base.integrator.enabled:
            changed["integrator.enabled"] = self.integrator_enabled
        management = base.contract.joint_management
        if self.reinvest_share != _reinvest_share(base):
            changed["contract.joint_management.reinvest_share"] = round(self.reinvest_share, 4)
            if management.rule != "reinvest":
                changed["contract.joint_management.rule"] = "reinvest"
        weights = [getattr(self, slot) for slot in KPI_WEIGHTS[: len(base.contract.kpis)]]
        if weights != [target.weight for target in base.contract.kpis]:
            changed["contract.kpis"] = [
                {**target.model_dump(mode="python"), "weight": round(weight, 4)}
                for target, weight in zip(base.contract.kpis, weights, strict=True)
            ]
        return changed

    def assumed_scenario(self) -> ekosim.Scenario:
        """The baseline with the changed assumptions but none of the levers."""
        source = self.base_source()
        if isinstance(source, dict):
            source = self.base_scenario().model_dump(mode="python")
        return ekosim.load_scenario(source, self.assumption_overrides())

    def changed_scenario(self) -> ekosim.Scenario:
        source = self.base_source()
        if isinstance(source, dict):
            source = self.base_scenario().model_dump(mode="python")
        return ekosim.load_scenario(source, self.overrides())

    def _reset_levers(self) -> None:
        base = self.base_scenario()
        values = {
            "contract_model": base.contract.model,
            "gain_share": base.contract.gain_share,
            "pain_share": base.contract.pain_share,
            "fee_at_risk": base.contract.fee_at_risk,
            "capacity_pct": 100,
            "digital_share": base.channels.digital_share,
            "guarantee_under_23": base.care_guarantee.limit_days_under_23,
            "guarantee_23_over": base.care_guarantee.limit_days_23_and_over,
            "integration_level": _integration_level(base),
            "staff_pct": 100,
            "ngo_capacity_pct": 100,
            "integrator_enabled": base.integrator is not None and base.integrator.enabled,
            "reinvest_share": _reinvest_share(base),
            **{slot: 0.0 for slot in KPI_WEIGHTS},
            **{slot: t.weight for slot, t in zip(KPI_WEIGHTS, base.contract.kpis, strict=False)},
            "demand_pct": 100,
            "vacancy_pp": 0,
            "years": min(self.years, base.horizon_years),
        }
        self._set_quietly(values)

    def _set_quietly(self, values: dict[str, Any]) -> None:
        self._quiet = True
        try:
            self.param.update(**values)
        finally:
            self._quiet = False

    def _on_user_change(self, *events: param.parameterized.Event) -> None:
        if self._quiet:
            return
        snapshot = {name: getattr(self, name) for name in UNDOABLE}
        snapshot.update({event.name: event.old for event in events})
        self._history.append(snapshot)
        if any(event.name == "scenario" for event in events):
            self._upload = None
            self._reset_levers()
        self.problems = []

    def undo(self, *_: Any) -> None:
        """Restore the state before the last change of scenario, lever or run setting."""
        if self._history:
            self._set_quietly(self._history.pop())

    def restore(self, query: dict[str, Any]) -> None:
        """Apply a shared link's state: the scenario first, then its levers over it.

        A garbled part of a link keeps that setting's default instead of failing the page.
        """
        names = sorted((name for name in query if name in URL_NAMES), key=lambda n: n != "scenario")
        for name in names:
            try:
                self._set_quietly({name: query[name]})
            except (ValueError, TypeError):
                continue
            if name == "scenario":
                self._reset_levers()

    def load_upload(self, content: bytes) -> bool:
        """Use an uploaded YAML scenario; on problems, list them in plain words."""
        try:
            scenario = data.read_uploaded_scenario(content.decode("utf-8"))
        except UnicodeDecodeError:
            self.problems = [text("not_utf8", self.language)]
            return False
        except ScenarioError as error:
            self.problems = data.plain_problems(error, text("line", self.language))
            return False
        self._upload = scenario.model_dump(mode="python")
        self._history.clear()
        self._reset_levers()
        self._after_upload()
        self.problems = []
        self.message = ("uploaded", {"name": scenario.name})
        return True

    # ---- running ---------------------------------------------------------------------------

    def _plan(self) -> tuple[data.RunSet, data.RunSet | None, data.RunSet] | None:
        """The run sets: the baseline, the baseline under changed assumptions (None when no
        assumption is changed) and the scenario; equal scenarios share one run set."""
        try:
            baseline = self.base_scenario()
            assumed = self.assumed_scenario()
            changed = self.changed_scenario()
        except ScenarioError as error:
            lead = text("scenario_invalid", self.language)
            self.problems = [lead, *data.plain_problems(error, text("line", self.language))]
            return None
        self.problems = []
        label = baseline.name
        base_set = data.RunSet(f"{label} · {text('baseline', self.language)}", baseline)
        assumed_set = None
        if assumed != baseline:
            assumed_label = f"{label} · {text('assumed', self.language)}"
            assumed_set = data.RunSet(assumed_label, assumed)
        if changed == baseline:
            return base_set, None, base_set
        if assumed_set is not None and changed == assumed:
            return base_set, assumed_set, assumed_set
        return base_set, assumed_set, data.RunSet(self.change_label(), changed)

    def runsets(self) -> list[data.RunSet]:
        """The current run's distinct run sets: baseline, changed assumptions, scenario."""
        found = (self.baseline, self.assumed, self.changed)
        return list(dict.fromkeys(r for r in found if r is not None))

    def change_label(self) -> str:
        changes = self.overrides()
        if not changes:
            return self.base_scenario().name
        short = ", ".join(
            f"{path.rsplit('.', 1)[-1]}={_value_text(value)}" for path, value in changes.items()
        )
        return f"{self.base_scenario().name} ({short})"

    def _work(
        self, baseline: data.RunSet, assumed: data.RunSet | None, changed: data.RunSet
    ) -> Iterator[Callable[[], None]]:
        """The runs, on common random numbers (every scenario gets the same seeds).

        The scenario's first replication runs a year at a time, so its numbers show after
        the first simulated year; then whole replications, scenario before baseline.
        """
        years = min(self.years, changed.scenario.horizon_years)
        seeds = replication_seeds(self.seed, self.replications)
        yield from _yearly_jobs(changed, seeds[0], years)
        for replication, seed in enumerate(seeds):
            for runset in dict.fromkeys(r for r in (changed, assumed, baseline) if r is not None):
                if (replication, runset) != (0, changed):
                    yield _job(runset, seed, replication, years)

    def _start(self) -> tuple[int, Iterator[Callable[[], None]], float] | None:
        plan = self._plan()
        if plan is None:
            return None
        self._run_token += 1
        self.baseline, self.assumed, self.changed = plan
        self.running, self.progress = True, 0
        self.message = ("running", {"done": 1, "total": self.replications})
        return self._run_token, self._work(*plan), time.perf_counter()

    def _after_job(self, started: float) -> None:
        done = min(runset.replications for runset in self.runsets())
        self.progress = round(100 * max(done, 0.5) / self.replications)
        self.results_version += 1
        if done < self.replications:
            self.message = ("running", {"done": done + 1, "total": self.replications})

    def _finish(self, started: float) -> None:
        self.running, self.progress = False, 100
        self.results_version += 1
        seconds = time.perf_counter() - started
        self.message = ("finished", {"total": self.replications, "seconds": seconds})

    def run_now(self) -> None:
        """Run every replication here and now (tests and scripts)."""
        start = self._start()
        if start is None:
            return
        _, jobs, started = start
        for job in jobs:
            job()
            self._after_job(started)
        self._finish(started)

    async def run_streaming(self, *_: Any) -> None:
        """Run in a worker thread, publishing after every run so bands narrow as they come.

        A newer run supersedes this one: it stops at its next job.
        """
        start = self._start()
        if start is None:
            return
        token, jobs, started = start
        loop = asyncio.get_running_loop()
        for job in jobs:
            await loop.run_in_executor(None, job)
            if token != self._run_token:
                return
            self._after_job(started)
        self._finish(started)

    def add_to_comparison(self, *_: Any) -> None:
        if self.changed is None or self.running:
            return
        if len(self.compared) >= MAX_COMPARED:
            self.message = ("compare_full", {})
            return
        self.compared.append(self.changed)
        self.view = "compare"
        self.results_version += 1

    def clear_comparison(self, *_: Any) -> None:
        self.compared = []
        self.results_version += 1

    # ---- views ---------------------------------------------------------------------------

    @param.depends("results_version", "language")
    def scorecard_view(self) -> pn.viewable.Viewable:
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        has_baseline = (
            self.baseline is not None
            and self.baseline is not self.changed
            and bool(self.baseline.replications)
        )
        card = data.scorecard(self.changed, self.baseline if has_baseline else None)
        lang = self.language
        head = [
            "col_kpi",
            "col_value",
            "col_ci",
            "col_baseline",
            "col_change",
            "col_target",
            "col_status",
        ]
        rows = []
        for level in LEVELS:
            part = card[card["level"] == level]
            if part.empty:
                continue
            rows.append(
                f'<tr class="level"><td colspan="7">{text("level_" + level, lang)}</td></tr>'
            )
            for row in part.itertuples():
                unit = str(row.unit)
                rows.append(
                    f'<tr data-kpi="{row.kpi}">'
                    f"<td>{html.escape(kpi_name(row.kpi, lang))} "
                    f'<span class="muted">{html.escape(unit_label(unit, lang))}</span></td>'
                    f'<td class="num value">{_shown(row.value, unit, lang)}</td>'
                    f'<td class="num muted">{_interval(row.low, row.high, unit, lang)}</td>'
                    f'<td class="num">{_shown(row.baseline, unit, lang)}</td>'
                    f'<td class="num change">'
                    f"{_change(row.change, row.change_low, row.change_high, unit, lang)}</td>"
                    f'<td class="num">{_shown(row.target, unit, lang)} '
                    f"{_badge(str(row.target_status), lang)}</td>"
                    f"<td>{_badge(str(row.status), lang)}</td>"
                    "</tr>"
                )
        note = text("scorecard_note", lang, n=self.changed.replications)
        if self.assumed is not None and has_baseline:
            note += " " + text("scorecard_assumed_note", lang)
        return _html(
            _table([text(key, lang) for key in head], rows, numeric=range(1, 6))
            + f'<p class="note">{html.escape(note)}</p>',
            "scorecard",
        )

    @param.depends("results_version", "language", "plot_kpi")
    def timeseries_view(self) -> pn.viewable.Viewable:
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        return pn.pane.Bokeh(self.timeseries_figure(), sizing_mode="stretch_width")

    def series(self) -> list[tuple[data.RunSet, str, str]]:
        """(run set, label, colour) of each distinct series with results: the baseline, the
        baseline under changed assumptions and the scenario with the changes."""
        lang = self.language
        found = [
            (self.baseline, text("baseline", lang), BASELINE_COLOUR),
            (self.assumed, text("assumed", lang), ASSUMED_COLOUR),
            (self.changed, text("changed", lang), CHANGED_COLOUR),
        ]
        shown: dict[data.RunSet, tuple[data.RunSet, str, str]] = {}
        for runset, label, colour in found:
            if runset is not None and runset.replications and runset not in shown:
                shown[runset] = (runset, label, colour)
        return list(shown.values())

    def timeseries_title(self) -> str:
        kpi = KPIS[self.plot_kpi]
        return f"{kpi_name(kpi.name, self.language)} ({unit_label(kpi.unit, self.language)})"

    def timeseries_bands(self) -> Iterator[tuple[str, str, pd.DataFrame]]:
        """(label, colour, bands in the unit shown: fractions as %) of each series."""
        kpi = KPIS[self.plot_kpi]
        scale = 100.0 if kpi.unit == "fraction" else 1.0
        for runset, label, colour in self.series():
            bands = data.kpi_bands(runset.kpis, kpi.name)
            bands[["mean", "low", "high"]] *= scale
            yield label, colour, bands

    def timeseries_figure(self) -> Any:
        lang = self.language
        plot = _figure(self.timeseries_title(), lang)
        plot.xaxis.axis_label = text("day", lang)
        for label, colour, bands in self.timeseries_bands():
            if bands["low"].notna().any():
                plot.varea(
                    bands["day"],
                    bands["low"],
                    bands["high"],
                    fill_color=colour,
                    fill_alpha=0.18,
                    legend_label=f"{label} 95%",
                )
            plot.line(
                bands["day"], bands["mean"], line_color=colour, line_width=2.2, legend_label=label
            )
        if plot.legend:  # beside the chart: inside it would hide the lines near the top
            legend = plot.legend[0]
            plot.add_layout(legend, "below")
            legend.orientation = "horizontal"
            legend.click_policy = "hide"
        plot.add_tools(HoverTool(tooltips=[(text("day", lang), "@x{0}"), ("", "@y{0.00}")]))
        return plot

    def timeseries_png(self) -> io.BytesIO:
        """The time-series chart (the KPI chosen, every series with its 95% band) as a PNG,
        drawn by Matplotlib from the same bands as the page's chart."""
        from matplotlib.figure import Figure

        figure_ = Figure(figsize=(10, 5), dpi=110, layout="constrained")
        axes = figure_.add_subplot()
        for label, colour, bands in self.timeseries_bands():
            if bands["low"].notna().any():
                axes.fill_between(
                    bands["day"], bands["low"], bands["high"], color=colour, alpha=0.18, lw=0
                )
            axes.plot(bands["day"], bands["mean"], color=colour, lw=2, label=label)
        axes.set_title(self.timeseries_title(), loc="left")
        axes.set_xlabel(text("day", self.language))
        axes.grid(alpha=0.3)
        if axes.lines:
            axes.legend(loc="best", frameon=False)
        out = io.BytesIO()
        figure_.savefig(out, format="png")
        out.seek(0)
        return out

    @param.depends("results_version", "language")
    def ledger_view(self) -> pn.viewable.Viewable:
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        lang = self.language
        table = data.ledger_table(self.changed.ledger)
        head = ["col_year", "col_partner", "col_cost", "col_revenue", "col_purchase", "col_result"]
        rows = [
            f"<tr><td>{int(row.year) + 1}</td><td>{html.escape(str(row.partner))}</td>"
            + "".join(
                f'<td class="num">{number(value, lang)}</td>'
                for value in (row.cost, row.revenue, row.purchase, row.result)
            )
            + "</tr>"
            for row in table.itertuples()
        ]
        return _html(_table([text(k, lang) for k in head], rows, numeric=range(2, 6)), "ledger")

    @param.depends("results_version", "language")
    def risk_view(self) -> pn.viewable.Viewable:
        """Each partner's result over the whole run across replications: mean, 5th and 95th
        percentile and the chance of a loss, for every series."""
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        lang = self.language
        runs = self.series()
        table = data.risk_table([runset for runset, _, _ in runs])
        if table.empty:
            return _html(f'<p class="note">{html.escape(text("risk_none", lang))}</p>', "risk")
        labels = {runset.label: (label, colour) for runset, label, colour in runs}
        factors = [(str(row.partner), labels[row.scenario][0]) for row in table.itertuples()]
        plot = figure(
            y_range=FactorRange(factors=list(reversed(factors))),
            height=120 + 38 * len(factors),
            title=text("risk_title", lang),
            toolbar_location=None,
            sizing_mode="stretch_width",
        )
        source = ColumnDataSource(
            {
                "factor": factors,
                "p5": table["p5_eur"].to_numpy(),
                "p95": table["p95_eur"].to_numpy(),
                "mean": table["mean_eur"].to_numpy(),
                "colour": [labels[name][1] for name in table["scenario"]],
            }
        )
        plot.hbar(
            y="factor",
            left="p5",
            right="p95",
            height=0.5,
            color="colour",
            alpha=0.35,
            source=source,
        )
        plot.scatter("mean", "factor", size=11, color="colour", source=source)
        plot.vspan(x=[0], line_color="#b83a4b", line_dash="dashed", line_width=1.5)
        plot.xaxis.formatter = NumeralTickFormatter(format="0,0")
        plot.xaxis.axis_label = text("risk_axis", lang)
        head = ["col_partner", "col_series", "col_mean", "col_p5", "col_p95", "col_loss"]
        rows = [
            f'<tr data-partner="{html.escape(str(row.partner))}" data-series="{position}">'
            f"<td>{html.escape(str(row.partner))}</td>"
            f"<td>{html.escape(labels[row.scenario][0])}</td>"
            f'<td class="num mean">{number(row.mean_eur, lang)}</td>'
            f'<td class="num">{number(row.p5_eur, lang)}</td>'
            f'<td class="num">{number(row.p95_eur, lang)}</td>'
            f'<td class="num loss">{quantity(row.loss_probability, "fraction", lang)}</td></tr>'
            for position, row in enumerate(table.itertuples())
        ]
        years = int(self.changed.ledger["year"].nunique()) if len(self.changed.ledger) else 0
        note = text("risk_note", lang, years=years, n=int(table["replications"].min()))
        return pn.Column(
            pn.pane.Bokeh(plot),
            _html(
                _table([text(k, lang) for k in head], rows, numeric=range(2, 6))
                + f'<p class="note">{html.escape(note)}</p>',
                "risk",
            ),
        )

    def wait_distribution_figure(self) -> tuple[Any, pd.DataFrame]:
        """Share of primary-care contacts by waiting-time class in the final year, every
        series side by side; and the scenario's distribution per service."""
        lang = self.language
        primary = [n for n, spec in self.base_scenario().services.items() if spec.primary_care]
        classes = [data.wait_class_label(lower, upper) for lower, upper in data.WAIT_CLASSES]
        plot = figure(
            x_range=FactorRange(factors=classes),
            y_range=DataRange1d(start=0),
            height=320,
            title=text("wait_distribution_title", lang),
            toolbar_location=None,
            sizing_mode="stretch_width",
        )
        runs = self.series()
        width = 0.8 / max(len(runs), 1)
        from bokeh.transform import dodge

        changed_table = pd.DataFrame()
        for position, (runset, label, colour) in enumerate(runs):
            table = data.wait_distribution(runset.waits, primary)
            if runset is self.changed:
                changed_table = table
            overall = table[table["service"] == ""]
            offset = (position - (len(runs) - 1) / 2) * width
            plot.vbar(
                x=dodge("wait_class", offset, range=plot.x_range),
                top="share",
                width=width * 0.9,
                source={"wait_class": list(overall["wait_class"]), "share": overall["share"] * 100},
                color=colour,
                legend_label=label,
            )
        plot.xaxis.axis_label = text("wait_class_axis", lang)
        plot.yaxis.axis_label = text("wait_share_axis", lang)
        plot.legend.location = "top_right"
        return plot, changed_table

    def _wait_table(self, table: pd.DataFrame) -> pn.viewable.Viewable:
        lang = self.language
        classes = [data.wait_class_label(lower, upper) for lower, upper in data.WAIT_CLASSES]
        head = [text("col_service", lang), *[f"{c} {text('days_short', lang)}" for c in classes]]
        head += [text("col_median", lang), text("col_p90", lang)]
        rows = []
        for service, part in table.groupby("service", sort=False):
            name = text("all_primary_care", lang) if service == "" else str(service)
            cells = "".join(
                f'<td class="num">{quantity(share, "fraction", lang)}</td>'
                for share in part["share"]
            )
            first = part.iloc[0]
            rows.append(
                f'<tr data-service="{html.escape(str(service))}"><td>{html.escape(name)}</td>'
                f"{cells}"
                f'<td class="num">{number(first["median"], lang)}</td>'
                f'<td class="num">{number(first["p90"], lang)}</td></tr>'
            )
        note = text(
            "wait_distribution_note", lang, n=self.changed.replications if self.changed else 0
        )
        return _html(
            _table(head, rows, numeric=range(1, len(head)))
            + f'<p class="note">{html.escape(note)}</p>',
            "waits",
        )

    @param.depends("results_version", "language")
    def waiting_view(self) -> pn.viewable.Viewable:
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        lang = self.language
        distribution, table = self.wait_distribution_figure()
        queues = data.queue_over_time(self.changed.flows)
        plot = _figure(text("queue_title", lang), lang)
        plot.xaxis.axis_label = text("week", lang)
        services = [s for s in queues["service"].unique() if not str(s).startswith("channel.")]
        for colour, service in zip(SERIES_COLOURS, services, strict=False):
            rows = queues[queues["service"] == service]
            plot.line(
                rows["week"],
                rows["queue_end"],
                line_color=colour,
                line_width=2,
                legend_label=str(service),
            )
        plot.legend.location = "top_left"
        return pn.Column(
            pn.pane.Bokeh(distribution),
            self._wait_table(table),
            pn.pane.Bokeh(plot),
            self._service_table(),
        )

    @param.depends("results_version", "language")
    def flows_view(self) -> pn.viewable.Viewable:
        if self.changed is None or not self.changed.replications:
            return _empty(self.language)
        lang = self.language
        table = data.service_table(self.changed.flows)
        names = [str(s) for s in table["service"]]
        plot = figure(
            y_range=FactorRange(factors=list(reversed(names))),
            height=300,
            title=text("flows_title", lang),
            toolbar_location=None,
            sizing_mode="stretch_width",
        )
        for offset, (column, colour) in enumerate(
            (("arrivals", "#8a94a6"), ("started", CHANGED_COLOUR), ("abandoned", "#b83a4b"))
        ):
            from bokeh.transform import dodge

            source = {"service": names, "value": table[column].to_numpy()}
            plot.hbar(
                y=dodge("service", (offset - 1) * 0.25, range=plot.y_range),
                right="value",
                height=0.22,
                source=source,
                color=colour,
                legend_label=text("col_" + column, lang),
            )
        plot.xaxis.formatter = NumeralTickFormatter(format="0,0")
        plot.legend.location = "bottom_right"
        return pn.Column(pn.pane.Bokeh(plot), self._service_table())

    def _service_table(self) -> pn.viewable.Viewable:
        lang = self.language
        assert self.changed is not None  # only drawn after a run
        table = data.service_table(self.changed.flows)
        head = [
            "col_service",
            "col_arrivals",
            "col_started",
            "col_abandoned",
            "col_mean_wait",
            "col_queue_end",
        ]
        rows = [
            f"<tr><td>{html.escape(str(row.service))}</td>"
            f'<td class="num">{number(row.arrivals, lang)}</td>'
            f'<td class="num">{number(row.started, lang)}</td>'
            f'<td class="num">{number(row.abandoned, lang)}</td>'
            f'<td class="num">{number(row.mean_wait_days, lang, 1)}</td>'
            f'<td class="num">{number(row.queue_end, lang)}</td></tr>'
            for row in table.itertuples()
        ]
        return _html(_table([text(k, lang) for k in head], rows, numeric=range(1, 6)), "services")

    @param.depends("results_version", "language")
    def compare_view(self) -> pn.viewable.Viewable:
        lang = self.language
        if not self.compared:
            return _html(
                f'<p class="note">{html.escape(text("compare_empty", lang))}</p>', "compare"
            )
        table = data.compare_table(self.compared)
        head = ["col_kpi", "col_scenario", "col_mean", "col_ci", "col_diff"]
        rows = []
        for kpi, part in table.groupby("kpi", sort=False):
            for position, row in enumerate(part.itertuples()):
                unit = str(row.unit)
                name = html.escape(kpi_name(str(kpi), lang)) if position == 0 else ""
                rows.append(
                    f'<tr data-compare="{position}"><td>{name}</td>'
                    f"<td>{html.escape(str(row.scenario))}</td>"
                    f'<td class="num">{_shown(row.mean, unit, lang)}</td>'
                    f'<td class="num muted">{_interval(row.low, row.high, unit, lang)}</td>'
                    f'<td class="num">'
                    f"{_change(row.diff, row.diff_low, row.diff_high, unit, lang)}</td></tr>"
                )
        return _html(_table([text(k, lang) for k in head], rows, numeric=range(2, 5)), "compare")

    def status_text(self) -> str:
        key, values = self.message
        if "seconds" in values:
            values = {**values, "seconds": number(values["seconds"], self.language, 1)}
        return text(key, self.language, **values)

    @param.depends("message", "running", "language")
    def status_view(self) -> pn.viewable.Viewable:
        """The run's progress in words; its data attributes let a browser wait for a run's end."""
        done = "false" if self.running else "true"
        return _html(
            f'<div class="note" data-run="{self._run_token}" data-done="{done}">'
            f"{html.escape(self.status_text())}</div>",
            "status",
        )

    @param.depends("problems", "language")
    def problems_view(self) -> pn.viewable.Viewable:
        if not self.problems:
            return pn.pane.HTML("", visible=False)
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in self.problems)
        lead = text("upload_failed", self.language) if not self.problems[0].endswith(":") else ""
        return _html(f'<div class="problems">{html.escape(lead)}<ul>{items}</ul></div>', "problems")

    @param.depends("results_version", "language", *LEVERS, *ASSUMPTIONS, "scenario")
    def changes_view(self) -> pn.viewable.Viewable:
        lang = self.language
        try:
            changes = self.overrides()
        except ScenarioError:
            changes = {}
        items = ", ".join(
            f"<code>{html.escape(path)} = {html.escape(_value_text(value))}</code>"
            for path, value in changes.items()
        )
        title = text("changes", lang)
        return _html(
            f'<div class="changes"><b>{title}:</b> {items or text("no_changes", lang)}</div>',
            "changes",
        )

    def staff_limits(self) -> list[ServiceCapacity]:
        """The staff-bound services of the scenario as it would run now (levers and
        assumptions applied); none while the settings are not a valid scenario."""
        try:
            return data.staff_limits(self.changed_scenario())
        except ScenarioError:
            return []

    def staff_limit_texts(self) -> list[str]:
        lang = self.language
        texts = []
        for limit in self.staff_limits():
            staffed = number(limit.staffed or 0, lang)
            if limit.leasable:
                leased = number(limit.leasable, lang)
                staffed = text("staff_limit_leased", lang, staffed=staffed, leased=leased)
            slots = number(limit.nominal, lang)
            texts.append(
                text("staff_limit_item", lang, service=limit.service, slots=slots, staffed=staffed)
            )
        return texts

    # "message" too: an upload changes the scenario without changing a parameter
    @param.depends("language", "message", *LEVERS, *ASSUMPTIONS, "scenario")
    def staff_limit_view(self) -> pn.viewable.Viewable:
        """Beside the capacity lever: where staff, not slots, set the capacity, so that moving
        the lever there visibly changes nothing rather than silently."""
        texts = self.staff_limit_texts()
        if not texts:
            return pn.pane.HTML("", visible=False)
        items = "".join(f"<li>{html.escape(item)}</li>" for item in texts)
        lead = html.escape(text("staff_limit_lead", self.language))
        return _html(f'<div class="staff-limit">{lead}<ul>{items}</ul></div>', "staff-limit")

    # ---- export ----------------------------------------------------------------------------

    def scenario_yaml(self) -> io.StringIO:
        """The scenario with the changes, resolved, as YAML that loads back (dates stay YAML
        dates: the JSON dump's quoted date strings are refused by the strict schema)."""
        resolved = self.changed_scenario().model_dump(mode="python")
        return io.StringIO(yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True))

    def kpis_csv(self) -> io.StringIO:
        """Every series' KPIs, each row labelled by its series (baseline, changed assumptions,
        scenario), as CSV."""
        out = io.StringIO()
        frame = data.labelled(self.runsets(), "kpis")
        if len(frame):
            frame.to_csv(out, index=False)
        out.seek(0)
        return out

    def results_parquet(self) -> io.BytesIO:
        """The same KPI rows as ``kpis_csv``, as a parquet file."""
        out = io.BytesIO()
        data.labelled(self.runsets(), "kpis").to_parquet(out, index=False)
        out.seek(0)
        return out

    # ---- layout ----------------------------------------------------------------------------

    def __panel__(self) -> pn.viewable.Viewable:
        if self._layout is None:
            self._layout = self._build()
        return self._layout

    def _build(self) -> pn.viewable.Viewable:
        w = self._widgets
        w["language"] = pn.widgets.RadioButtonGroup.from_param(
            self.param.language,
            options=list(LANGUAGES),
            button_type="light",
            width=110,
            sizing_mode=None,
        )
        w["scenario"] = pn.widgets.Select.from_param(self.param.scenario)
        w["upload"] = pn.widgets.FileInput(accept=".yaml,.yml", multiple=False)
        w["upload"].param.watch(lambda event: event.new and self.load_upload(event.new), "value")
        w["contract_model"] = pn.widgets.Select.from_param(self.param.contract_model)
        for name in (
            "gain_share",
            "pain_share",
            "fee_at_risk",
            "digital_share",
            "integration_level",
            "reinvest_share",
            *KPI_WEIGHTS,
        ):
            w[name] = pn.widgets.EditableFloatSlider.from_param(
                self.param[name], format="0.00", css_classes=[f"ek-lever-{name}"]
            )
        for name in (
            "capacity_pct",
            "guarantee_under_23",
            "guarantee_23_over",
            "staff_pct",
            "ngo_capacity_pct",
            *ASSUMPTIONS,
        ):
            w[name] = pn.widgets.EditableIntSlider.from_param(
                self.param[name], css_classes=[f"ek-lever-{name}"]
            )
        w["integrator_enabled"] = pn.widgets.Checkbox.from_param(
            self.param.integrator_enabled, css_classes=["ek-lever-integrator_enabled"]
        )
        self._weights_title = _html("", "weights-title")
        for name in ("years", "replications", "seed"):
            w[name] = pn.widgets.IntInput.from_param(self.param[name])
        w["run"] = pn.widgets.Button(button_type="primary")
        w["run"].on_click(self.run_streaming)
        w["undo"] = pn.widgets.Button(button_type="light")
        w["undo"].on_click(self.undo)
        w["add_compare"] = pn.widgets.Button(button_type="default")
        w["add_compare"].on_click(self.add_to_comparison)
        w["clear_compare"] = pn.widgets.Button(button_type="light")
        w["clear_compare"].on_click(self.clear_comparison)
        w["export_yaml"] = pn.widgets.FileDownload(
            callback=self.scenario_yaml, filename="scenario.yaml", button_type="light"
        )
        w["export_csv"] = pn.widgets.FileDownload(
            callback=self.kpis_csv, filename="kpis.csv", button_type="light"
        )
        w["export_parquet"] = pn.widgets.FileDownload(
            callback=self.results_parquet, filename="kpis.parquet", button_type="light"
        )
        w["export_png"] = pn.widgets.FileDownload(
            callback=self.timeseries_png, filename="chart.png", button_type="light"
        )
        w["plot_kpi"] = pn.widgets.Select.from_param(self.param.plot_kpi)
        progress = pn.indicators.Progress.from_param(
            self.param.progress, max=100, height=8, bar_color="primary"
        )

        self._cards = {
            "scenario_section": pn.Card(w["scenario"], w["upload"], collapsible=False),
            "contract_section": pn.Card(
                w["contract_model"],
                w["gain_share"],
                w["pain_share"],
                w["fee_at_risk"],
                collapsible=False,
            ),
            "services_section": pn.Card(
                w["capacity_pct"],
                self.staff_limit_view,
                w["digital_share"],
                w["guarantee_under_23"],
                w["guarantee_23_over"],
                w["integration_level"],
                collapsible=False,
            ),
            "partners_section": pn.Card(
                w["staff_pct"],
                w["ngo_capacity_pct"],
                w["integrator_enabled"],
                collapsible=False,
            ),
            "incentives_section": pn.Card(
                w["reinvest_share"],
                self._weights_title,
                *[w[slot] for slot in KPI_WEIGHTS],
                collapsible=False,
            ),
            "assumptions_section": pn.Card(
                *[w[name] for name in ASSUMPTIONS],
                collapsible=False,
            ),
            "run_section": pn.Card(
                pn.Row(w["years"], w["replications"], w["seed"]),
                pn.Row(w["run"], w["undo"]),
                progress,
                self.status_view,
                pn.Row(w["add_compare"], w["clear_compare"]),
                collapsible=False,
            ),
            "export_section": pn.Card(
                pn.Row(w["export_yaml"], w["export_csv"]),
                pn.Row(w["export_parquet"], w["export_png"]),
                collapsible=False,
            ),
        }
        sidebar = pn.Column(*self._cards.values(), width=340, sizing_mode=None)
        self._tabs = pn.Tabs(
            *[(view, pn.panel(self._view_function(view))) for view in VIEWS], dynamic=True
        )
        self._tabs.active = VIEWS.index(self.view)
        self._tabs.param.watch(lambda event: setattr(self, "view", VIEWS[event.new]), "active")
        self.param.watch(
            lambda event: setattr(self._tabs, "active", VIEWS.index(event.new)), "view"
        )
        self._header = pn.pane.HTML(stylesheets=[HEADER_STYLE], sizing_mode="stretch_width")
        header = pn.Row(
            self._header, w["language"], styles={"background": "#1b2a41"}, align="center"
        )
        main = pn.Column(self.changes_view, self.problems_view, self._tabs, margin=(0, 10))
        self.param.watch(lambda _: self._relabel(), "language")
        self.param.watch(lambda _: self._label_scenario_levers(), ["scenario", "contract_model"])
        self._relabel()
        return pn.Column(header, pn.Row(sidebar, main), sizing_mode="stretch_width")

    def release(self) -> None:
        """Let this app be freed once its session is gone (called when it is destroyed).

        Panel's editable sliders register a JavaScript callback from their text box to their
        slider in ``Callback.registry``, a class-wide WeakKeyDictionary keyed by the text box.
        Its value (the callback, holding the slider, whose watchers hold the editable slider,
        which holds the text box) refers back to its own key, so the entry never goes, and
        through the slider's ``from_param`` watchers it kept the whole app alive: every
        session's widgets, results and frames. Unregistering the callbacks breaks that.
        """
        if self._layout is None:
            return
        for viewable in self._layout.select():
            if isinstance(viewable, Reactive):
                for callback in list(Callback.registry.get(viewable, [])):
                    callback.unwatch()

    def _view_function(self, view: str) -> Any:
        if view == "timeseries":
            return pn.Column(self._widgets["plot_kpi"], self.timeseries_view)
        return getattr(self, f"{view}_view")

    def _relabel(self) -> None:
        lang, w = self.language, self._widgets
        self._header.object = f"<h1>{text('title', lang)}</h1><p>{text('subtitle', lang)}</p>"
        for name, widget in w.items():
            if name in ("language", "upload", "plot_kpi"):
                continue
            widget.name = text(name, lang)
        for name in EXPORTS:
            w[name].label = text(name, lang)
        w["scenario"].name = text("scenario", lang)
        w["contract_model"].options = {text(f"model_{m}", lang): m for m in CONTRACT_MODELS}
        w["plot_kpi"].name = text("kpi_to_plot", lang)
        w["plot_kpi"].options = {kpi_name(k, lang): k for k in KPIS}
        self._label_scenario_levers()
        for key, card in self._cards.items():
            card.title = text(key, lang)
        for index, view in enumerate(VIEWS):
            self._tabs._names[index] = text(f"view_{view}", lang)
        self._tabs.param.trigger("objects")

    def _label_scenario_levers(self) -> None:
        """The levers whose meaning depends on the scenario: one weight slider per contract
        KPI (named by it), the integrator switch only where there is an integrator, the
        reinvestment only under an alliance."""
        lang, w = self.language, self._widgets
        try:
            base = self.base_scenario()
        except ScenarioError:
            return
        targets = base.contract.kpis
        for slot, name in enumerate(KPI_WEIGHTS):
            w[name].visible = slot < len(targets)
            if slot < len(targets):
                w[name].name = kpi_name(targets[slot].name, lang)
        self._weights_title.object = (
            f'<p class="note"><b>{html.escape(text("kpi_weights", lang))}</b> '
            f"{html.escape(text('kpi_weights_note', lang))}</p>"
            if targets
            else f'<p class="note">{html.escape(text("kpi_weights_none", lang))}</p>'
        )
        w["integrator_enabled"].disabled = base.integrator is None
        if base.integrator is None:
            w["integrator_enabled"].name = text("integrator_none", lang)
        w["reinvest_share"].disabled = self.contract_model != "alliance"

    # the upload changes the scenario without the scenario parameter
    def _after_upload(self) -> None:
        if self._widgets:
            self._label_scenario_levers()


def _job(runset: data.RunSet, seed: int, replication: int, years: int) -> Callable[[], None]:
    def job() -> None:
        runset.put(ekosim.run(runset.scenario, seed=seed, years=years, replication=replication))

    return job


def _yearly_jobs(runset: data.RunSet, seed: int, years: int) -> Iterator[Callable[[], None]]:
    """Replication 0 a year per job, each publishing the run so far."""
    model = ekosim.EcosystemModel(runset.scenario, rng=seed)

    def job() -> None:
        model.run_years(1)
        runset.put(ekosim.Results.from_model(model, seed=seed, replication=0))

    for _ in range(years):
        yield job


def _value_text(value: Any) -> str:
    """An override's value in a few characters: a KPI list as its weights."""
    if isinstance(value, list):
        weights = "/".join(f"{item['weight']:g}" for item in value if isinstance(item, dict))
        return f"[{weights}]"
    return str(value)


def _staff(scenario: ekosim.Scenario) -> Iterator[tuple[str, str, Any]]:
    """(provider, profession, StaffSpec) of every provider's staff."""
    for provider, spec in scenario.providers.items():
        for profession, staff in spec.staff.items():
            yield provider, profession, staff


def _reinvest_share(scenario: ekosim.Scenario) -> float:
    """The share of an alliance gain reinvested in prevention; 0 when it is paid out."""
    management = scenario.contract.joint_management
    return management.reinvest_share if management.rule == "reinvest" else 0.0


def _integration_level(scenario: ekosim.Scenario) -> float:
    """The scenario's integration level; without the section hand-offs have no frictions,
    which the lever shows as fully integrated."""
    return scenario.integration.level if scenario.integration is not None else 1.0


def _lookup(tree: dict[str, Any], dotted: str) -> Any:
    node: Any = tree
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _badge(status: str, lang: str) -> str:
    label = text(f"status_{status}", lang)
    return f'<span class="status {status}">{label}</span>' if label else ""


def _shown(value: float, unit: str, lang: str) -> str:
    return "–" if np.isnan(value) else quantity(value, unit, lang)


def _interval(low: float, high: float, unit: str, lang: str) -> str:
    return "–" if np.isnan(low) else f"{quantity(low, unit, lang)} – {quantity(high, unit, lang)}"


def _change(value: float, low: float, high: float, unit: str, lang: str) -> str:
    """A signed change, with its interval in muted text when there is one."""
    if np.isnan(value):
        return "–"
    shown = change_text(value, unit, lang)
    if np.isnan(low):
        return shown
    interval = f"({change_text(low, unit, lang)} … {change_text(high, unit, lang)})"
    return f'{shown} <span class="muted">{interval}</span>'


def _table(head: list[str], rows: list[str], numeric: Any = ()) -> str:
    cells = "".join(
        f'<th style="text-align:{"right" if i in numeric else "left"}">{html.escape(h)}</th>'
        for i, h in enumerate(head)
    )
    return (
        f'<table class="ek"><thead><tr>{cells}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _html(body: str, name: str) -> pn.pane.HTML:
    return pn.pane.HTML(
        body, stylesheets=[STYLE], css_classes=[f"ek-{name}"], sizing_mode="stretch_width"
    )


def _empty(language: str) -> pn.pane.HTML:
    return _html(f'<p class="note">{html.escape(text("no_results", language))}</p>', "empty")


def _figure(title: str, language: str) -> Any:
    plot = figure(height=380, title=title, toolbar_location="right", sizing_mode="stretch_width")
    plot.yaxis.formatter = NumeralTickFormatter(format="0,0.[0]")
    return plot


def create_app() -> PlannerApp:
    """One planner per browser session, restored from and mirrored to the URL."""
    app = PlannerApp()
    location = pn.state.location
    if location is not None:
        app.restore(dict(location.query_params))
        location.sync(app, URL_NAMES)
    if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:
        pn.state.on_session_destroyed(_releaser(weakref.ref(app)))
    return app


def _releaser(app: weakref.ref[PlannerApp]) -> Callable[[Any], None]:
    """The session-destroyed hook releasing the session's app (holding it weakly, so the hook
    itself keeps nothing alive; Bokeh requires exactly ``func(session_context)``)."""

    def release(session_context: Any) -> None:
        alive = app()
        if alive is not None:
            alive.release()

    return release


if pn.state.served:
    create_app().servable(title="ekosim planner")
