"""Partners' responses to incentives: each has a direction and a switch that turns it off."""

from __future__ import annotations

import numpy as np
import pytest

from ekosim.actors.incentives import prevention_factor, respond, supply_contacts
from ekosim.scenario.schema import ContractSpec


def contract(model: str, **fields: object) -> ContractSpec:
    return ContractSpec.model_validate(
        {
            "model": model,
            "target_cost_eur_per_year": 1.0,
            "capitation_eur_per_resident_year": 1.0,
            **fields,
        }
    )


def test_fee_for_service_supplies_more_contacts() -> None:
    assert respond(contract("fee_for_service")).contact_multiplier > 1.0
    off = contract("fee_for_service", behaviour={"ffs_induced_contact_share": 0.0})
    assert respond(off).contact_multiplier == 1.0


def test_capitation_refers_more_and_staffs_less() -> None:
    assert respond(contract("capitation")).referral_propensity > 1.0
    assert respond(contract("capitation")).capacity_multiplier < 1.0
    off = contract(
        "capitation",
        behaviour={"capitation_referral_increase": 0.0, "capitation_capacity_reduction": 0.0},
    )
    assert respond(off) == respond(contract("in_house"))


def test_alliance_refers_less_only_when_specialist_care_is_its_business() -> None:
    assert respond(contract("alliance")).referral_propensity == 1.0
    inside = contract("alliance", specialist_care_in_target=True)
    assert respond(inside).referral_propensity < 1.0


def test_in_house_does_not_respond() -> None:
    assert respond(contract("in_house")) == respond(contract("in_house", behaviour={}))
    assert respond(contract("in_house")).contact_multiplier == 1.0


def test_prevention_factor() -> None:
    assert prevention_factor(0.0, 0.15) == 1.0
    assert prevention_factor(100.0, 0.15) == pytest.approx(0.85)
    assert prevention_factor(50.0, 0.0) == 1.0


@pytest.mark.parametrize("multiplier", [0.7, 1.0, 1.3])
def test_supply_contacts_scales_the_mean(multiplier: float) -> None:
    rng = np.random.default_rng(1)
    resident = np.arange(20_000)
    supplied = supply_contacts(resident, multiplier, rng)
    assert len(supplied) == pytest.approx(multiplier * len(resident), rel=0.02)
    assert np.isin(supplied, resident).all()
