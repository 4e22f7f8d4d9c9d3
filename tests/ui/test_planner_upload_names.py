"""The planner in a real browser: the scenario chooser names an uploaded scenario while it is
in use, choosing a bundled one leaves it, and compared runs whose own names are the same are
told apart by what differs (issue 23 points 4, 6), at 1440x900 and 1024x768."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.ui.test_planner_decisions import SIZES, planner, resize, shot, window  # noqa: F401
from tests.ui.test_planner_ui import ONE, RUN_TIMEOUT_MS, run_and_wait

# the bundled scenario again under its own name: its run gets the very same words
SAME_WORDS = b"name: tesoma-alliance\nextends: tesoma-alliance\n"


def test_the_chooser_shows_the_upload_and_compared_twins_get_names_apart(
    window: Any,  # noqa: F811
    planner: str,  # noqa: F811
) -> None:
    page = window  # one run each, looked at in both windows
    page.goto(f"{planner}?{ONE}")
    chooser = page.locator(".ek-scenario select")
    assert chooser.locator("option:checked").inner_text() == "Tesoma alliance"
    run_and_wait(page)
    page.get_by_role("button", name="Add to comparison").click()
    page.locator('.ek-compare tr[data-compare="0"]').first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.locator("input[type=file]").set_input_files(
        {"name": "again.yaml", "mimeType": "application/x-yaml", "buffer": SAME_WORDS}
    )
    page.locator(".ek-status", has_text="Uploaded scenario in use: Tesoma alliance").wait_for()
    expect(chooser.locator("option:checked")).to_have_text("Tesoma alliance (uploaded)")
    run_and_wait(page)
    page.get_by_role("button", name="Add to comparison").click()
    second = page.locator('.ek-compare tr[data-compare="1"]').first
    second.wait_for(timeout=RUN_TIMEOUT_MS)
    first = page.locator('.ek-compare tr[data-compare="0"]').first
    assert "Tesoma alliance · Baseline" in first.inner_text()
    assert "Tesoma alliance · Baseline [uploaded]" in second.inner_text()
    for width, height in SIZES:
        resize(page, width, height)
        page.locator(".ek-scenario").scroll_into_view_if_needed()
        shot(page, f"upload-chooser-{width}")
    chooser.select_option(label="Tesoma alliance")  # the bundled one the upload replaced
    page.wait_for_function("() => !/upload=[0-9a-f]/.test(location.search)")  # none named
    expect(chooser.locator("option:checked")).to_have_text("Tesoma alliance")
    expect(chooser.locator("option", has_text="(uploaded)")).to_have_count(0)
    page.locator(".ek-changes .changes", has_text="“Tesoma alliance”").wait_for()
