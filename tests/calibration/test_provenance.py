"""The bundled scenarios' fitted values carry their calibration's provenance.

A number whose comment says ``fitted: calibration/SPEC.yaml, DATE, study NAME, N trials,
distance D`` must name a spec that exists, fits that parameter, and whose range contains it;
``... x F, fitted: ...`` is a fitted value scaled by F to another area (the county's staff:
tesoma-base's per resident), checked as value / F. Every parameter a spec fits carries such
a comment in the spec's base scenario, so a hand edit that moves a fitted number out of its
spec's range or drops its provenance fails here.
"""

from __future__ import annotations

import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ekosim.calibration.search import study_name
from ekosim.calibration.spec import CalibrationSpec, load_spec
from ekosim.scenario import bundled_scenarios
from ekosim.scenario.yamlsource import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
FITTED = re.compile(
    r"(?:x (?P<factor>\d+(?:\.\d+)?), )?fitted: (?P<spec>calibration/[\w.-]+\.yaml), "
    r"(?P<date>\d{4}-\d{2}-\d{2}), study (?P<study>[\w.-]+), (?P<trials>\d+) trials, "
    r"distance (?P<distance>\d+(?:\.\d+)?)"
)


@functools.cache
def spec_at(path: Path) -> CalibrationSpec:
    return load_spec(path)


@functools.cache
def current_study(path: Path) -> str:
    return study_name(spec_at(path))


@dataclass(frozen=True)
class Fitted:
    scenario: str
    line: int
    path: str
    value: float
    spec: str
    study: str
    factor: float


def comment_at(lines: list[str], number: int) -> str:
    """The comment of line ``number`` (1-based) and its continuation lines: the comment-only
    lines below whose ``#`` stands in the same column."""
    text = lines[number - 1]
    column = text.find("#")
    if column < 0:
        return ""
    parts = [text[column + 1 :].strip()]
    for below in lines[number:]:
        if below.strip().startswith("#") and below.find("#") == column:
            parts.append(below[column + 1 :].strip())
        else:
            break
    return " ".join(parts)


def fitted_values(scenario: Path) -> tuple[list[Fitted], list[str]]:
    """Every number commented as fitted, and the comments that say fitted but do not parse."""
    document = read_yaml_file(scenario)
    lines = scenario.read_text().splitlines()
    found, malformed = [], []
    for path, number in sorted(document.lines.items(), key=lambda item: item[1]):
        value = document.data
        for part in path:
            value = value[part]
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        comment = comment_at(lines, number)
        if "fitted:" not in comment:
            continue
        match = FITTED.search(comment)
        dotted = ".".join(map(str, path))
        if match is None:
            malformed.append(f"{scenario.name}:{number}: {dotted}: {comment}")
            continue
        factor = float(match["factor"]) if match["factor"] else 1.0
        found.append(
            Fitted(scenario.name, number, dotted, float(value), match["spec"], match["study"],
                   factor)
        )  # fmt: skip
    return found, malformed


def spec_parameter(spec: CalibrationSpec, fitted: Fitted) -> str | None:
    """The spec's parameter the value comes from: the same path, or for a value scaled to
    another area the same field of another provider (``...staff.doctor.posts``)."""
    if fitted.path in spec.parameters:
        return fitted.path
    tail = fitted.path.split(".")[-3:]
    same = [p for p in spec.parameters if p.split(".")[-3:] == tail]
    return same[0] if fitted.factor != 1.0 and len(same) == 1 else None


def provenance_problems(scenarios: dict[str, Path], root: Path = ROOT) -> list[str]:
    problems: list[str] = []
    specs: dict[str, CalibrationSpec] = {}
    claimed: set[tuple[str, str, str]] = set()  # (scenario, path, spec)
    for scenario in scenarios.values():
        found, malformed = fitted_values(scenario)
        problems += [f"{m}: a fitted comment needs {FITTED.pattern}" for m in malformed]
        for fitted in found:
            where = f"{fitted.scenario}:{fitted.line}: {fitted.path}"
            if not (root / fitted.spec).is_file():
                problems.append(f"{where}: {fitted.spec} does not exist")
                continue
            spec = specs.setdefault(fitted.spec, spec_at(root / fitted.spec))
            parameter = spec_parameter(spec, fitted)
            if parameter is None:
                problems.append(f"{where}: {fitted.spec} does not fit this parameter")
                continue
            claimed.add((Path(fitted.scenario).stem, parameter, fitted.spec))
            bounds = spec.parameters[parameter]
            value = fitted.value / fitted.factor
            if not bounds.low <= value <= bounds.high:  # type: ignore[operator]
                problems.append(
                    f"{where}: {value:g} is outside {fitted.spec}'s range "
                    f"{bounds.low:g}..{bounds.high:g} of {parameter}"
                )
            study = current_study(root / fitted.spec)
            if fitted.study != study:
                problems.append(
                    f"{where}: study {fitted.study} is not the one {fitted.spec} runs now "
                    f"({study}): the spec or its targets changed since the fit; rerun "
                    f"ekosim calibrate {fitted.spec} and write the values it finds"
                )
    for spec_file in sorted((root / "calibration").glob("*.yaml")):
        if spec_file.name == "targets.yaml":
            continue
        spec = specs.setdefault(f"calibration/{spec_file.name}", spec_at(spec_file))
        base = Path(spec.experiment()._scenario_source()).stem
        if base not in scenarios:
            continue
        for parameter in spec.parameters:
            if (base, parameter, f"calibration/{spec_file.name}") not in claimed:
                problems.append(
                    f"{base}.yaml: {parameter}: fitted by calibration/{spec_file.name} but "
                    "carries no 'fitted: calibration/...' comment"
                )
    return problems


