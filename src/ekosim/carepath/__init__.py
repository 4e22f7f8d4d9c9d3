"""Care paths: contact channels, routing through the service network, capacity and queues."""

from ekosim.carepath.network import CHANNEL_PREFIX, CareNetwork
from ekosim.carepath.queue import DayOutcome, ServiceQueue

__all__ = ["CHANNEL_PREFIX", "CareNetwork", "DayOutcome", "ServiceQueue"]
