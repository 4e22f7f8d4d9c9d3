"""ekosim compare and run --replications: output, --out folders, kill and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import ekosim
from ekosim.cli import main
from ekosim.experiments import compare
from ekosim.scenario import scaled

SMALL = ["--years", "1", "--population", "1000"]


def test_compare_prints_cis_and_differences_and_writes_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["compare", "tesoma-alliance", "tesoma-base", "--replications", "2", *SMALL]
    assert main([*args, "--out", str(out), "--plots"]) == 0
    printed = capsys.readouterr().out
    assert "mean [95% CI] over 2 replications" in printed
    assert "Differences from tesoma-alliance" in printed
    assert "risk profile" in printed.lower()
    for name in ("results.parquet", "summary.csv", "differences.csv", "kpis.png", "kpis.html"):
        assert (out / name).is_file(), name
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["scenario"]) == {"tesoma-alliance", "tesoma-base"}
    assert {"mean", "ci_low", "ci_high", "replications_needed"} <= set(summary.columns)
    assert (out / "kpis.png").read_bytes().startswith(b"\x89PNG")
    assert "data:image/png;base64," in (out / "kpis.html").read_text()

    assert main([*args, "--seed", "9", "--out", str(out)]) == 2
    assert "different experiment" in capsys.readouterr().err
    assert main([*args, "--seed", "9", "--out", str(out), "--overwrite"]) == 0


def test_run_with_replications_prints_cis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "tesoma-alliance", "--replications", "2", *SMALL]) == 0
    assert "over 2 replications" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "tesoma-alliance"], "at least two"),
        (["compare", "tesoma-alliance", "tesoma-base", "--plots"], "--plots needs --out"),
        (["compare", "a", "b", "--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
        (["compare", "tesoma-alliance", "tesoma-alliance"], "different names"),
        (["run", "tesoma-alliance", "--replications", "2", "--warmup-days", "400"], "warm-up"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _exit_code([*args, *SMALL]) == 2
    assert message in capsys.readouterr().err


def _exit_code(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as exit_:  # argparse's own errors
        return int(exit_.code or 0)


def test_help_on_every_experiment_command() -> None:
    for command in ([], ["compare"], ["run"]):
        with pytest.raises(SystemExit) as exit_:
            main([*command, "--help"])
        assert exit_.value.code == 0


def test_a_killed_experiment_resumes_without_losing_or_repeating_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # 8 runs: killed after 3, five are left to resume (a run at 2,000 residents takes a good
    # fraction of a second, so the kill, polled every 20 ms, comes well before the last)
    replications = 4
    command = [
        sys.executable,
        "-m",
        "ekosim.cli",
        "compare",
        "tesoma-alliance",
        "tesoma-base",
        "--replications",
        str(replications),
        "--years",
        "1",
        "--population",
        "2000",
        "--out",
        str(out),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(list((out / "runs").glob("run-*"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    before = {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("run-*")}
    assert 3 <= len(before) < 2 * replications, "the kill came too late to test a resume"

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"resuming: {len(before)} of {2 * replications} runs already done" in done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (out / "runs").glob("run-*")}
    assert len(after) == 2 * replications
    assert {name: after[name] for name in before} == before  # finished runs were not redone

    resumed = pd.read_parquet(out / "results.parquet")
    fresh = compare(
        [scaled(ekosim.load_scenario(n), 2000) for n in ("tesoma-alliance", "tesoma-base")],
        replications=replications,
        years=1,
    )
    pd.testing.assert_frame_equal(resumed, fresh.runs)
