"""The decision brief: one self-contained, printable HTML page of what the planner shows, to
attach to a board memo.

It holds the scenario's name and the changes in words, what the results are (years,
replications), the KPI scorecard with its 95% intervals, the key charts (PNG images inside
the page), each partner's result and the region's own cost over the run with their risks,
the comparison when there is one, the assumptions, the model's validation status from
docs/VALIDATION.md, and the date and ekosim version. Nothing is loaded from elsewhere: the
styles and the images are in the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
from pathlib import Path

import pandas as pd

import ekosim
from apps.planner import views
from apps.planner.levers import LABELS
from apps.planner.names import Names, lever_changes, lever_value
from apps.planner.state import PlannerState
from apps.texts import number, text
from ekosim.contracts.ledger import REGION

VALIDATION = Path(__file__).resolve().parents[2] / "docs" / "VALIDATION.md"
KEY_KPIS = ("cost_per_resident_eur_year", "unmet_need_share")  # charted beside the chosen one
MAX_GAPS = 12  # validation targets missed, listed in the brief

PRINT_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b2a41;
  max-width: 1000px; margin: 24px auto; padding: 0 18px; line-height: 1.4; }
h1 { font-size: 24px; margin: 0 0 4px 0; }
h2 { font-size: 17px; margin: 26px 0 8px 0; border-bottom: 2px solid #d5dbe6; padding-bottom: 3px; }
.meta { color: #55607a; font-size: 13px; margin: 0; }
.stale-brief { background: #fff4e5; border-left: 4px solid #d9822b; padding: 8px 12px; }
ul.changes li { margin: 2px 0; }
img.chart { width: 100%; max-width: 960px; margin: 6px 0; }
section { break-inside: avoid-page; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  tr { break-inside: avoid; } }
"""


def brief_html(state: PlannerState) -> str:
    """The brief of the state's results, in the page's language."""
    lang = state.language
    scenario = state.base_scenario()
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = text("brief_title", lang, name=state.scenario_name())
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        '<p class="meta">'
        + html.escape(text("brief_meta", lang, date=generated, version=ekosim.__version__))
        + "</p>",
    ]
    if scenario.description:
        parts.append(f'<p class="meta">{html.escape(scenario.description)}</p>')
    parts.append(_section("brief_changes", lang, _changes(state)))
    if not state.has_results():
        parts.append(_section("brief_results", lang, views.note(text("brief_no_results", lang))))
    else:
        parts.append(_section("brief_results", lang, _results(state)))
        parts.append(_section("brief_charts", lang, _charts(state)))
        parts.append(_section("brief_money", lang, _money(state)))
        if state.compared:
            compare = views.CompareView(state=state).table().object
            parts.append(_section("brief_compare", lang, str(compare)))
    parts.append(_section("brief_assumptions", lang, _assumptions(state)))
    parts.append(_section("brief_validation", lang, validation_status(lang)))
    style = views.STYLE.replace(":host", "body")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f"<style>{style}{PRINT_STYLE}</style></head>"
        f'<body class="ek-brief">{"".join(parts)}</body></html>\n'
    )


def brief_file(state: PlannerState) -> io.BytesIO:
    """The brief as a download."""
    return io.BytesIO(brief_html(state).encode("utf-8"))


def _section(key: str, lang: str, body: str) -> str:
    return f'<section class="brief-{key}"><h2>{html.escape(text(key, lang))}</h2>{body}</section>'


# ---- the changes, in words ------------------------------------------------------------------


def changes_in_words(state: PlannerState) -> list[tuple[str, str, str, bool]]:
    """(lever, from, to, is an assumption) of every lever moved from the scenario's value."""
    return lever_changes(state.base_scenario(), state.lever_values(), state.language)


def _changes(state: PlannerState) -> str:
    lang = state.language
    moved = changes_in_words(state)
    if not moved:
        return views.note(text("brief_no_changes", lang))
    items = "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(before)} → {html.escape(after)}"
        + (
            f' <span class="muted">({html.escape(text("brief_assumed", lang))})</span>'
            if assumed
            else ""
        )
        + "</li>"
        for name, before, after, assumed in moved
    )
    return f'<ul class="changes">{items}</ul>'


# ---- results --------------------------------------------------------------------------------


def _results(state: PlannerState) -> str:
    lang = state.language
    lead = ""
    if state.stale():
        lead = f'<p class="stale-brief">{html.escape(text("stale", lang))}</p>'
    card = views.ScorecardView(state=state).html()
    run = text("brief_run", lang, years=state.run_years, replications=state.complete,
               seed=state.seed)  # fmt: skip
    return f"{lead}{views.note(run)}{card}"


def _image(png: io.BytesIO, alt: str) -> str:
    encoded = base64.b64encode(png.getvalue()).decode("ascii")
    return f'<img class="chart" alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'


def _charts(state: PlannerState) -> str:
    lang = state.language
    series = views.ScorecardView(state=state).series()
    kpis = list(dict.fromkeys([state.plot_kpi, *KEY_KPIS]))
    shown = set(series[0][0].kpis["kpi"]) if series else set()
    images = []
    for kpi in kpis:
        if kpi in shown:
            title = views.kpi_title(kpi, lang)
            png = views.series_png(title, views.kpi_series(series, kpi), lang, size=(9, 3.6))
            images.append(_image(png, title))
    profile = views.risk_frame([runset for runset, _, _ in series])
    labels = {runset.label: (label, colour) for runset, label, colour in series}
    for region in (False, True):
        part = profile[(profile["partner"] == REGION) == region]
        if not part.empty:
            key = "risk_region_title" if region else "risk_title"
            png = spread_png(part, labels, state.names(), region)
            images.append(_image(png, text(key, lang)))
    return "".join(images)


