"""Experiments: a 200-run Tesoma experiment on 1 worker and on 2 workers.

Not a test. Run from the repository root:

    python benchmarks/experiments.py [--runs 200] [--years 1] [--population 23000]

Both arms run the same replications from the same root seed: serially in this process, then
on a local Dask cluster of 2 worker processes (what ``--workers 2`` starts). The horizon is
shortened to one year by default so the benchmark takes minutes, not an hour; each run is
still a full 23,000-resident Tesoma. Target: speed-up >= 1.7 on 2 cores. It also checks that
both arms give identical results. ``--ceiling N`` first measures what two plain processes
reach on this machine: N runs each, side by side, against N runs in one process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import subprocess
import time

import pandas as pd

import ekosim
from ekosim.experiments import replicate


def timed(
    scenario: ekosim.Scenario, runs: int, years: int, workers: int
) -> tuple[float, pd.DataFrame]:
    start = time.perf_counter()
    results = replicate(scenario, replications=runs, seed=2026, years=years, workers=workers)
    return time.perf_counter() - start, results.runs


def plain_runs(scenario: ekosim.Scenario, runs: int) -> float:
    """Seconds for ``runs`` one-year runs in this process, after one to warm up."""
    ekosim.run(scenario, seed=0, years=1)
    start = time.perf_counter()
    for seed in range(runs):
        ekosim.run(scenario, seed=seed, years=1)
    return time.perf_counter() - start


def ceiling(scenario: ekosim.Scenario, runs: int) -> float:
    """Throughput of two plain processes side by side against one: the most 2 workers give."""
    context = multiprocessing.get_context("forkserver")
    with context.Pool(1) as pool:
        alone = pool.apply(plain_runs, (scenario, runs))
    with context.Pool(2) as pool:
        together = pool.starmap(plain_runs, [(scenario, runs)] * 2)
    return 2 * alone / max(together)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--population", type=int, default=23000)
    parser.add_argument("--ceiling", type=int, default=0, metavar="N")
    args = parser.parse_args()
    scenario = ekosim.load_scenario("tesoma-alliance", {"population.size": args.population})
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores visible")
    print(f"python {platform.python_version()}, commit {commit}")
    print(f"{args.runs} runs of tesoma-alliance, {args.population:,} residents, {args.years} y")
    if args.ceiling:
        print(f"2 plain processes: {ceiling(scenario, args.ceiling):.2f}x the throughput of one")
    serial, serial_runs = timed(scenario, args.runs, args.years, workers=1)
    print(f"1 worker (serial):      {serial:7.1f} s  ({serial / args.runs:.2f} s/run)")
    parallel, parallel_runs = timed(scenario, args.runs, args.years, workers=2)
    print(f"2 workers (local Dask): {parallel:7.1f} s  ({parallel / args.runs:.2f} s/run)")
    pd.testing.assert_frame_equal(serial_runs, parallel_runs)
    print(f"speed-up: {serial / parallel:.2f} (target >= 1.7); results identical: yes")


if __name__ == "__main__":
    main()
