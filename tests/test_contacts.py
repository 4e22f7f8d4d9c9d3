"""Contacts: split by label equals one mask per label, in order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.contacts import Contacts


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), count=st.integers(1, 12))
def test_split_gives_each_labels_contacts_in_their_order(seed: int, n: int, count: int) -> None:
    rng = np.random.default_rng(seed)
    contacts = Contacts(
        rng.integers(0, 50, n), rng.random(n) < 0.3, rng.integers(0, 6, n).astype(np.int8)
    )
    labels = rng.integers(0, count, n)
    parts = contacts.split(labels, count)
    assert len(parts) == count
    for label, part in enumerate(parts):
        expected = contacts.take(labels == label)
        for field in ("resident", "urgent", "need"):
            got, want = getattr(part, field), getattr(expected, field)
            assert got.dtype == want.dtype
            np.testing.assert_array_equal(got, want)
