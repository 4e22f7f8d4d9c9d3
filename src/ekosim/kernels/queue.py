"""One day of a plain service queue (``carepath.queue.ServiceQueue``) in one compiled call.

The Python path takes, joins, sorts and slices its parallel arrays some twenty times a day
for a channel or a service without a book, each a NumPy call on a few hundred rows. Here the
day is a few loops: who gives up (the numbers drawn beforehand, as the Python path draws
them, one per waiting contact), today's arrivals behind the queue, urgent ones moved first
keeping the order within each class (the stable sort's result); the Python side starts the
first ``capacity``. No arithmetic on floats (each drawn number is only compared), so both
paths give the same queue to the last entry.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ekosim import kernels as _cache  # noqa: F401  (sets the cache directory first)


@njit(cache=True)
def serve_day(
    day: int,
    resident: np.ndarray,
    urgent: np.ndarray,
    need: np.ndarray,
    arrival_day: np.ndarray,
    new_resident: np.ndarray,
    new_urgent: np.ndarray,
    new_need: np.ndarray,
    leave_numbers: np.ndarray,
    abandon_probability: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``ServiceQueue.serve_day`` on the queue's arrays (resident, urgent, need, arrival day)
    and today's arrivals (``new_*``). ``leave_numbers``: one uniform number per waiting
    contact (empty when no one can give up). Returns the joined queue in its serving order
    (the stayers, then today's arrivals; urgent first, each class in that order) and whether
    each contact waiting before today gave up: (resident, urgent, need, arrival day, left)."""
    waiting = len(resident)
    left = np.zeros(waiting, dtype=np.bool_)
    if len(leave_numbers):
        for i in range(waiting):
            left[i] = leave_numbers[i] < abandon_probability and not urgent[i]
    stay = waiting - int(left.sum())
    size = stay + len(new_resident)
    # The joined queue: the stayers in order, then today's arrivals; urgent first.
    order = np.empty(size, dtype=np.int64)  # positions: < waiting the old queue, else new
    place = 0
    for urgent_pass in (True, False):
        for i in range(waiting):
            if not left[i] and urgent[i] == urgent_pass:
                order[place] = i
                place += 1
        for j in range(len(new_resident)):
            if new_urgent[j] == urgent_pass:
                order[place] = waiting + j
                place += 1
    out_resident = np.empty(size, dtype=np.int64)
    out_urgent = np.empty(size, dtype=np.bool_)
    out_need = np.empty(size, dtype=np.int8)
    out_arrival = np.empty(size, dtype=np.int32)
    for k in range(size):
        i = order[k]
        if i < waiting:
            out_resident[k], out_urgent[k] = resident[i], urgent[i]
            out_need[k], out_arrival[k] = need[i], arrival_day[i]
        else:
            j = i - waiting
            out_resident[k], out_urgent[k] = new_resident[j], new_urgent[j]
            out_need[k], out_arrival[k] = new_need[j], day
    return out_resident, out_urgent, out_need, out_arrival, left
