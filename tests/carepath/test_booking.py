"""Appointment books by profession: booking into the first free slot, urgent slots, no-shows
and cancellations, T3 read from the book, exact-mean daily slots, and their validation."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import ekosim
from ekosim.carepath.booking import Book, Entries, whole
from ekosim.carepath.network import CareNetwork
from ekosim.contacts import Contacts
from ekosim.scenario import ScenarioError
from ekosim.scenario.loader import ScenarioWarning
from ekosim.scenario.schema import BookingSpec

MONDAY = 0


def entries(n: int, day: int, urgent: bool = False, first: int = 0) -> Entries:
    who = np.arange(first, first + n, dtype=np.int64)
    contacts = Contacts(who, np.full(n, urgent), np.zeros(n, np.int8))
    since = np.full(n, day, np.int32)
    return Entries(contacts, since, since, np.zeros(n, np.int16), np.zeros(n, np.int8))


def book(**fields: float) -> Book:
    spec = BookingSpec.model_validate({"paths": {"default": {"doctor": 1.0}}, **fields})
    return Book(spec, None, 5, MONDAY)


def booked_with_single_queue(booking: dict | None) -> ekosim.Results:
    data = ekosim.load_scenario("single-queue").model_dump(mode="python")
    data["services"]["service"]["booking"] = booking
    data["providers"]["clinic"]["staff"] = {
        "gp": {"posts": 10, "contacts_per_day": 1, "sickness_absence": 0.0}
    }
    return ekosim.run(ekosim.load_scenario(data), seed=5, years=2)


def test_a_one_profession_fifo_book_is_the_single_queue() -> None:
    """No urgent share, no no-shows or cancellations, whole slots: the book starts the same
    contacts on the same days as the queue whose stationary solution test_queueing checks."""
    queue = booked_with_single_queue(None).flows
    booked = booked_with_single_queue(
        {"paths": {"default": {"gp": 1.0}}, "urgent_share": 0.0, "horizon_days": 120}
    ).flows
    columns = ["day", "arrivals", "started", "queue_end", "mean_wait_days"]
    assert queue["started"].sum() > 5000
    assert booked[columns].equals(queue[columns])


def test_non_urgent_contacts_take_the_first_free_weekday_slot() -> None:
    b = book(urgent_share=0.0, horizon_days=14)
    rng = np.random.default_rng(0)
    day = b.serve_day(0, entries(25, 0), 10.0, rng)  # Monday: 10 today, 10 Tuesday, 5 Wednesday
    assert len(day.served) == 10
    assert np.bincount(b.day).tolist() == [0, 10, 5]
    # Friday's bookings skip the weekend: Friday is full, Monday is next
    for today in range(1, 5):
        b.serve_day(today, entries(10, today), 10.0, rng)
    assert set(b.day[b.day > 4].tolist()) == {7, 8}  # no weekend slots
    assert b.t3_days(4) == 4.0  # Friday: Monday is full, Tuesday has the 3rd free slot


def test_urgent_contacts_start_today_from_the_reserved_slots() -> None:
    b = book(urgent_share=0.3, horizon_days=14)
    rng = np.random.default_rng(0)
    b.serve_day(0, entries(40, 0), 10.0, rng)  # non-urgent fill 7 of 10 slots each day ahead
    day = b.serve_day(1, entries(3, 1, urgent=True), 10.0, rng)
    started_urgent = day.served.contacts.urgent.sum()
    assert started_urgent == 3
    # more urgent contacts than the reserve: the rest start first the next working day
    day = b.serve_day(2, entries(5, 2, urgent=True), 10.0, rng)
    assert day.served.contacts.urgent.sum() == 3 and len(b.urgent) == 2
    day = b.serve_day(3, entries(0, 3), 10.0, rng)
    assert day.served.contacts.urgent.sum() == 2


def test_cancelled_slots_are_reused_and_no_shows_are_lost() -> None:
    rng = np.random.default_rng(1)
    b = book(urgent_share=0.0, horizon_days=60, cancellation_rate=1.0)
    b.serve_day(0, entries(200, 0), 10.0, rng)  # every booking will be cancelled ahead
    assert b.day.max() == 25  # 190 bookings ahead: 19 working days of 10 slots
    for today in range(1, 3):
        day = b.serve_day(today, entries(0, today), 10.0, rng)
        assert day.left > 0  # cancellations came in
    # a new contact now takes a slot freed by a cancellation today, not one after day 25
    day = b.serve_day(3, entries(1, 3, first=999), 10.0, rng)
    assert 999 in day.served.contacts.resident
    shows = book(urgent_share=0.0, no_show_rate=0.5)
    shows.serve_day(0, entries(2000, 0), 1000.0, np.random.default_rng(2))
    day = shows.serve_day(1, entries(0, 1), 1000.0, np.random.default_rng(3))
    assert len(day.served) == pytest.approx(500, abs=60)  # half of Tuesday's 1000 bookings
    assert day.left == 1000 - len(day.served)


def test_daily_slots_keep_their_mean_exactly() -> None:
    rng = np.random.default_rng(4)
    draws = [whole(2.3, rng) for _ in range(20000)]
    assert set(draws) == {2, 3}
    assert np.mean(draws) == pytest.approx(2.3, abs=0.02)
    assert whole(7.0, rng) == 7


def station_waits(vacancy: float, small_tesoma: ekosim.Scenario) -> dict[str, float]:
    """Mean days from contact to visit at the health station, doctors' and nurses' visits,
    over a year of small Tesoma with this doctor vacancy rate."""
    scenario = ekosim.load_scenario(
        small_tesoma, {"providers.mehilainen.staff.doctor.vacancy_rate": vacancy}
    )
    model = ekosim.EcosystemModel(scenario, rng=4)
    network: CareNetwork = model.network
    waits: dict[str, list[np.ndarray]] = {"doctor": [], "nurse": []}
    step = network.step

    def recording(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        day = step(*args, **kwargs)  # type: ignore[arg-type]
        outcome = day.outcomes["health_station"]
        assert outcome.doctor is not None
        non_urgent = ~outcome.served.urgent
        waits["doctor"].append(outcome.waits_from_contact[outcome.doctor & non_urgent])
        waits["nurse"].append(outcome.waits_from_contact[~outcome.doctor & non_urgent])
        return day

    network.step = recording  # type: ignore[method-assign]
    model.run_for(365)
    return {name: float(np.concatenate(w).mean()) for name, w in waits.items()}


def test_a_doctor_shortage_lengthens_doctor_waits_not_nurse_waits(
    small_tesoma: ekosim.Scenario,
) -> None:
    full, short = station_waits(0.0, small_tesoma), station_waits(0.3, small_tesoma)
    assert short["doctor"] > full["doctor"] + 5.0
    assert short["nurse"] == pytest.approx(full["nurse"], abs=0.5)


def test_the_station_reports_the_doctor_kpis(small_tesoma: ekosim.Scenario) -> None:
    kpis = ekosim.run(small_tesoma, seed=2, years=1).final_kpis()
    assert 0.1 < kpis["doctor_visit_share"] < 0.3
    assert kpis["doctor_within_7_days_share"] <= kpis["doctor_within_14_days_share"] < 1.0
    assert kpis["doctor_within_14_days_share"] < kpis["within_14_days_share"] < 1.0
    assert kpis["t3_days"] > 3.0
    fewer_doctors = ekosim.load_scenario(
        small_tesoma, {"providers.mehilainen.staff.doctor.posts": 1.0}
    )
    assert ekosim.run(fewer_doctors, seed=2, years=1).final_kpis()["t3_days"] > kpis["t3_days"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "area.yaml"
    path.write_text(text, encoding="utf-8")
    return path


AREA = """\
name: area
extends: tesoma-base
services:
  health_station:
    booking:
      paths:
        acute: {nurse: 0.5, docter: 0.5}
        acuet: {nurse: 1.0}
        default: {nurse: 0.6, doctor: 0.4}
      urgent_share: 1.5
