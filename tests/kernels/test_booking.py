"""A book served by its kernel (CompiledBook) equals the Python path (Book), day by day: the
same served, left and given-up contacts, the same lists and slots, the same draws."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.carepath.booking import Book, BookDay, CompiledBook, Entries, packed, unpacked
from ekosim.contacts import Contacts
from ekosim.kernels.booking import COLUMNS
from ekosim.scenario.schema import BookingSpec

SATURDAY = 5  # the first day of the run: the weekend's closed days come first


def arrivals(rng: np.random.Generator, day: int, urgent_share: float) -> Entries:
    """A day's contacts, some named twice, some urgent, from earlier first-contact days."""
    n = int(rng.integers(0, 40))
    who = rng.integers(0, 60, n)
    contacts = Contacts(who, rng.random(n) < urgent_share, rng.integers(0, 5, n).astype(np.int8))
    since = (day - rng.integers(0, 30, n)).astype(np.int32)
    joined = np.full(n, day, np.int32)
    return Entries(
        contacts,
        since,
        joined,
        rng.integers(0, 3, n).astype(np.int16),
        rng.integers(0, 2, n).astype(np.int8),
    )


def same(a: Entries, b: Entries) -> bool:
    pairs = [
        (a.contacts.resident, b.contacts.resident),
        (a.contacts.urgent, b.contacts.urgent),
        (a.contacts.need, b.contacts.need),
        (a.since, b.since),
        (a.joined, b.joined),
        (a.path, b.path),
        (a.step, b.step),
    ]
    return all(x.dtype == y.dtype and np.array_equal(x, y) for x, y in pairs)


def same_day(a: BookDay, b: BookDay) -> bool:
    return (
        same(a.served, b.served)
        and (a.left, a.slots) == (b.left, b.slots)
        and np.array_equal(a.gave_up.resident, b.gave_up.resident)
        and a.gave_up.need.dtype == b.gave_up.need.dtype
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    urgent_share=st.sampled_from([0.0, 0.2, 0.5]),
    no_show=st.sampled_from([0.0, 0.05]),
    cancellation=st.sampled_from([0.0, 0.1]),
    patience=st.sampled_from([None, 5.0]),
    slots=st.floats(0.0, 30.0),
    horizon=st.integers(1, 40),
)
def test_the_kernel_serves_a_book_as_the_python_path(
    seed: int,
    urgent_share: float,
    no_show: float,
    cancellation: float,
    patience: float | None,
    slots: float,
    horizon: int,
) -> None:
    spec = BookingSpec.model_validate(
        {
            "paths": {"default": {"doctor": 1.0}},
            "urgent_share": urgent_share,
            "no_show_rate": no_show,
            "cancellation_rate": cancellation,
            "horizon_days": horizon,
        }
    )
    books = {"python": Book(spec, patience, 5, SATURDAY)}
    books["compiled"] = CompiledBook(spec, patience, 5, SATURDAY)
    demand = {engine: np.random.default_rng(seed) for engine in books}
    rngs = {engine: np.random.default_rng(seed + 1) for engine in books}
    for day in range(30):
        served = {
            engine: book.serve_day(
                day, arrivals(demand[engine], day, urgent_share), slots, rngs[engine]
            )
            for engine, book in books.items()
        }
        assert same_day(served["python"], served["compiled"]), f"day {day}"
        for engine, book in books.items():  # sent on from another profession today
            book.book_from(day + 1, arrivals(demand[engine], day, urgent_share), rngs[engine])
        python, compiled = books["python"], books["compiled"]
        assert same(python.booked, compiled.booked) and same(python.unbooked, compiled.unbooked)
        assert same(python.urgent, compiled.urgent)
        for name in ("day", "cancel", "slots", "urgent_slots", "used"):
            ours, theirs = getattr(python, name), getattr(compiled, name)
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), name
    assert rngs["python"].random() == rngs["compiled"].random()  # the same draws were taken


def test_packed_rows_hold_each_column_where_the_kernel_reads_it_and_unpack_as_they_were() -> None:
    contacts = Contacts(np.array([9, 4, 2**40]), np.array([True, False, True]), np.int8([5, 0, 1]))
    entries = Entries(contacts, np.int32([3, 1, 2]), np.int32([7, 8, 9]), np.int16([1, 0, 2]),
                      np.int8([0, 2, 1]))  # fmt: skip
    rows = packed(entries, day=np.array([10, 11, 12]), cancel=np.array([-1, 11, -1]))
    assert rows.shape == (3, len(COLUMNS))
    expected = {"resident": [9, 4, 2**40], "urgent": [1, 0, 1], "need": [5, 0, 1],
                "since": [3, 1, 2], "joined": [7, 8, 9], "path": [1, 0, 2], "step": [0, 2, 1],
                "day": [10, 11, 12], "cancel": [-1, 11, -1]}  # fmt: skip
    assert {name: rows[:, i].tolist() for i, name in enumerate(COLUMNS)} == expected
    assert (
        packed(entries)[:, [COLUMNS.index("day"), COLUMNS.index("cancel")]].tolist()
        == [[-1, -1]] * 3
    )
    back = unpacked(rows)
    for name in ("resident", "urgent", "need"):
        got, want = getattr(back.contacts, name), getattr(contacts, name)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
    for name in ("since", "joined", "path", "step"):
        got, want = getattr(back, name), getattr(entries, name)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
