"""ekosim: simulation and serious-game engine for well-being and social/health-care ecosystems.

>>> import ekosim
>>> results = ekosim.run("tesoma-alliance", seed=1, years=1)  # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from ekosim.scenario import Scenario, ScenarioError, load_scenario

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel, profile, run
    from ekosim.results import Results, load_results

__version__ = "0.1.0"
_LAZY = {
    "EcosystemModel": "ekosim.model",
    "run": "ekosim.model",
    "profile": "ekosim.model",
    "Results": "ekosim.results",
    "load_results": "ekosim.results",
}


def __getattr__(name: str) -> Any:
    """The model and results load on first use (Mesa, pandas): scenario-only work stays quick."""
    if name not in _LAZY:
        raise AttributeError(f"module 'ekosim' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = [
    "EcosystemModel",
    "Results",
    "Scenario",
    "ScenarioError",
    "load_results",
    "load_scenario",
    "profile",
    "run",
]
