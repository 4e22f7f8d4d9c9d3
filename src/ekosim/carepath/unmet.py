"""Care not given is never free: what becomes of unmet contacts and missed home-care visits.

Unmet contacts are those abandoned while waiting (at the front door's channels or at a
service) and referrals lost between services. Each one may come back later as an urgent
contact for the same need (``return_share``, after a geometric time of mean
``return_after_days``), may end in an emergency visit or a hospital stay
(``emergency_share``), and lowers the resident's well-being and functional ability. A missed
home-care visit may end in an emergency (``missed_visit_emergency_share``) and lowers them too.
Whether an unmet contact comes back and whether it ends in an emergency read the resident's
own numbers for the day (``unmet.return``, ``unmet.emergency``, with ``missed_visit.emergency``
for missed visits: ``ekosim.streams``); when it comes back, from the generator ``unmet_care``,
so other processes' draws do not shift and a resident who gives up in two compared runs meets
the same consequences. The model books the emergencies' cost (``EcosystemModel._emergency_use``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ekosim.contacts import EMPTY_INT, Contacts
from ekosim.kpis import KpiWindow
from ekosim.population import Residents
from ekosim.scenario.schema import UnmetCareSpec
from ekosim.streams import RandomStreams


@dataclass(frozen=True)
class UnmetDay:
    """The day's care not given and what it led to today."""

    unmet: int  # contacts abandoned or referrals lost
    missed: int  # home-care visits missed
    returning: int  # of the unmet, those whose need will come back
    emergencies: int  # emergency visits or hospital stays
    emergency_residents: np.ndarray = field(default_factory=lambda: EMPTY_INT)  # their slots


class UnmetCare:
    """Consequences of care not given, and the returning needs still to come back."""

    KPIS = ("unmet_care_emergencies_per_1000_year",)

    def __init__(self, spec: UnmetCareSpec, streams: RandomStreams | np.random.Generator) -> None:
        self.spec = spec
        self.streams = RandomStreams.coerce(streams)
        self.rng = self.streams.generator("unmet_care")
        self.pending = Contacts.of(EMPTY_INT)
        self.pending_due = EMPTY_INT
        self.emergencies = 0  # in the KPI window

    def due(self, day: int) -> Contacts:
        """The needs that come back today, as urgent contacts (taken out of the pending)."""
        if not len(self.pending):
            return self.pending
        ready = self.pending_due <= day
        back = self.pending.take(ready)
        self.pending, self.pending_due = self.pending.take(~ready), self.pending_due[~ready]
        return back

    def step(
        self,
        day: int,
        gave_up: Contacts,
        lost: Contacts,
        missed: Contacts,
        residents: Residents,
    ) -> UnmetDay:
        """Draw the consequences of today's contacts given up, referrals lost and home-care
        visits missed."""
        spec = self.spec
        unmet = Contacts.join([gave_up, lost]) if len(lost) else gave_up
        back = self.streams.uniform("unmet.return", day, unmet.resident) < spec.return_share
        chance = np.full(len(unmet), spec.emergency_share)
        chance[len(gave_up) :] = spec.lost_referral_emergency_share
        if back.any():
            returning = unmet.take(back)
            after = self.rng.geometric(1.0 / spec.return_after_days, int(np.count_nonzero(back)))
            urgent = Contacts(returning.resident, np.ones(len(returning), bool), returning.need)
            self.pending = Contacts.join([self.pending, urgent])
            self.pending_due = np.concatenate([self.pending_due, day + after.astype(np.int64)])
        u = self.streams.uniform("unmet.emergency", day, unmet.resident)
        missed_u = self.streams.uniform("missed_visit.emergency", day, missed.resident)
        emergency = np.concatenate(
            [
                unmet.resident[u < chance],
                missed.resident[missed_u < spec.missed_visit_emergency_share],
            ]
        )
        self._harm(residents, np.concatenate([unmet.resident, missed.resident]))
        self.emergencies += len(emergency)
        return UnmetDay(
            len(unmet), len(missed), int(np.count_nonzero(back)), len(emergency), emergency
        )

    def _harm(self, residents: Residents, who: np.ndarray) -> None:
        """Each event lowers its resident's well-being and functional ability."""
        if not len(who):
            return
        spec = self.spec
        if spec.wellbeing_loss_points:
            np.subtract.at(residents.wellbeing, who, np.float32(spec.wellbeing_loss_points))
            residents.wellbeing[who] = np.clip(residents.wellbeing[who], 0.0, 100.0)
        if spec.function_loss:
            np.subtract.at(residents.function, who, np.float32(spec.function_loss))
            residents.function[who] = np.clip(residents.function[who], 0.0, 1.0)

    def report(self, window: KpiWindow) -> dict[str, float]:
        """Emergencies from care not given per 1,000 residents a year (then restart)."""
        value = self.emergencies / window.residents * 1000 * window.per_year
        self.emergencies = 0
        return {"unmet_care_emergencies_per_1000_year": value}
