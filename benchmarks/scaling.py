"""How a run's cost grows with the population and with the years (issue 10). Not a test.
Run from the repository root:

    python benchmarks/scaling.py [--sizes 25000 100000 515095] [--years 1 3 10]

Part one runs the ``pirkanmaa`` scenario, every part on, scaled to each size (``--population``
semantics: capacities, staff and money scale with the residents) for one year; part two runs
``tesoma-alliance`` for each number of years. Each run is its own subprocess, so its peak memory
is that process's ru_maxrss. Prints one Markdown table row per run: wall and CPU seconds, CPU
microseconds per resident-day, peak MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def measure(scenario: str, residents: int, years: int) -> dict[str, float]:
    import ekosim
    from ekosim.scenario import scaled

    loaded = ekosim.load_scenario(scenario)
    if residents:
        loaded = scaled(loaded, residents)
    run = ekosim.run  # imports the model (Mesa, pandas: ~1 s) before the clock starts
    start, cpu = time.perf_counter(), time.process_time()
    run(loaded, seed=1, years=years)
    return {
        "s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "residents": loaded.population.size,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
    }


def in_subprocess(scenario: str, residents: int, years: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", scenario, str(residents), str(years)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def row(scenario: str, years: int, figures: dict[str, float]) -> str:
    per_resident_day = figures["cpu_s"] / (figures["residents"] * years * 365) * 1e6
    return (
        f"| {scenario} | {figures['residents']:,.0f} | {years} | {figures['s']:.1f} | "
        f"{figures['cpu_s']:.1f} | {per_resident_day:.2f} | {figures['peak_mb']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 515_095])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        scenario, residents, years = args.one
        print(json.dumps(measure(scenario, int(residents), int(years))))
        return
    print("| scenario | residents | years | wall s | CPU s | CPU µs per resident-day | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        print(row("pirkanmaa", 1, in_subprocess("pirkanmaa", size, 1)), flush=True)
    for years in args.years:
        print(row("tesoma-alliance", years, in_subprocess("tesoma-alliance", 0, years)), flush=True)


if __name__ == "__main__":
    main()
