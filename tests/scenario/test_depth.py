"""Deep nesting is refused before PyYAML (or the loader) recurses: flow and block style,
mappings and sequences, in files, uploads, override values and Python data; one line each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekosim.scenario import ScenarioError, load_scenario
from ekosim.scenario.yamlsource import MAX_DEPTH, parse_yaml


def flow_sequence(depth: int) -> str:
    return "[" * depth + "]" * depth


def flow_mapping(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def block_mapping(depth: int) -> str:
    """``depth`` nested block mappings under ``a:``, one more space of indent each."""
    lines = [" " * (i + 1) + f"k{i}:" for i in range(depth - 1)]
    return "\n" + "\n".join(lines) + "\n" + " " * depth + "k: 1"


def block_sequence(depth: int) -> str:
    """Compact nested block sequences: ``- - - x`` on one line."""
    return "\n  " + "- " * depth + "x"


STYLES = {
    "flow sequence": flow_sequence,
    "flow mapping": flow_mapping,
    "block mapping": block_mapping,
    "block sequence": block_sequence,
}
# Just over the limit, and deep enough that a recursive composer would hit Python's limit
# (block mappings stay under the 2 MB file limit: their indent grows with the depth).
DEPTHS = [MAX_DEPTH + 1, 1500, 5000]


def deep_text(style: str, depth: int) -> str:
    return "name: deep\nextends: tesoma-base\na: " + STYLES[style](depth) + "\n"


def one_depth_problem(error: ScenarioError) -> str:
    assert len(error.problems) == 1, str(error)
    line = str(error.problems[0])
    assert "\n" not in line and f"nested deeper than {MAX_DEPTH} levels" in line, line
    return line


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("style", STYLES)
def test_deep_files_are_refused_with_one_line(tmp_path: Path, style: str, depth: int) -> None:
    if style == "block mapping" and depth > 1500:
        pytest.skip("a 5,000-level block mapping is over the 2 MB file limit")
    path = tmp_path / "deep.yaml"
    path.write_text(deep_text(style, depth))
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert one_depth_problem(raised.value).startswith(f"{path}:")


@pytest.mark.parametrize("style", STYLES)
def test_deep_uploads_are_refused(style: str) -> None:
    """The planner's upload goes through ``parse_yaml``, as files do."""
    with pytest.raises(ScenarioError) as raised:
        parse_yaml(deep_text(style, 3000 if style != "block mapping" else 1500), "upload.yaml")
    assert one_depth_problem(raised.value).startswith("upload.yaml:")


@pytest.mark.parametrize("style", ["flow sequence", "flow mapping"])
@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_override_values_are_refused(style: str, depth: int) -> None:
    with pytest.raises(ScenarioError) as raised:
        load_scenario("tesoma-base", {"contract.gain_share": STYLES[style](depth)})
    assert one_depth_problem(raised.value).startswith("override contract.gain_share")


@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_python_data_is_refused(depth: int) -> None:
    value: object = 1
    for _ in range(depth):
        value = [value]
    with pytest.raises(ScenarioError) as raised:
        load_scenario("tesoma-base", {"contract.gain_share": value})
    one_depth_problem(raised.value)
    nested: dict = {"x": 1}
    for _ in range(depth):
        nested = {"a": nested}
    with pytest.raises(ScenarioError) as raised:
        load_scenario({"name": "deep", "extends": "tesoma-base", "deep": nested})
    one_depth_problem(raised.value)


def test_nesting_within_the_limit_is_not_a_depth_problem() -> None:
    text = "name: ok\nextends: tesoma-base\nnotes: " + flow_sequence(MAX_DEPTH - 2) + "\n"
    with pytest.raises(ScenarioError) as raised:
        load_scenario(parse_yaml(text, "ok.yaml").data)
    assert "nested deeper" not in str(raised.value)  # refused only as an unknown field
    assert "notes: unknown field" in str(raised.value)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "FILE"],
        ["run", "single-queue", "--years", "1", "--set", "demand.arrivals_per_day=" + "[" * 5000],
        ["run", "single-queue", "--set", "demand.arrivals_per_day=" + flow_mapping(5000)],
    ],
)
def test_the_command_line_refuses_deep_nesting_with_exit_2(tmp_path: Path, argv: list) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + flow_sequence(5000) + "\n")
    argv = [str(path) if part == "FILE" else part for part in argv]
    done = subprocess.run(
        [sys.executable, "-m", "ekosim.cli", *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"nested deeper than {MAX_DEPTH} levels" in lines[0], done.stderr


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["[", "{a: ", "- "]), min_size=MAX_DEPTH + 1, max_size=2000),
)
def test_any_mix_of_deep_collections_is_refused(openers: list[str]) -> None:
    """Flow and block openers mixed; a block sequence cannot follow a flow opener, so the
    block ones come first."""
    openers = sorted(openers, key=lambda o: o != "- ")
    closers = "".join({"[": "]", "{a: ": "}"}.get(o, "") for o in reversed(openers))
    text = "name: deep\na:\n  " + "".join(openers) + "1" + closers + "\n"
    with pytest.raises(ScenarioError) as raised:
        parse_yaml(text, "mix.yaml")
    one_depth_problem(raised.value)
