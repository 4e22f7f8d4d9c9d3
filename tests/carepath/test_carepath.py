"""Care paths in the model: urgency, routing as data, referrals, staffing, home care,
transitions, continuity, and the calibration of the default Tesoma scenario."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.carepath import DayOutcome, ServiceQueue
from ekosim.carepath.network import routing_matrix
from ekosim.contacts import Contacts
from ekosim.population.needs import DENTAL, HOME_CARE, NEEDS
from tests.conftest import small_overrides


def test_urgent_contacts_go_first_and_fifo_holds_within_urgency() -> None:
    queue = ServiceQueue(None)
    rng = np.random.default_rng(0)
    first = Contacts(np.arange(4), np.zeros(4, bool), np.zeros(4, np.int8))
    queue.serve_day(0, first, 1, rng)  # resident 0 starts; 1, 2, 3 wait
    urgent = Contacts(np.array([10, 11]), np.array([True, False]), np.zeros(2, np.int8))
    outcome = queue.serve_day(1, urgent, 3, rng)
    assert outcome.started_resident.tolist() == [10, 1, 2]
    assert outcome.started_wait_days.tolist() == [0, 1, 1]
    assert queue.waiting.resident.tolist() == [3, 11]


def test_urgent_contacts_never_abandon() -> None:
    queue = ServiceQueue(patience_days=0.01)
    rng = np.random.default_rng(1)
    arrivals = Contacts(np.arange(6), np.array([True] * 3 + [False] * 3), np.zeros(6, np.int8))
    queue.serve_day(0, arrivals, 0, rng)
    outcome = queue.serve_day(1, Contacts.of(np.empty(0, np.int64)), 0, rng)
    assert outcome.abandoned == 3 and queue.waiting.urgent.all()


def test_existing_waiting_list_is_served_oldest_first() -> None:
    queue = ServiceQueue(None)
    queue.preload(Contacts.of(np.array([5, 6, 7])), np.array([-3, -10, -1]))
    outcome = queue.serve_day(0, Contacts.of(np.empty(0, np.int64)), 2, np.random.default_rng(0))
    assert outcome.started_resident.tolist() == [6, 5]
    # their waits from first contact began before the run; their nights in the run's queue
    # (the flows' waits, as its queue-days) from day 0
    assert outcome.waits_from_contact.tolist() == [10, 3]
    assert outcome.started_wait_days.tolist() == [0, 0]
    outcome = queue.serve_day(1, Contacts.of(np.empty(0, np.int64)), 2, np.random.default_rng(0))
    assert outcome.waits_from_contact.tolist() == [2] and outcome.started_wait_days.tolist() == [1]
    assert not queue.preloaded
    later = queue.serve_day(2, Contacts.of(np.array([8])), 1, np.random.default_rng(0))
    assert later.contact_wait_days is None and later.started_wait_days.tolist() == [0]


def test_routing_matrix_follows_the_data(small_tesoma: ekosim.Scenario) -> None:
    matrix = routing_matrix(small_tesoma)
    assert matrix.shape == (len(NEEDS), len(small_tesoma.services))
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
    dental = list(small_tesoma.services).index("dental")
    assert matrix[DENTAL, dental] == 1.0


def test_referrals_make_multi_professional_paths(small_tesoma: ekosim.Scenario) -> None:
    def social_work_arrivals(share: float) -> int:
        scenario = ekosim.load_scenario(
            small_tesoma, {"services.health_station.referrals": {"social_work": share}}
        )
        flows = ekosim.run(scenario, seed=2, years=1).flows
        return int(flows.loc[flows["service"] == "social_work", "arrivals"].sum())

    without, with_referrals = social_work_arrivals(0.0), social_work_arrivals(0.2)
    health_station_visits = 0.2 * 250 * 23  # share x working days x visits a day, about
    assert with_referrals - without == pytest.approx(health_station_visits, rel=0.3)


def test_vacancies_cut_capacity_and_lengthen_waits(small_tesoma: ekosim.Scenario) -> None:
    def final(vacancy: float) -> ekosim.Results:
        scenario = ekosim.load_scenario(
            small_tesoma, {"providers.mehilainen.staff.doctor.vacancy_rate": vacancy}
        )
        return ekosim.run(scenario, seed=4, years=1)

    full, short = final(0.0), final(0.3)
    station = {
        name: r.flows[r.flows["service"] == "health_station"]
        for name, r in [("full", full), ("short", short)]
    }
    assert station["short"]["started"].max() < station["full"]["started"].max()
    assert short.final_kpis()["t3_days"] > full.final_kpis()["t3_days"]
    # The station's own waits (the area's p90 is set by dental and social work, untouched here).
    waited = {
        name: (flows["mean_wait_days"] * flows["started"]).sum() / flows["started"].sum()
        for name, flows in station.items()
    }
    assert waited["short"] > waited["full"] + 1.0


def test_transition_gap_raises_readmissions(small_tesoma: ekosim.Scenario) -> None:
    """Home care on weekdays only leaves weekend discharges waiting: longer gaps, more
    readmissions than with home care every day."""

    def kpis(open_days: int) -> dict[str, float]:
        scenario = ekosim.load_scenario(
            small_tesoma,
            {
                "services.home_care.open_days_per_week": open_days,
                "transitions.discharges_per_client_year": 12.0,
                "transitions.readmission_increase_per_gap_day": 1.5,
            },
        )
        final = ekosim.run(scenario, seed=3, years=2).final_kpis(last_days=730)
        return {k: final[k] for k in ("transition_gap_days", "readmission_30d_share")}

    daily, weekdays = kpis(7), kpis(5)
    assert weekdays["transition_gap_days"] > daily["transition_gap_days"] + 0.3
    assert weekdays["readmission_30d_share"] > daily["readmission_30d_share"]


def test_a_discharge_visited_twice_in_a_day_is_one_transition(
    small_tesoma: ekosim.Scenario,
) -> None:
    """The discharge visit and a regular visit on the same day (or a notice handled twice)
    complete one transition with one chance of readmission, not two."""
    model = ekosim.EcosystemModel(small_tesoma, rng=0)
    home = model.home_care
    client = int(np.flatnonzero(home.client)[0])
    home.discharged_on[client] = 5
    home.tally.reset()
    twice = Contacts(np.array([client, client]), np.array([True, False]), np.full(2, HOME_CARE))
    visits = DayOutcome(2, 2, 0, 0, twice, np.zeros(2, np.int32))
    home.after_service(model.population.residents, 7, visits)
    assert (home.tally.completed, home.tally.gap_days) == (1, 2)
    assert home.discharged_on[client] == -1  # done: a later visit is no transition


def test_discharges_go_first_so_only_late_notices_make_a_capacity_gap(
    small_tesoma: ekosim.Scenario,
) -> None:
    """Discharges join home care's queue as urgent: with the notice there on the day they
    are visited that day even when home care is so short that regular visits go missing.
    When notices are late or lost (a fragmented ecosystem), the next regular visit finds the
    discharge, and a shortage then lengthens the gap."""

    def kpis(scenario: str, visits_a_day: int) -> dict[str, float]:
        overrides = small_overrides(3000 / 23000) | {
            "services.home_care.capacity_per_day": visits_a_day,  # about 30 needed
            "transitions.discharges_per_client_year": 12.0,
        }
        final = ekosim.run(ekosim.load_scenario(scenario, overrides), seed=3, years=2)
        return final.final_kpis(last_days=730)

    ample, short = kpis("tesoma-alliance", 55), kpis("tesoma-alliance", 18)
    assert short["home_care_visits_missed_share"] > ample["home_care_visits_missed_share"] + 0.2
    assert short["transition_gap_days"] == ample["transition_gap_days"] == 0.0
    ample, short = kpis("tesoma-fragmented", 55), kpis("tesoma-fragmented", 18)
    assert ample["transition_gap_days"] > 0.3
    assert short["transition_gap_days"] > ample["transition_gap_days"] + 0.2


def test_continuity_improves_diabetics_balance(small_tesoma: ekosim.Scenario) -> None:
    def kpis(share: float) -> tuple[float, float]:
        scenario = ekosim.load_scenario(
            small_tesoma, {"continuity.named_professional_share": share}
        )
        final = ekosim.run(scenario, seed=6, years=2).final_kpis()
        return final["continuity_share"], final["diabetics_in_balance_share"]

    (low_coc, low_balance), (high_coc, high_balance) = kpis(0.1), kpis(0.9)
    assert high_coc > low_coc + 0.5
    assert high_balance > low_balance + 0.04


@pytest.fixture(scope="module", params=["tesoma-base", "pirkanmaa"])
def calibration_year(request: pytest.FixtureRequest) -> ekosim.Results:
    """The first year of Tesoma, enlarged to 40,000 residents (services and staff in
    proportion) so that the few residents aged 95+ give a stable share; and of the whole
    Pirkanmaa county (515,095 residents, a few seconds)."""
    if request.param == "tesoma-base":
        scenario = ekosim.load_scenario(
            "tesoma-base", small_overrides(40000 / 23000, "tesoma-base")
        )
    else:
        scenario = ekosim.load_scenario(request.param)
    return ekosim.run(scenario, seed=11, years=1)


@pytest.mark.parametrize(
    ("kpi", "target"),
    [
        ("primary_care_contacts_per_resident_year", 5.3),  # THL 2023
        ("remote_share", 0.32),  # THL 2023
        ("home_care_share_75_84", 0.08),  # THL 2022
        ("home_care_share_85_94", 0.30),
        # THL's year counts (the year's clients, the dead included, over the age group): the
        # 75-84 and 85-94 shares are fitted (calibration/pirkanmaa.yaml), 95+ is validation
        ("home_care_share_95_plus", 0.57),
    ],
)
def test_defaults_reproduce_the_calibration_figures(
    calibration_year: ekosim.Results, kpi: str, target: float
) -> None:
    assert calibration_year.final_kpis()[kpi] == pytest.approx(target, rel=0.15)
