"""ekosim: simulation and serious-game engine for well-being and social/health-care ecosystems.

>>> import ekosim
>>> results = ekosim.run("tesoma-alliance", seed=1, years=1)  # doctest: +SKIP
"""

from ekosim.model import EcosystemModel, run
from ekosim.results import Results
from ekosim.scenario import Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"
__all__ = ["EcosystemModel", "Results", "Scenario", "ScenarioError", "load_scenario", "run"]
