"""Results on disk: every file written atomically, an interrupted write leaves nothing
half-written, and `run --out` never silently replaces earlier results."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import ekosim
from ekosim.cli import EXIT_BAD_INPUT, EXIT_OK, main
from ekosim.results import RUN_FILES, write_atomic

TINY = ["--population", "150", "--years", "1"]


@pytest.fixture(scope="module")
def results(small_tesoma: ekosim.Scenario) -> ekosim.Results:
    return ekosim.run(small_tesoma, seed=1, years=1)


def test_interrupted_parquet_write_keeps_the_old_file_and_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kpis.parquet"
    old = pd.DataFrame({"value": [1.0, 2.0]})
    write_atomic(path, old)

    def half_then_fail(self: pd.DataFrame, file: object, **kwargs: object) -> None:
        file.write(b"PAR1 half a file")  # type: ignore[attr-defined]
        raise KeyboardInterrupt  # e.g. Ctrl-C in the middle of the write

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, pd.DataFrame({"value": [3.0]}))
    monkeypatch.undo()
    pd.testing.assert_frame_equal(pd.read_parquet(path), old)
    assert [p.name for p in tmp_path.iterdir()] == ["kpis.parquet"]


def test_interrupted_text_write_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ekosim.results.os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(tmp_path / "summary.json", "{}\n")
    assert list(tmp_path.iterdir()) == []


def test_run_results_are_written_whole(results: ekosim.Results, tmp_path: Path) -> None:
    paths = results.write(tmp_path / "out")
    assert [p.name for p in paths] == list(RUN_FILES)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())  # strict JSON
    assert summary["kpis"] and not list((tmp_path / "out").glob(".*"))


def test_run_out_refuses_a_folder_with_results_unless_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["run", "single-queue", *TINY, "--out", str(out)]) == EXIT_OK
    before = (out / "summary.json").read_bytes()
    capsys.readouterr()
    status = main(["run", "single-queue", *TINY, "--seed", "9", "--out", str(out)])
    message = capsys.readouterr().err
    assert status == EXIT_BAD_INPUT
    assert f"--out {out}: already holds results" in message and "--overwrite" in message
    assert (out / "summary.json").read_bytes() == before
    assert (
        main(["run", "single-queue", *TINY, "--seed", "9", "--out", str(out), "--overwrite"]) == 0
    )
    kpis = pd.read_parquet(out / "kpis.parquet")
    assert set(kpis["seed"]) == {9}


def test_run_out_into_a_file_or_an_unwritable_place_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out in (blocker, blocker / "below", Path("/proc/ekosim-out")):
        assert main(["run", "single-queue", *TINY, "--out", str(out)]) == EXIT_BAD_INPUT
        message = capsys.readouterr().err
        assert str(out) in message and "Traceback" not in message


def test_experiment_out_resumes_the_same_experiment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "experiment"
    args = ["run", "single-queue", *TINY, "--replications", "3", "--out", str(out)]
    assert main(args) == EXIT_OK
    runs = sorted(p.name for p in (out / "runs").iterdir())
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    first = pd.read_parquet(out / "results.parquet")
    assert main(args) == EXIT_OK  # the same experiment again: nothing is rerun
    assert {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == stamps
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), first)
    assert len(runs) == 3
    capsys.readouterr()
    other = ["run", "single-queue", *TINY, "--replications", "3", "--seed", "5", "--out", str(out)]
    assert main(other) == EXIT_BAD_INPUT
    assert "holds a different experiment" in capsys.readouterr().err


def test_the_waiting_time_distribution_counts_every_started_contact_once(
    small_tesoma: ekosim.Scenario,
) -> None:
    crowded = ekosim.load_scenario(
        small_tesoma.model_dump(mode="python"), {"demand.contacts_per_resident_year": 12.0}
    )
    results = ekosim.run(crowded, seed=2, years=1)
    waits, flows = results.waits, results.flows
    assert (waits["contacts"] > 0).all() and waits["wait_days"].between(0, 365).all()
    counted = waits.groupby("service")["contacts"].sum()
    # The channels' answered contacts are counted once, as waiting to be reached.
    channels = flows[flows["service"].str.startswith("channel.")]
    assert counted.pop("waiting_to_be_reached") == channels["started"].sum() > 0
    services = flows[flows["service"].isin(list(crowded.services))]
    started = services.groupby("service")["started"].sum()
    pd.testing.assert_series_equal(counted, started[started > 0], check_names=False)
    waits = waits[waits["service"].isin(list(crowded.services))]
    waited = (waits["wait_days"] * waits["contacts"]).groupby(waits["service"]).sum()
    mean_wait = (
        (services["started"] * services["mean_wait_days"]).groupby(services["service"]).sum()
    )
    assert waited.to_numpy() == pytest.approx(mean_wait[waited.index].to_numpy())
    assert waits["wait_days"].max() > 0  # a crowded area has waits, not only same-day starts
