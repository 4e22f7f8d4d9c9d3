"""How providers respond to the payment model's incentives (each an assumption with an off switch).

- fee-for-service rewards volume: providers supply extra (follow-up) contacts;
- capitation makes treatment the provider's cost but specialist care the region's: providers
  lower their referral threshold, shifting cost to the region, and staff less capacity;
- an alliance whose target or KPIs include specialist care raises the referral threshold; its
  joint management group invests gains in prevention, which avoids contacts.
The model reads the responses through three hooks: a multiplier on the contacts supplied, a
multiplier on the partners' service capacity, and a referral propensity per service, read by
the specialist-care flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.scenario.schema import ContractSpec

SPECIALIST_KPI = "specialist_care_eur_per_resident_year"


@dataclass(frozen=True)
class IncentiveResponse:
    contact_multiplier: float = 1.0  # contacts supplied per contact needed
    referral_propensity: float = 1.0  # relative rate of referral to specialist care
    capacity_multiplier: float = 1.0  # service capacity staffed per capacity planned


def respond(contract: ContractSpec) -> IncentiveResponse:
    """The non-owner partners' response to their contract."""
    behaviour = contract.behaviour
    match contract.model:
        case "fee_for_service":
            return IncentiveResponse(contact_multiplier=1.0 + behaviour.ffs_induced_contact_share)
        case "capitation":
            return IncentiveResponse(
                referral_propensity=1.0 + behaviour.capitation_referral_increase,
                capacity_multiplier=1.0 - behaviour.capitation_capacity_reduction,
            )
        case "alliance" if contract.specialist_care_in_target or any(
            kpi.name == SPECIALIST_KPI for kpi in contract.kpis
        ):
            return IncentiveResponse(
                referral_propensity=1.0 - behaviour.alliance_referral_reduction
            )
    return IncentiveResponse()


def prevention_factor(eur_per_resident_year: float, reduction_per_100_eur: float) -> float:
    """Share of contacts still needed after prevention spending (each 100 EUR/resident/year
    avoids ``reduction_per_100_eur`` of the rest)."""
    return float((1.0 - reduction_per_100_eur) ** (eur_per_resident_year / 100.0))


def supply_contacts(
    resident: np.ndarray, multiplier: float, rng: np.random.Generator
) -> np.ndarray:
    """Thin the day's contacts (multiplier < 1), or add follow-ups of the same residents."""
    if multiplier == 1.0 or not len(resident):
        return resident
    if multiplier < 1.0:
        return resident[rng.random(len(resident)) < multiplier]
    extra = rng.poisson((multiplier - 1.0) * len(resident))
    return np.concatenate([resident, rng.choice(resident, size=extra)])
