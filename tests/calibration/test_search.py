"""Calibration specs and the Optuna search on common random numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import optuna
import pytest

from ekosim.calibration import search
from ekosim.calibration.measure import measure
from ekosim.calibration.search import Objective, _pruner, calibrate, study_name
from ekosim.calibration.spec import load_spec
from ekosim.scenario import ScenarioError, load_scenario


def spec_problems(path: Path, old: str, new: str) -> list[str]:
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(ScenarioError) as raised:
        load_spec(path)
    return [str(problem) for problem in raised.value.problems]


def test_the_bundled_specs_load() -> None:
    spec = load_spec("calibration/tesoma.yaml")
    assert set(spec.targets) == {
        "primary_care_contacts",
        "remote_share",
        "within_14_days",
        "doctor_within_14_days",
    }
    assert spec.population_scale() == pytest.approx(5000 / 23000)
    county = load_spec("calibration/pirkanmaa.yaml")
    assert county.scenario_at({}).name == "pirkanmaa"
    assert set(county.parameters) == {"home_care.function_threshold", "home_care.take_up_share"}


def test_the_first_trial_is_the_base_scenario_unscaled(tiny_spec: Path) -> None:
    # Ranges are in the scenario's own units: a staff level of 23,000 residents' area is
    # enqueued as it stands, not as the 1,000 residents' share a trial runs.
    tiny_spec.write_text(
        tiny_spec.read_text().replace(
            "parameters:\n",
            "parameters:\n  providers.mehilainen.staff.doctor.posts: {low: 8.0, high: 16.5}\n",
        )
    )
    base = load_scenario("tesoma-base")
    assert search._current_values(load_spec(tiny_spec)) == {
        "demand.contacts_per_resident_year": base.demand.contacts_per_resident_year,
        "channels.digital.resolution_rate": base.channels.digital.resolution_rate,
        "providers.mehilainen.staff.doctor.posts": base.providers["mehilainen"]
        .staff["doctor"]
        .posts,
    }


def test_a_parameter_must_name_a_scenario_field(tiny_spec: Path) -> None:
    (problem,) = spec_problems(tiny_spec, "channels.digital.resolution_rate", "channels.nope")
    assert problem.startswith(f"{tiny_spec}:5: parameters.channels.nope: ")


def test_a_validation_target_cannot_be_fitted(tiny_spec: Path) -> None:
    found = spec_problems(tiny_spec, "remote_share: {weight: 2}", "t3: {weight: 2}\n  nope: {}")
    assert found == [
        f"{tiny_spec}:8: targets.t3: is a validation target (role: validate); it never enters "
        "an objective",
        f"{tiny_spec}:9: targets.nope: no such target in {tiny_spec.parent / 'targets.yaml'}",
    ]


def test_schema_problems_have_lines(tiny_spec: Path) -> None:
    found = spec_problems(tiny_spec, "replications: 1", "replications: 0\nsampler: grid")
    assert any(p.startswith(f"{tiny_spec}:12: replications: ") for p in found)
    assert any(p.startswith(f"{tiny_spec}:13: sampler: ") for p in found)


def test_trials_meet_the_same_random_numbers(tiny_spec: Path) -> None:
    objective = Objective(load_spec(tiny_spec))
    values = {"demand.contacts_per_resident_year": 5.0, "channels.digital.resolution_rate": 0.5}
    first = objective(optuna.trial.FixedTrial(values))
    assert objective(optuna.trial.FixedTrial(values)) == first
    other = objective(optuna.trial.FixedTrial({**values, "demand.contacts_per_resident_year": 6}))
    assert other != first


def test_validation_targets_never_enter_the_objective(tiny_spec: Path) -> None:
    """Changing a validation target's value leaves every trial's distance as it was; changing
    a fitted one does not."""
    first = calibrate(tiny_spec, trials=2)
    start = first.trials.iloc[0]  # the scenario's own values come first
    base = load_scenario("tesoma-base")
    assert start["demand.contacts_per_resident_year"] == base.demand.contacts_per_resident_year
    assert start["channels.digital.resolution_rate"] == base.channels.digital.resolution_rate
    targets = tiny_spec.parent / "targets.yaml"
    text = targets.read_text()
    targets.write_text(text.replace("value: 1334", "value: 99"))
    name = study_name(load_spec(tiny_spec))
    again = calibrate(tiny_spec, trials=2)
    assert again.trials["distance"].tolist() == first.trials["distance"].tolist()
    assert study_name(load_spec(tiny_spec)) == name
    targets.write_text(text.replace("value: 0.32\n", "value: 0.4\n", 1))
    moved = calibrate(tiny_spec, trials=2)
    assert moved.trials["distance"].tolist() != first.trials["distance"].tolist()
    assert first.best_distance == min(first.trials["distance"])
    assert set(first.best_params) == set(load_spec(tiny_spec).parameters)
    assert {"model.primary_care_contacts", "model.remote_share"} <= set(first.trials.columns)


def test_a_trial_worse_than_the_median_after_its_first_replication_is_pruned(
    tiny_spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny_spec.write_text(tiny_spec.read_text().replace("replications: 1", "replications: 2"))
    spec = load_spec(tiny_spec)
    study = optuna.create_study(pruner=_pruner())
    distributions = {
        path: optuna.distributions.FloatDistribution(p.low, p.high)
        for path, p in spec.parameters.items()
    }
    for number in range(5):  # five complete trials, each on target after one replication
        study.add_trial(
            optuna.trial.create_trial(
                params={"demand.contacts_per_resident_year": 5.0 + number / 10,
                        "channels.digital.resolution_rate": 0.5},
                distributions=distributions,
                value=0.0,
                intermediate_values={0: 0.0},
            )
        )  # fmt: skip
    study.enqueue_trial(
        {"demand.contacts_per_resident_year": 6.5, "channels.digital.resolution_rate": 0.3}
    )
    runs: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> dict[str, float]:
        runs.append(kwargs["replication"])
        return measure(*args, **kwargs)

    monkeypatch.setattr(search, "measure", counted)
    study.optimize(Objective(spec), n_trials=1)
    last = study.trials[-1]
    assert last.state == optuna.trial.TrialState.PRUNED
    assert runs == [0]  # the second replication never ran
    assert last.intermediate_values[0] > 0


def test_cma_es_searches_continuous_parameters(tiny_spec: Path) -> None:
    tiny_spec.write_text(tiny_spec.read_text() + "sampler: cmaes\n")
    result = calibrate(tiny_spec, trials=3)
    assert result.trials["state"].tolist() == ["complete"] * 3
    assert result.trials["demand.contacts_per_resident_year"].nunique() == 3
    assert isinstance(result.study.sampler, optuna.samplers.CmaEsSampler)


def test_cma_es_needs_ranges(tiny_spec: Path) -> None:
    tiny_spec.write_text(tiny_spec.read_text() + "sampler: cmaes\n")
    found = spec_problems(tiny_spec, "{low: 4.5, high: 6.5}", "{values: [5.0, 5.5]}")
    assert found == [
        f"{tiny_spec}:13: sampler: CMA-ES needs ranges (low, high) for every parameter "
        "(got 'cmaes')"
    ]
