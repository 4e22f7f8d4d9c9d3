"""The county's cost scope: county services, client fees, the scope table, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ekosim
from ekosim.budget import CountyServices, client_fees, format_scope, scope_table
from ekosim.clock import DAYS_PER_YEAR
from ekosim.scenario import scaled
from ekosim.scenario.schema import BudgetScopeSpec


def spec() -> BudgetScopeSpec:
    return BudgetScopeSpec.model_validate(
        {
            "county_services": {
                "child_welfare": {
                    "client_share": {"0-17": 0.1},
                    "cost_per_client_eur_year": 10_000.0,
                    "price_index": 1.1,
                    "source": "test",
                },
                "disability": {
                    "client_share": {"0-17": 0.01, "18+": 0.02},
                    "cost_per_client_eur_year": 15_000.0,
                    "source": "test",
                },
            },
            "client_fees": {"share_of_cost": {"services": 0.1, "county_services": 0.02}},
        }
    )


def test_county_services_cost_their_clients_by_age_each_day() -> None:
    booked: dict[str, float] = {}
    county = CountyServices(
        spec(), lambda item, eur: booked.__setitem__(item, booked.get(item, 0.0) + eur)
    )
    ages = np.array([5.0] * 1000 + [40.0] * 3000)
    county.count_residents(ages)
    for _ in range(DAYS_PER_YEAR):
        county.day()
    assert booked["child_welfare"] == pytest.approx(1000 * 0.1 * 10_000 * 1.1)
    assert booked["disability"] == pytest.approx((1000 * 0.01 + 3000 * 0.02) * 15_000)
    assert county.clients(ages) == pytest.approx({"child_welfare": 100.0, "disability": 70.0})


def test_client_fees_are_a_share_of_each_parts_gross_cost() -> None:
    fees = client_fees(
        spec(), {"services": 1000.0, "specialist_care": 500.0, "county_services": 50.0}
    )
    assert fees == {"services": 100.0, "specialist_care": 0.0, "county_services": 1.0}


@pytest.fixture(scope="module")
def pirkanmaa() -> ekosim.Results:
    return ekosim.run(scaled(ekosim.load_scenario("pirkanmaa"), 3000), seed=2, years=1)


def test_the_scope_table_names_every_item_and_compares_with_the_published_figure(
    pirkanmaa: ekosim.Results,
) -> None:
    table = scope_table(pirkanmaa).set_index("item")
    scenario = pirkanmaa.scenario
    for name in scenario.budget.county_services:
        row = table.loc[f"County service: {name.replace('_', ' ')}"]
        assert row["modelled"] and row["eur_per_resident_year"] > 0
    for name in scenario.budget.not_modelled:
        assert not table.loc[name, "modelled"]
    # 24-hour housing (carepath.housing) is modelled: its own row, counted once (the ledger's
    # care_24h costs are not also among the region's other costs or the partners' margin)
    housing = table.loc["24-hour service housing"]
    care_24h = pirkanmaa.kpis.query("kpi == 'care_24h_eur_per_resident_year'")["value"].mean()
    assert housing["modelled"] and housing["eur_per_resident_year"] > 0
    assert housing["eur_per_resident_year"] == pytest.approx(care_24h, rel=0.01)
    other = table.loc["Other region costs (grants, home services, prevention)"]
    assert other["eur_per_resident_year"] < 0.1 * housing["eur_per_resident_year"]
    assert table.loc["Client fees (reduce the net cost)", "eur_per_resident_year"] < 0
    modelled = table[table["modelled"]].drop(index="Modelled total, net of client fees")
    total = table.loc["Modelled total, net of client fees", "eur_per_resident_year"]
    assert total == pytest.approx(modelled["eur_per_resident_year"].sum())
    published = scenario.budget.published
    assert published is not None
    difference = table.loc["Difference: not modelled", "eur_per_resident_year"]
    assert difference == pytest.approx(published.eur_per_resident_year - total)
    # the KPI counts the same scope as the table (the in-house county: no partners' margin)
    kpi = pirkanmaa.kpis.query("kpi == 'sote_cost_eur_per_resident_year'")["value"].mean()
    assert kpi == pytest.approx(total, rel=0.03)
    text = format_scope(pirkanmaa)
    assert "Difference: not modelled" in text and "2020" in text


def test_specialist_care_stands_beside_its_published_figure(pirkanmaa: ekosim.Results) -> None:
    """The three streams' sum against the published specialist-care cost: neither row counts
    in the modelled total, and the printed table says by how much they differ."""
    table = scope_table(pirkanmaa).set_index("item")
    published = pirkanmaa.scenario.budget.published_specialist_care
    assert published is not None and published.eur_per_resident_year == 1334
    streams = table.loc[table.index.str.startswith("Specialist care: ")]
    streams = streams[streams["modelled"]]["eur_per_resident_year"].sum()
    row = table.loc["Specialist care: published minus its three streams"]
    assert not row["modelled"]
    assert row["eur_per_resident_year"] == pytest.approx(1334 - streams)
    assert row["note"] == f"{streams / 1334 - 1:+.1%} modelled vs published"
    text = format_scope(pirkanmaa)
    assert "mainland Finland (37% of 3,632 EUR)" in text
    assert "readmissions and flat referral costs" not in text  # no float dust of a row


def test_24_hour_housing_is_modelled_once_its_kpi_is_reported(pirkanmaa: ekosim.Results) -> None:
    # the run without 24-hour housing: neither its KPI nor its ledger items
    kpis = pirkanmaa.kpis[pirkanmaa.kpis["kpi"] != "care_24h_eur_per_resident_year"]
    ledger = pirkanmaa.ledger[~pirkanmaa.ledger["item"].str.endswith(".care_24h")]
    without = ekosim.Results(**{**vars(pirkanmaa), "kpis": kpis, "ledger": ledger})
    assert not scope_table(without).set_index("item").loc["24-hour service housing", "modelled"]
    extra = kpis[kpis["kpi"] == "residents"].assign(
        kpi="care_24h_eur_per_resident_year", value=400.0
    )
    results = ekosim.Results(**{**vars(without), "kpis": pd.concat([kpis, extra])})
    table = scope_table(results).set_index("item")
    assert table.loc["24-hour service housing", "modelled"]
    assert table.loc["24-hour service housing", "eur_per_resident_year"] == pytest.approx(400.0)
    before = scope_table(without).set_index("item")
    total = "Modelled total, net of client fees"
    assert table.loc[total, "eur_per_resident_year"] == pytest.approx(
        before.loc[total, "eur_per_resident_year"] + 400.0
    )


def test_a_county_service_without_a_cost_is_a_file_line_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\nextends: pirkanmaa\nbudget:\n  county_services:\n    home_help:\n"
        "      client_share: {0-6: 1.0}\n      source: test\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "ekosim.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert f"{bad}:5:" in done.stderr
    assert "budget.county_services.home_help.cost_per_client_eur_year" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"specialist_care.length_of_stay_days": {"old": 5.0}}, "age band"),
        ({"specialist_care.inpatient_day_cost_eur": -1.0}, "greater than or equal"),
        ({"budget.client_fees.share_of_cost": {"services": 1.5}}, "less than or equal"),
        ({"budget.client_fees.share_of_cost": {"dental": 0.1}}, "dental"),
    ],
)
def test_bad_specialist_and_scope_values_are_refused(
    override: dict[str, object], message: str
) -> None:
    with pytest.raises(ekosim.ScenarioError, match=message):
        ekosim.load_scenario("pirkanmaa", override)


def test_ekosim_run_prints_the_scope_table() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ekosim.cli",
            "run",
            "pirkanmaa",
            "--years",
            "1",
            "--population",
            "2000",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Cost scope, final year, EUR per resident" in done.stdout
    assert "Specialist care: inpatient days" in done.stdout
    assert "Difference: not modelled" in done.stdout


def test_the_countys_large_items_are_population_driven_streams_by_age() -> None:
    """Health-centre wards, older people's institutional care and day activities, and
    rehabilitation with assistive devices are county services of their own (no longer "not
    modelled"); their clients follow the ages: the wards' clients are mostly 65+ (THL
    Perusterveydenhuolto 2011: 80%), older people's services only 75+."""
    scenario = ekosim.load_scenario("pirkanmaa")
    items = scenario.budget.county_services
    new = (
        "health_centre_inpatient_wards",
        "older_people_institutional_care",
        "older_people_day_activities_and_service_housing",
        "medical_rehabilitation_and_assistive_devices",
    )
    assert set(new) <= set(items)
    named = " ".join(scenario.budget.not_modelled).lower()
    assert "ward" not in named and "rehabilitation" not in named and "institutional" not in named
    assert "occupational" in named and "environmental" in named  # what stays out stays named
    county = CountyServices(scenario.budget, lambda item, eur: None)
    young = np.full(10_000, 40.0)
    old = np.concatenate([np.full(9_000, 40.0), np.full(1_000, 85.0)])
    before, after = county.clients(young), county.clients(old)
    for name in new:
        assert after[name] > before[name]  # more old residents, more clients
    assert before["older_people_institutional_care"] == 0.0
    ages = np.concatenate([np.full(63_000, 40.0), np.full(12_000, 70.0), np.full(9_000, 80.0)])
    wards = CountyServices(
        BudgetScopeSpec.model_validate(
            {"county_services": {"w": items["health_centre_inpatient_wards"].model_dump()}}
        ),
        lambda item, eur: None,
    )
    all_clients = wards.clients(ages)["w"]
    old_clients = wards.clients(ages[ages >= 65])["w"]
    assert 0.7 < old_clients / all_clients < 0.9
