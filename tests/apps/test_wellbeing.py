"""The well-being app without a browser: steps, messages, the twin, privacy, languages."""

from __future__ import annotations

import asyncio
import json
import string
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytest.importorskip("panel")

import apps.wellbeing as module
from apps import i18n
from apps.wellbeing import STEPS, WellbeingApp
from apps.wellbeing_answers import FIELDS, UNKNOWN, from_person, on_step, parse_number, to_person
from apps.wellbeing_texts import LANGUAGES, TEXTS, text
from ekosim.scenario import load_scenario
from ekosim.wellbeing.area import AREAS
from ekosim.wellbeing.person import Person


def app_with(language: str = "fi", **answers: object) -> WellbeingApp:
    """An app whose answers are the default person's with ``answers`` changed."""
    return WellbeingApp(language=language, answers=from_person(Person()) | answers)


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_exists_in_every_language_with_the_same_placeholders() -> None:
    for key, versions in TEXTS.items():
        assert set(versions) == set(LANGUAGES), key
        assert all(version.strip() for version in versions.values()), key
        assert fields_of(versions["fi"]) == fields_of(versions["en"]), key


def test_a_missing_text_is_an_error_not_a_key_on_the_page() -> None:
    assert isinstance(text, i18n.Catalogue)
    with pytest.raises(KeyError, match="no 'en' text for 'no_such_text'"):
        text("no_such_text", "en")
    with pytest.raises(KeyError, match="unknown language 'sv'"):
        text("title", "sv")


def test_every_question_is_declared_once_with_its_labels_and_input() -> None:
    names = [field.name for field in FIELDS]
    assert len(names) == len(set(names))
    for field in FIELDS:
        assert field.step in STEPS[:-1], field.name
        assert set(field.label) == set(LANGUAGES), field.name
        assert text(field.name, "fi") == field.label["fi"]
        for option in field.options:
            assert text(field.option_key(option.value), "en") == option.label["en"]
        if field.kind == "number":
            assert field.range is not None and field.input in ("decimal", "numeric")
        if field.kind == "choice":
            assert field.options and field.input in ("radio", "select")
    assert [f.name for f in on_step("who5")] == [f"who5_{item}" for item in range(1, 6)]
    someone = Person(age=61.0, who5=(0, 1, 2, 3, 4), audit_c=(4, 3, 2), lonely=True)
    assert to_person(from_person(someone)) == someone


def test_the_form_starts_empty_and_each_step_needs_its_answers() -> None:
    app = WellbeingApp(language="en")
    assert app.answers == {} and not app.complete
    with pytest.raises(ValueError, match="not answered yet: age, sex"):
        app.person  # noqa: B018 (the property raises)
    app.next_step()
    assert app.step == 0 and app.tried_next
    listed = app._problems_view().object
    assert "Please answer these questions first" in listed and "Waist (cm)" in listed
    everyone = from_person(Person())
    for expected, step in enumerate(STEPS[:-1], start=1):
        for field in on_step(step):
            app.answer(field.name, everyone[field.name])
        app.next_step()
        assert app.step == expected and not app.tried_next
    assert app.complete and app.person == Person()
    app.previous_step()  # "Edit my answers": back to the first question
    assert app.step == 0


def test_i_dont_know_is_offered_where_the_form_allows_and_scored_as_no() -> None:
    allowed = {field.name for field in FIELDS if UNKNOWN in [o.value for o in field.options]}
    assert allowed == {"high_glucose_history", "family_history"}
    unsure = from_person(Person()) | {"high_glucose_history": UNKNOWN, "family_history": UNKNOWN}
    person = to_person(unsure)
    assert (person.high_glucose_history, person.family_history) == (False, "none")
    app = WellbeingApp(language="en", answers=unsure, step=len(STEPS) - 1)
    card = app._scores_view().objects[1].object
    assert "You answered “I don't know” to: I have at some time had high blood sugar" in card


@pytest.mark.parametrize(
    ("typed", "number"),
    [("6,5", 6.5), ("6.5", 6.5), (" 88,5 ", 88.5), ("70", 70.0), ("", None), ("−3", -3.0)],
)
def test_numbers_are_read_with_a_decimal_comma_or_point(typed: str, number: float) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["six", "6,5,1", "1.2.3", "nan", "inf", "1e999", ",", "1_0"])
def test_anything_else_typed_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_number(typed)


