"""One day of a profession's appointment book (``carepath.booking.Book``) in one compiled call.

The Python path splits and joins its lists of entries a dozen times a day (who leaves, who
is urgent, who is booked, whose appointment is today), each a handful of NumPy calls on a
few dozen rows. Here the book's lists travel packed, one int64 row per entry (``COLUMNS``),
and the day is a few loops over them. The kernel keeps the Python path's order of draws
from the book's generator (one ``rng.random(n)`` per decision, as there) and its integer
arithmetic, so both paths give the same bookings, the same draws and the same results.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ekosim import kernels as _cache  # noqa: F401  (sets the cache directory first)

# The columns of a packed entry: its contact (resident, urgent, need), its days (first
# contact, joined this book), its path and step, and where booked, its appointment day and
# the day it is cancelled (-1: never).
COLUMNS = ("resident", "urgent", "need", "since", "joined", "path", "step", "day", "cancel")
JOINED, DAY, CANCEL = 4, 7, 8


@njit(cache=True)
def _rows(entries: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The rows of ``entries`` where ``keep``, in order (copied column by column: a whole
    row's slice assignment took twice as long on a county's booked list)."""
    out = np.empty((int(keep.sum()), entries.shape[1]), dtype=np.int64)
    row = 0
    for i in range(len(entries)):
        if keep[i]:
            for column in range(entries.shape[1]):
                out[row, column] = entries[i, column]
            row += 1
    return out


@njit(cache=True)
def book(
    day: int,
    entries: np.ndarray,
    booked: np.ndarray,
    slots: np.ndarray,
    used: np.ndarray,
    opened: int,
    cancellation_rate: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """``Book._book``: ``entries`` in order into the first free slots from ``day`` on (the
    k-th into the day where the free slots' running sum first reaches k); returns the booked
    list with them and those past the horizon (unbooked)."""
    n = len(entries)
    if n == 0:
        return booked, entries
    days = np.empty(n, dtype=np.int64)
    fitted = 0
    for d in range(day, opened):
        free = slots[d] - used[d]
        while free > 0 and fitted < n:
            days[fitted] = d
            fitted += 1
            free -= 1
        if fitted == n:
            break
    for i in range(fitted):
        used[days[i]] += 1
    cancel = np.full(fitted, -1, dtype=np.int64)
    if cancellation_rate and fitted:
        cancels = rng.random(fitted) < cancellation_rate
        # a cancellation comes on a day between tomorrow and the appointment's day
        fraction = rng.random(fitted)
        for i in range(fitted):
            ahead = max(days[i] - day, 1)
            when = day + 1 + np.int64(np.floor(fraction[i] * ahead))
            if cancels[i] and days[i] > day:
                cancel[i] = min(when, days[i])
    return _booked_with(booked, entries, days[:fitted], cancel), _rows_from(entries, fitted)


@njit(cache=True)
def _booked_with(
    booked: np.ndarray, entries: np.ndarray, days: np.ndarray, cancel: np.ndarray
) -> np.ndarray:
    """The booked list with the first ``len(days)`` entries after it, their appointment
    days and cancellations set. (Loops: numba took 2 s to compile the slices, their column
    assignments and np.concatenate that did this.)"""
    kept, new, width = len(booked), len(days), booked.shape[1]
    out = np.empty((kept + new, width), dtype=np.int64)
    for i in range(kept):
        for column in range(width):
            out[i, column] = booked[i, column]
    for i in range(new):
        for column in range(width):
            out[kept + i, column] = entries[i, column]
        out[kept + i, DAY] = days[i]
        out[kept + i, CANCEL] = cancel[i]
    return out


@njit(cache=True)
def _rows_from(entries: np.ndarray, first: int) -> np.ndarray:
    """A copy of the rows of ``entries`` from ``first`` on."""
    out = np.empty((len(entries) - first, entries.shape[1]), dtype=np.int64)
    for i in range(first, len(entries)):
        for column in range(entries.shape[1]):
            out[i - first, column] = entries[i, column]
    return out


@njit(cache=True)
def serve_day(
    day: int,
    is_open: bool,
    arrivals: np.ndarray,
    booked: np.ndarray,
    unbooked: np.ndarray,
    urgent: np.ndarray,
    slots: np.ndarray,
    urgent_slots: np.ndarray,
    used: np.ndarray,
    opened: int,
    leave_chance: float,
    cancellation_rate: float,
    no_show_rate: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """``Book.serve_day`` after the days are opened: returns (booked, unbooked, urgent,
    served, gave_up, left); ``slots``, ``urgent_slots`` and ``used`` change in place."""
    # Who leaves today (patience) or cancels: their slots free (Book._leave).
    cancelled = booked[:, CANCEL] == day
    if leave_chance and len(booked):
        cancelled |= rng.random(len(booked)) < leave_chance
    left = int(cancelled.sum())
    if left:
        for i in range(len(booked)):
            if cancelled[i]:
                used[booked[i, DAY]] -= 1
        booked = _rows(booked, ~cancelled)
    gave_up = unbooked[:0]
    if leave_chance and len(unbooked):
        stays = rng.random(len(unbooked)) >= leave_chance
        left += int((~stays).sum())
        gave_up = _rows(unbooked, ~stays)
        unbooked = _rows(unbooked, stays)
    # Urgent contacts, those waiting since an earlier day first (Book._serve_urgent).
    is_urgent = arrivals[:, 1] != 0
    waiting = np.concatenate((urgent, _rows(arrivals, is_urgent)))
    served = waiting[:0]
    if not is_open or not len(waiting):
        urgent = waiting
    else:
        reserved = urgent_slots[day]
        started = min(len(waiting), reserved + slots[day] - used[day])
        taken_free = max(started - reserved, 0)
        urgent_slots[day] = reserved - (started - taken_free)
        used[day] += taken_free
        rest = waiting[started:]
        overdue = rest[:, JOINED] < day
        late = np.concatenate((unbooked, _rows(rest, overdue)))
        booked, unbooked = book(day + 1, late, booked, slots, used, opened, cancellation_rate, rng)
        urgent = _rows(rest, ~overdue)
        served = waiting[:started].copy()
    # Today's non-urgent contacts behind those waiting unbooked (Book._book).
    queue = np.concatenate((unbooked, _rows(arrivals, ~is_urgent)))
    booked, unbooked = book(day, queue, booked, slots, used, opened, cancellation_rate, rng)
    due = booked[:, DAY] == day
    appointments = _rows(booked, due)
    booked = _rows(booked, ~due)
    if no_show_rate:
        shows = rng.random(len(appointments)) >= no_show_rate
        left += int((~shows).sum())
        gave_up = np.concatenate((gave_up, _rows(appointments, ~shows)))
        appointments = _rows(appointments, shows)
    return booked, unbooked, urgent, np.concatenate((served, appointments)), gave_up, left
