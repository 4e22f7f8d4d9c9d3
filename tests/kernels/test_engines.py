"""The compiled engine and the Python engine (its oracle) give identical results.

Every bundled scenario at 3,000 residents for one year (every path used, as in the
fingerprints) and full-size tesoma-alliance for one year: every frame of the results is
equal, value for value. The kernels keep NumPy's integer arithmetic, its float conversion and
the order of every draw, so nothing is forgiven, not even the last bit.
"""

from __future__ import annotations

import pandas as pd
import pytest

import ekosim
from ekosim.model import EcosystemModel
from ekosim.results import Results
from ekosim.scenario.loader import bundled_scenarios
from ekosim.scenario.scaling import scaled

FRAMES = ("kpis", "flows", "ledger", "waits", "decisions", "partner_decisions")


def results(scenario: ekosim.Scenario, engine: str) -> Results:
    model = EcosystemModel(scenario, rng=11, engine=engine)
    model.run_years(1)
    return Results.from_model(model, seed=11, replication=0)


def assert_same_results(scenario: ekosim.Scenario) -> None:
    python, compiled = results(scenario, "python"), results(scenario, "compiled")
    for frame in FRAMES:
        pd.testing.assert_frame_equal(
            getattr(python, frame), getattr(compiled, frame), check_exact=True, obj=frame
        )


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_engines_agree_on_every_bundled_scenario(name: str) -> None:
    assert_same_results(scaled(ekosim.load_scenario(name), 3000))


def test_engines_agree_on_full_size_tesoma() -> None:
    assert_same_results(ekosim.load_scenario("tesoma-alliance"))


def test_an_unknown_engine_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="engine must be 'python' or 'compiled'"):
        EcosystemModel("single-queue", rng=0, engine="fast")
