"""The planner in a real browser names things in words (issue 23 point 4) and a link copied
after a run reopens its results and comparison by itself, with the preview off and for an
uploaded scenario too (point 7). Self-contained: its own server fixture (tests/ui/conftest's
``serve_app``, shared by the session) and pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.test_planner_ui import QUICK, RUN_TIMEOUT_MS, kpi_value, run_and_wait

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def planner(serve_app: Callable[[str], str]) -> str:
    return serve_app("planner")


@pytest.fixture(params=[(1440, 900), (1024, 768)], ids=["1440", "1024"])
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    yield context.new_page(), str(width)
    context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"planner-{name}.png"))


def test_the_page_names_scenarios_partners_services_and_channels_in_words(
    sized: tuple[Any, str], planner: str
) -> None:
    page, size = sized
    page.goto(f"{planner}?{QUICK}&posts_doctor=2&capacity_pct=80")
    run_and_wait(page)
    line = page.locator(".ek-changes .changes")
    assert "Changes to the scenario “Tesoma alliance”" in line.inner_text()
    assert "Mehiläinen · Doctors: 12.47 → 14.47\u00a0FTE" in line.inner_text()
    assert "Health station: capacity 260 → 208\u00a0a day" in line.inner_text()
    assert "providers." not in line.inner_text() and "_" not in line.inner_text()
    chosen = page.get_by_role("combobox").first.locator("option:checked")
    assert chosen.inner_text() == "Tesoma alliance"
    page.locator(".bk-tab", has_text="Flows").click()
    services = page.locator(".ek-services tbody td:first-child")
    services.first.wait_for()
    shown = services.all_inner_texts()
    assert {"Phone", "Chat / Digital clinic", "Setlementti Tampere", "Dental clinic"} <= set(shown)
    assert not any("_" in name or "." in name for name in shown)
    page.locator(".bk-tab", has_text="Risk profile").click()
    partner = page.locator('.ek-risk tr[data-partner="mehilainen"] td').first
    partner.wait_for()
    assert partner.inner_text() == "Mehiläinen"
    page.locator(".bk-tab", has_text="KPI scorecard").click()
    box = page.locator(".ek-compare-name input")
    box.fill("Two more doctors")
    box.press("Enter")
    page.get_by_role("button", name="Add to comparison").click()
    row = page.locator('.ek-compare tr[data-compare="0"]').first
    row.wait_for(timeout=RUN_TIMEOUT_MS)
    assert "Two more doctors" in row.inner_text()
    shot(page, f"names-{size}")
    page.get_by_role("button", name="fi", exact=True).click()
    line.get_by_text("Mehiläinen · Lääkärit: 12,47 → 14,47\u00a0htv").wait_for()
    assert "Terveysasema: kapasiteetti 260 → 208" in line.inner_text()
    assert chosen.inner_text() == "Tesoman allianssi"


def test_a_link_copied_after_a_run_reopens_its_results_and_comparison_preview_off(
    browser: Any, planner: str
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{planner}?{QUICK}")  # the preview off: nothing runs by itself here
    upload = b"name: mine\nlabel: {en: My area}\nextends: tesoma-alliance\n"
    page.locator("input[type=file]").set_input_files(
        {"name": "mine.yaml", "mimeType": "application/x-yaml", "buffer": upload}
    )
    page.locator(".ek-changes .changes", has_text="“My area”").wait_for()
    capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
    capacity.fill("70")
    capacity.press("Enter")
    run_and_wait(page)
    wait = kpi_value(page, "p90_wait_days")
    box = page.locator(".ek-compare-name input")
    box.fill("Less capacity")
    box.press("Enter")
    page.get_by_role("button", name="Add to comparison").click()
    page.locator('.ek-compare tr[data-compare="0"]').first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.wait_for_function("() => location.search.toLowerCase().includes('ran=true')")
    link = page.url
    assert "preview=false" in link.lower() and "upload=" in link
    other = context.new_page()
    other.goto(link)
    other.locator(".bk-tab.bk-active", has_text="Compare").wait_for()
    row = other.locator('.ek-compare tr[data-compare="0"]').first
    row.wait_for(timeout=RUN_TIMEOUT_MS)  # no click on Run
    assert "Less capacity" in row.inner_text()
    other.locator(".ek-status", has_text="The link's comparison is back").wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    assert other.locator('.ek-status [data-fresh="true"]').count() == 1  # results, not stale
    other.locator(".bk-tab", has_text="KPI scorecard").click()
    value = other.locator('.ek-scorecard [data-kpi="p90_wait_days"] .value')
    value.get_by_text(wait, exact=True).wait_for()  # the same numbers, run again
    assert "“My area”" in other.locator(".ek-changes .changes").inner_text()
    shot(other, "link-preview-off-1440")
    context.close()
