"""How many of a service's slots its staff can fill: the one rule the providers use each day
(``Provider.plan_day``), and the same rule on an average day for a scenario as planned.

A service that names a profession gets the smaller of its nominal slots and its share of the
profession's present staff; raising its slots above that share changes nothing, so planners
need to see the share (``daily_capacity``). Staff are full-time equivalents (floats); a day's
slots are whole, drawn so that their mean is exact (``carepath.booking.whole``), so an area
scaled down keeps its per-resident capacity. A service with appointment books (``booking``)
gets each profession's staffed slots for its own book (``book_slots``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ekosim.actors.cover import covered
from ekosim.carepath.booking import whole
from ekosim.scenario.schema import Scenario, ServiceSpec, StaffCoverSpec, StaffSpec


def staff_slots(
    pool: float,
    services: Mapping[str, ServiceSpec],
    pressure: Mapping[str, int],
    rng: np.random.Generator | None = None,
) -> dict[str, float]:
    """Each service's slots out of its profession's ``pool`` (contacts the present staff can
    handle today), shared in proportion to nominal capacity plus waiting queue: whole slots
    drawn with an exact mean when ``rng`` is given, else the mean itself."""
    weight = {name: s.capacity_per_day + pressure.get(name, 0) for name, s in services.items()}
    total = sum(weight.values())
    share = {name: pool * weight[name] / total if total else 0.0 for name in services}
    if rng is None:
        return share
    return {name: float(whole(value, rng)) for name, value in share.items()}


def staffed_slots(
    staff: StaffSpec, kept: float = 1.0, cover: StaffCoverSpec | None = None
) -> float:
    """A profession's slots on an average working day: its FTE kept, less vacancies and
    sickness absence, plus the overtime and agency staff who ``cover`` part of that gap
    (``actors.cover``), times slots per FTE day."""
    planned = staff.posts * kept
    present = planned * (1.0 - staff.vacancy_rate) * (1.0 - staff.sickness_absence)
    if cover is not None:
        present += sum(covered(cover, planned, present))
    return present * staff.contacts_per_day


def book_slots(
    scenario: Scenario,
    service: str,
    kept: Mapping[str, float] | None = None,
    multiplier: float = 1.0,
) -> dict[str, float]:
    """A booked service's slots a working day by profession (``booking.professions()``):
    each profession's staffed slots (``kept`` share of its posts, the partner's staffing
    decision) times ``multiplier`` (its incentive response), all together at most the
    service's ``capacity_per_day`` (rooms) times the largest share kept."""
    spec = scenario.services[service]
    assert spec.booking is not None
    kept = kept or {}
    staff = scenario.providers[spec.provider].staff
    slots = {
        p: staffed_slots(staff[p], kept.get(p, 1.0), scenario.staff_cover) * multiplier
        for p in spec.booking.professions()
    }
    rooms = spec.capacity_per_day * multiplier * max([1.0, *(kept.get(p, 1.0) for p in slots)])
    total = sum(slots.values())
    if total > rooms:
        slots = {p: value * rooms / total for p, value in slots.items()}
    return slots


def profession_services(
    scenario: Scenario, provider: str, profession: str
) -> dict[str, ServiceSpec]:
    """The provider's services produced by this profession's staff."""
    return {
        name: service
        for name, service in scenario.services.items()
        if service.provider == provider and service.profession == profession
    }


@dataclass(frozen=True)
class ServiceCapacity:
    """A service's daily capacity on an average working day of the first year.

    ``nominal`` is its slots (``capacity_per_day``); ``staffed`` what its share of the staff
    at work delivers (posts less vacancies, less average sickness absence, times contacts per
    person), None when no staff are named; ``leasable`` the home-care visits a service
    integrator may add with leased staff. The partners' later staffing decisions and capacity
    responses to their contract are not included.
    """

    service: str
    nominal: float
    staffed: int | None
    leasable: int = 0

    @property
    def limit(self) -> float:
        """The most the service can start a working day: slots, unless staff run out first."""
        if self.staffed is None:
            return self.nominal
        return min(self.nominal, self.staffed + self.leasable)

    @property
    def staff_bound(self) -> bool:
        """Whether staff, not slots, set the capacity (more slots would change nothing)."""
        return self.limit < self.nominal


def daily_capacity(scenario: Scenario) -> dict[str, ServiceCapacity]:
    """Every service's nominal and staffed capacity on an average day with empty queues, by the
    providers' own rule (``staff_slots``, ``book_slots``), with all planned posts kept
    (staffed slots rounded to whole contacts)."""
    staffed: dict[str, int] = {}
    for provider, spec in scenario.providers.items():
        for profession, staff in spec.staff.items():
            services = profession_services(scenario, provider, profession)
            shares = staff_slots(staffed_slots(staff, cover=scenario.staff_cover), services, {})
            staffed.update({name: round(value) for name, value in shares.items()})
    for name, service in scenario.services.items():
        if service.booking is not None:
            staffed[name] = round(sum(book_slots(scenario, name).values()))
    leasable = _leasable(scenario)
    return {
        name: ServiceCapacity(
            name,
            service.capacity_per_day,
            staffed.get(name),
            leasable.get(name, 0) if name in staffed else 0,
        )
        for name, service in scenario.services.items()
    }


def _leasable(scenario: Scenario) -> dict[str, int]:
    """Visits a day an enabled service integrator can staff for the home-care service."""
    integrator, home = scenario.integrator, scenario.home_care.service
    if integrator is None or not integrator.enabled or home is None:
        return {}
    return {home: integrator.leasable_visits_per_day}