def test_the_bundled_scenarios_carry_their_fitted_values_provenance() -> None:
    assert provenance_problems(bundled_scenarios()) == []


def test_both_calibrated_scenarios_carry_fitted_values() -> None:
    for name in ("tesoma-base", "pirkanmaa"):
        found, _ = fitted_values(bundled_scenarios()[name])
        assert {f.spec for f in found} == {"calibration/tesoma.yaml", "calibration/pirkanmaa.yaml"}


@pytest.fixture
def copies(tmp_path: Path) -> dict[str, Path]:
    """The two calibrated scenarios copied, to be edited by hand."""
    out = {}
    for name in ("tesoma-base", "pirkanmaa"):
        out[name] = Path(shutil.copy(bundled_scenarios()[name], tmp_path / f"{name}.yaml"))
    return out


def fitted_block(path: Path, key: str) -> str:
    """The first line of ``key`` whose value is commented as fitted, with its comment's
    continuation lines."""
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(f"{key}:") and "fitted:" in comment_at(lines, number):
            column = line.find("#")
            rest = []
            for below in lines[number:]:
                if below.strip().startswith("#") and below.find("#") == column:
                    rest.append(below)
                else:
                    break
            return "\n".join([line, *rest]) + "\n"
    raise AssertionError(f"no fitted {key} in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))


def with_value(block: str, value: str) -> str:
    key, rest = block.split(":", 1)
    old = rest.split("#")[0].strip()  # the comment keeps its column (its lines stay one)
    return f"{key}:{rest.replace(old, value.ljust(len(old)), 1)}"


def test_a_fitted_value_moved_out_of_its_specs_range_fails(copies: dict[str, Path]) -> None:
    block = fitted_block(copies["tesoma-base"], "contacts_per_resident_year")
    edit(copies["tesoma-base"], block, with_value(block, "7.5"))
    (problem,) = provenance_problems(copies)
    assert problem.startswith("tesoma-base.yaml:")
    assert "demand.contacts_per_resident_year: 7.5 is outside calibration/tesoma.yaml's" in problem


def test_a_scaled_value_is_checked_per_area(copies: dict[str, Path]) -> None:
    block = fitted_block(copies["pirkanmaa"], "posts")  # the first: the doctors
    edit(copies["pirkanmaa"], block, with_value(block, "500"))
    (problem,) = provenance_problems(copies)
    assert "providers.pirha.staff.doctor.posts: 22.3214 is outside" in problem


def test_a_dropped_provenance_fails(copies: dict[str, Path]) -> None:
    block = fitted_block(copies["pirkanmaa"], "function_threshold")
    edit(copies["pirkanmaa"], block, block.split("#")[0] + "# assumption\n")
    assert provenance_problems(copies) == [
        "pirkanmaa.yaml: home_care.function_threshold: fitted by calibration/pirkanmaa.yaml "
        "but carries no 'fitted: calibration/...' comment"
    ]


def test_a_fitted_value_must_name_an_existing_spec(copies: dict[str, Path]) -> None:
    block = fitted_block(copies["tesoma-base"], "function_threshold")
    gone = block.replace("calibration/pirkanmaa.yaml", "calibration/gone.yaml")
    edit(copies["tesoma-base"], block, gone)
    (problem,) = provenance_problems(copies)
    assert problem.endswith("home_care.function_threshold: calibration/gone.yaml does not exist")


def test_a_malformed_fitted_comment_fails(copies: dict[str, Path]) -> None:
    block = fitted_block(copies["tesoma-base"], "contacts_per_resident_year")
    edit(copies["tesoma-base"], block, block.replace(", 30 trials", ""))
    found = provenance_problems(copies)
    assert len(found) == 2  # the comment does not parse, so the spec's parameter has none
    assert "demand.contacts_per_resident_year" in found[0] and "a fitted comment needs" in found[0]


def test_a_changed_spec_asks_for_a_new_fit(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "calibration", tmp_path / "calibration")
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    spec = tmp_path / "calibration" / "tesoma.yaml"
    edit(spec, "{low: 4.5, high: 6.5}", "{low: 4.5, high: 6.4}")  # still holds 5.81
    scenarios = {n: tmp_path / "scenarios" / f"{n}.yaml" for n in ("tesoma-base", "pirkanmaa")}
    found = provenance_problems(scenarios, root=tmp_path)
    assert len(found) == 8  # four values in each scenario
    assert all("is not the one calibration/tesoma.yaml runs now" in p for p in found)
