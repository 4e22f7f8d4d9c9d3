"""Care not given is never free: returns, emergencies, harm; and the direction it gives to
scenario comparisons (paired CIs over replications)."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.carepath.unmet import UnmetCare
from ekosim.contacts import EMPTY_INT, Contacts
from ekosim.experiments import compare
from ekosim.model import EcosystemModel
from ekosim.scenario import ScenarioError
from ekosim.scenario.schema import UnmetCareSpec

NONE = Contacts.of(EMPTY_INT)


def residents() -> ekosim.population.Residents:
    return EcosystemModel("tesoma-base", rng=0, population=2000).population.residents


def test_unmet_contacts_come_back_urgent_and_harm_the_resident() -> None:
    people = residents()
    spec = UnmetCareSpec(return_share=1.0, return_after_days=3.0, emergency_share=0.0)
    unmet = UnmetCare(spec, np.random.default_rng(2))
    who = np.arange(400)
    before_wellbeing, before_function = people.wellbeing[who].copy(), people.function[who].copy()
    gave_up = Contacts(who, np.zeros(400, bool), np.full(400, 2, np.int8))
    today = unmet.step(10, gave_up, NONE, NONE, people)
    assert today.returning == 400 and today.emergencies == 0
    back = [unmet.due(day) for day in range(10, 200)]
    assert sum(len(b) for b in back) == 400  # every need comes back once
    assert len(back[0]) == 0  # not on the day it was given up
    first = next(b for b in back if len(b))
    assert first.urgent.all() and (first.need == 2).all()
    days = np.concatenate([np.full(len(b), d) for d, b in enumerate(back)])
    assert days.mean() == pytest.approx(3.0, abs=0.5)
    assert (people.wellbeing[who] <= before_wellbeing).all()
    assert people.wellbeing[who].mean() < before_wellbeing.mean() - 1.5
    assert people.function[who].mean() < before_function.mean() - 0.004


def test_lost_referrals_and_missed_visits_end_in_emergencies_at_their_shares() -> None:
    people = residents()
    spec = UnmetCareSpec(
        return_share=0.0,
        emergency_share=0.0,
        lost_referral_emergency_share=0.5,
        missed_visit_emergency_share=0.1,
    )
    unmet = UnmetCare(spec, np.random.default_rng(3))
    lost, missed = Contacts.of(np.arange(2000)), Contacts.of(np.arange(1000))
    today = unmet.step(0, NONE, lost, missed, people)
    assert today.emergencies == pytest.approx(1000 + 100, abs=80)
    assert len(unmet.due(10**6)) == 0


def test_without_consequences_nothing_happens() -> None:
    people = residents()
    spec = UnmetCareSpec(
        return_share=0,
        emergency_share=0,
        lost_referral_emergency_share=0,
        missed_visit_emergency_share=0,
        wellbeing_loss_points=0,
        function_loss=0,
    )
    before = people.wellbeing.copy()
    today = UnmetCare(spec, np.random.default_rng(0)).step(
        0, Contacts.of(np.arange(50)), NONE, NONE, people
    )
    assert today.emergencies == today.returning == 0
    assert (people.wellbeing == before).all()


def test_bad_unmet_care_is_refused_with_its_place() -> None:
    with pytest.raises(ScenarioError, match=r"unmet_care\.return_share"):
        ekosim.load_scenario("tesoma-base", {"unmet_care.return_share": 1.5})
    with pytest.raises(ScenarioError, match="staff_cover"):
        ekosim.load_scenario(
            "tesoma-base",
            {"staff_cover.overtime_share_of_gap": 0.7, "staff_cover.agency_share_of_gap": 0.7},
        )


def differences(a: str, b: str, population: int, replications: int, years: int) -> object:
    results = compare([a, b], replications=replications, years=years, population=population, seed=0)
    assert results.differences is not None
    return results.differences.set_index("kpi")


def test_a_nurse_shortage_leaves_more_unmet_need_longer_waits_and_more_emergencies() -> None:
    # 10 replications: home care's missed visits (its nurses 30% short) vary between
    # replications about as much as the effect at this size
    d = differences("tesoma-base", "nurse-shortage", 5000, 10, 2)
    for kpi in (
        "unmet_need_share",
        "home_care_visits_missed_share",
        "abandonment_share",  # the station's patience leavers: its nurses 12% short
        "unmet_care_emergencies_per_1000_year",
    ):
        assert d.loc[kpi, "ci_low"] > 0, kpi
    # staff cover fills part of the gap and the nurses' book has room, so the median wait
    # moves by hours, not days; the region's cost (care not produced against more emergencies
    # and hospital days) is checked at full size by the slow test
    assert d.loc["median_wait_days", "difference"] > 0


def test_a_fragmented_ecosystem_loses_more_care_and_ends_in_more_emergencies() -> None:
    # 10 replications: home care's missed visits (nurses sized to the visits with a 10% margin)
    # vary between replications and feed the emergencies too
    d = differences("tesoma-integrated", "tesoma-fragmented", 5000, 10, 2)
    # the care lost where fragmentation acts: patients who give up on the station's books and
    # the emergencies care not given ends in (unmet_need_share also holds home care's missed
    # visits and the front door's leavers, which vary between replications as much as the
    # effect at this size; the region's cost, with its staff and specialist streams, more so:
    # the full-size slow test checks it)
    for kpi in ("abandonment_share", "unmet_care_emergencies_per_1000_year"):
        assert d.loc[kpi, "ci_low"] > 0, kpi
    assert d.loc["within_14_days_share", "ci_high"] < 0
    assert d.loc["unmet_need_share", "difference"] > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("baseline", "other", "more"),
    [
        ("tesoma-base", "nurse-shortage", "unmet_need_share"),
        ("tesoma-integrated", "tesoma-fragmented", "unmet_care_emergencies_per_1000_year"),
    ],
)
def test_care_not_given_costs_the_region_more_at_full_size(
    baseline: str, other: str, more: str
) -> None:
    """The region's whole cost (its sote scope: the partners' production, specialist care,
    24-hour housing, county services, net of fees) rises, with more care lost and more
    emergency and hospital use; the partners' production cost alone need not (care not given
    is not produced). 30 replications: the shortage's effect, about +10 EUR a resident a year
    (0.3%), varies between replications with how short home care falls."""
    d = differences(baseline, other, 23000, 30, 2)
    for kpi in ("sote_cost_eur_per_resident_year", more, "inpatient_days_per_1000_year"):
        assert d.loc[kpi, "ci_low"] > 0, kpi
    assert d.loc["emergency_visits_per_1000_year", "ci_low"] > 0
    assert d.loc["median_wait_days", "ci_low"] > 0
