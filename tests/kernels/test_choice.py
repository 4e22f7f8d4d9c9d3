"""Categorical draws by the kernel equal the Python path's (carepath.network.draw_rows),
draw for draw: random tables with empty categories, numbers at and next to the running sums."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.carepath.homecare import choose_weighted
from ekosim.carepath.network import draw_rows
from ekosim.kernels.choice import draw_rows as compiled_draw_rows
from ekosim.kernels.choice import searchsorted_right


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


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 400),
    zero_share=st.sampled_from([0.0, 0.5, 0.95]),
    numbers=st.integers(0, 500),
)
def test_the_bucketed_search_counts_as_numpys_searchsorted(
    seed: int, size: int, zero_share: float, numbers: int
) -> None:
    rng = np.random.default_rng(seed)
    weights = rng.random(size) * (rng.random(size) >= zero_share)  # flat runs of the cdf
    weights[rng.integers(0, size)] += 1.0
    cdf = weights.cumsum()
    cdf /= cdf[-1]
    u = rng.random(numbers)
    # numbers exactly at the cdf's values and the buckets' edges, and just below them
    edges = np.concatenate([cdf, np.arange(size) / size])
    picked = edges[rng.integers(0, len(edges), numbers)]
    u = np.where(rng.random(numbers) < 0.3, picked, u)
    u = np.where(rng.random(numbers) < 0.2, np.nextafter(picked, 0.0), u)
    u = np.minimum(u, np.nextafter(1.0, 0.0))
    np.testing.assert_array_equal(searchsorted_right(cdf, u), np.searchsorted(cdf, u, "right"))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), clients=st.integers(1, 3_000), visits=st.integers(0, 5_000))
def test_home_cares_weighted_visits_are_numpys_choice(seed: int, clients: int, visits: int) -> None:
    rng = np.random.default_rng(seed)
    who = np.sort(rng.choice(100_000, clients, replace=False))
    rates = rng.random(clients) ** 3
    total = float(rates.sum())
    numpy_rng, compiled_rng = np.random.default_rng(seed + 1), np.random.default_rng(seed + 1)
    expected = choose_weighted(numpy_rng, who, visits, rates, total)
    actual = choose_weighted(compiled_rng, who, visits, rates, total, searchsorted_right)
    np.testing.assert_array_equal(actual, expected)
    np.testing.assert_array_equal(
        expected, np.random.default_rng(seed + 1).choice(who, size=visits, p=rates / total)
    )
    assert numpy_rng.random() == compiled_rng.random()  # the same numbers drawn


def test_no_visits_are_drawn_among_clients_who_need_none() -> None:
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    for search in (None, searchsorted_right):
        chosen = choose_weighted(rng, np.arange(5), 0, np.zeros(5), 0.0, search)
        assert len(chosen) == 0 and chosen.dtype == np.arange(5).dtype
    assert rng.bit_generator.state == state


def test_a_number_whose_bucket_rounds_up_is_searched_in_its_own_bucket() -> None:
    """Where ``x * buckets`` rounds up to the next bucket's index though ``x`` lies below
    that bucket's edge, and a cdf value sits exactly on the edge, the edge's value must not
    be counted."""
    cases = []
    for size in range(3, 200):
        cdf = np.arange(1, size + 1) / size  # every value on a bucket's edge
        for k in range(1, size):
            x = np.nextafter(k / size, 0.0)
            if int(x * size) == k:  # rounded up into bucket k
                cases.append((cdf, x))
    assert len(cases) > 10
    for cdf, x in cases:
        u = np.array([x])
        assert searchsorted_right(cdf, u)[0] == np.searchsorted(cdf, u, "right")[0]