def test_a_typed_number_is_kept_or_explained_next_to_its_field() -> None:
    app = WellbeingApp(language="fi")
    sleep = next(field for field in FIELDS if field.name == "sleep_hours")
    widget = app._question(sleep)
    widget.text = "6,5"
    assert app.answers["sleep_hours"] == 6.5 and widget.message == ""
    widget.text = "kuusi"
    assert "sleep_hours" not in app.answers
    assert widget.message == text("not_a_number", "fi")
    widget.text = "40"
    assert app.answers["sleep_hours"] == 40.0 and "2–16 tuntia" in widget.message
    widget.text = ""  # an emptied field is no answer, not the old one
    assert "sleep_hours" not in app.answers and widget.message == ""


def test_impossible_answers_hold_the_step_and_are_explained() -> None:
    app = app_with("en", age=0)
    app.next_step()
    assert app.step == 0
    message = app._problems_view().object
    assert "age" in message and 'role="alert"' in message
    app.answers = app.answers | {"age": 50, "height_cm": 158.0, "weight_kg": 500.0}
    assert "age" not in app._problems_view().object
    assert "body mass index of 200" in app._problems_view().object
    app.answer("weight_kg", 60.0)
    app.next_step()
    assert app.step == 1


def test_choosing_an_action_changes_the_projection() -> None:
    app = app_with(age=58, weight_kg=98.0, waist_cm=106.0, active_30min_daily=False)
    before = app.twin()
    app.actions = ["exercise-150"]
    after = app.twin()
    assert after.planned.diabetes_risk[1, -1] < before.planned.diabetes_risk[1, -1]
    assert after.current.healthy_years == before.current.healthy_years


def test_sessions_are_separate() -> None:
    first, second = WellbeingApp(), WellbeingApp()
    first.param.update(actions=["quit-smoking"])
    first.answer("age", 71)
    first.answer("smoker", True)
    assert (second.answers, second.actions) == ({}, [])


def test_answers_export_import_and_clear() -> None:
    app = app_with(age=63, lonely=True, who5_2=1, audit_1=3)
    saved = app.export_answers().getvalue()
    assert json.loads(saved)["answers"]["age"] == 63
    other = WellbeingApp(language="en")
    other.import_answers(saved.encode())
    assert other.person == app.person
    assert other.notice == text("imported", "en")
    other.clear()
    assert other.answers == {} and other.notice == ""
    other.import_answers(b"\xff not json")
    assert other.notice.startswith("The file could not be read")
    other.import_answers(json.dumps({"age": "old"}).encode())
    assert "age must be a number" in other.notice
    assert other.answers == {}
    old = json.dumps(app.person.as_dict()).encode()  # a file saved before the game was in it
    other.import_answers(old)
    assert other.person == app.person and other.notice == text("imported", "en")
    other.import_answers(json.dumps({"answers": {"age": 40}, "game": {"points": -1}}).encode())
    assert "cannot be negative" in other.notice and other.person == app.person


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_step_renders_in_both_languages(language: str) -> None:
    app = app_with(language)
    app.actions = ["exercise-150"]
    for step in range(len(STEPS)):
        app.step = step
        assert app._step_view() is not None
    scores = app._scores_view()
    assert text("who5_title", language) in scores.objects[0].object


def test_one_check_in_a_calendar_week_and_a_rest_week_keeps_the_streak() -> None:
    app = WellbeingApp(actions=["exercise-150"], week="2026-W49")
    app._mark_done("exercise-150", True)
    app.check_in_week()
    assert (app.game.week, app.game.streak, app.done_this_week) == (1, 1, [])
    points = app.game.points
    app.check_in_week()  # the same calendar week: nothing happens
    app.rest_week()
    assert (app.game.week, app.game.points) == (1, points)
    assert "ek-week-done" in str(app._game_view().objects[-1].css_classes)
    app._device_week(param_event("2026-W50"))
    app.rest_week()
    assert (app.game.week, app.game.streak, app.game.points) == (2, 1, points)
    app.week = "2026-W51"
    app.check_in_week()  # nothing ticked: a missed week
    assert app.game.points == points and app.game.best_streak == 1
    app._device_week(param_event("next week"))  # not a week's name: ignored
    assert app.week == "2026-W51"
    app.clear()
    assert app.game.week == 0


def param_event(new: object) -> Any:
    return type("Event", (), {"new": new})()


