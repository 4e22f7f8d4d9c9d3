"""Self-assessment instruments: the WHO-5 Well-Being Index, the Finnish FINDRISC form and
AUDIT-C.

Scoring follows DOMAIN.md: WHO-5 (WHO 1998, free to use), FINDRISC (Lindström & Tuomilehto
2003, original Finnish form) and AUDIT-C (the first three AUDIT questions; international
positive cut-offs, men >= 4, women >= 3). Anything outside the forms raises ``ValueError``.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Literal

Who5Band = Literal["likely_depression", "poor", "good"]
FindriscBand = Literal["low", "slightly_elevated", "moderate", "high", "very_high"]
AuditcBand = Literal["below_cut_off", "positive"]

WHO5_ITEMS = 5
WHO5_MAX_ANSWER = 5
WHO5_LIKELY_DEPRESSION_PERCENT = 28  # percent <= 28: likely depression
WHO5_POOR_RAW = 12  # raw <= 12 (percent < 52): poor well-being, screen for depression

# (lowest points of the band, band, ten-year risk of type 2 diabetes); Lindström & Tuomilehto 2003.
FINDRISC_BANDS: tuple[tuple[int, FindriscBand, float], ...] = (
    (0, "low", 0.01),
    (7, "slightly_elevated", 0.04),
    (12, "moderate", 0.17),
    (15, "high", 0.33),
    (21, "very_high", 0.50),
)
AUDITC_ITEMS = 3
AUDITC_MAX_ANSWER = 4
AUDITC_POSITIVE = {"male": 4, "female": 3}  # score at or above: positive (DOMAIN.md)
FAMILY_HISTORY_POINTS = {"none": 0, "second_degree": 3, "first_degree": 5}
WAIST_CUTS_CM = {"male": (94.0, 102.0), "female": (80.0, 88.0)}


@dataclass(frozen=True)
class Who5Result:
    raw: int  # 0..25
    percent: int  # raw x 4, 0..100
    band: Who5Band


@dataclass(frozen=True)
class FindriscResult:
    points: int  # 0..26
    band: FindriscBand
    ten_year_risk: float  # probability of type 2 diabetes within ten years


def who5(answers: Any) -> Who5Result:
    """Score five WHO-5 answers, each an integer 0 (at no time) .. 5 (all of the time)."""
    if isinstance(answers, str | bytes) or not hasattr(answers, "__len__"):
        raise ValueError(f"WHO-5 needs a sequence of {WHO5_ITEMS} answers (got {answers!r})")
    if len(answers) != WHO5_ITEMS:
        raise ValueError(f"WHO-5 needs exactly {WHO5_ITEMS} answers (got {len(answers)})")
    raw = sum(_whole(answer, "WHO-5 answer", 0, WHO5_MAX_ANSWER) for answer in answers)
    percent = raw * 4
    if percent <= WHO5_LIKELY_DEPRESSION_PERCENT:
        band: Who5Band = "likely_depression"
    elif raw <= WHO5_POOR_RAW:
        band = "poor"
    else:
        band = "good"
    return Who5Result(raw=raw, percent=percent, band=band)


@dataclass(frozen=True)
class AuditcResult:
    score: int  # 0..12
    band: AuditcBand
    positive: bool  # score at or above the cut-off for the sex


def auditc(answers: Any, sex: str) -> AuditcResult:
    """Score AUDIT-C: three answers, each an integer 0..4 (how often; how many drinks on a
    typical day; how often six or more), with the cut-off for ``sex`` ("male" or "female")."""
    if sex not in AUDITC_POSITIVE:
        raise ValueError(f"sex must be 'male' or 'female' (got {sex!r})")
    if isinstance(answers, str | bytes) or not hasattr(answers, "__len__"):
        raise ValueError(f"AUDIT-C needs a sequence of {AUDITC_ITEMS} answers (got {answers!r})")
    if len(answers) != AUDITC_ITEMS:
        raise ValueError(f"AUDIT-C needs exactly {AUDITC_ITEMS} answers (got {len(answers)})")
    score = sum(_whole(answer, "AUDIT-C answer", 0, AUDITC_MAX_ANSWER) for answer in answers)
    positive = score >= AUDITC_POSITIVE[sex]
    return AuditcResult(
        score=score, band="positive" if positive else "below_cut_off", positive=positive
    )


def findrisc(
    *,
    age: float,
    sex: str,
    bmi: float,
    waist_cm: float,
    active_30min_daily: bool,
    vegetables_daily: bool,
    bp_medication: bool,
    high_glucose_history: bool,
    family_history: str,
) -> FindriscResult:
    """Score the FINDRISC form (DOMAIN.md); band edges are inclusive as printed on the form."""
    age = _number(age, "age", 0.0, 130.0)
    bmi = _number(bmi, "bmi", 5.0, 100.0)
    waist_cm = _number(waist_cm, "waist_cm", 20.0, 300.0)
    if sex not in WAIST_CUTS_CM:
        raise ValueError(f"sex must be 'male' or 'female' (got {sex!r})")
    if family_history not in FAMILY_HISTORY_POINTS:
        raise ValueError(
            "family_history must be 'none', 'second_degree' or 'first_degree' "
            f"(got {family_history!r})"
        )
    flags = {
        "active_30min_daily": active_30min_daily,
        "vegetables_daily": vegetables_daily,
        "bp_medication": bp_medication,
        "high_glucose_history": high_glucose_history,
    }
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False (got {value!r})")
    lower_waist, upper_waist = WAIST_CUTS_CM[sex]
    points = (
        (0 if age < 45 else 2 if age < 55 else 3 if age < 65 else 4)
        + (0 if bmi < 25 else 1 if bmi <= 30 else 3)
        + (0 if waist_cm < lower_waist else 3 if waist_cm <= upper_waist else 4)
        + (0 if active_30min_daily else 2)
        + (0 if vegetables_daily else 1)
        + (2 if bp_medication else 0)
        + (5 if high_glucose_history else 0)
        + FAMILY_HISTORY_POINTS[family_history]
    )
    _, band, risk = next(row for row in reversed(FINDRISC_BANDS) if points >= row[0])
    return FindriscResult(points=points, band=band, ten_year_risk=risk)


def _whole(value: Any, what: str, low: int, high: int) -> int:
    """An integer in [low, high]; bools and non-whole numbers are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be an integer {low}..{high} (got {value!r})")
    number = float(value)
    if not math.isfinite(number) or not number.is_integer() or not low <= number <= high:
        raise ValueError(f"{what} must be an integer {low}..{high} (got {value!r})")
    return int(number)


def _number(value: Any, what: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{what} must be a number (got {value!r})")
    if not low <= float(value) <= high:  # also refuses NaN
        raise ValueError(f"{what} must be between {low:g} and {high:g} (got {value!r})")
    return float(value)
