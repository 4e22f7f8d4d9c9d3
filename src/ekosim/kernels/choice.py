"""Categorical draws in compiled passes, with the same results as their NumPy oracles.

- ``draw_rows`` (``carepath.network.draw_rows``): the Python path builds each contact's
  cumulative probabilities, scales its number and compares it with every category, three
  (contacts x categories) temporaries a call, some of the largest arrays of a county's day.
  Here each row is summed as ``np.cumsum`` sums it (left to right, in float64) and its
  number compared as there, so the categories are the same.
- ``searchsorted_right`` (``carepath.homecare.choose_weighted``): NumPy's weighted
  ``Generator.choice`` bisects its whole cdf for each number; here within a bucket.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ekosim import kernels as _cache  # noqa: F401  (sets the cache directory first)


@njit(cache=True)
def draw_rows(u: np.ndarray, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each number ``u[i]``, the category drawn from the probabilities
    ``table[rows[i]]``: how many of the row's running sums are at most ``u[i]`` times its
    total, at most the last category."""
    categories = table.shape[1]
    out = np.empty(len(u), dtype=np.int64)
    running = np.empty(categories, dtype=np.float64)
    for i in range(len(u)):
        probabilities = table[rows[i]]
        total = 0.0
        for j in range(categories):
            total += probabilities[j]
            running[j] = total
        x = u[i] * total
        count = 0
        for j in range(categories):
            if x >= running[j]:
                count += 1
        out[i] = min(count, categories - 1)
    return out


@njit(cache=True)
def searchsorted_right(cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``np.searchsorted(cdf, u, side="right")`` for a non-decreasing ``cdf`` ending in 1
    (``Generator.choice``'s with probabilities): how many of ``cdf`` are at most each number.
    NumPy bisects the whole ``cdf`` for every number, in random order, so most steps miss
    the cache; here a table of ``len(cdf)`` equal buckets over [0, 1) narrows each search to
    the few entries of its number's bucket (only comparisons: the same counts)."""
    n, buckets = len(cdf), max(len(cdf), 1)
    # at[b]: how many of cdf are at most the bucket's lower edge b / buckets
    at = np.empty(buckets + 1, dtype=np.int64)
    count = 0
    for b in range(buckets + 1):
        edge = b / buckets
        while count < n and cdf[count] <= edge:
            count += 1
        at[b] = count
    out = np.empty(len(u), dtype=np.int64)
    for i in range(len(u)):
        x = u[i]
        b = min(max(int(x * buckets), 0), buckets - 1)
        while b > 0 and x < b / buckets:  # the product rounded up into the next bucket
            b -= 1
        while b < buckets - 1 and x >= (b + 1) / buckets:
            b += 1
        # the edges bound the count: at[b] <= count(cdf <= x) <= at[b + 1] (or n at the top)
        lo = 0 if b == 0 else at[b]
        hi = n if b == buckets - 1 else at[b + 1]
        while lo < hi:
            middle = (lo + hi) // 2
            if cdf[middle] <= x:
                lo = middle + 1
            else:
                hi = middle
        out[i] = lo
    return out
