"""The benchmark script runs end to end (smoke only: speed is never asserted in tests)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
TARGETS = {
    "tesoma_10y_cpu_s",
    "planner_first_result_s",
    "pirkanmaa_10y_wall_s",
    "pirkanmaa_10y_peak_mb",
    "reference_ratio",
    "workers2_speedup",
    "cold_start_s",
}
FIELDS = {"target", "figure", "goal", "better", "met", "unit", "run", "quick", "load_avg"}


@pytest.mark.slow
def test_quick_benchmark_prints_a_json_line_for_every_target() -> None:
    output = subprocess.run(
        [sys.executable, str(RUN), "--quick"], capture_output=True, text=True, check=True
    ).stdout
    lines = [json.loads(line) for line in output.strip().splitlines()]
    assert {line["target"] for line in lines} == TARGETS and len(lines) == len(TARGETS)
    for line in lines:
        assert line.keys() >= FIELDS
        assert line["figure"] > 0 and line["goal"] > 0
        assert line["quick"] is True and line["met"] is None  # a smoke run meets nothing
        assert line["better"] in ("lower", "higher")
