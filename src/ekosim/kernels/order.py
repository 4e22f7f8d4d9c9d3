"""Sorting a month's contacts into their order of the day, with NumPy's result.

``np.argsort`` of the county's monthly contact keys (some 260,000 float64 values, the day
plus each contact's number) takes about 17 ms, a fifth of the month's contact draw. A
least-significant-digit radix sort over the keys' bits does it in a few passes. Distinct
keys have one sorted order, so the orders agree; where two keys tie, NumPy's unstable
quicksort decides which comes first, so the caller falls back to it (``has_ties``).
Written as plain loops: NumPy's ``arange``, ``max`` and slice fills inside the kernel doubled
the time numba takes to compile it (1.6 s of a cold start, now 0.7 s).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ekosim import kernels as _cache  # noqa: F401  (sets the cache directory first)

_DIGIT_BITS = 16
_BUCKETS = 1 << _DIGIT_BITS
_SIGN = np.uint64(1 << 63)


@njit(cache=True)
def argsort_stable(keys: np.ndarray) -> tuple[np.ndarray, bool]:
    """A stable argsort of finite float64 ``keys`` (radix, 16 bits a pass; a pass is
    skipped where every key has the same digit), and whether any two keys are equal
    (then NumPy's unstable ``np.argsort`` may order them otherwise)."""
    n = len(keys)
    # each key's bits as an unsigned integer in the keys' order: the sign bit set on
    # non-negative keys, every bit flipped on negative ones; -0.0 is 0.0
    raw = keys.view(np.uint64)
    bits, spare_bits = np.empty(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    for i in range(n):
        b = raw[i]
        bits[i] = ~b if b & _SIGN and b != _SIGN else (b & ~_SIGN) | _SIGN
    order, spare = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for i in range(n):
        order[i] = i
    counts = np.empty(_BUCKETS, dtype=np.int64)
    mask = np.uint64(_BUCKETS - 1)
    for shift in range(0, 64, _DIGIT_BITS):
        for d in range(_BUCKETS):
            counts[d] = 0
        for i in range(n):
            counts[(bits[i] >> np.uint64(shift)) & mask] += 1
        most = 0
        for d in range(_BUCKETS):
            if counts[d] > most:
                most = counts[d]
        if n == 0 or most == n:  # one digit for all: the order stays
            continue
        start = 0
        for d in range(_BUCKETS):
            count = counts[d]
            counts[d] = start
            start += count
        for i in range(n):  # the bits move with their entries: read in order, not gathered
            d = (bits[i] >> np.uint64(shift)) & mask
            spare[counts[d]] = order[i]
            spare_bits[counts[d]] = bits[i]
            counts[d] += 1
        order, spare = spare, order
        bits, spare_bits = spare_bits, bits
    has_ties = False
    for i in range(1, n):
        if keys[order[i]] == keys[order[i - 1]]:
            has_ties = True
            break
    return order, has_ties
