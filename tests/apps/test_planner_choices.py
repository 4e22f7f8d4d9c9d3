"""The planner's scenario chooser names an uploaded scenario while it is in use, and compared
scenarios keep names that tell them apart (issue 23 points 4, 6, 7)."""

from __future__ import annotations

import json

import pytest

from apps.planner import PlannerState, runner
from apps.planner.controls import UPLOAD_CHOICE, Sidebar
from apps.planner.runner import run_now
from apps.planner.state import MAX_NAME, read_entries

MINE = b"name: mine\nextends: tesoma-alliance\ncontract:\n  gain_share: 0.7\n"
LABELLED = (
    b"name: ours\nextends: tesoma-alliance\n"
    b"label: {en: Our alliance plan, fi: Oma allianssisuunnitelma}\n"
)


@pytest.fixture
def app() -> PlannerState:
    return PlannerState(years=1, replications=1)


def sidebar(state: PlannerState) -> Sidebar:
    return Sidebar(state, on_run=lambda *_: None, png=lambda: None)


def chosen(bar: Sidebar) -> str:
    """The option the chooser shows, as its label."""
    chooser = bar.widgets["scenario"]
    return next(label for label, value in chooser.options.items() if value == chooser.value)


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # the buttons' button_type
def test_the_chooser_names_an_upload_in_use_and_choosing_a_scenario_leaves_it(
    app: PlannerState,
) -> None:
    bar = sidebar(app)
    assert chosen(bar) == "Tesoma alliance" and app.upload_name() is None
    assert app.load_upload(LABELLED)
    assert bar.widgets["scenario"].value == UPLOAD_CHOICE
    assert chosen(bar) == "Our alliance plan (uploaded)"  # its label, not the bundled one's
    assert app.message == ("uploaded", {"name": "Our alliance plan"})
    app.language = "fi"
    assert chosen(bar) == "Oma allianssisuunnitelma (ladattu)"
    assert bar.widgets["scenario"].name == "Skenaario"
    app.language = "en"
    bar.widgets["scenario"].value = "tesoma-alliance"  # the one the upload replaced
    assert app.upload == "" and app.base_scenario().name == "tesoma-alliance"
    assert chosen(bar) == "Tesoma alliance" and UPLOAD_CHOICE not in bar.widgets["scenario"].values
    assert app.gain_share == 0.5  # the bundled scenario's own levers again
    assert app.load_upload(MINE)
    assert chosen(bar) == "Mine (uploaded)"  # no label: its name written out
    bar.widgets["scenario"].value = "tesoma-base"
    assert app.upload == "" and app.scenario == "tesoma-base"
    assert chosen(bar) == "Tesoma base (in-house)"
    app.undo()  # the levers before the upload were on another scenario
    assert app.message == ("undo_nothing", {}) and app.scenario == "tesoma-base"


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # the buttons' button_type
def test_a_link_to_an_upload_shows_it_in_the_chooser(app: PlannerState) -> None:
    assert app.load_upload(MINE)
    opened = PlannerState(years=1, replications=1)
    bar = sidebar(opened)
    opened.restore({"upload": app.upload})
    assert chosen(bar) == "Mine (uploaded)"


def test_a_default_name_already_compared_gets_what_tells_it_apart(app: PlannerState) -> None:
    run_now(app)
    app.add_to_comparison()
    first = app.compared[0].label
    assert first == "Tesoma alliance · Baseline"
    app.seed = 7  # the same scenario on other random numbers
    run_now(app)
    app.add_to_comparison()
    assert app.compared[1].label == f"{first} [seed 7]"
    run_now(app)
    app.add_to_comparison()  # the very same settings again: nothing tells them apart
    assert app.compared[2].label == f"{first} [seed 7] (2)"
    app.compare_name = first  # a name typed is kept as typed, numbered if taken
    app.add_to_comparison()
    assert app.compared[3].label == f"{first} (2)"
    assert len({r.label for r in app.compared}) == 4


def test_an_upload_with_the_bundled_scenarios_name_is_told_apart(app: PlannerState) -> None:
    run_now(app)
    app.add_to_comparison()
    same = b"name: tesoma-alliance\nextends: tesoma-alliance\n"  # the same words
    assert app.load_upload(same)
    run_now(app)
    assert app.changed is not None and app.changed.label == app.compared[0].label
    app.add_to_comparison()
    assert app.compared[1].label == "Tesoma alliance · Baseline [uploaded]"


def test_long_names_cut_short_keep_the_lever_that_differs(app: PlannerState) -> None:
    moves = {"contract_model": "in_house", "capacity_pct": 80, "staff_pct": 90}
    moves |= {"demand_pct": 110, "vacancy_pp": 5}
    app.param.update(**moves)
    run_now(app)
    app.add_to_comparison()
    app.posts_doctor = 2  # beyond what the cut name shows
    run_now(app)
    assert app.changed is not None and app.changed.label == app.compared[0].label
    app.add_to_comparison()
    second = app.compared[1].label
    assert second != app.compared[0].label and len(second) <= MAX_NAME
    assert second.endswith("+2]") and "…" in second


def test_a_link_keeps_each_compared_runs_settings_and_names_apart(app: PlannerState) -> None:
    run_now(app)
    app.compare_name = "Two years"
    app.years = 2
    run_now(app)
    app.add_to_comparison()
    entry = json.loads(app.compared_link)[0]
    assert (entry["years"], entry["replications"], entry["seed"]) == (2, 1, 0)
    opened = PlannerState(years=1, replications=1)
    opened.restore({"compared_link": app.compared_link})
    runner.restore_comparison_now(opened)
    assert int(opened.compared[0].kpis["day"].max()) >= 365  # its own two years, not one
    twins = json.dumps([{"name": "A", "scenario": "tesoma-base", "levers": {}}] * 3)
    assert [e["name"] for e in read_entries(twins)] == ["A", "A (2)", "A (3)"]
    odd = json.dumps([{"name": "x", "scenario": "tesoma-base", "levers": {}, "years": 10**6}])
    assert "years" not in read_entries(odd)[0]  # out of bounds: the page's years
