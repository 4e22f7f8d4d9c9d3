"""One small view per tab, each reading the data store (``PlannerState``) and drawing it.

A view's ``render`` depends on the state's results and language, so Panel redraws it when a
run publishes or the language changes; the figure and table builders are plain methods the
tests call without a browser.
"""

from __future__ import annotations

import html
import io
import math
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.models import (
    BasicTicker,
    ColumnDataSource,
    CustomJSTickFormatter,
    DataRange1d,
    FactorRange,
    FixedTicker,
    HoverTool,
    Range1d,
)
from bokeh.plotting import figure
from bokeh.transform import dodge

from apps import planner_data as data
from apps.planner.levers import LABELS, SWEEPABLE
from apps.planner.names import Names
from apps.planner.state import UNDOABLE, PlannerState
from apps.texts import change as change_text
from apps.texts import kpi_name, number, quantity, text, unit_label
from ekosim.contracts.ledger import REGION
from ekosim.contracts.risk import (
    REGION_UNIT,
    RISK_COLUMNS,
    partner_accounts,
    risk_profile,
    yearly_residents,
)
from ekosim.kpis import KPIS, LEVELS

BASELINE_COLOUR, ASSUMED_COLOUR, CHANGED_COLOUR = "#8a94a6", "#d9822b", "#1f5fa8"
ACCOUNT_LINES = ("gain_pain", "kpi_reward")
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
table.ek .ci, table.ek td.change .muted { display: block; font-size: 12px; }
table.ek th { white-space: normal; }
table.ek td.change .status { margin-top: 2px; }  /* under the number: beside, too wide */
table.ek .ci, table.ek td.change .muted, table.ek td.target { white-space: normal; }
table.ek td.target .status, table.ek td.change .status { display: block; width: fit-content;
  margin-left: auto; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.status.better, .status.meets_target { background: #e2f4ea; color: #1c6b41; }
.status.worse, .status.misses_target { background: #fbe5e7; color: #9b1c2e; }
.status.no_clear_change { background: #eef1f5; color: #55607a; }
.status.care_not_given { background: #fff0d9; color: #8a4b00; border: 1px solid #d9822b; }
.stale { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px; color: #5c3b00;
  font-size: 13.5px; font-weight: 600; }
.note { color: #55607a; font-size: 12.5px; margin: 6px 0 0 0; }
.problems { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px;
  color: #5c3b00; font-size: 13.5px; }
.problems ul { margin: 4px 0 0 18px; padding: 0; }
.staff-limit { background: #fff4e5; border-left: 4px solid #d9822b; padding: 6px 10px;
  color: #5c3b00; font-size: 12.5px; }
.staff-limit ul { margin: 4px 0 0 16px; padding: 0; }
.changes { color: #1b2a41; font-size: 13.5px; }
.changes .change { background: #eef3fb; padding: 1px 6px; border-radius: 4px; margin-right: 2px;
  display: inline-block; }
"""


# ---- small HTML helpers ------------------------------------------------------------------


def badge(status: str, lang: str) -> str:
    label = text(f"status_{status}", lang)
    return f'<span class="status {status}">{label}</span>' if label else ""


def shown(value: float, unit: str, lang: str) -> str:
    return "–" if np.isnan(value) else quantity(value, unit, lang)


def interval(low: float, high: float, unit: str, lang: str) -> str:
    return "–" if np.isnan(low) else f"{quantity(low, unit, lang)} – {quantity(high, unit, lang)}"


def signed(value: float, low: float, high: float, unit: str, lang: str) -> str:
    """A signed change, with its interval in muted text when there is one."""
    if np.isnan(value):
        return "–"
    written = change_text(value, unit, lang)
    if np.isnan(low):
        return written
    between = f"({change_text(low, unit, lang)} … {change_text(high, unit, lang)})"
    return f'{written} <span class="muted">{between}</span>'


def table(head: Sequence[str], rows: Sequence[str], numeric: Any = ()) -> str:
    cells = "".join(
        f'<th style="text-align:{"right" if i in numeric else "left"}">{html.escape(h)}</th>'
        for i, h in enumerate(head)
    )
    return (
        f'<table class="ek"><thead><tr>{cells}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def note(body: str) -> str:
    return f'<p class="note">{html.escape(body)}</p>'


def pane(body: str, name: str) -> pn.pane.HTML:
    return pn.pane.HTML(
        body, stylesheets=[STYLE], css_classes=[f"ek-{name}"], sizing_mode="stretch_width"
    )


def drawn(plot: Any, name: str) -> pn.Column:
    """A chart in the page, stretched to its width, found by its class (``ek-NAME``)."""
    # in a column: a Bokeh pane's own classes do not reach the page (its model is the figure)
    chart = pn.pane.Bokeh(plot, sizing_mode="stretch_width")
    return pn.Column(chart, css_classes=[f"ek-{name}"], sizing_mode="stretch_width")


# The browser's own number formats, as in the tables: 1 234 567,5 in Finnish
LOCALES = {"en": "en-GB", "fi": "fi-FI"}
DAYS_PER_YEAR = 365


def ticks(lang: str) -> CustomJSTickFormatter:
    """Axis numbers written per language (Bokeh's numbro has no Finnish)."""
    return CustomJSTickFormatter(
        code=f"return tick.toLocaleString('{LOCALES[lang]}', {{maximumFractionDigits: 1}})"
    )


def year_axis(plot: Any, lang: str) -> None:
    """A time axis in whole years: a tick a year (every 2, 5, 10 years on long runs or when
    zoomed out), never at half years or in days."""
    plot.xaxis.axis_label = text("year", lang)
    plot.xaxis.ticker = BasicTicker(min_interval=1, desired_num_ticks=11, num_minor_ticks=0)
    plot.xaxis.formatter = ticks(lang)


LEGEND_CHARACTERS = 110  # a legend in one row of about this many characters fits at 1024 px


def below(plot: Any) -> None:
    """The legend under the chart, in a row: inside it would hide lines and bars."""
    if plot.legend:
        legend = plot.legend[0]
        plot.add_layout(legend, "below")
        legend.orientation = "horizontal"
        legend.click_policy = "hide"
        labels = [str(getattr(item.label, "value", "")) for item in legend.items]
        if sum(len(label) + 6 for label in labels) > LEGEND_CHARACTERS:
            legend.ncols = 2


TITLE_CHARACTERS = 58  # a title line that fits over the narrowest chart at 1024 px


def chart(title: str, lang: str, height: int = 380, **options: Any) -> Any:
    """A chart stretched to its width, its title on as many lines as it needs (a title line
    longer than the chart is cut), its numbers written per language."""
    options.setdefault("toolbar_location", "right")
    title = textwrap.fill(title, TITLE_CHARACTERS, break_on_hyphens=False)
    plot = figure(height=height, title=title, sizing_mode="stretch_width", **options)
    plot.yaxis.formatter = ticks(lang)
    return plot


# ---- the views ---------------------------------------------------------------------------


class View(pn.viewable.Viewer):
    """A view of the data store, redrawn when its results or language change."""

    state: PlannerState = param.ClassSelector(class_=PlannerState)  # type: ignore[assignment]

    @property
    def lang(self) -> str:
        return str(self.state.language)

    def render(self) -> pn.viewable.Viewable:
        raise NotImplementedError

    def __panel__(self) -> Any:
        return pn.panel(self._drawn)

    @param.depends("state.results_version", "state.language")
    def _drawn(self) -> pn.viewable.Viewable:
        if not self.state.has_results():
            return pane(note(text("no_results", self.lang)), "empty")
        return self.render()

    def series(self) -> list[tuple[data.RunSet, str, str]]:
        """(run set, label, colour) of each distinct series with results: the baseline, the
        baseline under changed assumptions and the scenario with the changes."""
        state, lang = self.state, self.lang
        found = [
            (state.baseline, text("baseline", lang), BASELINE_COLOUR),
            (state.assumed, text("assumed", lang), ASSUMED_COLOUR),
            (state.changed, text("changed", lang), CHANGED_COLOUR),
        ]
        distinct: dict[data.RunSet, tuple[data.RunSet, str, str]] = {}
        for runset, label, colour in found:
            if runset is not None and runset.replications and runset not in distinct:
                distinct[runset] = (runset, label, colour)
        return list(distinct.values())

    @property
    def changed(self) -> data.RunSet:
        assert self.state.changed is not None  # rendered only with results
        return self.state.changed

    @property
    def names(self) -> Names:
        return self.state.names()


class ScorecardView(View):
    HEAD = ("col_kpi", "col_value", "col_baseline", "col_change", "col_target")

    def render(self) -> pn.viewable.Viewable:
        return pane(self.html(), "scorecard")

    def html(self) -> str:
        """The scorecard's table and caption, as HTML (the page and the decision brief)."""
        state, lang = self.state, self.lang
        baseline = state.baseline
        has_baseline = (
            baseline is not None and baseline is not state.changed and bool(baseline.replications)
        )
        card = data.scorecard(self.changed, baseline if has_baseline else None)
        rows = []
        for level in LEVELS:
            part = card[card["level"] == level]
            if part.empty:
                continue
            rows.append(
                f'<tr class="level"><td colspan="5">{text("level_" + level, lang)}</td></tr>'
            )
            rows.extend(self._row(row, lang) for row in part.itertuples())
        head = [text(key, lang) for key in self.HEAD]
        written = f"{state.caption()} {text('scorecard_note', lang)}"
        if state.assumed is not None and has_baseline:
            written += " " + text("scorecard_assumed_note", lang)
        return table(head, rows, numeric=range(1, 5)) + note(written)

    @staticmethod
    def _row(row: Any, lang: str) -> str:
        unit = str(row.unit)
        return (
            f'<tr data-kpi="{row.kpi}">'
            f"<td>{html.escape(kpi_name(row.kpi, lang))} "
            f'<span class="muted">{html.escape(unit_label(unit, lang))}</span></td>'
            f'<td class="num"><span class="value">{shown(row.value, unit, lang)}</span>'
            f'<span class="muted ci">{interval(row.low, row.high, unit, lang)}</span></td>'
            f'<td class="num">{shown(row.baseline, unit, lang)}</td>'
            f'<td class="num change">'
            f"{signed(row.change, row.change_low, row.change_high, unit, lang)}"
            f"{badge(str(row.status), lang)}</td>"
            f'<td class="num target">{shown(row.target, unit, lang)} '
            f"{badge(str(row.target_status), lang)}</td>"
            "</tr>"
        )


class KpiChoiceView(View):
    """A view with a chooser of the KPI to plot (the state's ``plot_kpi``), named in the
    page's language."""

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.choice = pn.widgets.Select.from_param(self.state.param.plot_kpi)
        self.state.param.watch(self._relabel, "language")
        self._relabel()

    def _relabel(self, *_: Any) -> None:
        self.choice.name = text("kpi_to_plot", self.lang)
        self.choice.options = {kpi_name(k, self.lang): k for k in KPIS}


class TimeseriesView(KpiChoiceView):
    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(self.choice, pn.panel(self._drawn))

    @param.depends("state.results_version", "state.language", "state.plot_kpi")
    def _drawn(self) -> pn.viewable.Viewable:
        return super()._drawn()

    def render(self) -> pn.viewable.Viewable:
        return pn.pane.Bokeh(self.figure(), sizing_mode="stretch_width")

    def title(self) -> str:
        return kpi_title(self.state.plot_kpi, self.lang)

    def bands(self) -> Iterator[tuple[str, str, pd.DataFrame]]:
        """(label, colour, bands in the unit shown: fractions as %) of each series."""
        return kpi_series(self.series(), self.state.plot_kpi)

    def figure(self) -> Any:
        return series_figure(self.title(), self.bands(), self.lang)

    def png(self) -> io.BytesIO:
        """The chart (the KPI chosen, every series with its 95% band) as a PNG, drawn by
        Matplotlib from the same bands as the page's chart."""
        return series_png(self.title(), self.bands(), self.lang)


def kpi_title(kpi_id: str, lang: str) -> str:
    kpi = KPIS[kpi_id]
    return f"{kpi_name(kpi.name, lang)} ({unit_label(kpi.unit, lang)})"


Series = Sequence[tuple[data.RunSet, str, str]]
Bands = Iterator[tuple[str, str, pd.DataFrame]]


def kpi_series(series: Series, kpi_id: str) -> Bands:
    """(label, colour, bands in the unit shown: fractions as %) of each (run set, label,
    colour), the time in years."""
    kpi = KPIS[kpi_id]
    scale = 100.0 if kpi.unit == "fraction" else 1.0
    for runset, label, colour in series:
        bands = data.kpi_bands(runset.kpis, kpi.name)
        bands[["mean", "low", "high"]] *= scale
        bands["year"] = (bands["day"] + 1) / DAYS_PER_YEAR  # the time axis is in years
        yield label, colour, bands


def series_figure(title: str, bands: Bands, lang: str) -> Any:
    """Each series' mean over time as a line, with its 95% band where there is one."""
    plot = chart(title, lang)
    year_axis(plot, lang)
    for label, colour, band in bands:
        if band["low"].notna().any():
            plot.varea(
                band["year"],
                band["low"],
                band["high"],
                fill_color=colour,
                fill_alpha=0.18,
                legend_label=f"{label} 95%",
            )
        plot.line(band["year"], band["mean"], line_color=colour, line_width=2.2, legend_label=label)
    below(plot)
    plot.add_tools(HoverTool(tooltips=[(text("year", lang), "@x{0.0}"), ("", "@y{0.00}")]))
    return plot


def series_png(
    title: str, bands: Bands, lang: str, size: tuple[float, float] = (10, 5)
) -> io.BytesIO:
    """The same chart drawn by Matplotlib, as a PNG."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    drawing = Figure(figsize=size, dpi=110, layout="constrained")
    axes = drawing.add_subplot()
    for label, colour, band in bands:
        if band["low"].notna().any():
            axes.fill_between(
                band["year"], band["low"], band["high"], color=colour, alpha=0.18, lw=0
            )
        axes.plot(band["year"], band["mean"], color=colour, lw=2, label=label)
    axes.set_title(title, loc="left")
    axes.set_xlabel(text("year", lang))
    axes.xaxis.set_major_locator(MaxNLocator(nbins=11, integer=True))  # whole years
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang, 1)))
    axes.grid(alpha=0.3)
    if axes.lines:
        axes.legend(loc="best", frameon=False)
    out = io.BytesIO()
    drawing.savefig(out, format="png")
    out.seek(0)
    return out


class LedgerView(View):
    HEAD = ("col_year", "col_partner", "col_cost", "col_revenue", "col_purchase", "col_result")

    def render(self) -> pn.viewable.Viewable:
        lang, names = self.lang, self.names
        rows = [
            f"<tr><td>{int(row.year) + 1}</td>"
            f"<td>{html.escape(names.partner(str(row.partner)))}</td>"
            + "".join(
                f'<td class="num">{number(value, lang)}</td>'
                for value in (row.cost, row.revenue, row.purchase, row.result)
            )
            + "</tr>"
            for row in data.ledger_table(self.changed.ledger).itertuples()
        ]
        head = [text(key, lang) for key in self.HEAD]
        return pane(table(head, rows, numeric=range(2, 6)), "ledger")


def risk_frame(runsets: Sequence[data.RunSet]) -> pd.DataFrame:
    """The risk profile of every run set (labelled by its label): each partner's result over
    the run (EUR) and the region's own cost over the run (EUR/resident) against its budget
    (``region.budget_eur_per_resident_year``; none: the probability is NaN), partners first
    (ekosim.contracts.risk.risk_profile)."""
    runs = [r for r in runsets if len(r.ledger) and len(r.kpis)]
    if not runs:
        return pd.DataFrame(columns=RISK_COLUMNS)
    # keyed by position, not label: two runs can carry the same (shortened) name
    ledger = pd.concat(
        [r.ledger.assign(scenario=str(i)) for i, r in enumerate(runs)], ignore_index=True
    )
    kpis = pd.concat(
        [r.kpis.assign(scenario=str(i)) for i, r in enumerate(runs)], ignore_index=True
    )
    budgets = {str(i): r.scenario.region.budget_eur_per_resident_year for i, r in enumerate(runs)}
    profile = risk_profile(ledger, yearly_residents(kpis), budgets)
    region = profile["partner"] == REGION
    return (
        profile.assign(_region=region, _order=profile["scenario"].astype(int))
        .sort_values(["_region", "partner", "_order"], kind="stable")
        .assign(scenario=lambda f: f["_order"].map(lambda i: runs[i].label))
        .drop(columns=["_region", "_order"])
        .reset_index(drop=True)
    )


def yearly_accounts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each partner's limb-3 gain/pain and KPI reward per year (EUR), mean over replications."""
    accounts = partner_accounts(ledger) if len(ledger) else pd.DataFrame()
    if accounts.empty:
        return pd.DataFrame(columns=["year", "partner", "gain_pain", "kpi_reward"])
    means = accounts.groupby(["year", "partner"])[["gain_pain", "kpi_reward"]].mean()
    return means.reset_index()


class RiskView(View):
    """Each partner's result over the whole run across replications (mean, 5th and 95th
    percentile, the chance of a loss), the region's own cost per resident against its budget,
    for every series; and each partner's gain/pain and KPI reward over the years."""

    HEAD: tuple[str, ...] = ("col_partner", "col_series", "col_unit", "col_mean", "col_p5")
    HEAD += ("col_p95", "col_loss", "col_over_budget")

    def render(self) -> pn.viewable.Viewable:
        lang = self.lang
        runs = self.series()
        profile = risk_frame([runset for runset, _, _ in runs])
        labels = {runset.label: (label, colour) for runset, label, colour in runs}
        partners = profile[profile["partner"] != REGION]
        region = profile[profile["partner"] == REGION]
        rows = [
            self._row(position, row, labels) for position, row in enumerate(profile.itertuples())
        ]
        ledger = self.changed.ledger
        years = int(ledger["year"].nunique()) if len(ledger) else 0
        written = f"{self.state.caption()} {text('risk_note', lang, years=years)}"
        if not region.empty:
            written += " " + text("risk_region_note", lang)
        head = [text(key, lang) for key in self.HEAD]
        parts: list[Any] = []
        if partners.empty:
            parts.append(pane(note(text("risk_none", lang)), "risk-none"))
        else:
            parts.append(pn.pane.Bokeh(self.figure(partners, labels)))
        if not region.empty:
            parts.append(pn.pane.Bokeh(self.figure(region, labels, region=True)))
        if not profile.empty:
            parts.append(pane(table(head, rows, numeric=range(3, 8)) + note(written), "risk"))
        accounts = yearly_accounts(ledger)
        if not accounts.empty:
            parts.append(pn.pane.Bokeh(self.accounts_figure(accounts)))
        return pn.Column(*parts, sizing_mode="stretch_width")

    def partner_name(self, partner: str) -> str:
        return self.names.partner(partner)

    def _row(self, position: int, row: Any, labels: dict[str, tuple[str, str]]) -> str:
        lang, unit = self.lang, str(row.unit)
        shown_unit = text("unit_eur_resident_run", lang) if unit == REGION_UNIT else "€"
        if row.partner != REGION:
            over = "–"
        elif np.isnan(row.over_budget_probability):
            over = text("no_budget_set", lang)
        else:
            over = quantity(row.over_budget_probability, "fraction", lang)
        loss = (
            "–" if np.isnan(row.loss_probability)
            else quantity(row.loss_probability, "fraction", lang)
        )  # fmt: skip
        return (
            f'<tr data-partner="{html.escape(str(row.partner))}" data-series="{position}">'
            f"<td>{html.escape(self.partner_name(str(row.partner)))}</td>"
            f"<td>{html.escape(labels[row.scenario][0])}</td>"
            f'<td class="muted">{html.escape(shown_unit)}</td>'
            f'<td class="num mean">{number(row.mean_eur, lang)}</td>'
            f'<td class="num">{number(row.p5_eur, lang)}</td>'
            f'<td class="num">{number(row.p95_eur, lang)}</td>'
            f'<td class="num loss">{loss}</td>'
            f'<td class="num over-budget">{html.escape(over)}</td></tr>'
        )

    def figure(
        self, profile: pd.DataFrame, labels: dict[str, tuple[str, str]], region: bool = False
    ) -> Any:
        return spread_figure(profile, labels, self.names, region)

    def accounts_figure(self, accounts: pd.DataFrame) -> Any:
        """Each partner's limb-3 gain/pain and KPI reward per year, as their own lines."""
        lang = self.lang
        plot = chart(text("accounts_title", lang), lang, height=320)
        year_axis(plot, lang)
        lines = [(p, column) for p in accounts["partner"].unique() for column in ACCOUNT_LINES]
        for colour, (partner, column) in zip(SERIES_COLOURS, lines, strict=False):
            rows = accounts[accounts["partner"] == partner]
            plot.line(
                rows["year"] + 1,
                rows[column],
                line_color=colour,
                line_width=2.2,
                line_dash="solid" if column == "gain_pain" else "dashed",
                legend_label=f"{self.partner_name(str(partner))}: {text('line_' + column, lang)}",
            )
            plot.scatter(  # a one-year run is a point, not a line
                rows["year"] + 1,
                rows[column],
                color=colour,
                size=7,
                legend_label=f"{self.partner_name(str(partner))}: {text('line_' + column, lang)}",
            )
        plot.hspan(y=[0], line_color="#8a94a6", line_width=1)
        below(plot)
        return plot


def spread_figure(
    profile: pd.DataFrame, labels: dict[str, tuple[str, str]], names: Names, region: bool = False
) -> Any:
    """Each partner's result (or the region's cost per resident) over the run per series: the
    5th-95th percentile as a bar and the mean as a dot; ``labels`` maps a run set's label to
    its label shown and colour."""
    lang = names.lang
    factors = [
        (chart_name(names, str(row.partner)), labels[row.scenario][0])
        for row in profile.itertuples()
    ]
    plot = chart(
        text("risk_region_title" if region else "risk_title", lang),
        lang,
        height=120 + 38 * len(factors),
        y_range=FactorRange(factors=list(reversed(factors))),
        toolbar_location=None,
    )
    source = ColumnDataSource(
        {
            "factor": factors,
            "p5": profile["p5_eur"].to_numpy(),
            "p95": profile["p95_eur"].to_numpy(),
            "mean": profile["mean_eur"].to_numpy(),
            "colour": [labels[name][1] for name in profile["scenario"]],
        }
    )
    plot.hbar(
        y="factor", left="p5", right="p95", height=0.5, color="colour", alpha=0.35,
        source=source,
    )  # fmt: skip
    plot.scatter("mean", "factor", size=11, color="colour", source=source)
    if not region:
        plot.vspan(x=[0], line_color="#b83a4b", line_dash="dashed", line_width=1.5)
    plot.xaxis.formatter = ticks(lang)
    plot.xaxis.axis_label = text("risk_region_axis" if region else "risk_axis", lang)
    # the partner's or region's name across, beside its series: turned along the axis, a
    # name longer than its rows are high was cut ("gion (the county's own cost)")
    plot.yaxis.group_label_orientation = "horizontal"
    return plot


def chart_name(names: Names, partner: str) -> str:
    """A partner's name in a chart; the region named as what it is, the county."""
    return text("region_chart_name", names.lang) if partner == REGION else names.partner(partner)


def service_table(state: PlannerState, lang: str) -> pn.viewable.Viewable:
    """Arrivals, starts, abandonments, waits and the final queue of every channel and
    service of the scenario with the changes (shown under the waiting and the flows)."""
    assert state.changed is not None
    names = state.names()
    head: tuple[str, ...] = ("col_service", "col_arrivals", "col_started", "col_abandoned")
    head += ("col_mean_wait", "col_queue_end")
    rows = [
        f"<tr><td>{html.escape(names.flow(str(row.service)))}</td>"
        f'<td class="num">{number(row.arrivals, lang)}</td>'
        f'<td class="num">{number(row.started, lang)}</td>'
        f'<td class="num">{number(row.abandoned, lang)}</td>'
        f'<td class="num">{number(row.mean_wait_days, lang, 1)}</td>'
        f'<td class="num">{number(row.queue_end, lang)}</td></tr>'
        for row in data.service_table(state.changed.flows).itertuples()
    ]
    return pane(table([text(k, lang) for k in head], rows, numeric=range(1, 6)), "services")


class WaitingView(View):
    def render(self) -> pn.viewable.Viewable:
        distribution, shares = self.distribution_figure()
        return pn.Column(
            pn.pane.Bokeh(distribution),
            self._wait_table(shares),
            pn.pane.Bokeh(self.queue_figure()),
            service_table(self.state, self.lang),
        )

    def distribution_figure(self) -> tuple[Any, pd.DataFrame]:
        """Share of primary-care contacts by waiting-time class in the final year, every
        series side by side; and the scenario's distribution per service."""
        lang = self.lang
        services = self.state.base_scenario().services
        primary = [name for name, spec in services.items() if spec.primary_care]
        classes = [data.wait_class_label(lower, upper) for lower, upper in data.WAIT_CLASSES]
        plot = chart(
            text("wait_distribution_title", lang),
            lang,
            height=320,
            x_range=FactorRange(factors=classes),
            y_range=DataRange1d(start=0),
            toolbar_location=None,
        )
        runs = self.series()
        width = 0.8 / max(len(runs), 1)
        changed_shares = pd.DataFrame()
        for position, (runset, label, colour) in enumerate(runs):
            shares = data.wait_distribution(runset.waits, primary)
            if runset is self.state.changed:
                changed_shares = shares
            overall = shares[shares["service"] == ""]
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
        below(plot)
        return plot, changed_shares

    def queue_figure(self) -> Any:
        queues = data.queue_over_time(self.changed.flows)
        plot = chart(text("queue_title", self.lang), self.lang)
        year_axis(plot, self.lang)
        services = [s for s in queues["service"].unique() if not str(s).startswith("channel.")]
        for colour, service in zip(SERIES_COLOURS, services, strict=False):
            rows = queues[queues["service"] == service]
            plot.line(
                rows["week"] * 7 / DAYS_PER_YEAR,
                rows["queue_end"],
                line_color=colour,
                line_width=2,
                legend_label=self.names.flow(str(service)),
            )
        below(plot)
        return plot

    def _wait_table(self, shares: pd.DataFrame) -> pn.viewable.Viewable:
        lang = self.lang
        classes = [data.wait_class_label(lower, upper) for lower, upper in data.WAIT_CLASSES]
        head = [text("col_service", lang), *[f"{c} {text('days_short', lang)}" for c in classes]]
        head += [text("col_median", lang), text("col_p90", lang)]
        rows = []
        for service, part in shares.groupby("service", sort=False):
            name = (
                text("all_primary_care", lang) if service == "" else self.names.flow(str(service))
            )
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
        written = f"{self.state.caption()} {text('wait_distribution_note', lang)}"
        return pane(table(head, rows, numeric=range(1, len(head))) + note(written), "waits")


class FlowsView(View):
    BARS = (("arrivals", "#8a94a6"), ("started", CHANGED_COLOUR), ("abandoned", "#b83a4b"))

    def render(self) -> pn.viewable.Viewable:
        return pn.Column(pn.pane.Bokeh(self.figure()), service_table(self.state, self.lang))

    def figure(self) -> Any:
        services = data.service_table(self.changed.flows)
        names = [self.names.flow(str(s)) for s in services["service"]]
        plot = chart(
            text("flows_title", self.lang),
            self.lang,
            height=300,
            y_range=FactorRange(factors=list(reversed(names))),
            toolbar_location=None,
        )
        for offset, (column, colour) in enumerate(self.BARS):
            plot.hbar(
                y=dodge("service", (offset - 1) * 0.25, range=plot.y_range),
                right="value",
                height=0.22,
                source={"service": names, "value": services[column].to_numpy()},
                color=colour,
                legend_label=text("col_" + column, self.lang),
            )
        plot.xaxis.formatter = ticks(self.lang)
        below(plot)
        return plot


DELTA_CLIP = 100.0  # percent: a change beyond is drawn at the edge, its value written
STATUS_TONES = {"better": "#1c6b41", "worse": "#9b1c2e", "care_not_given": "#8a4b00"}
# The written change beside the dots must fit the narrowest window (1024 px): the chart's
# frame there (the sidebar and the KPI names taken) and the width of a character of its text.
NARROWEST_FRAME_PX = 400
TEXT_PX_PER_CHARACTER = 5.4
MOST_FOR_TEXT = 0.65  # of the frame: the rest is left to the dots and whiskers


def round_ticks(limit: float) -> list[float]:
    """Ticks at round values within ±``limit``: multiples of 1, 2 or 5 times a power of ten,
    at most two on each side of zero ("-10, -5, 0, 5, 10", never "-7.4, -3.7")."""
    base = 10.0 ** math.floor(math.log10(limit / 2))
    step = next(m * base for m in (1, 2, 5, 10) if limit // (m * base) <= 2)
    count = int(limit // step)
    return [round(step * i, 10) for i in range(-count, count + 1)]


def text_room(written: Sequence[str], limit: float) -> float:
    """The x range's end beyond ``limit`` that leaves the longest written change room in the
    chart at the narrowest window (it starts at 1.06 x ``limit``)."""
    longest = max((len(line) for line in written), default=0)
    share = min(MOST_FOR_TEXT, (TEXT_PX_PER_CHARACTER * longest + 12) / NARROWEST_FRAME_PX)
    return limit * (1.06 + share) / (1 - share)


def delta_figure(deltas: pd.DataFrame, colours: dict[str, str], lang: str, title: str) -> Any:
    """One level's KPI changes against the first compared scenario: per KPI a row, per
    scenario in it a dot at the mean change in percent of the first's value and a whisker
    over its 95% CI (``colours`` maps a scenario's label to its colour, the legend names
    them); beside each, the change in the KPI's own unit and its status."""
    names = list(dict.fromkeys(kpi_name(str(kpi), lang) for kpi in deltas["kpi"]))
    scenarios = [label for label in colours if label in set(deltas["scenario"])]
    finite = deltas[["relative", "relative_low", "relative_high"]].replace(
        [np.inf, -np.inf], np.nan
    )
    reach = finite.abs().max().max()
    limit = float(min(DELTA_CLIP, max(1.0, 1.1 * (0.0 if np.isnan(reach) else reach))))
    row_height = 10 + 16 * len(scenarios)
    plot = chart(
        title,
        lang,
        height=110 + row_height * len(names),
        y_range=FactorRange(factors=list(reversed(names))),
        x_range=Range1d(start=-limit, end=text_room(written_changes(deltas, lang), limit)),
        toolbar_location=None,
    )
    width = 0.8 / max(len(scenarios), 1)
    dots = []
    for position, scenario in enumerate(scenarios):
        part = deltas[deltas["scenario"] == scenario]
        source = ColumnDataSource(_delta_columns(part, lang, limit))
        offset = -((position - (len(scenarios) - 1) / 2) * width)  # the first on top
        y = dodge("kpi", offset, range=plot.y_range)
        colour = colours[scenario]
        plot.segment("low", y, "high", y, line_color=colour, line_width=2.5, source=source)
        dots.append(
            plot.scatter(
                "mean", y, size=10, color=colour, marker="marker", source=source,
                legend_label=scenario,
            )
        )  # fmt: skip
        plot.text("at", y, text="written", source=source, text_font_size="11.5px",
                  text_baseline="middle", text_color="tone")  # fmt: skip
    plot.vspan(x=[0], line_color="#8a94a6", line_width=1)
    plot.xaxis.ticker = FixedTicker(ticks=round_ticks(limit))  # none by the written text
    plot.xaxis.formatter = ticks(lang)
    plot.xaxis.axis_label = text("compare_delta_axis", lang)
    plot.add_tools(HoverTool(renderers=dots, tooltips=[("", "@kpi: @written"), ("%", "@percent")]))
    below(plot)
    return plot


def change_in_unit(value: float, unit: str, lang: str) -> str:
    """A signed change with its unit where the number alone does not say it: "+9.4 days"."""
    written = change_text(value, unit, lang)
    label = unit_label(unit, lang)
    if unit == "fraction" or unit.startswith("EUR") or not label[:1].isalpha():
        return written
    return f"{written} {label}"


def written_changes(deltas: pd.DataFrame, lang: str) -> list[str]:
    """Each row's change in its KPI's unit and its status: "+9.4 days · worse"."""
    return [
        f"{change_in_unit(row.diff, str(row.unit), lang)} · "
        f"{text('status_' + str(row.status), lang)}"
        for row in deltas.itertuples()
    ]


def _delta_columns(part: pd.DataFrame, lang: str, limit: float) -> dict[str, Any]:
    """One scenario's rows of a delta chart: clipped to the chart's reach (beyond it, a
    diamond at the edge), the change written in the KPI's unit with its status and tone."""

    def clip(column: str) -> np.ndarray:
        return part[column].clip(-limit, limit).to_numpy(dtype=float)

    return {
        "kpi": [kpi_name(str(kpi), lang) for kpi in part["kpi"]],
        "mean": clip("relative"),
        "low": clip("relative_low"),
        "high": clip("relative_high"),
        "marker": np.where(part["relative"].abs() > limit, "diamond", "circle"),
        "written": written_changes(part, lang),
        "tone": [STATUS_TONES.get(str(status), "#1b2a41") for status in part["status"]],
        "percent": [
            "–" if not np.isfinite(value) else f"{number(value, lang, 1)} %"
            for value in part["relative"]
        ],
        "at": np.full(len(part), limit * 1.06),
    }


class CompareView(KpiChoiceView):
    """Up to four named scenarios as charts: each KPI's change against the first with its
    CI (one chart per level), each partner's result and the region's cost over the run, the
    chosen KPI over time; and the exact numbers in a table below."""

    HEAD = ("col_kpi", "col_scenario", "col_mean", "col_ci", "col_diff")

    @param.depends("state.results_version", "state.language", "state.plot_kpi")
    def _drawn(self) -> pn.viewable.Viewable:
        if not self.state.compared:
            return pane(note(text("compare_empty", self.lang)), "compare")
        return self.render()

    def colours(self) -> dict[str, str]:
        return {
            runset.label: SERIES_COLOURS[position % len(SERIES_COLOURS)]
            for position, runset in enumerate(self.state.compared)
        }

    def series(self) -> list[tuple[data.RunSet, str, str]]:
        colours = self.colours()
        return [(r, r.label, colours[r.label]) for r in self.state.compared]

    def delta_figures(self) -> list[Any]:
        """One chart per level with a KPI that changes; none with one scenario."""
        lang, compared = self.lang, self.state.compared
        deltas = data.compare_deltas(compared)
        moving = deltas[deltas["relative"].notna() & (deltas["diff"].abs() > 0)]
        first = compared[0].label
        return [
            delta_figure(
                moving[moving["level"] == level],
                self.colours(),
                lang,
                text("compare_delta_title", lang, level=text("level_" + level, lang), first=first),
            )
            for level in LEVELS
            if (moving["level"] == level).any()
        ]

    def money_figures(self) -> list[Any]:
        """Each partner's result over the run and the region's cost per resident over the
        run, per compared scenario (5th-95th percentile and mean)."""
        profile = risk_frame(self.state.compared)
        labels = {label: (label, colour) for label, colour in self.colours().items()}
        partners = profile[profile["partner"] != REGION]
        region = profile[profile["partner"] == REGION]
        figures = []
        if not partners.empty:
            figures.append(spread_figure(partners, labels, self.names))
        if not region.empty:
            figures.append(spread_figure(region, labels, self.names, region=True))
        return figures

    def timeseries_figure(self) -> Any:
        kpi = self.state.plot_kpi
        return series_figure(kpi_title(kpi, self.lang), kpi_series(self.series(), kpi), self.lang)

    def render(self) -> pn.viewable.Viewable:
        lang = self.lang
        parts: list[Any] = []
        figures = self.delta_figures()
        if len(self.state.compared) > 1:
            written = text("compare_delta_note", lang, first=self.state.compared[0].label)
            parts.append(pane(note(written), "compare-note"))
        parts += [drawn(plot, "compare-delta") for plot in figures]
        parts += [drawn(plot, "compare-money") for plot in self.money_figures()]
        parts += [self.choice, drawn(self.timeseries_figure(), "compare-series")]
        parts.append(self.table())
        return pn.Column(*parts, sizing_mode="stretch_width")

    def table(self) -> pn.pane.HTML:
        lang = self.lang
        compared = data.compare_table(self.state.compared)
        rows = []
        for kpi, part in compared.groupby("kpi", sort=False):
            for position, row in enumerate(part.itertuples()):
                unit = str(row.unit)
                name = ""
                if position == 0:
                    name = (
                        f"{html.escape(kpi_name(str(kpi), lang))} "
                        f'<span class="muted">{html.escape(unit_label(unit, lang))}</span>'
                    )
                rows.append(
                    f'<tr data-compare="{position}" data-kpi="{kpi}"><td>{name}</td>'
                    f"<td>{html.escape(str(row.scenario))}</td>"
                    f'<td class="num">{shown(row.mean, unit, lang)}</td>'
                    f'<td class="num muted">{interval(row.low, row.high, unit, lang)}</td>'
                    f'<td class="num">'
                    f"{signed(row.diff, row.diff_low, row.diff_high, unit, lang)}</td></tr>"
                )
        head = [text(key, lang) for key in self.HEAD]
        return pane(table(head, rows, numeric=range(2, 5)), "compare")


SWEEP_KPIS = ("cost_per_resident_eur_year", "unmet_need_share")  # beside the chosen KPI


class SweepView(View):
    """One lever over its range, on the same random numbers at every value: each partner's
    result and the region's cost over the run with their 5th-95th percentile bands, and the
    chosen KPIs with their 95% CIs, across the lever's values ("where is the alliance a win
    for both sides")."""

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        state = self.state
        self.lever = pn.widgets.Select.from_param(
            state.param.sweep_lever, css_classes=["ek-sweep-lever"]
        )
        self.points = pn.widgets.IntInput.from_param(
            state.param.sweep_points, width=120, sizing_mode=None
        )
        self.button = pn.widgets.Button(
            button_type="primary", css_classes=["ek-sweep-run"], width=160, sizing_mode=None
        )
        self.button.on_click(self._run)
        self.choice = pn.widgets.Select.from_param(state.param.plot_kpi)
        self.stale_note = pane("", "sweep-stale")
        self.stale_note.visible = False
        state.param.watch(self._relabel, "language")
        state.param.watch(self._mark_stale, [*UNDOABLE, "sweep_lever", "sweep_points"])
        state.param.watch(self._mark_stale, ["sweep_version", "scenario_version", "language"])
        self._relabel()

    def _mark_stale(self, *_: Any) -> None:
        """Say so while the sweep shown was run with other settings than the current ones."""
        written = html.escape(text("sweep_stale", self.lang))
        self.stale_note.object = f'<div class="stale">{written}</div>'
        self.stale_note.visible = self.state.sweep_stale()

    async def _run(self, *_: Any) -> None:
        from apps.planner import runner

        if not self.state.sweeping:
            await runner.sweep_streaming(self.state)

    def _relabel(self, *_: Any) -> None:
        lang = self.lang
        self.lever.name = text("sweep_lever", lang)
        self.lever.options = {LABELS(name, lang): name for name in SWEEPABLE}
        self.points.name = text("sweep_points", lang)
        self.button.name = text("sweep_run", lang)
        self.choice.name = text("kpi_to_plot", lang)
        self.choice.options = {kpi_name(k, lang): k for k in KPIS}

    def __panel__(self) -> Any:
        controls = pn.Row(self.lever, self.points, self.button, align="end")
        return pn.Column(
            controls, self.choice, self.stale_note, pn.panel(self._drawn),
            sizing_mode="stretch_width",
        )  # fmt: skip

    @param.depends(
        "state.sweep_version", "state.language", "state.plot_kpi", "state.results_version"
    )
    def _drawn(self) -> pn.viewable.Viewable:
        if not self.done():
            return pane(note(text("sweep_empty", self.lang)), "sweep")
        return self.render()

    def done(self) -> list[tuple[float, data.RunSet]]:
        """The points with results so far."""
        return [(value, runset) for value, runset in self.state.sweep if runset.replications]

    def axis(self) -> str:
        return LABELS(self.state.swept_lever, self.lang) if self.state.swept_lever else ""

    def render(self) -> pn.viewable.Viewable:
        state, lang = self.state, self.lang
        points = self.done()
        written = text(
            "sweep_note", lang, points=len(points), total=len(state.sweep),
            replications=min(runset.replications for _, runset in points),
        )  # fmt: skip
        parts: list[Any] = [pane(note(written), "sweep-note")]
        parts += [pn.pane.Bokeh(plot, sizing_mode="stretch_width") for plot in self.money_figures()]
        parts += [pn.pane.Bokeh(plot, sizing_mode="stretch_width") for plot in self.kpi_figures()]
        return pn.Column(*parts, sizing_mode="stretch_width")

    def money_figures(self) -> list[Any]:
        """Each partner's result over the run (EUR) and the region's cost per resident over
        the run across the lever's values: the mean as a line, 5th-95th percentile as a band."""
        lang, points = self.lang, self.done()
        at = {runset.label: value for value, runset in points}
        profile = risk_frame([runset for _, runset in points])
        profile = profile.assign(value=profile["scenario"].map(at)).sort_values("value")
        figures = []
        for region in (False, True):
            part = profile[(profile["partner"] == REGION) == region]
            if part.empty:
                continue
            key = "sweep_region_title" if region else "sweep_partners_title"
            plot = chart(text(key, lang), lang, height=340)
            for colour, (partner, rows) in zip(
                SERIES_COLOURS, part.groupby("partner", sort=False), strict=False
            ):
                name = self.names.partner(str(partner))
                plot.varea(rows["value"], rows["p5_eur"], rows["p95_eur"], fill_color=colour,
                           fill_alpha=0.18, legend_label=f"{name} 5–95%")  # fmt: skip
                plot.line(rows["value"], rows["mean_eur"], line_color=colour, line_width=2.2,
                          legend_label=name)  # fmt: skip
                plot.scatter(
                    rows["value"], rows["mean_eur"], color=colour, size=7, legend_label=name
                )
            if not region:
                plot.hspan(y=[0], line_color="#b83a4b", line_dash="dashed", line_width=1.5)
            plot.xaxis.axis_label = self.axis()
            plot.xaxis.formatter = ticks(lang)
            plot.yaxis.axis_label = text("risk_region_axis" if region else "risk_axis", lang)
            below(plot)
            figures.append(plot)
        return figures

    def kpi_figures(self) -> list[Any]:
        """The chosen KPI, cost per resident and unmet need in the final year across the
        lever's values: the mean over replications as a line, its 95% CI as a band."""
        lang, points = self.lang, self.done()
        figures = []
        for kpi_id in dict.fromkeys([self.state.plot_kpi, *SWEEP_KPIS]):
            kpi = KPIS[kpi_id]
            scale = 100.0 if kpi.unit == "fraction" else 1.0
            rows = []
            for value, runset in points:
                final = data.final_year(runset.kpis)
                if kpi_id in final:
                    rows.append((value, *(scale * v for v in data.kpi_ci(final[kpi_id], kpi_id))))
            if not rows:
                continue
            frame = pd.DataFrame(rows, columns=["value", "mean", "low", "high"])
            plot = chart(kpi_title(kpi_id, lang), lang, height=300)
            if frame["low"].notna().any():
                plot.varea(frame["value"], frame["low"], frame["high"], fill_color=CHANGED_COLOUR,
                           fill_alpha=0.18, legend_label="95%")  # fmt: skip
            plot.line(frame["value"], frame["mean"], line_color=CHANGED_COLOUR, line_width=2.2,
                      legend_label=text("col_mean", lang))  # fmt: skip
            plot.scatter(frame["value"], frame["mean"], color=CHANGED_COLOUR, size=7)
            plot.xaxis.axis_label = self.axis()
            plot.xaxis.formatter = ticks(lang)
            below(plot)
            figures.append(plot)
        return figures


TABS: dict[str, type[View]] = {
    "scorecard": ScorecardView,
    "timeseries": TimeseriesView,
    "ledger": LedgerView,
    "risk": RiskView,
    "waiting": WaitingView,
    "flows": FlowsView,
    "compare": CompareView,
    "sweep": SweepView,
}
