"""The residents' well-being simulator: a self-assessment in short steps, supportive results,
a personal twin with fan charts, and an action plan.

Privacy by design: the answers live only in this session's ``WellbeingApp`` (one per browser
tab, made by ``create_app``); nothing is written on the server, logged or put in the URL. The
resident can save the answers to a file of their own, load them back, and clear them.
Scoring and projections come from ``ekosim.wellbeing``; this module only lays them out.
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
from dataclasses import fields
from typing import Any

import panel as pn
import param
from bokeh.models import Range1d
from bokeh.plotting import figure

from apps.wellbeing_texts import LANGUAGES, decimal, percent, text
from ekosim.population.actions import ACTION_NAMES
from ekosim.scenario import load_scenario
from ekosim.wellbeing import findrisc, who5
from ekosim.wellbeing.area import AREA_KPIS, AreaEffect, area_effect
from ekosim.wellbeing.game import GameState, check_in, pause
from ekosim.wellbeing.person import LIMITS, Person, audit_c
from ekosim.wellbeing.twin import TwinResult, project_person

pn.extension(sizing_mode="stretch_width", notifications=False)

STEPS = ("basics", "who5", "findrisc", "habits", "social", "results")
ANSWERS = tuple(field.name for field in fields(Person))
MAX_ANSWERS_BYTES = 100_000  # a saved answers file is about 1 kB; larger is not one
# The app's answer parameters: lists of answers (WHO-5, AUDIT-C) are one parameter an item.
ANSWER_PARAMS = (
    *[name for name in ANSWERS if name not in ("who5", "audit_c")],
    *[f"who5_{item}" for item in range(1, 6)],
    *[f"audit_{item}" for item in range(1, 4)],
)
TWIN_YEARS, TWIN_RUNS, TWIN_SEED = 10, 1000, 2026
# "If 10% of the residents here did the same": the area, its share of adults, years, runs.
AREA_SCENARIO, AREA_NAME = "tesoma-alliance", "Tesoma"
AREA_SHARE, AREA_YEARS, AREA_REPLICATIONS, AREA_SEED = 0.10, 2, 3, 2026
CURRENT_COLOUR, PLAN_COLOUR, HEART_COLOUR = "#6b7280", "#15803d", "#b45309"
CARD_STYLE = {
    "background": "#f0fdf4",
    "border-radius": "14px",
    "padding": "0 14px",
    "border": "1px solid #bbf7d0",
}
STYLE = """
:host { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; }
.ek-big { font-size: 28px; font-weight: 700; color: #14532d; margin: 0; }
.ek-problems { background: #fff7ed; border-left: 5px solid #c2410c; padding: 8px 12px;
  color: #7c2d12; border-radius: 8px; }
.ek-note { color: #4b5563; font-size: 13px; }
.ek-status { font-size: 15px; font-weight: 600; color: #14532d; background: #ecfdf5;
  border-radius: 10px; padding: 8px 12px; }
.ek-badge { display: inline-block; background: #fef3c7; color: #78350f; border-radius: 14px;
  padding: 3px 10px; margin: 2px; font-size: 14px; }
"""
# Every control shows where the keyboard is: a 3 px dark-blue ring (6.7:1 on white; Bokeh's own
# is a 1 px light-grey dotted line, 1.9:1). A stylesheet reaches only its own widget's shadow
# root, so each widget gets it (``_keyboard``).
FOCUS_CSS = """
:focus-visible, input:focus, select:focus {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important; }
"""
# A number field's own up/down buttons have no name and are two extra tab stops each; the
# field takes typing and the arrow keys, so they are hidden.
NUMBER_CSS = ".bk-spin-btn { display: none !important; }"
# The charts have no tools, but Bokeh makes each one a tab stop with a faint ring and no name;
# what they show is in the plan's text above them, so the keyboard passes them by.
CHART_CSS = ":host { interactivity: inert; }"


class LabelledCheck(pn.custom.JSComponent):
    """A checkbox inside its <label>, so screen readers name it and the text is clickable
    (Bokeh's Checkbox puts its text in a plain div, leaving the box unnamed)."""

    value = param.Boolean(default=False)
    text = param.String(default="")

    _esm = """
    export function render({ model, el }) {
      const label = document.createElement("label")
      label.className = "ek-check"
      const box = document.createElement("input")
      box.type = "checkbox"
      box.checked = model.value
      box.addEventListener("change", () => { model.value = box.checked })
      model.on("value", () => { box.checked = model.value })
      const words = document.createElement("span")
      words.textContent = model.text
      model.on("text", () => { words.textContent = model.text })
      label.append(box, words)
      el.append(label)
    }
    """
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        """
        .ek-check { display: flex; gap: 10px; align-items: flex-start; cursor: pointer;
          font-size: 15px; line-height: 1.35; color: #1f2937; padding: 6px 0; }
        .ek-check input { width: 22px; height: 22px; margin: 0; flex: none; accent-color: #15803d; }
        .ek-check input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        """
    ]


class ChoiceGroup(pn.custom.JSComponent):
    """Native radio buttons (one choice) or checkboxes (several) in a <fieldset> whose
    <legend> names the group: Tab reaches the group, the arrow keys move between radio
    buttons and Space ticks, and a screen reader hears the question and each option's state
    (Bokeh's button groups have neither a group name nor a pressed state)."""

    value = param.Parameter(default=None)  # the chosen option, or a list with ``multiple``
    options = param.List(default=[])  # [label, value] pairs
    legend = param.String(default="")
    multiple = param.Boolean(default=False)

    def __init__(self, **params: Any) -> None:
        super().__init__(**{"margin": (5, 10), **params})  # lined up with Panel's widgets

    _esm = """
    let counter = 0
    export function render({ model, el }) {
      const set = document.createElement("fieldset")
      set.className = "ek-choices" + (model.multiple ? " ek-many" : " ek-one")
      const legend = document.createElement("legend")
      const group = "ek-choice-" + (++counter)
      const chosen = () => model.multiple ? (model.value || []) : [model.value]
      const draw = () => {
        legend.textContent = model.legend
        set.replaceChildren(legend)
        for (const [text, value] of model.options) {
          const label = document.createElement("label")
          const box = document.createElement("input")
          box.type = model.multiple ? "checkbox" : "radio"
          box.name = group
          box.value = JSON.stringify(value)
          box.checked = chosen().includes(value)
          box.addEventListener("change", () => {
            if (!model.multiple) { model.value = value; return }
            const others = (model.value || []).filter((v) => v !== value)
            model.value = box.checked ? [...others, value] : others
          })
          const words = document.createElement("span")
          words.textContent = text
          label.append(box, words)
          set.append(label)
        }
      }
      draw()
      model.on(["options", "legend", "multiple"], draw)
      model.on("value", () => {
        for (const box of set.querySelectorAll("input")) {
          box.checked = chosen().includes(JSON.parse(box.value))
        }
      })
      el.append(set)
    }
    """
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        """
        .ek-choices { border: 0; margin: 0; padding: 0; min-width: 0; }
        .ek-choices legend { font-size: 15px; font-weight: 600; color: #1f2937; padding: 0;
          margin-bottom: 6px; }
        .ek-one { display: flex; flex-wrap: wrap; gap: 8px; }
        .ek-one legend { flex-basis: 100%; }
        .ek-choices label { display: flex; gap: 10px; align-items: center; cursor: pointer;
          font-size: 15px; line-height: 1.35; color: #1f2937; padding: 8px 12px;
          border: 1px solid #6b7280; border-radius: 10px; background: #fff; margin: 0 0 6px; }
        .ek-choices label:has(input:checked) { border: 2px solid #15803d; background: #f0fdf4; }
        .ek-choices input { width: 22px; height: 22px; margin: 0; flex: none;
          accent-color: #15803d; }
        .ek-choices input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        """
    ]


class LanguageSwitch(pn.custom.JSComponent):
    """The languages as toggle buttons in a named group: a screen reader hears the group's
    name and which language is pressed (Bokeh's RadioButtonGroup shows it by colour only).
    Each name is marked in its own language, so that it is spoken right."""

    value = param.String(default="")  # the chosen language's code
    options = param.List(default=[])  # [name, code] pairs
    legend = param.String(default="")

    _esm = """
    export function render({ model, el }) {
      const group = document.createElement("div")
      group.className = "ek-languages"
      group.setAttribute("role", "group")
      group.setAttribute("aria-label", model.legend)
      for (const [name, code] of model.options) {
        const button = document.createElement("button")
        button.type = "button"
        button.lang = code
        button.textContent = name
        button.addEventListener("click", () => { model.value = code })
        group.append(button)
      }
      const show = () => {
        for (const button of group.children) {
          button.setAttribute("aria-pressed", String(button.lang === model.value))
        }
      }
      show()
      model.on("value", show)  // the buttons stay, and so does the focus on the one pressed
      el.append(group)
    }
    """
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        """
        .ek-languages { display: flex; }
        .ek-languages button { flex: 1; height: 36px; font: inherit; font-size: 14px;
          cursor: pointer; color: #1f2937; background: #f9fafb; border: 1px solid #6b7280; }
        .ek-languages button:first-child { border-radius: 8px 0 0 8px; }
        .ek-languages button:last-child { border-radius: 0 8px 8px 0; }
        .ek-languages button[aria-pressed="true"] { color: #fff; background: #15803d;
          border-color: #15803d; font-weight: 600; }
        .ek-languages button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        """
    ]


# When a redraw replaces the control just used, the keyboard's focus falls back to the top of the
# page. A component with a ``focus`` parameter gives its ``target`` the focus instead, once
# (Panel may draw it again, e.g. in a new layout), when it is drawn or when ``focus`` is set.
FOCUS_ONCE_JS = """
function focusOnce(model, target) {
  const take = () => {
    if (!model.focus) return
    model.focus = false
    const focus = () => { if (target.isConnected) target.focus() }
    setTimeout(focus, 0)
    // once Panel has placed the new controls, unless the resident has moved on already
    setTimeout(() => { if (document.activeElement === document.body) focus() }, 200)
  }
  take()
  model.on("focus", take)
}
"""


class FocusTaker(pn.custom.JSComponent):
    """A component that can take the keyboard's focus (``focus``): its ``_esm`` starts with
    FOCUS_ONCE_JS and calls ``focusOnce(model, target)`` for the element to focus."""

    focus = param.Boolean(default=False)

    def __init__(self, **params: Any) -> None:
        super().__init__(**{"margin": (5, 10), **params})


class StepHeading(FocusTaker):
    """The step's name as a heading with a named progress bar. After Next or Back the new
    step's controls replace the old ones, which would leave the keyboard's focus nowhere
    (back at the top of the page): the heading takes the focus then (``focus``), so Tab goes
    on into the new step."""

    step_text = param.String(default="")
    name_text = param.String(default="")
    step = param.Integer(default=1)
    steps = param.Integer(default=1)

    _esm = (
        FOCUS_ONCE_JS
        + """
    export function render({ model, el }) {
      const heading = document.createElement("h2")
      heading.className = "ek-stepname"
      heading.tabIndex = -1
      const strong = document.createElement("strong")
      strong.textContent = model.step_text
      heading.append(strong, " · " + model.name_text)
      const bar = document.createElement("progress")
      bar.max = model.steps
      bar.value = model.step
      bar.setAttribute("aria-label", model.step_text)
      el.append(heading, bar)
      focusOnce(model, heading)
    }
    """
    )
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        """
        .ek-stepname { font-size: 16px; font-weight: 400; color: #1f2937; margin: 8px 0; }
        .ek-stepname:focus { outline: none; }
        .ek-stepname:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        progress { width: 100%; height: 10px; accent-color: #15803d; }
        """
    ]


