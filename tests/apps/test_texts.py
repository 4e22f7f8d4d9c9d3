"""The text catalogue and number formats."""

from __future__ import annotations

import math
import re

from apps.texts import LANGUAGES, TEXTS, change, number, quantity
from ekosim.kpis import KPIS


def test_every_text_exists_in_every_language() -> None:
    for key, entry in TEXTS.items():
        assert set(entry) == set(LANGUAGES), key


def test_every_kpi_has_a_name() -> None:
    assert [name for name in KPIS if f"kpi_{name}" not in TEXTS] == []


def test_numbers_follow_the_language() -> None:
    assert number(1234567.25, "en", 1) == "1,234,567.2"
    assert number(1234567.25, "fi", 1) == "1\u00a0234\u00a0567,2"
    assert number(-3.5, "fi", 1) == "−3,5"
    assert number(math.nan, "fi") == "–"
    assert quantity(0.456, "fraction", "fi") == "45,6\u00a0%"
    assert quantity(458.2, "EUR/resident/year", "en") == "458\u00a0€"


def test_changes_of_shares_are_in_percentage_points() -> None:
    assert change(0.229, "fraction", "en") == "+22.9\u00a0pp"
    assert change(-0.05, "fraction", "fi") == "−5,0\u00a0%-yks."
    assert change(-116.0, "EUR/resident/year", "en") == "-116\u00a0€"


def test_quotation_marks_are_each_languages_own_and_no_stray_ones() -> None:
    """English quotes as “this”, Finnish as ”tämä”; never a quote left stuck to a genitive
    (“As it is”'s) or a lone typographic apostrophe from pasted text."""
    for key, entry in TEXTS.items():
        english, finnish = entry["en"], entry["fi"]
        assert english.count("“") == english.count("”"), key
        assert "“" not in finnish and finnish.count("”") % 2 == 0, key
        for written in (english, finnish):
            assert not re.search(r"”['’]", written) and "’" not in written, key
            assert ": ”" not in written, key  # "verrattuna: ”…”" was a colon before a name


def test_a_change_too_small_to_show_is_a_plain_zero_and_no_verdict() -> None:
    from apps.planner_data import _status

    assert change(-0.00004, "fraction", "en") == "+0.0\u00a0pp"  # not "-0.0 pp"
    assert change(-0.004, "deaths/1000/year", "fi") == "+0,00"
    assert change(-0.2, "EUR/resident/year", "en") == "+0\u00a0€"
    one_run = {"change_low": math.nan, "change_high": math.nan}
    tiny = {"change": -0.00004, "unit": "fraction", **one_run}
    assert _status(tiny, "lower") == "no_clear_change"  # one run, nothing to see: no "better"
    shown = {"change": -0.002, "unit": "fraction", **one_run}  # -0.2 pp: the direction only
    assert _status(shown, "lower") == "better" and _status(shown, "higher") == "worse"
