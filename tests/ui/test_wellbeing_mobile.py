"""The well-being app on real phones (Playwright's device descriptors: Chromium's mobile
emulation, touch, device scale) and on a laptop: readable and tappable, no sideways scrolling,
numbers as residents type them, and no serious accessibility violation (axe-core) on any step.

Each flow goes once through every step, measuring and checking each; the screenshots are kept
in the test's temporary directory (``--basetemp`` to look at them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from apps.wellbeing_answers import STEPS, format_number, from_person, on_step
from ekosim.wellbeing.person import Person, fitting_actions
from tests.ui.conftest import DEVICES

TWIN_TIMEOUT_MS = 90_000
AREA_TIMEOUT_MS = 240_000  # the area's residents, 10 years x 10 runs, on a shared machine
MIN_TEXT_PX = 16
MIN_TARGET_PX = 44
STEP_TEXT = {"fi": "Vaihe {step} / 6", "en": "Step {step} of 6"}
NEXT = {"fi": "Seuraava", "en": "Next"}
# Someone with serious results: likely depression, a high diabetes risk, drinking over the cut-off.
LOW = Person(
    age=58.0,
    weight_kg=96.0,
    waist_cm=104.0,
    who5=(0, 1, 1, 1, 1),
    high_glucose_history=True,
    audit_c=(3, 2, 1),
)
# (name, Playwright device or None, viewport override, language, the person answering)
FLOWS = [
    ("pixel7-360px-fi", "Pixel 7", {"width": 360, "height": 780}, "fi", Person()),
    ("iphone13-en-serious", "iPhone 13", None, "en", LOW),
    ("laptop-1366x768-fi-serious", None, {"width": 1366, "height": 768}, "fi", LOW),
]

# Every element under the document, through Panel's shadow roots: the texts smaller than
# MIN_TEXT_PX, the controls (or the label a box sits in) smaller than MIN_TARGET_PX either way,
# and how wide the page is against the window.
MEASURE = """([minText, minTarget]) => {
  const all = []
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      all.push(el)
      if (el.shadowRoot) walk(el.shadowRoot)
    }
  }
  walk(document)
  const shown = (el) => {
    const box = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
  }
  const small = [], tiny = []
  for (const el of all) {
    if (!shown(el)) continue
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    const size = parseFloat(getComputedStyle(el).fontSize)
    const words = el.textContent.trim().slice(0, 40)
    if (text && size < minText) small.push(`${el.tagName} ${size}px ${words}`)
    const boxed = el.tagName === "INPUT" && ["checkbox", "radio"].includes(el.type)
    const control = ["BUTTON", "SELECT", "A"].includes(el.tagName) || el.tagName === "INPUT"
    if (!control) continue
    const box = (boxed ? el.closest("label") || el : el).getBoundingClientRect()
    if (box.width < minTarget || box.height < minTarget) {
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`
      const name = (el.closest("label") || el).textContent.trim().slice(0, 30)
      tiny.push(`${el.tagName} ${el.type || ""} ${size} ${name}`)
    }
  }
  const decimal = all.filter((el) => el.tagName === "INPUT" && el.type === "text")
    .map((el) => el.inputMode)
  return {small, tiny, decimal, page: document.documentElement.scrollWidth, window: innerWidth,
          viewport: document.querySelector('meta[name="viewport"]')?.content || null,
          lang: document.documentElement.lang, title: document.title}
}"""


@pytest.fixture(params=FLOWS, ids=[flow[0] for flow in FLOWS])
def device(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str, Person]]:
    """A page in its own context emulating the flow's device, its language and person."""
    _, name, viewport, language, person = request.param
    settings: dict[str, Any] = dict(DEVICES[name]) if name else {}
    settings.pop("default_browser_type", None)  # all of them in Chromium
    if viewport:
        settings["viewport"] = viewport
    context = browser.new_context(**settings)
    context.set_default_timeout(30_000)
    yield context.new_page(), language, person
    context.close()


def answer_step(page: Any, step: str, language: str, values: dict[str, Any]) -> None:
    """Answer a step's questions with ``values`` whatever the language: numbers typed the
    language's way (a decimal comma in Finnish), radio buttons by their value."""
    for field in on_step(step):
        value = values[field.name]
        if field.kind == "number":
            box = page.locator(f".q-{field.name} input")
            box.fill(format_number(value, language))
            box.press("Enter")
        else:
            page.locator(f".q-{field.name} input[value='{json.dumps(value)}']").check()


def check_the_page(page: Any, where: str, axe: Any) -> dict[str, Any]:
    """Measure the page and run axe-core on it; fail naming what is wrong and where."""
    page.wait_for_timeout(300)  # Panel's last redraw of this step
    seen = page.evaluate(MEASURE, [MIN_TEXT_PX, MIN_TARGET_PX])
    assert not seen["small"], f"{where}: text under {MIN_TEXT_PX} px: {seen['small']}"
    assert not seen["tiny"], f"{where}: targets under {MIN_TARGET_PX} px: {seen['tiny']}"
    assert seen["page"] <= seen["window"], f"{where}: scrolls sideways ({seen})"
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, f"{where}: axe-core: {violations}"
    return seen


def test_every_step_is_readable_tappable_and_accessible(
    device: tuple[Any, str, Person],
    serve_app: Callable[[str], str],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, language, person = device
    axe, flow = Axe(), request.node.callspec.id
    page.goto(serve_app("wellbeing"))
    page.get_by_role("button", name="Seuraava").wait_for()
    if language == "en":
        page.get_by_role("button", name="English").click()
    values = from_person(person)
    for number, step in enumerate(STEPS, start=1):
        page.get_by_text(STEP_TEXT[language].format(step=number)).wait_for()
        if step == "results":
            page.locator("[data-health-age]").wait_for(timeout=TWIN_TIMEOUT_MS)
            offered = page.locator(".ek-actions label")  # only what fits, each with why
            assert offered.count() == len(fitting_actions(person))
            assert all(" – " in label for label in offered.all_inner_texts())
            page.locator(".ek-actions input").first.check()
            page.locator(".ek-plan p").filter(has_text="10").wait_for(timeout=TWIN_TIMEOUT_MS)
            serious = page.locator('[data-severity="serious"]')
            assert serious.count() == (2 if person == LOW else 0)
            headline = page.locator(".ek-scores [data-findrisc]").inner_text()
            assert headline  # one diabetes headline (FINDRISC); the model's figure explained:
            assert "FINDRISC" in page.locator(".ek-two-figures p").inner_text()
            band = {"fi": "(25.–75. persentiili)", "en": "(25th–75th percentile)"}[language]
            page.get_by_text(band, exact=False).wait_for()  # what the fan chart's shading is
            help_links = page.locator(".ek-next-steps a")
            assert help_links.count() == (3 if person == LOW else 0)  # crisis, Omaolo, 112
        seen = check_the_page(page, f"{flow}, step {number} ({step})", axe)
        page.screenshot(path=tmp_path / f"{flow}-{number}-{step}.png", full_page=True)
        assert seen["viewport"] == "width=device-width, initial-scale=1"
        assert (seen["lang"], seen["title"]) == (
            language,
            {"fi": "Hyvinvointini", "en": "My well-being"}[language],
        )
        if step == "results" and language == "en":  # one flow asks the area and waits for it
            area = page.get_by_role("group", name="Where do you live?")
            assert area.get_by_role("radio", checked=True).count() == 0  # nothing assumed
            area.get_by_text("Tesoma", exact=True).click()  # a tap on the label picks it
            page.locator(".ek-area-run button").click()
            said = page.get_by_role("status").filter(has_text="if 1 in 10 adults started")
            said.wait_for(timeout=AREA_TIMEOUT_MS)
            assert said.locator("[data-area]").count() == 3
            check_the_page(page, f"{flow}, the area's result", axe)
            page.screenshot(path=tmp_path / f"{flow}-{number}-area.png", full_page=True)
        if step in ("basics", "habits"):
            assert seen["decimal"] and set(seen["decimal"]) == {"decimal"}
        if step != "results":
            answer_step(page, step, language, values)
            page.locator(".ek-next button").click()
