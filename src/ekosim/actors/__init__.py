"""Mesa agents for the actors that decide: region, providers (later NGOs, integrator, alliance)."""

from ekosim.actors.partners import REGION, Provider, Region

__all__ = ["REGION", "Provider", "Region"]
