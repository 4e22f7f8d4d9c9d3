"""All speed targets in one JSON line (issue 10). Not a test. Run from the repository root:

    python benchmarks/run.py [--quick]

Keys: ``full_county_s`` (the full model, every part on, the ``pirkanmaa`` scenario's ~515,000
residents for 10 years), ``full_county_peak_mb``, ``tesoma_10y_s`` (tesoma-alliance, 10 years),
``reference_ratio`` (the per-agent Mesa reference's time over the engine's on the same 20,000
residents for one year, measured in one run) and ``workers2_speedup`` (the same experiment on 1
and on 2 workers). Times are wall seconds; each also has a ``_cpu_s`` twin (the process's own
CPU time, the fairer figure on a shared machine). Each measurement runs in its own subprocess,
so peak memory is that process's ru_maxrss. ``--quick`` shrinks every size for a smoke run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
FULL = {
    "county_residents": None,
    "county_years": 10,
    "tesoma_years": 10,
    "reference_size": 20_000,
    "experiment_runs": 20,
    "experiment_years": 1,
}
QUICK = {
    "county_residents": 5_000,
    "county_years": 1,
    "tesoma_years": 1,
    "reference_size": 2_000,
    "experiment_runs": 2,
    "experiment_years": 1,
}


def _timed(work: Any) -> dict[str, float]:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return {"s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


def measure_county(sizes: dict[str, Any]) -> dict[str, float]:
    import ekosim
    from ekosim.scenario import scaled

    scenario = ekosim.load_scenario("pirkanmaa")
    if sizes["county_residents"]:
        scenario = scaled(scenario, sizes["county_residents"])
    run = ekosim.run  # imports the model (Mesa, pandas: ~1 s) before the clock starts
    return _timed(lambda: run(scenario, seed=1, years=sizes["county_years"]))


def measure_tesoma(sizes: dict[str, Any]) -> dict[str, float]:
    import ekosim

    scenario = ekosim.load_scenario("tesoma-alliance")
    run = ekosim.run  # imports the model before the clock starts
    return _timed(lambda: run(scenario, seed=1, years=sizes["tesoma_years"]))


def measure_reference(sizes: dict[str, Any]) -> dict[str, float]:
    sys.path.insert(0, str(BENCHMARKS))
    from residents import run_engine, run_reference

    import ekosim

    small = ekosim.load_scenario(
        "tesoma-base", {"population.size": sizes["reference_size"], "horizon_years": 1}
    )
    reference, engine = run_reference(small, 1, seed=1), run_engine(small, 1, seed=1)
    return {"ratio": reference[0] / engine[0], "cpu_ratio": reference[1] / engine[1]}


def measure_workers(sizes: dict[str, Any]) -> dict[str, float]:
    sys.path.insert(0, str(BENCHMARKS))
    import ekosim
    from experiments import timed

    scenario = ekosim.load_scenario("tesoma-alliance")
    runs, years = sizes["experiment_runs"], sizes["experiment_years"]
    serial, _ = timed(scenario, runs, years, workers=1)
    parallel, _ = timed(scenario, runs, years, workers=2)
    return {"speedup": serial / parallel}


MEASUREMENTS = {
    "county": measure_county,
    "tesoma": measure_tesoma,
    "reference": measure_reference,
    "workers": measure_workers,
}


def in_subprocess(name: str, quick: bool) -> dict[str, float]:
    """One measurement in a fresh interpreter: its ru_maxrss is that measurement's peak."""
    command = [sys.executable, __file__, "--measure", name] + (["--quick"] if quick else [])
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--measure", choices=sorted(MEASUREMENTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    if args.measure:
        figures = MEASUREMENTS[args.measure](sizes)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        print(json.dumps(figures))
        return
    county, tesoma = in_subprocess("county", args.quick), in_subprocess("tesoma", args.quick)
    reference, workers = (
        in_subprocess("reference", args.quick),
        in_subprocess("workers", args.quick),
    )
    print(
        json.dumps(
            {
                "full_county_s": round(county["s"], 2),
                "full_county_cpu_s": round(county["cpu_s"], 2),
                "full_county_peak_mb": round(county["peak_mb"]),
                "tesoma_10y_s": round(tesoma["s"], 2),
                "tesoma_10y_cpu_s": round(tesoma["cpu_s"], 2),
                "reference_ratio": round(reference["ratio"], 1),
                "reference_cpu_ratio": round(reference["cpu_ratio"], 1),
                "workers2_speedup": round(workers["speedup"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
