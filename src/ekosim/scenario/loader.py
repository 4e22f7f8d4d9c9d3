"""From a path, a bundled name or a dict to a validated, frozen Scenario.

Steps: read YAML with line numbers -> resolve ``extends:`` (deep merge, child wins) ->
apply ``--set`` overrides by dotted path -> validate with the schema and the cross-checks,
collecting every problem before raising one ScenarioError.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ekosim.catalogue import KPIS
from ekosim.scenario.errors import Problem, ScenarioError
from ekosim.scenario.schema import Scenario
from ekosim.scenario.yamlsource import Document, Path_, read_yaml_file

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios"
MAX_EXTENDS_DEPTH = 10

Where = dict[Path_, tuple[str, int | None]]


def bundled_scenarios() -> dict[str, Path]:
    """Bundled scenario names and their files."""
    if not SCENARIO_DIR.is_dir():
        return {}
    return {path.stem: path for path in sorted(SCENARIO_DIR.glob("*.yaml"))}


def load_scenario(
    source: str | Path | Mapping[str, Any] | Scenario,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Load and validate a scenario from a path, a bundled name, a dict or a Scenario.

    ``overrides`` maps dotted paths to values, e.g. ``{"contract.gain_share": 0.4}``; string
    values are read as YAML scalars, so ``"0.4"`` is the number 0.4.
    """
    if isinstance(source, Scenario):
        source = source.model_dump(mode="python")
    data, where = _resolve(source, chain=())
    data, where = apply_overrides(data, where, overrides or {})
    return validate(data, where)


def raw_scenario(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """The scenario as plain data after ``extends:`` is resolved, before validation."""
    return _resolve(source, chain=())[0]


def _resolve(source: str | Path | Mapping[str, Any], chain: tuple[str, ...]) -> tuple[dict, Where]:
    document = _read(source)
    data = dict(document.data)
    where: Where = {(): (document.file, None)}  # the file itself, e.g. for a missing field
    where |= {path: (document.file, line) for path, line in document.lines.items()}
    parent = data.pop("extends", None)
    if parent is None:
        return data, where
    line = document.lines.get(("extends",))
    if not isinstance(parent, str):
        raise ScenarioError(
            [Problem(document.file, line, "extends", "must be a scenario name or path", parent)]
        )
    parent_path = _locate(parent, relative_to=document.file)
    if parent_path is None:
        raise ScenarioError([Problem(document.file, line, "extends", "no such scenario", parent)])
    key = str(parent_path.resolve())
    if key in chain or len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            [
                Problem(
                    document.file, line, "extends", "scenarios extend each other in a cycle", parent
                )
            ]
        )
    base, base_where = _resolve(parent_path, (*chain, key))
    return _deep_merge(base, data), {**base_where, **where}


def _read(source: str | Path | Mapping[str, Any]) -> Document:
    if isinstance(source, Mapping):
        return Document(dict(source), "<dict>")
    path = _locate(str(source), relative_to=None)
    if path is None:
        names = ", ".join(bundled_scenarios()) or "none"
        raise ScenarioError(
            [Problem(str(source), None, "", f"no such file or bundled scenario (bundled: {names})")]
        )
    return read_yaml_file(path)


def _locate(name: str, relative_to: str | None) -> Path | None:
    candidates = []
    if relative_to and not relative_to.startswith("<"):
        here = Path(relative_to).parent
        candidates += [here / name, here / f"{name}.yaml"]
    candidates += [Path(name)]
    bundled = bundled_scenarios()
    if name in bundled:
        candidates.append(bundled[name])
    return next((path for path in candidates if path.is_file()), None)


def _deep_merge(base: dict, child: dict) -> dict:
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def apply_overrides(data: dict, where: Where, overrides: Mapping[str, Any]) -> tuple[dict, Where]:
    """Set each dotted path to its value; a path through a non-mapping is a problem."""
    data, where = _deep_merge(data, {}), dict(where)
    problems = []
    for number, (dotted, value) in enumerate(overrides.items(), start=1):
        file = f"--set {dotted}"
        parts = dotted.split(".")
        if not dotted or any(not part for part in parts):
            problems.append(Problem(file, None, dotted, "is not a dotted field path"))
            continue
        if isinstance(value, str):
            value = _yaml_scalar(value)
        node = data
        for depth, part in enumerate(parts[:-1]):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            elif not isinstance(child, dict):
                problems.append(
                    Problem(file, None, ".".join(parts[: depth + 1]), "is not a section", child)
                )
                break
            else:
                child = node[part] = dict(child)
            node = child
        else:
            node[parts[-1]] = value
            where[tuple(parts)] = ("--set", number)
    if problems:
        raise ScenarioError(problems)
    return data, where


