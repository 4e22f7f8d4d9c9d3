"""How many of a service's slots its staff can fill: the one rule the providers use each day
(``Provider.plan_day``), and the same rule on an average day for a scenario as planned.

A service that names a profession gets the smaller of its nominal slots and its share of the
profession's present staff; raising its slots above that share changes nothing, so planners
need to see the share (``daily_capacity``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ekosim.actors.cover import covered
from ekosim.scenario.schema import Scenario, ServiceSpec


def staff_slots(
    pool: float, services: Mapping[str, ServiceSpec], pressure: Mapping[str, int]
) -> dict[str, int]:
    """Each service's whole slots out of its profession's ``pool`` (contacts the present staff
    can handle today), shared in proportion to nominal capacity plus waiting queue."""
    weight = {name: s.capacity_per_day + pressure.get(name, 0) for name, s in services.items()}
    total = sum(weight.values())
    return {name: int(pool * weight[name] / total) if total else 0 for name in services}


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
    nominal: int
    staffed: int | None
    leasable: int = 0

    @property
    def limit(self) -> int:
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
    providers' own rule (``staff_slots``), with all planned posts kept."""
    staffed: dict[str, int] = {}
    for provider, spec in scenario.providers.items():
        for profession, staff in spec.staff.items():
            filled = round(staff.posts * (1.0 - staff.vacancy_rate))
            present = filled * (1.0 - staff.sickness_absence)
            present += sum(covered(scenario.staff_cover, staff.posts, present))  # actors.cover
            pool = present * staff.contacts_per_day
            services = profession_services(scenario, provider, profession)
            staffed.update(staff_slots(pool, services, {}))
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
