"""The planner in a real browser, as a county planner uses it (issue 23): stale results are
greyed and say so, Run stays in reach and a moved lever previews by itself, captions say what
is shown, and a saving from care not given is flagged, at 1440x900 and 1024x768."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.test_planner_ui import ONE, QUICK, RUN_TIMEOUT_MS, run_and_wait

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


SIZES = ((1440, 900), (1024, 768))


@pytest.fixture(scope="module")
def planner(serve_app: Callable[[str], str]) -> str:
    return serve_app("planner")


@pytest.fixture(params=SIZES, ids=[str(width) for width, _ in SIZES])
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    yield context.new_page(), f"{width}"
    context.close()


@pytest.fixture
def window(browser: Any) -> Iterator[Any]:
    """A page at the first of ``SIZES``, to be resized to the others: for a test
    whose runs do not depend on the window, so they run once and are looked at in each."""
    width, height = SIZES[0]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def resize(page: Any, width: int, height: int) -> None:
    """The window resized, once the page has laid itself out again (two animation frames:
    the resize observers' frame and the one drawn after it)."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"planner-{name}.png"))


def in_view(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def test_stale_results_are_greyed_and_cost_cut_by_care_not_given_is_flagged(
    window: Any, planner: str
) -> None:
    page = window  # the runs do not depend on the window: greyed results shown in both
    page.goto(f"{planner}?{QUICK}&capacity_pct=50")
    run_and_wait(page)
    scorecard = page.locator(".ek-scorecard")
    # the caption is redrawn just after the run's status: wait for it rather than read it once
    scorecard.locator("p.note").get_by_text("Year 1 of 1, mean of all 2 replications.").wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    cost = page.locator('.ek-scorecard [data-kpi="cost_per_resident_eur_year"]')
    flagged = cost.locator(".status.care_not_given")
    assert flagged.text_content() == "lower cost from care not given"
    assert cost.locator(".status.better").count() == 0
    stale = page.locator(".ek-stale")
    assert not stale.is_visible()
    page.locator(".ek-lever-contract_model select").select_option(label="In-house")
    stale.get_by_text("Changed since this run — Run to update").wait_for()
    opacity = page.locator(".ek-results").first.evaluate("e => getComputedStyle(e).opacity")
    assert float(opacity) < 1
    for width, height in SIZES:
        resize(page, width, height)
        shot(page, f"stale-{width}")
    run_and_wait(page)
    stale.wait_for(state="hidden")
    results = page.locator(".ek-results").first
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=results.element_handle())


def test_run_stays_in_reach_and_a_moved_lever_previews_by_itself(
    sized: tuple[Any, str], planner: str
) -> None:
    page, size = sized
    page.goto(f"{planner}?years=1&replications=2")  # a link with settings runs by itself
    fresh = page.locator('.ek-status [data-done="true"][data-fresh="true"]')
    fresh.wait_for(timeout=RUN_TIMEOUT_MS)
    first = int(fresh.get_attribute("data-run"))
    vacancies = page.locator(".ek-lever-vacancy_pp input[type=text]")
    vacancies.scroll_into_view_if_needed()  # the last lever: the sidebar scrolls under Run
    run = page.get_by_role("button", name="Run", exact=True)
    assert in_view(page, run) and in_view(page, vacancies)
    vacancies.fill("15")
    vacancies.press("Enter")
    page.locator(".ek-stale").get_by_text("Run to update").wait_for()
    preview = f'.ek-status [data-run="{first + 1}"][data-done="true"][data-fresh="true"]'
    page.locator(preview).wait_for(timeout=RUN_TIMEOUT_MS)  # no click on Run
    # the caption is redrawn just after the run's status: wait for it rather than read it once
    caption = page.locator(".ek-scorecard p.note")
    caption.get_by_text("Year 1 of 1, mean of all 2 replications.").wait_for()
    page.mouse.wheel(0, 3000)  # the results scrolled: Run is still there
    assert in_view(page, run)
    shot(page, f"preview-{size}")


def test_finnish_switches_everything_at_once_and_no_column_is_cut(
    sized: tuple[Any, str], planner: str
) -> None:
    page, size = sized
    page.goto(f"{planner}?{ONE}&capacity_pct=60")  # the words and widths: one replication
    run_and_wait(page)
    width = page.viewport_size["width"]
    head = page.locator(".ek-scorecard thead th")
    head.last.wait_for()
    rights = head.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().right)")
    assert len(rights) == 5 and max(rights) <= width  # every column in the page
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="fi", exact=True).click()
    page.locator(".bk-tab", has_text="Tilikirja").wait_for()
    tabs = [tab.inner_text() for tab in page.locator(".bk-tab").all()]
    finnish = ["Mittaristo", "Aikasarjat", "Tilikirja", "Riskiprofiili", "Jonot"]
    assert tabs == [
        *finnish,
        "Asiointivirrat",
        "Vertailu",
        "Pyyhkäisy",
    ]  # all at once, none clicked
    last = page.locator(".bk-tab").last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= width  # every tab in the page
    for tab, drawn in (  # every view in the page, its Finnish headers too ("Tappioriski")
        ("Aikasarjat", ".bk-Figure"),
        ("Tilikirja", ".ek-ledger table"),
        ("Riskiprofiili", ".ek-risk table"),
        ("Jonot", ".ek-waits table"),
        ("Asiointivirrat", ".ek-services table"),
        ("Mittaristo", ".ek-scorecard table"),
    ):
        page.locator(".bk-tab", has_text=tab).click()
        page.locator(f".ek-results {drawn}").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (tab, width)
    assert page.evaluate("document.documentElement.lang") == "fi"
    page.locator(".ek-scorecard p.note", has_text="Vuosi 1/1").wait_for()
    assert page.get_by_role("button", name="Aja", exact=True).is_visible()
    page.get_by_role("button", name="Kumoa", exact=True).click()  # the link's levers: no history
    page.locator(".ek-status", has_text="Ei kumottavaa.").wait_for()
    capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
    capacity.fill("70")
    capacity.press("Enter")
    page.locator(".ek-stale").get_by_text("päivitä painamalla Aja").wait_for()
    page.get_by_role("button", name="Kumoa", exact=True).click()
    page.locator(".ek-status", has_text="Kumottu: Palvelukapasiteetti").wait_for()
    page.locator(".ek-stale").wait_for(state="hidden")  # back to the settings that were run
    shot(page, f"finnish-{size}")
