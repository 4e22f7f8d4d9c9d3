"""Well-being instruments, the personal action catalogue and the virtual trial."""

from ekosim.population.actions import ACTIONS, PACKAGES, Action
from ekosim.wellbeing.instruments import FindriscResult, Who5Result, findrisc, who5

__all__ = ["ACTIONS", "PACKAGES", "Action", "FindriscResult", "Who5Result", "findrisc", "who5"]