def test_answers_actions_and_game_stay_on_the_device_and_forget_me_clears_them() -> None:
    app = app_with("en", lonely=True, high_glucose_history="unknown")
    app.param.update(actions=["exercise-150"], week="2026-W49")
    app._mark_done("exercise-150", True)
    app.check_in_week()
    stored = json.loads(app._store.state)  # what the browser's localStorage receives
    assert stored["answers"]["high_glucose_history"] == "unknown"
    assert stored["actions"] == ["exercise-150"] and stored["game"]["points"] == app.game.points
    again = WellbeingApp(language="en")  # a reload: a new session, the same device
    again._restore_from_device(param_event(app._store.state))
    assert again.snapshot() == app.snapshot()
    assert json.loads(again.export_answers().getvalue()) == app.snapshot()  # with the game
    broken = WellbeingApp()
    broken._restore_from_device(param_event('{"answers": {"age": "old"}}'))
    assert broken.answers == {}
    before = again._store.forget
    again.clear()
    assert again._store.forget == before + 1  # the device's copy is removed
    assert (again.answers, again.actions, again.game.points) == ({}, [], 0)


def test_the_area_is_asked_and_its_effect_said_in_people_and_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, "AREA_YEARS", 2)
    monkeypatch.setattr(module, "AREA_REPLICATIONS", 3)
    monkeypatch.setattr(module, "AREA_SAMPLE", 2000)
    app = WellbeingApp(language="en", actions=["exercise-150"])

    def run() -> None:
        with ThreadPoolExecutor(1) as worker:  # its own event loop, whatever runs here
            worker.submit(asyncio.run, app.run_area()).result()

    run()  # no area chosen: nothing is assumed, nothing runs
    assert app.area is None
    assert app._area_button().object == text("area_choose", "en")
    assert app._area_chooser.value is None
    assert [key for _, key in app._area_chooser.options] == list(AREAS)
    app._area_chooser.value = "nokia"  # the resident's own choice
    assert app.home_area == "nokia" and "nokia" in app.snapshot()["home_area"]
    run()
    assert app.area is not None and app.area.area == "nokia" and not app.area_running
    assert app.area.actions == ("exercise-150",) and app.area.years == 2
    html = app._area_result.html
    assert html.startswith("<p>Nokia, ") and html.count("<li") == 3
    assert "fewer people would get type 2 diabetes" in html or "cannot tell" in html
    assert "€" not in html and "90" not in html.split("<ul>")[1]  # no planner's figures
    assert "3 times, each with a sample of 2,000 residents" in html
    app.home_area = "tampere"  # another area: the old result is not shown for it
    assert app._area_result.html == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_person_or_one_year_is_said_in_the_singular(language: str) -> None:
    from ekosim.wellbeing.area import NeighboursEffect

    app = WellbeingApp(language=language, actions=["exercise-150"])
    effect = NeighboursEffect(
        area="nokia",
        actions=("exercise-150",),
        share=0.1,
        years=10,
        replications=10,
        residents=35000,
        sample=5000,
        starters=700,
        fewer_with_diabetes=(0.8, 0.2, 1.6),  # rounds to one person
        healthy_years=(-1.2, -2.0, -0.4),  # one healthy year fewer
        life_years=(4.0, 1.0, 7.0),  # four years: the plural stays
    )
    html = app._area_summary(effect)
    if language == "fi":
        assert "noin 1 ihminen vähemmän" in html and "noin 1 terve vuosi vähemmän" in html
        assert "noin 4 elinvuotta enemmän" in html and "1 ihmistä" not in html
    else:
        assert "about 1 fewer person would" in html and "about 1 fewer healthy year " in html
        assert "about 4 more years of life" in html and "1 fewer people" not in html


def test_the_areas_ngo_activities_are_offered_as_ways_into_a_group() -> None:
    ngo = load_scenario(module.AREA_SCENARIO).ngos["setlementti"]
    english = module.local_activities("en")
    assert ngo.label is not None and f"- {ngo.label['en']}: a walk-in" in english  # its name
    assert f"{ngo.kiosk_hours_per_week:.0f} hours a week" in english
    assert f"led by {ngo.volunteers} volunteers" in english
    assert "tuntia viikossa" in module.local_activities("fi")


