"""Residents as NumPy arrays: one entry per person, declared here with dtype and unit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ekosim.scenario.schema import PopulationSpec, parse_age_band


@dataclass
class Residents:
    """Per-resident state. Every array has one entry per resident ever created."""

    age: np.ndarray  # float32, years
    female: np.ndarray  # bool
    alive: np.ndarray  # bool
    wellbeing: np.ndarray  # float32, WHO-5 percent 0..100

    @property
    def size(self) -> int:
        return int(self.alive.sum())

    @classmethod
    def synthesise(cls, spec: PopulationSpec, rng: np.random.Generator) -> Residents:
        """Ages drawn uniformly within the scenario's age bands, in the bands' shares."""
        n = spec.size
        bands = [parse_age_band(band) for band in spec.age_structure]
        shares = np.array(list(spec.age_structure.values()), dtype=float)
        band = rng.choice(len(bands), size=n, p=shares / shares.sum())
        low = np.array([lo for lo, _ in bands], dtype=float)[band]
        high = np.array([min(hi, 100) for _, hi in bands], dtype=float)[band]
        age = (low + rng.random(n) * np.maximum(high - low, 1.0)).astype(np.float32)
        # WHO-5 in the general population: mean about 65%, SD about 20 (Topp et al. 2015).
        wellbeing = np.clip(rng.normal(65.0, 20.0, n), 0.0, 100.0).astype(np.float32)
        return cls(
            age=age,
            female=rng.random(n) < spec.female_share,
            alive=np.ones(n, dtype=bool),
            wellbeing=wellbeing,
        )
