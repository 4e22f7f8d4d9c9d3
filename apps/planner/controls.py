"""The sidebar: the scenario, one widget per lever (built from its declaration), the run
settings and Run, the exports; and the notes beside them (run status, problems, changes,
where staff limit the capacity)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import panel as pn
import param

from apps.planner.brief import brief_file
from apps.planner.levers import (
    KPI_WEIGHTS,
    LABELS,
    LEVERS,
    PROFESSION_LEVERS,
    Lever,
    main_provider,
    staff,
)
from apps.planner.names import Names, lever_name
from apps.planner.state import RUN_SETTINGS, PlannerState, bundled_scenario
from apps.planner.views import note as note_html
from apps.planner.views import pane
from apps.texts import kpi_name, number, text
from ekosim.scenario import ScenarioError

SECTIONS = (
    "contract_section",
    "services_section",
    "partners_section",
    "incentives_section",
    "assumptions_section",
)
# The sidebar stays in view beside the results (sticky) and scrolls on its own under Run.
SIDEBAR_STYLES = {"position": "sticky", "top": "0", "align-self": "flex-start"}
RUN_BAR_STYLES = {"background": "#f3f6fa", "border-bottom": "1px solid #d5dbe6", "padding": "4px"}
LEVERS_STYLES = {"max-height": "calc(100vh - 190px)", "overflow-y": "auto"}
UPLOAD_CHOICE = ""  # the chooser's value for the uploaded scenario (no bundled one is named so)
EXPORTS = ("export_yaml", "export_csv", "export_parquet", "export_png", "export_brief")


def lever_widget(state: PlannerState, lever: Lever) -> Any:
    """The widget of a lever, bound to its parameter in the store."""
    parameter = state.param[lever.name]
    css = [f"ek-lever-{lever.name}"]
    if lever.kind == "choice":
        return pn.widgets.Select.from_param(parameter, css_classes=css)
    if lever.kind == "switch":
        return pn.widgets.Checkbox.from_param(parameter, css_classes=css)
    if lever.kind == "count":
        return pn.widgets.EditableIntSlider.from_param(parameter, css_classes=css)
    return pn.widgets.EditableFloatSlider.from_param(parameter, format="0.00", css_classes=css)


def status(state: PlannerState) -> pn.viewable.Viewable:
    """The run's progress in words; its data attributes let a browser wait for a run's end."""
    key, values = state.message
    if "seconds" in values:
        values = {**values, "seconds": number(values["seconds"], state.language, 1)}
    done = "false" if state.running else "true"
    fresh = "true" if state.ran_with is not None and not state.stale() else "false"
    return pane(
        f'<div class="note" data-run="{state.run_token}" data-done="{done}" data-fresh="{fresh}">'
        f"{html.escape(text(key, state.language, **values))}</div>",
        "status",
    )


def problems(state: PlannerState) -> pn.viewable.Viewable:
    if not state.problems:
        return pn.pane.HTML("", visible=False)
    items = "".join(f"<li>{html.escape(problem)}</li>" for problem in state.problems)
    lead = text("upload_failed", state.language) if not state.problems[0].endswith(":") else ""
    return pane(f'<div class="problems">{html.escape(lead)}<ul>{items}</ul></div>', "problems")


def changes(state: PlannerState) -> pn.viewable.Viewable:
    """The change line: what the levers change in the scenario, in words."""
    try:
        lines = state.change_lines()
    except ScenarioError:
        lines = []
    items = " ".join(f'<span class="change">{html.escape(line)}</span>' for line in lines)
    title = text("changes", state.language)
    try:
        name = html.escape(state.scenario_name())
    except ScenarioError:
        name = ""
    return pane(
        f'<div class="changes"><b>{title} {text("quoted", state.language, name=name)}:</b> '
        f"{items or text('no_changes', state.language)}</div>",
        "changes",
    )


def staff_limit_texts(state: PlannerState) -> list[str]:
    lang = state.language
    names = state.names()
    texts = []
    for limit in state.staff_limits():
        staffed = number(limit.staffed or 0, lang)
        if limit.leasable:
            leased = number(limit.leasable, lang)
            staffed = text("staff_limit_leased", lang, staffed=staffed, leased=leased)
        slots = number(limit.nominal, lang)
        service = names.service(limit.service)
        texts.append(text("staff_limit_item", lang, service=service, slots=slots, staffed=staffed))
    return texts


def staff_limit(state: PlannerState) -> pn.viewable.Viewable:
    """Beside the capacity lever: where staff, not slots, set the capacity, so that moving
    the lever there visibly changes nothing rather than silently."""
    texts = staff_limit_texts(state)
    if not texts:
        return pn.pane.HTML("", visible=False)
    items = "".join(f"<li>{html.escape(item)}</li>" for item in texts)
    lead = html.escape(text("staff_limit_lead", state.language))
    return pane(f'<div class="staff-limit">{lead}<ul>{items}</ul></div>', "staff-limit")


LEVER_NAMES = tuple(lever.name for lever in LEVERS)
SCENARIO_CHANGE = ("language", "scenario", "scenario_version", *LEVER_NAMES)


def note(state: PlannerState, draw: Callable[[PlannerState], Any], *watched: str) -> Any:
    """A note drawn from the store, redrawn when the parameters it names change."""
    return pn.panel(pn.bind(lambda *_: draw(state), *[state.param[name] for name in watched]))


class Sidebar(pn.viewable.Viewer):
    """The scenario, the levers by section, Run with its settings, comparison and export."""

    state: PlannerState = param.ClassSelector(class_=PlannerState)  # type: ignore[assignment]

    def __init__(self, state: PlannerState, on_run: Callable[..., Any], png: Callable[..., Any]):
        super().__init__(state=state)
        w: dict[str, Any] = {lever.name: lever_widget(state, lever) for lever in LEVERS}
        self.widgets = w
        # the bundled scenarios by their labels, and an uploaded one while it is in use
        w["scenario"] = pn.widgets.Select(css_classes=["ek-scenario"])
        w["scenario"].param.watch(self._chosen, "value")
        self._showing = False
        w["upload"] = pn.widgets.FileInput(accept=".yaml,.yml", multiple=False)
        w["upload"].param.watch(lambda event: event.new and state.load_upload(event.new), "value")
        for name in RUN_SETTINGS:
            w[name] = pn.widgets.IntInput.from_param(state.param[name])
        w["preview"] = pn.widgets.Checkbox.from_param(state.param.preview)
        w["compare_name"] = pn.widgets.TextInput.from_param(
            state.param.compare_name, css_classes=["ek-compare-name"]
        )
        for name, action, kind in (
            ("run", on_run, "primary"),
            ("undo", state.undo, "light"),
            ("add_compare", state.add_to_comparison, "default"),
            ("clear_compare", state.clear_comparison, "light"),
        ):
            w[name] = pn.widgets.Button(button_type=kind)
            w[name].on_click(action)
        for name, callback, filename in (
            ("export_yaml", state.scenario_yaml, "scenario.yaml"),
            ("export_csv", state.kpis_csv, "kpis.csv"),
            ("export_parquet", state.results_parquet, "kpis.parquet"),
            ("export_png", png, "chart.png"),
            ("export_brief", lambda: brief_file(state), "decision-brief.html"),
        ):
            w[name] = pn.widgets.FileDownload(
                callback=callback, filename=filename, button_type="light"
            )
        self.weights_title = pane("", "weights-title")
        progress = pn.indicators.Progress.from_param(
            state.param.progress, max=100, height=8, bar_color="primary"
        )
        by_section: dict[str, list[Any]] = {section: [] for section in SECTIONS}
        for lever in LEVERS:
            if lever.name == KPI_WEIGHTS[0]:
                by_section[lever.section].append(self.weights_title)
            by_section[lever.section].append(w[lever.name])
            if lever.name == "capacity_pct":
                by_section[lever.section].append(note(state, staff_limit, *SCENARIO_CHANGE))
        self.inactive = {section: pane("", f"inactive-{section}") for section in SECTIONS}
        for section, items in by_section.items():
            items.append(self.inactive[section])
        self.cards = {
            "scenario_section": pn.Card(w["scenario"], w["upload"], collapsible=False),
            **{
                section: pn.Card(*items, collapsible=False) for section, items in by_section.items()
            },
            "compare_section": pn.Card(
                w["compare_name"],
                pn.Row(w["add_compare"], w["clear_compare"]),
                collapsible=False,
            ),
            "export_section": pn.Card(
                pn.Row(w["export_yaml"], w["export_csv"]),
                pn.Row(w["export_parquet"], w["export_png"]),
                w["export_brief"],
                collapsible=False,
            ),
        }
        # Run, its settings and progress stay in view above the levers, which scroll
        self.run_bar = pn.Column(
            pn.Row(*[w[name] for name in RUN_SETTINGS]),
            pn.Row(w["run"], w["undo"]),
            w["preview"],
            progress,
            note(state, status, "message", "running", "language", "results_version"),
            css_classes=["ek-run-bar"],
            styles=RUN_BAR_STYLES,
        )
        state.param.watch(lambda _: self.relabel(), ["language"])
        state.param.watch(
            lambda *_: self.label_scenario_levers(),
            ["scenario", "scenario_version", "contract_model"],
        )
        state.param.watch(lambda *_: self.show_scenario(), ["scenario", "scenario_version"])
        self.relabel()

    def __panel__(self) -> pn.viewable.Viewable:
        levers = pn.Column(*self.cards.values(), styles=LEVERS_STYLES, sizing_mode="stretch_width")
        return pn.Column(self.run_bar, levers, width=340, sizing_mode=None, styles=SIDEBAR_STYLES)

    def relabel(self) -> None:
        lang, w = self.state.language, self.widgets
        for name, widget in w.items():
            if name in LABELS:
                widget.name = LABELS(name, lang)
            elif name in EXPORTS:
                widget.label = text(name, lang)
            else:
                widget.name = text(name, lang)
        w["compare_name"].placeholder = text("compare_name_placeholder", lang)
        w["contract_model"].options = {
            text(f"model_{model}", lang): model for model in LEVERS[0].choices
        }
        self.show_scenario()
        for key, card in self.cards.items():
            card.title = text(key, lang)
        self.label_scenario_levers()

    def show_scenario(self) -> None:
        """The chooser's options (the bundled scenarios by their labels; an upload in use
        first, by its own label) and the scenario in use chosen in it."""
        state, lang = self.state, self.state.language
        shown: dict[str, str] = {}
        uploaded = state.upload_name()
        if uploaded is not None:
            shown[text("upload_option", lang, name=uploaded)] = UPLOAD_CHOICE
        for name in state.param.scenario.objects:
            label = Names(bundled_scenario(name), lang).scenario()
            shown[label if label not in shown else f"{label} ({name})"] = name
        self._showing = True  # the store's scenario shown, not a planner's pick
        try:
            chooser = self.widgets["scenario"]
            chooser.param.update(
                options=shown, value=UPLOAD_CHOICE if uploaded is not None else state.scenario
            )
        finally:
            self._showing = False

    def _chosen(self, event: param.parameterized.Event) -> None:
        if not self._showing and event.new != UPLOAD_CHOICE:
            self.state.choose_scenario(event.new)

    def label_scenario_levers(self) -> None:
        """The levers whose meaning depends on the scenario: one weight slider per contract
        KPI (named by it), the integrator switch only where there is an integrator, and the
        levers that act only under some contract models disabled under the others."""
        state, w = self.state, self.widgets
        lang = state.language
        try:
            base = state.base_scenario()
        except ScenarioError:
            return
        targets = base.contract.kpis
        for slot, name in enumerate(KPI_WEIGHTS):
            w[name].visible = slot < len(targets)
            if slot < len(targets):
                w[name].name = kpi_name(targets[slot].name, lang)
        self.weights_title.object = (
            f'<p class="note"><b>{html.escape(text("kpi_weights", lang))}</b> '
            f"{html.escape(text('kpi_weights_note', lang))}</p>"
            if targets
            else f'<p class="note">{html.escape(text("kpi_weights_none", lang))}</p>'
        )
        model = state.lever_values()["contract_model"]
        idle: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for lever in LEVERS:
            w[lever.name].disabled = not lever.acts_under(model)
            if w[lever.name].disabled and w[lever.name].visible:
                idle.setdefault((lever.section, lever.contracts), []).append(
                    LABELS(lever.name, lang)
                )
        for section, shown in self.inactive.items():
            reasons = [
                text(
                    "lever_inactive", lang, levers=", ".join(names),
                    model=text(f"model_{model}", lang),
                    models=", ".join(text(f"model_{m}", lang) for m in models),
                )
                for (where, models), names in idle.items()
                if where == section
            ]  # fmt: skip
            shown.object = "".join(note_html(reason) for reason in reasons)
            shown.visible = bool(reasons)
        names = Names(base, lang)
        for name, profession in PROFESSION_LEVERS.items():  # only the scenario's professions
            provider = main_provider(base, profession)
            w[name].visible = provider is not None
            holders = {p for p, staffed, _ in staff(base) if staffed == profession}
            at = names.partner(provider) if provider is not None else ""
            w[name].name = lever_name(base, name, lang) + (
                " " + text("posts_at", lang, provider=at) if len(holders) > 1 else ""
            )
        w["integrator_enabled"].disabled = base.integrator is None
        if base.integrator is None:
            w["integrator_enabled"].name = text("integrator_none", lang)
