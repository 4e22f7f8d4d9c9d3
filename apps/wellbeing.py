"""The residents' well-being simulator: a self-assessment in short steps, supportive results,
a personal twin with fan charts, and an action plan.

Privacy by design: the answers live only in this session's ``WellbeingApp`` (one per browser
tab, made by ``create_app``); nothing is written on the server, logged or put in the URL. The
resident can save the answers to a file of their own, load them back, and clear them.
Scoring and projections come from ``ekosim.wellbeing``; this module only lays them out.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import io
import json
from typing import Any

import panel as pn
import param
from bokeh.models import Range1d
from bokeh.models.annotations import Title
from bokeh.plotting import figure

from apps.wellbeing_answers import (
    STEPS,
    AnswerField,
    checked,
    format_number,
    from_person,
    missing,
    on_step,
    parse_number,
    problems,
    to_person,
    unknowns,
)
from apps.wellbeing_components import (
    CHART_CSS,
    PAGE_STYLES,
    SEVERITY_STYLES,
    STYLE,
    ChoiceGroup,
    DeviceStore,
    LabelledCheck,
    LanguageSwitch,
    NumberField,
    Outcome,
    StepHeading,
    keyboard,
)
from apps.wellbeing_texts import LANGUAGES, decimal, percent, text
from ekosim.population.actions import ACTION_NAMES
from ekosim.scenario import load_scenario
from ekosim.wellbeing import FindriscResult, findrisc, who5
from ekosim.wellbeing.area import AREAS, NEIGHBOUR_SAMPLE, NeighboursEffect, neighbours_effect
from ekosim.wellbeing.game import GameState, check_in, iso_week, pause, weeks_between
from ekosim.wellbeing.person import (
    AUDIT_C_POSITIVE,
    GRAMS_PER_DRINK,
    LIMITS,
    Person,
    audit_c,
    fitting_actions,
    quit_smoking_life_years,
)
from ekosim.wellbeing.twin import Lifetime, TwinResult, project_lifetime, project_person

pn.extension(sizing_mode="stretch_width", notifications=False)

SNAPSHOT_KEYS = ("answers", "actions", "game", "done_this_week", "language", "home_area")
MAX_ANSWERS_BYTES = 100_000  # a saved answers file is about 1 kB; larger is not one
TWIN_YEARS, TWIN_RUNS, TWIN_SEED = 10, 1000, 2026
LIFETIME_RUNS = 500  # the lifetime view's runs (its gains carry their 95% interval)
# The NGO activities offered as ways into a group are those of this area's scenario.
AREA_SCENARIO, AREA_NAME = "tesoma-alliance", "Tesoma"
# "If 1 in 10 of your neighbours did this": the share of adults, years, replications.
AREA_SHARE, AREA_YEARS, AREA_REPLICATIONS, AREA_SEED = 0.10, 10, 10, 2026
AREA_SAMPLE = NEIGHBOUR_SAMPLE  # residents simulated a replication, scaled to the area
# How a result is shown: its words say it, and its colours only repeat them.
WHO5_SEVERITY = {"good": "ok", "poor": "attention", "likely_depression": "serious"}
FINDRISC_SEVERITY = {
    "low": "ok",
    "slightly_elevated": "ok",
    "moderate": "attention",
    "high": "serious",
    "very_high": "serious",
}
STEP_INTROS = {"habits": "drink_is"}  # a text above a step's questions
CHART_FONT = "16px"  # the charts' titles, axes and legends, as large as the text
CURRENT_COLOUR, PLAN_COLOUR, HEART_COLOUR = "#6b7280", "#15803d", "#b45309"


class WellbeingApp(pn.viewable.Viewer):
    """One resident's session: answers, the current step, the chosen actions."""

    language: Any = param.Selector(default="fi", objects=list(LANGUAGES))
    step = param.Integer(default=0, bounds=(0, len(STEPS) - 1))
    actions = param.ListSelector(default=[], objects=list(ACTION_NAMES))
    notice = param.String(default="")  # e.g. a file that could not be loaded
    game = param.ClassSelector(class_=GameState, default=GameState())
    done_this_week = param.List(default=[], item_type=str)
    area = param.ClassSelector(class_=NeighboursEffect, default=None, allow_None=True)
    home_area: Any = param.Selector(default=None, objects=[None, *AREAS], allow_None=True)
    area_running = param.Boolean(default=False)
    week = param.String(default="")  # this calendar week on the resident's device

    # One value per declared question (apps.wellbeing_answers.FIELDS), by its name.
    # Empty at first: nobody else's answers are filled in.
    answers = param.Dict(default={})
    tried_next = param.Boolean(default=False)  # Next pressed on a step not yet answered

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._twin_cache: dict[tuple[Person, tuple[str, ...]], TwinResult] = {}
        self._lifetime_cache: dict[tuple[Person, tuple[str, ...]], Lifetime] = {}
        self._moved = False  # Next, Back or Clear changed the step: its heading takes focus
        self._new_week = False  # Check in or Rest week changed the week: its status takes focus
        # One action chooser for the session, kept when the projection under it is redrawn,
        # so that the keyboard's focus stays on the action just ticked.
        self._chooser = ChoiceGroup(
            multiple=True, value=list(self.actions), css_classes=["ek-actions"]
        )
        self._chooser.param.watch(self._chosen, "value")
        # What this resident has, kept on their device (never on the server); drawn once.
        self._store = DeviceStore()
        self._store.param.watch(self._restore_from_device, "restored")
        self._store.param.watch(self._device_week, "week")
        # The area's result, kept for the session: it is a live region, read out when it comes.
        self._area_result = Outcome(live=True, css_classes=["ek-area"])
        # The resident says where they live: nobody's area is assumed.
        self._area_chooser = ChoiceGroup(
            value=None,
            options=[[place.name, key] for key, place in AREAS.items()],  # the same in fi/en
            css_classes=["ek-home-area"],
        )
        self._area_chooser.param.watch(lambda event: setattr(self, "home_area", event.new), "value")

    def _chosen(self, event: param.parameterized.Event) -> None:
        self.actions = [name for name in ACTION_NAMES if name in event.new]

    @param.depends("actions", watch=True)
    def _show_actions(self) -> None:
        self._chooser.value = list(self.actions)

    # ---- state -----------------------------------------------------------------------------

    @property
    def person(self) -> Person:
        return to_person(self.answers)

    def load_person(self, person: Person) -> None:
        self.answers = from_person(person)

    def answer(self, name: str, value: Any) -> None:
        """Set one question's answer (a new dict, so that the views depending on it redraw)."""
        self.answers = {**self.answers, name: value}

    def twin(self) -> TwinResult:
        """The projection for the current answers and actions (cached for this session)."""
        key = (self.person, tuple(self.actions))
        if key not in self._twin_cache:
            self._twin_cache[key] = project_person(
                key[0], list(key[1]), years=TWIN_YEARS, runs=TWIN_RUNS, seed=TWIN_SEED
            )
        return self._twin_cache[key]

    def lifetime(self) -> Lifetime:
        """The lifetime view for the current answers and actions (cached for this session)."""
        key = (self.person, tuple(self.actions))
        if key not in self._lifetime_cache:
            self._lifetime_cache[key] = project_lifetime(
                key[0], list(key[1]), runs=LIFETIME_RUNS, seed=TWIN_SEED
            )
        return self._lifetime_cache[key]

    @property
    def complete(self) -> bool:
        return not missing(self.answers) and not problems(self.answers)

    def next_step(self, _: object = None) -> None:
        """On to the next step once every question of this one is answered and possible."""
        step = STEPS[self.step]
        if step != "results" and (missing(self.answers, step) or self._step_problems()):
            self.tried_next = True  # the page lists what is still needed
            return
        self._moved = True
        self.param.update(step=min(self.step + 1, len(STEPS) - 1), tried_next=False)

    def previous_step(self, _: object = None) -> None:
        """One step back; from the results back to the first question, to edit the answers."""
        self._moved = True
        back = 0 if STEPS[self.step] == "results" else max(self.step - 1, 0)
        self.param.update(step=back, tried_next=False)

    def _step_problems(self) -> list[str]:
        """Impossible answers on this step (the body mass index belongs to the first)."""
        names = {field.name for field in on_step(STEPS[self.step])}
        names |= {"bmi"} if STEPS[self.step] == "basics" else set()
        return [name for name in problems(self.answers) if name in names]

    def snapshot(self) -> dict[str, Any]:
        """Everything this resident has here: answers, chosen actions, the game."""
        return {
            "answers": dict(self.answers),
            "actions": list(self.actions),
            "game": self.game.as_dict(),
            "done_this_week": list(self.done_this_week),
            "language": self.language,
            "home_area": self.home_area,
        }

    def restore(self, data: Any) -> None:
        """Load a ``snapshot`` (from this device's storage or a saved file); anything that is
        not one raises ``ValueError`` and changes nothing."""
        if not isinstance(data, dict) or set(data) - set(SNAPSHOT_KEYS) or "answers" not in data:
            raise ValueError("not a saved answers file")
        answers = checked(data["answers"])
        actions, done = data.get("actions", []), data.get("done_this_week", [])
        for names in (actions, done):
            if not isinstance(names, list) or not set(names) <= set(ACTION_NAMES):
                raise ValueError("unknown actions")
        game = GameState.from_dict(data.get("game", {}))
        language = data.get("language", self.language)
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        home_area = data.get("home_area")
        if home_area is not None and home_area not in AREAS:
            raise ValueError(f"unknown area {home_area!r}")
        self.param.update(
            answers=answers,
            actions=actions,
            game=game,
            done_this_week=done,
            language=language,
            home_area=home_area,
        )

    @param.depends(
        "answers", "actions", "game", "done_this_week", "language", "home_area", watch=True
    )
    def _keep_on_device(self) -> None:
        """Each change is stored on the device; nothing is stored before the first answer (or
        again after "Forget me")."""
        empty = not self.answers and not self.actions and self.game == GameState()
        empty = empty and self.home_area is None
        self._store.state = "" if empty else json.dumps(self.snapshot(), ensure_ascii=False)

    def _restore_from_device(self, event: param.parameterized.Event) -> None:
        try:
            self.restore(json.loads(event.new))
        except (ValueError, RecursionError):
            return  # an old or broken store: the resident starts afresh (it is overwritten)
        if self.complete:  # back where they were: their results
            self._moved = True
            self.step = len(STEPS) - 1

    def export_answers(self) -> io.StringIO:
        """The answers, actions and game as a file of the resident's own."""
        return io.StringIO(json.dumps(self.snapshot(), ensure_ascii=False, indent=1))

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
            if "answers" in data:  # in the language the resident has chosen now
                self.restore({key: value for key, value in data.items() if key != "language"})
            else:  # a file from before the game was saved with the answers: answers only
                self.load_person(Person.from_dict(data))
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            # The checks say in English what is wrong; a Finnish page says it in Finnish.
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            if self.language != "en":
                reason = self._t("file_not_ours")
            self.notice = text("import_failed", self.language, reason=reason)
            return
        self.notice = text("imported", self.language)

    @property
    def this_week(self) -> str:
        """The resident's calendar week (ISO 8601), as their device tells it (else the
        server's): one check-in a week."""
        return self.week or iso_week(datetime.date.today())

    def _device_week(self, event: param.parameterized.Event) -> None:
        try:
            weeks_between(event.new, event.new)  # a real week's name
        except ValueError:
            return
        self.week = event.new

    def check_in_week(self, _: object = None) -> None:
        if self.actions and self.game.last_week != self.this_week:
            game = check_in(self.game, self.actions, self.done_this_week, week=self.this_week)
            self._new_week = True
            self.param.update(game=game, done_this_week=[])

    def rest_week(self, _: object = None) -> None:
        if self.game.last_week != self.this_week:
            self._new_week = True
            self.param.update(game=pause(self.game, week=self.this_week), done_this_week=[])

    async def run_area(self, _: object = None) -> None:
        """The area runs in a worker thread so this and other sessions stay responsive."""
        if not self.actions or self.area_running or self.home_area is None:
            return
        self.area_running = True  # the button is redrawn, disabled: the focus goes to the result
        self._area_result.focus = True
        try:
            self.area = await asyncio.to_thread(
                neighbours_effect,
                self.home_area,
                list(self.actions),
                share=AREA_SHARE,
                years=AREA_YEARS,
                replications=AREA_REPLICATIONS,
                sample=AREA_SAMPLE,
                seed=AREA_SEED,
            )
        finally:
            self.area_running = False

    def clear(self, _: object = None) -> None:
        """Forget me: everything goes, here and in this device's storage."""
        self._store.forget += 1
        self._moved = True
        self.param.update(
            answers={},
            tried_next=False,
            actions=[],
            step=0,
            notice="",
            game=GameState(),
            done_this_week=[],
            area=None,
            home_area=None,
        )
        self._twin_cache.clear()
        self._lifetime_cache.clear()

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
        body = self._results_view() if name == "results" else self._step_body(name)
        back = keyboard(
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
            forward = keyboard(
                pn.widgets.Button(
                    label=self._t("see_results" if name == "social" else "next"),
                    color="primary",
                    css_classes=["ek-next"],
                )
            )
            forward.on_click(self.next_step)
            nav.append(forward)
        return pn.Column(progress, body, nav)

    def _question(self, field: AnswerField) -> pn.viewable.Viewable:
        """The widget for one declared question, showing its current answer."""
        name, label, value = field.name, self._t(field.name), self.answers.get(field.name)
        css = [f"q-{name}"]
        if field.input == "decimal":
            typed = "" if value is None else format_number(value, self.language)
            number = NumberField(
                text=typed, label=label, message=self._field_message(field), css_classes=css
            )
            number.param.watch(lambda event: self._typed(field, number, event.new), "text")
            return number
        options = [[self._t(field.option_key(o.value)), o.value] for o in field.options]
        group = ChoiceGroup(value=value, options=options, legend=label, css_classes=css)
        group.param.watch(lambda event: self.answer(name, event.new), "value")
        return group

    def _typed(self, field: AnswerField, widget: NumberField, typed: str) -> None:
        """A number as typed: kept if it is one (a decimal comma or point), else dropped, and
        what is wrong said next to the field. Never an exception for what a resident types."""
        try:
            number = parse_number(typed)
        except ValueError:
            self.answers = {k: v for k, v in self.answers.items() if k != field.name}
            widget.message = self._t("not_a_number")
            return
        if number is None:
            self.answers = {k: v for k, v in self.answers.items() if k != field.name}
        else:
            self.answer(field.name, number)
        widget.message = self._field_message(field)

    def _field_message(self, field: AnswerField) -> str:
        """What is wrong with this number's answer ("" if nothing is)."""
        if field.range is None or field.name not in problems(self.answers):
            return ""
        low, high = field.range
        return self._t(f"limit_{field.name}", low=f"{low:g}", high=f"{high:g}")

    def _step_body(self, step: str) -> pn.viewable.Viewable:
        questions = on_step(step)
        intro = [pn.pane.Markdown(self._t(STEP_INTROS[step]))] if step in STEP_INTROS else []
        return pn.Column(
            *intro, *[self._question(field) for field in questions], self._problems_view
        )

    @param.depends("language", "answers", "tried_next")
    def _problems_view(self) -> pn.viewable.Viewable:
        """What still stops this step: impossible answers, and (once Next was pressed) the
        questions not answered; else, on the first step, the body mass index."""
        answers, language = self.answers, self.language
        height, weight = answers.get("height_cm"), answers.get("weight_kg")
        bmi = weight / (height / 100) ** 2 if height and weight else float("nan")
        lines = [
            self._t(
                f"limit_{name}",
                low=f"{LIMITS[name][0]:g}",
                high=f"{LIMITS[name][1]:g}",
                bmi=decimal(bmi, language, 0),
            )
            for name in self._step_problems()
            if name == "bmi" or self.tried_next  # the others are said next to their field
        ]
        parts = (
            [f"<p>{self._t('check_answers')}</p><ul>{''.join(f'<li>{x}</li>' for x in lines)}</ul>"]
            if lines
            else []
        )
        unanswered = missing(answers, STEPS[self.step]) if self.tried_next else []
        if unanswered:
            names = "".join(f"<li>{self._t(name)}</li>" for name in unanswered)
            parts.append(f"<p>{self._t('answer_first')}</p><ul>{names}</ul>")
        if not parts:
            if STEPS[self.step] == "basics" and bmi == bmi and "bmi" not in problems(answers):
                return pn.pane.Markdown(
                    self._t("bmi_is", bmi=decimal(bmi, language)), css_classes=["ek-note"]
                )
            return pn.pane.HTML("", css_classes=["ek-problems-box"])
        return pn.pane.HTML(
            f'<div class="ek-problems" role="alert">{"".join(parts)}</div>',
            stylesheets=[STYLE],
            css_classes=["ek-problems-box"],
        )

    def _results_view(self) -> pn.viewable.Viewable:
        return pn.Column(
            self._scores_view,
            self._twin_intro,
            self._chooser,
            self._twin_view,
            self._game_view,
            self._area_view,
            self._area_chooser,
            self._area_button,
            self._area_result,
            self._privacy_view,
        )

    @param.depends("language", "step")
    def _twin_intro(self) -> pn.viewable.Viewable:
        if not self.complete:
            return pn.Column()
        return pn.pane.Markdown(
            f"## {self._t('twin_title')}\n"
            + self._t("twin_intro", years=TWIN_YEARS, runs=TWIN_RUNS)
        )

    @param.depends("language", "actions", "answers")
    def _scores_view(self) -> pn.viewable.Viewable:
        if not self.complete:
            return pn.Column()
        person, language = self.person, self.language
        mood, risk = who5(list(person.who5)), self._findrisc()
        drinking = audit_c(person.audit_c, person.sex)
        twin = self.twin()
        unsure = [self._t(name) for name in unknowns(self.answers)]
        cards = [
            (
                WHO5_SEVERITY[mood.band],
                f"### {self._t('who5_title')}\n"
                f'<p class="ek-big" data-who5="{mood.percent}">'
                f"{self._t('who5_score', percent=mood.percent)}</p>\n\n"
                + self._t("who5_" + mood.band),
            ),
            (
                FINDRISC_SEVERITY[risk.band],
                f"### {self._t('findrisc_title')}\n"
                f'<p class="ek-big" data-findrisc="{risk.points}">'
                f"{self._t('findrisc_score', points=risk.points)}</p>\n\n"
                + self._t(
                    "findrisc_text",
                    risk=percent(risk.ten_year_risk, language),
                    advice=self._t("findrisc_" + risk.band),
                )
                + ("\n\n" + self._t("unknown_note", questions=", ".join(unsure)) if unsure else ""),
            ),
            (
                "attention" if drinking.positive else "ok",
                f"### {self._t('auditc_title')}\n"
                f'<p class="ek-big" data-auditc="{drinking.score}">'
                f"{self._t('auditc_score', score=drinking.score)}</p>\n\n"
                + self._t(
                    "auditc_positive" if drinking.positive else "auditc_below",
                    cut_off=AUDIT_C_POSITIVE[person.sex],
                    grams=round(drinking.grams_per_week),
                    drinks=decimal(drinking.grams_per_week / GRAMS_PER_DRINK, language),
                )
                + f'\n\n<span class="ek-note">{self._t("drink_is")}</span>',
            ),
            (
                "info",
                f"### {self._t('health_age_title')}\n"
                f'<p class="ek-big" data-health-age="{twin.health_age:.1f}">'
                + (
                    self._t(
                        "health_age_headline",
                        now=round(twin.health_age),
                        plan=round(twin.planned_health_age),
                    )
                    if self.actions
                    else f"{round(twin.health_age)}"
                )
                + "</p>\n\n"
                + self._t(
                    "health_age_text", health_age=round(twin.health_age), age=round(person.age)
                )
                + (
                    " " + self._t("health_age_plan", health_age=round(twin.planned_health_age))
                    if self.actions
                    else ""
                )
                + f'\n\n<span class="ek-note">{self._t("health_age_method")}</span>',
            ),
        ]
        panes = [
            pn.pane.Markdown(
                (
                    f'<p class="ek-severity" data-severity="{severity}">'
                    f"{self._t('severity_' + severity)}</p>\n\n"
                    if severity != "info"
                    else ""
                )
                + card,
                css_classes=["ek-card", f"ek-sev-{severity}"],
                styles=SEVERITY_STYLES[severity],
                stylesheets=[STYLE],
                min_width=260,
                max_width=420,
                sizing_mode="stretch_width",
            )
            for severity, card in cards
        ]
        scores = pn.FlexBox(*panes, css_classes=["ek-scores"])
        help_lines = self._next_steps(mood.band, risk.band, drinking.positive)
        if not help_lines:
            return scores
        items = "".join(f"<li>{line}</li>" for line in help_lines)
        return pn.Column(
            scores,
            pn.pane.HTML(
                f'<section class="ek-help" aria-labelledby="ek-help-title">'
                f'<h2 id="ek-help-title">{self._t("help_title")}</h2><ul>{items}</ul></section>',
                stylesheets=[STYLE],
                css_classes=["ek-next-steps"],
            ),
        )

    def _findrisc(self) -> FindriscResult:
        person = self.person
        return findrisc(
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

    def _next_steps(self, mood: str, risk: str, drinking: bool) -> list[str]:
        """Where to get help, for the results that call for it (HTML list items)."""
        lines = []
        if mood == "likely_depression":
            lines.append(self._t("help_crisis"))
        if WHO5_SEVERITY[mood] != "ok":
            lines.append(self._t("help_mood"))
        if FINDRISC_SEVERITY[risk] == "serious":
            lines.append(self._t("help_glucose"))
        if drinking:
            lines.append(self._t("help_alcohol"))
        if lines:
            lines.append(self._t("help_booking"))
        if mood == "likely_depression":
            lines.append(self._t("help_emergency"))
        return lines

    @param.depends("language", "actions", "step")
    def _twin_view(self) -> pn.viewable.Viewable:
        self._chooser.visible = self.complete
        if not self.complete:
            return pn.Column()
        twin, fitting = self.twin(), self.fitting()
        options = [
            [f"{self._t(f'action_{name}')} – {self._why(why)}", name]
            for name, why in fitting.items()
        ]
        self._chooser.visible = bool(options)
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
        life = {gain.action: gain.life_years[0] for gain in self.lifetime().ranking}
        ranking = "\n".join(
            "- "
            + self._t(
                "ranking_row",
                action=self._t(f"action_{gain.action}"),
                years=decimal(max(gain.healthy_years, 0.0), language),
                life=decimal(max(life[gain.action], 0.0), language),
                points=round(gain.wellbeing_points),
            )
            for gain in twin.ranking
        )
        ranked = (
            [
                pn.pane.Markdown(
                    f"### {self._t('ranking_title')}\n{ranking}", css_classes=["ek-ranking"]
                )
            ]
            if ranking
            else []
        )
        plan = self._t("no_actions") if fitting else self._t("nothing_fits")
        lifetime = [self._lifetime_view()]
        return pn.Column(
            *local,
            pn.pane.Markdown(
                f'<p data-plan="{",".join(self.actions)}">{summary if self.actions else plan}</p>',
                css_classes=["ek-plan"],
                stylesheets=[STYLE],
            ),
            *lifetime,
            pn.pane.Bokeh(self._wellbeing_chart(twin), sizing_mode="stretch_width"),
            pn.pane.Bokeh(self._risk_chart(twin), sizing_mode="stretch_width"),
            pn.pane.Markdown(
                self._t(
                    "two_diabetes_figures",
                    findrisc=percent(self._findrisc().ten_year_risk, language),
                    model=percent(twin.current.diabetes_risk[1, -1], language),
                ),
                css_classes=["ek-two-figures"],
                stylesheets=[STYLE],
            ),
            *ranked,
        )

    def _lifetime_view(self) -> pn.viewable.Viewable:
        """Life and healthy life expectancy over the rest of a life, from the model's rules,
        with the gain's 95% range, a single life's spread and what it assumes."""
        life, language = self.lifetime(), self.language

        def years(value: float) -> str:
            return decimal(value, language)

        lines = [
            self._t(
                "lifetime_now",
                life=round(life.current.life_expectancy),
                healthy=round(life.current.healthy_life_expectancy),
            )
        ]
        if self.actions:
            (gain, low, high), (h_gain, h_low, h_high) = (
                life.gain.life_years,
                life.gain.healthy_years,
            )
            lines.append(
                self._t(
                    "lifetime_plan",
                    life=round(life.planned.life_expectancy),
                    healthy=round(life.planned.healthy_life_expectancy),
                    gain=years(gain),
                    low=years(low),
                    high=years(high),
                    healthy_gain=years(h_gain),
                    healthy_low=years(h_low),
                    healthy_high=years(h_high),
                )
            )
        elif life.ranking:
            best = life.ranking[0]
            lines.append(
                self._t(
                    "lifetime_best",
                    action=self._t(f"action_{best.action}"),
                    gain=years(best.life_years[0]),
                    low=years(best.life_years[1]),
                    high=years(best.life_years[2]),
                )
            )
        spread = self.lifetime().planned.age_at_death
        lines.append(self._t("lifetime_spread", early=round(spread[0]), late=round(spread[-1])))
        jha = quit_smoking_life_years(self.person.age)
        if "quit-smoking" in self.actions and jha is not None:
            lines.append(self._t("lifetime_smoking", age=round(self.person.age), years=f"{jha:g}"))
            if self.actions == ["quit-smoking"]:
                lines.append(self._t("lifetime_compare", model=years(life.gain.life_years[0])))
        lines.append(self._t("lifetime_assumes", runs=life.runs))
        paragraphs = "".join(f"<p>{line}</p>" for line in lines)
        return pn.pane.HTML(
            f'<section class="ek-lifetime" aria-labelledby="ek-lifetime-title" '
            f'data-life="{life.current.life_expectancy:.1f}" '
            f'data-life-plan="{life.planned.life_expectancy:.1f}" '
            f'data-gain="{life.gain.life_years[0]:.2f}">'
            f'<h3 id="ek-lifetime-title">{self._t("lifetime_title")}</h3>{paragraphs}</section>',
            stylesheets=[STYLE],
            css_classes=["ek-lifetime-box"],
        )

    def fitting(self) -> dict[str, str]:
        """The actions that fit these answers, each with why (``fitting_actions``)."""
        return fitting_actions(self.person) if self.complete else {}

    def _why(self, reason: str) -> str:
        person = self.person
        grams = audit_c(person.audit_c, person.sex).grams_per_week
        return self._t(
            f"why_{reason}",
            bmi=decimal(person.bmi, self.language),
            grams=round(grams),
            hours=format_number(person.sleep_hours, self.language),
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

    @param.depends("language", "actions", "game", "week")
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
            for name, (now, goal) in game.challenges(offered=len(self.fitting())).items()
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
        if game.last_week == self.this_week:  # one check-in a calendar week
            return pn.Column(
                *parts, pn.pane.Markdown(self._t("week_done"), css_classes=["ek-week-done"])
            )
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
        check_button = keyboard(
            pn.widgets.Button(
                label=self._t("check_in"), color="primary", css_classes=["ek-check-in"]
            )
        )
        check_button.on_click(self.check_in_week)
        rest = keyboard(
            pn.widgets.Button(label=self._t("rest_week"), color="light", css_classes=["ek-rest"])
        )
        rest.on_click(self.rest_week)
        return pn.Column(*parts, pn.Row(check_button, rest))

    def _mark_done(self, action: str, done: bool) -> None:
        others = [name for name in self.done_this_week if name != action]
        self.done_this_week = [*others, action] if done else others

    @param.depends("language", "actions")
    def _area_view(self) -> pn.viewable.Viewable:
        intro = self._t("area_intro", years=AREA_YEARS)
        parts: list[Any] = [pn.pane.Markdown(f"## {self._t('area_title')}\n{intro}")]
        # The area chooser sits outside this view, so a choice keeps the keyboard's focus.
        self._area_chooser.visible = bool(self.actions)
        if self._area_chooser.legend != self._t("area_where"):
            self._area_chooser.legend = self._t("area_where")
        if not self.actions:
            parts.append(pn.pane.Markdown(self._t("choose_first")))
        return pn.Column(*parts)

    @param.depends("home_area", watch=True)
    def _show_home_area(self) -> None:
        self._area_chooser.value = self.home_area

    @param.depends("language", "actions", "area_running", "home_area")
    def _area_button(self) -> pn.viewable.Viewable:
        if not self.actions:
            return pn.Column()
        if self.home_area is None:
            return pn.pane.Markdown(self._t("area_choose"), css_classes=["ek-area-choose"])
        button = keyboard(
            pn.widgets.Button(
                label=self._t("area_running" if self.area_running else "area_run"),
                color="primary",
                variant="outline",
                disabled=self.area_running,
                css_classes=["ek-area-run"],
            )
        )
        button.on_click(self.run_area)
        return button

    @param.depends("language", "actions", "area", "area_running", "home_area", watch=True)
    def _show_area_result(self) -> None:
        """The note while the area runs, then its result (if still for the chosen actions and
        area)."""
        effect = self.area
        if self.area_running and self.home_area is not None:
            place = AREAS[self.home_area].name
            html = f'<p class="ek-status">{self._t("area_wait", area=place)}</p>'
        elif (
            effect is not None
            and effect.actions == tuple(self.actions)
            and effect.area == self.home_area
        ):
            html = self._area_summary(effect)
        else:
            html = ""
        self._area_result.html = html

    def _area_summary(self, effect: NeighboursEffect) -> str:
        """The area's result in people and years, each with its 95% range (or said to be
        indistinguishable from chance when the range holds zero)."""
        language = self.language
        lines = []
        for kind, (mean, low, high) in (
            ("diabetes", effect.fewer_with_diabetes),
            ("healthy", effect.healthy_years),
            ("life", effect.life_years),
        ):
            good = "fewer" if kind == "diabetes" else "more"
            bad = "more" if kind == "diabetes" else "fewer"
            if low > 0:
                key, n, ends = good, mean, (low, high)
            elif high < 0:
                key, n, ends = bad, -mean, (-high, -low)
            else:
                key, n, ends = "unclear", mean, (low, high)
            singular = key != "unclear" and round(n) == 1
            line = self._t(
                f"area_{kind}_{key}" + ("_one" if singular else ""),
                n=_count(n, language),
                low=_count(ends[0], language),
                high=_count(ends[1], language),
            )
            lines.append(f'<li data-area="{kind}" data-verdict="{key}">{line}</li>')
        starters = self._t(
            "area_starters",
            area=AREAS[effect.area].name,
            residents=_count(effect.residents, language),
            starters=_count(effect.starters, language),
            years=effect.years,
        )
        note = self._t(
            "area_note",
            replications=effect.replications,
            sample=_count(min(effect.sample, effect.residents), language),
        )
        return f'<p>{starters}</p><ul>{"".join(lines)}</ul><p class="ek-note">{note}</p>'

    @param.depends("language", "notice")
    def _privacy_view(self) -> pn.viewable.Viewable:
        download = keyboard(
            pn.widgets.FileDownload(
                callback=self.export_answers,
                filename=self._t("file_name"),
                label=self._t("export"),
                color="light",
                css_classes=["ek-export"],
            )
        )
        upload = keyboard(
            pn.widgets.FileInput(
                label=self._t("import"), accept=".json", multiple=False, css_classes=["ek-import"]
            )
        )
        upload.param.watch(self._import_upload, "value")
        clear = keyboard(
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
            titles={code: text("title", code) for code in LANGUAGES},
            sizing_mode="fixed",
            width=180,
            css_classes=["ek-language"],
        )
        switch.param.watch(lambda event: setattr(self, "language", event.new), "value")
        return switch

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            self._store,
            self._language_switch(),
            self._header,
            self._step_view,
            max_width=760,
            styles={"margin": "0 auto", "padding": "8px", **PAGE_STYLES},
        )


def _figure(title: str, x_label: str) -> Any:
    plot = figure(
        height=300,
        title=Title(text=title, text_font_size=CHART_FONT),
        toolbar_location=None,
        sizing_mode="stretch_width",
        x_axis_label=x_label,
    )
    plot.outline_line_color = None
    for axis in (plot.xaxis, plot.yaxis):
        axis.axis_label_text_font_size = CHART_FONT
        axis.major_label_text_font_size = CHART_FONT
    plot.grid.grid_line_alpha = 0.4
    plot.stylesheets = [CHART_CSS]
    return plot


def _count(value: float, language: str) -> str:
    """A whole number of people or years, in thousands with the language's separator."""
    written = f"{round(value):,}".replace("-", "\u2212")  # a minus sign, not a hyphen
    return written.replace(",", "\u00a0") if language == "fi" else written


def _legend_below(plot: Any) -> None:
    """The legend under the chart, so it never hides the lines on a phone."""
    legend = plot.legend[0]
    legend.orientation = "vertical"
    legend.border_line_color = None
    legend.label_text_font_size = CHART_FONT
    plot.add_layout(legend, "below")


@functools.cache
def _area_ngos() -> tuple[tuple[str, dict[str, str], float, int], ...]:
    """The area scenario's NGOs: (code name, label by language, kiosk hours a week,
    volunteers)."""
    ngos = load_scenario(AREA_SCENARIO).ngos
    return tuple(
        (name, spec.label or {}, spec.kiosk_hours_per_week, spec.volunteers)
        for name, spec in ngos.items()
    )


def local_activities(language: str) -> str:
    """The area's NGO activities, offered as local ways into the social-participation action
    (Markdown; empty if the area has no NGOs), each NGO by its own name (its label)."""
    lines = [f"**{text('local_activities', language, area=AREA_NAME)}**"]
    for name, label, hours, volunteers in _area_ngos():
        title = label.get(language) or name.replace("_", " ").title()
        if hours:
            lines.append(
                "- " + text("ngo_kiosk", language, name=title, hours=decimal(hours, language, 0))
            )
        if volunteers:
            lines.append("- " + text("ngo_groups", language, name=title, volunteers=volunteers))
    return "\n".join(lines) if len(lines) > 1 else ""


# A phone lays a page without this out 980 px wide and zooms it out to a third (WCAG 1.4.10).
VIEWPORT = "width=device-width, initial-scale=1"


def create_app() -> WellbeingApp:
    """A fresh app for each browser session: nothing is shared between sessions."""
    if pn.state.curdoc is not None:
        pn.state.curdoc.template_variables["meta"] = {"viewport": VIEWPORT}
    return WellbeingApp()


if pn.state.served:
    create_app().servable(title="My well-being")
