"""Real-browser fixtures shared by the apps' UI tests: Debian's Chromium through Playwright,
and `ekosim serve APP` in a subprocess on a free loopback port.

Everything under tests/ui is marked ``ui``. Without chromium the tests are skipped locally,
but fail when CI=true: CI must run them (scripts/setup.sh --with-browser installs chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's device descriptors (viewport, user agent, scale, touch), filled by ``browser``.
DEVICES: dict[str, dict[str, object]] = {}
# A deadline for a busy machine (the server starts twice: it re-executes itself with its
# allocator), not a timing assertion: on a shared 2-core machine under load a start took over 60 s.
SERVER_START_SECONDS = 180
UI_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.ui)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    chromium = shutil.which("chromium")
    if chromium is None:
        reason = "chromium is not installed (scripts/setup.sh --with-browser installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        DEVICES.update(playwright.devices)
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (own cookies and storage) with generous timeouts for a shared machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(UI_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """``serve_app("planner")`` -> the app's URL; one server per app for the whole session."""
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    logs = tmp_path_factory.mktemp("servers")

    def start(app: str) -> str:
        if app not in servers:
            port = free_port()
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
            log = logs / f"{app}.log"
            with log.open("wb") as stream:  # a file, not a pipe: a full pipe stalls a server
                process = subprocess.Popen(
                    [sys.executable, "-m", "ekosim.cli", "serve", app, "--port", str(port)],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=stream,
                )
            url = f"http://127.0.0.1:{port}/{app}"
            try:
                _wait_until_ready(process, url, log)
            except BaseException:  # not kept: the next test that needs the app starts it anew
                process.kill()
                process.wait()
                raise
            servers[app] = (process, url)
        return servers[app][1]

    yield start
    for process, _ in servers.values():
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = log.read_text(errors="replace")
            pytest.fail(f"the app server exited with {process.returncode}:\n{error}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)  # polling for the server to listen; there is nothing to wait on
    process.kill()
    pytest.fail(f"the app server did not answer {url} within {SERVER_START_SECONDS} s")
