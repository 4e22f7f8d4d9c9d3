"""The compiled uniform numbers equal the NumPy path's, bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.kernels import cache_dir
from ekosim.streams import RandomStreams

# few residents among many slots (counted by hashing), many among few (counted by slot), and
# in order with repeats (a month's callers: counted by runs)
slots = st.one_of(
    st.lists(st.integers(0, 2_000_000), max_size=300),
    st.lists(st.integers(0, 60), max_size=300),
    st.lists(st.integers(0, 500), max_size=300).map(sorted),
)


@settings(max_examples=200, deadline=None)
@given(who=slots, day=st.integers(0, 2**40), seed=st.integers(0, 2**32 - 1))
def test_compiled_numbers_equal_numpys(who: list[int], day: int, seed: int) -> None:
    """Any residents (repeats, any order, none), any day (past 32 bits too) and seed."""
    residents = np.array(who, dtype=np.int64)
    python = RandomStreams(seed, engine="python").uniform("contacts", day, residents)
    compiled = RandomStreams(seed, engine="compiled").uniform("contacts", day, residents)
    assert python.dtype == compiled.dtype == np.float64
    assert np.array_equal(python, compiled)


def test_every_integer_dtype_of_slots_gives_the_same_numbers() -> None:
    streams = RandomStreams(3, engine="compiled")
    who = np.array([5, 2, 5, 9, 2, 5])
    expected = RandomStreams(3, engine="python").uniform("routing", 11, who)
    for dtype in (np.int32, np.int64, np.uint32, np.int16):
        assert np.array_equal(streams.uniform("routing", 11, who.astype(dtype)), expected)


def test_a_resident_named_again_gets_a_new_number_of_the_day() -> None:
    numbers = RandomStreams(1, engine="compiled").uniform("x", 4, np.array([7, 7, 7]))
    assert len(set(numbers.tolist())) == 3


def test_the_kernel_cache_is_per_user_and_can_be_moved(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("EKOSIM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "ekosim" / "numba"
    monkeypatch.setenv("EKOSIM_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine" / "numba"


@settings(max_examples=150, deadline=None)
@given(
    means=st.lists(
        st.one_of(
            st.floats(0.0, 3.0),
            st.floats(3.0, 60.0),
            st.sampled_from([0.0, 745.5, 800.0, float("nan")]),  # exp(-mean) denormal, 0
        ),
        max_size=200,
    ),
    day=st.integers(0, 400),
    seed=st.integers(0, 2**32 - 1),
)
def test_compiled_poisson_counts_equal_numpys(means: list[float], day: int, seed: int) -> None:
    """Small and large means, means whose first term underflows (the loop stops on it), and
    NaN (no count in either)."""
    mean = np.array(means, dtype=np.float64)
    who = np.arange(len(mean)) * 7
    python = RandomStreams(seed, engine="python").poisson("contacts.acute", day, who, mean)
    compiled = RandomStreams(seed, engine="compiled").poisson("contacts.acute", day, who, mean)
    assert python.dtype == compiled.dtype == np.int64
    assert np.array_equal(python, compiled)


def test_poisson_counts_have_the_means_they_are_drawn_at() -> None:
    mean = np.full(200_000, 2.5)
    counts = RandomStreams(5).poisson("contacts.acute", 0, np.arange(len(mean)), mean)
    assert abs(counts.mean() - 2.5) < 0.02 and abs(counts.var() - 2.5) < 0.05
