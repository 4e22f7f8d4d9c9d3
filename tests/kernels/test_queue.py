"""A plain queue served by its kernel (CompiledQueue) equals the Python path (ServiceQueue),
day by day: the same started, waiting and given-up contacts in the same order, the same waits
and the same draws from the queue's generator."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.carepath.queue import CompiledQueue, DayOutcome, ServiceQueue
from ekosim.contacts import Contacts


def arrivals(rng: np.random.Generator, urgent_share: float) -> Contacts:
    """A day's contacts, some residents named twice, some urgent."""
    n = int(rng.integers(0, 30))
    need = rng.integers(0, 6, n).astype(np.int8)
    return Contacts(rng.integers(0, 40, n), rng.random(n) < urgent_share, need)


def same_contacts(a: Contacts, b: Contacts) -> bool:
    pairs = [(a.resident, b.resident), (a.urgent, b.urgent), (a.need, b.need)]
    return all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in pairs)


def same_arrays(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.dtype == b.dtype and np.array_equal(a, b)


def same_day(a: DayOutcome, b: DayOutcome) -> bool:
    counts = ("arrivals", "started", "abandoned", "queue_end", "capacity")
    return (
        all(getattr(a, name) == getattr(b, name) for name in counts)
        and same_contacts(a.served, b.served)
        and same_arrays(a.started_wait_days, b.started_wait_days)
        and same_arrays(a.contact_wait_days, b.contact_wait_days)
    )


def same_state(a: ServiceQueue, b: ServiceQueue) -> bool:
    return (
        same_contacts(a.waiting, b.waiting)
        and same_arrays(a.arrival_day, b.arrival_day)
        and same_contacts(a.left, b.left)
        and same_arrays(a.left_arrival_day, b.left_arrival_day)
        and a.preloaded == b.preloaded
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    urgent_share=st.sampled_from([0.0, 0.3, 1.0]),
    patience=st.sampled_from([None, 0.5, 4.0]),
    capacity=st.integers(0, 25),
    preload=st.integers(0, 30),
    closed_every=st.sampled_from([0, 3]),
)
def test_the_kernel_serves_a_queue_as_the_python_path(
    seed: int,
    urgent_share: float,
    patience: float | None,
    capacity: int,
    preload: int,
    closed_every: int,
) -> None:
    python, compiled = ServiceQueue(patience), CompiledQueue(patience)
    if preload:
        setup = np.random.default_rng(seed)
        waiting = Contacts.of(setup.integers(0, 40, preload))
        since = -setup.integers(1, 31, preload)
        python.preload(waiting, since)
        compiled.preload(waiting, since)
    draw = np.random.default_rng(seed + 1)
    rng_python, rng_compiled = np.random.default_rng(seed + 2), np.random.default_rng(seed + 2)
    for day in range(25):
        # a channel's closed day: no one served and no one gives up (network's channels)
        closed = closed_every and day % closed_every == 0
        today = 0 if closed else capacity
        for queue in (python, compiled):
            queue.abandon_probability = (
                0.0 if closed else ServiceQueue(patience).abandon_probability
            )
        contacts = arrivals(draw, urgent_share)
        expected = python.serve_day(day, contacts, today, rng_python)
        actual = compiled.serve_day(day, contacts, today, rng_compiled)
        assert same_day(expected, actual), day
        assert same_state(python, compiled), day
        assert rng_python.random() == rng_compiled.random()  # the same numbers drawn


def test_urgent_contacts_start_first_in_their_order_and_never_give_up() -> None:
    queue = CompiledQueue(patience_days=0.001)  # everyone not urgent gives up at once
    queue.serve_day(
        0,
        Contacts(np.array([5, 6, 7]), np.array([False, True, False]), np.zeros(3, np.int8)),
        0,
        np.random.default_rng(0),
    )
    today = Contacts(np.array([8, 9]), np.array([True, False]), np.zeros(2, np.int8))
    outcome = queue.serve_day(1, today, 2, np.random.default_rng(0))
    assert outcome.abandoned == 2  # residents 5 and 7 waited a night
    assert list(queue.left.resident) == [5, 7]
    assert list(outcome.served.resident) == [6, 8]  # urgent: the earlier one first
    assert list(outcome.started_wait_days) == [1, 0]
    assert list(queue.waiting.resident) == [9]
