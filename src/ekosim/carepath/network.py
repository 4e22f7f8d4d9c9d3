"""The service network: one-door contact through a channel, then routing to services."""

from __future__ import annotations

import numpy as np

from ekosim.carepath.queue import DayOutcome, ServiceQueue
from ekosim.population import ContactBatch
from ekosim.scenario.schema import Scenario

CHANNEL_PREFIX = "channel."


class CareNetwork:
    """Channels and services, each a queue with its own daily capacity and working days.

    Order within a day: contacts arrive at a channel (phone, digital or walk-in, by the
    scenario's shares); what the channel does not resolve is routed the same day to a
    service by ``share_of_needs``. Without channels, contacts go straight to the services.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        self.scenario = scenario
        self.rng = rng
        channels = scenario.channels
        self.channel_specs = {
            name: spec
            for name in ("phone", "digital", "walk_in")
            if (spec := getattr(channels, name)) is not None
        }
        self.channel_shares = self._channel_shares()
        self.channels = {name: ServiceQueue(None) for name in self.channel_specs}
        self.services = {
            name: ServiceQueue(spec.patience_days) for name, spec in scenario.services.items()
        }
        shares = np.array([spec.share_of_needs for spec in scenario.services.values()])
        self.routing = shares / shares.sum()
        self.first_weekday = scenario.start_date.weekday()

    def step(self, day: int, contacts: ContactBatch) -> dict[str, DayOutcome]:
        """Serve one day; returns each channel's and service's outcome, keyed by flow name."""
        outcomes: dict[str, DayOutcome] = {}
        escalated = self._through_channels(day, contacts.resident, outcomes)
        target = self.rng.choice(len(self.services), size=len(escalated), p=self.routing)
        for index, (name, queue) in enumerate(self.services.items()):
            spec = self.scenario.services[name]
            capacity = spec.capacity_per_day if self._is_open(day, spec.open_days_per_week) else 0
            outcomes[name] = queue.serve_day(day, escalated[target == index], capacity, self.rng)
        return outcomes

    def _through_channels(
        self, day: int, resident: np.ndarray, outcomes: dict[str, DayOutcome]
    ) -> np.ndarray:
        if not self.channels:
            return resident
        channel = self.rng.choice(len(self.channels), size=len(resident), p=self.channel_shares)
        escalated = []
        for index, (name, queue) in enumerate(self.channels.items()):
            spec = self.channel_specs[name]
            capacity = spec.capacity_per_day if self._is_open(day, spec.open_days_per_week) else 0
            outcome = queue.serve_day(day, resident[channel == index], capacity, self.rng)
            outcomes[CHANNEL_PREFIX + name] = outcome
            resolved = self.rng.random(outcome.started) < spec.resolution_rate
            escalated.append(outcome.started_resident[~resolved])
        return np.concatenate(escalated)

    def _channel_shares(self) -> np.ndarray:
        spec = self.scenario.channels
        wanted = {
            "digital": spec.digital_share,
            "walk_in": spec.walk_in_share,
            "phone": 1.0 - spec.digital_share - spec.walk_in_share,
        }
        shares = np.array([wanted[name] for name in self.channel_specs])
        # A missing channel's share goes to the others in proportion; all zero -> equal split.
        return shares / shares.sum() if shares.sum() > 0 else np.full(len(shares), 1 / len(shares))

    def _is_open(self, day: int, open_days_per_week: int) -> bool:
        return (self.first_weekday + day) % 7 < open_days_per_week

    def waiting(self) -> int:
        return sum(len(queue) for queue in self.services.values())
