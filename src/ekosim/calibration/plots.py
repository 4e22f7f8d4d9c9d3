"""Calibration plots: the optimisation history, parameter importances, and the best trial's
model values beside their targets (PNG and a self-contained HTML page)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import optuna
import pandas as pd
from matplotlib.figure import Figure

from ekosim.calibration.search import CalibrationResult
from ekosim.experiments.plots import save_figure


def save_calibration_plots(
    result: CalibrationResult, comparison: pd.DataFrame, out: Path
) -> list[Path]:
    """``history``, ``importances`` and ``targets`` as PNG and HTML in ``out``."""
    written = save_figure(_history(result), out, "history", "Optimisation history", result.trials)
    importances = _importances(result.study)
    written += save_figure(
        _bars(importances, "importance", "Parameter importance (fANOVA)"),
        out,
        "importances",
        "Parameter importances",
        importances,
    )
    written += save_figure(
        _bars(comparison, "ratio", "Model / target at the best trial", reference=1.0),
        out,
        "targets",
        "Model against targets",
        comparison,
    )
    return written


def _history(result: CalibrationResult) -> Figure:
    figure = Figure(figsize=(6, 3.5), layout="constrained")
    axes = figure.add_subplot()
    done = result.trials[result.trials["state"] == "complete"]
    axes.plot(done["trial"], done["distance"], "o", label="trial")
    axes.plot(done["trial"], done["distance"].cummin(), "-", label="best so far")
    axes.set_xlabel("trial")
    axes.set_ylabel("distance (mean squared, tolerance = 1)")
    axes.set_yscale("symlog", linthresh=0.01)
    axes.legend()
    return figure


def _importances(study: optuna.Study) -> pd.DataFrame:
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    if len(complete) < 2:
        return pd.DataFrame({"label": [], "importance": []})
    values = optuna.importance.get_param_importances(study)
    return pd.DataFrame({"label": list(values), "importance": list(values.values())})


def _bars(frame: pd.DataFrame, column: str, title: str, reference: float | None = None) -> Figure:
    figure = Figure(figsize=(6, 0.5 + 0.45 * max(1, len(frame))), layout="constrained")
    axes = figure.add_subplot()
    positions = np.arange(len(frame))
    axes.barh(positions, frame[column].to_numpy(dtype=float))
    axes.set_yticks(positions, frame["label"].tolist(), fontsize=8)
    if reference is not None:
        axes.axvline(reference, color="black", linewidth=1)
    axes.set_title(title, fontsize=10)
    return figure
