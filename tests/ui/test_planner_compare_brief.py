"""The planner's comparison as charts and its decision brief, in a real browser at 1440x900
and 1024x768 (issue 23 points 6 and 12)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import expect

from tests.ui.test_planner_decisions import SIZES, planner, resize, shot, window  # noqa: F401
from tests.ui.test_planner_ui import ONE, QUICK, RUN_TIMEOUT_MS, run_and_wait


def painted(page: Any, chart: Any) -> bool:
    """Whether a chart is in the window and drawn: its box holds many colours (a blank or
    unsized canvas holds one or two)."""
    box = chart.bounding_box()
    viewport = page.viewport_size
    if box is None or box["width"] < 200 or box["y"] < 0 or box["y"] > viewport["height"]:
        return False
    image = Image.open(io.BytesIO(chart.screenshot()))
    return len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 20


def clear_on_the_right(chart: Any) -> bool:
    """Whether nothing dark (text) touches a chart's right edge beside its rows: a written
    change cut off by the chart's edge does."""
    image = Image.open(io.BytesIO(chart.screenshot())).convert("L")
    width, height = image.size
    beside_rows = image.crop((width - 12, 30, width, height - 110))  # not the axis, legend
    darkest, _ = beside_rows.getextrema()
    return darkest > 150


def add_named(page: Any, name: str) -> None:
    box = page.locator(".ek-compare-name input")
    box.fill(name)
    box.press("Enter")
    page.get_by_role("button", name="Add to comparison").click()


def test_named_scenarios_compare_as_charts_with_the_table_below(
    window: Any,  # noqa: F811
    planner: str,  # noqa: F811
) -> None:
    # what the runs give does not depend on the window: one comparison is run, and looked at
    # in both windows
    page = window
    page.goto(f"{planner}?{QUICK}")
    run_and_wait(page)
    add_named(page, "As it is")
    capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
    capacity.fill("50")
    capacity.press("Enter")
    run_and_wait(page)
    add_named(page, "Half the capacity")
    page.locator(".bk-tab.bk-active", has_text="Compare").wait_for()
    second = page.locator('.ek-compare tr[data-compare="1"]')
    second.first.wait_for(timeout=RUN_TIMEOUT_MS)
    assert "Half the capacity" in second.first.inner_text()
    assert "As it is" in page.locator('.ek-compare tr[data-compare="0"]').first.inner_text()
    waits = page.locator('.ek-compare tr[data-kpi="p90_wait_days"]')
    assert "days" in waits.first.inner_text()  # the unit beside the KPI
    note = page.locator(".ek-compare-note p.note")
    assert "change against “As it is”" in note.inner_text()
    # charts: a KPI-change chart per level, partners' and the region's money, the time series
    figures = page.locator(".ek-results .bk-Figure")
    figures.nth(5).wait_for(timeout=RUN_TIMEOUT_MS)  # the tabs draw only the one shown
    for width, height in SIZES:
        resize(page, width, height)
        page.mouse.wheel(0, -10_000)  # back to the top of the page
        table_top = page.locator(".ek-compare table").bounding_box()
        first_chart = figures.first.bounding_box()
        assert first_chart is not None and table_top is not None
        assert first_chart["y"] < table_top["y"], width  # the charts first, the numbers below
        head = page.locator(".ek-compare thead th")
        rights = head.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().right)")
        assert max(rights) <= width, (width, rights)  # no column cut off
        deltas = page.locator(".ek-compare-delta")
        assert deltas.count() == 3  # client value, service process, organisation
        for position in range(3):  # each written change within its chart
            assert clear_on_the_right(deltas.nth(position)), (width, position)
        shot(page, f"compare-{width}")
        # the money charts scrolled into view by the page itself: a wheel turned where the
        # mouse last clicked (the sidebar) scrolls the sidebar's levers, not the results
        money = page.locator(".ek-compare-money")
        assert money.count() == 2  # the partners' and the region's
        money.first.scroll_into_view_if_needed()
        for chart in (money.first, money.last):
            assert painted(page, chart), width  # drawn, not a blank box
        shot(page, f"compare-money-{width}")


