"""Every speed target of issue 22, one JSON line each. Not a test. From the repository root:

    python benchmarks/run.py [--quick] [--only NAME ...]

Each line holds ``target`` (its name), ``figure`` (measured), ``goal`` and ``better``
("lower": the figure must be at most the goal; "higher": at least), ``met``, ``unit``,
``run`` (what was measured, in words), ``quick`` and ``load_avg`` (the machine's 1-minute
load average before and after: the machine is shared, so compare speeds as ratios within one
run). The targets:

- ``tesoma_10y_cpu_s``: tesoma-alliance, 10 years, one run of the compiled engine, the
  process's CPU seconds (the model imported and the kernels loaded before the clock starts;
  ``wall_s`` beside it, and ``python_cpu_s`` and ``speedup_vs_python``: the Python engine's
  run in the same process, as a ratio);
- ``planner_first_result_s``: the planner's default re-run (5 replications of 10 years,
  baseline and a changed scenario), wall seconds until its first complete result (every run
  set has one whole replication; ``all_s``: the whole re-run), run as the served app runs
  it: the first replication in this process, the whole ones in its worker processes
  (``worker_processes_rss_mb``: their memory at the end);
- ``pirkanmaa_10y_wall_s`` and ``pirkanmaa_10y_peak_mb``: the whole county (515,095
  residents, every part on), 10 years, wall seconds and the process's peak resident memory;
- ``reference_ratio``: the per-agent Mesa reference's CPU time over the engine's on the same
  20,000 residents for one year;
- ``workers2_speedup``: 200 one-year tesoma-alliance runs on 1 worker over on 2 (a local Dask
  cluster);
- ``cold_start_s``: ``ekosim run tesoma-alliance --years 1`` from the shell with an empty
  kernel cache (a temporary ``EKOSIM_CACHE_DIR``), wall seconds.

Each measurement runs in its own subprocess, so its peak memory is that process's ru_maxrss.
``--quick`` runs fewer years and replications and smaller sizes (each line's ``run`` says
what), a smoke run whose figures are not the targets' (``met`` is then null).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
FULL = {
    "county_years": 10,
    "tesoma_years": 10,
    "planner_years": 10,
    "planner_replications": 5,
    "reference_size": 20_000,
    "experiment_runs": 200,
}
QUICK = {
    "county_years": 1,
    "tesoma_years": 1,
    "planner_years": 1,
    "planner_replications": 2,
    "reference_size": 2_000,
    "experiment_runs": 2,
}


@dataclass(frozen=True)
class Target:
    name: str
    goal: float
    better: str  # "lower" or "higher"
    unit: str
    measurement: str  # the key of MEASUREMENTS that gives the figure
    key: str  # the figure's key in that measurement's result


TARGETS = (
    Target("tesoma_10y_cpu_s", 1.0, "lower", "s CPU", "tesoma", "cpu_s"),
    Target("planner_first_result_s", 10.0, "lower", "s wall", "planner", "first_s"),
    Target("pirkanmaa_10y_wall_s", 30.0, "lower", "s wall", "county", "s"),
    Target("pirkanmaa_10y_peak_mb", 1536.0, "lower", "MB", "county", "peak_mb"),
    Target("reference_ratio", 100.0, "higher", "x (CPU)", "reference", "cpu_ratio"),
    Target("workers2_speedup", 1.8, "higher", "x", "workers", "speedup"),
    Target("cold_start_s", 15.0, "lower", "s wall", "cold_start", "s"),
)


def _timed(work: Callable[[], Any]) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return {"s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


def measure_county(sizes: dict[str, Any]) -> dict[str, Any]:
    import ekosim

    scenario = ekosim.load_scenario("pirkanmaa")
    run = ekosim.run  # imports the model (Mesa, pandas: ~1 s) before the clock starts
    years = sizes["county_years"]
    figures = _timed(lambda: run(scenario, seed=1, years=years))
    return figures | {"run": f"pirkanmaa, {scenario.population.size:,} residents, {years} y"}


def measure_tesoma(sizes: dict[str, Any]) -> dict[str, Any]:
    """The compiled engine's run, and the Python engine's (the same results) before it in the
    same process, as a ratio (kernels loaded from their cache before the clocks start)."""
    import ekosim
    from ekosim.model import EcosystemModel
    from ekosim.results import Results

    scenario = ekosim.load_scenario("tesoma-alliance")
    years = sizes["tesoma_years"]

    def run(engine: str) -> None:
        model = EcosystemModel(scenario, rng=1, engine=engine)
        model.run_years(years)
        Results.from_model(model, seed=1, replication=0)

    EcosystemModel("single-queue", rng=0).step()  # imports the model, loads the kernels
    python = _timed(lambda: run("python"))
    figures = _timed(lambda: run("compiled"))
    return figures | {
        "python_cpu_s": python["cpu_s"],
        "speedup_vs_python": python["cpu_s"] / figures["cpu_s"],
        "run": f"tesoma-alliance, {years} y, one run (compiled engine; python beside it)",
    }


def measure_planner(sizes: dict[str, Any]) -> dict[str, Any]:
    """The planner's re-run as the served app runs it (``apps.planner.runner.run_streaming``,
    its worker processes started first, as ``ekosim serve planner`` does), timed to the first
    step after which every run set has a whole replication."""
    sys.path.insert(0, str(ROOT))
    import asyncio

    sys.path.insert(0, str(BENCHMARKS))
    from load import helpers_rss_mb

    from apps.planner import workers
    from apps.planner.runner import run_streaming
    from apps.planner.state import PlannerState

    workers.warm()

    years, replications = sizes["planner_years"], sizes["planner_replications"]
    state = PlannerState(years=years, replications=replications)
    state.capacity_pct = 80  # one lever moved: a changed scenario beside the baseline
    began = time.perf_counter()
    first: list[float] = []

    def note_first_complete() -> None:
        if not first and state.complete >= 1:
            first.append(time.perf_counter() - began)

    asyncio.run(run_streaming(state, after_step=note_first_complete))
    helpers_mb = helpers_rss_mb(os.getpid())  # the fork server and the workers
    workers.shutdown()
    if not first:
        raise SystemExit(f"the planner's run gave no complete result: {state.problems}")
    return {
        "first_s": first[0],
        "all_s": time.perf_counter() - began,
        "worker_processes_rss_mb": helpers_mb,
        "run": f"planner default area, {replications} replications x {years} y, "
        f"baseline and health-station capacity 80%, {workers.count()} processes",
    }


def measure_reference(sizes: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(BENCHMARKS))
    from residents import run_engine, run_reference

    import ekosim

    size = sizes["reference_size"]
    small = ekosim.load_scenario("tesoma-base", {"population.size": size, "horizon_years": 1})
    # Both warmed first on a tiny population: the engine's first run imported its lazily
    # loaded modules (SciPy's distributions, ~0.3 s) inside the clock, a third of its year.
    tiny = ekosim.load_scenario("tesoma-base", {"population.size": 500, "horizon_years": 1})
    run_reference(tiny, 1, seed=0), run_engine(tiny, 1, seed=0)
    reference, engine = run_reference(small, 1, seed=1), run_engine(small, 1, seed=1)
    return {
        "ratio": reference[0] / engine[0],
        "cpu_ratio": reference[1] / engine[1],
        "run": f"tesoma-base, {size:,} residents, 1 y: Mesa reference over the engine",
    }


def measure_workers(sizes: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(BENCHMARKS))
    import ekosim
    from experiments import timed

    scenario = ekosim.load_scenario("tesoma-alliance")
    runs = sizes["experiment_runs"]
    serial, _ = timed(scenario, runs, 1, workers=1)
    parallel, _ = timed(scenario, runs, 1, workers=2)
    return {
        "speedup": serial / parallel,
        "serial_s": serial,
        "parallel_s": parallel,
        "run": f"{runs} one-year tesoma-alliance runs, 1 worker over 2",
    }


def measure_cold_start(sizes: dict[str, Any]) -> dict[str, Any]:
    """From the shell with an empty kernel cache: the kernels compile on the way."""
    import tempfile

    ekosim = Path(sys.executable).with_name("ekosim")
    command = [str(ekosim), "run", "tesoma-alliance", "--years", "1"]
    with tempfile.TemporaryDirectory() as empty:
        env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
        env["EKOSIM_CACHE_DIR"] = empty
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env)
        seconds = time.perf_counter() - start
    return {"s": seconds, "run": "ekosim run tesoma-alliance --years 1, empty kernel cache"}


MEASUREMENTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "tesoma": measure_tesoma,
    "planner": measure_planner,
    "county": measure_county,
    "reference": measure_reference,
    "workers": measure_workers,
    "cold_start": measure_cold_start,
}


def in_subprocess(name: str, quick: bool) -> dict[str, Any]:
    """One measurement in a fresh interpreter: its ru_maxrss is that measurement's peak."""
    command = [sys.executable, __file__, "--measure", name] + (["--quick"] if quick else [])
    before = os.getloadavg()[0]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = dict(json.loads(output.strip().splitlines()[-1]))
    return figures | {"load_avg": [round(before, 2), round(os.getloadavg()[0], 2)]}


