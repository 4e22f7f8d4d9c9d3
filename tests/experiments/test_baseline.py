"""A target derived from a baseline (in-house) run."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.experiments.baseline import baseline_target


def test_baseline_target_is_the_partners_in_house_cost(small_tesoma: ekosim.Scenario) -> None:
    target = baseline_target(small_tesoma, seed=4, years=1)
    in_house = ekosim.load_scenario(small_tesoma, {"contract.model": "in_house"})
    ledger = ekosim.run(in_house, seed=4, years=1).ledger
    cost = ledger[(ledger["partner"] == "mehilainen") & ledger["item"].str.startswith("cost.")]
    assert target == pytest.approx(cost["amount_eur"].sum())
    assert baseline_target(small_tesoma, seed=4, years=1, headroom=0.02) == pytest.approx(
        1.02 * target
    )
