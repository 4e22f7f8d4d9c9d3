"""How providers respond to the payment model's incentives (each an assumption with an off switch).

- fee-for-service rewards volume: providers supply extra (follow-up) contacts;
- capitation makes treatment the provider's cost but specialist care the region's: providers
  lower their referral threshold, shifting cost to the region, and staff less capacity;
- an alliance whose target or KPIs include specialist care raises the referral threshold; its
  joint management group invests gains in prevention, which avoids contacts.
The model reads the responses through three hooks: a multiplier on the contacts supplied, a
multiplier on the partners' service capacity, and a referral propensity per service, read by
the specialist-care flow.

Each year, after the settlement, a partner also decides (``actors.Provider.decide``):
- its staffing mix (``staffing_plan``): under capitation it trims its costliest profession,
  under fee-for-service it staffs up where there is a waiting list to bill, in an alliance (and
  otherwise) it keeps the planned posts the joint plan needs;
- its digital investment (``savings_kept_share``, ``digital_terms``): IT spend that raises the
  digital channel's capacity and resolution, in proportion to the share of savings it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.scenario.schema import ChannelSpec, ContractSpec
from ekosim.streams import pick

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
    return np.concatenate([resident, pick(rng, resident, extra)])


def staffing_plan(
    contract: ContractSpec, unit_cost: dict[str, float], waiting: dict[str, int]
) -> dict[str, tuple[float, str]]:
    """Share of its planned posts a partner keeps next year, by profession, with the reason.

    ``unit_cost``: each profession's mean unit cost of the services it produces, EUR/contact;
    ``waiting``: the contacts waiting for its services at the year's end.
    """
    behaviour = contract.behaviour
    costliest = max(unit_cost.values(), default=0.0)
    plan = {}
    for profession, cost in unit_cost.items():
        kept, reason = 1.0, "keep the planned posts"
        if contract.model == "capitation" and cost == costliest and behaviour.capitation_staff_trim:
            kept, reason = 1.0 - behaviour.capitation_staff_trim, "trim the costliest profession"
        elif contract.model == "fee_for_service" and waiting.get(profession, 0) > 0:
            kept = 1.0 + behaviour.ffs_extra_staff_share
            reason = f"staff for volume ({waiting[profession]} waiting)"
        plan[profession] = (kept, reason)
    return plan


def savings_kept_share(contract: ContractSpec) -> float:
    """Share of a saving (a contact avoided) that stays with the partner: what makes digital
    investment pay for it. Under fee-for-service an avoided contact is a lost fee; in-house
    partners are paid their cost."""
    match contract.model:
        case "capitation" | "fixed_price":
            return 1.0
        case "alliance":
            return contract.gain_share
    return 0.0


def digital_terms(
    channel: ChannelSpec, eur_per_resident: float, effect_per_10_eur: float
) -> tuple[int, float]:
    """The digital channel's capacity (contacts/day) and resolution rate in a year with this
    much investment: capacity x (1 + effect)^(EUR/10); (1 - resolution) x (1 - effect)^(EUR/10)."""
    steps = eur_per_resident / 10.0
    capacity = round(channel.capacity_per_day * (1.0 + effect_per_10_eur) ** steps)
    unresolved = (1.0 - channel.resolution_rate) * (1.0 - effect_per_10_eur) ** steps
    return capacity, 1.0 - unresolved
