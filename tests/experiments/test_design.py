"""Experiment files: validation with file and line, and the design they describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekosim.experiments.design import design_points, load_experiment
from ekosim.scenario import ScenarioError

GOOD = """\
name: capacity
scenario: tesoma-alliance
years: 1
replications: 2
uncertainties:
  channels.digital.resolution_rate: {low: 0.3, high: 0.6}
levers:
  services.health_station.capacity_per_day: {low: 10, high: 30, integer: true}
  contract.gain_share: {values: [0.3, 0.5]}
sweep: {design: factorial, levels: 3}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "experiment.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_factorial_design_is_the_full_grid(tmp_path: Path) -> None:
    experiment = load_experiment(write(tmp_path, GOOD))
    points = design_points(experiment)
    assert len(points) == 3 * 3 * 2
    assert points["point"].tolist() == list(range(18))
    assert sorted(set(points["services.health_station.capacity_per_day"])) == [10, 20, 30]
    assert sorted(set(points["contract.gain_share"])) == [0.3, 0.5]
    assert len(points.drop(columns="point").drop_duplicates()) == 18


def test_latin_hypercube_fills_every_stratum_once(tmp_path: Path) -> None:
    text = GOOD.replace("{design: factorial, levels: 3}", "{design: latin_hypercube, samples: 10}")
    experiment = load_experiment(write(tmp_path, text))
    points = design_points(experiment)
    assert len(points) == 10
    rate = points["channels.digital.resolution_rate"]
    strata = ((rate - 0.3) / 0.3 * 10).astype(int)
    assert sorted(strata) == list(range(10))
    assert points.equals(design_points(experiment))  # the design's stream is seeded


def test_scenario_at_applies_parameters_and_constants(tmp_path: Path) -> None:
    experiment = load_experiment(write(tmp_path, GOOD + "overrides: {population.size: 900}\n"))
    scenario = experiment.scenario_at({"services.health_station.capacity_per_day": 17})
    assert scenario.population.size == 900
    assert scenario.services["health_station"].capacity_per_day == 17


def test_a_scaled_experiment_scales_its_swept_area_amounts_too(tmp_path: Path) -> None:
    experiment = load_experiment(write(tmp_path, GOOD + "residents: 11500\n"))  # half of Tesoma
    scenario = experiment.scenario_at({"services.health_station.capacity_per_day": 30})
    assert scenario.population.size == 11500
    assert scenario.services["health_station"].capacity_per_day == 15
    full = load_experiment(write(tmp_path, GOOD)).scenario_at({})
    assert full.population.size == 23000
    doctors = full.providers["mehilainen"].staff["doctor"].posts  # FTE, fitted by hand
    halved = scenario.providers["mehilainen"].staff["doctor"].posts
    assert halved == pytest.approx(doctors / 2) and halved != round(halved)  # not rounded


def test_every_problem_is_reported_with_file_and_line(tmp_path: Path) -> None:
    text = """\
name: broken
scenario: tesoma-alliance
replications: 0
levers:
  services.health_station.capacity_per_day: {low: 10, high: 30}
  services.no_such_service.capacity_per_day: {low: 1, high: 2, integer: true}
  contract.gain_share: {low: 0.6, high: 0.2}
sensitivity: {method: sobol, samples: 20}
colour: blue
"""
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        load_experiment(path)
    lines = str(error.value).splitlines()
    assert any(line.startswith(f"{path}:3: replications:") for line in lines)
    assert any(line.startswith(f"{path}:7: levers.contract.gain_share:") for line in lines)
    assert any(f"{path}:8: sensitivity" in line and "power of 2" in line for line in lines)
    assert any(line.startswith(f"{path}:9: colour: unknown field") for line in lines)


def test_parameters_must_be_valid_fields_of_the_scenario(tmp_path: Path) -> None:
    text = GOOD.replace(
        "  contract.gain_share: {values: [0.3, 0.5]}",
        "  contract.gain_share: {values: [0.3, 7]}\n"
        "  services.no_such.capacity_per_day: {low: 1, high: 2, integer: true}\n"
        "  services.dental.initial_waiting: {low: 1, high: 9}",
    )
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        load_experiment(path)
    text = str(error.value)
    assert f"{path}:9: levers.contract.gain_share:" in text
    assert f"{path}:10: levers.services.no_such.capacity_per_day:" in text
    assert f"{path}:11: levers.services.dental.initial_waiting:" in text
    assert "integer: true" in text


def test_a_missing_base_scenario_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("scenario: tesoma-alliance", "scenario: atlantis"))
    with pytest.raises(ScenarioError, match=r"experiment.yaml:2: scenario: the base scenario"):
        load_experiment(path)


def test_bundled_example_experiment_is_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in sorted((root / "experiments").glob("*.yaml")):
        assert load_experiment(path).parameters
