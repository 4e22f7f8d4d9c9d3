"""Hand-offs between services, and what the ecosystem's integration level does to them.

A hand-off is a referral from one service to another (``services.*.referrals``: the
multi-professional paths, often between organisations). Without ``scenario.integration`` a
referral joins the next service's queue the next day. With it, shared records and agreed
processes (level 1) or their absence (level 0) set, by linear interpolation, how many days a
hand-off takes (1 + Poisson(mean - 1)), the chance the receiving service repeats the needs
assessment (the hand-off then takes two of its slots) and the chance the referral is lost.

Discharges from specialist care into home care are hand-offs between organisations too: with
``scenario.integration`` the discharge notice reaches home care ``Poisson(mean - 1)`` days late
(on the day of discharge when integrated), is sometimes handled twice, and is sometimes lost,
when the client's next regular visit finds the discharge. Longer transition gaps then bring more
readmissions (``ekosim.carepath.homecare``). The hand-off KPIs count referrals only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ekosim.contacts import EMPTY_INT, Contacts
from ekosim.kpis import KpiWindow, ratio
from ekosim.scenario.schema import IntegrationSpec


@dataclass(frozen=True)
class HandOffDay:
    """What became of the day's referrals: those lost, those that take longer than the next
    day (and their days beyond the first), and how many will be assessed twice."""

    lost: Contacts = field(default_factory=lambda: Contacts.of(EMPTY_INT))
    delayed: Contacts = field(default_factory=lambda: Contacts.of(EMPTY_INT))
    extra_days: np.ndarray = field(default_factory=lambda: EMPTY_INT)
    duplicated: int = 0


class HandOffs:
    """Referrals in transit between services, and the tallies of one KPI window.

    Each day ``due(day)`` gives the referrals that join a service's queue that day, and
    ``pass_on(day, referred)`` takes the day's new referrals into transit.
    """

    KPIS = ("hand_off_days", "duplicate_assessment_share", "lost_referral_share")

    def __init__(
        self, spec: IntegrationSpec | None, services: list[str], rng: np.random.Generator
    ) -> None:
        self.spec = spec
        self.services = services
        self.rng = rng
        self.transit = Contacts.of(EMPTY_INT)
        self.transit_target = EMPTY_INT
        self.transit_due = EMPTY_INT
        self.handed = self.lost = self.duplicated = 0
        self.days = 0.0
        self.notices = Contacts.of(EMPTY_INT)  # discharge notices on their way to home care
        self.notice_due = EMPTY_INT

    def pass_on(self, day: int, referred: dict[str, list[Contacts]]) -> HandOffDay:
        """Take the day's referrals (``referred``: by target service) into transit: without
        ``scenario.integration`` each joins the next day; with it, later, twice or never.
        Returns what became of them."""
        parts = [(self.services.index(name), part) for name, ps in referred.items() for part in ps]
        new = Contacts.join([part for _, part in parts])
        target = np.concatenate(
            [np.full(len(part), index, dtype=np.int64) for index, part in parts] or [EMPTY_INT]
        )
        self.handed += len(new)
        if self.spec is None:
            self.days += len(new)
            self._send(new, target, np.full(len(new), day + 1, dtype=np.int64))
            return HandOffDay()
        lost, twice, extra_days = self._frictions(len(new))
        kept = ~lost
        self.lost += int(np.count_nonzero(lost))
        self.duplicated += int(np.count_nonzero(twice))
        self.days += float((1 + extra_days[kept]).sum())
        rows = np.concatenate([np.flatnonzero(kept), np.flatnonzero(twice)])
        self._send(new.take(rows), target[rows], day + 1 + extra_days[rows])
        late = kept & (extra_days > 0)
        return HandOffDay(
            new.take(lost), new.take(late), extra_days[late], int(np.count_nonzero(twice))
        )

    def due(self, day: int) -> dict[str, Contacts]:
        """The referrals that join each service's queue on ``day`` (taken out of transit)."""
        due = self.transit_due <= day
        joining = {
            self.services[index]: self.transit.take(due & (self.transit_target == index))
            for index in np.unique(self.transit_target[due])
        }
        if joining:
            waiting = ~due
            self.transit = self.transit.take(waiting)
            self.transit_target = self.transit_target[waiting]
            self.transit_due = self.transit_due[waiting]
        return joining

    def _send(self, referrals: Contacts, target: np.ndarray, due: np.ndarray) -> None:
        self.transit = Contacts.join([self.transit, referrals])
        self.transit_target = np.concatenate([self.transit_target, target])
        self.transit_due = np.concatenate([self.transit_due, due])

    def discharges(self, day: int, arrivals: Contacts) -> Contacts:
        """Today's home-care arrivals (regular visits, and discharge notices: the urgent ones)
        with the notices handed over: late, twice or never, as the integration level says."""
        if self.spec is None:
            return arrivals
        notice = arrivals.urgent
        new = arrivals.take(notice)
        lost, twice, extra_days = self._frictions(len(new))
        rows = np.concatenate([np.flatnonzero(~lost), np.flatnonzero(twice)])
        held = Contacts.join([self.notices, new.take(rows)])
        due = np.concatenate([self.notice_due, day + extra_days[rows]])
        ready = due <= day
        self.notices, self.notice_due = held.take(~ready), due[~ready]
        return Contacts.join([arrivals.take(~notice), held.take(ready)])

    def _frictions(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For ``count`` hand-offs: which are lost, which are assessed twice (of those kept),
        and the days each takes beyond the first."""
        spec = self.spec
        assert spec is not None
        mean_days = spec.at_level(spec.hand_off_days_fragmented, spec.hand_off_days_integrated)
        lost_share = spec.at_level(
            spec.lost_referral_share_fragmented, spec.lost_referral_share_integrated
        )
        duplicate_share = spec.at_level(
            spec.duplicate_assessment_share_fragmented, spec.duplicate_assessment_share_integrated
        )
        draws = self.rng.random((2, count))
        lost = draws[0] < lost_share
        twice = ~lost & (draws[1] < duplicate_share)
        return lost, twice, self.rng.poisson(mean_days - 1.0, count)

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The hand-off KPIs of the window (then the tallies restart)."""
        delivered = self.handed - self.lost
        values = {
            "hand_off_days": ratio(self.days, delivered),
            "duplicate_assessment_share": ratio(self.duplicated, delivered),
            "lost_referral_share": ratio(self.lost, self.handed),
        }
        self.handed = self.lost = self.duplicated = 0
        self.days = 0.0
        return values
