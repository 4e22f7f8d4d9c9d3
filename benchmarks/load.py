"""The Panel apps under load: concurrent real browser sessions on loopback.

Not a test. Run from the repository root (needs Debian's chromium and playwright):

    python benchmarks/load.py [--app planner|wellbeing|both] [--sessions 20] [--seconds 120]

For each app: ``ekosim serve APP`` starts in a subprocess; one warm-up session runs once and
closes, and the server's resident memory (RSS) after its cleanup is the baseline. Then
SESSIONS browser contexts (each its own cookies, so its own Bokeh server session) work at
once for SECONDS, each repeating a Tesoma run with its own distinct value:

* planner: health-station capacity SESSION-specific (typed into the lever), Run, wait for
  the run's replications; the override the page shows must be this session's own value;
* wellbeing: the resident's weight SESSION-specific, results, the first action offered, the
  Tesoma area run (a second action toggled between runs, so each run is new); the answers
  file the session downloads must hold this session's own weight.

It prints every session's runs, the median and 95th percentile of a Tesoma run (click to
finished, seconds), crossed values (must be 0), errors, the server's peak RSS and its RSS
once the sessions are closed and cleaned up, against the baseline, and the peak RSS of the
server's worker processes (the planner's replications run there).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
RUN_TIMEOUT_MS = 600_000
CLEANUP_SECONDS = 60  # sessions are dropped 5-10 s after their tab closes (ekosim.cli)
PLANNER_CAPACITY = 260  # tesoma-alliance health station, slots/day (tesoma-base's books)


@dataclass
class Tally:
    """What the sessions of one app saw."""

    run_seconds: list[float] = field(default_factory=list)
    runs_by_session: dict[int, int] = field(default_factory=dict)
    crossed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def helpers_rss_mb(pid: int) -> float:
    """The RSS of process ``pid``'s descendants, MB (a planner server's fork server and workers)."""
    import psutil

    total = 0.0
    for helper in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += helper.memory_info().rss / 2**20
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(app: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "ekosim.cli", "serve", app, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stream,
        )
    url = f"http://127.0.0.1:{port}/{app}"
    deadline = time.monotonic() + 300  # a busy machine imports Panel slowly
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{app} did not start: {log.read_text(errors='replace')}")


# ---- planner ------------------------------------------------------------------------------


async def planner_session(page: Any, url: str, number: int, until: float, tally: Tally) -> None:
    """Type this session's capacity (two values of its own, alternating) and run, repeatedly."""
    mine = (30 + 2 * number, 31 + 2 * number)  # percent of nominal: distinct for every session
    await page.goto(f"{url}?years=1&replications=2&preview=false")
    runs = 0
    while time.monotonic() < until:
        percent = mine[runs % 2]
        capacity = page.locator(".ek-lever-capacity_pct input[type=text]")
        await capacity.fill(str(percent))
        await capacity.press("Enter")
        expected = round(PLANNER_CAPACITY * percent / 100)
        status = page.locator(".ek-status [data-run]")
        before = int(await status.get_attribute("data-run"))
        started = time.monotonic()
        await page.get_by_role("button", name="Run", exact=True).click()
        finished = f'.ek-status [data-run="{before + 1}"][data-done="true"]'
        await page.locator(finished).wait_for(timeout=RUN_TIMEOUT_MS)
        tally.run_seconds.append(time.monotonic() - started)
        runs += 1
        shown = await page.locator(".ek-changes .change").first.inner_text()  # in words
        wanted = f"Health station: capacity {PLANNER_CAPACITY} → {expected}"
        own = shown.startswith(wanted) and f"capacity_pct={percent}" in page.url
        if not own:
            tally.crossed.append(f"planner session {number}: expected {expected}, saw {shown!r}")
    tally.runs_by_session[number] = runs


async def planner_warmup(page: Any, url: str) -> None:
    await page.goto(f"{url}?years=1&replications=2&preview=false")
    await page.get_by_role("button", name="Run", exact=True).click()
    await page.locator('.ek-status [data-run="1"][data-done="true"]').wait_for(
        timeout=RUN_TIMEOUT_MS
    )


# ---- wellbeing ----------------------------------------------------------------------------