def spread_png(
    profile: pd.DataFrame, labels: dict[str, tuple[str, str]], names: Names, region: bool
) -> io.BytesIO:
    """The risk chart drawn by Matplotlib: per partner (or the region) and series, the 5th-95th
    percentile as a bar and the mean as a dot."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    lang = names.lang
    rows = list(profile.itertuples())
    drawing = Figure(figsize=(9, 0.9 + 0.45 * len(rows)), dpi=110, layout="constrained")
    axes = drawing.add_subplot()
    for position, row in enumerate(reversed(rows)):
        colour = labels[row.scenario][1]
        axes.barh(position, row.p95_eur - row.p5_eur, left=row.p5_eur, height=0.5,
                  color=colour, alpha=0.35)  # fmt: skip
        axes.plot([row.mean_eur], [position], "o", color=colour)
    axes.set_yticks(
        range(len(rows)),
        [
            f"{names.partner(str(row.partner))} · {labels[row.scenario][0]}"
            for row in reversed(rows)
        ],
    )
    if not region:
        axes.axvline(0, color="#b83a4b", ls="--", lw=1)
    drawing.suptitle(
        text("risk_region_title" if region else "risk_title", lang), x=0.01, ha="left",
        fontsize=11,
    )  # fmt: skip
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value, lang)))
    axes.set_xlabel(text("risk_region_axis" if region else "risk_axis", lang))
    axes.grid(alpha=0.3, axis="x")
    out = io.BytesIO()
    drawing.savefig(out, format="png")
    out.seek(0)
    return out


def _money(state: PlannerState) -> str:
    """Each partner's result and the region's cost over the run, with their risks."""
    lang = state.language
    risk = views.RiskView(state=state)
    series = risk.series()
    profile = views.risk_frame([runset for runset, _, _ in series])
    if profile.empty:
        return views.note(text("risk_none", lang))
    labels = {runset.label: (label, colour) for runset, label, colour in series}
    rows = [risk._row(position, row, labels) for position, row in enumerate(profile.itertuples())]
    head = [text(key, lang) for key in views.RiskView.HEAD]
    years = state.run_years
    written = text("risk_note", lang, years=years) + " " + text("risk_region_note", lang)
    return views.table(head, rows, numeric=range(3, 8)) + views.note(written)


# ---- assumptions and validation -------------------------------------------------------------


def _assumptions(state: PlannerState) -> str:
    lang = state.language
    scenario = state.changed_scenario() if not state.problems else state.base_scenario()
    budget = scenario.region.budget_eur_per_resident_year
    facts = [
        (text("brief_population", lang), number(scenario.population.size, lang)),
        (text("brief_horizon", lang), number(state.run_years or state.years, lang)),
        (text("brief_contract", lang), text(f"model_{scenario.contract.model}", lang)),
        (
            text("brief_budget", lang),
            text("no_budget_set", lang) if budget is None else f"{number(budget, lang)} €",
        ),
        *[
            (LABELS(name, lang), lever_value(name, getattr(state, name), lang))
            for name in ("demand_pct", "vacancy_pp")
        ],
    ]
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td class='num'>{html.escape(value)}</td></tr>"
        for name, value in facts
    )
    return f'<table class="ek"><tbody>{rows}</tbody></table>' + views.note(
        text("brief_assumptions_note", lang)
    )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _plain(cell: str) -> str:
    """A Markdown cell as plain text: links as their text, code without backticks."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell).replace("`", "").replace("**", "")


def validation_gaps(report: str) -> tuple[str, list[str]]:
    """The report's result line and each target or check it marks as missed (✗)."""
    result = next(
        (_plain(line).strip() for line in report.splitlines() if line.startswith("**Result")), ""
    )
    gaps = []
    for line in report.splitlines():
        if not line.startswith("|"):
            continue
        cells = _cells(line)
        if "✗" not in cells:
            continue
        if len(cells) >= 7:  # indicator, source, target, model, ratio, within, role
            gaps.append(f"{_plain(cells[0])}: {_plain(cells[2])} · {_plain(cells[3])}")
        else:  # a scenario direction: check, why, difference, holds
            gaps.append(f"{_plain(cells[0])}: {_plain(cells[2]) if len(cells) > 2 else ''}")
    return result, gaps


def validation_status(lang: str, path: Path = VALIDATION) -> str:
    try:
        report = path.read_text(encoding="utf-8")
    except OSError:
        return views.note(text("brief_validation_missing", lang))
    result, gaps = validation_gaps(report)
    items = "".join(f"<li>{html.escape(gap)}</li>" for gap in gaps[:MAX_GAPS])
    more = len(gaps) - MAX_GAPS
    if more > 0:
        items += f"<li>{html.escape(text('brief_more', lang, n=more))}</li>"
    body = f'<p class="validation-result"><b>{html.escape(result)}</b></p>'
    if items:
        body += f"<p>{html.escape(text('brief_gaps', lang))}</p><ul class='gaps'>{items}</ul>"
    return body + views.note(text("brief_validation_note", lang))
