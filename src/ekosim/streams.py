"""Random streams per process, for common random numbers that survive levers.

Two scenarios run with one seed should differ only where their rules differ. With one shared
generator they do not: a lever that makes one queue draw a few more abandonment numbers shifts
every later draw of every other process. So each stochastic process draws from its own
stream, and the decisions about residents read numbers keyed by (process, day, resident):

- ``generator(name)``: a NumPy Generator for one process (births, home-care visits, a
  provider's decisions), spawned from the model's seed by the process's name, so it does not
  depend on which other streams exist or in which order they were made;
- ``uniform(name, day, residents)``: one number in [0, 1) for each resident in the call, the
  same whatever else happened that day (counter-based: a hash of the stream's key, the day,
  the resident's slot and, for a resident named twice, which time), so adding or removing
  another contact or another process leaves a resident's numbers as they were.

This follows Starsim's design (Klein, Abeysuriya, Stuart & Kerr 2024, "Noise-free comparison of
stochastic agent-based simulations using common random numbers", arXiv:2409.02086: per-decision
streams, numbers drawn by agent slot). Everything derives from the model's seed
sequence: same scenario and seed, same numbers, serially or on Dask.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from ekosim import kernels
from ekosim.kernels import DEFAULT_ENGINE

_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_DAY_STEP = np.uint64(0xD1B54A32D192ED03)
_REPEAT_STEP = np.uint64(0x8CB92BA72F3D8DD7)

# (stream key, day, slots) -> a number in [0, 1) per slot: kernels.streams.keyed_uniform
KeyedUniform = Callable[[np.uint64, np.uint64, np.ndarray], np.ndarray]
# (numbers, means, their first terms exp(-mean)) -> counts: kernels.streams.poisson_counts
PoissonCounts = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a bijective mix of 64-bit integers (Steele et al. 2014)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX_1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX_2
    return x ^ (x >> np.uint64(31))


def slot_uniform(capacity: int, salt: int) -> np.ndarray:
    """A uniform number in [0, 1) for each slot 0..capacity-1: SplitMix64 of (slot + salt),
    the same for a slot however many slots there are (a lasting trait of each slot)."""
    with np.errstate(over="ignore"):  # 64-bit arithmetic wraps on purpose
        x = _splitmix64((np.arange(capacity, dtype=np.uint64) + np.uint64(salt)) * _GOLDEN)
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def occurrence(who: np.ndarray) -> np.ndarray:
    """For each entry, how many earlier entries name the same resident (0 for the first)."""
    if len(who) < 2 or bool((who[1:] > who[:-1]).all()):  # no one named twice
        return np.zeros(len(who), dtype=np.int64)
    if bool((who[1:] >= who[:-1]).all()):  # in order, with repeats (a month's callers)
        return _rank_in_runs(who)
    ordered = np.sort(who)  # an unstable sort finds repeats far faster than a stable one
    if not bool((ordered[1:] == ordered[:-1]).any()):
        return np.zeros(len(who), dtype=np.int64)
    order = np.argsort(who, kind="stable")
    counts = np.empty(len(who), dtype=np.int64)
    counts[order] = _rank_in_runs(who[order])
    return counts


def pick(rng: np.random.Generator, items: np.ndarray, size: int) -> np.ndarray:
    """``rng.choice(items, size=size)`` (evenly, with replacement) without its overhead (about
    5 us a call): the same draws, ``integers(0, len(items), size)`` as ``Generator.choice``
    makes them, and the same items (tests/test_streams.py checks both against it)."""
    return items[rng.integers(0, len(items), size=size)]


def _rank_in_runs(ordered: np.ndarray) -> np.ndarray:
    """For each entry of a sorted array, its place in its run of equal entries (0, 1, ...)."""
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    index = np.arange(len(ordered))
    return index - np.maximum.accumulate(np.where(starts, index, 0))


class RandomStreams:
    """The model's random streams, one per named process (see the module's text)."""

    def __init__(self, seed: np.random.SeedSequence | int, engine: str = DEFAULT_ENGINE) -> None:
        """``engine``: "compiled" makes ``uniform``'s numbers in a numba kernel, "python" in
        NumPy (the oracle); the numbers are identical."""
        self.seed = (
            seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        )
        self.engine = engine
        compiled = engine == "compiled"
        self._keyed_uniform: KeyedUniform | None = (
            kernels.load("streams.keyed_uniform") if compiled else None
        )
        self._poisson_counts: PoissonCounts | None = (
            kernels.load("streams.poisson_counts") if compiled else None
        )
        self._generators: dict[str, np.random.Generator] = {}
        self._keys: dict[str, np.uint64] = {}

    @classmethod
    def of(cls, rng: np.random.Generator, engine: str = DEFAULT_ENGINE) -> RandomStreams:
        """The streams of a model whose generator is ``rng`` (from its seed sequence; no draw
        is taken from ``rng``, so its own sequence stays as it was)."""
        seed = getattr(rng.bit_generator, "seed_seq", None)
        if not isinstance(seed, np.random.SeedSequence):  # a generator built by hand
            seed = np.random.SeedSequence(int(rng.bit_generator.random_raw()))
        return cls(seed, engine)

    @classmethod
    def coerce(cls, source: RandomStreams | np.random.Generator) -> RandomStreams:
        """``source`` itself, or the streams of a generator (components built by hand)."""
        return source if isinstance(source, RandomStreams) else cls.of(source)

    def _child(self, name: str) -> np.random.SeedSequence:
        return np.random.SeedSequence(
            self.seed.entropy,
            spawn_key=(*self.seed.spawn_key, zlib.crc32(name.encode("utf-8"))),
            pool_size=self.seed.pool_size,
        )

    def generator(self, name: str) -> np.random.Generator:
        """The process's own Generator (made once, then the same object)."""
        if name not in self._generators:
            self._generators[name] = np.random.default_rng(self._child(name))
        return self._generators[name]

    def uniform(self, name: str, day: int, who: np.ndarray) -> np.ndarray:
        """One number in [0, 1) for each entry of ``who`` (residents' slots) on ``day``: the
        same for the same (stream, day, resident, n-th time the resident is named)."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = np.uint64(self._child(name).generate_state(1, np.uint64)[0])
        who = np.asarray(who)
        if self._keyed_uniform is not None:
            return self._keyed_uniform(key, np.uint64(day & 0xFFFFFFFF), who)
        slots = who.astype(np.uint64)
        repeats = occurrence(who).astype(np.uint64)
        with np.errstate(over="ignore"):  # 64-bit arithmetic wraps on purpose
            base = key ^ (np.uint64(day & 0xFFFFFFFF) * _DAY_STEP)
            x = _splitmix64(base + slots * _GOLDEN + repeats * _REPEAT_STEP)
        return (x >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)

    def happens(
        self, name: str, day: int, who: np.ndarray, hazard_per_year: np.ndarray, dt: float
    ) -> np.ndarray:
        """Whether each resident's event occurs within ``dt`` years at its hazard: its own
        number below 1 - exp(-h dt)."""
        chance = -np.expm1(-np.asarray(hazard_per_year, dtype=np.float64) * dt)
        return self.uniform(name, day, who) < chance

    def normal(self, name: str, day: int, who: np.ndarray) -> np.ndarray:
        """One standard normal number per entry of ``who`` (Box-Muller on two of its numbers)."""
        radius = np.sqrt(-2.0 * np.log1p(-self.uniform(name, day, who)))
        return radius * np.cos(2.0 * np.pi * self.uniform(name + ".angle", day, who))

    def poisson(self, name: str, day: int, who: np.ndarray, mean: np.ndarray) -> np.ndarray:
        """One Poisson count per entry of ``who`` at its ``mean``, by inverting the CDF at the
        entry's number (so a resident's count moves only if its own mean does). For the small
        means of a day's contacts (NumPy's loop runs as often as the largest count; the
        compiled engine's goes entry by entry)."""
        u = self.uniform(name, day, who)
        mean = np.asarray(mean, dtype=np.float64)
        term = np.exp(-mean)
        if self._poisson_counts is not None:  # the same loop, entry by entry
            return self._poisson_counts(u, mean, term)
        cdf = term.copy()
        count = np.zeros(len(u), dtype=np.int64)
        more = np.flatnonzero(u >= cdf)
        k = 0
        while len(more):
            k += 1
            term[more] *= mean[more] / k
            cdf[more] += term[more]
            count[more] = k
            more = more[(u[more] >= cdf[more]) & (term[more] > 0)]
        return count
