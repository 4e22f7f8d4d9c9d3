"""Specialist care's three streams: outpatient visits, emergency visits, inpatient days."""

from __future__ import annotations

import numpy as np
import pytest

import ekosim
from ekosim.contracts.specialist import SpecialistCare
from ekosim.scenario import scaled
from ekosim.scenario.schema import SpecialistCareSpec
from ekosim.streams import RandomStreams

SPEC = SpecialistCareSpec(
    outpatient_visits_per_referral=4.0,
    outpatient_visit_cost_eur=300.0,
    referral_admission_share=1.0,
    emergency_visits_per_1000_year={"0-64": 200.0, "65+": 600.0},
    frail_emergency_visits_per_client_year=0.0,
    emergency_admission_share=1.0,
    emergency_visit_cost_eur=400.0,
    length_of_stay_days={"0-64": 3.0, "65+": 8.0},
    inpatient_day_cost_eur=1000.0,
    price_index=1.1,
)


def care(spec: SpecialistCareSpec = SPEC) -> tuple[SpecialistCare, dict[str, float]]:
    booked: dict[str, float] = {}

    def book(stream: str, eur: float) -> None:
        booked[stream] = booked.get(stream, 0.0) + eur

    return SpecialistCare(spec, np.random.default_rng(1), book), booked


def test_a_referral_costs_its_outpatient_visits_and_admission_at_indexed_prices() -> None:
    specialist, booked = care()
    cost = specialist.refer(2, np.array([30.0, 30.0]))  # everyone admitted: 3 days each
    assert booked["outpatient"] == pytest.approx(2 * 4 * 300.0 * 1.1)
    assert booked["inpatient"] == pytest.approx(2 * 3 * 1000.0 * 1.1)
    assert cost == pytest.approx(booked["outpatient"] + booked["inpatient"])
    assert "emergency" not in booked


def test_emergency_visits_admit_with_the_length_of_stay_of_the_age_band() -> None:
    specialist, booked = care()
    specialist.emergency_visits(3, np.array([80.0, 80.0, 80.0]))
    assert booked["emergency"] == pytest.approx(3 * 400.0 * 1.1)
    assert booked["inpatient"] == pytest.approx(3 * 8 * 1000.0 * 1.1)
    specialist.emergency_visits(1)  # age unknown: the mean stay of the bands
    assert booked["inpatient"] == pytest.approx((24 + 5.5) * 1000.0 * 1.1)


def test_the_length_of_stay_is_the_last_band_holding_the_age_else_the_mean() -> None:
    """Band edges (whole years, upper exclusive), overlapping bands (the later one holds),
    ages outside every band and unknown ones (NaN, -1 for 'no band')."""
    spec = SPEC.model_copy(
        update={"length_of_stay_days": {"0-64": 3.0, "60-69": 5.0, "65+": 8.0, "20-29": 2.0}}
    )
    specialist, _ = care(spec)
    ages = np.array([0.0, 19.99, 20.0, 29.99, 30.0, 59.99, 60.0, 64.99, 65.0, 110.99, 111.0])
    assert specialist.length_of_stay(ages).tolist() == [3, 3, 2, 2, 3, 3, 5, 5, 8, 8, 4.5]
    unknown = np.array([-1.0, -0.5, np.nan, np.inf, -np.inf, 1e300])
    assert specialist.length_of_stay(unknown).tolist() == [4.5] * 6
    assert [specialist.stay_at(age) for age in ages] == specialist.length_of_stay(ages).tolist()


def test_visits_of_one_age_cost_and_draw_as_that_many_visits_of_that_age() -> None:
    """A band's visits given as one age (population_day) book the same costs and leave the
    admissions' stream where the same visits given age by age leave it."""
    spec = SPEC.model_copy(update={"emergency_admission_share": 0.4})
    one_age, by_age = care(spec), care(spec)
    for count in (0, 1, 7, 30):
        one_age[0].emergency_visits(count, 70.0)
        by_age[0].emergency_visits(count, np.full(count, 70.0))
    assert one_age[1] == by_age[1]
    streams = [c[0].streams.generator("specialist_care.emergencies") for c in (one_age, by_age)]
    assert streams[0].random() == streams[1].random()


def test_the_bands_visits_are_drawn_as_one_poisson_count_a_band_in_band_order() -> None:
    spec = SPEC.model_copy(
        update={"emergency_visits_per_1000_year": {"0-14": 150.0, "15-64": 0.0, "65+": 600.0}}
    )
    specialist, _ = care(spec)
    ages = np.array([5.0] * 3_000 + [40.0] * 9_000 + [80.0] * 2_000)
    specialist.count_residents(ages)
    expected = RandomStreams.coerce(np.random.default_rng(1)).generator(
        "specialist_care.population"
    )
    for _ in range(50):
        before = specialist.window["emergency"]
        specialist.population_day(home_care_clients=0)
        # one count a band with residents and a rate, in band order (15-64 has no rate)
        counts = [expected.poisson(3_000 * 0.15 / 365), expected.poisson(2_000 * 0.6 / 365)]
        assert specialist.window["emergency"] - before == sum(counts)