class Outcome(FocusTaker):
    """What an action produced (HTML), able to take the keyboard's focus (``focus``) so that a
    screen reader reads it. With ``live`` it is a polite live region (role=status) that reads
    out any change without moving the resident; it must then be kept, not redrawn, because a
    live region speaks only for changes to one already on the page."""

    html = param.String(default="")
    live = param.Boolean(default=False)

    _esm = (
        FOCUS_ONCE_JS
        + """
    export function render({ model, el }) {
      const box = document.createElement("div")
      box.className = "ek-outcome"
      box.tabIndex = -1
      if (model.live) {
        box.setAttribute("role", "status")
        box.setAttribute("aria-live", "polite")  // role=status implies it; older readers need it
      }
      box.innerHTML = model.html
      model.on("html", () => { box.innerHTML = model.html })
      el.append(box)
      focusOnce(model, box)
    }
    """
    )
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        STYLE,
        """
        .ek-outcome:focus { outline: none; }
        .ek-outcome:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        """,
    ]


def _keyboard(widget: Any, *css: str) -> Any:
    """The widget with the visible focus ring (and any further ``css``) in its shadow root."""
    widget.stylesheets = [*widget.stylesheets, FOCUS_CSS, *css]
    return widget


class WellbeingApp(pn.viewable.Viewer):
    """One resident's session: answers, the current step, the chosen actions."""

    language: Any = param.Selector(default="fi", objects=list(LANGUAGES))
    step = param.Integer(default=0, bounds=(0, len(STEPS) - 1))
    actions = param.ListSelector(default=[], objects=list(ACTION_NAMES))
    notice = param.String(default="")  # e.g. a file that could not be loaded
    game = param.ClassSelector(class_=GameState, default=GameState())
    done_this_week = param.List(default=[], item_type=str)
    area = param.ClassSelector(class_=AreaEffect, default=None, allow_None=True)
    area_running = param.Boolean(default=False)

    age = param.Number(default=Person.age)
    sex: Any = param.Selector(default=Person.sex, objects=["female", "male"])
    height_cm = param.Number(default=Person.height_cm)
    weight_kg = param.Number(default=Person.weight_kg)
    waist_cm = param.Number(default=Person.waist_cm)
    who5_1 = param.Integer(default=3, bounds=(0, 5))
    who5_2 = param.Integer(default=3, bounds=(0, 5))
    who5_3 = param.Integer(default=3, bounds=(0, 5))
    who5_4 = param.Integer(default=3, bounds=(0, 5))
    who5_5 = param.Integer(default=3, bounds=(0, 5))
    active_30min_daily = param.Boolean(default=Person.active_30min_daily)
    vegetables_daily = param.Boolean(default=Person.vegetables_daily)
    bp_medication = param.Boolean(default=Person.bp_medication)
    high_glucose_history = param.Boolean(default=Person.high_glucose_history)
    family_history: Any = param.Selector(
        default="none", objects=["none", "second_degree", "first_degree"]
    )
    audit_1 = param.Integer(default=1, bounds=(0, 4))
    audit_2 = param.Integer(default=1, bounds=(0, 4))
    audit_3 = param.Integer(default=0, bounds=(0, 4))
    smoker = param.Boolean(default=Person.smoker)
    sleep_hours = param.Number(default=Person.sleep_hours)
    social = param.Boolean(default=Person.social)
    lonely = param.Boolean(default=Person.lonely)
    living_alone = param.Boolean(default=Person.living_alone)

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._twin_cache: dict[tuple[Person, tuple[str, ...]], TwinResult] = {}
        self._moved = False  # Next, Back or Clear changed the step: its heading takes focus
        self._new_week = False  # Check in or Rest week changed the week: its status takes focus
        # One action chooser for the session, kept when the projection under it is redrawn,
        # so that the keyboard's focus stays on the action just ticked.
        self._chooser = ChoiceGroup(
            multiple=True, value=list(self.actions), css_classes=["ek-actions"]
        )
        self._chooser.param.watch(self._chosen, "value")
        # The area's result, kept for the session: it is a live region, read out when it comes.
        self._area_result = Outcome(live=True, css_classes=["ek-area"])

    def _chosen(self, event: param.parameterized.Event) -> None:
        self.actions = [name for name in ACTION_NAMES if name in event.new]

    @param.depends("actions", watch=True)
    def _show_actions(self) -> None:
        self._chooser.value = list(self.actions)

    # ---- state -----------------------------------------------------------------------------

    @property
    def person(self) -> Person:
        return Person(
            age=self.age,
            sex=self.sex,
            height_cm=self.height_cm,
            weight_kg=self.weight_kg,
            waist_cm=self.waist_cm,
            who5=tuple(getattr(self, f"who5_{i}") for i in range(1, 6)),
            active_30min_daily=self.active_30min_daily,
            vegetables_daily=self.vegetables_daily,
            bp_medication=self.bp_medication,
            high_glucose_history=self.high_glucose_history,
            family_history=self.family_history,
            audit_c=(self.audit_1, self.audit_2, self.audit_3),
            smoker=self.smoker,
            sleep_hours=self.sleep_hours,
            social=self.social,
            lonely=self.lonely,
            living_alone=self.living_alone,
        )

    def load_person(self, person: Person) -> None:
        values = {name: getattr(person, name) for name in ANSWERS if hasattr(self, name)}
        values.pop("who5", None)
        values.pop("audit_c", None)
        values |= {f"who5_{i + 1}": answer for i, answer in enumerate(person.who5)}
        values |= {f"audit_{i + 1}": answer for i, answer in enumerate(person.audit_c)}
        self.param.update(**values)

    def twin(self) -> TwinResult:
        """The projection for the current answers and actions (cached for this session)."""
        key = (self.person, tuple(self.actions))
        if key not in self._twin_cache:
            self._twin_cache[key] = project_person(
                key[0], list(key[1]), years=TWIN_YEARS, runs=TWIN_RUNS, seed=TWIN_SEED
            )
        return self._twin_cache[key]

    def next_step(self, _: object = None) -> None:
        if self.step == 0 and self.person.problems():
            return  # the page already explains what to check
        self._moved = True
        self.step = min(self.step + 1, len(STEPS) - 1)

    def previous_step(self, _: object = None) -> None:
        self._moved = True
        self.step = max(self.step - 1, 0)

    def export_answers(self) -> io.StringIO:
        return io.StringIO(json.dumps(self.person.as_dict(), ensure_ascii=False, indent=1))

    def _import_upload(self, event: param.parameterized.Event) -> None:
        if event.new:
            self.import_answers(event.new)

    def import_answers(self, content: bytes) -> None:
        try:
            if len(content) > MAX_ANSWERS_BYTES:
                raise ValueError(f"larger than {MAX_ANSWERS_BYTES:,} bytes")
            data = json.loads(content.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a saved answers file")
            person = Person.from_dict(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            self.notice = text("import_failed", self.language, reason=reason)
            return
        self.load_person(person)
        self.notice = text("imported", self.language)

    def check_in_week(self, _: object = None) -> None:
        if self.actions:
            game = check_in(self.game, self.actions, self.done_this_week)
            self._new_week = True
            self.param.update(game=game, done_this_week=[])

    def rest_week(self, _: object = None) -> None:
        self._new_week = True
        self.param.update(game=pause(self.game), done_this_week=[])

    async def run_area(self, _: object = None) -> None:
        """The area runs in a worker thread so this and other sessions stay responsive."""
        if not self.actions or self.area_running:
            return
        self.area_running = True  # the button is redrawn, disabled: the focus goes to the result
        self._area_result.focus = True
        try:
            self.area = await asyncio.to_thread(
                area_effect,
                AREA_SCENARIO,
                list(self.actions),
                share=AREA_SHARE,
                years=AREA_YEARS,
                replications=AREA_REPLICATIONS,
                seed=AREA_SEED,
            )
        finally:
            self.area_running = False

    def clear(self, _: object = None) -> None:
        self.load_person(Person())
        self._moved = True
        self.param.update(
            actions=[], step=0, notice="", game=GameState(), done_this_week=[], area=None
        )
        self._twin_cache.clear()

    # ---- views -----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    @param.depends("language", "step")
    def _step_view(self) -> pn.viewable.Viewable:
        name = STEPS[self.step]
        progress = StepHeading(
            step_text=self._t("step_of", step=self.step + 1, steps=len(STEPS)),
            name_text=self._t("step_" + name),
            step=self.step + 1,
            steps=len(STEPS),
            focus=self._moved,
        )
        self._moved = False
        body = getattr(self, f"_{name}_view")()
        back = _keyboard(
            pn.widgets.Button(
                label=self._t("back" if name != "results" else "start_over"),
                color="light",
                disabled=self.step == 0,
                css_classes=["ek-back"],
            )
        )
        back.on_click(self.previous_step)
        nav = pn.Row(back)
        if name != "results":
            forward = _keyboard(
                pn.widgets.Button(
                    label=self._t("see_results" if name == "social" else "next"),
                    color="primary",
                    css_classes=["ek-next"],
                )
            )
            forward.on_click(self.next_step)
            nav.append(forward)
        return pn.Column(progress, body, nav)

    def _number(self, name: str) -> pn.widgets.Widget:
        field = pn.widgets.FloatInput.from_param(
            self.param[name], label=self._t(name), css_classes=[f"q-{name}"]
        )
        return _keyboard(field, NUMBER_CSS)

    def _check(self, name: str) -> pn.viewable.Viewable:
        check = LabelledCheck(
            value=getattr(self, name), text=self._t(name), css_classes=[f"q-{name}"]
        )
        check.param.watch(lambda event: setattr(self, name, event.new), "value")
        return check

    def _choice(self, name: str, labels: dict[str, Any]) -> pn.widgets.Widget:
        return _keyboard(
            pn.widgets.Select.from_param(
                self.param[name], label=self._t(name), options=labels, css_classes=[f"q-{name}"]
            )
        )

    def _basics_view(self) -> pn.viewable.Viewable:
        sex = ChoiceGroup(
            value=self.sex,
            options=[[self._t(key), key] for key in ("female", "male")],
            legend=self._t("sex"),
            css_classes=["q-sex"],
        )
        sex.param.watch(lambda event: setattr(self, "sex", event.new), "value")
        return pn.Column(
            self._number("age"),
            sex,
            self._number("height_cm"),
            self._number("weight_kg"),
            self._number("waist_cm"),
            self._problems_view,
        )

    @param.depends("language", "age", "height_cm", "weight_kg", "waist_cm", "sleep_hours")
    def _problems_view(self) -> pn.viewable.Viewable:
        person = self.person
        problems = person.problems()
        if not problems:
            return pn.pane.Markdown(
                self._t("bmi_is", bmi=decimal(person.bmi, self.language)),
                css_classes=["ek-note"],
            )
        lines = [
            self._t(
                f"limit_{name}",
                low=f"{LIMITS[name][0]:g}",
                high=f"{LIMITS[name][1]:g}",
                bmi=decimal(person.bmi, self.language, 0),
            )
            for name in problems
        ]
        items = "".join(f"<li>{line}</li>" for line in lines)
        return pn.pane.HTML(
            f'<div class="ek-problems" role="alert"><p>{self._t("check_answers")}</p>'
            f"<ul>{items}</ul></div>",
            stylesheets=[STYLE],
            css_classes=["ek-problems-box"],
        )

    def _who5_view(self) -> pn.viewable.Viewable:
        labels = {self._t("who5_0"): 0} | {self._t(f"who5_a{i}"): i for i in range(1, 6)}
        return pn.Column(*[self._choice(f"who5_{i}", labels) for i in range(1, 6)])

    def _findrisc_view(self) -> pn.viewable.Viewable:
        family = {
            self._t(f"family_{key}"): key for key in ("none", "second_degree", "first_degree")
        }
        return pn.Column(
            self._check("active_30min_daily"),
            self._check("vegetables_daily"),
            self._check("bp_medication"),
            self._check("high_glucose_history"),
            self._choice("family_history", family),
        )

    def _habits_view(self) -> pn.viewable.Viewable:
        audit = [
            self._choice(f"audit_{item}", {self._t(f"audit_{item}_{a}"): a for a in range(5)})
            for item in (1, 2, 3)
        ]
        return pn.Column(
            *audit, self._check("smoker"), self._number("sleep_hours"), self._problems_view
        )

    def _social_view(self) -> pn.viewable.Viewable:
        return pn.Column(self._check("social"), self._check("lonely"), self._check("living_alone"))

    def _results_view(self) -> pn.viewable.Viewable:
        return pn.Column(
            self._scores_view,
            self._twin_intro,
            self._chooser,
            self._twin_view,
            self._game_view,
            self._area_view,
            self._area_result,
            self._privacy_view,
        )

    @param.depends("language", "step")
    def _twin_intro(self) -> pn.viewable.Viewable:
        if self.person.problems():
            return pn.Column()
        return pn.pane.Markdown(
            f"## {self._t('twin_title')}\n"
            + self._t("twin_intro", years=TWIN_YEARS, runs=TWIN_RUNS)
        )

    @param.depends("language", "actions", *ANSWER_PARAMS)
    def _scores_view(self) -> pn.viewable.Viewable:
        person, language = self.person, self.language
        if person.problems():
            return self._problems_view()
        mood = who5(list(person.who5))
        risk = findrisc(
            age=person.age,
            sex=person.sex,
            bmi=person.bmi,
            waist_cm=person.waist_cm,
            active_30min_daily=person.active_30min_daily,
            vegetables_daily=person.vegetables_daily,
            bp_medication=person.bp_medication,
            high_glucose_history=person.high_glucose_history,
            family_history=person.family_history,
        )
        drinking = audit_c(person.audit_c, person.sex)
        twin = self.twin()
        cards = [
            f"### {self._t('who5_title')}\n"
            f'<p class="ek-big" data-who5="{mood.percent}">'
            f"{self._t('who5_score', percent=mood.percent)}</p>\n\n{self._t('who5_' + mood.band)}",
            f"### {self._t('findrisc_title')}\n"
            f'<p class="ek-big" data-findrisc="{risk.points}">'
            f"{self._t('findrisc_score', points=risk.points)}</p>\n\n"
            + self._t(
                "findrisc_text",
                risk=percent(risk.ten_year_risk, language),
                advice=self._t("findrisc_" + risk.band),
            )
            + (
                "\n\n" + self._t("alcohol_note", grams=round(drinking.grams_per_week))
                if drinking.positive
                else ""
            ),
            f"### {self._t('health_age_title')}\n"
            f'<p class="ek-big" data-health-age="{twin.health_age:.1f}">'
            f"{round(twin.health_age)}</p>\n\n"
            + self._t("health_age_text", health_age=round(twin.health_age), age=round(person.age))
            + (
                " " + self._t("health_age_plan", health_age=round(twin.planned_health_age))
                if self.actions
                else ""
            )
            + f'\n\n<span class="ek-note">{self._t("health_age_method")}</span>',
        ]
        return pn.FlexBox(
            *[
                pn.pane.Markdown(
                    card,
                    css_classes=["ek-card"],
                    styles=CARD_STYLE,
                    stylesheets=[STYLE],
                    min_width=260,
                    max_width=420,
                    sizing_mode="stretch_width",
                )
                for card in cards
            ],
            css_classes=["ek-scores"],
        )

    @param.depends("language", "actions", "step")
    def _twin_view(self) -> pn.viewable.Viewable:
        person = self.person
        self._chooser.visible = not person.problems()
        if person.problems():
            return pn.Column()
        twin = self.twin()
        options = [
            [self._t(f"action_{name}"), name]
            for name in ACTION_NAMES
            if name in self.actions or any(g.action == name for g in twin.ranking)
        ]
        if (options, self._t("choose_actions")) != (self._chooser.options, self._chooser.legend):
            self._chooser.param.update(options=options, legend=self._t("choose_actions"))
        language, years = self.language, twin.years
        local = (
            [pn.pane.Markdown(local_activities(language), css_classes=["ek-local"])]
            if local_activities(language)
            else []
        )
        summary = self._t(
            "plan_summary",
            years=years,
            current=decimal(twin.current.healthy_years, language),
            planned=decimal(twin.planned.healthy_years, language),
            d_now=percent(twin.current.diabetes_risk[1, -1], language),
            d_plan=percent(twin.planned.diabetes_risk[1, -1], language),
            c_now=percent(twin.current.cvd_risk[1, -1], language),
            c_plan=percent(twin.planned.cvd_risk[1, -1], language),
        )
        ranking = "\n".join(
            "- "
            + self._t(
                "ranking_row",
                action=self._t(f"action_{gain.action}"),
                years=decimal(max(gain.healthy_years, 0.0), language),
                points=round(gain.wellbeing_points),
            )
            for gain in twin.ranking
        )
        return pn.Column(
            *local,
            pn.pane.Markdown(
                summary if self.actions else self._t("no_actions"),
                css_classes=["ek-plan"],
                stylesheets=[STYLE],
            ),
            pn.pane.Bokeh(self._wellbeing_chart(twin), sizing_mode="stretch_width"),
            pn.pane.Bokeh(self._risk_chart(twin), sizing_mode="stretch_width"),
            pn.pane.Markdown(
                f"### {self._t('ranking_title')}\n{ranking}", css_classes=["ek-ranking"]
            ),
        )

    def _wellbeing_chart(self, twin: TwinResult) -> Any:
        plot = _figure(self._t("chart_wellbeing"), self._t("years_from_now"))
        plot.y_range = Range1d(start=0, end=100)
        years = list(range(twin.years + 1))
        variants = [(twin.current, CURRENT_COLOUR, "current_habits")]
        if self.actions:
            variants.append((twin.planned, PLAN_COLOUR, "with_plan"))
        for projection, colour, label in variants:
            q = projection.wellbeing
            plot.varea(years, q[0], q[4], fill_color=colour, fill_alpha=0.12)
            plot.varea(years, q[1], q[3], fill_color=colour, fill_alpha=0.22)
            plot.line(years, q[2], line_color=colour, line_width=3, legend_label=self._t(label))
        _legend_below(plot)
        return plot

    def _risk_chart(self, twin: TwinResult) -> Any:
        plot = _figure(self._t("chart_risk"), self._t("years_from_now"))
        years = list(range(twin.years + 1))
        for risk_name, dash in (("diabetes_risk", "solid"), ("cvd_risk", "dashed")):
            label = self._t("diabetes" if risk_name == "diabetes_risk" else "heart")
            variants = [(twin.current, CURRENT_COLOUR, "current_habits")]
            if self.actions:
                variants.append((twin.planned, PLAN_COLOUR, "with_plan"))
            for projection, colour, variant in variants:
                low, share, high = 100 * getattr(projection, risk_name)
                plot.varea(years, low, high, fill_color=colour, fill_alpha=0.15)
                plot.line(
                    years,
                    share,
                    line_color=colour,
                    line_width=2.5,
                    line_dash=dash,
                    legend_label=f"{label}, {self._t(variant)}",
                )
        _legend_below(plot)
        return plot

    @param.depends("language", "actions", "game")
    def _game_view(self) -> pn.viewable.Viewable:
        game = self.game
        status = self._t(
            "game_status",
            week=game.week,
            level=game.level,
            points=game.points,
            to_next=game.points_to_next_level,
            streak=game.streak,
            best=game.best_streak,
        )
        badges = " ".join(
            f'<span class="ek-badge" data-badge="{badge}">★ {self._t("badge_" + badge)}</span>'
            for badge in game.badges
        ) or self._t("no_badges")
        challenges = "".join(
            f"<li>{self._t('challenge_' + name, now=now, goal=goal)}</li>"
            for name, (now, goal) in game.challenges().items()
        )
        week = Outcome(
            html=f'<p class="ek-status" data-points="{game.points}" data-week="{game.week}">'
            f"{status}</p>",
            focus=self._new_week,
        )
        self._new_week = False
        parts: list[Any] = [
            pn.pane.Markdown(f"## {self._t('game_title')}\n{self._t('game_intro')}"),
            week,
            pn.pane.HTML(
                (f'<p class="ek-note">{self._t("away_note")}</p>' if game.away else "")
                + f"<h3>{self._t('badges_title')}</h3><p>{badges}</p>"
                + f"<h3>{self._t('challenges_title')}</h3><ul>{challenges}</ul>",
                stylesheets=[STYLE],
                css_classes=["ek-game"],
            ),
        ]
        if not self.actions:
            return pn.Column(*parts, pn.pane.Markdown(self._t("choose_first")))
        for action in self.actions:
            check = LabelledCheck(
                value=action in self.done_this_week,
                text=self._t("did_action", action=self._t(f"action_{action}")),
                css_classes=[f"ek-did-{action}"],
            )
            check.param.watch(
                lambda event, action=action: self._mark_done(action, event.new), "value"
            )
            parts.append(check)
        check_button = _keyboard(
            pn.widgets.Button(
                label=self._t("check_in"), color="primary", css_classes=["ek-check-in"]
            )
        )
        check_button.on_click(self.check_in_week)
        rest = _keyboard(
            pn.widgets.Button(label=self._t("rest_week"), color="light", css_classes=["ek-rest"])
        )
        rest.on_click(self.rest_week)
        return pn.Column(*parts, pn.Row(check_button, rest))

    def _mark_done(self, action: str, done: bool) -> None:
        others = [name for name in self.done_this_week if name != action]
        self.done_this_week = [*others, action] if done else others

    @param.depends("language", "actions", "area_running")
    def _area_view(self) -> pn.viewable.Viewable:
        intro = self._t(
            "area_intro", area=AREA_NAME, years=AREA_YEARS, replications=AREA_REPLICATIONS
        )
        parts: list[Any] = [pn.pane.Markdown(f"## {self._t('area_title')}\n{intro}")]
        if not self.actions:
            return pn.Column(*parts, pn.pane.Markdown(self._t("choose_first")))
        button = _keyboard(
            pn.widgets.Button(
                label=self._t("area_running" if self.area_running else "area_run"),
                color="primary",
                variant="outline",
                disabled=self.area_running,
                css_classes=["ek-area-run"],
            )
        )
        button.on_click(self.run_area)
        return pn.Column(*parts, button)

    @param.depends("language", "actions", "area", "area_running", watch=True)
    def _show_area_result(self) -> None:
        """The note while the area runs, then its result (if still for the chosen actions)."""
        effect = self.area
        if self.area_running:
            html = f'<p class="ek-status">{self._t("area_wait", area=AREA_NAME)}</p>'
        elif effect is not None and effect.actions == tuple(self.actions):
            html = self._area_table(effect)
        else:
            html = ""
        self._area_result.html = html

    def _area_table(self, effect: AreaEffect) -> str:
        language = self.language
        rows = []
        for name in AREA_KPIS:
            mean, low, high = effect.difference[name]
            clear = low > 0 or high < 0
            verdict = self._t("area_clear" if clear else "area_unclear")
            change = self._t(
                "area_row",
                kpi=self._t(f"kpi_{name}"),
                change=f"{mean:+.1f}".replace(".", "," if language == "fi" else "."),
                low=decimal(low, language),
                high=decimal(high, language),
            )
            rows.append(f'<li data-kpi="{name}">{change} – {verdict}</li>')
        starters = self._t("area_starters", starters=round(effect.starters), years=effect.years)
        return f"<p>{starters}</p><ul>{''.join(rows)}</ul>"

    @param.depends("language", "notice")
    def _privacy_view(self) -> pn.viewable.Viewable:
        download = _keyboard(
            pn.widgets.FileDownload(
                callback=self.export_answers,
                filename="my-wellbeing-answers.json",
                label=self._t("export"),
                color="light",
                css_classes=["ek-export"],
            )
        )
        upload = _keyboard(
            pn.widgets.FileInput(
                label=self._t("import"), accept=".json", multiple=False, css_classes=["ek-import"]
            )
        )
        upload.param.watch(self._import_upload, "value")
        clear = _keyboard(
            pn.widgets.Button(
                label=self._t("clear"),
                color="danger",
                variant="outline",
                css_classes=["ek-clear"],
            )
        )
        clear.on_click(self.clear)
        parts: list[Any] = [
            pn.pane.Markdown(f"## {self._t('privacy_title')}\n{self._t('privacy_text')}"),
            download,
            upload,
            clear,
        ]
        if self.notice:
            parts.append(pn.pane.Markdown(self.notice, css_classes=["ek-notice"]))
        return pn.Column(*parts)

    @param.depends("language")
    def _header(self) -> pn.viewable.Viewable:
        return pn.pane.Markdown(
            f"# {self._t('title')}\n{self._t('intro')}", css_classes=["ek-header"]
        )

    def _language_switch(self) -> LanguageSwitch:
        """The switch, named in every language: whoever cannot read this one finds it."""
        switch = LanguageSwitch(
            value=self.language,
            options=[[name, code] for code, name in LANGUAGES.items()],
            legend=" / ".join(text("language", code) for code in LANGUAGES),
            sizing_mode="fixed",
            width=180,
            css_classes=["ek-language"],
        )
        switch.param.watch(lambda event: setattr(self, "language", event.new), "value")
        return switch

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            self._language_switch(),
            self._header,
            self._step_view,
            max_width=760,
            styles={"margin": "0 auto", "padding": "8px"},
        )


def _figure(title: str, x_label: str) -> Any:
    plot = figure(
        height=300,
        title=title,
        toolbar_location=None,
        sizing_mode="stretch_width",
        x_axis_label=x_label,
    )
    plot.outline_line_color = None
    plot.grid.grid_line_alpha = 0.4
    plot.stylesheets = [CHART_CSS]
    return plot


def _legend_below(plot: Any) -> None:
    """The legend under the chart, so it never hides the lines on a phone."""
    legend = plot.legend[0]
    legend.orientation = "vertical"
    legend.border_line_color = None
    plot.add_layout(legend, "below")


@functools.cache
def _area_ngos() -> tuple[tuple[str, float, int], ...]:
    """The area scenario's NGOs: (name, kiosk hours a week, volunteers)."""
    ngos = load_scenario(AREA_SCENARIO).ngos
    return tuple((name, spec.kiosk_hours_per_week, spec.volunteers) for name, spec in ngos.items())


def local_activities(language: str) -> str:
    """The area's NGO activities, offered as local ways into the social-participation action
    (Markdown; empty if the area has no NGOs)."""
    lines = [f"**{text('local_activities', language, area=AREA_NAME)}**"]
    for name, hours, volunteers in _area_ngos():
        title = name.replace("_", " ").title()
        if hours:
            lines.append(
                "- " + text("ngo_kiosk", language, name=title, hours=decimal(hours, language, 0))
            )
        if volunteers:
            lines.append("- " + text("ngo_groups", language, name=title, volunteers=volunteers))
    return "\n".join(lines) if len(lines) > 1 else ""


def create_app() -> WellbeingApp:
    """A fresh app for each browser session: nothing is shared between sessions."""
    return WellbeingApp()


if pn.state.served:
    create_app().servable(title="My well-being")
