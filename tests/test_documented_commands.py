"""Every command the documentation shows runs (issue 18: a documented line was broken for a
week because no test ran it).

The commands are read from the fenced ``sh``/``bash``/``console`` blocks of README.md, docs/*.md
and DESIGN.md (a new block is picked up without touching this file), plus DESIGN.md's public
interface, whose synopses are written inline. Long runs are shortened the way the texts allow:
``--years 1 --population 2000``, at most 2 replications, 2 samples, one worker; ``calibrate``
two trials of 1,000 residents; an ``--out`` folder (``calibration report``'s too) goes to a
temporary directory. A command whose comment says ``exit 2`` must exit 2,
every other one 0. ``serve`` is started and stopped; ``--scheduler`` gets a local Dask
cluster; ``make`` targets are skipped (see ``SKIPPED``).
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT.parent / "shared" / "DESIGN.md"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), DESIGN]
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|console|shell)\s*\n(.*?)^```", re.M | re.S)
PROGRAMS = (".venv/bin/ekosim", "ekosim")
SIMULATING = {"run", "compare", "sweep", "sensitivity"}
SKIPPED = {
    "make run": "the whole 10-year tesoma-alliance run; `ekosim run tesoma-alliance` is run here",
    "make test": "the whole test suite, this test among it",
}
# DESIGN.md's public interface (binding) writes its commands as inline synopses; these are
# they, with their placeholders filled in.
DESIGN_COMMANDS = [
    "ekosim scenarios",
    "ekosim validate tesoma-alliance single-queue",
    "ekosim run single-queue --seed 1 --years 1 --population 2000 --replications 2 --workers 1 "
    "--set demand.arrivals_per_day=9 --out run/",
    "ekosim compare tesoma-alliance tesoma-base --replications 2 --seed 1 --out cmp/",
    "ekosim run single-queue --set demand.arrivals_per_day=9 --set service.capacity_per_day=10",
    "ekosim run tesoma-alliance --set alliance.gain_share=0.4",
    "ekosim serve planner --port 5006",
    "ekosim serve wellbeing --port 5006",
]
SCENARIO_FILE = "name: my-area\nextends: tesoma-base\npopulation:\n  size: 2000\n"


@dataclass(frozen=True)
class Command:
    source: str  # FILE:LINE
    text: str  # as documented, without its comment
    comment: str

    @property
    def expected_exit(self) -> int:
        return 2 if re.search(r"\bexit (code )?2\b", self.comment) else 0


def documented_commands() -> list[Command]:
    commands = []
    for document in DOCUMENTS:
        if not document.is_file():
            continue
        text = document.read_text()
        for block in SHELL_BLOCK.finditer(text):
            first = text.count("\n", 0, block.start(1)) + 1
            lines = block.group(1).replace("\\\n", " ").splitlines()
            for offset, line in enumerate(lines):
                code, _, comment = line.partition(" #")
                code = code.strip().removeprefix("$ ")
                if code and not code.startswith("#"):
                    commands.append(Command(f"{document.name}:{first + offset}", code, comment))
    commands += [
        Command(f"DESIGN.md public interface {i}", text, "")
        for i, text in enumerate(DESIGN_COMMANDS)
    ]
    return commands


COMMANDS = documented_commands()


def test_the_documents_show_commands() -> None:
    """The extraction works: the README's command-line section alone shows four."""
    readme = [c for c in COMMANDS if c.source.startswith("README.md")]
    assert len(readme) >= 10
    assert any("single-queue --set demand.arrivals_per_day=9" in c.text for c in readme)