def test_emergency_visits_take_ages_as_a_list_and_refuse_one_age_for_named_residents() -> None:
    specialist, booked = care()
    specialist.emergency_visits(2, [80.0, 80.0])  # type: ignore[arg-type]
    assert booked["inpatient"] == pytest.approx(2 * 8 * 1000.0 * 1.1)  # everyone admitted
    with pytest.raises(ValueError, match="who= needs the residents' ages"):
        specialist.emergency_visits(2, 80.0, who=(0, np.array([1, 2])))


def test_urgent_needs_out_of_hours_follow_the_rates_by_age() -> None:
    spec = SPEC.model_copy(update={"emergency_admission_share": 0.0})
    specialist, _ = care(spec)
    specialist.count_residents(np.array([30.0] * 50_000 + [70.0] * 50_000))
    for _ in range(365):
        specialist.population_day(home_care_clients=0)
    expected = 50_000 * 0.2 + 50_000 * 0.6
    assert specialist.window["emergency"] == pytest.approx(expected, rel=0.03)


def test_the_window_reports_per_1000_residents_a_year() -> None:
    specialist, _ = care()
    specialist.emergency_visits(10, np.full(10, 70.0))

    class Window:
        residents, per_year = 1000, 2.0

    values = specialist.report(Window())  # type: ignore[arg-type]
    assert values["emergency_visits_per_1000_year"] == pytest.approx(20.0)
    assert values["inpatient_days_per_1000_year"] == pytest.approx(160.0)
    assert specialist.report(Window())["emergency_visits_per_1000_year"] == 0.0  # type: ignore[arg-type]


def test_in_a_run_specialist_cost_is_the_sum_of_its_three_streams() -> None:
    results = ekosim.run(scaled(ekosim.load_scenario("pirkanmaa"), 3000), seed=1, years=1)
    ledger = results.ledger
    streams = {
        stream: ledger.loc[ledger["item"] == f"cost.specialist_care.{stream}", "amount_eur"].sum()
        for stream in ("outpatient", "emergency", "inpatient")
    }
    assert all(value > 0 for value in streams.values())
    kpis = results.kpis.groupby("kpi")["value"].mean()
    residents = kpis["residents"]
    per_resident = sum(streams.values()) / residents
    # the KPI's windows and the ledger's year count the same costs (readmissions included)
    assert kpis["specialist_care_eur_per_resident_year"] == pytest.approx(per_resident, rel=0.02)
    assert kpis["emergency_visits_per_1000_year"] > 100
    assert kpis["inpatient_days_per_1000_year"] > 100


def test_visits_sent_from_elsewhere_count_in_the_days_cost() -> None:
    """Unmet care elsewhere in the model calls ``emergency_visits``; the day's specialist cost
    (the KPI's and the ledger's) includes it."""
    specialist, booked = care()
    specialist.emergency_visits(2, np.array([70.0, 20.0]))
    specialist.refer(1, np.array([50.0]))
    assert specialist.take_day_cost() == pytest.approx(sum(booked.values()))
    assert specialist.take_day_cost() == 0.0


def test_at_a_booked_service_only_the_doctors_visits_refer() -> None:
    """A referral to specialist care is a physician's (Health Care Act s. 52): the nurses'
    visits of a service with appointment books refer no one; a service without books refers
    from every started contact."""
    from ekosim.carepath.queue import DayOutcome
    from ekosim.contacts import Contacts
    from ekosim.contracts.specialist import referring_visits

    served = Contacts.of(np.array([4, 7, 9, 12]))
    waits = np.zeros(4, np.int32)
    booked = DayOutcome(4, 4, 0, 0, served, waits, doctor=np.array([True, False, False, True]))
    assert referring_visits(booked).tolist() == [4, 12]
    assert referring_visits(DayOutcome(4, 4, 0, 0, served, waits)).tolist() == [4, 7, 9, 12]


def test_admissions_from_a_group_stay_its_mean_stay_without_drawing() -> None:
    specialist, booked = care()
    state = specialist.streams.generator("specialist_care.referrals").bit_generator.state
    specialist.admit_like(2, np.array([30.0, 70.0, 70.0, 70.0]))  # mean stay (3 + 3 x 8) / 4
    assert booked["inpatient"] == pytest.approx(2 * 6.75 * 1000.0 * 1.1)
    assert specialist.window["inpatient_days"] == pytest.approx(13.5)
    assert specialist.streams.generator("specialist_care.referrals").bit_generator.state == state


def test_named_emergency_visits_are_admitted_by_each_residents_own_number() -> None:
    """Given the residents, an emergency visit is admitted by the resident's own number of the
    day: a run with more visits that day admits the same residents among the shared ones."""
    spec = SPEC.model_copy(update={"emergency_admission_share": 0.5})

    def admitted_days(who: np.ndarray) -> float:
        specialist, _ = care(spec)
        ages = np.where(who % 2 == 0, 30.0, 80.0)  # stays of 3 or 8 days
        specialist.emergency_visits(len(who), ages, "unmet_care", who=(5, who))
        return specialist.window["inpatient_days"]

    few, more = np.arange(0, 400, 2), np.arange(400)  # the even residents, then everyone
    days_few = admitted_days(few)
    assert 0.35 * 200 * 3 < days_few < 0.65 * 200 * 3
    odd = admitted_days(np.arange(1, 400, 2))
    assert admitted_days(more) == pytest.approx(days_few + odd)
