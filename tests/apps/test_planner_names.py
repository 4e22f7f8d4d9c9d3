"""The planner names things as people do (issue 23 point 4): the scenario's labels, else the
apps' texts, else the code name written out; never a dotted path. And a link copied after a
run runs again when opened, with the preview off too (point 7)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import ekosim
from apps.planner import PlannerState, runner
from apps.planner.names import Names, change_lines, humanised, run_label
from apps.planner.state import URL_NAMES
from apps.planner.views import FlowsView, LedgerView, RiskView, WaitingView


@pytest.fixture
def app() -> PlannerState:
    return PlannerState(years=1, replications=1)


def test_names_come_from_the_labels_then_the_texts_then_the_code_name() -> None:
    scenario = ekosim.load_scenario("tesoma-alliance")
    english, finnish = Names(scenario, "en"), Names(scenario, "fi")
    assert english.scenario() == "Tesoma alliance" and finnish.scenario() == "Tesoman allianssi"
    assert (english.service("dental"), finnish.service("dental")) == (
        "Dental clinic",
        "Hammashoitola",
    )
    assert english.partner("city") == "City of Tampere"
    assert finnish.partner("city") == "Tampereen kaupunki"
    assert english.partner("setlementti") == "Setlementti Tampere"  # an NGO in the ledger
    assert english.partner("region") == "Wellbeing services county (own cost)"
    assert english.flow("channel.digital") == "Chat / Digital clinic"
    assert finnish.flow("channel.phone") == "Puhelin"
    assert english.flow("ngo.setlementti") == "Setlementti Tampere"
    assert english.flow("waiting_to_be_reached") == "Waiting to be reached"
    assert finnish.profession("doctor", "mehilainen") == "Lääkärit"
    # no labels at all (an upload): the texts' generic names, else the code name written out
    bare = ekosim.load_scenario("single-queue", {"label": None, "services.service.label": None})
    plain = Names(bare, "en")
    assert plain.scenario() == "Single queue" and plain.service("service") == "Service"
    assert plain.profession("doctor") == "Doctors" and plain.partner("kotitori").startswith(
        "Kotitori"
    )
    assert humanised("mental_substance") == "Mental substance"


def test_the_change_line_is_in_words_per_partner_and_service(app: PlannerState) -> None:
    app.posts_doctor = 2
    assert app.change_lines() == ["Mehiläinen · Doctors: 12.47 → 14.47\u00a0FTE"]
    app.language = "fi"
    assert app.change_lines() == ["Mehiläinen · Lääkärit: 12,47 → 14,47\u00a0htv"]
    app.language = "en"
    app.posts_doctor = 0
    app.param.update(contract_model="in_house", capacity_pct=50, vacancy_pp=5, ngo_capacity_pct=50)
    lines = app.change_lines()
    assert "Contract model: Alliance → In-house" in lines
    assert "Health station: capacity 260 → 130\u00a0a day" in lines
    assert "Mehiläinen · Nurses: unfilled posts 3\u00a0% → 8\u00a0%" in lines
    assert "Setlementti Tampere: volunteers 40 → 20\u00a0persons" in lines
    assert not any("." in line.split(":")[0] for line in lines)  # never a dotted path
    assert not any("_" in line for line in lines)  # nor a code name


def test_every_lever_moved_is_written_without_code_names() -> None:
    scenario = ekosim.load_scenario("tesoma-kotitori")
    from apps.planner.levers import LEVERS, starts

    values = starts(scenario)
    for lever in LEVERS:
        moved = dict(values)
        if lever.kind == "choice":
            moved[lever.name] = "fee_for_service"
        elif lever.kind == "switch":
            moved[lever.name] = not values[lever.name]
        elif lever.kind == "share":
            moved[lever.name] = round(0.2 if values[lever.name] != 0.2 else 0.4, 2)
        else:
            moved[lever.name] = values[lever.name] + (10 if lever.name != "vacancy_pp" else 5)
        if not lever.overrides(scenario, moved):
            continue
        for line in change_lines(scenario, moved, "en") + change_lines(scenario, moved, "fi"):
            assert "_" not in line and "providers." not in line, (lever.name, line)
    assert run_label(scenario, values, "en") == "Tesoma with Kotitori"


def test_the_views_name_partners_services_and_channels(app: PlannerState) -> None:
    runner.run_now(app)
    ledger = LedgerView(state=app).render().object
    assert "Mehiläinen" in ledger and "City of Tampere" in ledger and ">mehilainen<" not in ledger
    factors = list(FlowsView(state=app).figure().y_range.factors)
    assert "Health station" in factors and "Phone" in factors and "Setlementti Tampere" in factors
    assert not any("_" in factor or "." in factor for factor in factors)
    legends = [i.label["value"] for i in WaitingView(state=app).queue_figure().legend[0].items]
    assert "Dental clinic" in legends and not any("_" in legend for legend in legends)
    risk = RiskView(state=app)
    assert risk.partner_name("mehilainen") == "Mehiläinen"
    assert app.changed is not None and app.changed.label == "Tesoma alliance · Baseline"
    frame = pd.read_csv(io.StringIO(app.kpis_csv().getvalue()))
    assert {"scenario_name", "kpi_name", "unit", "unit_shown"} <= set(frame.columns)
    assert set(frame["scenario_name"]) == {"Tesoma alliance"}
    assert set(frame.loc[frame["kpi"] == "p90_wait_days", "unit_shown"]) == {"days"}


def test_a_run_names_its_changes_in_words(app: PlannerState) -> None:
    app.gain_share = 0.7
    app.posts_nurse = 1
    label = app.change_label()
    assert label.startswith("Tesoma alliance (Gain share (partners) 0.70; Nurses")
    assert "=" not in label and "posts=" not in label


def test_a_link_copied_after_a_run_runs_again_with_the_preview_off(app: PlannerState) -> None:
    assert "ran" in URL_NAMES
    assert not app.ran
    runner.run_now(app)
    assert app.ran  # in the page's address from the first run on
    opened = PlannerState()
    opened.restore({"ran": True, "preview": False, "years": 1, "replications": 1})
    assert opened.link_run and not opened.preview
    unrun = PlannerState()
    unrun.restore({"preview": False, "years": 1})
    assert not unrun.link_run  # nothing was run, so nothing to show again


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # Panel's own, on building
def test_the_bundled_scenarios_are_offered_by_their_names() -> None:
    from apps.planner import PlannerApp

    planner = PlannerApp()
    planner.__panel__()
    options = planner.sidebar.widgets["scenario"].options
    assert options["Tesoma alliance"] == "tesoma-alliance"
    assert options["Pirkanmaa"] == "pirkanmaa"
    assert len(options) == len(planner.state.param.scenario.objects)
    planner.state.language = "fi"
    assert planner.sidebar.widgets["scenario"].options["Tesoman allianssi"] == "tesoma-alliance"
    planner.release()