def shortened(words: list[str]) -> list[str]:
    """The command with small sizes, local paths and a free port."""
    options: dict[str, str | None] = {}
    positional: list[str] = []
    order: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("--"):
            flag = word in {"--plots", "--overwrite"}
            value = None if flag else words[i + 1]
            options[word], i = value, i + (1 if flag else 2)
            order.append(word)
            continue
        positional.append(str(ROOT / word) if (ROOT / word).is_file() and "/" in word else word)
        i += 1
    command = positional[0] if positional else ""
    if command in SIMULATING:
        options["--years"] = "1"
        options["--population"] = "2000"
        if options.get("--replications"):
            options["--replications"] = str(min(2, int(options["--replications"] or 2)))
        elif command in {"sweep", "sensitivity"}:
            options["--replications"] = "1"
        elif command == "compare":
            options["--replications"] = "2"
        if "--samples" in options:
            options["--samples"] = "2"
        options.pop("--workers", None)  # the suite runs parallel-free
    if command == "calibrate":  # two small trials; the study and --out stay in the temp folder
        options.update({"--trials": "2", "--population": "1000"})
        options.pop("--workers", None)
    if positional[:2] == ["calibration", "report"]:  # never over docs/VALIDATION.md
        options.update({"--replications": "1", "--population": "1000", "--out": "report"})
    if "--port" in options:
        options["--port"] = str(free_port())
    argv = positional
    for name in dict.fromkeys([*order, *options]):
        if name in options:
            argv += [name] if options[name] is None else [name, str(options[name])]
    return argv


def set_options(words: list[str]) -> list[str]:
    """Every ``--set`` pair in order (several may be given, which a dict would lose)."""
    pairs = []
    for i, word in enumerate(words):
        if word == "--set":
            pairs += ["--set", words[i + 1]]
    return pairs


def ekosim_argv(command: Command) -> list[str] | None:
    words = shlex.split(command.text)
    if not words or words[0] not in PROGRAMS:
        return None
    sets = set_options(words)
    rest = [w for i, w in enumerate(words[1:], start=1) if w != "--set" and words[i - 1] != "--set"]
    return [sys.executable, "-m", "ekosim.cli", *shortened(rest), *sets]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env["PYTHONMALLOC"] = "malloc"  # serve then starts without re-executing itself
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="module")
def scheduler() -> object:
    """A local Dask cluster for the commands that name a scheduler."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.mark.parametrize("command", COMMANDS, ids=[c.source for c in COMMANDS])
def test_every_documented_command_runs(
    command: Command, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if command.text in SKIPPED:
        pytest.skip(SKIPPED[command.text])
    argv = ekosim_argv(command)
    if argv is None:
        pytest.fail(f"{command.source}: not an ekosim command, add it to SKIPPED with a reason")
    (tmp_path / "my-area.yaml").write_text(SCENARIO_FILE)
    if "--scheduler" in argv:
        argv[argv.index("--scheduler") + 1] = request.getfixturevalue("scheduler")
    if argv[3:4] == ["serve"]:
        serve_and_stop(argv, tmp_path, command)
        return
    done = subprocess.run(
        argv, cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=900
    )
    assert done.returncode == command.expected_exit, (
        f"{command.source}: {command.text}\nran: {shlex.join(argv[3:])}\n{done.stderr[-2000:]}"
    )
    if command.expected_exit == 2:
        assert "Traceback" not in done.stderr


def serve_and_stop(argv: list[str], workdir: Path, command: Command) -> None:
    """The server answers on 127.0.0.1 at the app's address, then stops on SIGINT."""
    port = int(argv[argv.index("--port") + 1])
    app = argv[argv.index("serve") + 1]
    log = workdir / "serve.log"
    with log.open("w") as errors:
        server = subprocess.Popen(
            argv, cwd=workdir, env=environment(), stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            wait_for_the_page(server, f"http://127.0.0.1:{port}/{app}", log, command)
        finally:
            server.terminate()
            server.wait(timeout=60)


def wait_for_the_page(server: subprocess.Popen, address: str, log: Path, command: Command) -> None:
    import urllib.request

    deadline = time.monotonic() + 180
    while True:
        assert server.poll() is None, f"{command.source}: exited early\n{log.read_text()}"
        try:
            with urllib.request.urlopen(address, timeout=30) as page:
                assert page.status == 200
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
