"""Appointment books: each profession of a service has its own daily slots, booked ahead.

A service with ``booking`` (``scenario.schema.BookingSpec``) keeps one ``Book`` per profession
(doctors, nurses, ...). The needs assessment draws each contact's path (a profession, or
professions in sequence such as nurse then doctor). Within a day, for each book:

1. days up to the booking horizon are opened: the working day's slots are drawn so that their
   mean is exactly the staffed mean (the fractional part is one more slot with that chance;
   fewer in the summer weeks of staff leave), a share of them kept for urgent contacts;
2. waiting non-urgent contacts may leave (patience, as a service queue) and booked ones whose
   cancellation falls today cancel: their slots are free again;
3. urgent contacts start today from the reserved slots, then from today's free slots; those
   left start first on the next working day, and those left then are booked into the first
   free slots (so urgent care never piles up without end);
4. contacts waiting unbooked (past the horizon) and then today's non-urgent arrivals are booked,
   in arrival order, into the first free slot from today on;
5. the appointments of today start, less the no-shows (their slots are lost).

A contact whose path goes on is booked at its visit into the next profession's book from the
next day on; its wait there runs from that visit (the flows' waits, per book), its
contact-to-visit wait (the access KPIs) from its first contact.

A book with one profession, no urgent share, no no-shows or cancellations and a whole number
of slots a day serves contacts exactly in the order and on the days a first-in-first-out queue
would (``carepath.queue.ServiceQueue``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ekosim.carepath.queue import DayOutcome
from ekosim.contacts import EMPTY_INT, Contacts
from ekosim.population.needs import NEEDS
from ekosim.scenario.schema import SUMMER_WEEKS, BookingSpec, ServiceSpec
from ekosim.streams import RandomStreams

SUMMER = range(26, 26 + SUMMER_WEEKS)  # ISO weeks of the summer leave

PATH_SEPARATOR = ">"
GROW_DAYS = 400  # the books' day arrays grow by this many days at a time
EMPTY_I32 = np.empty(0, dtype=np.int32)


def whole(mean: float, rng: np.random.Generator) -> int:
    """An integer whose mean is exactly ``mean``: its whole part, plus one with the chance of its
    fractional part (no draw for a whole number)."""
    base = int(np.floor(mean))
    fraction = mean - base
    return base + int(fraction > 0.0 and rng.random() < fraction)


@dataclass(frozen=True)
class Entries:
    """Contacts in a service's books: who, since which day (their first contact), on which
    path (index into the service's paths) and at which step of it."""

    contacts: Contacts
    since: np.ndarray  # int32 day of the first contact
    joined: np.ndarray  # int32 day it joined this book
    path: np.ndarray  # int16
    step: np.ndarray  # int8

    @classmethod
    def empty(cls) -> Entries:
        return cls(
            Contacts.of(EMPTY_INT),
            EMPTY_I32,
            EMPTY_I32,
            np.empty(0, np.int16),
            np.empty(0, np.int8),
        )

    def __len__(self) -> int:
        return len(self.since)

    def take(self, rows: np.ndarray) -> Entries:
        return Entries(
            self.contacts.take(rows),
            self.since[rows],
            self.joined[rows],
            self.path[rows],
            self.step[rows],
        )

    def next_step(self, day: int) -> Entries:
        """These contacts at the next step of their paths, joining its book on ``day``."""
        joined = np.full(len(self), day, np.int32)
        step = (self.step + 1).astype(np.int8)
        return Entries(self.contacts, self.since, joined, self.path, step)

    @staticmethod
    def join(parts: list[Entries]) -> Entries:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Entries.empty()
        if len(parts) == 1:
            return parts[0]
        return Entries(
            Contacts.join([p.contacts for p in parts]),
            np.concatenate([p.since for p in parts]),
            np.concatenate([p.joined for p in parts]),
            np.concatenate([p.path for p in parts]),
            np.concatenate([p.step for p in parts]),
        )


@dataclass(frozen=True)
class BookDay:
    """What one book did on one day."""

    served: Entries
    left: int  # waiting contacts who left, cancelled or did not turn up
    slots: int  # the day's slots (urgent and non-urgent)
    gave_up: Contacts  # of those, who left waiting or did not turn up (care not given)


class Book:
    """One profession's appointment book: slots a day, the bookings, the unbooked and urgent
    waiting lists."""

    def __init__(
        self,
        booking: BookingSpec,
        patience_days: float | None,
        open_days_per_week: int,
        first_weekday: int,
        start_date: dt.date | None = None,
        summer_leave_weeks: float = 0.0,
    ) -> None:
        self.horizon = booking.horizon_days
        self.start_date = start_date
        self.summer_factor = 1.0 - summer_leave_weeks / SUMMER_WEEKS
        self.urgent_share = booking.urgent_share
        self.no_show_rate = booking.no_show_rate
        self.cancellation_rate = booking.cancellation_rate
        self.leave_chance = 0.0 if patience_days is None else 1.0 - np.exp(-1.0 / patience_days)
        self.open_days_per_week = open_days_per_week
        self.first_weekday = first_weekday
        self.slots = np.zeros(GROW_DAYS, np.int32)  # non-urgent slots by day
        self.urgent_slots = np.zeros(GROW_DAYS, np.int32)
        self.used = np.zeros(GROW_DAYS, np.int32)  # non-urgent slots booked by day
        self.opened = 0  # days [0, opened) have their slots
        self.mean_slots = 0.0  # slots a working day, as last opened
        self._start_lists()

    def _start_lists(self) -> None:
        self.booked = Entries.empty()
        self.day = EMPTY_I32  # appointment day of each booking
        self.cancel = EMPTY_I32  # day each booking is cancelled, -1 = never
        self.unbooked = Entries.empty()  # past the horizon, in arrival order
        self.urgent = Entries.empty()

    def __len__(self) -> int:
        return len(self.booked) + len(self.unbooked) + len(self.urgent)

    def unbooked_count(self) -> int:
        """Contacts waiting past the horizon, unbooked."""
        return len(self.unbooked)

    def is_open(self, day: int) -> bool:
        return (self.first_weekday + day) % 7 < self.open_days_per_week

    def open_until(self, last_day: int, mean_slots: float, rng: np.random.Generator) -> None:
        """Give the working days up to ``last_day`` their slots (``mean_slots`` on average)."""
        self.mean_slots = mean_slots
        while last_day >= len(self.slots):
            for name in ("slots", "urgent_slots", "used"):
                array = getattr(self, name)
                setattr(self, name, np.concatenate([array, np.zeros(GROW_DAYS, np.int32)]))
        for day in range(self.opened, last_day + 1):
            if self.is_open(day):
                total = whole(mean_slots * self._leave_factor(day), rng)
                urgent = min(whole(total * self.urgent_share, rng), total)
                self.slots[day], self.urgent_slots[day] = total - urgent, urgent
        self.opened = max(self.opened, last_day + 1)

    def _leave_factor(self, day: int) -> float:
        """Share of the staff at work on ``day`` after summer leave."""
        if self.summer_factor == 1.0 or self.start_date is None:
            return 1.0
        week = (self.start_date + dt.timedelta(days=day)).isocalendar().week
        return self.summer_factor if week in SUMMER else 1.0

    def serve_day(
        self,
        day: int,
        arrivals: Entries,
        mean_slots: float,
        rng: np.random.Generator,
        slot_rng: np.random.Generator | None = None,
    ) -> BookDay:
        """One day of the book: ``slot_rng`` (default ``rng``) draws the whole slots of the
        days it opens, ``rng`` the rest (who gives up, cancels, does not turn up, when)."""
        self.open_until(day + self.horizon - 1, mean_slots, slot_rng or rng)
        return self._serve(day, arrivals, int(self.slots[day] + self.urgent_slots[day]), rng)

    def _serve(self, day: int, arrivals: Entries, slots: int, rng: np.random.Generator) -> BookDay:
        """The day's work once its slots are open (``slots``: urgent and non-urgent)."""
        left, gave_up = self._leave(day, rng)
        is_urgent = arrivals.contacts.urgent
        urgent_served = self._serve_urgent(day, arrivals.take(is_urgent), rng)
        self._book(day, Entries.join([self.unbooked, arrivals.take(~is_urgent)]), rng)
        due = self.day == day
        appointments = self.booked.take(due)
        self.booked, self.day, self.cancel = (
            self.booked.take(~due),
            self.day[~due],
            self.cancel[~due],
        )
        shows = rng.random(len(appointments)) >= self.no_show_rate if self.no_show_rate else None
        if shows is not None:
            left += len(shows) - int(np.count_nonzero(shows))
            gave_up = Contacts.join([gave_up, appointments.take(~shows).contacts])
            appointments = appointments.take(shows)
        return BookDay(Entries.join([urgent_served, appointments]), left, slots, gave_up)

    def book_from(self, first: int, entries: Entries, rng: np.random.Generator) -> None:
        """Book contacts sent on from another profession today into slots from ``first`` on
        (urgent ones start first on the next working day)."""
        urgent = entries.contacts.urgent
        self.urgent = Entries.join([self.urgent, entries.take(urgent)])
        if (~urgent).any():
            self._book(first, Entries.join([self.unbooked, entries.take(~urgent)]), rng)

    def days_ahead(self, day: int, n: int) -> np.ndarray:
        """Calendar days from ``day`` to the slots the next ``n`` non-urgent bookings would
        take, behind those waiting unbooked, as the book stands (``inf`` past its horizon)."""
        free = np.maximum(self.slots[day : self.opened] - self.used[day : self.opened], 0)
        wanted = self.unbooked_count() + np.arange(1, n + 1)
        index = np.searchsorted(np.cumsum(free), wanted).astype(float)
        index[index >= len(free)] = np.inf
        return index

    def t3_days(self, day: int) -> float:
        """Calendar days from ``day`` to the third free non-urgent slot after it, in the book as
        staffed; past the horizon, the unbooked list ahead is served at the mean slots of a
        working day (at most ten years, so means stay finite)."""
        start, stop = day + 1, self.opened
        free = np.maximum(self.slots[start:stop] - self.used[start:stop], 0)
        cumulative = np.cumsum(free)
        found = np.searchsorted(cumulative, 3)
        if found < len(cumulative):
            return float(found + 1)
        non_urgent = self.mean_slots * (1.0 - self.urgent_share)
        if non_urgent <= 0:
            return 3650.0
        rest = self.unbooked_count() + 3 - (int(cumulative[-1]) if len(cumulative) else 0)
        beyond = np.ceil(rest / non_urgent) * 7 / self.open_days_per_week
        return float(min(stop - start + beyond, 3650.0))

    def _leave(self, day: int, rng: np.random.Generator) -> tuple[int, Contacts]:
        """Waiting non-urgent contacts who leave today (patience) or cancel: their slots free.
        Returns how many, and who of them left out of patience (a cancellation frees a slot
        its resident no longer needs: not care given up)."""
        cancelled = self.cancel == day
        if self.leave_chance and len(self.booked):
            cancelled |= rng.random(len(self.booked)) < self.leave_chance
        left = int(np.count_nonzero(cancelled))
        gave_up = Contacts.of(EMPTY_INT)
        if left:
            np.subtract.at(self.used, self.day[cancelled], 1)
            keep = ~cancelled
            self.booked, self.day, self.cancel = (
                self.booked.take(keep),
                self.day[keep],
                self.cancel[keep],
            )
        if self.leave_chance and len(self.unbooked):
            stays = rng.random(len(self.unbooked)) >= self.leave_chance
            left += len(stays) - int(np.count_nonzero(stays))
            gave_up = self.unbooked.take(~stays).contacts
            self.unbooked = self.unbooked.take(stays)
        return left, gave_up

    def _serve_urgent(self, day: int, arrivals: Entries, rng: np.random.Generator) -> Entries:
        """Urgent contacts (those waiting since an earlier day first) started today."""
        waiting = Entries.join([self.urgent, arrivals])
        if not self.is_open(day) or not len(waiting):
            self.urgent = waiting
            return Entries.empty()
        reserved = int(self.urgent_slots[day])
        free = int(self.slots[day] - self.used[day])
        started = min(len(waiting), reserved + free)
        taken_free = max(started - reserved, 0)
        self.urgent_slots[day] = reserved - (started - taken_free)
        self.used[day] += taken_free
        rest = waiting.take(np.arange(started, len(waiting)))
        # Those who waited since an earlier working day are booked into the first free slots
        # (ahead of today's non-urgent bookings): urgent care never piles up without end.
        overdue = rest.joined < day
        self._book(day + 1, Entries.join([self.unbooked, rest.take(overdue)]), rng)
        self.urgent = rest.take(~overdue)
        return waiting.take(np.arange(started))

    def _book(self, day: int, entries: Entries, rng: np.random.Generator) -> None:
        """Book ``entries`` in order into the first free slots from ``day`` on; those past the
        horizon wait unbooked."""
        if not len(entries):
            self.unbooked = entries
            return
        free = np.maximum(self.slots[day : self.opened] - self.used[day : self.opened], 0)
        cumulative = np.cumsum(free)
        index = np.searchsorted(cumulative, np.arange(1, len(entries) + 1))
        fits = index < len(cumulative)
        days = (day + index[fits]).astype(np.int32)
        np.add.at(self.used, days, 1)
        cancel = np.full(len(days), -1, np.int32)
        if self.cancellation_rate and len(days):
            cancels = rng.random(len(days)) < self.cancellation_rate
            # a cancellation comes on a day between tomorrow and the appointment's day
            ahead = np.maximum(days - day, 1)
            when = day + 1 + np.floor(rng.random(len(days)) * ahead).astype(np.int32)
            cancel = np.where(cancels & (days > day), np.minimum(when, days), -1).astype(np.int32)
        self.booked = Entries.join([self.booked, entries.take(fits)])
        self.day = np.concatenate([self.day, days])
        self.cancel = np.concatenate([self.cancel, cancel])
        self.unbooked = entries.take(~fits)


class CompiledBook(Book):
    """A Book whose lists stay packed, one int64 row per entry (``ekosim.kernels.booking``),
    and whose day is one kernel call: the same bookings, draws and results as ``Book``, its
    oracle. ``booked``, ``unbooked``, ``urgent``, ``day`` and ``cancel`` read as in Book."""

    def _start_lists(self) -> None:
        from ekosim.kernels import booking as kernel

        self.kernel = kernel
        empty = np.empty((0, len(kernel.COLUMNS)), np.int64)
        self.packed_booked = self.packed_unbooked = self.packed_urgent = empty

    def __len__(self) -> int:
        return len(self.packed_booked) + len(self.packed_unbooked) + len(self.packed_urgent)

    def unbooked_count(self) -> int:
        return len(self.packed_unbooked)

    @property
    def booked(self) -> Entries:  # type: ignore[override]
        return unpacked(self.packed_booked)

    @property
    def unbooked(self) -> Entries:  # type: ignore[override]
        return unpacked(self.packed_unbooked)

    @property
    def urgent(self) -> Entries:  # type: ignore[override]
        return unpacked(self.packed_urgent)

    @property
    def day(self) -> np.ndarray:  # type: ignore[override]
        return self.packed_booked[:, self.kernel.DAY].astype(np.int32)

    @property
    def cancel(self) -> np.ndarray:  # type: ignore[override]
        return self.packed_booked[:, self.kernel.CANCEL].astype(np.int32)

    def _serve(self, day: int, arrivals: Entries, slots: int, rng: np.random.Generator) -> BookDay:
        booked, unbooked, urgent, served, gave_up, left = self.kernel.serve_day(
            day,
            self.is_open(day),
            packed(arrivals),
            self.packed_booked,
            self.packed_unbooked,
            self.packed_urgent,
            self.slots,
            self.urgent_slots,
            self.used,
            self.opened,
            self.leave_chance,
            self.cancellation_rate,
            self.no_show_rate,
            rng,
        )
        self.packed_booked, self.packed_unbooked, self.packed_urgent = booked, unbooked, urgent
        return BookDay(unpacked(served), left, slots, unpacked(gave_up).contacts)

    def book_from(self, first: int, entries: Entries, rng: np.random.Generator) -> None:
        rows = packed(entries)
        urgent = entries.contacts.urgent
        self.packed_urgent = np.concatenate([self.packed_urgent, rows[urgent]])
        if (~urgent).any():
            self._book_rows(first, np.concatenate([self.packed_unbooked, rows[~urgent]]), rng)

    def _book(self, day: int, entries: Entries, rng: np.random.Generator) -> None:
        self._book_rows(day, packed(entries), rng)

    def _book_rows(self, day: int, rows: np.ndarray, rng: np.random.Generator) -> None:
        self.packed_booked, self.packed_unbooked = self.kernel.book(
            day,
            rows,
            self.packed_booked,
            self.slots,
            self.used,
            self.opened,
            self.cancellation_rate,
            rng,
        )


def packed(
    entries: Entries, day: np.ndarray | None = None, cancel: np.ndarray | None = None
) -> np.ndarray:
    """Entries as one int64 row each (``ekosim.kernels.booking.COLUMNS``); the appointment
    day and cancellation columns are -1 where not given. (Column by column, written out: a
    loop over the columns took four times as long on a day's few entries. The columns are
    numbered here, not read from the kernel module, which would import numba for the Python
    engine; tests/kernels/test_booking.py checks they are the kernel's.)"""
    contacts = entries.contacts
    rows = np.empty((len(entries), 9), dtype=np.int64)
    rows[:, 0] = contacts.resident
    rows[:, 1] = contacts.urgent
    rows[:, 2] = contacts.need
    rows[:, 3] = entries.since
    rows[:, 4] = entries.joined
    rows[:, 5] = entries.path
    rows[:, 6] = entries.step
    if day is not None and cancel is not None:
        rows[:, 7], rows[:, 8] = day, cancel
    else:
        rows[:, 7:] = -1
    return rows


def unpacked(rows: np.ndarray) -> Entries:
    """Packed rows as Entries, each column in its own dtype again."""
    contacts = Contacts(
        rows[:, 0].astype(np.int64), rows[:, 1].astype(bool), rows[:, 2].astype(np.int8)
    )
    return Entries(
        contacts,
        rows[:, 3].astype(np.int32),
        rows[:, 4].astype(np.int32),
        rows[:, 5].astype(np.int16),
        rows[:, 6].astype(np.int8),
    )


def shifted_path(name: str, source: str, target: str) -> str | None:
    """The path a contact of path ``name`` takes when ``source``'s tasks shift to ``target``
    (``target`` first, each profession once), None if the path does not start with ``source``."""
    steps = name.split(PATH_SEPARATOR)
    if steps[0] != source:
        return None
    return PATH_SEPARATOR.join(dict.fromkeys([target, *steps[1:]]))


class BookedService:
    """A service whose professions each keep an appointment book (``ServiceSpec.booking``)."""

    def __init__(
        self,
        spec: ServiceSpec,
        start_date: dt.date,
        streams: RandomStreams | np.random.Generator,
        summer_leave_weeks: list[float] | None = None,
        name: str = "service",
    ) -> None:
        """Random streams: the needs assessment reads each contact's own number for the day
        (``assessment.NAME``); each profession's book draws its slots from one generator of its
        own (``slots.NAME.PROFESSION``, so a day's capacity does not depend on the demand) and
        cancellations, no-shows and who gives up from another (``booking.NAME.PROFESSION``)."""
        booking = spec.booking
        assert booking is not None
        self.streams, self.name = RandomStreams.coerce(streams), name
        self.left = Contacts.of(EMPTY_INT)  # who gave up on the last day served
        self.professions = booking.professions()
        self.doctor = (
            self.professions.index(booking.doctor) if booking.doctor in self.professions else -1
        )
        names = sorted({path for shares in booking.paths.values() for path in shares})
        # Task shifting: each path starting with a profession whose tasks shift, and the path
        # its contacts take instead (the other profession first, each profession once); paths
        # no need is assessed to are added after the assessed ones.
        self.shift_after = booking.task_shift_after_days
        self.shifts: list[tuple[int, int, np.ndarray]] = []  # (from, to, path -> shifted path)
        assessed = len(names)
        for source, target in booking.task_shifts.items():
            for name in list(names):
                shifted = shifted_path(name, source, target)
                if shifted is not None and shifted not in names:
                    names.append(shifted)
        for source, target in booking.task_shifts.items():
            remap = np.arange(len(names))
            for index, name in enumerate(names):
                shifted = shifted_path(name, source, target)
                if shifted is not None:
                    remap[index] = names.index(shifted)
            self.shifts.append(
                (self.professions.index(source), self.professions.index(target), remap)
            )
        self.paths = [
            np.array([self.professions.index(p) for p in path.split(PATH_SEPARATOR)])
            for path in names
        ]
        self.path_length = np.array([len(p) for p in self.paths])
        self.steps = np.full((len(names), int(self.path_length.max())), -1)
        for index, path in enumerate(self.paths):
            self.steps[index, : len(path)] = path
        default = booking.paths.get("default")
        table = np.zeros((len(NEEDS), len(names)))
        for row, need in enumerate(NEEDS):
            shares = booking.paths.get(need, default)
            if shares is None:  # no default: the needs named share their paths evenly
                shares = {p: 1.0 / assessed for p in names[:assessed]}
            for name, share in shares.items():
                table[row, names.index(name)] = share
        self.cumulative = np.cumsum(table, axis=1)
        self.assessed = assessed
        self.shifted = 0  # contacts whose first profession shifted, since last read
        leave = summer_leave_weeks or [0.0] * len(self.professions)
        self.rngs = [self.streams.generator(f"booking.{name}.{p}") for p in self.professions]
        self.slot_rngs = [self.streams.generator(f"slots.{name}.{p}") for p in self.professions]
        kind = CompiledBook if self.streams.engine == "compiled" else Book
        self.books = [
            kind(
                booking,
                spec.patience_days,
                spec.open_days_per_week,
                start_date.weekday(),
                start_date,
                leave[index],
            )
            for index in range(len(self.professions))
        ]

    def __len__(self) -> int:
        return sum(len(book) for book in self.books)

    def preload(self, waiting: Contacts, arrival_day: np.ndarray, mean_slots: list[float]) -> None:
        """An existing waiting list: booked on day 0 in arrival order. Its contacts join the
        books on day 0 (their waits in the flows, like the queue-days, run from there); their
        first contact was before (``contact_wait_days`` count from it)."""
        order = np.argsort(arrival_day, kind="stable")
        since = arrival_day[order].astype(np.int32)
        entries = self._assess(0, waiting.take(order), since)
        entries = Entries(
            entries.contacts, since, np.zeros(len(since), np.int32), entries.path, entries.step
        )
        for index, (book, rng) in enumerate(zip(self.books, self.rngs, strict=True)):
            book.open_until(book.horizon - 1, mean_slots[index], self.slot_rngs[index])
            book._book(0, entries.take(self.steps[entries.path, 0] == index), rng)

    def serve_day(self, day: int, arrivals: Contacts, mean_slots: list[float]) -> DayOutcome:
        """One day of every book; ``mean_slots`` are each profession's slots a working day.
        A contact whose path goes on is booked with the next profession from tomorrow on (its
        arrival there counts in ``arrivals``; its waits there run from today, its
        ``contact_wait_days`` from its first contact)."""
        today = np.full(len(arrivals), day, np.int32)
        new = self._assess(day, arrivals, today)
        if self.shifts:
            new = self._shift_tasks(day, new, mean_slots)
        profession = self.steps[new.path, 0]
        served, served_by, left, slots, gave_up = [], [], 0, 0, []
        for index, book in enumerate(self.books):
            outcome = book.serve_day(
                day,
                new.take(profession == index),
                mean_slots[index],
                self.rngs[index],
                self.slot_rngs[index],
            )
            served.append(outcome.served)
            served_by.append(np.full(len(outcome.served), index))
            left += outcome.left
            slots += outcome.slots
            gave_up.append(outcome.gave_up)
        self.left = Contacts.join(gave_up)
        started = Entries.join(served)
        by = np.concatenate(served_by)
        onward = started.step + 1 < self.path_length[started.path]
        going_on = started.take(onward).next_step(day)
        following = self.steps[going_on.path, going_on.step]
        for index, book in enumerate(self.books):
            book.book_from(day + 1, going_on.take(following == index), self.rngs[index])
        return DayOutcome(
            arrivals=len(arrivals) + len(going_on),
            started=len(started),
            abandoned=left,
            queue_end=len(self),
            served=started.contacts,
            started_wait_days=(day - started.joined).astype(np.int32),
            capacity=slots,
            doctor=by == self.doctor,
            onward=onward,
            contact_wait_days=(day - started.since).astype(np.int32),
        )

    def _shift_tasks(self, day: int, new: Entries, mean_slots: list[float]) -> Entries:
        """Today's non-urgent contacts whose profession's first free slot is more than
        ``task_shift_after_days`` ahead, booked with the profession its tasks shift to where
        that book has a slot sooner (both books as they stand before today's bookings, the
        shifted ones in arrival order behind each other)."""
        path = new.path
        for source, target, remap in self.shifts:
            candidates = np.flatnonzero((self.steps[path, 0] == source) & ~new.contacts.urgent)
            if not len(candidates):
                continue
            books = self.books[source], self.books[target]
            for index, book in zip((source, target), books, strict=True):
                book.open_until(day + book.horizon - 1, mean_slots[index], self.slot_rngs[index])
            own = books[0].days_ahead(day, len(candidates))
            late = candidates[own > self.shift_after]
            if not len(late):
                continue
            other = books[1].days_ahead(day, len(late))
            moving = late[other < own[own > self.shift_after]]
            if len(moving):
                path = path.copy() if path is new.path else path
                path[moving] = remap[path[moving]]
                self.shifted += len(moving)
        if path is new.path:
            return new
        return Entries(new.contacts, new.since, new.joined, path, new.step)

    def t3_days(self, day: int) -> float:
        """T3 on the doctors' book (the first book when none is the doctors')."""
        return self.books[max(self.doctor, 0)].t3_days(day)

    def _assess(self, day: int, contacts: Contacts, since: np.ndarray) -> Entries:
        """Who each contact needs: a path drawn by need type (the needs assessment)."""
        n = len(contacts)
        if self.assessed == 1:
            path = np.zeros(n, np.int16)
        else:
            rows = self.cumulative[contacts.need]
            u = self.streams.uniform(f"assessment.{self.name}", day, contacts.resident)
            u = u[:, None] * rows[:, -1:]
            path = np.minimum((u >= rows).sum(axis=1), self.assessed - 1).astype(np.int16)
        return Entries(contacts, since, since, path, np.zeros(n, np.int8))
