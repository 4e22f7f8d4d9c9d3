"""Client and staff satisfaction from the service experience."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.actors.staffing import daily_capacity
from ekosim.carepath.experience import (
    DUPLICATE_PENALTY,
    FIRST_CONTACT_BONUS,
    LEFT_SCORE,
    SCORE_BASE,
    STAFF_BASE,
    Experience,
)
from ekosim.carepath.queue import DayOutcome
from ekosim.contacts import Contacts
from ekosim.kpis import KpiWindow
from ekosim.population import Residents

WINDOW = KpiWindow(day=30, days=30, people=Residents.empty(0, 1))  # a month, no one


def nps(fill: str, *args: object) -> float:
    experience = Experience()
    getattr(experience, fill)(*args)
    return experience.report(WINDOW)["client_nps"]


def test_nps_falls_with_waiting_and_rises_with_first_contact_resolution_and_continuity() -> None:
    same_day = nps("served", np.zeros(100))
    assert nps("resolved_first", 100) > same_day > nps("served", np.full(100, 30))
    assert nps("served", np.zeros(100), np.ones(100, bool)) > same_day
    assert nps("left", 100) < -90  # abandoned contacts and lost referrals are detractors
    assert nps("handed_off", np.zeros(100), 50) < nps("handed_off", np.zeros(100), 0)
    assert 20 < same_day < 45  # calibration in the module docstring (assumption)


def test_nps_stays_within_minus_100_and_100() -> None:
    assert nps("served", np.full(10, 10_000)) >= -100
    assert nps("resolved_first", 10) <= 100
    assert Experience().report(WINDOW)["client_nps"] == 0.0  # no answers


def day_outcome(started: int, queue_end: int, capacity: int) -> DayOutcome:
    served = Contacts.of(np.arange(started))
    return DayOutcome(started, started, 0, queue_end, served, np.zeros(started, np.int32), capacity)


def test_staff_satisfaction_falls_as_workload_passes_capacity() -> None:
    def staff(outcome: DayOutcome) -> float:
        experience = Experience()
        experience.workload(outcome)
        return experience.report(WINDOW)["staff_satisfaction_index"]

    assert staff(day_outcome(50, 0, 100)) == STAFF_BASE
    assert staff(day_outcome(100, 0, 100)) < STAFF_BASE
    assert staff(day_outcome(100, 300, 100)) < staff(day_outcome(100, 0, 100))
    assert 0 <= staff(day_outcome(100, 10**6, 100)) <= 100
    assert staff(day_outcome(0, 5, 0)) == STAFF_BASE  # a closed day says nothing


@pytest.mark.parametrize("seed", [1, 2])
def test_less_capacity_means_lower_client_and_staff_satisfaction(
    small_tesoma: ekosim.Scenario, seed: int
) -> None:
    def satisfaction(scale: float) -> tuple[float, float]:
        # the station's staffed slots (its books') as one queue's nominal capacity
        capacity = round(daily_capacity(small_tesoma)["health_station"].limit * scale)
        scenario = ekosim.load_scenario(
            small_tesoma,
            {
                "services.health_station.capacity_per_day": capacity,
                "services.health_station.profession": None,  # nominal capacity, no staffing
                "services.health_station.booking": None,  # one queue, not the staffed books
            },
        )
        final = ekosim.run(scenario, seed=seed, years=1).final_kpis()
        return final["client_nps"], final["staff_satisfaction_index"]

    (nps_full, staff_full), (nps_cut, staff_cut) = satisfaction(1.0), satisfaction(0.8)
    assert nps_cut < nps_full
    assert staff_cut < staff_full


def test_answers_of_one_score_add_up_as_the_same_answers_one_by_one() -> None:
    """Resolved, left and duplicated contacts (one expected score each) give, to the bit,
    the tallies of answering each of them."""
    alike, each = Experience(), Experience()
    for count in (0, 1, 7, 1000):
        alike.resolved_first(count)
        alike.left(count)
        alike.handed_off(np.zeros(0), count)
        for score in (SCORE_BASE + FIRST_CONTACT_BONUS, LEFT_SCORE, SCORE_BASE - DUPLICATE_PENALTY):
            each.answer(np.full(count, score))
    assert (alike.answers, alike.promoters, alike.detractors) == (
        each.answers,
        each.promoters,
        each.detractors,
    )
