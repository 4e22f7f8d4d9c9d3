"""Staff not at work are covered by overtime and agency staff, at a premium the ledger books."""

from __future__ import annotations

import pytest

import ekosim
from ekosim.model import EcosystemModel


def cover_costs(overrides: dict[str, object]) -> tuple[float, float, float]:
    model = EcosystemModel("nurse-shortage", rng=4, population=5000, overrides=overrides)
    model.run_for(60)
    ledger = model.ledger.frame()
    overtime = ledger[ledger["item"] == "cost.staff.overtime"]["amount_eur"].sum()
    agency = ledger[ledger["item"] == "cost.staff.agency"]["amount_eur"].sum()
    missed = sum(o[5] for o in model.flow_rows if o[1] == "home_care")
    return overtime, agency, missed


def test_cover_is_booked_and_fills_part_of_the_gap() -> None:
    overtime, agency, missed = cover_costs({})
    assert overtime > 0 and agency > overtime  # the defaults: 10% overtime, 20% agency
    none = {"staff_cover.overtime_share_of_gap": 0.0, "staff_cover.agency_share_of_gap": 0.0}
    no_overtime, no_agency, missed_uncovered = cover_costs(none)
    assert no_overtime == no_agency == 0.0
    assert missed_uncovered > missed  # without cover more home-care visits are missed


def test_premium_follows_the_price_per_hour() -> None:
    _, agency, _ = cover_costs({})
    _, doubled, _ = cover_costs({"staff_cover.agency_premium_eur_per_hour": 70.0})
    assert doubled == pytest.approx(2 * agency)


def test_the_scenario_documents_cover_defaults() -> None:
    spec = ekosim.load_scenario("tesoma-base").staff_cover
    assert spec.hours_per_day == 7.65
