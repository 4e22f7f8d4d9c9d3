"""Mesa agents for the actors that decide: region, providers, the alliance's management group."""

from ekosim.actors.alliance import JointManagementGroup
from ekosim.actors.partners import Provider
from ekosim.actors.region import REGION, Region

__all__ = ["REGION", "JointManagementGroup", "Provider", "Region"]
