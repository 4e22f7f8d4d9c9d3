"""Hostile uploads: the planner's scenario upload and the well-being app's answers import
never read the server's files, never raise, and explain what was wrong."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("panel")

from apps.planner import PlannerState
from apps.wellbeing import WellbeingApp
from apps.wellbeing_texts import text
from ekosim.scenario import bundled_scenarios

ESCAPES = [
    "/etc/passwd",
    "../../../../etc/passwd",
    "../scenarios/tesoma-base",
    "../scenarios/tesoma-base.yaml",
    "~/.ssh/id_rsa",
    "file:///etc/passwd",
    "tesoma-base/../../etc/passwd",
    "\x00",
    "[tesoma-base]",
    "{a: 1}",
    "1",
]


@pytest.mark.parametrize("parent", ESCAPES)
def test_upload_cannot_extend_files_outside_the_bundled_scenarios(parent: str) -> None:
    app = PlannerState(years=1, replications=1)
    upload = f"name: sneaky\nextends: {json.dumps(parent)}\n" if parent != "\x00" else ""
    assert not app.load_upload(upload.encode() or b'name: x\nextends: "\\0"\n')
    assert app.problems and "must name a bundled scenario" in app.problems[0]
    assert app.base_scenario().name in bundled_scenarios()


def test_upload_of_a_collection_where_a_name_belongs_is_explained() -> None:
    app = PlannerState(years=1, replications=1)
    assert not app.load_upload(b"name: x\nextends: [tesoma-base]\n")
    assert "must name a bundled scenario" in app.problems[0]


def test_huge_or_bomb_uploads_are_refused() -> None:
    app = PlannerState(years=1, replications=1)
    assert not app.load_upload(b"name: x\n" + b"# padding\n" * 300_000)
    assert "larger than" in app.problems[0]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert not app.load_upload(bomb.encode())
    assert "too many nodes" in " ".join(app.problems)


def test_an_impossible_date_or_number_in_an_upload_is_explained_not_raised() -> None:
    app = PlannerState(years=1, replications=1)
    assert not app.load_upload(b"name: x\nextends: tesoma-base\nstart_date: 2020-13-01\n")
    assert app.problems == ["line 3: start_date: bad value: month must be in 1..12"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_upload_is_used_or_explained(content: bytes) -> None:
    app = PlannerState(years=1, replications=1)
    if not app.load_upload(content):
        assert app.problems and all(isinstance(p, str) for p in app.problems)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
answer_names = st.sampled_from(["age", "height_cm", "weight_kg", "smoker", "sex", "who5_1"])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(answer_names | st.text(max_size=6), json_values, max_size=4))
def test_any_answers_file_is_imported_or_explained(answers: dict) -> None:
    app = WellbeingApp(language="en")
    app.import_answers(json.dumps(answers).encode())
    if app.notice == text("imported", "en"):
        person = app.person
        numbers = [v for v in vars(person).values() if isinstance(v, float)]
        assert all(math.isfinite(v) for v in numbers)
    else:
        assert app.notice.startswith("The file could not be read")
        assert app.answers == {}  # nothing half-loaded


def test_deep_or_huge_answers_files_are_refused() -> None:
    app = WellbeingApp(language="en")
    app.import_answers(b"[" * 100_000 + b"]" * 100_000)
    assert app.notice.startswith("The file could not be read")
    app.import_answers(b'{"age": 40, "x": "' + b"y" * 200_000 + b'"}')
    assert "larger than" in app.notice
