"""Staff cover: the posts not at work (vacancies, sickness absence) filled by overtime of the
provider's own staff first, then by agency (leased) staff, at a premium per hour.

The regular hour is already in the contacts' unit cost (``cost_per_contact_eur``), so only the
premium is booked, as ``cost.staff.overtime`` and ``cost.staff.agency`` of the provider, on the
days one of the profession's services is open. The covering staff add capacity but are not
anyone's named professional. Deterministic: no random draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekosim.actors.partners import Provider
    from ekosim.scenario.schema import ServiceSpec, StaffCoverSpec


def covered(spec: StaffCoverSpec, planned: float, present: float) -> tuple[float, float]:
    """(overtime, agency) persons covering the ``planned - present`` posts not at work."""
    gap = max(planned - present, 0.0)
    return gap * spec.overtime_share_of_gap, gap * spec.agency_share_of_gap


def cover_staff(
    provider: Provider, planned: float, present: float, services: dict[str, ServiceSpec]
) -> float:
    """Persons added today to a profession's ``present`` staff out of ``planned`` posts (kept
    posts before vacancies and sickness); books their premium in the ledger and the model's
    cost of the day."""
    model = provider.model
    spec = model.scenario.staff_cover
    day = max(model.day - 1, 0)  # Mesa's clock already stands at the end of today
    open_today = any(model.network.is_open(day, s.open_days_per_week) for s in services.values())
    if planned <= present or not open_today:
        return 0.0
    overtime, agency = covered(spec, planned, present)
    hours = spec.hours_per_day
    costs = {
        "cost.staff.overtime": overtime * hours * spec.overtime_premium_eur_per_hour,
        "cost.staff.agency": agency * hours * spec.agency_premium_eur_per_hour,
    }
    year = model.year
    for item, amount in costs.items():
        if amount:
            model.ledger.post(year, provider.name, item, amount)
    model.ledger.count_day(sum(costs.values()), 0.0)
    return overtime + agency
