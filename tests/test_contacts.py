"""Contacts: split by label equals one mask per label, in order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.contacts import Contacts


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 300),
    count=st.sampled_from([1, 3, 12, 40_000]),
    label_type=st.sampled_from([np.int8, np.int64]),
)
def test_split_gives_each_labels_contacts_in_their_order(
    seed: int, n: int, count: int, label_type: type
) -> None:
    rng = np.random.default_rng(seed)
    contacts = Contacts(
        rng.integers(0, 50, n), rng.random(n) < 0.3, rng.integers(0, 6, n).astype(np.int8)
    )
    labels = rng.integers(0, min(count, 127), n).astype(label_type)
    if count > 127 and label_type is np.int64:  # past 16 bits: sorted as they are
        labels = rng.integers(0, count, n)
    parts = contacts.split(labels, count)
    assert len(parts) == count
    present = set(np.unique(labels).tolist())
    assert all(len(part) == 0 for label, part in enumerate(parts) if label not in present)
    for label in present:
        part, expected = parts[label], contacts.take(labels == label)
        for field in ("resident", "urgent", "need"):
            got, want = getattr(part, field), getattr(expected, field)
            assert got.dtype == want.dtype
            np.testing.assert_array_equal(got, want)
