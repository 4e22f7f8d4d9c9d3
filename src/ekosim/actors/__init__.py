"""Mesa agents for the actors that decide: region, providers, the alliance's management group,
NGOs and the service integrator."""

from ekosim.actors.alliance import JointManagementGroup
from ekosim.actors.integrator import ROUTING_RULES, Integrator
from ekosim.actors.ngo import NGO_PREFIX, Ngo
from ekosim.actors.partners import Provider
from ekosim.actors.region import REGION, Region

__all__ = [
    "NGO_PREFIX",
    "REGION",
    "ROUTING_RULES",
    "Integrator",
    "JointManagementGroup",
    "Ngo",
    "Provider",
    "Region",
]
