"""WHO-5, FINDRISC and AUDIT-C scored exactly as DOMAIN.md, every boundary, bad input refused."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekosim.wellbeing import auditc, findrisc, who5


@pytest.mark.parametrize(
    ("answers", "raw", "percent", "band"),
    [
        ([0, 0, 0, 0, 0], 0, 0, "likely_depression"),
        ([2, 2, 1, 1, 1], 7, 28, "likely_depression"),
        ([2, 2, 2, 1, 1], 8, 32, "poor"),
        ([3, 3, 2, 2, 2], 12, 48, "poor"),
        ([3, 3, 3, 2, 2], 13, 52, "good"),
        ([5, 5, 5, 5, 5], 25, 100, "good"),
    ],
)
def test_who5_bands_at_their_boundaries(
    answers: list[int], raw: int, percent: int, band: str
) -> None:
    result = who5(answers)
    assert (result.raw, result.percent, result.band) == (raw, percent, band)


def test_who5_accepts_whole_floats_and_numpy_ints() -> None:
    assert who5((1.0, 2, np.int64(3), 4, 5)).raw == 15


@pytest.mark.parametrize(
    "answers",
    [
        [1, 2, 3, 4],
        [1, 2, 3, 4, 5, 0],
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, -1],
        [1, 2, 3, 4, 2.5],
        [True, 2, 3, 4, 5],
        [1, 2, 3, 4, "5"],
        [1, 2, 3, 4, None],
        [1, 2, 3, 4, float("nan")],
        [1, 2, 3, 4, float("inf")],
        "12345",
        5,
        None,
    ],
)
def test_who5_rejects_anything_else(answers: Any) -> None:
    with pytest.raises(ValueError, match="WHO-5"):
        who5(answers)


@given(st.lists(st.integers(0, 5), min_size=5, max_size=5))
def test_who5_percent_is_four_times_raw(answers: list[int]) -> None:
    result = who5(answers)
    assert result.raw == sum(answers) and result.percent == 4 * result.raw


LOW_RISK: dict[str, Any] = dict(
    age=30,
    sex="female",
    bmi=22.0,
    waist_cm=70.0,
    active_30min_daily=True,
    vegetables_daily=True,
    bp_medication=False,
    high_glucose_history=False,
    family_history="none",
)


@pytest.mark.parametrize(
    ("change", "points"),
    [
        ({"age": 44.9}, 0),
        ({"age": 45}, 2),
        ({"age": 54.9}, 2),
        ({"age": 55}, 3),
        ({"age": 64.9}, 3),
        ({"age": 65}, 4),
        ({"bmi": 24.99}, 0),
        ({"bmi": 25.0}, 1),
        ({"bmi": 30.0}, 1),
        ({"bmi": 30.01}, 3),
        ({"waist_cm": 79.9}, 0),
        ({"waist_cm": 80.0}, 3),
        ({"waist_cm": 88.0}, 3),
        ({"waist_cm": 88.1}, 4),
        ({"sex": "male", "waist_cm": 93.9}, 0),
        ({"sex": "male", "waist_cm": 94.0}, 3),
        ({"sex": "male", "waist_cm": 102.0}, 3),
        ({"sex": "male", "waist_cm": 102.1}, 4),
        ({"active_30min_daily": False}, 2),
        ({"vegetables_daily": False}, 1),
        ({"bp_medication": True}, 2),
        ({"high_glucose_history": True}, 5),
        ({"family_history": "second_degree"}, 3),
        ({"family_history": "first_degree"}, 5),
    ],
)
def test_findrisc_item_points_at_boundaries(change: dict[str, Any], points: int) -> None:
    assert findrisc(**{**LOW_RISK, **change}).points == points


def _with_points(points: int) -> dict[str, Any]:
    """A low-risk form plus items adding up to exactly ``points``."""
    items = [("high_glucose_history", True, 5), ("family_history", "first_degree", 5)]
    items += [("waist_cm", 100.0, 4), ("age", 70, 4), ("bmi", 35.0, 3)]
    items += [("active_30min_daily", False, 2), ("bp_medication", True, 2)]
    items += [("vegetables_daily", False, 1)]
    form, left = dict(LOW_RISK), points
    for name, value, worth in items:
        if worth <= left:
            form[name], left = value, left - worth
    assert left == 0
    return form


@pytest.mark.parametrize(
    ("points", "band", "risk"),
    [
        (0, "low", 0.01),
        (6, "low", 0.01),
        (7, "slightly_elevated", 0.04),
        (11, "slightly_elevated", 0.04),
        (12, "moderate", 0.17),
        (14, "moderate", 0.17),
        (15, "high", 0.33),
        (20, "high", 0.33),
        (21, "very_high", 0.50),
        (26, "very_high", 0.50),
    ],
)
def test_findrisc_bands_at_their_boundaries(points: int, band: str, risk: float) -> None:
    result = findrisc(**_with_points(points))
    assert (result.points, result.band, result.ten_year_risk) == (points, band, risk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sex": "other"}, "sex"),
        ({"family_history": "parent"}, "family_history"),
        ({"age": -1}, "age"),
        ({"age": float("nan")}, "age"),
        ({"age": "50"}, "age"),
        ({"bmi": True}, "bmi"),
        ({"bmi": 0.0}, "bmi"),
        ({"waist_cm": 1000.0}, "waist_cm"),
        ({"active_30min_daily": 1}, "active_30min_daily"),
        ({"bp_medication": "no"}, "bp_medication"),
    ],
)
def test_findrisc_rejects_bad_input_clearly(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        findrisc(**{**LOW_RISK, **change})


@pytest.mark.parametrize(
    ("answers", "sex", "score", "positive"),
    [
        ((0, 0, 0), "female", 0, False),
        ((1, 1, 0), "female", 2, False),
        ((1, 1, 1), "female", 3, True),  # women: 3 or more
        ((2, 1, 0), "male", 3, False),
        ((2, 1, 1), "male", 4, True),  # men: 4 or more
        ((4, 4, 4), "male", 12, True),
    ],
)
def test_auditc_scores_at_the_cut_offs(
    answers: tuple[int, ...], sex: str, score: int, positive: bool
) -> None:
    result = auditc(answers, sex)
    assert (result.score, result.positive) == (score, positive)
    assert result.band == ("positive" if positive else "below_cut_off")


@pytest.mark.parametrize(
    ("answers", "sex"),
    [
        ((1, 2), "male"),
        ((1, 2, 3, 4), "male"),
        ((5, 0, 0), "male"),
        ((-1, 0, 0), "female"),
        ((1.5, 0, 0), "female"),
        ((True, 0, 0), "female"),
        ("123", "female"),
        (3, "female"),
        ((1, 1, 1), "other"),
    ],
)
def test_auditc_refuses_what_is_not_on_the_form(answers: Any, sex: str) -> None:
    with pytest.raises(ValueError, match=r"AUDIT-C|sex"):
        auditc(answers, sex)
