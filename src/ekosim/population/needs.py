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

from ekosim import kernels
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


def contact_rates(
    r: Residents, living: np.ndarray, per_day: float, engine: str = kernels.DEFAULT_ENGINE
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each need type, the ``living`` slots (those of the living residents, in order)
    with a rate above zero and their contacts a day (float32): ``per_day`` contacts per
    living resident, shared by the relative need weights. The compiled engine makes the same
    in two passes (``kernels.needs``)."""
    if engine == "compiled":
        return _compiled_contact_rates(r, living, per_day)
    weights = need_weights(r, living)
    scale = _scale(per_day * len(living), weights.sum(dtype=np.float64))
    rates = []
    for column in weights.T:
        chosen = np.flatnonzero(column > 0)
        rates.append((living[chosen], column[chosen] * scale))
    return rates


def _scale(contacts_per_day: float, total_weight: float | np.floating) -> float:
    """Contacts a day per unit of weight. The weights' float64 total is exact in any order:
    float32 weights of at least 0.5 (or 0) are multiples of 2**-24, and their total stays far
    below 2**53 of them, so no partial sum rounds (the two engines add in different orders)."""
    return contacts_per_day / float(total_weight) if total_weight > 0 else 0.0


def _compiled_contact_rates(
    r: Residents, living: np.ndarray, per_day: float
) -> list[tuple[np.ndarray, np.ndarray]]:
    tables = (
        r.age,
        _ACUTE_LOWERS,
        _ACUTE_VALUES,
        tuple(getattr(r, name) for name in CHRONIC_WEIGHTS),
        _CHRONIC_VALUES,
        r.mental_need,
        r.lonely,
        r.living_alone,
        r.frail,
        (MENTAL_WEIGHT, DENTAL_WEIGHT, LONELY_WEIGHT, ALONE_75_WEIGHT, FRAIL_WEIGHT),
    )
    who, rate, starts, counts = kernels.load("needs.contact_rates")(
        living, per_day * len(living), tables
    )
    return [(who[a : a + n], rate[a : a + n]) for a, n in zip(starts, counts, strict=True)]


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
_CHRONIC_VALUES = np.array(list(CHRONIC_WEIGHTS.values()), dtype=np.float32)
