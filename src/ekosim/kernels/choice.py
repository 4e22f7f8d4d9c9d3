"""Categorical draws row by row (``carepath.network.draw_rows``) in one compiled pass.

The Python path builds each contact's cumulative probabilities, scales its number and
compares it with every category: three (contacts x categories) temporaries a call, some of
the largest arrays of a county's day. Here each row is summed as ``np.cumsum`` sums it (left
to right, in float64) and its number compared as there, so the categories are the same.
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
