"""The ekosim command: exit codes, messages, and the files written by run --out."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ekosim.cli import main, release_memory, return_arrow_memory_to_glibc


def ekosim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ekosim.cli", *args], capture_output=True, text=True, timeout=600
    )


def test_run_writes_the_documented_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = ekosim(
        "run",
        "tesoma-alliance",
        "--years",
        "1",
        "--population",
        "4000",
        "--set",
        "services.health_station.capacity_per_day=45",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "Client value" in done.stdout and "Organisation" in done.stdout
    assert pd.read_parquet(out / "kpis.parquet").columns.tolist() == [
        "scenario",
        "replication",
        "seed",
        "day",
        "kpi",
        "value",
    ]
    assert pd.read_parquet(out / "flows.parquet").columns.tolist()[:4] == [
        "scenario",
        "replication",
        "day",
        "service",
    ]
    assert pd.read_parquet(out / "ledger.parquet").columns.tolist() == [
        "scenario",
        "replication",
        "year",
        "partner",
        "item",
        "amount_eur",
    ]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "tesoma-alliance" and summary["days"] == 365
    assert main(["validate", str(out / "scenario.resolved.yaml")]) == 0  # it loads back
    resolved = yaml.safe_load((out / "scenario.resolved.yaml").read_text())
    assert resolved["population"]["size"] == 4000
    assert resolved["services"]["health_station"]["capacity_per_day"] == 45
    assert not list(out.glob(".*partial"))


def test_validate_prints_a_line_per_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nextends: tesoma-base\npopulation:\n  size: -5\n"
        "  age_structur: {0-14: 1.0}\nservices:\n  dental:\n    provider: mehilaine\n"
    )
    done = ekosim("validate", str(bad), "tesoma-alliance")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in done.stderr
    assert "tesoma-alliance: valid" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["run", "tesoma-alliance", "--years", "0"],
        ["run", "tesoma-alliance", "--seed", "-1"],
        ["run", "tesoma-alliance", "--set", "nonsense"],
        ["run", "no-such-scenario"],
        ["frobnicate"],
        ["run", "tesoma-alliance", "--set", "population.size=abc"],
    ],
)
def test_bad_input_exits_2_without_traceback(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        code = main(args)
        raise SystemExit(code)
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_every_command_has_help() -> None:
    for command in ([], ["run"], ["validate"], ["scenarios"]):
        done = ekosim(*command, "--help")
        assert done.returncode == 0 and "usage:" in done.stdout


def test_scenarios_lists_bundled_with_descriptions() -> None:
    done = ekosim("scenarios")
    assert done.returncode == 0
    assert any(
        line.startswith("tesoma-alliance ") and "alliance" in line.lower()
        for line in done.stdout.splitlines()
    )


def test_the_session_cleanup_is_a_valid_bokeh_callback() -> None:
    bokeh = pytest.importorskip("bokeh.document")
    document = bokeh.Document()
    document.on_session_destroyed(release_memory)  # Bokeh checks the signature here
    release_memory(None)


def test_the_server_allocates_pandas_strings_from_glibc_not_from_a_per_thread_pool() -> None:
    pyarrow = pytest.importorskip("pyarrow")
    pandas = pytest.importorskip("pandas")
    before = pyarrow.default_memory_pool()
    try:
        return_arrow_memory_to_glibc()
        system = pyarrow.system_memory_pool()
        held = system.bytes_allocated()
        names = pandas.Series([f"resident-{i}" for i in range(10_000)], dtype="str")
        assert system.bytes_allocated() > held  # the strings live in glibc's heap
        del names
    finally:
        pyarrow.set_memory_pool(before)


@pytest.mark.skipif(sys.platform != "linux", reason="the server allocator is set on Linux")
def test_the_server_runs_under_glibcs_malloc_so_closed_sessions_hand_memory_back() -> None:
    pytest.importorskip("panel")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONMALLOC"}
    server = subprocess.Popen(
        [sys.executable, "-m", "ekosim.cli", "serve", "planner", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/planner", server)
        # the same process (re-executed in place) now runs with the server's allocator
        held = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        assert b"PYTHONMALLOC=malloc" in held
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_chosen_python_allocator_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("panel")
    monkeypatch.setenv("PYTHONMALLOC", "pymalloc_debug")
    monkeypatch.setattr(os, "execve", lambda *_: pytest.fail("re-executed"))
    monkeypatch.setattr("panel.serve", lambda *_, **__: None)
    assert main(["serve", "planner", "--port", "5999"]) == 0


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180  # a busy machine imports Panel slowly
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)  # polling for the server to listen
    pytest.fail(f"the server did not answer at {url} (exit code {server.poll()})")