def test_serious_results_look_serious_and_say_where_to_get_help() -> None:
    low = app_with("en", who5_1=0, who5_2=1, who5_3=1, who5_4=1, who5_5=1, audit_1=3)
    low.step = len(STEPS) - 1
    view = low._scores_view()
    cards, help_box = view.objects[0].objects, view.objects[1].object
    assert 'data-severity="serious"' in cards[0].object and "ek-sev-serious" in cards[0].css_classes
    assert text("severity_serious", "en") in cards[0].object  # said in words, not colour alone
    assert 'data-severity="attention"' in cards[2].object  # AUDIT-C 3+1+0 = 4, a woman: positive
    assert 'href="tel:+358925250111"' in help_box and 'href="tel:112"' in help_box
    assert "omaolo.fi" in help_box and "12 g of alcohol" in cards[2].object
    fine = app_with("en", audit_1=0, audit_2=0, audit_3=0)
    fine.step = len(STEPS) - 1
    calm = fine._scores_view()
    assert 'data-severity="ok"' in calm.objects[0].object and "tel:" not in str(calm.objects)


def test_one_headline_diabetes_risk_and_the_models_figure_explained() -> None:
    app = app_with("en", age=58, weight_kg=98.0, waist_cm=106.0, high_glucose_history=True)
    app.param.update(step=len(STEPS) - 1, actions=["exercise-150"])
    headline = f"{round(100 * app._findrisc().ten_year_risk)}%"
    card = app._scores_view().objects[0].objects[1].object
    assert f"About {headline} of people" in card
    twin = app.twin()
    model = f"{round(100 * twin.current.diabetes_risk[1, -1])}%"
    note = next(p for p in app._twin_view().objects if "ek-two-figures" in p.css_classes)
    assert f"the card's figure, {headline}: the FINDRISC form's validated" in note.object
    assert f"The chart's {model} is the model's projection" in note.object
    plan = next(p for p in app._twin_view().objects if "ek-plan" in p.css_classes).object
    assert "changes the model's projection of your diabetes risk" in plan


def test_only_actions_that_fit_are_offered_each_with_why() -> None:
    lean_active = app_with("en", weight_kg=66.0, active_30min_daily=True)  # BMI 22.8
    lean_active.step = len(STEPS) - 1
    assert lean_active.fitting() == {}
    view = lean_active._twin_view()
    assert not lean_active._chooser.visible
    assert "None of the actions we offer fits" in view.objects[1].object
    assert not any("ek-ranking" in pane.css_classes for pane in view.objects)  # no empty heading
    assert "three_actions" not in lean_active.game.challenges(offered=0)
    smoker = app_with("en", smoker=True, sleep_hours=6.0)  # BMI 26, inactive
    smoker.step = len(STEPS) - 1
    smoker._twin_view()
    offered = dict((value, label) for label, value in smoker._chooser.options)
    fits = ["exercise-150", "vegetables-weight-loss", "quit-smoking", "sleep-7-8h"]
    assert list(offered) == fits
    assert offered["vegetables-weight-loss"].endswith("your body mass index is 26.0")
    assert offered["sleep-7-8h"].endswith("you sleep 6 hours a night")
    assert {gain.action for gain in smoker.twin().ranking} <= set(offered)


def test_a_finnish_page_says_a_bad_file_in_finnish_and_names_its_file() -> None:
    app = WellbeingApp(language="fi")
    app.import_answers(json.dumps({"age": "vanha"}).encode())
    assert app.notice == "Tiedostoa ei voitu lukea: " + text("file_not_ours", "fi")
    assert "must" not in app.notice  # no English inside the Finnish page
    assert text("file_name", "fi") == "hyvinvointini.json"
    starters = text("area_starters", "fi", area="Tesoma", residents="1", starters="1", years=2)
    assert starters.startswith("Tesoma, 1 asukasta")
    assert "points" not in text("ranking_row", "en", action="x", years="1", life="1", points=1)


def test_quitting_at_30_shows_its_lifetime_gain_and_the_health_age_headline() -> None:
    app = app_with("en", age=30, smoker=True)
    app.param.update(step=len(STEPS) - 1, actions=["quit-smoking"])
    view = app._twin_view()
    lifetime = next(p for p in view.objects if "ek-lifetime-box" in p.css_classes).object
    assert "quitting smoking at 30 adds about 10 years of life" in lifetime
    assert "Jha et al. 2013" in lifetime
    gain = app.lifetime().gain.life_years
    assert 0 < gain[1] <= gain[0] <= gain[2]  # the model's own lifetime gain, with its range
    assert f"gives quitting smoking {gain[0]:.1f} years" in lifetime
    assert "keep the habit for the rest of your life" in lifetime
    assert "one would die before" in lifetime
    card = app._scores_view().objects[3].object  # no serious result: the cards alone
    twin = app.twin()
    headline = f"{round(twin.health_age)} → with your plan {round(twin.planned_health_age)}"
    assert headline in card
