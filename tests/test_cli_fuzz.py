"""Random command lines: ``main()`` either succeeds or exits 2 with a message, never a traceback.

``main`` runs in this process (no subprocess per example) on tiny scenarios, so thousands of
command lines fit in the slow run and a quick sample in the default suite.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ekosim import cli

TINY_SCENARIO = """\
name: tiny
extends: tesoma-alliance
horizon_years: 1
population: {size: 120}
"""
TINY_QUEUE = """\
name: tiny-queue
extends: single-queue
horizon_years: 1
"""
DEEP = 3000  # levels: far over the loader's 64, deep enough to exhaust a recursive parser
TINY_EXPERIMENT = """\
name: tiny-experiment
scenario: tiny.yaml
years: 1
replications: 1
uncertainties:
  channels.digital.resolution_rate: {low: 0.3, high: 0.6}
sweep: {design: factorial, levels: 2}
sensitivity: {method: morris, samples: 2, bootstrap: 10}
"""


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a tiny valid scenario and experiment, broken files and a file in the way."""
    root = tmp_path_factory.mktemp("cli-fuzz")
    (root / "tiny.yaml").write_text(TINY_SCENARIO)
    (root / "tiny-queue.yaml").write_text(TINY_QUEUE)
    (root / "deep.yaml").write_text("a: " + "[" * DEEP + "]" * DEEP + "\n")
    (root / "deep-block.yaml").write_text("a:\n  " + "- " * DEEP + "x\n")
    (root / "tiny-experiment.yaml").write_text(TINY_EXPERIMENT)
    (root / "broken.yaml").write_text("name: [unclosed\n")
    (root / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (root / "list.yaml").write_text("- 1\n- 2\n")
    (root / "a-file").write_text("not a folder")
    (root / "folder.yaml").mkdir()
    return root


def files(root: Path) -> st.SearchStrategy[str]:
    names = ["tiny.yaml", "tiny-queue.yaml", "tiny-experiment.yaml", "broken.yaml"]
    names += ["binary.yaml", "list.yaml", "deep.yaml", "deep-block.yaml"]
    names += ["a-file", "folder.yaml", "missing.yaml", "../../../../etc/passwd"]
    return st.one_of(
        st.sampled_from([str(root / name) for name in names]),
        st.sampled_from(
            ["", "-", "single-queue-x", "/dev/null", "/proc/self/mem", "\x7f", "ä.yaml"]
        ),
        st.text(max_size=10),
    )


def out_folders(root: Path) -> st.SearchStrategy[str]:
    return st.one_of(
        st.uuids().map(lambda u: str(root / "out" / u.hex)),
        st.sampled_from(
            [str(root / "a-file"), str(root / "a-file" / "under"), "/proc/ekosim", str(root)]
        ),
    )


NUMBERS = st.one_of(
    st.integers(-3, 3),
    st.sampled_from([10**6, 10**12, 10**30, 2**63]),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "1.5", "0x10", " 2 ", "", "١", "two", "-0"]),
).map(str)

FIELD_PATHS = st.sampled_from(
    [
        "population.size",
        "horizon_years",
        "contract.gain_share",
        "channels.digital.resolution_rate",
        "services.health_station.capacity_per_day",
        "service.capacity_per_day",  # the single-queue shorthand
        "service.capacity_per_da",
        "service.open_days_per_week",
        "demand.arrivals_per_day",
        "population",
        "population.size.x",
        "nope",
        "a..b",
        ".",
        "extends",
        "name",
    ]
)
NESTED = st.builds(
    lambda depth, opener: opener * depth + {"[": "]", "{a: ": "}"}[opener] * depth,
    st.integers(0, DEEP),
    st.sampled_from(["[", "{a: "]),
)
SET_VALUES = st.one_of(
    NUMBERS,
    NESTED,
    st.sampled_from(["[1, 2]", "{a: 1}", "null", "true", "&a [*a]", "!!python/object:os.system"]),
    st.text(max_size=8),
)


def option_values(root: Path) -> dict[str, st.SearchStrategy[list[str]]]:
    value = lambda values: values.map(lambda v: [v])  # noqa: E731
    return {
        "--seed": value(NUMBERS),
        "--years": value(NUMBERS),
        "--population": value(st.one_of(st.integers(-2, 200).map(str), NUMBERS)),
        "--replications": value(st.one_of(st.sampled_from(["1", "2"]), NUMBERS)),
        "--warmup-days": value(NUMBERS),
        "--workers": value(st.sampled_from(["1", "0", "-1", "x", str(10**9)])),
        "--scheduler": value(
            st.sampled_from(["tcp://", "tcp://host", "tcp://host:x", "http://a:1", "", "://:"])
        ),
        "--set": value(st.builds(lambda p, v: f"{p}={v}", FIELD_PATHS, SET_VALUES)),
        "--out": value(out_folders(root)),
        "--method": value(st.sampled_from(["sobol", "morris", "fast", ""])),
        "--samples": value(st.sampled_from(["2", "0", "-4", "x", str(10**12)])),
        "--port": value(NUMBERS),
        "--overwrite": st.just([]),
        "--plots": st.just([]),
        "--bogus": st.just([]),
        "-x": value(NUMBERS),
        "--": st.just([]),
    }