"""


def test_bad_bookings_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, AREA)
    with pytest.raises(ScenarioError) as error:
        ekosim.load_scenario(path)
    text = str(error.value)
    assert f"{path}:7: services.health_station.booking.paths.acute.docter: no such profession" in (
        text
    )
    assert "did you mean 'doctor'?" in text
    assert f"{path}:8: services.health_station.booking.paths.acuet: no such need" in text
    assert f"{path}:10: services.health_station.booking.urgent_share:" in text


def test_a_path_names_professions_once_joined_by_arrows() -> None:
    for path, problem in [("nurse>doctor>nurse", "names a profession twice"), ("nurse>", "joined")]:
        with pytest.raises(ValueError, match=problem):
            BookingSpec.model_validate({"paths": {"default": {path: 1.0}}})


def test_a_booked_service_names_no_profession_of_its_own(tmp_path: Path) -> None:
    text = (
        "name: area\nextends: tesoma-base\nservices:\n  health_station:\n    profession: doctor\n"
    )
    with pytest.raises(ScenarioError, match="remove profession"):
        ekosim.load_scenario(write(tmp_path, text))


def test_a_horizon_shorter_than_the_care_guarantee_is_a_warning(tmp_path: Path) -> None:
    text = (
        "name: area\nextends: tesoma-base\nservices:\n  health_station:\n"
        "    booking:\n      horizon_days: 30\n"
    )
    path = write(tmp_path, text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scenario = ekosim.load_scenario(path)
    assert scenario.services["health_station"].booking.horizon_days == 30  # type: ignore[union-attr]
    messages = [str(w.message) for w in caught if issubclass(w.category, ScenarioWarning)]
    assert messages == [
        f"{path}:6: services.health_station.booking.horizon_days: booking horizon 30 days is "
        "shorter than the care guarantee's 90 days (contacts beyond it wait unbooked)"
    ]


RANGES = {  # DOMAIN.md's reality targets for full-size Tesoma
    "within_14_days_share": (0.80, 0.95),
    "doctor_within_14_days_share": (0.60, 0.85),
    "t3_days": (7.0, 60.0),
    "doctor_visit_share": (0.14, 0.25),
}


def assert_in_reality_ranges(residents: int, replications: int, years: int) -> None:
    from ekosim.scenario import scaled

    scenario = ekosim.load_scenario("tesoma-base")
    if residents != scenario.population.size:
        scenario = scaled(scenario, residents)
    runs = [ekosim.run(scenario, seed=s, years=years).final_kpis() for s in range(replications)]
    for kpi, (low, high) in RANGES.items():
        mean = float(np.mean([run[kpi] for run in runs]))
        assert low <= mean <= high, (kpi, mean)


def test_a_smaller_tesoma_waits_as_finnish_primary_care_does() -> None:
    assert_in_reality_ranges(5000, replications=2, years=1)


@pytest.mark.slow
def test_full_size_tesoma_waits_as_finnish_primary_care_does() -> None:
    assert_in_reality_ranges(23000, replications=5, years=2)


def test_a_booked_profession_works_in_its_book_only(tmp_path: Path) -> None:
    text = "name: area\nextends: tesoma-base\nservices:\n  dental:\n    profession: doctor\n"
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as error:
        ekosim.load_scenario(path)
    assert (
        f"{path}:5: services.dental.profession: mehilainen's doctor work in health_station's"
        in (str(error.value))
    )


def nurses_and_doctors(**booking: object) -> tuple[object, list[int]]:
    """A two-profession station whose nurses have 2 slots a day and its doctors 20: 10 nurse
    contacts a day (no urgent ones) for 30 days; returns the service and its doctors' visits
    a day."""
    import datetime as dt

    from ekosim.carepath.booking import BookedService
    from ekosim.scenario.schema import ServiceSpec

    spec = ServiceSpec.model_validate(
        {
            "provider": "p",
            "capacity_per_day": 100,
            "booking": {
                "paths": {"default": {"nurse": 0.5, "nurse>doctor": 0.5}},
                "urgent_share": 0.0,
                "horizon_days": 60,
                **booking,
            },
        }
    )
    service = BookedService(spec, dt.date(2024, 1, 1), np.random.default_rng(0), name="hs")
    doctor_visits = []
    for day in range(30):
        arrivals = Contacts(
            np.arange(day * 10, day * 10 + 10), np.zeros(10, bool), np.zeros(10, np.int8)
        )
        outcome = service.serve_day(day, arrivals, [2.0, 20.0])
        assert outcome.doctor is not None
        doctor_visits.append(int(outcome.doctor.sum()))
    return service, doctor_visits


def test_a_full_nurses_book_shifts_its_tasks_to_the_doctors() -> None:
    """Past the nurses' 14 days, their contacts are booked with the doctors, whose book has
    room: the doctors see more, and a nurse>doctor path becomes one doctor's visit."""
    without, plain = nurses_and_doctors()
    shifting, shifted = nurses_and_doctors(task_shifts={"nurse": "doctor"})
    assert without.shifted == 0 and shifting.shifted > 100
    assert sum(shifted) > sum(plain) + 100
    # the first two days' 20 contacts fit the nurses' book within 14 days: nothing shifts
    # yet (two slots a weekday: the 21st would be booked 14 days ahead)
    assert shifted[:2] == plain[:2] and shifted[2] > plain[2]
    nurses = shifting.books[0]
    assert nurses.days_ahead(30, 1)[0] <= 14 + 3  # shifting keeps the nurses' wait near 14 days
    assert without.books[0].days_ahead(30, 1)[0] > 14 + 3


def test_task_shifts_name_professions_with_books() -> None:
    paths = {"default": {"nurse": 0.5, "doctor": 0.5}}
    with pytest.raises(ValueError, match="task_shifts: 'physio' has no book"):
        BookingSpec.model_validate({"paths": paths, "task_shifts": {"physio": "doctor"}})
    with pytest.raises(ValueError, match="shifts to itself"):
        BookingSpec.model_validate({"paths": paths, "task_shifts": {"nurse": "nurse"}})
