"""A service queue kept as arrays: who waits, since which day, how urgently, for what need."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim import kernels
from ekosim.contacts import EMPTY_INT, Contacts

_NO_NUMBERS = np.empty(0, dtype=np.float64)  # no one can give up today


@dataclass(frozen=True)
class DayOutcome:
    """What one service did on one day (one row of the flows frame), and who it served."""

    arrivals: int
    started: int
    abandoned: int
    queue_end: int
    served: Contacts  # the contacts started today
    started_wait_days: np.ndarray  # int32: days waited by each contact started today
    capacity: int = 0
    # Services with appointment books (carepath.booking) also say, for each started contact,
    # whether a doctor saw it, whether its path goes on to another profession, and its days
    # from first contact (None elsewhere: then no doctor, no path onward, the days waited).
    doctor: np.ndarray | None = None
    onward: np.ndarray | None = None
    contact_wait_days: np.ndarray | None = None

    @property
    def waits_from_contact(self) -> np.ndarray:
        """Days from first contact to each visit started today."""
        return self.started_wait_days if self.contact_wait_days is None else self.contact_wait_days

    @property
    def started_resident(self) -> np.ndarray:
        return self.served.resident

    @property
    def mean_wait_days(self) -> float:
        # The integer sum over the count: exactly numpy's mean, without its overhead.
        return int(self.started_wait_days.sum()) / self.started if self.started else 0.0


class ServiceQueue:
    """Contacts waiting for one service: urgent ones first, FIFO within urgency.

    Order within a day: waiting contacts may abandon (new arrivals have not waited yet;
    urgent contacts do not abandon), then today's arrivals join, then up to today's capacity
    start. So ``queue_end = queue_start + arrivals - started - abandoned``.

    A started contact's ``started_wait_days`` are the nights it spent in this queue during the
    run, one for each night it counted in ``queue_end`` (so Little's law holds over the run's
    flows); a contact of an initial waiting list (``preload``) also waited before day 0: its
    ``contact_wait_days`` (the access KPIs) run from its first contact.
    """

    def __init__(self, patience_days: float | None) -> None:
        self.waiting = Contacts.of(EMPTY_INT)
        self.arrival_day = np.empty(0, dtype=np.int32)
        self.abandon_probability = (
            0.0 if patience_days is None else 1.0 - np.exp(-1.0 / patience_days)
        )
        # Who abandoned on the last day served, and since which day they had waited (care
        # not given: ``carepath.unmet`` carries its consequences).
        self.left = Contacts.of(EMPTY_INT)
        self.left_arrival_day = np.empty(0, dtype=np.int32)
        self.preloaded = False  # whether contacts who arrived before day 0 still wait

    def __len__(self) -> int:
        return len(self.waiting)

    def preload(self, waiting: Contacts, arrival_day: np.ndarray) -> None:
        """Start from an existing waiting list (arrival days before day 0 are negative)."""
        order = np.argsort(arrival_day, kind="stable")
        self.waiting = waiting.take(order)
        self.arrival_day = arrival_day[order].astype(np.int32)
        self.preloaded = bool((self.arrival_day < 0).any())

    def serve_day(
        self, day: int, arrivals: Contacts, capacity: int, rng: np.random.Generator
    ) -> DayOutcome:
        abandoned = self._abandon(rng)
        joined, arrival_day = self._join(day, arrivals)
        if joined.urgent.any():  # urgent first; a stable sort keeps FIFO within each class
            order = np.argsort(~joined.urgent, kind="stable")
            joined, arrival_day = joined.take(order), arrival_day[order]
        return self._start(day, len(arrivals), joined, arrival_day, capacity, abandoned)

    def _start(
        self,
        day: int,
        arrivals: int,
        joined: Contacts,
        arrival_day: np.ndarray,
        capacity: int,
        abandoned: int,
    ) -> DayOutcome:
        """Start up to ``capacity`` of the ``joined`` queue (in its serving order); the rest
        wait on."""
        started = min(capacity, len(joined))
        self.waiting, self.arrival_day = joined.part(started, None), arrival_day[started:]
        waits, from_contact = day - arrival_day[:started], None
        if self.preloaded:  # the days before day 0 count from first contact, not in the run
            from_contact, waits = waits, day - np.maximum(arrival_day[:started], 0)
            self.preloaded = bool((self.arrival_day < 0).any())
        return DayOutcome(
            arrivals=arrivals,
            started=started,
            abandoned=abandoned,
            queue_end=len(self.waiting),
            served=joined.part(0, started),
            started_wait_days=waits,
            capacity=capacity,
            contact_wait_days=from_contact,
        )

    def _join(self, day: int, arrivals: Contacts) -> tuple[Contacts, np.ndarray]:
        """The queue with today's arrivals behind it, and each contact's arrival day (most
        days one of the two is empty: no copy then)."""
        today = np.full(len(arrivals), day, dtype=np.int32)
        if not len(self.waiting):
            return arrivals, today
        if not len(arrivals):
            return self.waiting, self.arrival_day
        return Contacts.join([self.waiting, arrivals]), np.concatenate([self.arrival_day, today])

    def days_to_nth_free_slot(self, n: int, capacity_per_open_day: float) -> float:
        """Open days until the ``n``-th free non-urgent slot (T3 for n = 3)."""
        if capacity_per_open_day <= 0:
            return float("inf")
        return float(np.ceil((len(self) + n) / capacity_per_open_day))

    def _abandon(self, rng: np.random.Generator) -> int:
        if not self._anyone_may_leave():
            return self._no_one_left()
        leaves = (rng.random(len(self)) < self.abandon_probability) & ~self.waiting.urgent
        abandoned = self._record_left(leaves)
        self.waiting, self.arrival_day = self.waiting.take(~leaves), self.arrival_day[~leaves]
        return abandoned

    def _anyone_may_leave(self) -> bool:
        """Whether today's abandonment draws a number for each waiting contact."""
        return self.abandon_probability != 0.0 and len(self) > 0

    def _record_left(self, leaves: np.ndarray) -> int:
        """Keep who of the waiting gave up today (``leaves``, a mask); their count."""
        self.left, self.left_arrival_day = self.waiting.take(leaves), self.arrival_day[leaves]
        return len(self.left)

    def _no_one_left(self) -> int:
        if len(self.left):
            self.left, self.left_arrival_day = Contacts.of(EMPTY_INT), self.arrival_day[:0]
        return 0