async def wellbeing_to_actions(page: Any, url: str, weight: int) -> None:
    """Answer every step (the form starts empty) as the default person of this weight."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the well-being form's own declaration of its questions
    from apps.wellbeing_answers import STEPS, from_person, on_step
    from ekosim.wellbeing.person import Person

    await page.goto(url)
    await page.get_by_role("button", name="English").click()
    await page.get_by_text("Step 1 of 6").wait_for()  # the step redrawn in English: its fields
    values = from_person(Person(weight_kg=float(weight)))
    for number, step in enumerate(STEPS[:-1], start=1):
        for question in on_step(step):
            if question.kind == "number":
                box = page.locator(f".q-{question.name} input")
                await box.fill(f"{values[question.name]:g}")
                await box.press("Enter")
            else:
                value = json.dumps(values[question.name])
                await page.locator(f".q-{question.name} input[value='{value}']").check()
        if number == 1:
            await page.get_by_text(f"Your body mass index is {weight / 1.7**2:.1f}").wait_for()
        await page.locator(".ek-next button").click()
        if number < 5:
            await page.get_by_text(f"Step {number + 1} of 6").wait_for()
    await page.locator(".ek-scores [data-health-age]").wait_for(timeout=RUN_TIMEOUT_MS)
    await page.locator(".ek-actions input").first.check()


# The area's result box stays on the page (a live region); its rows are the finished run's.
AREA_RESULT = ".ek-area li[data-kpi]:first-child"


async def wellbeing_session(page: Any, url: str, number: int, until: float, tally: Tally) -> None:
    """This session's weight; then the Tesoma area run, again and again (an action toggled
    between runs so that each run is new); the downloaded answers must be this session's."""
    weight = 60 + number
    await wellbeing_to_actions(page, url, weight)
    runs = 0
    while time.monotonic() < until:
        if runs:
            await page.locator(".ek-actions input").nth(1).click()  # a new set of actions
            await page.locator(AREA_RESULT).wait_for(state="detached")
        started = time.monotonic()
        await page.locator(".ek-area-run button").click()
        await page.locator(AREA_RESULT).wait_for(timeout=RUN_TIMEOUT_MS)
        tally.run_seconds.append(time.monotonic() - started)
        runs += 1
        async with page.expect_download() as download_info:
            await page.locator(".ek-export button").click()
        download = await download_info.value
        answers = json.loads(Path(await download.path()).read_text())["answers"]
        if answers.get("weight_kg") != weight:
            tally.crossed.append(
                f"wellbeing session {number}: weight {weight}, file {answers.get('weight_kg')}"
            )
    tally.runs_by_session[number] = runs


async def wellbeing_warmup(page: Any, url: str) -> None:
    await wellbeing_to_actions(page, url, 70)
    await page.locator(".ek-area-run button").click()
    await page.locator(AREA_RESULT).wait_for(timeout=RUN_TIMEOUT_MS)


SESSIONS = {
    "planner": (planner_warmup, planner_session),
    "wellbeing": (wellbeing_warmup, wellbeing_session),
}


# ---- driving ------------------------------------------------------------------------------


async def guarded(work: Any, number: int, tally: Tally, page: Any) -> None:
    try:
        await work
    except Exception as error:  # a failed session is counted, and the others go on
        tally.errors.append(f"session {number}: {type(error).__name__}: {error}"[:300])
        with contextlib.suppress(Exception):  # what its page showed, to see why
            await page.screenshot(path=f"/tmp/ekosim-load-session-{number}.png", full_page=True)


async def settle(pid: int, seconds: float) -> float:
    """RSS after the closed sessions' cleanup: the lowest over ``seconds`` of waiting."""
    lowest = rss_mb(pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        lowest = min(lowest, rss_mb(pid))
    return lowest


async def load(app: str, sessions: int, seconds: float, chromium: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    warmup, session = SESSIONS[app]
    log = Path(f"/tmp/ekosim-load-{app}.log")
    server, url = start_server(app, log)
    tally = Tally()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

            async def context() -> Any:
                made = await browser.new_context(accept_downloads=True)
                made.set_default_timeout(RUN_TIMEOUT_MS)
                return made

            first = await context()
            await warmup(await first.new_page(), url)
            await first.close()
            baseline = await settle(server.pid, CLEANUP_SECONDS / 2)

            contexts = [await context() for _ in range(sessions)]
            pages = [await made.new_page() for made in contexts]
            until = time.monotonic() + seconds
            peak = [baseline, helpers_rss_mb(server.pid)]

            async def watch() -> None:
                while True:
                    peak[0] = max(peak[0], rss_mb(server.pid))
                    peak[1] = max(peak[1], helpers_rss_mb(server.pid))
                    await asyncio.sleep(1)

            watcher = asyncio.create_task(watch())
            started = time.monotonic()
            await asyncio.gather(
                *(
                    guarded(session(page, url, i, until, tally), i, tally, page)
                    for i, page in enumerate(pages)
                )
            )
            elapsed = time.monotonic() - started
            watcher.cancel()
            for made in contexts:
                await made.close()
            await browser.close()
        after = await settle(server.pid, CLEANUP_SECONDS)
    finally:
        server.terminate()
        server.wait(timeout=30)
    times = np.array(tally.run_seconds)
    return {
        "app": app,
        "sessions": sessions,
        "seconds": round(elapsed, 1),
        "sessions_with_a_run": sum(1 for runs in tally.runs_by_session.values() if runs),
        "runs": len(times),
        "run_median_s": round(float(np.median(times)), 1) if len(times) else None,
        "run_p95_s": round(float(np.percentile(times, 95)), 1) if len(times) else None,
        "run_max_s": round(float(times.max()), 1) if len(times) else None,
        "crossed": tally.crossed,
        "errors": tally.errors,
        "rss_baseline_mb": round(baseline),
        "rss_peak_mb": round(peak[0]),
        "worker_processes_rss_peak_mb": round(peak[1]),
        "rss_after_close_mb": round(after),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=[*SESSIONS, "both"], default="both")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (scripts/setup.sh --with-browser)")
    apps = list(SESSIONS) if args.app == "both" else [args.app]
    print(f"{os.cpu_count()} cores; {args.sessions} sessions for {args.seconds:.0f} s per app")
    for app in apps:
        report = asyncio.run(load(app, args.sessions, args.seconds, chromium))
        print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
