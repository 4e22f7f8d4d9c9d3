"""Regenerate docs/VALIDATION.md, the README's one-line result, and the reduced run that
tests/calibration/test_validation.py compares with the code (tests/calibration/
validation_quick.csv). Run it after a change that moves the model's results or the targets:

    python scripts/refresh_validation.py [--workers 2]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ekosim.calibration.cli import PUBLISHED  # noqa: E402
from ekosim.calibration.report import (  # noqa: E402
    DOCS_DIR,
    REPORT_NAME,
    Validation,
    quick_values,
    render,
    validate_model,
)
from ekosim.results import write_atomic  # noqa: E402

QUICK = {"replications": 1, "population": 1_000, "years": 1, "seed": 0}  # the stale check's run
QUICK_FILE = ROOT / "tests" / "calibration" / "validation_quick.csv"
README = ROOT / "README.md"
RESULT_LINE = re.compile(r"(<!-- validation-result -->).*?(<!-- /validation-result -->)")


def quick_validation() -> Validation:
    return validate_model(**QUICK)


def readme_with(result: str, text: str) -> str:
    if not RESULT_LINE.search(text):
        raise SystemExit("README.md has no <!-- validation-result --> marker")
    return RESULT_LINE.sub(lambda m: f"{m[1]}{result}{m[2]}", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="parallel runs")
    args = parser.parse_args()
    validation = validate_model(**PUBLISHED, workers=args.workers, progress=True)
    print(f"wrote {write_atomic(DOCS_DIR / REPORT_NAME, render(validation))}")
    result = f"{validation.summary_line()} (docs/VALIDATION.md)"
    write_atomic(README, readme_with(result, README.read_text()))
    print(f"README.md: {result}")
    quick = quick_values(quick_validation())
    print(f"wrote {write_atomic(QUICK_FILE, quick.to_csv(index=False, float_format='%.17g'))}")


if __name__ == "__main__":
    main()
