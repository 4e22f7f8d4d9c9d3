"""Checks of the public functions' arguments: a wrong type or value raises TypeError or
ValueError naming the function, the argument and what it allows, before any work is done.

Each public function calls ``check("name", arg=value, ...)`` in one line; the rules are per
argument name, so ``years`` means the same everywhere. Frames (ledger, kpis) are checked by
``frame_groups``, which also says which run-identifying columns a frame holds.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ekosim.kernels import ENGINES
from ekosim.scenario.schema import Scenario

# Upper bounds match the command line's and the experiment file's (ekosim.cli).
MAX_YEARS, MAX_REPLICATIONS, MAX_WORKERS = 100, 100_000, 1024
# The columns that tell runs apart in a frame of many runs (a sweep has all three).
GROUPING_COLUMNS = ("scenario", "point", "replication")


def _whole(
    low: int, high: int | None = None, *, optional: bool = False, exact: bool = False
) -> Callable:
    """A whole number in ``low..high``; ``exact``: a Python ``int`` (seeds reach Python's
    ``random.seed``, which takes no NumPy integer)."""
    allowed = f"a whole number from {low:,}" + (f" to {high:,}" if high is not None else " up")
    allowed += " (a Python int)" if exact else ""
    allowed += " or None" if optional else ""
    kind = int if exact else numbers.Integral

    def rule(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, kind):
            raise TypeError(allowed)
        if int(value) < low or (high is not None and int(value) > high):
            return allowed
        return None

    return rule


def _scenario(value: Any) -> str | None:
    if isinstance(value, str | Path | Mapping | Scenario):
        return None
    raise TypeError("a Scenario, a bundled scenario's name, a YAML path or a dict")


def _scenarios(value: Any) -> str | None:
    if isinstance(value, str | Path | Mapping) or not hasattr(value, "__iter__"):
        raise TypeError("a list of two or more scenarios (names, paths, dicts or Scenarios)")
    for item in value:
        _scenario(item)
    return None


def _overrides(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise TypeError("a dict of dotted field paths to values, e.g. {'contract.gain_share': 0.4}")
    return None


def _flag(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    raise TypeError("True or False")


def _path(value: Any) -> str | None:
    if value is None or isinstance(value, str | Path):
        return None
    raise TypeError("a folder path (str or pathlib.Path) or None")


def _engine(value: Any) -> str | None:
    if not isinstance(value, str):
        raise TypeError(" or ".join(map(repr, ENGINES)))
    return None if value in ENGINES else " or ".join(map(repr, ENGINES))


RULES: dict[str, Callable[[Any], str | None]] = {
    "years": _whole(1, MAX_YEARS, optional=True),
    "seed": _whole(0, optional=True, exact=True),
    "replication": _whole(0),
    "replications": _whole(1, MAX_REPLICATIONS, optional=True),
    "workers": _whole(1, MAX_WORKERS),
    "warmup_days": _whole(0),
    # residents, or a scaled copy's; the schema refuses too many, with the memory they'd need
    "residents": _whole(1),
    "population": _whole(1, optional=True),
    "samples": _whole(1, optional=True),
    "rng": _whole(0, optional=True, exact=True),  # Mesa seeds Python's random with it too
    "scenario": _scenario,
    "source": _scenario,
    "scenarios": _scenarios,
    "overrides": _overrides,
    "overwrite": _flag,
    "progress": _flag,
    "out": _path,
    "engine": _engine,
}


EXECUTION = (
    "replications",
    "seed",
    "years",
    "warmup_days",
    "population",
    "workers",
    "out",
    "overwrite",
    "progress",
)


def execution_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """The replication and execution arguments among a function's ``locals()``."""
    return {name: arguments[name] for name in EXECUTION if name in arguments}


def check(function: str, **arguments: Any) -> None:
    """Raise TypeError/ValueError ``function(): argument must be ALLOWED (got VALUE)`` for the
    first argument its rule refuses."""
    for name, value in arguments.items():
        try:
            allowed = RULES[name](value)
        except TypeError as error:
            raise TypeError(_message(function, name, str(error), value)) from None
        if allowed is not None:
            raise ValueError(_message(function, name, allowed, value))


def _message(function: str, name: str, allowed: str, value: Any) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{function}(): {name} must be {allowed} (got {shown})"


def frame_groups(frame: Any, needs: tuple[str, ...], function: str, what: str) -> list[str]:
    """The run-identifying columns (``GROUPING_COLUMNS``) ``frame`` holds, in that order; a
    frame that is not a DataFrame or lacks a column ``function`` needs is refused."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{function}(): {what} must be a pandas DataFrame (got {type(frame)})")
    missing = [column for column in needs if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{function}(): {what} has no column {', '.join(map(repr, missing))}; it needs "
            f"{', '.join(needs)} (the {what} frame of Results or of an experiment)"
        )
    return [column for column in GROUPING_COLUMNS if column in frame.columns]
