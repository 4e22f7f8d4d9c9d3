"""The one contact type between the population and the care paths.

``Contacts`` are parallel arrays of residents who seek care (or join a queue) on one day: who,
how urgently and for what need. The population draws them, the channels, services, NGOs,
home care and hand-offs pass them on; nothing converts them to another type on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EMPTY_INT = np.empty(0, dtype=np.int64)


@dataclass(frozen=True)
class Contacts:
    """Contacts on one day (parallel arrays)."""

    resident: np.ndarray  # int64 slot in the residents' state
    urgent: np.ndarray  # bool: needs care the same or the next day
    need: np.ndarray  # int8 need code (``ekosim.population.needs.NEEDS``)

    @classmethod
    def of(cls, resident: np.ndarray) -> Contacts:
        """Residents only: non-urgent contacts for an acute need (code 0)."""
        n = len(resident)
        return cls(resident.astype(np.int64), np.zeros(n, bool), np.zeros(n, np.int8))

    def __len__(self) -> int:
        return len(self.resident)

    def take(self, rows: np.ndarray) -> Contacts:
        """The contacts at ``rows`` (a mask or indices)."""
        return Contacts(self.resident[rows], self.urgent[rows], self.need[rows])

    def part(self, start: int, stop: int | None) -> Contacts:
        """Contacts ``start:stop`` in order (views, not copies)."""
        return Contacts(self.resident[start:stop], self.urgent[start:stop], self.need[start:stop])

    def split(self, labels: np.ndarray, count: int) -> list[Contacts]:
        """The contacts labelled 0, 1, ..., ``count - 1`` (``labels``: one per contact, in
        that range), each group in its order: ``[self.take(labels == k) for k in ...]`` in
        one stable sort (NumPy's radix sort of 16-bit labels) instead of ``count`` masks."""
        small = count <= np.iinfo(np.int16).max
        order = np.argsort(labels.astype(np.int16) if small else labels, kind="stable")
        bounds = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(labels, minlength=count), out=bounds[1:])
        ordered = self.take(order)
        return [ordered.part(bounds[k], bounds[k + 1]) for k in range(count)]

    @staticmethod
    def join(parts: list[Contacts]) -> Contacts:
        if not parts:
            return Contacts.of(EMPTY_INT)
        return Contacts(
            np.concatenate([p.resident for p in parts]),
            np.concatenate([p.urgent for p in parts]),
            np.concatenate([p.need for p in parts]),
        )
