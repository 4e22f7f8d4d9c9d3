"""NGOs as Mesa agents: low-threshold services (kiosk, peer groups, cafe, events).

After the needs assessment, non-urgent contacts of the need types an NGO takes may go to its
low-threshold services instead of a professional service, as far as the day's volunteer and
kiosk capacity reaches; they are served the same day. Some of those served start to take
part in groups, which raises their well-being through the residents' social participation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from ekosim.carepath.queue import DayOutcome
from ekosim.contacts import Contacts
from ekosim.contracts.ledger import REGION
from ekosim.population.needs import NEEDS
from ekosim.scenario.schema import DEFAULT_COST_STRUCTURE, NgoSpec

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

NGO_PREFIX = "ngo."
KIOSK_DAYS_PER_WEEK = 5  # the kiosk is open on weekdays (assumption)


class Ngo(mesa.Agent):
    model: EcosystemModel

    def __init__(self, model: EcosystemModel, name: str, spec: NgoSpec) -> None:
        super().__init__(model)
        self.name = name
        self.spec = spec
        self.diverted = np.zeros(len(NEEDS))
        for need, share in spec.diverted_needs.items():
            self.diverted[NEEDS.index(need)] = share
        areas = list(model.scenario.population.areas)
        # Which home areas it serves (indices into population.areas); None = everyone.
        self.areas = np.array([areas.index(a) for a in spec.areas]) if spec.areas else None

    def capacity_today(self, weekday: bool) -> int:
        spec = self.spec
        volunteers = spec.volunteers * spec.contacts_per_volunteer_week / 7
        kiosk = spec.kiosk_hours_per_week / KIOSK_DAYS_PER_WEEK * spec.contacts_per_kiosk_hour
        return int(volunteers + (kiosk if weekday else 0.0))

    def divert(self, contacts: Contacts, weekday: bool) -> tuple[Contacts, DayOutcome]:
        """Take what this NGO serves today; returns the rest and the NGO's flow row."""
        streams, day = self.model.streams, self.model.network.day
        residents = self.model.population.residents
        u = streams.uniform(f"ngo.{self.name}.diversion", day, contacts.resident)
        wants = ~contacts.urgent & (u < self.diverted[contacts.need])
        if self.areas is not None:
            wants &= np.isin(residents.area[contacts.resident], self.areas)
        taken = wants & (np.cumsum(wants) <= self.capacity_today(weekday))
        served = contacts.take(taken)
        u = streams.uniform(f"ngo.{self.name}.uptake", day, served.resident)
        joins = served.resident[u < self.spec.participation_uptake]
        residents.social[joins] = True
        year = self.model.year
        self.model.ledger.post_cost(
            year,
            self.name,
            DEFAULT_COST_STRUCTURE,
            "low_threshold_contacts",
            len(served) * self.spec.cost_per_contact_eur,
        )
        outcome = DayOutcome(
            arrivals=len(served),
            started=len(served),
            abandoned=0,
            queue_end=0,
            served=served,
            started_wait_days=np.zeros(len(served), dtype=np.int32),
            capacity=self.capacity_today(weekday),
        )
        return contacts.take(~taken), outcome

    def pay_grant(self, year: int) -> None:
        """The purchaser's grant for the year (a cost of the purchaser)."""
        if self.spec.grant_eur_per_year:
            self.model.ledger.post(year, REGION, "cost.ngo_grants", self.spec.grant_eur_per_year)