EXTRAS = {
    "s": "wall_s",
    "cpu_s": "cpu_s",
    "all_s": "all_s",
    "peak_mb": "peak_mb",
    "python_cpu_s": "python_cpu_s",
    "speedup_vs_python": "speedup_vs_python",
    "worker_processes_rss_mb": "worker_processes_rss_mb",
}


def target_line(target: Target, figures: dict[str, Any], quick: bool) -> dict[str, Any]:
    """The target's JSON line: its figure against its goal, and the measurement's other
    times (wall, CPU, the whole re-run) and peak memory beside it."""
    figure = float(figures[target.key])
    met = figure <= target.goal if target.better == "lower" else figure >= target.goal
    extras = {
        label: round(float(figures[key]), 3)
        for key, label in EXTRAS.items()
        if key in figures and key != target.key
    }
    return {
        "target": target.name,
        "figure": round(figure, 3),
        "goal": target.goal,
        "better": target.better,
        "met": None if quick else met,
        "unit": target.unit,
        "run": figures["run"],
        "quick": quick,
        "load_avg": figures["load_avg"],
        **extras,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer years and runs: a smoke run")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(MEASUREMENTS), help="only these measurements"
    )
    parser.add_argument("--measure", choices=sorted(MEASUREMENTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    if args.measure:
        figures = MEASUREMENTS[args.measure](sizes)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB
        print(json.dumps(figures))
        return
    for name in args.only or MEASUREMENTS:
        figures = in_subprocess(name, args.quick)
        for target in TARGETS:
            if target.measurement == name:
                print(json.dumps(target_line(target, figures, args.quick)), flush=True)


if __name__ == "__main__":
    main()
