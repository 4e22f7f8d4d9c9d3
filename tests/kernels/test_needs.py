"""The compiled contact rates equal the NumPy path's (population.needs.contact_rates)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.population.needs import CHRONIC_WEIGHTS, NEEDS, contact_rates
from ekosim.population.residents import Residents

FLAGS = (*CHRONIC_WEIGHTS, "mental_need", "lonely", "living_alone", "frail", "alive")


def residents(size: int, seed: int, share: float) -> Residents:
    rng = np.random.default_rng(seed)
    r = Residents.empty(size, n_actions=0)
    r.age[:] = rng.choice([0.0, 14.99, 15.0, 64.5, 65.0, 74.9, 75.0, 101.0], size) + rng.random(
        size
    ) * (rng.random(size) < 0.5)
    for name in FLAGS:
        getattr(r, name)[:] = rng.random(size) < share
    return r


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 400),
    seed=st.integers(0, 2**32 - 1),
    share=st.sampled_from([0.0, 0.2, 0.7, 1.0]),
    per_day=st.floats(1e-4, 1.0),
    slot_type=st.sampled_from([np.int64, np.int32]),
)
def test_compiled_contact_rates_equal_numpys(
    size: int, seed: int, share: float, per_day: float, slot_type: type
) -> None:
    """Ages at the acute bands' edges and the 75 of living alone; no one, some or all with
    each condition; no one living; slots of either integer width (returned as given)."""
    r = residents(size, seed, share)
    living = np.flatnonzero(r.alive).astype(slot_type)
    python = contact_rates(r, living, per_day, "python")
    compiled = contact_rates(r, living, per_day, "compiled")
    assert len(python) == len(compiled) == len(NEEDS)
    for (who, rate), (compiled_who, compiled_rate) in zip(python, compiled, strict=True):
        assert compiled_who.dtype == who.dtype and compiled_rate.dtype == rate.dtype
        assert np.array_equal(compiled_who, who)
        assert np.array_equal(compiled_rate, rate)


def test_the_rates_share_the_areas_contacts_by_weight() -> None:
    r = residents(5_000, 1, 0.2)
    living = np.flatnonzero(r.alive)
    rates = contact_rates(r, living, 0.02, "compiled")
    total = sum(float(rate.sum(dtype=np.float64)) for _, rate in rates)
    assert abs(total - 0.02 * len(living)) < 1e-6 * len(living)
    dental_who, _ = rates[NEEDS.index("dental")]
    assert np.array_equal(dental_who, living)  # everyone has a dental need
