"""EMA Workbench's own tools on ekosim: perform_experiments (sequential and multiprocessing),
PRIM and feature scoring; and risk over uncertain inputs in one call."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.experiments import ExperimentError, ema_model, uncertainty_risk
from ekosim.experiments.ema import EkosimRun, workbench
from ekosim.experiments.seeds import replication_seeds

DEMAND = "demand.contacts_per_resident_year"
GAIN = "contract.gain_share"
OUTCOMES = ["waiting_at_end", "result_mehilainen_eur", "region_cost_eur_per_resident_year"]
SIZE = {"years": 1, "population": 1000}
POLICY = workbench().Sample("half", contract_gain_share=0.5)


@pytest.fixture(scope="module")
def model() -> Any:
    return ema_model(
        "tesoma-alliance",
        uncertainties={DEMAND: (4.0, 8.0)},
        levers={GAIN: (0.2, 0.8)},
        outcomes=OUTCOMES,
        seed=3,
        **SIZE,
    )


@pytest.fixture(scope="module")
def performed(model: Any) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    ema = workbench()
    samples = [
        ema.Sample(f"s{i}", demand_contacts_per_resident_year=d)
        for i, d in enumerate([4.2, 5.5, 6.8, 7.9])
    ]
    # lists of samples on both sides (EMA 3.0 cannot mix a list with a sampled count here)
    return ema.perform_experiments(model, scenarios=samples, policies=[POLICY])


def test_parameters_are_scenario_paths_and_outcomes_kpis_and_money(model: Any) -> None:
    [uncertainty] = model.uncertainties
    assert uncertainty.name == "demand_contacts_per_resident_year"
    assert uncertainty.variable_name == [DEMAND]
    assert [lever.variable_name for lever in model.levers] == [[GAIN]]
    assert [outcome.name for outcome in model.outcomes] == OUTCOMES
    everything = ema_model("tesoma-alliance", uncertainties={DEMAND: (4.0, 8.0)})
    names = {outcome.name for outcome in everything.outcomes}
    assert {"result_mehilainen_eur", "region_cost_eur_per_resident_year"} <= names
    assert set(ekosim.kpis.KPIS) <= names


def test_perform_experiments_runs_ekosim(
    performed: tuple[pd.DataFrame, dict[str, np.ndarray]],
) -> None:
    experiments, outcomes = performed
    assert len(experiments) == 4
    assert {"demand_contacts_per_resident_year", "contract_gain_share"} <= set(experiments)
    waiting = outcomes["waiting_at_end"]
    assert not np.isnan(waiting).any()
    assert waiting[3] > waiting[0]  # almost twice the contacts, longer queues
    # an experiment's outcome is ekosim's own run of that scenario with the replication seed
    row = experiments.iloc[2]
    values = {
        DEMAND: float(row["demand_contacts_per_resident_year"]),
        GAIN: row["contract_gain_share"],
    }
    scenario = EkosimRun(ekosim.load_scenario("tesoma-alliance"), 1, 1000).at(values)
    [seed] = replication_seeds(3, 1)
    single = ekosim.run(scenario, seed=seed, years=1)
    assert outcomes["waiting_at_end"][2] == pytest.approx(single.final_kpis()["waiting_at_end"])
    money = ekosim.contracts.partner_accounts(single.ledger)
    assert outcomes["result_mehilainen_eur"][2] == pytest.approx(money["result"].sum())


# EMA 3.0's PRIM calls DataFrame.drop(inplace=True), deprecated in pandas 3.1: its warning
@pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")
def test_prim_and_feature_scoring_work_on_the_experiments(
    performed: tuple[pd.DataFrame, dict[str, np.ndarray]],
) -> None:
    analysis = workbench().analysis
    prim, feature_scoring = analysis.prim, analysis.feature_scoring
    experiments, outcomes = performed
    x = experiments[["demand_contacts_per_resident_year", "contract_gain_share"]]
    waiting = outcomes["waiting_at_end"]
    box = prim.Prim(x, waiting > np.median(waiting)).find_box()
    assert box.coverage > 0
    scores = feature_scoring.get_feature_scores_all(x, outcomes)
    assert set(scores.index) == set(x.columns) and set(OUTCOMES) <= set(scores.columns)


def test_multiprocessing_evaluator_gives_the_same_outcomes(
    model: Any, performed: tuple[pd.DataFrame, dict[str, np.ndarray]]
) -> None:
    ema = workbench()
    _, outcomes = performed
    samples = [
        ema.Sample(f"s{i}", demand_contacts_per_resident_year=d) for i, d in enumerate([4.2, 5.5])
    ]
    with ema.MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        _, parallel = evaluator.perform_experiments(scenarios=samples, policies=[POLICY])
    for name in OUTCOMES:
        np.testing.assert_allclose(parallel[name], outcomes[name][:2])


def test_a_parameter_that_is_no_scenario_field_is_refused() -> None:
    with pytest.raises(ExperimentError, match=r"uncertainties: demand\.nothing"):
        ema_model("tesoma-alliance", uncertainties={"demand.nothing": (1, 2)})
    with pytest.raises(ExperimentError, match="no such outcome: happiness"):
        ema_model("tesoma-alliance", levers={GAIN: (0.2, 0.8)}, outcomes=["happiness"])


def test_risk_over_uncertain_inputs_is_one_call() -> None:
    found = uncertainty_risk(
        "tesoma-alliance", {DEMAND: (4.0, 8.0), GAIN: (0.2, 0.8)}, samples=6, replications=1, **SIZE
    )
    assert len(found.points) == 6 and len(found.outcomes) == 6
    assert found.points[DEMAND].between(4.0, 8.0).all()
    risk = found.risk.set_index("partner").loc["mehilainen"]
    results = found.outcomes["result_mehilainen_eur"]
    assert risk["mean_eur"] == pytest.approx(results.mean())
    assert risk["p5_eur"] <= risk["mean_eur"] <= risk["p95_eur"]
    assert risk["loss_probability"] == pytest.approx((results < 0).mean())
    region = found.region.iloc[0]
    assert region["mean_eur"] == pytest.approx(
        found.outcomes["region_cost_eur_per_resident_year"].mean()
    )
    indices = found.indices
    assert set(indices["outcome"]) == {"result_mehilainen_eur", "region_cost_eur_per_resident_year"}
    assert set(indices["parameter"]) == {DEMAND, GAIN}
    assert indices["median"].between(0, 1).all()
    assert found.results.provenance["call"].startswith("ekosim.experiments.uncertainty_risk(")
