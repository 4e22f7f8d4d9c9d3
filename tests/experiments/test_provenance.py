"""Every results folder carries provenance.json; ekosim.load_results reads a folder back."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.cli import main
from ekosim.experiments import ExperimentResults, compare
from ekosim.experiments.design import load_experiment
from ekosim.experiments.sweeps import sweep
from ekosim.provenance import git_commit, provenance, read_provenance, scenario_hash
from ekosim.results import Results
from tests.conftest import small_overrides
from tests.experiments.test_sweeps import small_experiment

SMALL = small_overrides(800 / 23000)
FRAMES = ("kpis", "flows", "ledger", "waits", "decisions", "partner_decisions")


@pytest.fixture(scope="module")
def tiny() -> ekosim.Scenario:
    return ekosim.load_scenario("tesoma-alliance", SMALL)


def check_versions(record: dict[str, Any]) -> None:
    assert record["ekosim"] == ekosim.__version__
    assert record["python"] == ".".join(map(str, sys.version_info[:3]))
    assert record["numpy"] == np.__version__
    assert record["pandas"] == pd.__version__
    assert record["mesa"].startswith("3.")
    assert record["git_commit"] == git_commit()


def test_the_record_names_the_versions_call_seed_and_scenario_hashes(
    tiny: ekosim.Scenario,
) -> None:
    record = provenance(call="a call", seed=7, scenarios=[tiny])
    check_versions(record)
    assert record["call"] == "a call" and record["seed"] == 7
    assert record["scenarios"] == [{"name": tiny.name, "sha256": scenario_hash(tiny)}]
    other = ekosim.load_scenario(tiny, {"contract.gain_share": 0.3})
    assert scenario_hash(other) != scenario_hash(tiny)
    assert scenario_hash(ekosim.load_scenario(tiny.model_dump(mode="python"))) == (
        scenario_hash(tiny)
    )
    # run from this checkout: the commit, and +dirty when tracked files changed
    assert git_commit() is None or re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", git_commit() or "")


def test_a_run_folder_round_trips(tiny: ekosim.Scenario, tmp_path: Path) -> None:
    results = ekosim.run(tiny, seed=5, years=1)
    results.write(tmp_path)
    loaded = ekosim.load_results(tmp_path)
    assert isinstance(loaded, Results)
    assert loaded.scenario == results.scenario
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(results, name), obj=name)
    pd.testing.assert_frame_equal(loaded.summary(), results.summary())
    record = read_provenance(tmp_path)
    check_versions(record)
    assert record["seed"] == 5
    assert record["call"] == "ekosim.run('scenario.resolved.yaml', seed=5, years=1)"
    assert record["scenarios"][0]["sha256"] == scenario_hash(loaded.scenario)


def test_the_cli_records_its_command_line(tmp_path: Path) -> None:
    out = tmp_path / "run"
    argv = ["run", "single-queue", "--years", "1", "--seed", "4", "--out", str(out)]
    assert main(argv) == 0
    record = json.loads((out / "provenance.json").read_text())
    assert record["call"] == f"ekosim run single-queue --years 1 --seed 4 --out {out}"
    assert record["seed"] == 4
    assert record["scenarios"][0]["name"] == "single-queue"
    assert isinstance(ekosim.load_results(out), Results)


def test_a_comparison_folder_round_trips(tiny: ekosim.Scenario, tmp_path: Path) -> None:
    other = ekosim.load_scenario(tiny, {"contract.gain_share": 0.2})
    results = compare([tiny, other], replications=2, seed=9, years=1, population=600)
    results.write(tmp_path)
    loaded = ekosim.load_results(tmp_path)
    assert isinstance(loaded, ExperimentResults)
    for name in ("runs", *FRAMES):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(results, name), obj=name)
    for name in ("summary", "differences"):
        pd.testing.assert_frame_equal(
            getattr(loaded, name), getattr(results, name), check_dtype=False, obj=name
        )
    record = loaded.provenance
    assert record == results.provenance
    check_versions(record)
    assert record["seed"] == 9  # the root seed, from which every replication's seed comes
    assert record["call"].startswith("ekosim.experiments.compare(['tesoma-alliance', ")
    assert "population=600" in record["call"]
    names = list(dict.fromkeys(results.runs["scenario"]))
    assert [s["name"] for s in record["scenarios"]] == names
    assert len({s["sha256"] for s in record["scenarios"]}) == 2


def test_a_sweep_folder_keeps_its_design_and_the_experiment(tmp_path: Path) -> None:
    spec = small_experiment(replications=1, sweep={"design": "factorial", "levels": 2})
    found = sweep(spec)
    found.write(tmp_path, call="ekosim sweep capacity.yaml")
    loaded = ekosim.load_results(tmp_path)
    assert isinstance(loaded, ExperimentResults)
    pd.testing.assert_frame_equal(loaded.extra["points"], found.points, check_dtype=False)
    assert "discovery" in loaded.extra
    record = read_provenance(tmp_path)
    assert record["call"] == "ekosim sweep capacity.yaml"
    assert load_experiment(record["experiment"]) == load_experiment(spec)  # it reruns
    assert record["seed"] == 0


def test_a_folder_without_results_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a results folder"):
        ekosim.load_results(tmp_path)
