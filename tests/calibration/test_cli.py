"""``ekosim calibrate``: bad specs exit 2, and a killed study resumes where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import optuna
import pytest

from ekosim.calibration.search import study_name
from ekosim.calibration.spec import load_spec
from ekosim.cli import main

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600  # a loaded machine: the bound only stops a hung test


def ekosim(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    return subprocess.Popen(
        [sys.executable, "-m", "ekosim.cli", *args],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finished(url: str, name: str) -> list[optuna.trial.FrozenTrial]:
    """The study's finished trials, read through a storage closed again at once."""
    storage = optuna.storages.RDBStorage(url)
    try:
        study = optuna.load_study(study_name=name, storage=storage)
        states = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
        return study.get_trials(states=states)
    finally:
        storage.remove_session()
        storage.engine.dispose()


def distinct_points(trials: list[optuna.trial.FrozenTrial]) -> bool:
    return len({tuple(sorted(t.params.items())) for t in trials}) == len(trials)


def test_a_bad_spec_exits_2_with_its_lines(tiny_spec: Path) -> None:
    tiny_spec.write_text(tiny_spec.read_text().replace("channels.digital", "channels.nowhere"))
    done = ekosim("calibrate", str(tiny_spec), cwd=tiny_spec.parent)
    _, err = done.communicate(timeout=TIMEOUT_S)
    assert done.returncode == 2
    assert err.startswith(f"{tiny_spec}:5: parameters.channels.nowhere.resolution_rate: ")
    assert "Traceback" not in err


def test_a_killed_calibration_resumes_without_redoing_finished_trials(tiny_spec: Path) -> None:
    storage = f"sqlite:///{tiny_spec.parent / 'study.db'}"
    command = ["calibrate", str(tiny_spec), "--trials", "4", "--storage", storage]
    name = study_name(load_spec(tiny_spec))
    first = ekosim(*command, cwd=tiny_spec.parent)
    deadline = time.monotonic() + TIMEOUT_S
    before: list[optuna.trial.FrozenTrial] = []
    while time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.5)
        try:
            before = finished(storage, name)
        except KeyError:  # the study is not created yet
            continue
        if len(before) >= 2:
            break
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=TIMEOUT_S)
    assert first.returncode == -signal.SIGKILL, "the first run ended before it was killed"
    assert 2 <= len(before) < 4

    second = ekosim(*command, cwd=tiny_spec.parent)
    out, err = second.communicate(timeout=TIMEOUT_S)
    assert second.returncode == 0, err
    assert f"resuming {name}: {len(before)} of 4 trials already done" in err
    after = finished(storage, name)
    assert len(after) == 4
    kept = {t.number: (t.params, t.value, t.datetime_complete) for t in after}
    for trial in before:  # the same trials, finished once, before the kill
        assert kept[trial.number] == (trial.params, trial.value, trial.datetime_complete)
    assert "best distance" in out
    assert distinct_points(after)  # a resumed sampler does not propose the same points again

    # Two Dask workers share the stored study and bring it to six trials; results and plots.
    out_dir = tiny_spec.parent / "out"
    third = ekosim(
        *command[:3], "6", "--storage", storage, "--workers", "2", "--out", str(out_dir),
        "--plots", cwd=tiny_spec.parent,
    )  # fmt: skip
    out, err = third.communicate(timeout=TIMEOUT_S)
    assert third.returncode == 0, err
    assert len(finished(storage, name)) >= 6
    assert distinct_points(finished(storage, name))  # nor do two workers
    names = {path.name for path in out_dir.iterdir()}
    assert {"trials.csv", "targets.csv", "best.yaml", "provenance.json"} <= names
    assert {"history.png", "importances.png", "targets.png"} <= names
    provenance = json.loads((out_dir / "provenance.json").read_text())
    assert provenance["calibration"]["study"] == name
    assert provenance["calibration"]["trials"] >= 6
    assert provenance["call"].startswith("ekosim calibrate") and provenance["scenarios"]


def test_bad_options_exit_2_before_any_run(
    tiny_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = str(tiny_spec)
    cases = {
        ("--storage", "study.db"): "--storage: expected a database URL such as sqlite:///study.db",
        ("--workers", "2"): "parallel trials share the study through --storage",
        ("--plots",): "--plots needs --out DIR",
    }
    for options, message in cases.items():
        assert main(["calibrate", spec, *options]) == 2
        assert message in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["calibrate", spec, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert raised.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