class CompiledQueue(ServiceQueue):
    """A ServiceQueue whose day's abandonment, joining and urgent-first order are one kernel
    call (``ekosim.kernels.queue``): the same numbers drawn, the same order and the same
    results as ``ServiceQueue``, its oracle, for contacts of ``Contacts``' dtypes (int64
    residents, int8 needs; the kernel's arrays have them)."""

    def __init__(self, patience_days: float | None) -> None:
        super().__init__(patience_days)
        self.kernel = kernels.load("queue.serve_day")

    def serve_day(
        self, day: int, arrivals: Contacts, capacity: int, rng: np.random.Generator
    ) -> DayOutcome:
        waiting = self.waiting
        draws = self._anyone_may_leave()
        numbers = rng.random(len(waiting)) if draws else _NO_NUMBERS
        resident, urgent, need, arrival_day, leaves = self.kernel(
            day,
            waiting.resident,
            waiting.urgent,
            waiting.need,
            self.arrival_day,
            arrivals.resident,
            arrivals.urgent,
            arrivals.need,
            numbers,
            self.abandon_probability,
        )
        abandoned = self._record_left(leaves) if draws else self._no_one_left()
        joined = Contacts(resident, urgent, need)
        return self._start(day, len(arrivals), joined, arrival_day, capacity, abandoned)
