"""Scenarios: YAML validated into frozen, typed objects, with ``extends:`` and overrides."""

from ekosim.scenario.errors import OVERRIDE, Problem, ScenarioError, relabelled
from ekosim.scenario.loader import bundled_scenarios, load_scenario, raw_scenario
from ekosim.scenario.scaling import scaled
from ekosim.scenario.schema import Scenario

__all__ = [
    "OVERRIDE",
    "Problem",
    "Scenario",
    "ScenarioError",
    "bundled_scenarios",
    "load_scenario",
    "raw_scenario",
    "relabelled",
    "scaled",
]
