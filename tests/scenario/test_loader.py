"""Loading scenarios: bundled names, extends, overrides, and every kind of mistake reported."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ekosim.scenario import Scenario, ScenarioError, bundled_scenarios, load_scenario


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(source, overrides=None) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(source, overrides)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_every_bundled_scenario_loads(name: str) -> None:
    assert isinstance(load_scenario(name), Scenario)


def test_scenario_is_frozen() -> None:
    scenario = load_scenario("tesoma-alliance")
    with pytest.raises(ValueError, match="frozen"):
        scenario.population.size = 1  # type: ignore[misc]


def test_extends_merges_deeply_and_child_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "name: child\nextends: tesoma-base\npopulation: {size: 1234}\n")
    scenario = load_scenario(path)
    assert scenario.population.size == 1234
    assert (
        scenario.population.age_structure == load_scenario("tesoma-base").population.age_structure
    )


def test_extends_relative_file_and_cycle(tmp_path: Path) -> None:
    write(tmp_path, "name: a\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\nextends: a.yaml\n", "b.yaml")
    [line] = problems(tmp_path / "a.yaml")
    assert "cycle" in line


def test_overrides_by_dotted_path_parse_yaml_scalars() -> None:
    scenario = load_scenario(
        "tesoma-alliance", {"contract.gain_share": "0.4", "services.dental.capacity_per_day": 7}
    )
    assert scenario.contract.gain_share == 0.4
    assert scenario.services["dental"].capacity_per_day == 7


def test_single_service_shorthand_accepts_set_paths() -> None:
    scenario = load_scenario(
        "single-queue", {"demand.arrivals_per_day": "3.5", "service.capacity_per_day": "4"}
    )
    assert scenario.demand.arrivals_per_day == 3.5
    assert list(scenario.services) == ["service"]
    assert scenario.services["service"].capacity_per_day == 4


def test_three_mistakes_three_lines_with_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """name: bad
extends: tesoma-base
population:
  size: -5
  age_structur: {0-14: 1.0}
services:
  dental:
    provider: mehilaine
""",
    )
    lines = problems(path)
    assert lines == [
        f"{path}:4: population.size: input should be greater than or equal to 1 (got -5)",
        f"{path}:5: population.age_structur: unknown field; did you mean 'age_structure'? "
        "(got {'0-14': 1.0})",
        f"{path}:8: services.dental.provider: no such provider in providers; "
        "did you mean 'mehilainen'? (got 'mehilaine')",
    ]


def test_problems_are_listed_in_reading_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: x\nextends: tesoma-base\ncontract:\n  gain_shar: 0.5\n"
        "population:\n  size: -5\nchannels:\n  digital_share: lots\n",
    )
    lines = problems(path)
    assert [line.split(":")[1] for line in lines] == ["4", "6", "8"], lines


def test_shares_must_sum_to_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: x\nextends: tesoma-base\npopulation:\n  age_structure:\n"
        "    0-14: 0.5\n    15+: 0.4\n",
    )
    [line] = problems(path)
    assert "population.age_structure: age_structure shares must sum to 1" in line
    assert f"{path}:4:" in line


def test_wrong_type_is_refused_not_coerced(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nextends: tesoma-base\npopulation: {size: '23000'}\n")
    [line] = problems(path)
    assert "population.size" in line and "valid integer" in line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("   \n# only a comment\n", "file is empty"),
        ("- a\n- b\n", "the top level must be a mapping"),
        ("name: a\nname: b\n", "name: duplicate key (first given on line 1)"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_broken_files_get_clear_messages(tmp_path: Path, text: str, message: str) -> None:
    [line] = problems(write(tmp_path, text))
    assert message in line


def test_missing_file_is_named() -> None:
    [line] = problems("no/such/file.yaml")
    assert line.startswith("no/such/file.yaml: ") and "no such file or bundled scenario" in line


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        levels.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 10)}]")
    path = write(tmp_path, "\n".join(levels) + "\n")
    started = time.process_time()
    [line] = problems(path)
    assert "too many nodes" in line
    assert time.process_time() - started < 5  # a real bomb would take minutes and gigabytes


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    [line] = problems(write(tmp_path, "name: " + "[" * 200 + "]" * 200 + "\n"))
    assert "nested deeper" in line


def test_override_through_a_value_is_a_problem() -> None:
    [line] = problems("tesoma-base", {"population.size.x": 1})
    assert line.startswith("override population.size.x: population.size: is not a section")


def test_override_of_unknown_field_suggests() -> None:
    [line] = problems("tesoma-base", {"contract.gain_shar": 0.3})
    assert line.startswith("override contract.gain_shar: unknown field; did you mean 'gain_share'?")
