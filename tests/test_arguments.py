"""The public Python functions refuse wrong arguments with TypeError/ValueError naming the
function, the argument and what it allows, before any work (issue 18 point 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import ekosim
from ekosim.experiments import compare, replicate
from ekosim.experiments.sweeps import sensitivity, sweep
from ekosim.model import EcosystemModel
from ekosim.scenario import scaled

SMALL = {"name": "tiny", "extends": "single-queue"}


def scenario() -> ekosim.Scenario:
    return ekosim.load_scenario("single-queue")


# (call, argument named in the message, exception type)
CASES: list[tuple[str, Callable[[], Any], str, type]] = [
    ("run years str", lambda: ekosim.run(scenario(), years="2"), "years", TypeError),
    ("run years 0", lambda: ekosim.run(scenario(), years=0), "years", ValueError),
    ("run years float", lambda: ekosim.run(scenario(), years=1.5), "years", TypeError),
    ("run seed -1", lambda: ekosim.run(scenario(), seed=-1), "seed", ValueError),
    ("run seed str", lambda: ekosim.run(scenario(), seed="1"), "seed", TypeError),
    ("run scenario int", lambda: ekosim.run(7), "scenario", TypeError),  # type: ignore[arg-type]
    ("model rng str", lambda: EcosystemModel(scenario(), rng="1"), "rng", TypeError),
    ("model rng -1", lambda: EcosystemModel(scenario(), rng=-1), "rng", ValueError),
    (
        "load overrides list",
        lambda: ekosim.load_scenario("single-queue", [1]),
        "overrides",
        TypeError,
    ),
    ("load source int", lambda: ekosim.load_scenario(3), "source", TypeError),
    ("scaled residents 0", lambda: scaled(scenario(), 0), "residents", ValueError),
    ("scaled residents str", lambda: scaled(scenario(), "1000"), "residents", TypeError),
    (
        "replicate replications",
        lambda: replicate(SMALL, replications=0),
        "replications",
        ValueError,
    ),
    ("replicate years", lambda: replicate(SMALL, years="1"), "years", TypeError),
    ("replicate workers", lambda: replicate(SMALL, workers=0), "workers", ValueError),
    ("compare one string", lambda: compare("single-queue"), "scenarios", TypeError),
    ("compare seed", lambda: compare([SMALL, SMALL], seed=1.5), "seed", TypeError),
    ("compare warmup", lambda: compare([SMALL, SMALL], warmup_days=-1), "warmup_days", ValueError),
    ("sweep replications", lambda: sweep({}, replications="2"), "replications", TypeError),
    ("sensitivity samples", lambda: sensitivity({}, samples=-1), "samples", ValueError),
]


@pytest.mark.parametrize(("name", "call", "argument", "kind"), CASES, ids=[c[0] for c in CASES])
def test_wrong_arguments_are_refused_naming_the_argument(
    name: str, call: Callable[[], Any], argument: str, kind: type
) -> None:
    with pytest.raises(kind) as raised:
        call()
    message = str(raised.value)
    assert f"(): {argument} must be " in message, message
    assert "(got " in message, message


def test_right_arguments_still_work() -> None:
    import numpy as np

    EcosystemModel(scenario(), rng=1).run_for(1)
    EcosystemModel(scenario(), rng=None).run_for(1)
    assert ekosim.run(scenario(), seed=2, years=np.int64(1)).scenario.name == "single-queue"
    with pytest.raises(TypeError, match=r"rng must be .*a Python int"):
        EcosystemModel(scenario(), rng=np.int64(1))  # Python's random.seed would refuse it
