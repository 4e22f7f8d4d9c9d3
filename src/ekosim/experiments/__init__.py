"""Experiments: replications with confidence intervals, scenario comparison on common random
numbers, sweeps, global sensitivity and scenario discovery, on serial, process-pool or Dask
executors, resumable through an --out folder."""

from ekosim.experiments.engine import Execution, ExperimentResults, RunTask, run_task
from ekosim.experiments.replications import compare, replicate
from ekosim.experiments.seeds import replication_seeds
from ekosim.experiments.stats import replications_needed, summarise, t_interval
from ekosim.experiments.store import ExperimentError, OutFolderError

__all__ = [
    "Execution",
    "ExperimentError",
    "ExperimentResults",
    "OutFolderError",
    "RunTask",
    "compare",
    "replicate",
    "replication_seeds",
    "replications_needed",
    "run_task",
    "summarise",
    "t_interval",
]
