"""The golden baseline: a fixed-seed tesoma-alliance run must reproduce the stored KPIs and
ledger. A failure prints what changed; if the change is intended, run
`python scripts/refresh_golden.py` and commit the new CSV with the change that caused it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scripts.refresh_golden import GOLDEN, golden_frame

# The same seed must give the same numbers; the tolerance only absorbs the last bits of
# floating-point sums that a library (NumPy, pandas) may order differently.
RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-9


def differences(stored: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """Rows whose value moved beyond the tolerance, or that appear on one side only."""
    merged = stored.merge(
        fresh, on=["table", "year", "key"], how="outer", suffixes=("_stored", "_now")
    )
    same = np.isclose(
        merged["value_stored"],
        merged["value_now"],
        rtol=RELATIVE_TOLERANCE,
        atol=ABSOLUTE_TOLERANCE,
        equal_nan=True,
    )
    changed = merged[~same].copy()
    changed.insert(
        3,
        "status",
        np.select(
            [changed["value_stored"].isna(), changed["value_now"].isna()],
            ["new", "missing"],
            "changed",
        ),
    )
    changed["relative_change"] = (changed["value_now"] - changed["value_stored"]) / changed[
        "value_stored"
    ].abs().replace(0.0, np.nan)
    return changed.reset_index(drop=True)


def test_tesoma_alliance_matches_the_golden_baseline() -> None:
    stored = pd.read_csv(GOLDEN)
    changed = differences(stored, golden_frame())
    table = changed.to_string(index=False, float_format=lambda x: f"{x:.6g}")
    if not changed.empty:
        pytest.fail(
            f"{len(changed)} of {len(stored)} golden values changed (scripts/refresh_golden.py "
            f"refreshes them if intended):\n{table}",
            pytrace=False,
        )


def test_differences_show_a_changed_missing_and_new_value() -> None:
    stored = pd.DataFrame(
        {"table": "kpi", "year": 0, "key": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]}
    )
    fresh = pd.DataFrame(
        {"table": "kpi", "year": 0, "key": ["a", "b", "d"], "value": [1.0, 2.0 + 1e-6, 4.0]}
    )
    changed = differences(stored, fresh)
    assert dict(zip(changed["key"], changed["status"], strict=True)) == {
        "b": "changed",
        "c": "missing",
        "d": "new",
    }
    assert changed.set_index("key").loc["b", "relative_change"] == pytest.approx(5e-7)


def test_every_bundled_scenario_matches_its_fingerprint() -> None:
    """Refactorings keep results identical: each bundled scenario's frames, from a small
    fixed-seed run, hash to the stored fingerprints (scripts/fingerprint.py refreshes them)."""
    import json

    from scripts.fingerprint import STORED, fingerprints

    stored = json.loads(STORED.read_text())
    fresh = fingerprints()
    changed = {
        f"{name}.{frame}"
        for name in stored.keys() | fresh.keys()
        for frame in stored.get(name, {}).keys() | fresh.get(name, {}).keys()
        if stored.get(name, {}).get(frame) != fresh.get(name, {}).get(frame)
    }
    assert not changed, (
        f"frames changed: {sorted(changed)} (scripts/fingerprint.py refreshes them if intended)"
    )
