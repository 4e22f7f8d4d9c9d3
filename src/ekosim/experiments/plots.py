"""Plots of experiment results: PNG through matplotlib, and one self-contained HTML page."""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

from ekosim.results import write_atomic

COLUMNS = 3


def kpi_figure(summary: pd.DataFrame) -> Figure:
    """One panel per KPI: each scenario (or design point) as a mean with its 95 % CI."""
    labels = _labels(summary)
    kpis = list(dict.fromkeys(summary["kpi"]))
    rows = math.ceil(len(kpis) / COLUMNS)
    figure = Figure(figsize=(4 * COLUMNS, 2.8 * rows), layout="constrained")
    for number, kpi in enumerate(kpis, start=1):
        axes = figure.add_subplot(rows, COLUMNS, number)
        part = summary[summary["kpi"] == kpi]
        mean = part["mean"].to_numpy(dtype=float)
        error = np.vstack([mean - part["ci_low"], part["ci_high"] - mean])
        positions = np.arange(len(part))
        axes.errorbar(positions, mean, yerr=np.nan_to_num(error), fmt="o", capsize=4)
        axes.set_xticks(positions, labels[part.index], rotation=30, ha="right", fontsize=7)
        axes.set_title(kpi, fontsize=9)
    return figure


def bar_figure(frame: pd.DataFrame, value: str, error: str | None, title: str) -> Figure:
    """Horizontal bars of ``value`` per ``parameter``, one panel per KPI (sensitivity indices)."""
    kpis = list(dict.fromkeys(frame["kpi"]))
    figure = Figure(figsize=(4 * len(kpis), 0.5 * frame["parameter"].nunique() + 1.5))
    figure.set_layout_engine("constrained")
    for number, kpi in enumerate(kpis, start=1):
        axes = figure.add_subplot(1, len(kpis), number)
        part = frame[frame["kpi"] == kpi]
        errors = None if error is None else np.nan_to_num(part[error].to_numpy(dtype=float))
        axes.barh(part["parameter"], part[value], xerr=errors, capsize=3)
        axes.set_title(kpi, fontsize=9)
        axes.set_xlabel(value)
    figure.suptitle(title)
    return figure


def sweep_figure(summary: pd.DataFrame, parameters: list[str], kpis: list[str]) -> Figure:
    """KPI mean (with 95 % CI) against each parameter: a row per KPI, a column per parameter."""
    figure = Figure(figsize=(3.6 * len(parameters), 2.6 * len(kpis)), layout="constrained")
    grid = figure.subplots(len(kpis), len(parameters), squeeze=False)
    for row, kpi in enumerate(kpis):
        part = summary[summary["kpi"] == kpi]
        mean = part["mean"].to_numpy(dtype=float)
        error = np.nan_to_num(np.vstack([mean - part["ci_low"], part["ci_high"] - mean]))
        for column, parameter in enumerate(parameters):
            axes = grid[row][column]
            axes.errorbar(part[parameter], mean, yerr=error, fmt="o", capsize=3, alpha=0.8)
            axes.set_xlabel(parameter, fontsize=7)
            axes.set_ylabel(kpi, fontsize=7)
    return figure


def save_figure(
    figure: Figure, out: Path, name: str, title: str, table: pd.DataFrame
) -> list[Path]:
    """``NAME.png``, and ``NAME.html``: a self-contained page with the image and the table."""
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    png = buffer.getvalue()
    png_path = write_atomic(out / f"{name}.png", png)
    image = base64.b64encode(png).decode("ascii")
    page = (
        "<!doctype html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        f"<img alt='{html.escape(title)}' src='data:image/png;base64,{image}'>\n"
        f"{table.to_html(index=False, float_format=lambda v: f'{v:.4g}')}\n</body></html>\n"
    )
    return [png_path, write_atomic(out / f"{name}.html", page)]


def _labels(summary: pd.DataFrame) -> pd.Series:
    if "point" in summary and summary["point"].nunique() > 1:
        return summary["scenario"] + " #" + summary["point"].astype(str)
    return summary["scenario"].astype(str)
