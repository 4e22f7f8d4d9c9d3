"""Categorical draws by the kernel equal the Python path's (carepath.network.draw_rows),
draw for draw: random tables with empty categories, numbers at and next to the running sums."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.carepath.network import draw_rows
from ekosim.kernels.choice import draw_rows as compiled_draw_rows


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 7),
    categories=st.integers(1, 10),
    contacts=st.integers(0, 200),
    empty_share=st.sampled_from([0.0, 0.3]),
    row_type=st.sampled_from([np.int8, np.int64]),
)
def test_the_kernel_draws_the_python_paths_categories(
    seed: int, rows: int, categories: int, contacts: int, empty_share: float, row_type: type
) -> None:
    rng = np.random.default_rng(seed)
    weights = rng.random((rows, categories)) * (rng.random((rows, categories)) >= empty_share)
    weights[:, 0] += weights.sum(axis=1) == 0  # each row has some category
    table = weights / weights.sum(axis=1, keepdims=True)
    which = rng.integers(0, rows, contacts).astype(row_type)
    u = rng.random(contacts)
    # numbers exactly at a running sum over the row's total, and the next float below
    edges = np.cumsum(table[which], axis=1) / np.cumsum(table[which], axis=1)[:, -1:]
    at = edges[np.arange(contacts), rng.integers(0, categories, contacts)] if contacts else u
    u = np.where(rng.random(contacts) < 0.3, np.nextafter(at, 0.0), u)
    u = np.where(rng.random(contacts) < 0.2, np.minimum(at, np.nextafter(1.0, 0.0)), u)
    expected = draw_rows(u, table, which)
    actual = compiled_draw_rows(u, table, which)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


def test_a_number_picks_the_first_category_whose_running_sum_exceeds_it() -> None:
    table = np.array([[0.2, 0.0, 0.5, 0.3]])
    u = np.array([0.0, 0.19, 0.2, 0.69, 0.71, 0.999])
    rows = np.zeros(len(u), dtype=np.int64)
    assert list(compiled_draw_rows(u, table, rows)) == [0, 0, 2, 2, 3, 3]
