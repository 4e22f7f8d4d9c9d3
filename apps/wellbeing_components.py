"""The well-being app's own browser components: native, named form controls (checkbox, radio
and checkbox groups, language switch), a step heading and an outcome box that can take the
keyboard's focus, and the stylesheets they share. They hold no answers; ``apps.wellbeing``
wires them to a session.
"""

from __future__ import annotations

from typing import Any

import panel as pn
import param

_CARD = {"border-radius": "14px", "padding": "0 14px", "border-left-width": "8px"}
# A result card's look by severity: background and border (the text says the severity too).
SEVERITY_STYLES = {
    severity: {**_CARD, "background": background, "border": f"2px solid {border}"}
    | {"border-left": f"8px solid {border}"}
    for severity, (background, border) in {
        "ok": ("#f0fdf4", "#15803d"),
        "attention": ("#fffbeb", "#b45309"),
        "serious": ("#fef2f2", "#b91c1c"),
        "info": ("#f8fafc", "#64748b"),
    }.items()
}
STYLE = """
:host { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; }
.ek-big { font-size: 28px; font-weight: 700; color: #14532d; margin: 0; }
:host(.ek-sev-attention) .ek-big { color: #78350f; }
:host(.ek-sev-serious) .ek-big { color: #7f1d1d; }
:host(.ek-sev-info) .ek-big { color: #1f2937; }
.ek-severity { font-weight: 700; margin: 12px 0 0; }
.ek-severity[data-severity="ok"] { color: #14532d; }
.ek-severity[data-severity="attention"] { color: #78350f; }
.ek-severity[data-severity="serious"] { color: #7f1d1d; }
.ek-help { background: #fef2f2; border: 2px solid #b91c1c; border-radius: 14px;
  padding: 4px 16px; color: #1f2937; font-size: 16px; }
.ek-help h2 { font-size: 22px; color: #7f1d1d; }
.ek-help li { margin: 8px 0; }
.ek-help a { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px;
  color: #1d4ed8; font-weight: 700; }
.ek-problems { background: #fff7ed; border-left: 5px solid #c2410c; padding: 8px 12px;
  color: #7c2d12; border-radius: 8px; }
.ek-note { color: #4b5563; font-size: 16px; }
.ek-status { font-size: 17px; font-weight: 600; color: #14532d; background: #ecfdf5;
  border-radius: 10px; padding: 8px 12px; }
.ek-badge { display: inline-block; background: #fef3c7; color: #78350f; border-radius: 14px;
  padding: 3px 10px; margin: 2px; font-size: 16px; }
"""
# Every control shows where the keyboard is: a 3 px dark-blue ring (6.7:1 on white; Bokeh's own
# is a 1 px light-grey dotted line, 1.9:1). A stylesheet reaches only its own widget's shadow
# root, so each widget gets it (``_keyboard``).
FOCUS_CSS = """
:focus-visible, input:focus, select:focus {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important; }
"""
# Touch: every text at least 16 px (the root sets Bokeh's --bokeh-font-size, PAGE_STYLES) and
# every control at least 44 x 44 px (WCAG 2.2's enhanced target size, 2.5.5).
TOUCH_CSS = """
.bk-input, .bk-btn, select { min-height: 44px; font-size: 16px; }
.bk-input-group > label { font-size: 16px; }
.bk-btn a { display: flex; align-items: center; justify-content: center; min-height: 44px; }
"""
PAGE_STYLES = {"--bokeh-font-size": "16px", "font-size": "16px"}
# The charts have no tools, but Bokeh makes each one a tab stop with a faint ring and no name;
# what they show is in the plan's text above them, so the keyboard passes them by.
CHART_CSS = ":host { interactivity: inert; }"


