"""Residents as NumPy arrays: one entry per person, in the registry of ``population.state``.

Arrays hold the slots in use plus a chunk and grow a chunk at a time
(``ekosim.population.dynamics.growth_chunk``); unused slots are not ``alive``. Each array's
dtype, unit and meaning are declared in ``ekosim.population.state.FIELDS``;
``ekosim.population.synthesis`` draws the residents.
"""

from __future__ import annotations

import numpy as np

from ekosim.population.state import ResidentState, StateArray

ADULT_AGE = 18


class Residents:
    """Per-resident state; every array has one entry per slot (living or not). The arrays
    live in ``state``, shared with the other owners of per-resident arrays (home care,
    continuity, key results), so growing it resizes all of them together."""

    age = StateArray()
    female = StateArray()
    alive = StateArray()
    died = StateArray()
    living_alone = StateArray()
    area = StateArray()
    bmi = StateArray()
    waist_cm = StateArray()
    active = StateArray()
    vegetables = StateArray()
    smoker = StateArray()
    alcohol_g_week = StateArray()
    sleep_hours = StateArray()
    social = StateArray()
    lonely = StateArray()
    bp_medication = StateArray()
    high_glucose = StateArray()
    family_history = StateArray()
    diabetes = StateArray()
    cvd = StateArray()
    mental_need = StateArray()
    frail = StateArray()
    dementia = StateArray()
    function = StateArray()
    digital_literacy = StateArray()
    wellbeing = StateArray()
    action_strength = StateArray()
    action_adhering = StateArray()

    def __init__(self, state: ResidentState) -> None:
        self.state = state

    @property
    def size(self) -> int:
        """Living residents in the area."""
        return int(np.count_nonzero(self.alive))

    @property
    def capacity(self) -> int:
        return self.state.capacity

    @classmethod
    def empty(cls, capacity: int, n_actions: int) -> Residents:
        """``capacity`` unused slots, with ``n_actions`` columns for the personal actions."""
        return cls(ResidentState(capacity, n_actions))

    def grow(self, capacity: int) -> None:
        """Room for ``capacity`` slots in every per-resident array; new slots are empty."""
        self.state.grow(capacity)
