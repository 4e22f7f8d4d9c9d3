"""The counter-based numbers of ``ekosim.streams`` in compiled passes.

- ``keyed_uniform``: ``RandomStreams.uniform`` makes a resident's number of the day from a
  hash of (stream key, day, slot, n-th time named) in about ten NumPy passes; called some
  6,000 times a simulated year on small arrays, most of its time is the passes' overhead.
  This kernel does the same 64-bit integer arithmetic per entry (wrapping, as NumPy's uint64
  does) and the same conversion to [0, 1), so its numbers are bit-identical to the Python
  path's. Who is named how many times before is counted by runs where the slots come in
  order (a month's callers), by slot where they are dense, else in a hash table.
- ``poisson_counts``: ``RandomStreams.poisson``'s inversion of the CDF, entry by entry.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# ekosim.streams imports ekosim.kernels, which sets the cache directory; its constants are
# the formula's, so both engines hash with the same numbers
from ekosim.streams import _DAY_STEP, _GOLDEN, _MIX_1, _MIX_2, _REPEAT_STEP

_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True)
def _occurrence(who: np.ndarray) -> np.ndarray:
    """For each entry, how many earlier entries name the same resident (0 for the first).
    In order (a month's callers, repeated), each entry's place in its run; else counted in
    a table by slot where the slots are dense, in an open-addressing table where they are
    few (no sort, which takes numba seconds to compile). Slots are non-negative."""
    n = len(who)
    counts = np.zeros(n, dtype=np.int64)
    increasing, ordered = True, True
    for i in range(1, n):
        if who[i] < who[i - 1]:
            increasing = ordered = False
            break
        if who[i] == who[i - 1]:
            increasing = False
    if increasing:
        return counts
    if ordered:
        for i in range(1, n):
            if who[i] == who[i - 1]:
                counts[i] = counts[i - 1] + 1
        return counts
    top = np.int64(0)
    for i in range(n):
        if who[i] > top:
            top = np.int64(who[i])
    if top < 4 * n:  # dense: a count per slot costs less than hashing
        seen_by_slot = np.zeros(top + 1, dtype=np.int64)
        for i in range(n):
            slot = np.int64(who[i])
            counts[i] = seen_by_slot[slot]
            seen_by_slot[slot] += 1
        return counts
    size = 2
    while size < 2 * n:
        size *= 2
    mask = size - 1
    cells = np.full(size, -1, dtype=np.int64)  # -1 marks an empty cell
    seen = np.zeros(size, dtype=np.int64)
    for i in range(n):
        slot = np.int64(who[i])
        cell = (slot ^ (slot >> 16)) & mask
        while cells[cell] != -1 and cells[cell] != slot:
            cell = (cell + 1) & mask
        cells[cell] = slot
        counts[i] = seen[cell]
        seen[cell] += 1
    return counts


@njit(cache=True)
def keyed_uniform(key: np.uint64, day: np.uint64, who: np.ndarray) -> np.ndarray:
    """One number in [0, 1) per entry of ``who``: SplitMix64 of (key ^ day x step) + slot x
    golden + repeat x step, its top 53 bits (``RandomStreams.uniform``'s formula)."""
    repeats = _occurrence(who)
    base = key ^ (day * _DAY_STEP)
    out = np.empty(len(who), dtype=np.float64)
    for i in range(len(who)):
        x = base + np.uint64(who[i]) * _GOLDEN + np.uint64(repeats[i]) * _REPEAT_STEP
        x = x ^ (x >> np.uint64(30))
        x = x * _MIX_1
        x = x ^ (x >> np.uint64(27))
        x = x * _MIX_2
        x = x ^ (x >> np.uint64(31))
        out[i] = np.float64(x >> np.uint64(11)) * _UNIT
    return out


@njit(cache=True)
def poisson_counts(u: np.ndarray, mean: np.ndarray, term: np.ndarray) -> np.ndarray:
    """``RandomStreams.poisson``'s inversion of the CDF, entry by entry: the count at which
    the running sum of the terms (``term``: NumPy's ``exp(-mean)``, the first) first exceeds
    the entry's number ``u``, each next term the last times ``mean / k``, as there (float64,
    in the same order), stopping where a term underflows to 0."""
    count = np.zeros(len(u), dtype=np.int64)
    for i in range(len(u)):
        t = term[i]
        cdf = t
        if not u[i] >= cdf:  # as the oracle's test (a NaN mean draws nothing there either)
            continue
        k = 0
        while True:
            k += 1
            t *= mean[i] / k
            cdf += t
            if not (u[i] >= cdf and t > 0):
                break
        count[i] = k
    return count
