"""Hostile values in scenario files: refused with FILE:LINE, the field and a reason, never a
traceback; absurd populations with the memory they would need."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.scenario import ScenarioError, load_scenario
from ekosim.scenario.schema import BYTES_PER_RESIDENT

NUMERIC_FIELDS = [
    ("population", "size"),
    ("channels", "digital_share"),
    ("demand", "contacts_per_resident_year"),
    ("contract", "gain_share"),
]
HOSTILE_VALUES = [
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "-1e400",
    "99999999999999999999999999999999999999",
    "-7",
    "'12'",
    "twelve",
    "[1, 2]",
    "{a: 1}",
    "null",
    "0x7fffffffffffffff",
    "!!binary aGVsbG8=",
    "2026-01-01",
]


def scenario_file(tmp_path: Path, section: str, field: str, value: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(f"name: hostile\nextends: tesoma-alliance\n{section}:\n  {field}: {value}\n")
    return path


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize(("section", "field"), NUMERIC_FIELDS)
def test_hostile_numbers_are_refused_at_their_line(
    tmp_path: Path, section: str, field: str, value: str
) -> None:
    path = scenario_file(tmp_path, section, field, value)
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert any(
        str(problem).startswith(f"{path}:4: {section}.{field}: ")
        for problem in raised.value.problems
    ), str(raised.value)


@pytest.mark.parametrize(
    ("size", "memory"),
    [(2_000_000_000, "720.0 GB"), (5_000_001, "1.8 GB"), (10**15, "360 PB")],
)
def test_absurd_populations_are_refused_with_the_memory_they_would_need(
    tmp_path: Path, size: int, memory: str
) -> None:
    path = scenario_file(tmp_path, "population", "size", str(size))
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert f"population {size:,} would need about {memory} of memory" in str(raised.value)


def test_memory_estimate_covers_a_measured_run() -> None:
    """BYTES_PER_RESIDENT is at least what a month of tesoma-alliance really allocates."""
    import tracemalloc

    from ekosim.model import EcosystemModel

    residents = 20_000
    scenario = load_scenario("tesoma-alliance", {"population.size": residents})
    # the compiled kernels load (or compile) once a process, outside what a resident costs
    EcosystemModel(load_scenario("tesoma-alliance", {"population.size": 500}), rng=0).run_for(2)
    tracemalloc.start()
    try:
        EcosystemModel(scenario, rng=0).run_for(30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 0.5 * BYTES_PER_RESIDENT < peak / residents <= BYTES_PER_RESIDENT


def test_merge_key_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 {x: 1, y: 2}"]
    levels += [
        f"a{i}: &a{i} {{<<: *a{i - 1}, l: [*a{i - 1}, *a{i - 1}, *a{i - 1}]}}" for i in range(1, 25)
    ]
    path = tmp_path / "bomb.yaml"
    path.write_text("name: bomb\n" + "\n".join(levels) + "\n")
    started = time.process_time()
    with pytest.raises(ScenarioError, match="too many nodes"):
        load_scenario(path)
    assert time.process_time() - started < 5


def test_explicit_keys_override_merged_ones(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text(
        "name: merge\nextends: tesoma-base\n"
        "defaults: &d {capacity_per_day: 10, open_days_per_week: 5}\n"
    )
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    problems = str(raised.value)
    assert "duplicate" not in problems and "merge.yaml:3: defaults: unknown field" in problems
    path.write_text(
        "name: merge\nextends: tesoma-base\nchannels:\n"
        "  phone: &phone {capacity_per_day: 10, resolution_rate: 0.3, provider: mehilainen}\n"
        "  walk_in: {<<: *phone, capacity_per_day: 20}\n"
    )
    walk_in = load_scenario(path).channels.walk_in
    assert walk_in is not None and walk_in.capacity_per_day == 20


def test_python_tags_are_not_executed(tmp_path: Path) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text("name: !!python/object/apply:os.system ['touch pwned']\nextends: tesoma-base\n")
    with pytest.raises(ScenarioError, match=r"tag\.yaml:1: name: "):
        load_scenario(path)  # the tag is ignored: a plain list, refused as a name
    assert not Path("pwned").exists()


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(NUMERIC_FIELDS),
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.text(max_size=10),
        st.booleans(),
    ),
)
def test_any_value_in_a_numeric_field_loads_or_names_the_field(field: tuple, value: object) -> None:
    section, name = field
    try:
        load_scenario("tesoma-alliance", {f"{section}.{name}": value})
    except ScenarioError as error:
        assert any(f"{section}.{name}" in str(problem) for problem in error.problems)
