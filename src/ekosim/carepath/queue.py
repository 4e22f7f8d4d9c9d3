"""A FIFO service queue kept as arrays: who waits, since which day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DayOutcome:
    """What one service did on one day (one row of the flows frame)."""

    arrivals: int
    started: int
    abandoned: int
    queue_end: int
    started_resident: np.ndarray  # int64
    started_wait_days: np.ndarray  # int32: days waited by each contact started today

    @property
    def mean_wait_days(self) -> float:
        return float(self.started_wait_days.mean()) if self.started else 0.0


class ServiceQueue:
    """Contacts waiting for one service, oldest first.

    Order within a day: waiting contacts may abandon (new arrivals have not waited yet), then
    today's arrivals join the end, then up to today's capacity start from the front.
    So ``queue_end = queue_start + arrivals - started - abandoned``.
    """

    def __init__(self, patience_days: float | None) -> None:
        self.resident = np.empty(0, dtype=np.int64)
        self.arrival_day = np.empty(0, dtype=np.int32)
        self.abandon_probability = (
            0.0 if patience_days is None else 1.0 - np.exp(-1.0 / patience_days)
        )

    def __len__(self) -> int:
        return len(self.resident)

    def serve_day(
        self, day: int, arrivals: np.ndarray, capacity: int, rng: np.random.Generator
    ) -> DayOutcome:
        abandoned = self._abandon(rng)
        self.resident = np.concatenate([self.resident, arrivals.astype(np.int64)])
        self.arrival_day = np.concatenate(
            [self.arrival_day, np.full(len(arrivals), day, dtype=np.int32)]
        )
        started = min(capacity, len(self.resident))
        started_resident, self.resident = self.resident[:started], self.resident[started:]
        waits, self.arrival_day = day - self.arrival_day[:started], self.arrival_day[started:]
        return DayOutcome(
            arrivals=len(arrivals),
            started=started,
            abandoned=abandoned,
            queue_end=len(self.resident),
            started_resident=started_resident,
            started_wait_days=waits,
        )

    def _abandon(self, rng: np.random.Generator) -> int:
        if self.abandon_probability == 0.0 or not len(self.resident):
            return 0
        stays = rng.random(len(self.resident)) >= self.abandon_probability
        self.resident, self.arrival_day = self.resident[stays], self.arrival_day[stays]
        return int((~stays).sum())
