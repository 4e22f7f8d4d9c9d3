"""The providers as Mesa agents: partners producing services.

After each year's settlement a non-owner partner decides, for the next year, its staffing mix
(the share of each profession's planned posts it keeps, with their appointment slots) and its
digital investment (IT spend on the digital channel it runs, booked as ``cost.it``). Both are
assumptions of ``actors.incentives`` with off switches in ``contract.behaviour``; every
decision goes into the provider's decision log.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import mesa

from ekosim.actors.cover import cover_staff
from ekosim.actors.incentives import digital_terms, savings_kept_share, staffing_plan
from ekosim.actors.staffing import book_slots, profession_services, staff_slots
from ekosim.carepath.booking import BookedService

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel
    from ekosim.scenario.schema import ServiceSpec


class Provider(mesa.Agent):
    """A partner producing services; books its costs in the open-book ledger."""

    model: EcosystemModel

    def __init__(self, model: EcosystemModel, name: str, kind: str, fee_eur_per_year: float):
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.fee_eur_per_year = fee_eur_per_year
        self.present_share: dict[str, float] = {}  # profession -> staff at work per post today
        self.posts_kept: dict[str, float] = {}  # profession -> share of planned posts kept
        self.digital_budget: dict[int, float] = {}  # year -> IT spend on the digital channel, EUR
        # channel -> (capacity a day, resolution rate) next year, where its investment changed
        # them (the network uses them: ``CareNetwork.use_channel_terms``)
        self.channel_terms: dict[str, tuple[int, float]] = {}
        self.log: list[tuple[int, str, float, str, str]] = []  # year, decision, value, unit, note
        # its staff's sickness and fractional FTEs' and slots' draws: its own stream
        self.staff_rng = model.streams.generator(f"staffing.{name}")
        self._book_slots_key: tuple[tuple[str, float], ...] | None = None
        self._book_slots_cache: dict[str, float] = {}

    @property
    def is_purchasers_own(self) -> bool:
        """Public providers are the purchaser's own production (in-house)."""
        return self.kind == "public"

    def book_cost(self, year: int, detail: str, amount_eur: float) -> None:
        """Book a production cost, split into ledger items by the provider's cost structure."""
        structure = self.model.scenario.providers[self.name].cost_structure
        self.model.ledger.post_cost(year, self.name, structure, detail, amount_eur)

    def plan_day(self, pressure: dict[str, int]) -> dict[str, float]:
        """Today's capacity of each of this provider's services that names a profession.

        The posts kept (``posts_kept``, the staffing decision) less vacancies are filled, in
        full-time equivalents; each whole filled FTE is at work unless sick today, and the
        part-time rest works its fraction of the day unless sick (so the mean is exact). A
        profession's present staff are shared among its services in proportion to each one's
        nominal capacity plus its waiting queue (``pressure``, ``staffing.staff_slots``: whole
        slots with an exact mean), never above the nominal capacity times the posts kept.
        A service with appointment books gets, under the key ``service.profession``, each
        profession's slots a working day as now staffed (``staffing.book_slots``; the books
        draw each day's whole slots as they open it).
        ``present_share`` keeps today's present staff per post by profession.
        """
        scenario = self.model.scenario
        staff = scenario.providers[self.name].staff
        capacity: dict[str, float] = {}
        self.present_share = {}
        for profession, spec in staff.items():
            kept = self.posts_kept.get(profession, 1.0)
            filled = spec.posts * kept * (1.0 - spec.vacancy_rate)
            whole_posts = int(filled)
            present = float(self.staff_rng.binomial(whole_posts, 1.0 - spec.sickness_absence))
            # the part-time rest (a fraction of an FTE) works its fraction unless sick today
            if filled > whole_posts and self.staff_rng.random() >= spec.sickness_absence:
                present += filled - whole_posts
            # Staff added beyond the plan are not the residents' named professionals.
            self.present_share[profession] = min(present / spec.posts, 1.0) if spec.posts else 0.0
            services, staffed = self._staffed_services[profession]
            at_work = present + cover_staff(self, spec.posts * kept, present, staffed)
            slots = staff_slots(at_work * spec.contacts_per_day, services, pressure, self.staff_rng)
            for name, service in services.items():
                # not rounded: the network draws the day's whole slots with this mean
                capacity[name] = min(service.capacity_per_day * kept, slots[name])
        return capacity | self._book_slots()

    @cached_property
    def _staffed_services(
        self,
    ) -> dict[str, tuple[dict[str, ServiceSpec], dict[str, ServiceSpec]]]:
        """By profession: the services its staff produce, and those with the booked services
        whose paths name it, on whose open days its cover (overtime, agency) is booked (a
        book's slots count cover on average). Fixed for a run: worked out once."""
        scenario = self.model.scenario
        named_in_paths = {
            name: s.booking.professions()
            for name, s in scenario.services.items()
            if s.provider == self.name and s.booking is not None
        }
        result = {}
        for profession in scenario.providers[self.name].staff:
            services = profession_services(scenario, self.name, profession)
            booked = {
                name: scenario.services[name]
                for name, professions in named_in_paths.items()
                if profession in professions
            }
            result[profession] = (services, services | booked)
        return result

    def _book_slots(self) -> dict[str, float]:
        """Each booked service's slots a working day by profession (``service.profession``)
        at the posts kept, worked out again only when the staffing decision changes them
        (the cached dict itself: callers copy it, as ``plan_day`` does)."""
        key = tuple(self.posts_kept.items())
        if self._book_slots_key != key:
            scenario = self.model.scenario
            self._book_slots_cache = {
                f"{name}.{p}": value
                for name, service in scenario.services.items()
                if service.provider == self.name and service.booking is not None
                for p, value in book_slots(scenario, name, self.posts_kept).items()
            }
            self._book_slots_key = key
        return self._book_slots_cache

    def decide(self, year: int) -> None:
        """Next year's staffing mix and digital investment (the purchaser's own production,
        paid its cost, does not respond)."""
        if self.is_purchasers_own:
            return
        self._decide_staffing(year)
        self._decide_digital(year)

    def book_investment(self, year: int) -> None:
        """Post the year's digital investment as IT cost, before the year is settled."""
        amount = self.digital_budget.get(year, 0.0)
        if amount:
            self.model.ledger.post(year, self.name, "cost.it.digital_investment", amount)

    def _decide_staffing(self, year: int) -> None:
        unit_cost, waiting = self._professions_state()
        plan = staffing_plan(self.model.scenario.contract, unit_cost, waiting)
        for profession, (kept, reason) in plan.items():
            self.posts_kept[profession] = kept
            self._note(year, f"staffing.{profession}", kept, "share of planned posts", reason)

    def _professions_state(self) -> tuple[dict[str, float], dict[str, int]]:
        """Each staffed profession's mean unit cost (EUR/contact) and the contacts waiting
        for its services now."""
        scenario = self.model.scenario
        staff = scenario.providers[self.name].staff
        costs: dict[str, list[float]] = {}
        waiting: dict[str, int] = {}
        for name, service in scenario.services.items():
            if service.provider != self.name:
                continue
            queue = self.model.network.services[name]
            if isinstance(queue, BookedService):  # each profession's own book
                waits = {
                    p: len(book) for p, book in zip(queue.professions, queue.books, strict=True)
                }
            elif service.profession in staff:
                waits = {service.profession: len(queue)}
            else:
                continue
            for profession, count in waits.items():
                costs.setdefault(profession, []).append(service.cost_per_contact_eur)
                waiting[profession] = waiting.get(profession, 0) + count
        return {p: sum(c) / len(c) for p, c in costs.items()}, waiting

    def _decide_digital(self, year: int) -> None:
        scenario = self.model.scenario
        channel = scenario.channels.digital
        if channel is None or channel.provider != self.name:
            return
        behaviour = scenario.contract.behaviour
        share = savings_kept_share(scenario.contract)
        eur_per_resident = behaviour.digital_investment_eur_per_resident_year * share
        amount = eur_per_resident * self.model.population.residents.size
        self.channel_terms.pop("digital", None)
        if amount > 0:
            self.digital_budget[year + 1] = amount
            self.channel_terms["digital"] = digital_terms(
                channel, eur_per_resident, behaviour.digital_effect_per_10_eur
            )
        note = f"keeps {share:.2f} of a saving"
        self._note(year, "digital_investment", amount, "EUR next year", note)

    def _note(self, year: int, decision: str, value: float, unit: str, note: str) -> None:
        self.log.append((year, decision, value, unit, note))
