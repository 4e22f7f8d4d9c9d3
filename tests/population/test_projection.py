"""The population follows a projection (population.projection): residents by age band per
year, the variant picked in the scenario or by ``--projection``, bad figures refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ekosim import cli
from ekosim.population.dynamics import SLOW_PROCESS_INTERVAL_DAYS, STEP_YEARS, Population
from ekosim.population.projection import ProjectionFollower
from ekosim.scenario import ScenarioError, load_scenario
from ekosim.scenario.schema import parse_age_band

AREA = Path(__file__).with_name("projected-area.yaml")
RESIDENTS = 3000
MONTHS_A_YEAR = round(1 / STEP_YEARS)  # 12 monthly steps of 30 days
# Stated tolerance: every band within 1% of its projected path (scaled to the run) at every
# year end of the horizon, or 2 residents where 1% is less (monthly rounding per band).
TOLERANCE, RESIDENTS_SLACK = 0.01, 2.0


def area(variant: str | None = None, size: int = RESIDENTS):
    overrides: dict = {"population.size": size}
    if variant is not None:
        overrides["population.projection.variant"] = variant
    return load_scenario(AREA, overrides)


def year_end_counts(variant: str, seed: int = 1) -> tuple[list[np.ndarray], np.ndarray]:
    """Living residents by band at each simulated year end, and the start counts."""
    scenario = area(variant)
    population = Population(scenario, np.random.default_rng(seed))
    follower = population.projection
    assert follower is not None
    start = follower.counts(population.residents)
    counts = []
    for _ in range(scenario.horizon_years):
        for _ in range(MONTHS_A_YEAR):
            population.month()
        counts.append(follower.counts(population.residents))
    return counts, start


@pytest.mark.parametrize("variant", ["principal", "high_migration", "no_migration"])
def test_a_run_follows_the_projected_band_totals_over_the_horizon(variant: str) -> None:
    scenario = area(variant)
    figures = scenario.population.projection.variants[variant]
    base = figures[2023]
    counts, start = year_end_counts(variant)
    bands = list(scenario.population.age_structure)
    for year, count in enumerate(counts, start=1):
        elapsed = year * MONTHS_A_YEAR * SLOW_PROCESS_INTERVAL_DAYS / 365
        for index, band in enumerate(bands):
            # The projection's path for this band, read at the run's elapsed time (its
            # year ends are 365 days apart, twelve steps 360) and scaled to the run's start.
            path = np.interp(elapsed, [0, 1, 2, 3], [figures[2023 + k][band] for k in range(4)])
            expected = start[index] * path / base[band]
            assert abs(count[index] - expected) <= max(TOLERANCE * expected, RESIDENTS_SLACK), (
                year,
                band,
            )


def test_the_variants_differ_in_the_expected_direction() -> None:
    ends = {v: year_end_counts(v)[0][-1] for v in ["principal", "high_migration", "no_migration"]}
    assert ends["high_migration"].sum() > ends["principal"].sum() > ends["no_migration"].sum()
    children, working = 0, 1  # bands 0-14 and 15-64
    for band in (children, working):
        assert ends["high_migration"][band] > ends["principal"][band] > ends["no_migration"][band]


def test_without_the_projection_the_area_drifts_off_it() -> None:
    """The mechanism matters: at the scenario's flat rates (net migration +0.6% a year) the
    area keeps more working-age residents than the no-migration variant projects (the test
    fails if calibration does nothing)."""
    followed, _ = year_end_counts("no_migration")
    free = load_scenario(AREA, {"population.size": RESIDENTS, "population.projection": None})
    population = Population(free, np.random.default_rng(1))
    assert population.projection is None
    for _ in range(3 * MONTHS_A_YEAR):
        population.month()
    edges = [parse_age_band(b)[0] for b in free.population.age_structure][1:]
    ages = population.residents.age[population.residents.alive]
    drifted = np.bincount(np.searchsorted(edges, ages, side="right"), minlength=4)
    working = 1  # the 15-64 band: projected -3% in three years without migration
    assert drifted[working] > 1.03 * followed[-1][working]


def test_newcomers_ages_follow_the_five_year_counts_within_a_band() -> None:
    scenario = area()
    population = Population(scenario, np.random.default_rng(2))
    follower = population.projection
    assert isinstance(follower, ProjectionFollower)
    ages = follower.newcomers(np.array([0, 0, 0, 20_000]), np.random.default_rng(3))
    bands = scenario.population.age_distribution.bands
    stated = sum(v for b, v in bands.items() if parse_age_band(b)[0] >= 85) / sum(
        v for b, v in bands.items() if parse_age_band(b)[0] >= 75
    )
    assert ages.min() >= 75 and abs((ages >= 85).mean() - stated) < 0.015


def test_the_scenario_field_picks_the_variant_and_the_default_is_principal() -> None:
    assert area().population.projection.variant == "principal"
    assert area("no_migration").population.projection.variant == "no_migration"


def write(tmp_path: Path, old: str, new: str) -> Path:
    text = AREA.read_text()
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (  # bands that do not match age_structure's
            "2025: {0-14: 3570, 15-64: 14635, 65-74: 2705, 75+: 2239}",
            "2025: {0-14: 3570, 15-64: 14635, 65-79: 2705, 80+: 2239}",
            "  projection:",
            "variant 'principal', year 2025: its bands must be age_structure's",
        ),
        (  # a negative count
            "2024: {0-14: 3570, 15-64: 14345",
            "2024: {0-14: -3570, 15-64: 14345",
            "2024: {0-14: -3570",
            "population.projection.variants.no_migration.2024.0-14: input should be greater",
        ),
        (  # an unknown variant
            "variant: principal",
            "variant: central",
            "variant: central",
            "population.projection.variant: unknown projection variant (known: high_migration",
        ),
        (  # a year that is not one
            "2026: {0-14: 3517",
            "20x6: {0-14: 3517",
            "20x6:",
            "population.projection.variants.principal.20x6",
        ),
        (  # figures that do not reach the end of the horizon
            "horizon_years: 3",
            "horizon_years: 4",
            "population:",
            "every variant needs figures up to 2027",
        ),
        (  # a variant without the base year
            "        2023: {0-14: 3680, 15-64: 14490, 65-74: 2760, 75+: 2070}\n"
            "        2024: {0-14: 3662",
            "        2024: {0-14: 3662",
            "  projection:",
            "variant 'high_migration' has no figures for base_year 2023",
        ),
    ],
)
def test_bad_projection_data_is_a_file_line_problem_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, at: str, message: str
) -> None:
    path = write(tmp_path, old, new)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    line = line_of(path, at)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:{line}: ") and message in p for p in found), found
    assert cli.main(["validate", str(path)]) == 2
    printed = capsys.readouterr()
    assert f"{path}:{line}: " in printed.out + printed.err


def test_the_command_line_refuses_an_unknown_variant_or_a_scenario_without_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["run", str(AREA), "--projection", "central", "--years", "1"]) == 2
    err = capsys.readouterr().err
    assert "--projection: population.projection.variant: unknown projection variant" in err
    assert cli.main(["run", "tesoma-base", "--projection", "principal", "--years", "1"]) == 2
    assert "scenario 'tesoma-base' has no population.projection" in capsys.readouterr().err


def test_compare_runs_every_scenario_under_each_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list = []
    monkeypatch.setattr(cli, "_experiment", lambda args, scenarios: seen.extend(scenarios) or 0)
    assert cli.main(["compare", str(AREA), "--projection", "principal,no_migration"]) == 0
    assert [s.population.projection.variant for s in seen] == ["principal", "no_migration"]
    assert cli.main(["compare", str(AREA), "--projection", "principal"]) == 2  # one run only