EXPERIMENTS = ("sweep", "sensitivity")


@st.composite
def command_lines(draw: st.DrawFn, root: Path) -> list[str]:
    command = draw(
        st.sampled_from(
            ["run", "compare", "sweep", "sensitivity", "validate", "serve", "scenarios", "fly", ""]
        )
    )
    scenario = draw(st.sampled_from(["tiny.yaml", "tiny-queue.yaml"]))
    valid = str(root / ("tiny-experiment.yaml" if command in EXPERIMENTS else scenario))
    positional = draw(st.lists(st.one_of(st.just(valid), files(root)), max_size=3))
    if command == "serve":
        positional = [draw(st.sampled_from(["planner", "wellbeing", "other", ""]))]
    options = option_values(root)
    argv = [command, *positional]
    for name in draw(st.lists(st.sampled_from(sorted(options)), max_size=5)):
        argv += [name, *draw(options[name])]
    shuffled = draw(st.integers(0, 4)) == 0  # mostly well-formed, sometimes any order
    return draw(st.permutations(argv)) if shuffled else argv


def run_main(argv: list[str]) -> tuple[int, str]:
    """Exit status and stderr of ``ekosim ARGV`` run in this process."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = cli.main(argv)
        except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
            status = int(exit_.code or 0)
    return status, stderr.getvalue()


def check(argv: list[str]) -> None:
    status, stderr = run_main(argv)
    event(f"exit {status}")
    assert "Traceback" not in stderr, f"ekosim {argv}\n{stderr}"
    assert status in (cli.EXIT_OK, cli.EXIT_BAD_INPUT), f"ekosim {argv} -> {status}\n{stderr}"
    if status == cli.EXIT_BAD_INPUT:
        assert stderr.strip(), f"ekosim {argv}: exit 2 without a message"


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """``serve`` is checked up to the point where it would block in Panel's server (and
    without re-executing itself with another allocator, which replaced the test process
    by a real server on port 5006 when Hypothesis drew ``serve planner``)."""
    import panel as pn

    monkeypatch.setenv("PYTHONMALLOC", "malloc")
    served: list[Any] = []
    monkeypatch.setattr(pn, "serve", lambda *args, **kwargs: served.append(args))
    return served


def fuzz(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.usefixtures("no_server")
@fuzz(60)
@given(st.data())
def test_command_lines_succeed_or_exit_2_with_a_message(place: Path, data: st.DataObject) -> None:
    check(data.draw(command_lines(place)))


@pytest.mark.slow
@pytest.mark.usefixtures("no_server")
@fuzz(2000)
@given(st.data())
def test_thousands_of_command_lines_succeed_or_exit_2(place: Path, data: st.DataObject) -> None:
    check(data.draw(command_lines(place)))


POPULATIONS = st.one_of(
    st.integers(1_000, 5_000_000),
    st.sampled_from([1, 999, 5_000_000, 5_000_001, 10**9]),
)


@fuzz(80)
@given(
    st.sampled_from(["tesoma-alliance", "single-queue", "pirkanmaa", "tesoma-integrated"]),
    POPULATIONS,
    st.lists(
        st.builds(lambda p, v: cli._assignment(f"{p}={v}"), FIELD_PATHS, SET_VALUES), max_size=2
    ),
)
def test_population_and_overrides_give_a_scenario_or_name_the_option(
    name: str, residents: int, overrides: list[tuple[str, str]]
) -> None:
    """The scenario ``run NAME --population N --set ...`` would simulate (only loaded here: a
    5,000,000-resident run is not for the test suite): valid, or problems that each name the
    option that caused them, never a line the user did not write."""
    import argparse

    args = argparse.Namespace(population=residents, overrides=overrides)
    try:
        scenario = cli._load(name, args)
    except cli.ScenarioError as error:
        for problem in error.problems:
            assert str(problem).startswith(("--population ", "--set ")), str(problem)
        if not overrides:
            assert not 1_000 <= residents <= 5_000_000, str(error)
    else:
        assert scenario.population.size == residents or any(
            path.startswith("population") for path, _ in overrides
        )
