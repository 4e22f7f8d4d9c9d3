"""Random streams per process: deterministic, independent of other draws, uniform."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from ekosim.streams import RandomStreams, occurrence


def test_a_residents_number_does_not_depend_on_who_else_is_drawn_for():
    streams = RandomStreams(7)
    alone = streams.uniform("routing", 12, np.array([5]))
    crowd = streams.uniform("routing", 12, np.array([3, 9, 5, 100_000]))
    assert alone[0] == crowd[2]


def test_numbers_differ_by_stream_day_and_resident():
    streams = RandomStreams(7)
    who = np.arange(1000)
    a = streams.uniform("routing", 1, who)
    assert not np.array_equal(a, streams.uniform("channel", 1, who))
    assert not np.array_equal(a, streams.uniform("routing", 2, who))
    assert len(np.unique(a)) == len(a)


def test_same_seed_same_numbers_and_another_seed_others():
    who = np.arange(50)
    assert np.array_equal(
        RandomStreams(3).uniform("x", 4, who), RandomStreams(3).uniform("x", 4, who)
    )
    assert not np.array_equal(
        RandomStreams(3).uniform("x", 4, who), RandomStreams(4).uniform("x", 4, who)
    )


def test_a_resident_named_twice_gets_two_numbers():
    u = RandomStreams(1).uniform("contacts", 0, np.array([8, 8, 2, 8]))
    assert len({u[0], u[1], u[3]}) == 3
    assert list(occurrence(np.array([8, 8, 2, 8, 2]))) == [0, 1, 0, 2, 1]


def test_uniform_numbers_are_uniform_and_uncorrelated_over_days():
    streams = RandomStreams(11)
    who = np.arange(20_000)
    today, tomorrow = streams.uniform("s", 5, who), streams.uniform("s", 6, who)
    assert ((today >= 0) & (today < 1)).all()
    assert stats.kstest(today, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(today, tomorrow)[0, 1]) < 0.03


def test_generators_depend_on_the_name_not_the_order_they_were_made():
    first, second = RandomStreams(5), RandomStreams(5)
    first.generator("births")
    a = first.generator("home_care").random(3)
    b = second.generator("home_care").random(3)
    assert np.array_equal(a, b)
    assert second.generator("home_care") is second.generator("home_care")


def test_streams_of_a_model_generator_follow_its_seed_and_leave_it_untouched():
    rng = np.random.default_rng(9)
    streams = RandomStreams.of(rng)
    assert np.array_equal(rng.random(4), np.random.default_rng(9).random(4))
    again = RandomStreams.of(np.random.default_rng(9))
    assert np.array_equal(
        streams.uniform("a", 0, np.arange(5)), again.uniform("a", 0, np.arange(5))
    )


@given(st.lists(st.integers(0, 10**6), max_size=60), st.integers(0, 10**5))
def test_occurrence_counts_earlier_equal_entries(values, day):
    who = np.array(values, dtype=np.int64)
    expected = [values[:i].count(v) for i, v in enumerate(values)]
    assert list(occurrence(who)) == expected
    u = RandomStreams(2).uniform("p", day, who)
    assert len(u) == len(values) and ((u >= 0) & (u < 1)).all()