def _yaml_scalar(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else text
    except yaml.YAMLError:
        return text


def validate(data: dict, where: Where) -> Scenario:
    problems = [*_cross_checks(data, where)]
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = [*_schema_problems(error, data, where), *problems]
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    return scenario


def _schema_problems(error: ValidationError, data: dict, where: Where) -> list[Problem]:
    shorthand = "service" in data and "services" not in data
    problems = []
    for item in error.errors(include_url=False):
        loc = _data_loc(item["loc"], data)
        if shorthand and loc[:2] == ("services", "service"):
            loc = ("service", *loc[2:])
        file, line = _position(loc, where)
        path = ".".join(str(part) for part in loc)
        message = _message(item, loc)
        if item["type"] == "missing":
            problems.append(Problem(file, line, path, message))
        else:
            problems.append(Problem(file, line, path, message, item["input"]))
    return problems


def _data_loc(loc: tuple, data: Any) -> Path_:
    """Pydantic's error location without the union members' names it adds, keeping every
    part that is a key in the data (a user's key may look like one, e.g. 'int' or '0[')."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            node = node[part]
        elif _is_union_tag(part):
            continue
        else:
            node = None
        kept.append(part)
    return tuple(kept)


def _is_union_tag(part: object) -> bool:
    """Pydantic adds the member type's name to the loc of a union error, e.g. 'float'."""
    return isinstance(part, str) and (
        part in {"float", "int", "str", "bool", "none"} or part.endswith("Spec") or "[" in part
    )


def _message(item: Any, loc: Path_) -> str:
    kind = item["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = _known_fields(loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f"unknown field{hint}"
    text = str(item["msg"])
    text = text.removeprefix("Value error, ")
    return text[:1].lower() + text[1:]


def _known_fields(loc: Path_) -> list[str]:
    """The field names the schema allows at a path (empty where it is a free mapping)."""
    model: Any = Scenario
    for part in loc:
        model = _field_model(model, part)
        if model is None:
            return []
    return list(model.model_fields) if _is_model(model) else []


def _field_model(model: Any, part: str | int) -> Any:
    if _is_model(model):
        field = model.model_fields.get(str(part))
        return _unwrap(field.annotation) if field else None
    origin = typing.get_origin(model)
    if origin in (dict, list):
        return _unwrap(typing.get_args(model)[-1])
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated to reach the model or container inside."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, type(int | None)):
        members = [arg for arg in args if arg is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else annotation
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(args[0])
    return annotation


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _position(loc: Path_, where: Where) -> tuple[str, int | None]:
    for end in range(len(loc), -1, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    files = {file for file, _ in where.values()}
    return (files.pop() if len(files) == 1 else "<scenario>"), None


def _cross_checks(data: dict, where: Where) -> list[Problem]:
    """Checks that span sections, run on the raw data so they add to the schema's problems."""
    problems = []
    providers = data.get("providers")
    services = data.get("services") or ({"service": data["service"]} if "service" in data else {})
    if isinstance(providers, dict) and isinstance(services, dict):
        for name, service in services.items():
            provider = service.get("provider") if isinstance(service, dict) else None
            if isinstance(provider, str) and provider not in providers:
                loc = (("services", name) if "services" in data else ("service",)) + ("provider",)
                guess = difflib.get_close_matches(provider, [str(p) for p in providers], n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else ""
                problems.append(
                    Problem(
                        *_position(loc, where),
                        ".".join(loc),
                        f"no such provider in providers{hint}",
                        provider,
                    )
                )
    if isinstance(services, dict):
        problems += _unknown_service_names(data, services, where)
    return [*problems, *_contract_checks(data, where, services, providers)]


def _contract_checks(data: dict, where: Where, services: Any, providers: Any) -> list[Problem]:
    """Names the contract, specialist care and NGOs refer to: KPIs, partners, services, areas."""
    contract = data.get("contract")
    if not isinstance(contract, dict):
        contract = {}
    specialist = data.get("specialist_care")
    partners = [
        name
        for name, spec in (providers.items() if isinstance(providers, dict) else [])
        if not (isinstance(spec, dict) and spec.get("kind") == "public")
    ]
    checks: list[tuple[Path_, Any, list[str], str]] = []
    kpis = contract.get("kpis")
    for index, kpi in enumerate(kpis if isinstance(kpis, list) else []):
        if isinstance(kpi, dict) and isinstance(kpi.get("name"), str):
            checks.append((("contract", "kpis", index, "name"), kpi["name"], list(KPIS), "KPI"))
    shares = contract.get("nop_shares")
    for name in shares if isinstance(shares, dict) else []:
        checks.append((("contract", "nop_shares", name), name, partners, "non-owner partner"))
    referrals = specialist.get("referral_share") if isinstance(specialist, dict) else None
    for name in referrals if isinstance(referrals, dict) else []:
        known = list(services) if isinstance(services, dict) else []
        checks.append((("specialist_care", "referral_share", name), name, known, "service"))
    population, ngos = data.get("population"), data.get("ngos")
    areas = population.get("areas") if isinstance(population, dict) else None
    known_areas = list(areas) if isinstance(areas, dict) else []
    for ngo, spec in ngos.items() if isinstance(ngos, dict) else []:
        served = spec.get("areas") if isinstance(spec, dict) else None
        for index, area in enumerate(served if isinstance(served, list) else []):
            checks.append(
                (("ngos", ngo, "areas", index), area, known_areas, "area in population.areas")
            )
    problems = []
    for loc, name, known, what in checks:
        if name not in known:
            guess = difflib.get_close_matches(str(name), known, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(
                Problem(
                    *_position(loc, where), ".".join(map(str, loc)), f"no such {what}{hint}", name
                )
            )
    return problems


def _unknown_service_names(data: dict, services: dict, where: Where) -> list[Problem]:
    """Routes and referrals must name services (and needs) that exist."""
    from ekosim.population.needs import NEEDS  # lazily: population imports the schema

    named: list[tuple[tuple, str, tuple[str, ...]]] = []
    routing = data.get("routing")
    if isinstance(routing, dict):
        for need, shares in routing.items():
            named.append((("routing", need), str(need), NEEDS))
            if isinstance(shares, dict):
                named += [(("routing", need, target), str(target), ()) for target in shares]
    section = "services" if "services" in data else "service"
    for name, service in services.items():
        referrals = service.get("referrals") if isinstance(service, dict) else None
        if isinstance(referrals, dict):
            where_from: tuple = (section, name) if section == "services" else (section,)
            named += [((*where_from, "referrals", t), str(t), ()) for t in referrals]
    for section_name, field in (
        ("home_care", "service"),
        ("continuity", "service"),
        ("care_guarantee", "t3_service"),
    ):
        part = data.get(section_name)
        if isinstance(part, dict) and isinstance(part.get(field), str):
            named.append(((section_name, field), part[field], ()))
    providers = data.get("providers")
    if not isinstance(providers, dict):
        providers = {}
    for name, service in services.items():
        if not isinstance(service, dict) or not isinstance(service.get("profession"), str):
            continue
        provider_name = service.get("provider")
        provider = providers.get(provider_name) if isinstance(provider_name, str) else None
        if not isinstance(provider, dict):
            continue  # an unknown provider is reported on its own
        staff = provider.get("staff")
        professions = tuple(staff) if isinstance(staff, dict) else ("",)
        where_from = (section, name) if section == "services" else (section,)
        named.append(((*where_from, "profession"), service["profession"], professions))
    problems = []
    for loc, value, allowed in named:
        choices = [str(n) for n in (allowed or services)]
        if value not in choices:
            what = {(): "service", NEEDS: "need"}.get(allowed, "profession in the provider's staff")
            guess = difflib.get_close_matches(value, choices, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(
                Problem(
                    *_position(loc, where), ".".join(map(str, loc)), f"no such {what}{hint}", value
                )
            )
    return problems
