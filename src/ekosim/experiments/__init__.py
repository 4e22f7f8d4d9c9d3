"""Experiments: replications with confidence intervals, scenario comparison on common random
numbers, sweeps, global sensitivity and scenario discovery, on serial, process-pool or Dask
executors, resumable through an --out folder; EMA Workbench models and risk over uncertain
inputs (``ema``)."""

from ekosim.experiments.design import Experiment, design_points, load_experiment
from ekosim.experiments.ema import UncertaintyRisk, ema_model, uncertainty_risk
from ekosim.experiments.engine import Execution, ExperimentResults, RunTask, run_task
from ekosim.experiments.replications import compare, replicate
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.stats import replications_needed, summarise, t_interval
from ekosim.experiments.store import ExperimentError, OutFolderError
from ekosim.experiments.sweeps import SensitivityResults, SweepResults, sensitivity, sweep

__all__ = [
    "Execution",
    "Experiment",
    "ExperimentError",
    "ExperimentResults",
    "OutFolderError",
    "RunTask",
    "SensitivityResults",
    "SweepResults",
    "UncertaintyRisk",
    "compare",
    "design_points",
    "ema_model",
    "load_experiment",
    "replicate",
    "replication_seeds",
    "replications_needed",
    "run_task",
    "sensitivity",
    "summarise",
    "sweep",
    "t_interval",
    "uncertainty_risk",
]
