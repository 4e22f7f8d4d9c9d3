"""Following a population projection: the demography calibrated to residents by age band.

A scenario's ``population.projection`` gives residents by the bands of ``age_structure`` at
the end of each year, for one or more variants (Statistics Finland's projection and its
alternative calculations). The run follows the chosen variant this way:

* At the start, each band's projected change is taken relative to the projection's base
  year and applied to the run's own start count of that band: target(band, t) = start(band)
  x projected(band, base + t) / projected(band, base). So a run scaled to 5,000 residents
  follows the same relative path as the whole area, and a start age structure that differs a
  little from the projection's base year does not jump in the first month.
* Births, deaths and the scenario's gross moves in and out happen as without a projection
  (the model's own fertility, its health-driven mortality, its movers of mobile age).
* Each month, after them, the residual between each band's target (interpolated linearly
  between the projected years) and its living count is closed by age-specific net
  migration: newcomers in the band (ages within it as in synthesis: by the scenario's
  five-year or single-year counts, with a state drawn by ``fill``) or movers out drawn evenly
  among the band's residents. This is the residual method demographers use to estimate net
  migration (change minus natural increase), run month by month, so it also absorbs any gap
  between the model's births and deaths and the projection's.

Tracking is exact up to rounding each month (half a resident per band); what varies between
replications is who the residents are, not how many there are in each band.
"""

from __future__ import annotations

import numpy as np

from ekosim.population.residents import Residents
from ekosim.population.synthesis import ages_in_bands, area_shares, fill
from ekosim.scenario.schema import PopulationSpec, parse_age_band


class ProjectionFollower:
    """The run's target residents by band over time, and the monthly net migration that
    keeps the residents on it."""

    def __init__(self, spec: PopulationSpec, residents: Residents) -> None:
        projection = spec.projection
        if projection is None:
            raise ValueError("the population has no projection to follow")
        self.spec = spec
        self.edges = np.array([parse_age_band(band)[0] for band in spec.age_structure][1:])
        figures = projection.variants[projection.variant]
        years = sorted(figures)
        table = np.array(
            [[figures[year][band] for band in spec.age_structure] for year in years], dtype=float
        )
        base = table[years.index(projection.base_year)]
        start = self.counts(residents).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(base > 0, table / base, 0.0)
        # A band empty in the base year follows its projected count scaled to the run's size.
        scale = start.sum() / base.sum()
        self.targets = np.where(base > 0, start * ratio, table * scale)
        self.years = np.array(years, dtype=float) - projection.base_year

    def counts(self, residents: Residents) -> np.ndarray:
        """Living residents by band of age_structure."""
        age = residents.age[residents.alive]
        band = np.searchsorted(self.edges, age, side="right")
        return np.bincount(band, minlength=len(self.edges) + 1)

    def target(self, elapsed_years: float) -> np.ndarray:
        """Target residents by band ``elapsed_years`` after the start (interpolated; the first
        and last projected years hold before and after them)."""
        return np.array([np.interp(elapsed_years, self.years, column) for column in self.targets.T])

    def max_growth(self) -> float:
        """The largest total over the start total (room to allocate for the horizon)."""
        totals = self.targets.sum(axis=1)
        start = float(self.target(0.0).sum())
        return float(totals.max() / start) if start > 0 else 1.0

    def gaps(self, residents: Residents, elapsed_years: float) -> np.ndarray:
        """Residents to add (positive) or remove (negative) in each band, whole persons."""
        return np.rint(self.target(elapsed_years) - self.counts(residents)).astype(np.int64)

    def newcomers(self, gaps: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Ages of the newcomers that fill the positive gaps, band by band."""
        band = np.repeat(np.arange(len(gaps)), np.maximum(gaps, 0))
        return ages_in_bands(self.spec, band, rng)

    def leavers(
        self, residents: Residents, gaps: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Slots of the residents who move out to close the negative gaps, drawn evenly
        within each band."""
        alive = np.flatnonzero(residents.alive)
        band = np.searchsorted(self.edges, residents.age[alive], side="right")
        chosen = [
            rng.choice(alive[band == index], size=-gap, replace=False)
            for index, gap in enumerate(gaps)
            if gap < 0
        ]
        return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)

    def fill_newcomers(
        self, residents: Residents, slots: np.ndarray, ages: np.ndarray, rng: np.random.Generator
    ) -> None:
        fill(residents, slots, ages, self.spec.female_share, rng, areas=area_shares(self.spec))
