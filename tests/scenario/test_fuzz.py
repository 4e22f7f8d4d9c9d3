"""Random mutations of valid scenarios: the loader accepts them or raises ScenarioError only."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekosim.scenario import Scenario, ScenarioError, load_scenario, raw_scenario

BASE = raw_scenario("tesoma-alliance")

leaf_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    return found


ALL_PATHS = paths(BASE)


def mutate(data: dict, path: tuple, value: Any, action: str) -> dict:
    data = yaml.safe_load(yaml.safe_dump(data))
    node = data
    for key in path[:-1]:
        node = node[key]
    if action == "delete":
        node.pop(path[-1], None)
    elif action == "rename":
        node[str(path[-1]) + "x"] = node.pop(path[-1])
    else:
        node[path[-1]] = value
    return data


mutation_lists = st.lists(
    st.tuples(
        st.sampled_from(ALL_PATHS), leaf_values, st.sampled_from(["set", "delete", "rename"])
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation_lists)
def test_mutated_scenarios_load_or_fail_cleanly(mutations: list) -> None:
    check_mutated(mutations)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation_lists)
def test_thousands_of_mutated_scenarios_load_or_fail_cleanly(mutations: list) -> None:
    check_mutated(mutations)


def check_mutated(mutations: list) -> None:
    data = BASE
    for path, value, action in mutations:
        try:
            data = mutate(data, path, value, action)
        except (KeyError, TypeError, AttributeError):
            continue  # the path no longer exists after an earlier mutation
    try:
        scenario = load_scenario(data)
    except ScenarioError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        return
    assert isinstance(scenario, Scenario)
    assert math.isfinite(scenario.population.size)


yaml_like_text = st.text(max_size=200) | st.lists(
    st.sampled_from(
        [
            "name: x",
            "extends: tesoma-base",
            "population:",
            "  size: ",
            "&a ",
            "*a",
            "<<: ",
            "- ",
            "{",
            "}",
            "[",
            "]",
            ": ",
            "!!str ",
            "!!python/name:os.system ",
            "\t",
            "'",
            '"',
            "\n",
            "1e999",
            ".nan",
            "~",
            "? ",
            "---",
            "...",
            "%YAML 1.1",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(yaml_like_text)
def test_arbitrary_text_loads_or_fails_cleanly(tmp_path_factory, text: str) -> None:
    check_text(tmp_path_factory, text)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(yaml_like_text)
def test_thousands_of_texts_load_or_fail_cleanly(tmp_path_factory, text: str) -> None:
    check_text(tmp_path_factory, text)


def check_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "s.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_scenario(path)
    except ScenarioError as error:
        assert all(str(problem).startswith(str(path)) for problem in error.problems)


# Nesting of every style and depth (flow and block, mappings and sequences): refused with one
# line above the loader's limit, never a RecursionError.
openers = st.lists(st.sampled_from(["[", "{a: ", "- "]), min_size=0, max_size=3000)


def nested_text(kinds: list[str]) -> str:
    kinds = sorted(kinds, key=lambda k: k != "- ")  # a block sequence cannot sit in a flow one
    closers = "".join({"[": "]", "{a: ": "}"}.get(k, "") for k in reversed(kinds))
    return "name: deep\nextends: tesoma-base\nnotes:\n  " + "".join(kinds) + "1" + closers + "\n"


@settings(max_examples=60, deadline=None)
@given(openers)
def test_any_nesting_loads_or_fails_cleanly(tmp_path_factory, kinds: list[str]) -> None:
    check_text(tmp_path_factory, nested_text(kinds))


SHORTHAND_PATHS = st.sampled_from(
    [
        "service.capacity_per_day",
        "service.open_days_per_week",
        "service.provider",
        "service.capacity_per_da",
        "services.service.capacity_per_day",
        "service",
        "demand.arrivals_per_day",
    ]
)


@settings(max_examples=120, deadline=None)
@given(SHORTHAND_PATHS, leaf_values)
def test_overrides_on_the_service_shorthand_load_or_name_the_override(
    path: str, value: Any
) -> None:
    try:
        scenario = load_scenario("single-queue", {path: value})
    except ScenarioError as error:
        assert all(str(p).startswith(f"override {path}") for p in error.problems), str(error)
    else:
        assert list(scenario.services) == ["service"]
