"""The well-being app in a real browser, on a phone-sized screen, as a resident uses it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from ekosim.wellbeing import findrisc

PHONE = {"width": 390, "height": 844}
TWIN_TIMEOUT_MS = 60_000


@pytest.fixture
def wellbeing(serve_app: Callable[[str], str]) -> str:
    return serve_app("wellbeing")


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in its own browser context (own cookies and storage) sized like a phone."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def open_in_english(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Next").wait_for()


def fill(page: Any, question: str, value: str) -> None:
    field = page.locator(f".q-{question} input")
    field.fill(value)
    field.press("Enter")


def next_step(page: Any, step: int) -> None:
    page.locator(".ek-next button").click()
    page.get_by_text(f"Step {step} of 6").wait_for()


def test_self_assessment_gives_supportive_results_and_actions_move_the_twin(
    phone: Any, wellbeing: str
) -> None:
    page = phone
    open_in_english(page, wellbeing)
    fill(page, "age", "60")
    fill(page, "weight_kg", "95")
    fill(page, "waist_cm", "104")
    page.get_by_text("Your body mass index is 32.9").wait_for()
    next_step(page, 2)
    for item in range(1, 6):
        page.locator(f".q-who5_{item} select").select_option(label="Less than half of the time")
    next_step(page, 3)
    page.get_by_role("checkbox", name="I have at some time had high blood sugar").check()
    next_step(page, 4)
    page.locator(".q-audit_1 select").select_option(label="2–3 times a week")
    page.get_by_role("checkbox", name="I smoke daily").check()
    next_step(page, 5)
    page.get_by_role("checkbox", name="I live alone").check()
    page.get_by_role("button", name="Show my results").click()

    expected = findrisc(
        age=60,
        sex="female",
        bmi=95 / 1.7**2,
        waist_cm=104,
        active_30min_daily=False,
        vegetables_daily=True,
        bp_medication=False,
        high_glucose_history=True,
        family_history="none",
    )
    points = page.locator(".ek-scores [data-findrisc]")
    points.wait_for(timeout=TWIN_TIMEOUT_MS)
    assert points.get_attribute("data-findrisc") == str(expected.points)
    assert page.locator(".ek-scores [data-who5]").get_attribute("data-who5") == "40"
    page.get_by_text("things have felt heavier than usual lately").wait_for()
    health_age = float(page.locator("[data-health-age]").get_attribute("data-health-age"))
    assert health_age > 60  # smoking and weight count in the model

    plan = page.locator(".ek-plan p")  # the text is inside the pane's shadow root
    assert "Pick one action" in plan.inner_text()
    page.get_by_role("button", name="Exercise 150 min a week").click()
    page.get_by_text("Healthy years out of the next 10").wait_for(timeout=TWIN_TIMEOUT_MS)
    first = plan.inner_text()
    page.get_by_role("button", name="Quit smoking").click()
    page.locator(".ek-plan p").filter(has_not_text=first).wait_for(timeout=TWIN_TIMEOUT_MS)
    assert plan.inner_text() != first


def test_language_switches_every_text(phone: Any, wellbeing: str) -> None:
    phone.goto(wellbeing)
    phone.get_by_role("button", name="Seuraava").wait_for()
    phone.get_by_text("Vaihe 1 / 6").wait_for()
    phone.get_by_role("button", name="English").click()
    phone.get_by_text("Step 1 of 6").wait_for()
    assert phone.get_by_role("button", name="Seuraava").count() == 0
    phone.get_by_role("button", name="Suomi").click()
    phone.get_by_text("Ikä (vuotta)").wait_for()


def test_impossible_answers_get_a_clear_message(phone: Any, wellbeing: str) -> None:
    open_in_english(phone, wellbeing)
    fill(phone, "age", "0")
    alert = phone.get_by_role("alert")
    alert.wait_for()
    assert "please give your age in years" in alert.inner_text()
    phone.locator(".ek-next button").click()
    assert phone.get_by_text("Step 1 of 6").is_visible()  # held until the age is possible
    fill(phone, "age", "50")
    fill(phone, "height_cm", "158")
    fill(phone, "weight_kg", "500")
    phone.get_by_text("a body mass index of 200 is not possible").wait_for()


def test_two_sessions_never_see_each_others_answers(browser: Any, wellbeing: str) -> None:
    contexts = [browser.new_context(viewport=PHONE) for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        for page in (first, second):
            open_in_english(page, wellbeing)
        fill(first, "age", "77")
        first.get_by_role("button", name="Next").click()
        first.get_by_text("Step 2 of 6").wait_for()
        second.reload()
        second.get_by_role("button", name="Seuraava").wait_for()
        assert second.locator(".q-age input").input_value() == "45"
        assert second.get_by_text("Vaihe 1 / 6").is_visible()
        first.get_by_role("button", name="Back").click()
        assert first.locator(".q-age input").input_value() == "77"
        address = urlsplit(first.url)
        assert "77" not in address.path + address.query + address.fragment  # not the port's 77
    finally:
        for context in contexts:
            context.close()


def test_weekly_check_in_earns_points_and_a_badge(phone: Any, wellbeing: str) -> None:
    open_in_english(phone, wellbeing)
    for step in range(2, 6):
        next_step(phone, step)
    phone.get_by_role("button", name="Show my results").click()
    phone.get_by_role("button", name="Exercise 150 min a week").click(timeout=TWIN_TIMEOUT_MS)
    phone.get_by_role("checkbox", name="I did this week: Exercise 150 min a week").check()
    phone.get_by_role("button", name="Check in this week").click()
    phone.locator('.ek-status[data-points="15"][data-week="1"]').wait_for()
    phone.locator('[data-badge="first_step"]').wait_for()
    phone.get_by_role("button", name="Take a rest week").click()
    phone.locator('.ek-status[data-points="15"][data-week="2"]').wait_for()
    assert "Weeks in a row 1" in phone.locator(".ek-status").inner_text()


def test_answers_saved_to_a_file_cleared_and_loaded_back(
    phone: Any, wellbeing: str, tmp_path: Any
) -> None:
    open_in_english(phone, wellbeing)
    fill(phone, "age", "66")
    phone.get_by_text("Your body mass index is 26.0").wait_for()
    for step in range(2, 6):
        next_step(phone, step)
    phone.get_by_role("button", name="Show my results").click()
    with phone.expect_download() as saving:
        phone.get_by_role("button", name="Save my answers to a file").click()
    saved = tmp_path / "answers.json"
    saving.value.save_as(saved)
    assert '"age": 66' in saved.read_text()
    phone.get_by_role("button", name="Clear my answers").click()
    phone.get_by_text("Step 1 of 6").wait_for()
    assert phone.locator(".q-age input").input_value() == "45"
    for step in range(2, 6):
        next_step(phone, step)
    phone.get_by_role("button", name="Show my results").click()
    phone.locator(".ek-import input[type=file]").set_input_files(str(saved))
    phone.get_by_text("Your answers are loaded.").wait_for()
    phone.get_by_text("(your age: 66)").wait_for()