def test_the_decision_brief_downloads_and_opens_as_one_printable_page(
    window: Any,  # noqa: F811
    planner: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    # The brief is a file: what it holds does not depend on the planner's window, so one run
    # makes it, and it is looked at in both windows (1440x900, then 1024x768)
    page = window
    page.goto(f"{planner}?{QUICK}&gain_share=0.7&vacancy_pp=5")
    run_and_wait(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Decision brief (HTML)").click()
    assert download.value.suggested_filename == "decision-brief.html"
    saved = tmp_path / "brief.html"
    download.value.save_as(saved)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(saved.as_uri())
    assert [url for url in fetched if not url.startswith(("file:", "data:"))] == []
    assert page.locator("h1").inner_text() == "Decision brief: Tesoma alliance"
    assert page.evaluate("document.documentElement.lang") == "en"
    changes = page.locator(".brief-brief_changes li")
    assert "Gain share (partners): 0.50 → 0.70" in changes.all_inner_texts()
    assert any("an assumption, not chosen" in item for item in changes.all_inner_texts())
    assert page.locator('[data-kpi="p90_wait_days"] .value').count() == 1
    assert page.locator('tr[data-partner="region"]').count() >= 1
    images = page.locator("img.chart")
    assert images.count() >= 4
    widths = images.evaluate_all("imgs => imgs.map(img => img.complete && img.naturalWidth)")
    assert all(width and width > 300 for width in widths)  # every chart drawn, in the page
    result = page.locator(".validation-result").inner_text()
    assert result.startswith("Result:") and "within tolerance" in result
    assert "ekosim planner, version" in page.locator(".meta").first.inner_text()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")  # it prints
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    page.emulate_media(media="screen")
    for width, height in SIZES:
        resize(page, width, height)
        shot(page, f"brief-{width}")


def test_a_lever_sweep_shows_each_side_across_the_range(
    window: Any,  # noqa: F811
    planner: str,  # noqa: F811
) -> None:
    page = window  # one sweep, looked at in both windows
    page.goto(f"{planner}?{QUICK}&view=sweep&sweep_lever=gain_share&sweep_points=3")
    page.locator(".bk-tab.bk-active", has_text="Sweep").wait_for()
    page.locator(".ek-sweep p.note", has_text="Run the sweep").wait_for()
    page.get_by_role("button", name="Run the sweep").click()
    page.locator(".ek-sweep-note p.note", has_text="3 of 3 values run").wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    page.locator(".ek-status", has_text="The sweep over 3 values finished.").wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    figures = page.locator(".ek-results .bk-Figure")
    figures.nth(4).wait_for()  # partners, region, and three KPIs
    assert page.locator(".ek-sweep-lever select").input_value() == "Gain share (partners)"
    for width, height in SIZES:
        resize(page, width, height)
        assert figures.count() >= 5 and all(
            (box := figures.nth(i).bounding_box()) is not None and box["width"] > 0
            for i in range(5)
        ), width
        shot(page, f"sweep-{width}")
    capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
    capacity.fill("80")
    capacity.press("Enter")
    page.locator(".ek-sweep-stale .stale", has_text="Settings changed since this sweep").wait_for()


def test_a_copied_link_reopens_an_uploaded_scenario_and_runs_it(
    browser: Any,
    planner: str,  # noqa: F811
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{planner}?years=1&replications=1")
    page.locator('.ek-status [data-done="true"][data-fresh="true"]').wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    # an upload previews like a lever move, even one whose levers start where they stood
    ran = int(page.locator(".ek-status [data-run]").get_attribute("data-run"))
    same = b"name: same\nextends: tesoma-alliance\nregion:\n  budget_eur_per_resident_year: 4000\n"
    page.locator("input[type=file]").set_input_files(
        {"name": "same.yaml", "mimeType": "application/x-yaml", "buffer": same}
    )
    preview = f'.ek-status [data-run="{ran + 1}"][data-done="true"][data-fresh="true"]'
    page.locator(preview).wait_for(timeout=RUN_TIMEOUT_MS)  # no click on Run
    upload = b"name: mine\nextends: tesoma-alliance\ncontract:\n  gain_share: 0.7\n"
    page.locator("input[type=file]").set_input_files(
        {"name": "mine.yaml", "mimeType": "application/x-yaml", "buffer": upload}
    )
    # the chooser, not the status: the upload's levers start a preview, whose progress
    # replaces the status's "Uploaded scenario in use" within a second
    chooser = page.locator(".ek-scenario select")
    expect(chooser.locator("option:checked")).to_have_text("Mine (uploaded)")
    page.wait_for_function("() => location.search.includes('upload=')")
    link = page.url
    other = context.new_page()  # the link opened elsewhere
    other.goto(link)
    other.locator(".ek-changes .changes", has_text="Changes to the scenario “Mine”").wait_for()
    assert other.locator(".ek-lever-gain_share input[type=text]").input_value() == "0.70"
    fresh = other.locator('.ek-status [data-done="true"][data-fresh="true"]')
    fresh.wait_for(timeout=RUN_TIMEOUT_MS)  # and runs by itself
    other.locator(".ek-scorecard p.note", has_text="Year 1 of 1").wait_for()
    gone = context.new_page()
    gone.goto(f"{planner}?years=1&upload=0123456789abcdef")
    gone.locator(".ek-problems", has_text="no longer on the server").wait_for()
    context.close()


def test_a_copied_link_reruns_its_comparison(browser: Any, planner: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{planner}?{ONE}")  # the link's wiring: one replication each
    run_and_wait(page)
    add_named(page, "As it is")
    capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
    capacity.fill("70")
    capacity.press("Enter")
    run_and_wait(page)
    add_named(page, "Less capacity")
    page.locator('.ek-compare tr[data-compare="1"]').first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.wait_for_function("() => location.search.includes('Less+capacity')")
    other = context.new_page()
    other.goto(page.url)
    other.locator(".bk-tab.bk-active", has_text="Compare").wait_for()
    second = other.locator('.ek-compare tr[data-compare="1"]')
    second.first.wait_for(timeout=RUN_TIMEOUT_MS)  # run again by itself, no click
    assert "Less capacity" in second.first.inner_text()
    assert "As it is" in other.locator('.ek-compare tr[data-compare="0"]').first.inner_text()
    shot(other, "compare-from-link-1440")
    context.close()
