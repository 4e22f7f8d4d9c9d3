"""Care needs derived from health state: the need-type catalogue and each resident's rates.

Need types (``Contacts.need`` codes) and what drives each (relative contacts a year;
weights are assumptions shaped on THL visit statistics, then scaled so the mean over living
residents equals ``demand.contacts_per_resident_year``):

====  =============  ===========================================================
code  need           driven by
====  =============  ===========================================================
0     acute          everyone; more in children and in old age
1     chronic        follow-up of type 2 diabetes, cardiovascular disease, blood pressure
2     mental         mental-health need
3     dental         everyone, evenly
4     social         loneliness; living alone at 75+
5     home_care      frailty
====  =============  ===========================================================

``Contacts.urgent`` marks contacts that need care the same or next day; the chance of
urgency depends on the need type (``URGENT_SHARE``, assumption).
"""

from __future__ import annotations

import numpy as np

from ekosim.population.health import add_where
from ekosim.population.residents import Residents

NEEDS = ("acute", "chronic", "mental", "dental", "social", "home_care")
ACUTE, CHRONIC, MENTAL, DENTAL, SOCIAL, HOME_CARE = range(len(NEEDS))
URGENT_SHARE = np.array([0.35, 0.05, 0.15, 0.10, 0.02, 0.10])  # by need code; assumption

ACUTE_BY_AGE = ((0, 1.0), (15, 0.7), (65, 1.2), (75, 1.6))  # relative visits (assumption, THL)
CHRONIC_WEIGHTS = {"diabetes": 3.0, "cvd": 2.0, "bp_medication": 0.5}
MENTAL_WEIGHT, DENTAL_WEIGHT, LONELY_WEIGHT, ALONE_75_WEIGHT, FRAIL_WEIGHT = 4.0, 0.6, 0.8, 0.5, 4.0


def need_weights(r: Residents, who: np.ndarray | slice = slice(None)) -> np.ndarray:
    """Relative contacts a year by need type for the residents ``who``, shape (who, NEEDS);
    zero for slots not alive."""
    age = r.age[who]
    weights = np.zeros((len(age), len(NEEDS)), dtype=np.float32)
    weights[:, ACUTE] = _ACUTE_VALUES[np.searchsorted(_ACUTE_LOWERS, age, side="right") - 1]
    for name, weight in CHRONIC_WEIGHTS.items():
        add_where(weights[:, CHRONIC], getattr(r, name)[who], weight)
    weights[:, MENTAL] = MENTAL_WEIGHT * r.mental_need[who]
    weights[:, DENTAL] = DENTAL_WEIGHT
    weights[:, SOCIAL] = LONELY_WEIGHT * r.lonely[who] + ALONE_75_WEIGHT * (
        r.living_alone[who] & (age >= 75)
    )
    weights[:, HOME_CARE] = FRAIL_WEIGHT * r.frail[who]
    weights[~r.alive[who]] = 0.0
    return weights


def need_total(r: Residents) -> np.ndarray:
    """Relative contacts a year over all need types, per slot: the row sums of need_weights,
    added term by term without the (slots, needs) matrix, as the daily contact rates need
    them for every slot (tests/population/test_state.py checks that the two agree)."""
    age = r.age
    total = _ACUTE_VALUES[np.searchsorted(_ACUTE_LOWERS, age, side="right") - 1]
    total += np.float32(DENTAL_WEIGHT)
    for name, weight in CHRONIC_WEIGHTS.items():
        total[getattr(r, name)] += weight
    total[r.mental_need] += MENTAL_WEIGHT
    total[r.lonely] += LONELY_WEIGHT
    total[r.living_alone & (age >= 75)] += ALONE_75_WEIGHT
    total[r.frail] += FRAIL_WEIGHT
    total[~r.alive] = 0.0
    return total


_ACUTE_LOWERS = np.array([lower for lower, _ in ACUTE_BY_AGE], dtype=np.float32)
_ACUTE_VALUES = np.array([value for _, value in ACUTE_BY_AGE], dtype=np.float32)
