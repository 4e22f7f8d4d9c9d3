"""KPI scores and the yearly scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from ekosim.contracts.kpi_pool import kpi_score, scorecard, weighted_score
from ekosim.scenario.schema import ContractSpec


@pytest.mark.parametrize(
    ("value", "better", "expected"),
    [(0.9, "higher", 0.0), (0.99, "higher", 1.0), (0.855, "higher", -0.5), (0.5, "lower", 1.0)],
)
def test_kpi_score(value: float, better: str, expected: float) -> None:
    assert kpi_score(value, 0.9, better, 0.1) == pytest.approx(expected)


def test_scorecard_averages_each_year_weighted_by_the_windows_days() -> None:
    contract = ContractSpec.model_validate(
        {
            "kpis": [
                {"name": "within_guarantee_share", "target": 0.9, "weight": 0.75},
                {"name": "unmet_need_share", "target": 0.02, "weight": 0.25},
            ]
        }
    )
    kpis = pd.DataFrame(
        {
            "day": [180, 365, 365, 400, 730, 730],
            "kpi": ["within_guarantee_share"] * 2
            + ["unmet_need_share"]
            + ["within_guarantee_share"] * 2
            + ["unmet_need_share"],
            "value": [0.8, 1.0, 0.02, 0.99, 0.99, 0.04],
        }
    )
    card = scorecard(kpis, contract).set_index(["year", "kpi"])
    # windows of 180 and 185 days, weighted by their days (an unweighted mean would be 0.9)
    year0 = card.loc[(0, "within_guarantee_share")]
    assert year0["value"] == pytest.approx((0.8 * 180 + 1.0 * 185) / 365)
    assert 0.0 < year0["score"] < 0.1  # a little above the target
    assert card.loc[(1, "unmet_need_share"), "score"] == -1.0
    year1 = card.xs(1, level="year")
    assert weighted_score(year1) == pytest.approx(0.75 * 1.0 + 0.25 * -1.0)
