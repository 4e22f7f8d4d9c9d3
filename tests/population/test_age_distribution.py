"""Ages within a band follow the scenario's five-year counts (population.age_distribution)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import ekosim
from ekosim.population.synthesis import synthesise
from ekosim.scenario import ScenarioError, load_scenario
from ekosim.scenario.schema import parse_age_band

RESIDENTS = 100_000


def stated_share(bands: dict[str, float], low: int, within: int) -> float:
    """The source's share of ages >= ``low`` among ages >= ``within``."""
    ages = {parse_age_band(band)[0]: figure for band, figure in bands.items()}
    total = sum(figure for start, figure in ages.items() if start >= within)
    return sum(figure for start, figure in ages.items() if start >= low) / total


def synthesised_ages(name: str, overrides: dict | None = None) -> np.ndarray:
    scenario = load_scenario(name, {"population.size": RESIDENTS, **(overrides or {})})
    residents = synthesise(scenario.population, np.random.default_rng(11))
    return residents.age[residents.alive]


@pytest.mark.parametrize("name", ["tesoma-base", "pirkanmaa"])
def test_oldest_ages_follow_the_stated_source(name: str) -> None:
    bands = load_scenario(name).population.age_distribution.bands
    old = synthesised_ages(name)
    old = old[old >= 75]
    # Finland 31.12.2018: 95+ about 1.6% of 75+, 85+ about 27% (the scenario's source).
    assert abs((old >= 95).mean() - stated_share(bands, 95, 75)) < 0.004
    assert abs((old >= 85).mean() - stated_share(bands, 85, 75)) < 0.015
    assert abs((old >= 90).mean() - stated_share(bands, 90, 75)) < 0.01
    assert old.max() <= 110.0


def test_without_the_distribution_the_tail_is_too_long() -> None:
    """The defect the field fixes: an exponential spread puts about 8% of 75+ at 95+."""
    old = synthesised_ages("tesoma-base", {"population.age_distribution": None})
    assert (old[old >= 75] >= 95).mean() > 0.05


def test_working_ages_follow_the_counts_and_broad_shares_stay() -> None:
    scenario = load_scenario("tesoma-base")
    bands = scenario.population.age_distribution.bands
    ages = synthesised_ages("tesoma-base")
    working = ages[(ages >= 15) & (ages < 65)]
    stated = bands["60-64"] / sum(bands[f"{lo}-{lo + 4}"] for lo in range(15, 65, 5))
    assert abs((working >= 60).mean() - stated) < 0.01
    for band, share in scenario.population.age_structure.items():
        low, high = parse_age_band(band)
        assert abs(((ages >= low) & (ages < high)).mean() - share) < 0.006, band


def test_fractions_work_as_counts_do() -> None:
    counts = load_scenario("tesoma-base").population.age_distribution.bands
    total = sum(counts.values())
    shares = {band: figure / total for band, figure in counts.items()}
    shares["100+"] += 1.0 - sum(shares.values())  # exactly 1 in floating point
    as_shares = {"unit": "fraction", "source": "test", "bands": shares}
    old = synthesised_ages("tesoma-base", {"population.age_distribution": as_shares})
    old = old[old >= 75]
    assert abs((old >= 95).mean() - stated_share(counts, 95, 75)) < 0.004


def problems(tmp_path: Path, distribution: str) -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_text(
        # single-queue has the default age structure and no age distribution to merge with
        "name: x\nextends: single-queue\npopulation:\n  age_distribution:\n" + distribution,
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [f"{problem}" for problem in caught.value.problems]


BANDS_75 = "      75-84: 5\n      85-94: 2\n      95+: 0.1\n"


@pytest.mark.parametrize(
    ("distribution", "line", "message"),
    [
        (
            "    unit: persons\n    source: s\n    bands:\n      70-79: 5\n      80+: 2\n",
            4,
            "population.age_distribution: age band '70-79' straddles bands of age_structure",
        ),
        (
            "    unit: persons\n    source: s\n    bands:\n      75-84: 5\n      95+: 1\n",
            4,
            "population.age_distribution: the age bands inside '75+' leave a gap at 85",
        ),
        (
            "    unit: persons\n    source: s\n    bands:\n      80-84: 5\n      85+: 1\n",
            4,
            "population.age_distribution: the age bands inside '75+' must cover it from 75 on",
        ),
        (
            "    unit: persons\n    source: s\n    bands:\n      75-84: 5\n      80+: 1\n",
            7,
            "population.age_distribution.bands: age bands '75-84' and '80+' overlap",
        ),
        (
            "    unit: fraction\n    source: s\n    bands:\n      75-84: 0.5\n      85+: 0.1\n",
            4,
            "population.age_distribution: age_distribution bands shares must sum to 1",
        ),
        ("    unit: persons\n    source: ''\n    bands:\n" + BANDS_75, 6, "distribution.source"),
        ("    unit: people\n    source: s\n    bands:\n" + BANDS_75, 5, "age_distribution.unit"),
        (
            "    unit: persons\n    source: s\n    bands:\n      75-84: -5\n      85+: 2\n",
            8,
            "population.age_distribution.bands.75-84",
        ),
        ("    unit: persons\n    source: s\n    bands:\n      old: 5\n", 7, "age band 'old'"),
    ],
)
def test_bad_distributions_are_refused_with_their_line(
    tmp_path: Path, distribution: str, line: int, message: str
) -> None:
    found = problems(tmp_path, distribution)
    assert any(f":{line}: " in p and message in p for p in found), found


def test_a_bundled_scenario_states_its_source() -> None:
    spec = ekosim.load_scenario("pirkanmaa").population.age_distribution
    assert spec.unit == "persons" and "Statistics Finland" in spec.source and "2018" in spec.source
