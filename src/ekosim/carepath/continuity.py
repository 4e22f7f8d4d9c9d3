"""Continuity of care: each resident's named professional, and what it does for diabetics.

A visit is with the named professional when the visit is booked with them (the scenario's
``named_professional_share``) and they are at work that day (the provider's present share of
the profession). Diabetics' treatment balance is redrawn at each visit, more likely after a
visit with the named professional (``balance_gain_same_professional``, an assumption).
"""

from __future__ import annotations

import numpy as np

from ekosim.kpis import KpiWindow, ratio
from ekosim.population.residents import Residents
from ekosim.population.state import StateArray
from ekosim.scenario.schema import ContinuitySpec


class Continuity:
    """Visits with the named professional and diabetics' treatment balance (``in_balance``,
    in the residents' state: ``ekosim.population.state``)."""

    in_balance = StateArray()

    KPIS = ("continuity_share", "diabetics_in_balance_share")

    def __init__(self, spec: ContinuitySpec, residents: Residents, rng: np.random.Generator):
        self.spec = spec
        self.rng = rng
        self.state = residents.state
        # Drawn for every planned slot; the slots not yet allocated get theirs when added.
        self.state.preset("in_balance", rng.random(self.state.planned_slots) < spec.balance_base)
        self.visits = 0
        self.same_professional = 0

    def visit(self, residents: Residents, resident: np.ndarray, present_share: float) -> np.ndarray:
        """Today's visits at the continuity service (``present_share``: staff at work);
        returns whether each was with the named professional."""
        same = self.rng.random(len(resident)) < self.spec.named_professional_share * present_share
        self.visits += len(resident)
        self.same_professional += int(np.count_nonzero(same))
        diabetic = residents.diabetes[resident]
        chance = self.spec.balance_base + self.spec.balance_gain_same_professional * same
        balanced = self.rng.random(len(resident)) < np.minimum(chance, 1.0)
        self.in_balance[resident[diabetic]] = balanced[diabetic]
        return same

    def report(self, window: KpiWindow) -> dict[str, float]:
        """Visits with the named professional in the window (then reset), and the diabetics
        in balance at its end."""
        values = {
            "continuity_share": ratio(self.same_professional, self.visits),
            "diabetics_in_balance_share": self.diabetics_in_balance(window.people),
        }
        self.visits = self.same_professional = 0
        return values

    def diabetics_in_balance(self, residents: Residents) -> float:
        diabetic = residents.alive & residents.diabetes
        return float(self.in_balance[diabetic].mean()) if diabetic.any() else 0.0
