"""Fingerprints of every bundled scenario's frames: a small fixed-seed run of each, hashed.

`python scripts/fingerprint.py` rewrites tests/golden/fingerprints.json; do this only when a
change in results is intended and say in the commit which change and why. tests/test_golden.py
compares fresh fingerprints with the stored ones, so a refactoring that changes any number of
any bundled scenario's frames (kpis, flows, ledger, waits and both decision logs) fails there.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

import ekosim
from ekosim.scenario.loader import bundled_scenarios
from ekosim.scenario.scaling import scaled

STORED = Path(__file__).resolve().parents[1] / "tests" / "golden" / "fingerprints.json"
SEED = 7
YEARS = 1
RESIDENTS = 3000  # small enough for the quick suite, large enough that every path is used
FRAMES = ("kpis", "flows", "ledger", "waits", "decisions", "partner_decisions")


def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a frame's columns and values (floats to 12 significant digits, so only the
    last bits of a reordered floating-point sum are forgiven)."""
    rounded = frame.copy()
    for column in rounded.columns:
        if pd.api.types.is_float_dtype(rounded[column]):
            rounded[column] = rounded[column].map(lambda x: f"{x:.12g}")
    text = rounded.to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(name: str) -> dict[str, str]:
    scenario = scaled(ekosim.load_scenario(name), RESIDENTS)
    results = ekosim.run(scenario, seed=SEED, years=YEARS)
    return {frame: frame_digest(getattr(results, frame)) for frame in FRAMES}


def fingerprints() -> dict[str, dict[str, str]]:
    return {name: fingerprint(name) for name in sorted(bundled_scenarios())}


def main() -> int:
    STORED.write_text(json.dumps(fingerprints(), indent=2) + "\n")
    print(f"wrote {STORED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
