"""The radix sort of a month's contacts orders them as NumPy's argsort does."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.kernels.order import argsort_stable
from ekosim.population.dynamics import arrival_sort

keys = st.lists(
    st.one_of(
        st.floats(-1e300, 1e300, allow_nan=False),
        st.floats(0.0, 30.0),
        st.sampled_from([0.0, -0.0, 1.0, 29.999999999999996, 5e-324]),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(values=keys)
def test_the_radix_sort_is_numpys_stable_sort_and_finds_ties(values: list[float]) -> None:
    """Any finite keys, negative, zero of either sign, denormal, repeated."""
    key = np.array(values, dtype=np.float64)
    order, has_ties = argsort_stable(key)
    assert np.array_equal(order, np.argsort(key, kind="stable"))
    assert has_ties == bool(len(key) > 1 and (np.diff(np.sort(key)) == 0).any())


@settings(max_examples=100, deadline=None)
@given(values=keys)
def test_the_compiled_arrival_order_is_numpys_argsort(values: list[float]) -> None:
    """Ties included: the compiled engine then leaves the order to NumPy's quicksort."""
    key = np.array(values, dtype=np.float64)
    assert np.array_equal(arrival_sort("compiled")(key), np.argsort(key))


def test_the_python_engine_sorts_with_numpy() -> None:
    assert arrival_sort("python") is np.argsort


def test_a_month_of_contact_keys_sorts_as_numpy_sorts_it() -> None:
    rng = np.random.default_rng(4)
    key = rng.integers(0, 30, 300_000) + rng.random(300_000)
    order, has_ties = argsort_stable(key)
    assert not has_ties
    assert np.array_equal(order, np.argsort(key))
