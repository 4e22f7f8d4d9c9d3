"""Sweeps, global sensitivity and scenario discovery on a small Tesoma."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from ekosim.cli import main
from ekosim.experiments import ExperimentError
from ekosim.experiments.sweeps import sensitivity, sweep
from tests.conftest import small_overrides

CAPACITY = "services.health_station.capacity_per_day"
RATE = "channels.digital.resolution_rate"


def small_experiment(**changes: Any) -> dict[str, Any]:
    overrides = {k: v for k, v in small_overrides(1000 / 23000).items() if k != CAPACITY}
    return {
        "name": "capacity",
        "scenario": "tesoma-alliance",
        "overrides": overrides,
        "years": 1,
        "replications": 2,
        "levers": {CAPACITY: {"low": 4, "high": 16, "integer": True}},
        "uncertainties": {RATE: {"values": [0.4, 0.5]}},
        "sweep": {"design": "factorial", "levels": 4},
        "discovery": {"kpi": "waiting_at_end", "threshold": 100, "bad": "above"},
        **changes,
    }


@pytest.fixture(scope="module")
def swept() -> Any:
    return sweep(small_experiment())


def test_sweep_runs_every_point_and_replication_on_common_seeds(swept: Any) -> None:
    runs = swept.results.runs
    assert len(swept.points) == 8
    assert runs.groupby("point")["replication"].nunique().eq(2).all()
    seeds = runs.groupby(["point", "replication"])["seed"].first().unstack()
    assert (seeds.nunique() == 1).all()  # replication i has one seed at every point
    assert {CAPACITY, RATE} <= set(runs.columns)


def test_less_capacity_means_a_longer_queue(swept: Any) -> None:
    summary = swept.results.summary.merge(swept.points, on="point")
    waiting = summary[summary["kpi"] == "waiting_at_end"].groupby(CAPACITY)["mean"].mean()
    assert waiting.index.tolist() == [4, 8, 12, 16]
    assert waiting.iloc[0] > waiting.iloc[-1]


def test_prim_finds_the_low_capacity_box(swept: Any) -> None:
    box = swept.discovery.set_index("parameter")
    stats = swept.discovery_stats
    assert 0 < stats["bad_points"] < stats["points"]
    assert box.loc[CAPACITY, "restricted"]
    assert box.loc[CAPACITY, "high"] < 16
    assert stats["coverage"] >= 0.5 and stats["density"] >= 0.5


def test_sobol_ranks_capacity_above_an_inert_parameter() -> None:
    experiment = small_experiment(
        uncertainties={"contract.gain_share": {"low": 0.3, "high": 0.6}},
        replications=1,
        sensitivity={"method": "sobol", "samples": 4, "kpis": ["waiting_at_end"]},
    )
    found = sensitivity(experiment)
    assert len(found.points) == 4 * (2 + 2)
    indices = found.indices.set_index("parameter")
    assert set(indices.columns) >= {"S1", "S1_conf", "ST", "ST_conf"}
    assert indices.loc[CAPACITY, "ST"] > 0.5
    assert indices.loc["contract.gain_share", "ST"] < 0.2


def test_sensitivity_needs_ranges() -> None:
    with pytest.raises(ExperimentError, match="resolution_rate"):
        sensitivity(small_experiment())


def test_sweep_and_sensitivity_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "experiment.yaml"
    experiment = small_experiment(
        sweep={"design": "latin_hypercube", "samples": 3},
        uncertainties={RATE: {"low": 0.4, "high": 0.5}},
        sensitivity={"method": "morris", "samples": 2, "kpis": ["waiting_at_end"]},
        replications=1,
    )
    path.write_text(yaml.safe_dump(experiment), encoding="utf-8")
    assert main(["sweep", str(path), "--out", str(tmp_path / "sweep"), "--plots"]) == 0
    printed = capsys.readouterr().out
    assert "KPI means per design point over 1 replications (3 points)" in printed
    assert "Scenario discovery" in printed
    for name in ("results.parquet", "summary.csv", "points.csv", "sweep.png", "sweep.html"):
        assert (tmp_path / "sweep" / name).is_file(), name

    out = tmp_path / "morris"
    assert main(["sensitivity", str(path), "--out", str(out), "--plots"]) == 0
    assert "Morris sensitivity (6 design points)" in capsys.readouterr().out
    indices = pd.read_csv(out / "indices.csv")
    assert set(indices["parameter"]) == {CAPACITY, RATE}
    assert (out / "sensitivity.png").read_bytes().startswith(b"\x89PNG")

    assert main(["sensitivity", str(path), "--method", "sobol", "--samples", "3"]) == 2
    assert "power of 2" in capsys.readouterr().err
