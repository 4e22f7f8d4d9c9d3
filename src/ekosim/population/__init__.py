"""Residents as arrays: synthesis, health and well-being dynamics, care needs."""

from ekosim.population.dynamics import ContactBatch, Population
from ekosim.population.residents import Residents

__all__ = ["ContactBatch", "Population", "Residents"]
