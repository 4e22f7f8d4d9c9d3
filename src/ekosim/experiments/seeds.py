"""Independent random streams for many runs, all derived from one root seed."""

from __future__ import annotations

import numpy as np

SEED_BITS = 63  # the seed column is int64, so seeds stay below 2**63


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One integer seed per replication, from ``SeedSequence(root_seed).spawn``.

    The model takes an integer seed, so each spawned child gives the first 63 bits of its
    state. Replication ``i`` gets the same seed in every scenario and design point compared:
    common random numbers, so differences between scenarios are not drowned in noise.
    """
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1, np.uint64)[0] >> (64 - SEED_BITS)) for child in children]
