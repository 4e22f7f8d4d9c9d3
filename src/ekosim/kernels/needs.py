"""Each resident's contact rates by need type, in two compiled passes over the living.

``population.needs.contact_rates`` (the oracle) builds a (living x needs) float32 matrix in
some fifteen NumPy passes, then picks each need's residents and scales their weights: about
30 ms of a county's month. Here a first pass adds the weights up and counts each need's
residents, and a second works each weight out again and writes the chosen residents and
their rates. A weight is made in the oracle's operations and order (float32; the social
need's two terms in float64), adding 0 where NumPy's ``add_where`` adds 0, so residents and
rates are the same to the bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from ekosim import kernels as _cache  # noqa: F401  (sets the cache directory first)

NEEDS = 6  # population.needs.NEEDS

Weights = tuple[np.float32, np.float32, np.float32, np.float32, np.float32, np.float32]
Tables = tuple[Any, ...]  # the residents' arrays and the needs' weights (contact_rates)


@njit(cache=True, inline="always")
def _weights(slot: int, tables: Tables) -> Weights:
    """The slot's weight for each need, by need code (float32; without branches, which the
    residents' random flags would mispredict). ``tables``: as ``contact_rates``'."""
    (age, acute_lowers, acute_values, chronic, chronic_weights, mental_need, lonely,
     living_alone, frail, weights) = tables  # fmt: skip
    mental_weight, dental_weight, lonely_weight, alone_weight, frail_weight = weights
    a = age[slot]
    band = 0  # searchsorted(lowers, age, "right") - 1, wrapping below the first, as NumPy
    for lower in acute_lowers:
        band += lower <= a
    chronic_weight = np.float32(0.0)
    for condition in range(len(chronic)):
        chronic_weight += np.float32(chronic_weights[condition] * chronic[condition][slot])
    alone_75 = living_alone[slot] & (a >= 75)
    return (
        acute_values[band - 1],
        chronic_weight,
        np.float32(mental_weight * mental_need[slot]),
        np.float32(dental_weight),
        np.float32(lonely_weight * lonely[slot] + alone_weight * alone_75),
        np.float32(frail_weight * frail[slot]),
    )


@njit(cache=True)
def contact_rates(
    living: np.ndarray, contacts_per_day: float, tables: Tables
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each need's ``living`` slots with a weight above 0 and their rates, the weights times
    ``contacts_per_day`` over the weights' total (in float32, as NumPy multiplies float32
    weights by a Python float): the need coded ``k`` has the ``counts[k]`` entries from
    ``starts[k]``. ``tables``: the residents' ages, the acute need's age bands (lower
    bounds) and weights, the chronic conditions' flags and weights, the residents' mental
    need, loneliness, living alone and frailty, and the weights of mental, dental, lonely,
    alone at 75+ and frail, as in ``population.needs``."""
    counts = np.zeros(NEEDS, dtype=np.int64)
    total = 0.0  # float64: exact in any order (population.needs._scale)
    for i in range(len(living)):
        row = _weights(living[i], tables)
        total += np.float64(row[0]) + row[1] + row[2] + row[3] + row[4] + row[5]
        for need in range(NEEDS):
            counts[need] += row[need] > 0
    scale = np.float32(contacts_per_day / total if total > 0 else 0.0)
    # need k's entries start at starts[k], with one spare after them: every weight is
    # written, and the place moves on only past those above 0 (no branch to mispredict)
    starts = np.zeros(NEEDS, dtype=np.int64)  # (a loop: np.cumsum takes numba 2 s to compile)
    for need in range(1, NEEDS):
        starts[need] = starts[need - 1] + counts[need - 1] + 1
    who = np.empty(starts[-1] + counts[-1] + 1, dtype=living.dtype)
    rate = np.empty(len(who), dtype=np.float32)
    at = starts.copy()
    for i in range(len(living)):
        row = _weights(living[i], tables)
        for need in range(NEEDS):
            who[at[need]] = living[i]
            rate[at[need]] = row[need] * scale
            at[need] += row[need] > 0
    return who, rate, starts, counts
