"""The benchmark script runs end to end (smoke only: speed is never asserted in tests)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
KEYS = {
    "full_county_s",
    "full_county_peak_mb",
    "tesoma_10y_s",
    "reference_ratio",
    "workers2_speedup",
}


@pytest.mark.slow
def test_quick_benchmark_prints_one_json_line_with_every_key() -> None:
    output = subprocess.run(
        [sys.executable, str(RUN), "--quick"], capture_output=True, text=True, check=True
    ).stdout
    lines = output.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures.keys() >= KEYS
    assert all(value > 0 for value in figures.values())
