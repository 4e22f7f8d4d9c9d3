"""A closed planner session leaves no planner app behind (RELIABILITY.md section 3).

The planner is served in this process (so its objects can be inspected) with short session
lifetimes; real browser tabs open it, one runs, all close; once Bokeh has destroyed every
session, no `PlannerApp` may be alive. Before the fix each one outlived its session, held
through the editable sliders' callbacks in Panel's class-wide `Callback.registry`.
"""

from __future__ import annotations

import gc
import logging
import time
import urllib.error
import urllib.request
import weakref
from typing import Any

import panel as pn
import pytest

from apps import planner
from tests.ui.conftest import UI_TIMEOUT_MS, free_port
from tests.ui.test_planner_ui import ONE, run_and_wait

SESSIONS = 3
# A session is dropped once it has had no connection this long (checked every second): long
# enough for a busy machine's tab to connect its websocket after loading the page.
SESSION_LIFETIME_MS = 3000
WAIT_SECONDS = 180  # a deadline for a busy machine (as the server start's), not a timing assertion


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def _alive(apps: list[weakref.ref[planner.PlannerApp]]) -> int:
    gc.collect()
    return sum(ref() is not None for ref in apps)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


# The server runs in this process, where the test suite turns warnings into errors: Panel's
# own deprecation of `button_type` (the app's buttons) would fail every page it renders.
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_closed_sessions_leave_no_planner_app_behind(
    browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tab closed mid-message logs Tornado's WebSocketClosedError ("Task exception was never
    # retrieved"); pytest's log capture keeps that record, and its traceback's frames hold
    # the app they were updating, for the whole test. The server's own log keeps nothing.
    for name in ("asyncio", "tornado"):
        monkeypatch.setattr(logging.getLogger(name), "propagate", False)
    apps: list[weakref.ref[planner.PlannerApp]] = []
    destroyed: list[str] = []

    def create() -> planner.PlannerApp:
        app = planner.create_app()
        apps.append(weakref.ref(app))
        return app

    def on_destroyed(session_context: Any) -> None:
        destroyed.append(session_context.id)

    pn.state.on_session_destroyed(on_destroyed)  # outside a session: for every session
    port = free_port()
    server = pn.serve(
        {"planner": create},
        port=port,
        address="127.0.0.1",
        allow_websocket_origin=[f"127.0.0.1:{port}"],
        show=False,
        threaded=True,
        check_unused_sessions_milliseconds=1000,
        unused_session_lifetime_milliseconds=SESSION_LIFETIME_MS,
    )
    url = f"http://127.0.0.1:{port}/planner"
    try:
        _wait_for(lambda: _answers(url), "the server")  # this probe is a session too
        for number in range(SESSIONS):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.set_default_timeout(UI_TIMEOUT_MS)
            page = context.new_page()
            page.goto(f"{url}?{ONE}")
            if number == 0:  # a run: its results and the worker thread's jobs
                run_and_wait(page)
            else:
                page.get_by_role("button", name="Run", exact=True).wait_for()
            context.close()
        _wait_for(lambda: len(destroyed) >= len(apps) > SESSIONS, "the sessions to end")
        # The server thread runs a session's destroy hooks one after another (the app's
        # release among them, in no set order with this test's), so the last session may
        # still be in its hooks: collect until every app is gone, or fail at the deadline.
        deadline = time.monotonic() + WAIT_SECONDS
        while _alive(apps) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = _alive(apps)
        assert alive == 0, f"{alive} of {len(apps)} planner apps outlived their sessions"
    finally:
        server.stop()
        pn.state._on_session_destroyed.remove(on_destroyed)