class LabelledCheck(pn.custom.JSComponent):
    """A checkbox inside its <label>, so screen readers name it and the text is clickable
    (Bokeh's Checkbox puts its text in a plain div, leaving the box unnamed)."""

    value = param.Boolean(default=False)
    text = param.String(default="")

    def __init__(self, **params: Any) -> None:
        super().__init__(**{"margin": (5, 10), **params})  # lined up with the other questions

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
          font-size: 16px; line-height: 1.35; color: #1f2937; padding: 6px 0;
          min-height: 44px; box-sizing: border-box; }
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
        + (model.options.length > 2 ? " ek-long" : "")  // a scale: one option a line
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
        .ek-choices legend { font-size: 17px; font-weight: 600; color: #1f2937; padding: 0;
          margin-bottom: 6px; }
        .ek-one { display: flex; flex-wrap: wrap; gap: 8px; }
        .ek-one legend { flex-basis: 100%; }
        .ek-long { flex-direction: column; align-items: stretch; gap: 0; }
        .ek-choices label { display: flex; gap: 10px; align-items: center; cursor: pointer;
          font-size: 16px; line-height: 1.35; color: #1f2937; padding: 8px 12px;
          min-height: 44px; min-width: 44px; box-sizing: border-box;
          border: 1px solid #6b7280; border-radius: 10px; background: #fff; margin: 0 0 6px; }
        .ek-choices label:has(input:checked) { border: 2px solid #15803d; background: #f0fdf4; }
        .ek-choices input { width: 22px; height: 22px; margin: 0; flex: none;
          accent-color: #15803d; }
        .ek-choices input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        """
    ]


class NumberField(pn.custom.JSComponent):
    """A labelled text field for a number with the phone's number keyboard
    (``inputmode="decimal"``, so "6,5" can be typed), what was typed sent as ``text`` when the
    resident leaves the field or presses Enter, and ``message`` (what is wrong) shown under it
    and tied to it (``aria-describedby``, ``aria-invalid``). It parses nothing itself."""

    text = param.String(default="")  # what the resident typed
    label = param.String(default="")
    message = param.String(default="")  # empty: nothing wrong

    def __init__(self, **params: Any) -> None:
        super().__init__(**{"margin": (5, 10), **params})

    _esm = """
    let counter = 0
    export function render({ model, el }) {
      const id = "ek-number-" + (++counter)
      const label = document.createElement("label")
      label.htmlFor = id
      label.textContent = model.label
      const input = document.createElement("input")
      input.id = id
      input.type = "text"
      input.inputMode = "decimal"
      input.autocomplete = "off"
      input.value = model.text
      const message = document.createElement("p")
      message.id = id + "-message"
      message.className = "ek-field-message"
      input.setAttribute("aria-describedby", message.id)
      const show = () => {
        message.textContent = model.message ? "⚠ " + model.message : ""
        message.hidden = !model.message
        input.setAttribute("aria-invalid", String(Boolean(model.message)))
      }
      input.addEventListener("change", () => { model.text = input.value })
      model.on("text", () => { if (input.value !== model.text) input.value = model.text })
      model.on("label", () => { label.textContent = model.label })
      model.on("message", show)
      show()
      el.append(label, input, message)
    }
    """
    _stylesheets = [  # noqa: RUF012 (Panel's own class attribute)
        """
        label { display: block; font-size: 16px; color: #1f2937; margin-bottom: 4px; }
        input { box-sizing: border-box; width: 100%; min-height: 44px; font: inherit;
          font-size: 16px; padding: 6px 10px; border: 1px solid #6b7280; border-radius: 6px;
          color: #1f2937; background: #fff; }
        input[aria-invalid="true"] { border: 2px solid #b91c1c; }
        input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
        .ek-field-message { color: #991b1b; font-size: 16px; margin: 4px 0 0; }
        """
    ]


class DeviceStore(pn.custom.JSComponent):
    """The resident's answers and progress kept on their own device: the browser's
    localStorage (under ``KEY``), never the server. When drawn it sends what is stored there
    back as ``restored``; each new ``state`` (JSON) is stored; ``forget`` (a count) removes it.
    ``week`` is the device's own calendar week (ISO 8601, "2026-W49"), sent again every minute.
    Draw it once, in the page's root: it shows nothing."""

    week = param.String(default="")
    state = param.String(default="")
    restored = param.String(default="")
    forget = param.Integer(default=0)

    _esm = """
    const KEY = "ekosim-wellbeing"
    function isoWeek(day) {  // ISO 8601: the week with the year's first Thursday is week 1
      const t = new Date(Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()))
      t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7))
      const year = t.getUTCFullYear()
      const week = Math.ceil(((t - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7)
      return year + "-W" + String(week).padStart(2, "0")
    }
    export function render({ model, el }) {
      el.hidden = true
      const now = () => { if (model.week !== isoWeek(new Date())) model.week = isoWeek(new Date()) }
      now()
      setInterval(now, 60000)
      let saved = null
      try { saved = window.localStorage.getItem(KEY) } catch (error) { saved = null }
      if (saved) model.restored = saved
      model.on("state", () => {
        try { if (model.state) window.localStorage.setItem(KEY, model.state) } catch (error) {}
      })
      model.on("forget", () => {
        try { window.localStorage.removeItem(KEY) } catch (error) {}
      })
    }
    """


class LanguageSwitch(pn.custom.JSComponent):
    """The languages as toggle buttons in a named group: a screen reader hears the group's
    name and which language is pressed (Bokeh's RadioButtonGroup shows it by colour only).
    Each name is marked in its own language, so that it is spoken right. The page's ``lang``
    and title follow the chosen language."""

    value = param.String(default="")  # the chosen language's code
    options = param.List(default=[])  # [name, code] pairs
    legend = param.String(default="")
    titles = param.Dict(default={})  # code -> the page's title in that language

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
        // the whole page is in the chosen language: its lang (for screen readers, hyphenation
        // and translation tools) and its title (the tab's name) say so
        document.documentElement.lang = model.value
        if (model.titles[model.value]) document.title = model.titles[model.value]
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
        .ek-languages button { flex: 1; min-height: 44px; font: inherit; font-size: 16px;
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
        .ek-stepname { font-size: 18px; font-weight: 400; color: #1f2937; margin: 8px 0; }
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


def keyboard(widget: Any, *css: str) -> Any:
    """The widget with the visible focus ring (and any further ``css``) in its shadow root."""
    widget.stylesheets = [*widget.stylesheets, FOCUS_CSS, TOUCH_CSS, *css]
    return widget
