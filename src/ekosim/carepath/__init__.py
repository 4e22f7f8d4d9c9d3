"""Care paths: contact channels, needs assessment and routing through the service network,
capacity and queues, home care and safe transitions, continuity of care."""

from ekosim.carepath.continuity import Continuity
from ekosim.carepath.homecare import HomeCare
from ekosim.carepath.network import CHANNEL_PREFIX, CareNetwork
from ekosim.carepath.queue import DayOutcome, ServiceQueue

__all__ = [
    "CHANNEL_PREFIX",
    "CareNetwork",
    "Continuity",
    "DayOutcome",
    "HomeCare",
    "ServiceQueue",
]
