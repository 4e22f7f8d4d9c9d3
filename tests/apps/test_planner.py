"""The planner's logic without a browser: levers, runs, undo, shared links, uploads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ekosim
from apps import planner_data as data
from apps.planner import PlannerApp
from ekosim.experiments import replication_seeds


@pytest.fixture
def app() -> PlannerApp:
    return PlannerApp(years=1, replications=2)


def test_levers_start_at_the_scenario_and_only_changes_become_overrides(app: PlannerApp) -> None:
    assert app.contract_model == "alliance" and app.gain_share == 0.5
    assert app.overrides() == {}
    app.gain_share = 0.3
    app.capacity_pct = 50
    overrides = app.overrides()
    assert overrides["contract.gain_share"] == 0.3
    assert overrides["services.health_station.capacity_per_day"] == 120
    assert app.changed_scenario().services["health_station"].capacity_per_day == 120


def test_halving_capacity_lengthens_waits_against_the_paired_baseline(app: PlannerApp) -> None:
    app.capacity_pct = 50
    app.run_now()
    assert app.problems == [] and not app.running
    assert app.changed is not None and app.baseline is not None
    assert app.changed.replications == app.baseline.replications == 2
    card = data.scorecard(app.changed, app.baseline).set_index("kpi")
    assert card.loc["p90_wait_days", "change"] > 0
    assert card.loc["p90_wait_days", "status"] == "worse"
    assert card.loc["waiting_at_end", "status"] == "worse"
    assert card.loc["cost_per_resident_eur_year", "status"] == "better"  # fewer visits produced
    assert card.loc["within_guarantee_share", "target_status"] == "misses_target"


def test_without_changes_the_baseline_is_not_run_twice(app: PlannerApp) -> None:
    app.run_now()
    assert app.changed is app.baseline
    assert app.changed is not None and app.changed.replications == 2


def test_undo_restores_the_state_before_the_last_change(app: PlannerApp) -> None:
    app.gain_share = 0.2
    app.fee_at_risk = 0.4
    app.undo()
    assert (app.gain_share, app.fee_at_risk) == (0.2, 1.0)
    app.scenario = "tesoma-base"
    assert app.contract_model == "in_house"
    app.undo()
    assert (app.scenario, app.contract_model, app.gain_share) == (
        "tesoma-alliance",
        "alliance",
        0.2,
    )


def test_a_shared_link_restores_scenario_then_levers_and_skips_garbled_parts() -> None:
    app = PlannerApp()
    app.restore({"pain_share": 0.25, "scenario": "tesoma-base", "years": "many", "view": "ledger"})
    assert (app.scenario, app.pain_share, app.view, app.years) == (
        "tesoma-base",
        0.25,
        "ledger",
        10,
    )


def test_an_invalid_combination_is_explained_not_raised() -> None:
    app = PlannerApp(scenario="tesoma-base", years=1, replications=1)
    app.contract_model = "alliance"  # tesoma-base has no target cost
    app.run_now()
    assert app.changed is None
    assert any("target_cost_eur_per_year" in problem for problem in app.problems)


def test_a_broken_upload_is_listed_in_plain_words_with_lines(app: PlannerApp) -> None:
    broken = b"name: mine\nextends: tesoma-base\ncontract:\n  gain_share: 1.5\n  gainshare: 0.2\n"
    assert not app.load_upload(broken)
    assert any(p.startswith("line 4: contract.gain_share") for p in app.problems)
    assert any("did you mean 'gain_share'" in p for p in app.problems)
    assert all("Traceback" not in p and "<dict>" not in p for p in app.problems)
    assert not app.load_upload(b"name: [unclosed\n")
    assert app.problems[0].startswith("line ")


def test_an_upload_may_extend_only_a_bundled_scenario(app: PlannerApp) -> None:
    assert not app.load_upload(b"name: sneaky\nextends: /etc/passwd\n")
    assert "extends: must name a bundled scenario" in app.problems[0]


def test_a_valid_upload_becomes_the_scenario(app: PlannerApp) -> None:
    upload = b"name: mine\nextends: tesoma-alliance\ncontract:\n  gain_share: 0.7\n"
    assert app.load_upload(upload)
    assert app.gain_share == 0.7 and app.base_scenario().name == "mine"
    app.fee_at_risk = 0.5
    assert app.changed_scenario().contract.fee_at_risk == 0.5


def test_comparison_holds_at_most_four_with_paired_differences(app: PlannerApp) -> None:
    app.replications = 2
    for percent in (100, 80, 60, 40, 30):
        app.capacity_pct = percent
        app.run_now()
        app.add_to_comparison()
    assert len(app.compared) == 4 and app.view == "compare"
    table = data.compare_table(app.compared)
    waits = table[table["kpi"] == "p90_wait_days"].set_index("scenario")
    assert np.isnan(waits["diff"].iloc[0])
    assert (waits["diff"].iloc[1:] > 0).all()


def test_the_first_replication_streams_a_year_at_a_time_and_matches_a_whole_run() -> None:
    app = PlannerApp(years=2, replications=1)
    app.gain_share = 0.2
    start = app._start()
    assert start is not None
    _, jobs, _ = start
    next(jobs)()
    assert app.changed is not None
    assert app.changed.kpis["day"].max() == 365
    for job in jobs:
        job()
    whole = ekosim.run(app.changed.scenario, seed=replication_seeds(0, 1)[0], years=2)
    pd.testing.assert_frame_equal(app.changed.kpis, whole.kpis)
    pd.testing.assert_frame_equal(app.changed.ledger, whole.ledger)


def test_the_integration_lever_fragments_hand_offs(app: PlannerApp) -> None:
    app.scenario = "tesoma-integrated"
    assert app.integration_level == 1.0 and app.overrides() == {}
    app.integration_level = 0.0
    assert app.overrides() == {"integration.level": 0.0}
    app.run_now()
    assert app.changed is not None and app.baseline is not None
    card = data.scorecard(app.changed, app.baseline).set_index("kpi")
    for kpi in ("hand_off_days", "duplicate_assessment_share"):
        assert card.loc[kpi, "status"] == "worse", kpi
    assert card.loc["lost_referral_share", "change"] > 0.05  # 0.01 -> 0.15 (two replications)
    assert "client_nps" in card.index and card.loc["client_nps", "level"] == "client_value"
