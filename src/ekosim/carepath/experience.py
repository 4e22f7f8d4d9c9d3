"""Client and staff satisfaction from the service experience (key result area 'client and
stakeholder satisfaction').

Clients: every primary-care experience gets an expected likelihood-to-recommend score on the
0..10 scale of the Net Promoter question: a base, plus a bonus when the need was resolved at
the first contact (in a channel), minus a penalty per day waited (capped), plus a bonus for a
visit with the resident's named professional, minus penalties for a hand-off's extra days and
a repeated needs assessment; a contact abandoned or a referral lost scores low. Answers scatter
normally around the score; promoters answer 9-10, detractors 0-6, and the NPS is
100 x (promoters - detractors) / answers, in -100..100. All weights are assumptions, set so a
contact served the same day scores an NPS of about +30 and one resolved at the first contact
about +55 (Finnish health centres publish NPS values of this order; approx.).

Staff: a satisfaction index 0..100 falls as the workload nears and passes capacity (the Job
Demands-Resources model, Bakker & Demerouti 2007): utilisation above 85% and the backlog left
at the end of the day, in days of capacity, each cost points (assumption).
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.special import ndtr

from ekosim.carepath.queue import DayOutcome
from ekosim.kpis import KpiWindow

SCORE_BASE = 8.3  # expected answer for a primary-care contact served the same day (assumption)
FIRST_CONTACT_BONUS = 0.7  # resolved at the first contact (assumption)
WAIT_PENALTY_PER_DAY = 0.05  # per day waited (assumption) ...
WAIT_PENALTY_CAP_DAYS = 60  # ... up to this many days
CONTINUITY_BONUS = 0.5  # visit with the named professional (assumption)
DUPLICATE_PENALTY = 1.0  # needs assessed again after a hand-off (assumption)
LEFT_SCORE = 3.0  # contact abandoned while waiting, or referral lost (assumption)
ANSWER_SD = 1.5  # scatter of answers around the expected score (assumption)

STAFF_BASE = 80.0  # index when the workload is comfortable (assumption)
STAFF_BUSY_FROM = 0.85  # utilisation above which satisfaction falls (assumption)
STAFF_BUSY_POINTS = 20.0  # points lost from there to full utilisation (assumption)
STAFF_BACKLOG_POINTS_PER_DAY = 6.0  # points per day of capacity left waiting (assumption) ...
STAFF_BACKLOG_CAP_DAYS = 5.0  # ... up to this many days


def promoter_share(score: np.ndarray) -> np.ndarray:
    """The chance of answering 9-10 at each expected score (answers scattered normally)."""
    return ndtr((score - 8.5) / ANSWER_SD)


def detractor_share(score: np.ndarray) -> np.ndarray:
    """The chance of answering 0-6 at each expected score."""
    return ndtr((6.5 - score) / ANSWER_SD)


@functools.cache
def _alike_shares(score: float) -> tuple[float, float]:
    one = np.full(1, score)
    return float(promoter_share(one)[0]), float(detractor_share(one)[0])


class Experience:
    """Answers (expected promoters and detractors) and staff workload over one KPI window."""

    KPIS = ("client_nps", "staff_satisfaction_index")

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self.answers = 0
        self.promoters = 0.0
        self.detractors = 0.0
        self.staff_points = 0.0
        self.staff_weight = 0.0

    def resolved_first(self, count: int) -> None:
        """Contacts resolved at the first contact, in a channel."""
        self._answer_alike(count, SCORE_BASE + FIRST_CONTACT_BONUS)

    def served(self, wait_days: np.ndarray, same_professional: np.ndarray | None = None) -> None:
        """Contacts started at a primary-care service after ``wait_days``."""
        score = SCORE_BASE - WAIT_PENALTY_PER_DAY * np.minimum(wait_days, WAIT_PENALTY_CAP_DAYS)
        if same_professional is not None:
            score = score + CONTINUITY_BONUS * same_professional
        self.answer(score)

    def left(self, count: int) -> None:
        """Contacts abandoned while waiting, or referrals lost."""
        self._answer_alike(count, LEFT_SCORE)

    def handed_off(self, extra_days: np.ndarray, duplicated: int) -> None:
        """Hand-offs that took ``extra_days`` beyond the next day; ``duplicated`` assessed twice."""
        score = SCORE_BASE - WAIT_PENALTY_PER_DAY * np.minimum(extra_days, WAIT_PENALTY_CAP_DAYS)
        self.answer(score)
        self._answer_alike(duplicated, SCORE_BASE - DUPLICATE_PENALTY)

    def answer(self, score: np.ndarray) -> None:
        if not len(score):
            return
        self.answers += len(score)
        self.promoters += float(promoter_share(score).sum())
        self.detractors += float(detractor_share(score).sum())

    def _answer_alike(self, count: int, score: float) -> None:
        """``count`` answers of one expected ``score``: ``answer(np.full(count, score))``
        with its shares worked out once (each answer's the same), added up as there."""
        if count <= 0:
            return
        promoter, detractor = _alike_shares(score)
        self.answers += count
        self.promoters += float(np.full(count, promoter).sum())
        self.detractors += float(np.full(count, detractor).sum())

    def workload(self, outcome: DayOutcome) -> None:
        """A staffed service's day: utilisation and the backlog it leaves, weighted by capacity."""
        if outcome.capacity <= 0:
            return
        utilisation = outcome.started / outcome.capacity
        backlog = min(outcome.queue_end / outcome.capacity, STAFF_BACKLOG_CAP_DAYS)
        busy = max(utilisation - STAFF_BUSY_FROM, 0.0) / (1 - STAFF_BUSY_FROM)
        points = STAFF_BASE - STAFF_BUSY_POINTS * busy - STAFF_BACKLOG_POINTS_PER_DAY * backlog
        self.staff_points += points * outcome.capacity
        self.staff_weight += outcome.capacity

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The satisfaction KPIs of the window (then the tallies restart)."""
        answers = self.answers
        values = {
            "client_nps": 100 * (self.promoters - self.detractors) / answers if answers else 0.0,
            "staff_satisfaction_index": self.staff_points / self.staff_weight
            if self.staff_weight
            else STAFF_BASE,
        }
        self.restart()
        return values
