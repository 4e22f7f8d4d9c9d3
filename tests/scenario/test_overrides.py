"""An override's problem names the override (``override PATH``; ``--set PATH`` on the command
line), never a scenario file, in Python and on the command line; the ``service:`` shorthand
takes overrides like any other section."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekosim
from ekosim.scenario import ScenarioError, load_scenario

# (scenario, override path, value, what the one problem says after 'override PATH: ')
CASES = [
    ("tesoma-alliance", "contrct.gain_share", 0.4, "unknown field; did you mean 'contract'?"),
    ("tesoma-alliance", "contract.gain_shar", 0.4, "unknown field; did you mean 'gain_share'?"),
    ("tesoma-alliance", "contract.gain_share", 7, "input should be less than or equal to 1"),
    (
        "tesoma-alliance",
        "services.health_statoin.capacity_per_day",
        1,
        "services.health_statoin.provider: required field is missing (the override makes a new "
        "'health_statoin' in services; did you mean 'health_station'?)",
    ),
    ("tesoma-base", "population.size.x", 1, "population.size: is not a section"),
    ("tesoma-alliance", "alliance.gain_share", 7, "input should be less than or equal to 1"),
    (
        "single-queue",
        "service.capacity_per_da",
        10,
        "unknown field; did you mean 'capacity_per_day'?",
    ),
    ("single-queue", "service.capacity_per_day", -1, "input should be greater than or equal to 0"),
    ("single-queue", "services.service.open_days_per_week", 9, "input should be less than"),
]


def only_problem(source: object, overrides: dict) -> str:
    with pytest.raises(ScenarioError) as raised:
        load_scenario(source, overrides)  # type: ignore[arg-type]
    assert len(raised.value.problems) == 1, str(raised.value)
    return str(raised.value.problems[0])


@pytest.mark.parametrize(("scenario", "path", "value", "message"), CASES)
def test_an_override_problem_names_the_override(
    scenario: str, path: str, value: object, message: str
) -> None:
    for source in (scenario, load_scenario(scenario)):  # a name, and a loaded Scenario
        line = only_problem(source, {path: value})
        assert line.startswith(f"override {path}: {message}"), line
        assert ".yaml" not in line and "<dict>" not in line and "--set" not in line


@pytest.mark.parametrize(("scenario", "path", "value", "message"), CASES)
def test_on_the_command_line_it_names_the_set_option(
    scenario: str, path: str, value: object, message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ekosim.cli", "run", scenario, "--set", f"{path}={value}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"--set {path}: {message}"), line
    assert ".yaml" not in line


def test_the_service_shorthand_takes_overrides() -> None:
    scenario = load_scenario(
        "single-queue", {"demand.arrivals_per_day": 9, "service.capacity_per_day": 10}
    )
    assert scenario.services["service"].capacity_per_day == 10
    again = load_scenario(scenario, {"service.capacity_per_day": 12})  # a loaded one too
    assert again.services["service"].capacity_per_day == 12
    both = load_scenario(scenario, {"services.service.capacity_per_day": 13})
    assert both.services["service"].capacity_per_day == 13


def test_alliance_is_another_name_of_the_contract_section() -> None:
    """DESIGN.md's example: ``--set alliance.gain_share=0.4``."""
    assert load_scenario("tesoma-alliance", {"alliance.gain_share": 0.4}).contract.gain_share == 0.4


def test_problems_of_data_are_never_located_at_a_placeholder() -> None:
    data = ekosim.scenario.raw_scenario("single-queue")
    data["service"]["capacity_per_day"] = -1
    line = only_problem(data, {})
    assert line.startswith("scenario data: service.capacity_per_day: "), line


SECTIONS = st.sampled_from(["service", "services.service", "demand", "population", "contract"])
FIELDS = st.sampled_from(["capacity_per_day", "capacity_per_da", "provider", "size", "x"])
VALUES = st.one_of(st.integers(-5, 50), st.floats(allow_nan=True), st.text(max_size=5))


@settings(max_examples=60, deadline=None)
@given(SECTIONS, FIELDS, VALUES)
def test_any_override_loads_or_its_problems_name_it(
    section: str, field: str, value: object
) -> None:
    path = f"{section}.{field}"
    try:
        load_scenario("single-queue", {path: value})
    except ScenarioError as error:
        for problem in error.problems:
            assert str(problem).startswith(f"override {path}"), str(error)
