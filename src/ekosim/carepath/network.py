"""The service network: one-door contact through a channel, needs assessment, routing as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ekosim import kernels
from ekosim.carepath.booking import BookedService, whole
from ekosim.carepath.queue import CompiledQueue, DayOutcome, ServiceQueue
from ekosim.contacts import EMPTY_INT, Contacts
from ekosim.kpis import KpiWindow, ratio
from ekosim.population import Population
from ekosim.population.needs import NEEDS
from ekosim.scenario.schema import Scenario, ServiceSpec
from ekosim.streams import RandomStreams

Diversion = Callable[[Contacts, bool], tuple[Contacts, dict[str, DayOutcome]]]
DrawRows = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

CHANNEL_PREFIX = "channel."
CHANNELS = ("phone", "digital", "walk_in")
# The wait distribution's name for the front door's waits: first contacts waiting to be
# answered (called back, their chat taken) in a channel.
WAITING_TO_BE_REACHED = "waiting_to_be_reached"
INITIAL_WAIT_SPREAD_DAYS = 30  # an existing waiting list arrived over the last month


@dataclass
class NetworkTally:
    """What the channels and services did since the last KPI window closed."""

    first_contacts: int = 0
    first_same_day: int = 0
    digital_contacts: int = 0
    waits: list[np.ndarray] = field(default_factory=list)  # primary care's started contacts
    within_guarantee: int = 0
    primary_arrivals: int = 0
    primary_abandoned: int = 0
    primary_visits: int = 0
    resolved_remote: int = 0
    resolved_in_channel: int = 0
    home_visits_needed: int = 0
    home_visits_missed: int = 0
    ngo_contacts: int = 0
    # The front door: contacts that gave up waiting for a callback or a chat, and the days
    # each first contact waited to be reached (answered, or until it gave up).
    channel_abandoned: int = 0
    contact_waits: list[np.ndarray] = field(default_factory=list)
    doctor_visits: int = 0
    non_urgent_visits: int = 0  # at primary-care services
    non_urgent_within_14: int = 0
    doctor_non_urgent: int = 0
    doctor_within_7: int = 0
    doctor_within_14: int = 0


@dataclass(frozen=True)
class NetworkDay:
    """What the network did on one day: each channel's, NGO's and service's outcome by flow
    name, the contacts each channel resolved, the referrals onward by target service, and by
    flow name the contacts whose care episode ended there today (``completed``)."""

    outcomes: dict[str, DayOutcome]
    resolved: dict[str, int]
    referred: dict[str, list[Contacts]]
    completed: dict[str, int]


class CareNetwork:
    """Channels and services, each a queue with its own daily capacity and working days.

    Order within a day: contacts choose a channel (phone, digital or walk-in; digital more
    likely the higher a resident's digital literacy); the channel assesses the need the same
    day and resolves some; the rest are routed by need type through ``scenario.routing`` to a
    service queue, behind the referrals between services that join it today. Without channels,
    contacts go straight to the services. ``capacity`` (name -> contacts today) lets the
    providers' staffing override a service's nominal capacity.
    """

    KPIS = (
        "unmet_need_share",
        "same_day_contact_share",
        "within_guarantee_share",
        "median_wait_days",
        "p90_wait_days",
        "digital_share",
        "contacts_per_resident_year",
        "waiting_at_end",
        "abandonment_share",
        "t3_days",
        "remote_share",
        "primary_care_contacts_per_resident_year",
        "home_care_visits_missed_share",
        "ngo_share",
        "contact_wait_days_p90",
        "contact_abandonment_share",
        "doctor_visit_share",
        "doctor_within_7_days_share",
        "doctor_within_14_days_share",
        "within_14_days_share",
    )

    def __init__(
        self,
        scenario: Scenario,
        streams: RandomStreams | np.random.Generator,
        population: Population | None = None,
    ) -> None:
        """``streams``: the model's random streams. Each contact's channel, resolution in the
        channel, routing and referrals read its resident's own number for the day; each
        queue's abandonment, each book and each service's fractional capacity draw from their
        own generators, so no process's draws shift another's."""
        self.scenario = scenario
        self.streams = streams = RandomStreams.coerce(streams)
        self.population = population
        channels = scenario.channels
        self.channel_specs = {
            name: spec for name in CHANNELS if (spec := getattr(channels, name)) is not None
        }
        self.channel_shares = self._channel_shares()
        # Where the digital share is set per resident, the other channels split the rest.
        names = list(self.channel_specs)
        self._digital_column = names.index("digital") if "digital" in names else 0
        self._other_columns = [i for i in range(len(names)) if i != self._digital_column]
        others = self.channel_shares[self._other_columns]
        self._other_shares = others / others.sum() if others.sum() > 0 else np.zeros_like(others)
        queue = CompiledQueue if streams.engine == "compiled" else ServiceQueue
        self.channels = {
            name: queue(spec.patience_days) for name, spec in self.channel_specs.items()
        }
        self._channel_abandon = {n: q.abandon_probability for n, q in self.channels.items()}
        self.first_weekday = scenario.start_date.weekday()
        self.services: dict[str, ServiceQueue | BookedService] = {
            name: queue(spec.patience_days)
            if spec.booking is None
            else BookedService(
                spec, scenario.start_date, streams, summer_leave(scenario, spec), name
            )
            for name, spec in scenario.services.items()
        }
        # Each booked service's professions' staffed slots a working day, as planned; the
        # providers' plan (``capacity`` keys ``service.profession``) replaces them day by day.
        self.book_slots = planned_book_slots(scenario)
        self.day = 0
        self.service_index = {name: i for i, name in enumerate(scenario.services)}
        self.routing = routing_matrix(scenario)
        self._draw_rows: DrawRows = (
            kernels.load("choice.draw_rows") if streams.engine == "compiled" else draw_rows
        )
        # channel -> (capacity a day, resolution rate) this year, where a partner's investment
        # changed them (actors.Provider's digital investment); else the channel's spec.
        self.channel_terms: dict[str, tuple[int, float]] = {}
        self.tally = NetworkTally()
        self._today = 0
        self._preload_waiting_lists()

    def step(
        self,
        day: int,
        contacts: Contacts,
        capacity: dict[str, float] | None = None,
        extra: dict[str, Contacts] | None = None,
        divert: Diversion | None = None,
        handed_over: dict[str, Contacts] | None = None,
    ) -> NetworkDay:
        """Serve one day.

        ``capacity`` overrides services' nominal capacity today (staffing); ``extra`` adds
        arrivals that bypass the channels (home-care visits, discharges); ``divert`` takes
        assessed contacts to low-threshold services (NGOs) and returns the rest;
        ``handed_over`` are the referrals between services that join today (first in line).
        """
        outcomes: dict[str, DayOutcome] = {}
        self.day = day
        escalated, resolved = self._through_channels(day, contacts, outcomes)
        if divert is not None:
            escalated, diverted = divert(escalated, self.is_open(day, 5))
            outcomes.update(diverted)
        u = self.streams.uniform("routing", day, escalated.resident)
        target = self._draw_rows(u, self.routing, escalated.need)
        capacity, extra, handed_over = capacity or {}, extra or {}, handed_over or {}
        routed = escalated.split(target, len(self.services))
        for (name, queue), arrivals in zip(self.services.items(), routed, strict=True):
            spec = self.scenario.services[name]
            joining = Contacts.join(
                [
                    *([handed_over[name]] if name in handed_over else []),
                    arrivals,
                    *([extra[name]] if name in extra else []),
                ]
            )
            if isinstance(queue, BookedService):
                slots = [
                    capacity.get(f"{name}.{p}", planned)
                    for p, planned in zip(queue.professions, self.book_slots[name], strict=True)
                ]
                outcomes[name] = queue.serve_day(day, joining, slots)
                continue
            # Closed days serve no one (out-of-hours emergencies are outside this network).
            open_today = self.is_open(day, spec.open_days_per_week)
            today = capacity.get(name, spec.capacity_per_day) if open_today else 0
            staffed = whole(today, self.streams.generator(f"capacity.{name}"))
            outcomes[name] = queue.serve_day(day, joining, staffed, self._queue_stream(name))
        referred, referring = self._refer(outcomes)
        self._count(outcomes, resolved)
        # An episode ends where no further service follows: resolved in a channel, served by
        # an NGO, or started at a service without a referral onward.
        completed = {name: outcome.started for name, outcome in outcomes.items()}
        completed |= {CHANNEL_PREFIX + name: count for name, count in resolved.items()}
        for name, count in referring.items():
            completed[name] -= count
        return NetworkDay(outcomes, resolved, referred, completed)

    def use_channel_terms(self, terms: dict[str, tuple[int, float]]) -> None:
        """Channels' (capacity a day, resolution rate) from now on, where the partners'
        investments changed them; the other channels keep their spec's."""
        self.channel_terms = dict(terms)

    def is_open(self, day: int, open_days_per_week: int) -> bool:
        return (self.first_weekday + day) % 7 < open_days_per_week

    def t3_days(self) -> float:
        """T3 now: calendar days to the third-next free non-urgent appointment, when the
        queue ahead is served at the nominal capacity of the service's open days; at most
        the scenario's horizon (without capacity no appointment is ever free: not infinity,
        so KPI means and plots stay finite)."""
        scenario = self.scenario
        name = scenario.care_guarantee.t3_service or scenario.continuity.service
        name = name or next(iter(scenario.services))
        spec = scenario.services[name]
        queue = self.services[name]
        if isinstance(queue, BookedService):  # read from the doctors' book as staffed
            return min(queue.t3_days(self.day), float(scenario.days))
        open_days = queue.days_to_nth_free_slot(3, spec.capacity_per_day)
        return min(open_days * 7 / spec.open_days_per_week, float(scenario.days))

    def waiting(self) -> int:
        return sum(len(queue) for queue in self.services.values())

    def unmet_today(self) -> tuple[Contacts, Contacts]:
        """Care not given today: the contacts that gave up waiting at a channel or a service
        (not home care), and the home-care visits missed."""
        home = self.scenario.home_care.service
        gave_up = [queue.left for queue in self.channels.values()]
        gave_up += [queue.left for name, queue in self.services.items() if name != home]
        missed = self.services[home].left if home in self.services else Contacts.of(EMPTY_INT)
        return Contacts.join(gave_up), missed

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The access and queue KPIs of the window (then the tally restarts)."""
        tally, per_year = self.tally, window.per_year
        waits = np.concatenate(tally.waits) if tally.waits else np.empty(0)
        contact_waits = np.concatenate(tally.contact_waits) if tally.contact_waits else waits[:0]
        primary = tally.resolved_in_channel + tally.primary_visits
        # Over the contacts that arrived, or, where a backlog drains (an initial waiting list),
        # over those whose wait ended: shares stay within 0..1.
        ended = max(tally.primary_arrivals, tally.primary_visits + tally.primary_abandoned)
        values = {
            # A contact that gave up at the front door never arrived at a service: it adds
            # one to the needs as well as to the unmet.
            "unmet_need_share": ratio(
                tally.primary_abandoned + tally.home_visits_missed + tally.channel_abandoned,
                ended + tally.home_visits_needed + tally.channel_abandoned,
            ),
            "contact_wait_days_p90": float(np.percentile(contact_waits, 90))
            if len(contact_waits)
            else 0.0,
            "contact_abandonment_share": ratio(tally.channel_abandoned, tally.first_contacts),
            "abandonment_share": ratio(tally.primary_abandoned, ended),
            "t3_days": self.t3_days(),
            "remote_share": ratio(tally.resolved_remote, primary),
            "primary_care_contacts_per_resident_year": primary * (per_year / window.residents),
            "home_care_visits_missed_share": ratio(
                tally.home_visits_missed, tally.home_visits_needed
            ),
            "ngo_share": ratio(tally.ngo_contacts, tally.first_contacts),
            "same_day_contact_share": ratio(tally.first_same_day, tally.first_contacts),
            "within_guarantee_share": ratio(tally.within_guarantee, len(waits), empty=1.0),
            "median_wait_days": float(np.median(waits)) if len(waits) else 0.0,
            "p90_wait_days": float(np.percentile(waits, 90)) if len(waits) else 0.0,
            "digital_share": ratio(tally.digital_contacts, tally.first_contacts),
            "contacts_per_resident_year": tally.first_contacts / window.residents * per_year,
            "waiting_at_end": float(self.waiting()),
            "doctor_visit_share": ratio(tally.doctor_visits, primary),
            "doctor_within_7_days_share": ratio(
                tally.doctor_within_7, tally.doctor_non_urgent, empty=1.0
            ),
            "doctor_within_14_days_share": ratio(
                tally.doctor_within_14, tally.doctor_non_urgent, empty=1.0
            ),
            "within_14_days_share": ratio(
                tally.non_urgent_within_14, tally.non_urgent_visits, empty=1.0
            ),
        }
        self.tally = NetworkTally()
        return values

    def _count(self, outcomes: dict[str, DayOutcome], resolved: dict[str, int]) -> None:
        """Add the day's outcomes to the KPI window's tally."""
        tally, scenario = self.tally, self.scenario
        channels = {k: v for k, v in outcomes.items() if k.startswith(CHANNEL_PREFIX)}
        services = {k: v for k, v in outcomes.items() if not k.startswith(CHANNEL_PREFIX)}
        for name, outcome in (channels or services).items():  # where contacts first arrive
            tally.first_contacts += outcome.arrivals
            tally.first_same_day += int(np.count_nonzero(outcome.started_wait_days == 0))
            if name == CHANNEL_PREFIX + "digital":
                tally.digital_contacts += outcome.arrivals
        for name, queue in self.channels.items():  # the front door's waits to be reached
            outcome = outcomes[CHANNEL_PREFIX + name]
            tally.channel_abandoned += outcome.abandoned
            tally.contact_waits.append(outcome.started_wait_days)
            if outcome.abandoned:
                tally.contact_waits.append(self._today - queue.left_arrival_day)
        tally.resolved_in_channel += sum(resolved.values())
        tally.resolved_remote += resolved.get("phone", 0) + resolved.get("digital", 0)
        guarantee = scenario.care_guarantee
        home = scenario.home_care.service
        for name, outcome in services.items():
            if name == home:
                tally.home_visits_needed += outcome.arrivals
                tally.home_visits_missed += outcome.abandoned
            spec = scenario.services.get(name)
            if spec is None:  # an NGO's low-threshold service
                tally.ngo_contacts += outcome.started
                continue
            if not spec.primary_care:
                continue
            tally.primary_arrivals += outcome.arrivals
            tally.primary_abandoned += outcome.abandoned
            tally.primary_visits += outcome.started
            waits = outcome.waits_from_contact
            tally.waits.append(waits)
            young = (
                self.population.residents.age[outcome.started_resident] < 23
                if self.population is not None
                else np.zeros(outcome.started, bool)
            )
            limit = np.where(young, guarantee.limit_days_under_23, guarantee.limit_days_23_and_over)
            tally.within_guarantee += int(np.count_nonzero(waits <= limit))
            non_urgent = ~outcome.served.urgent
            tally.non_urgent_visits += int(np.count_nonzero(non_urgent))
            tally.non_urgent_within_14 += int(np.count_nonzero(non_urgent & (waits <= 14)))
            if outcome.doctor is not None:
                doctor = outcome.doctor
                tally.doctor_visits += int(np.count_nonzero(doctor))
                seen = doctor & non_urgent
                tally.doctor_non_urgent += int(np.count_nonzero(seen))
                tally.doctor_within_7 += int(np.count_nonzero(seen & (waits <= 7)))
                tally.doctor_within_14 += int(np.count_nonzero(seen & (waits <= 14)))

    def _through_channels(
        self, day: int, contacts: Contacts, outcomes: dict[str, DayOutcome]
    ) -> tuple[Contacts, dict[str, int]]:
        """The contacts escalated to the services, and how many each channel resolved."""
        self._today = day
        if not self.channels:
            return contacts, {}
        chosen = contacts.split(self._choose_channel(day, contacts.resident), len(self.channels))
        escalated, resolved_in = [], {}
        for (name, queue), arrivals in zip(self.channels.items(), chosen, strict=True):
            spec = self.channel_specs[name]
            planned, resolution = self.channel_terms.get(
                name, (spec.capacity_per_day, spec.resolution_rate)
            )
            open_today = self.is_open(day, spec.open_days_per_week)
            capacity = planned if open_today else 0
            # Contacts not answered today wait for a callback (or their chat to be taken),
            # urgent ones first; past their patience they give up (the front door's stream).
            # Patience runs on the channel's open days: on closed days no callback is due.
            queue.abandon_probability = self._channel_abandon[name] if open_today else 0.0
            outcome = queue.serve_day(
                day, arrivals, capacity, self._queue_stream(CHANNEL_PREFIX + name)
            )
            outcomes[CHANNEL_PREFIX + name] = outcome
            # Urgent needs always go on to a professional; others may be resolved here.
            u = self.streams.uniform(f"resolution.{name}", day, outcome.served.resident)
            resolved = (u < resolution) & ~(outcome.served.urgent)
            resolved_in[name] = int(np.count_nonzero(resolved))
            escalated.append(outcome.served.take(~resolved))
        return Contacts.join(escalated), resolved_in

    def _queue_stream(self, name: str) -> np.random.Generator:
        """The generator of the queue ``name``'s abandonment (who gives up)."""
        return self.streams.generator(f"abandonment.{name}")

    def _choose_channel(self, day: int, resident: np.ndarray) -> np.ndarray:
        """Each contact's channel index. The digital share follows the scenario's digital
        maturity (``digital_share``) on average and each resident's digital literacy."""
        u = self.streams.uniform("channel", day, resident)
        if "digital" in self.channel_specs and self.population is not None and len(resident):
            literacy = self.population.residents.digital_literacy[resident].astype(float)
            mean = literacy.mean()
            column = self._digital_column
            base = self.channel_shares[column]
            digital = (
                np.clip(base * literacy / mean, 0.0, 1.0) if mean > 0 else np.zeros_like(literacy)
            )
            shares = np.empty((len(resident), len(self.channel_shares)))
            shares[:, column] = digital
            shares[:, self._other_columns] = self._other_shares[None, :] * (1.0 - digital)[:, None]
            return self._draw_rows(u, shares, np.arange(len(resident)))
        everyone = np.zeros(len(resident), dtype=np.int64)  # the one row of shares for all
        return self._draw_rows(u, self.channel_shares[None, :], everyone)

    def _refer(
        self, outcomes: dict[str, DayOutcome]
    ) -> tuple[dict[str, list[Contacts]], dict[str, int]]:
        """Today's referrals onward from each service's started contacts, by target; and by
        service the contacts referred onward (to one target or more)."""
        referred: dict[str, list[Contacts]] = {name: [] for name in self.services}
        referring: dict[str, int] = {}
        for name, spec in self.scenario.services.items():
            served = outcomes[name].served
            onward = outcomes[name].onward
            # a path going on to another profession of the service is not a completed episode
            sent = np.zeros(len(served), dtype=bool) if onward is None else onward.copy()
            for target, chance in spec.referrals.items():
                u = self.streams.uniform(f"referral.{name}.{target}", self.day, served.resident)
                onward = u < chance
                if onward.any():
                    referred[target].append(served.take(onward))
                    sent |= onward
            referring[name] = int(np.count_nonzero(sent))
        return referred, referring

    def _channel_shares(self) -> np.ndarray:
        spec = self.scenario.channels
        if not self.channel_specs:
            return np.empty(0)
        wanted = {
            "digital": spec.digital_share,
            "walk_in": spec.walk_in_share,
            "phone": 1.0 - spec.digital_share - spec.walk_in_share,
        }
        shares = np.array([wanted[name] for name in self.channel_specs])
        # A missing channel's share goes to the others in proportion; all zero -> equal split.
        return shares / shares.sum() if shares.sum() > 0 else np.full(len(shares), 1 / len(shares))

    def _preload_waiting_lists(self) -> None:
        for name, spec in self.scenario.services.items():
            if spec.initial_waiting:
                n = spec.initial_waiting
                size = self.population.next_slot if self.population is not None else n
                rng = self.streams.generator(f"waiting_list.{name}")
                who = rng.integers(0, max(size, 1), size=n)
                since = -rng.integers(1, INITIAL_WAIT_SPREAD_DAYS + 1, size=n)
                queue = self.services[name]
                if isinstance(queue, BookedService):
                    queue.preload(Contacts.of(who), since, self.book_slots[name])
                else:
                    queue.preload(Contacts.of(who), since)


def summer_leave(scenario: Scenario, spec: ServiceSpec) -> list[float]:
    """Each of a booked service's professions' summer leave weeks (``booking`` order)."""
    assert spec.booking is not None
    staff = scenario.providers[spec.provider].staff
    return [staff[p].summer_leave_weeks for p in spec.booking.professions()]


def planned_book_slots(scenario: Scenario) -> dict[str, list[float]]:
    """Each booked service's slots a working day by profession (its ``booking``'s order), with
    every planned post kept (``actors.staffing.book_slots``)."""
    from ekosim.actors.staffing import book_slots  # lazily: actors import the care paths

    return {
        name: list(book_slots(scenario, name).values())
        for name, spec in scenario.services.items()
        if spec.booking is not None
    }


def routing_matrix(scenario: Scenario) -> np.ndarray:
    """Shape (needs, services): the chance that an escalated need goes to each service."""
    names = list(scenario.services)
    default = np.array([spec.share_of_needs for spec in scenario.services.values()], dtype=float)
    default = default / default.sum() if default.sum() > 0 else np.full(len(names), 1 / len(names))
    matrix = np.tile(default, (len(NEEDS), 1))
    for need, shares in scenario.routing.items():
        row = np.zeros(len(names))
        for service, share in shares.items():
            row[names.index(service)] = share
        matrix[NEEDS.index(need)] = row / row.sum() if row.sum() > 0 else default
    return matrix


def draw_rows(u: np.ndarray, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per number ``u[i]`` in [0, 1) from the probabilities
    ``table[rows[i]]`` (rows sum to 1): the Python engine's, the oracle of
    ``ekosim.kernels.choice.draw_rows``."""
    probabilities = table[rows]
    if not len(probabilities):
        return np.empty(0, dtype=np.int64)
    cumulative = np.cumsum(probabilities, axis=1)
    u = u[:, None] * cumulative[:, -1:]
    return np.minimum((u >= cumulative).sum(axis=1), probabilities.shape[1] - 1)
