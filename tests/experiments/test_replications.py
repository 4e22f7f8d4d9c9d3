"""Replications and comparisons: same root seed, same results, on every executor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster

import ekosim
from ekosim.experiments import ExperimentError, OutFolderError, compare, replicate
from ekosim.experiments.engine import run_outcomes
from tests.conftest import small_overrides

SMALL = small_overrides(800 / 23000)


@pytest.fixture(scope="module")
def tiny() -> ekosim.Scenario:
    return ekosim.load_scenario("tesoma-alliance", SMALL)


@pytest.fixture(scope="module")
def serial(tiny: ekosim.Scenario) -> ekosim.experiments.ExperimentResults:
    return replicate(tiny, replications=3, seed=11, years=1)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,  # in-process workers: quick, no network at all
            dashboard_address="127.0.0.1:0",  # the HTTP server starts anyway; 8787 may be taken
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_replications_are_distinct_and_reproducible(
    tiny: ekosim.Scenario, serial: ekosim.experiments.ExperimentResults
) -> None:
    runs = serial.runs
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()
    assert runs["seed"].nunique() == 3
    who5 = runs[runs["kpi"] == "wellbeing_who5_mean"]["value"]
    assert who5.nunique() == 3  # independent streams give different runs
    again = replicate(tiny, replications=3, seed=11, years=1)
    pd.testing.assert_frame_equal(serial.runs, again.runs)


def test_a_run_is_ekosim_run_with_its_seed(
    tiny: ekosim.Scenario, serial: ekosim.experiments.ExperimentResults
) -> None:
    seed = int(serial.runs[serial.runs["replication"] == 2]["seed"].iloc[0])
    single = ekosim.run(tiny, seed=seed, years=1, replication=2)
    mine = serial.kpis[serial.kpis["replication"] == 2].drop(columns="point")
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), single.kpis)


def test_summary_has_a_ci_around_the_mean_for_every_kpi(
    serial: ekosim.experiments.ExperimentResults,
) -> None:
    summary = serial.summary
    assert set(summary["kpi"]) == set(serial.runs["kpi"])
    assert (summary["n"] == 3).all()
    spread = summary["std"] > 0
    assert (summary.loc[spread, "ci_low"] < summary.loc[spread, "mean"]).all()
    assert (summary["ci_low"] <= summary["mean"]).all()
    assert (summary["mean"] <= summary["ci_high"]).all()


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_every_executor_gives_identical_results(
    tiny: ekosim.Scenario,
    serial: ekosim.experiments.ExperimentResults,
    executor: str,
    request: pytest.FixtureRequest,
) -> None:
    client = request.getfixturevalue("dask_client") if executor == "dask" else None
    parallel = replicate(
        tiny, replications=3, seed=11, years=1, executor=executor, workers=2, client=client
    )
    pd.testing.assert_frame_equal(serial.runs, parallel.runs)
    pd.testing.assert_frame_equal(serial.flows, parallel.flows)
    pd.testing.assert_frame_equal(serial.ledger, parallel.ledger)


def test_a_local_process_cluster_and_a_scheduler_address_give_identical_results(
    tiny: ekosim.Scenario, serial: ekosim.experiments.ExperimentResults, dask_client: Client
) -> None:
    # --workers 2 alone starts a local Dask cluster of worker processes (pickled runs, fresh
    # interpreters); --scheduler connects to a running cluster by its address.
    on_processes = replicate(tiny, replications=3, seed=11, years=1, workers=2)
    address = dask_client.scheduler.address
    by_address = replicate(tiny, replications=3, seed=11, years=1, scheduler=address)
    for parallel in (on_processes, by_address):
        pd.testing.assert_frame_equal(serial.runs, parallel.runs)
        pd.testing.assert_frame_equal(serial.ledger, parallel.ledger)


def test_identical_scenarios_differ_by_exactly_zero_on_common_random_numbers(
    tiny: ekosim.Scenario,
) -> None:
    twin = tiny.model_copy(update={"name": "twin"})
    results = compare([tiny, twin], replications=2, seed=5, years=1)
    assert results.differences is not None
    assert (results.differences["difference"] == 0).all()
    assert (results.differences["scenario"] == "twin").all()


def test_capacity_cut_shows_up_as_a_longer_wait(tiny: ekosim.Scenario) -> None:
    cut = ekosim.load_scenario(
        "tesoma-alliance",
        {**SMALL, "name": "cut", "services.health_station.capacity_per_day": 4},
    )
    results = compare([tiny, cut], replications=3, seed=1, years=1)
    assert results.differences is not None
    waiting = results.differences.set_index("kpi").loc["waiting_at_end"]
    assert waiting["ci_low"] > 0


def test_warmup_discards_the_windows_it_overlaps() -> None:
    kpis = pd.DataFrame(
        {
            "scenario": "s",
            "point": 0,
            "replication": 0,
            "seed": 1,
            "day": [30, 60, 90, 120],
            "kpi": "wait",
            "value": [100.0, 50.0, 2.0, 4.0],
        }
    )
    assert run_outcomes(kpis, warmup_days=0)["value"].item() == 39.0
    assert run_outcomes(kpis, warmup_days=50)["value"].item() == 3.0


def test_a_warmup_longer_than_the_run_is_refused(tiny: ekosim.Scenario) -> None:
    with pytest.raises(ValueError, match="warm-up"):
        replicate(tiny, replications=2, years=1, warmup_days=365)


def test_out_folder_resumes_and_refuses_a_different_experiment(
    tiny: ekosim.Scenario, serial: ekosim.experiments.ExperimentResults, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = replicate(tiny, replications=3, seed=11, years=1, out=out)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    assert len(stamps) == 3
    resumed = replicate(tiny, replications=3, seed=11, years=1, out=out)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == stamps
    pd.testing.assert_frame_equal(first.runs, resumed.runs)
    pd.testing.assert_frame_equal(serial.runs, resumed.runs)
    with pytest.raises(OutFolderError, match="different experiment"):
        replicate(tiny, replications=3, seed=12, years=1, out=out)
    replicate(tiny, replications=2, seed=12, years=1, out=out, overwrite=True)
    assert len(list((out / "runs").iterdir())) == 2


def test_experiment_results_hold_every_frame_of_a_single_run(
    tiny: ekosim.Scenario, serial: ekosim.experiments.ExperimentResults
) -> None:
    seed = int(serial.runs[serial.runs["replication"] == 1]["seed"].iloc[0])
    single = ekosim.run(tiny, seed=seed, years=1, replication=1)
    for name in ("kpis", "flows", "ledger", "waits", "decisions", "partner_decisions"):
        frame = getattr(serial, name)
        assert list(frame.columns[:3]) == ["scenario", "point", "replication"], name
        assert set(frame["replication"]) == {0, 1, 2} or frame.empty, name
        mine = frame[frame["replication"] == 1].drop(columns="point").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, getattr(single, name), check_dtype=False, obj=name)
    assert len(serial.waits) and len(serial.decisions) and len(serial.partner_decisions)


def test_compare_scales_to_a_population_and_names_variants_by_their_overrides() -> None:
    low = ekosim.load_scenario("tesoma-alliance", {"contract.gain_share": 0.3})
    high = ekosim.load_scenario("tesoma-alliance", {"contract.gain_share": 0.6})
    results = compare([low, high], replications=2, seed=2, years=1, population=800)
    names = list(dict.fromkeys(results.runs["scenario"]))
    assert names == [
        "tesoma-alliance [contract.gain_share=0.3]",
        "tesoma-alliance [contract.gain_share=0.6]",
    ]
    assert results.differences is not None
    assert set(results.differences["scenario"]) == {names[1]}
    residents = results.runs[results.runs["kpi"] == "residents"]["value"]
    assert residents.between(700, 900).all()  # 800 residents, give or take births and moves


def test_compare_refuses_the_same_scenario_twice(tiny: ekosim.Scenario) -> None:
    with pytest.raises(ExperimentError, match="given twice as the same scenario"):
        compare([tiny, tiny], replications=1, years=1)


def test_a_run_kept_without_every_frame_runs_again(tiny: ekosim.Scenario, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = replicate(tiny, replications=2, seed=11, years=1, out=out)
    kept = out / "runs" / "run-000000"
    old = out / "runs" / "run-000001"
    (old / "waits.parquet").unlink()  # as an older ekosim kept it: kpis, flows, ledger only
    stamp = kept.stat().st_mtime_ns
    again = replicate(tiny, replications=2, seed=11, years=1, out=out)
    assert (old / "waits.parquet").is_file() and kept.stat().st_mtime_ns == stamp
    pd.testing.assert_frame_equal(first.waits, again.waits)
