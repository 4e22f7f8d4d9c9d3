"""The reality targets file: every DOMAIN.md figure appears, and mistakes are reported with
their file and line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ekosim.calibration import load_targets
from ekosim.scenario import ScenarioError

# Every figure of DOMAIN.md's "Calibration figures" and "Reality targets" sections.
DOMAIN_FIGURES = [
    515095, 0.16, 0.63, 0.21, 0.09, 500000, 23, 19000,  # Pirkanmaa, Pirha
    5.3, 0.32, 0.46, 29.8e6, 0.70, 7.0,  # primary care 2023, 2022
    0.08, 0.30, 0.57, 0.11, 0.98,  # home care
    3632, 1334, 672, 0.37, 16600,  # costs 2020, workforce
    0.89, 0.71, 0.19, 0.092, 483, 2.6e9, 0.125, 11.0, 7.8, 0.25, 2017,  # reality targets
]  # fmt: skip

GOOD = """\
planned:
  future_example_kpi: issue 99
targets:
  contacts:
    indicator: contacts
    kpi: primary_care_contacts_per_resident_year
    value: 5.3
    tolerance: {relative: 0.1}
    unit: contacts/resident/year
    area: primary_care_access
    region: Finland
    year: 2023
    role: fit
    source: {title: T, publisher: THL, date: "2024", url: "https://thl.fi/"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        load_targets(write(tmp_path, text))
    return [str(problem) for problem in raised.value.problems]


def test_every_domain_figure_is_a_target() -> None:
    targets = load_targets()
    values = [
        value
        for target in targets.targets.values()
        for value in ([target.value] if target.range is None else list(target.range))
    ]
    missing = [f for f in DOMAIN_FIGURES if not any(math.isclose(f, v) for v in values)]
    assert missing == []
    assert [21, 73] in [list(t.range) for t in targets.targets.values() if t.range]  # T3


def test_at_least_a_third_of_the_measured_targets_are_for_validation_only() -> None:
    targets = load_targets()
    measured = targets.measured()
    assert len(targets.measured("validate")) * 3 >= len(measured)
    assert sum(t.role == "validate" for t in targets.targets.values()) * 3 >= len(targets.targets)
    assert targets.measured("fit")


def test_planned_and_unmodelled_targets_are_visible(tmp_path: Path) -> None:
    targets = load_targets()
    assert targets.planned == {}  # every planned KPI has arrived
    assert targets.status("primary_care_cost") == "not_modelled"
    # issue 19's appointment books and issue 20's 24-hour housing measure these now
    for name in (
        "doctor_visit_share",
        "within_14_days",
        "doctor_within_14_days",
        "t3",
        "care_24h_75_plus",
    ):
        assert targets.status(name) == "measured", name
    # a target whose KPI is still planned shows as planned, with its issue
    future = GOOD.replace("  contacts:", "  future:", 1).replace(
        "kpi: primary_care_contacts_per_resident_year", "kpi: future_example_kpi"
    )
    example = load_targets(write(tmp_path, future + GOOD.split("targets:\n", 1)[1]))
    assert example.status("future") == "planned" and example.status("contacts") == "measured"
    assert example.planned == {"future_example_kpi": "issue 99"}
    assert list(example.measured()) == ["contacts"]  # a planned target is not measured


def test_a_good_file_loads(tmp_path: Path) -> None:
    targets = load_targets(write(tmp_path, GOOD))
    assert list(targets.targets) == ["contacts"]
    assert targets.line("targets", "contacts", "kpi") == 6


def test_an_unknown_kpi_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("kpi: primary_care_contacts_per_resident_year", "kpi: contacts_typo")
    assert problems(tmp_path, text) == [
        f"{tmp_path / 'targets.yaml'}:6: targets.contacts.kpi: no such KPI "
        "(not in ekosim.kpis.KPIS nor in planned) (got 'contacts_typo')"
    ]


def test_a_planned_kpi_that_has_arrived_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("future_example_kpi: issue 99", "remote_share: issue 19")
    (problem,) = problems(tmp_path, text)
    assert problem.endswith(":2: planned.remote_share: is in the KPI catalogue now; remove it "
                            "from planned (its targets measure it)")  # fmt: skip


def test_schema_problems_name_their_lines(tmp_path: Path) -> None:
    text = GOOD.replace("role: fit", "role: maybe").replace('url: "https://thl.fi/"', "url: thl")
    found = problems(tmp_path, text)
    assert any(":13: targets.contacts.role: " in p for p in found)
    assert any(":14: targets.contacts.source.url: " in p for p in found)
    (missing,) = problems(tmp_path, GOOD.replace("    tolerance: {relative: 0.1}\n", ""))
    assert missing.startswith(f"{tmp_path / 'targets.yaml'}:4: targets.contacts: ")
    assert "give either tolerance or standard_error" in missing


def test_an_unknown_function_and_scenario_are_errors(tmp_path: Path) -> None:
    text = GOOD.replace(
        "kpi: primary_care_contacts_per_resident_year", "function: nowhere\n    scenario: atlantis"
    )
    found = problems(tmp_path, text)
    assert any(":6: targets.contacts.function: no such target function" in p for p in found)
    assert any(":7: targets.contacts.scenario: no such bundled scenario" in p for p in found)


def test_distances_are_normalised_by_the_tolerance() -> None:
    targets = load_targets()
    contacts = targets.targets["primary_care_contacts"]  # 5.3 ± 15 %
    assert contacts.distance(5.3) == 0
    assert contacts.distance(5.3 * 1.15) == pytest.approx(1.0)
    assert contacts.distance(5.3 * 0.7) == pytest.approx(-2.0)
    t3 = targets.targets["t3"]  # 21..73 days, 25 % slack at the ends
    assert t3.distance(40) == 0
    assert t3.distance(73 * 1.25) == pytest.approx(1.0)
    assert t3.distance(21 * 0.5) == pytest.approx(-2.0)
    care = targets.targets["care_24h_75_plus"]  # an upper bound: below it is on target
    assert care.distance(0.01) == 0
    assert care.distance(0.102) == pytest.approx(1.0)
    residents = targets.targets["pirkanmaa_residents"]
    assert residents.distance(5150.95, scale=0.01) == pytest.approx(0.0)


def test_a_direction_check_must_name_scenarios_and_a_kpi(tmp_path: Path) -> None:
    text = GOOD + (
        "directions:\n  d:\n    scenario: nurse-shortage\n    baseline: atlantis\n"
        "    kpi: nope\n    expect: higher\n    why: test\n"
    )
    found = problems(tmp_path, text)
    assert any(":18: directions.d.baseline: no such bundled scenario" in p for p in found)
    assert any(":19: directions.d.kpi: no such KPI" in p for p in found)
