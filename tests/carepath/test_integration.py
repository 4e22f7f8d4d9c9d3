"""Hand-offs between services: integration shortens them, repeats fewer assessments, loses
fewer referrals; nothing is created or lost beyond what the shares say."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.carepath.integration import HandOffs
from ekosim.contacts import Contacts
from ekosim.kpis import KpiWindow
from ekosim.population import Residents
from ekosim.scenario.schema import IntegrationSpec

SERVICES = ["health_station", "social_work"]
WINDOW = KpiWindow(day=30, days=30, people=Residents.empty(0, 1))  # a month, no one


def hand_offs_over(days: int, level: float | None, per_day: int = 200) -> tuple[HandOffs, int]:
    """Send ``per_day`` referrals to social work a day; returns the hand-offs and how many
    joined the queue (due the next day) in all."""
    spec = None if level is None else IntegrationSpec(level=level)
    hand_offs = HandOffs(spec, SERVICES, np.random.default_rng(1))
    joined = 0
    for day in range(days):
        referred: dict[str, list[Contacts]] = {name: [] for name in SERVICES}
        referred["social_work"].append(Contacts.of(np.arange(per_day)))
        hand_offs.pass_on(day, referred)
        due = hand_offs.due(day + 1)
        assert set(due) <= {"social_work"}
        joined += sum(len(part) for part in due.values())
    return hand_offs, joined


def test_without_integration_section_referrals_join_the_next_day_unchanged() -> None:
    hand_offs, joined = hand_offs_over(10, None)
    assert joined == 10 * 200
    assert hand_offs.report(WINDOW) == {
        "hand_off_days": 1.0,
        "duplicate_assessment_share": 0.0,
        "lost_referral_share": 0.0,
    }


@pytest.mark.parametrize("level", [0.0, 0.5, 1.0])
def test_hand_offs_follow_the_interpolated_shares_and_conserve_referrals(level: float) -> None:
    spec = IntegrationSpec(level=level)
    hand_offs, joined = hand_offs_over(60, level)
    handed, lost, twice = hand_offs.handed, hand_offs.lost, hand_offs.duplicated
    values = hand_offs.report(WINDOW)
    expected_days = spec.at_level(spec.hand_off_days_fragmented, spec.hand_off_days_integrated)
    assert values["hand_off_days"] == pytest.approx(expected_days, rel=0.03)
    lost_share = spec.at_level(
        spec.lost_referral_share_fragmented, spec.lost_referral_share_integrated
    )
    assert values["lost_referral_share"] == pytest.approx(lost_share, abs=0.01)
    duplicate_share = spec.at_level(
        spec.duplicate_assessment_share_fragmented, spec.duplicate_assessment_share_integrated
    )
    assert values["duplicate_assessment_share"] == pytest.approx(duplicate_share, abs=0.015)
    # every referral is lost, joined (once, or twice when assessed again) or still in transit
    assert joined + len(hand_offs.transit) == handed - lost + twice


def test_integration_lowers_hand_off_days_duplicates_and_losses() -> None:
    values = [hand_offs_over(30, level)[0].report(WINDOW) for level in (0.0, 0.5, 1.0)]
    for kpi in ("hand_off_days", "duplicate_assessment_share", "lost_referral_share"):
        fragmented, halfway, integrated = (v[kpi] for v in values)
        assert fragmented > halfway > integrated, kpi


@pytest.fixture(scope="module")
def integrated_and_fragmented(small_tesoma: ekosim.Scenario) -> list[pd.Series]:
    base = {
        "integration": {"level": 1.0},
        "services.health_station.referrals": {"social_work": 0.1},
        "services.social_work.referrals": {"health_station": 0.3},
    }
    finals = []
    for level in (1.0, 0.0):
        scenario = ekosim.load_scenario(small_tesoma, {**base, "integration.level": level})
        finals.append(ekosim.run(scenario, seed=5, years=1).final_kpis())
    return finals


def test_a_fragmented_network_hands_off_slower_and_loses_more(
    integrated_and_fragmented: list[pd.Series],
) -> None:
    integrated, fragmented = integrated_and_fragmented
    assert integrated["hand_off_days"] < 1.5 < 5 < fragmented["hand_off_days"]
    assert integrated["lost_referral_share"] < 0.05 < 0.1 < fragmented["lost_referral_share"]
    assert (
        integrated["duplicate_assessment_share"]
        < 0.1
        < 0.4
        < fragmented["duplicate_assessment_share"]
    )
    assert fragmented["client_nps"] < integrated["client_nps"]


def test_discharge_notices_arrive_late_twice_or_never_and_visits_on_time() -> None:
    visits = Contacts.of(np.arange(100))
    notices = Contacts(np.arange(100, 300), np.ones(200, bool), np.zeros(200, np.int8))
    today = Contacts.join([visits, notices])
    unchanged = HandOffs(None, SERVICES, np.random.default_rng(2)).discharges(0, today)
    assert unchanged is today
    spec = IntegrationSpec(level=0.0)
    hand_offs = HandOffs(spec, SERVICES, np.random.default_rng(2))
    first = hand_offs.discharges(0, today)
    assert (first.resident[~first.urgent] == visits.resident).all()  # visits are not held
    assert first.urgent.sum() < 0.1 * 200  # Poisson(6) days late: few arrive the same day
    later = [hand_offs.discharges(day, visits) for day in range(1, 60)]
    arrived = first.urgent.sum() + sum(int(part.urgent.sum()) for part in later)
    lost = 200 * spec.lost_referral_share_fragmented
    twice = (200 - lost) * spec.duplicate_assessment_share_fragmented
    assert arrived == pytest.approx(200 - lost + twice, rel=0.1)
    assert len(hand_offs.notices) == 0


def test_a_fragmented_network_lengthens_transitions_from_hospital(
    small_tesoma: ekosim.Scenario,
) -> None:
    def gap(level: float) -> float:
        scenario = ekosim.load_scenario(small_tesoma, {"integration": {"level": level}})
        return ekosim.run(scenario, seed=6, years=1).final_kpis()["transition_gap_days"]

    # Clients' regular visits (one a day on average) find most lost or late notices soon.
    assert gap(0.0) > gap(1.0) + 0.2
