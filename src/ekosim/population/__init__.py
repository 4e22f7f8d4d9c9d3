"""Residents as arrays: synthesis, health and well-being dynamics, care needs."""

from ekosim.population.dynamics import Events, Population
from ekosim.population.needs import NEEDS
from ekosim.population.residents import Residents

__all__ = ["NEEDS", "Events", "Population", "Residents"]
