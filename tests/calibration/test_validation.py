"""docs/VALIDATION.md is generated from the code: a reduced run (1,000 residents, one
replication) must give the page's structure and the stored numbers; if the model or the
targets changed on purpose, run `python scripts/refresh_validation.py` and commit the result."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ekosim.calibration.cli import PUBLISHED
from ekosim.calibration.report import DOCS_DIR, REPORT_NAME, Validation, render, skeleton
from ekosim.cli import build_parser, main
from scripts.refresh_validation import QUICK_FILE, README, quick_validation, quick_values

PAGE = DOCS_DIR / REPORT_NAME
REFRESH = "python scripts/refresh_validation.py refreshes it if the change is intended"


@pytest.fixture(scope="module")
def quick() -> Validation:
    return quick_validation()


def test_the_page_has_the_structure_the_code_gives(quick: Validation) -> None:
    stored, fresh = skeleton(PAGE.read_text()), skeleton(render(quick))
    assert stored == fresh, f"docs/VALIDATION.md is stale; {REFRESH}"


def test_the_reduced_run_gives_the_stored_numbers(quick: Validation) -> None:
    stored = pd.read_csv(QUICK_FILE)
    fresh = quick_values(quick)
    assert stored["row"].tolist() == fresh["row"].tolist(), REFRESH
    same = np.isclose(stored["value"], fresh["value"], rtol=1e-9, atol=1e-12, equal_nan=True)
    changed = stored.assign(now=fresh["value"])[~same]
    assert changed.empty, f"the model now gives other numbers ({REFRESH}):\n{changed}"


def test_the_page_says_its_run_size_and_every_target_is_on_it(quick: Validation) -> None:
    page = PAGE.read_text()
    size = f"Run size: {PUBLISHED['replications']} replications"
    assert size in page
    assert f"{PUBLISHED['population']:,} residents per scenario" in page
    for indicator in quick.rows["indicator"]:
        assert f"| {indicator} |" in page
    assert "not modelled yet (issue 19" not in page  # the books measure them now
    for kpi in ("within_14_days_share", "doctor_within_14_days_share", "t3_days"):
        assert f"(`{kpi}` in tesoma-base)" in page
    assert "| nurse-shortage higher `cost_per_resident_eur_year` than tesoma-base |" in page


def test_the_readme_states_the_pages_result() -> None:
    (result,) = re.findall(r"\*\*Result: (.*)\.\*\*", PAGE.read_text())
    assert re.search(r"^\d+ of \d+ fitted targets and \d+ of \d+ validation targets within "
                     r"tolerance$", result)  # fmt: skip
    assert f"<!-- validation-result -->{result} (docs/VALIDATION.md)<!-- /validation" in (
        README.read_text()
    )


def test_validation_targets_are_at_least_a_third(quick: Validation) -> None:
    counts = quick.counts()
    assert counts["validate"][1] * 3 >= counts["fit"][1] + counts["validate"][1]
    assert (quick.rows["role"] == "validate").sum() * 3 >= len(quick.rows)


def test_the_report_command_writes_the_page(tmp_path: Path, quick: Validation) -> None:
    args = ["calibration", "report", "--replications", "1", "--population", "1000"]
    assert main([*args, "--out", str(tmp_path)]) == 0
    assert skeleton((tmp_path / REPORT_NAME).read_text()) == skeleton(render(quick))
    assert "Run size: 1 replications" in (tmp_path / REPORT_NAME).read_text()


def test_the_readme_calibration_commands_parse() -> None:
    text = README.read_text()
    section = text[text.index("## Calibration and validation") :]
    section = section[: section.index("\n## ", 1)]
    commands = [line.split("#")[0] for line in section.splitlines() if ".venv/bin/ekosim" in line]
    assert len(commands) == 3
    for command in commands:
        args = build_parser().parse_args(shlex.split(command)[1:])
        assert args.handler.__module__ == "ekosim.calibration.cli"


def test_the_stale_check_sees_a_changed_target_or_direction(quick: Validation) -> None:
    rows = quick.rows.copy()
    rows.loc[rows["id"] == "remote_share", "target"] = "0.4"
    changed = Validation(rows, quick.directions, quick.settings)
    assert skeleton(render(changed)) != skeleton(render(quick))
    fewer = Validation(quick.rows, quick.directions.iloc[1:], quick.settings)
    assert skeleton(render(fewer)) != skeleton(render(quick))
