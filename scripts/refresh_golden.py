"""The golden baseline: fixed-seed tesoma-alliance KPIs and ledger, stored in tests/golden/.

`python scripts/refresh_golden.py` reruns the baseline and overwrites the stored file; do
this only when a change in results is intended, and review the diff of the CSV in the commit.
tests/test_golden.py compares a fresh run with the stored file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import ekosim

SCENARIO = "tesoma-alliance"
SEED = 20260105
YEARS = 2
GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / f"{SCENARIO}.csv"
COLUMNS = ["table", "year", "key", "value"]


def golden_frame() -> pd.DataFrame:
    """One fixed-seed run, summarised: each KPI's mean per year and the ledger per year,
    partner and item; rows in a stable order."""
    results = ekosim.run(ekosim.load_scenario(SCENARIO), seed=SEED, years=YEARS)
    kpis = results.kpis.assign(year=(results.kpis["day"] - 1) // 365)
    kpi_rows = kpis.groupby(["year", "kpi"], as_index=False)["value"].mean()
    kpi_rows = kpi_rows.rename(columns={"kpi": "key"}).assign(table="kpi")
    ledger = results.ledger.groupby(["year", "partner", "item"], as_index=False)["amount_eur"].sum()
    ledger_rows = pd.DataFrame(
        {
            "table": "ledger",
            "year": ledger["year"],
            "key": ledger["partner"] + ":" + ledger["item"],
            "value": ledger["amount_eur"],
        }
    )
    frame = pd.concat([kpi_rows[COLUMNS], ledger_rows[COLUMNS]], ignore_index=True)
    return frame.sort_values(["table", "year", "key"], ignore_index=True)


def main() -> int:
    frame = golden_frame()
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(GOLDEN, index=False, float_format="%.17g")
    print(f"wrote {len(frame)} rows to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
