"""Resident dynamics: the vectorised engine against the one-agent-per-resident Mesa reference.

Not a test. Run from the repository root:

    python benchmarks/residents.py [--reference-size 20000] [--county-size 515000] [--years 10]

It measures, in one run: (1) engine and reference on the same 20,000-resident scenario for one
year (the ratio of their times); (2) the engine alone on about 515,000 residents for ten
years (seconds and peak memory of the process). Targets: >= 50x, <= 20 s, <= 1 GB.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import time

import numpy as np

import ekosim
from ekosim.population import Population
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS
from ekosim.reference import ReferenceModel

DAYS_PER_YEAR = 365


def run_engine(scenario: ekosim.Scenario, years: int, seed: int) -> tuple[float, float]:
    """Wall and CPU seconds for the engine's resident dynamics: monthly steps and every day's
    contacts. CPU time is the fairer figure on a shared machine."""
    start, cpu = time.perf_counter(), time.process_time()
    population = Population(scenario, np.random.default_rng(seed))
    for day in range(years * DAYS_PER_YEAR):
        population.step(day)
        population.new_contacts(day)
    return time.perf_counter() - start, time.process_time() - cpu


def run_reference(scenario: ekosim.Scenario, years: int, seed: int) -> tuple[float, float]:
    """Wall and CPU seconds for the reference: the same months, contacts drawn monthly."""
    start, cpu = time.perf_counter(), time.process_time()
    model = ReferenceModel(scenario, rng=seed)
    model.run_for(years * DAYS_PER_YEAR // SLOW_PROCESS_INTERVAL_DAYS)
    return time.perf_counter() - start, time.process_time() - cpu


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-size", type=int, default=20_000)
    parser.add_argument("--county-size", type=int, default=515_000)  # Pirkanmaa 31.12.2018
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    county_scenario = ekosim.load_scenario(
        "tesoma-base", {"population.size": args.county_size, "horizon_years": args.years}
    )
    county = run_engine(county_scenario, args.years, seed=2)
    county_peak = peak_memory_mb()  # measured before the reference's agents exist
    small = ekosim.load_scenario(
        "tesoma-base", {"population.size": args.reference_size, "horizon_years": 1}
    )
    reference = run_reference(small, 1, seed=1)
    engine = run_engine(small, 1, seed=1)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, commit {commit}")
    print(
        f"{args.reference_size:,} residents, 1 year: reference {reference[0]:.2f} s "
        f"(CPU {reference[1]:.2f} s), engine {engine[0]:.3f} s (CPU {engine[1]:.3f} s), "
        f"ratio {reference[0] / engine[0]:.0f}x, CPU ratio {reference[1] / engine[1]:.0f}x "
        "(target >= 50x)"
    )
    print(
        f"{args.county_size:,} residents, {args.years} years: engine {county[0]:.1f} s "
        f"(CPU {county[1]:.1f} s; target <= 20 s), peak memory {county_peak:.0f} MB "
        "(target <= 1024 MB)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
