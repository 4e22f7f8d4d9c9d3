"""From a path, a bundled name or a dict to a validated, frozen Scenario.

Steps: read YAML with line numbers -> resolve ``extends:`` (deep merge, child wins) ->
apply ``--set`` overrides by dotted path -> validate with the schema and the cross-checks,
collecting every problem before raising one ScenarioError.
"""

from __future__ import annotations

import difflib
import typing
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ekosim.arguments import check
from ekosim.catalogue import KPIS
from ekosim.scenario.errors import OVERRIDE, Problem, ScenarioError, override_source
from ekosim.scenario.schema import Scenario
from ekosim.scenario.yamlsource import Document, Path_, check_depth, parse_value, read_yaml_file

SCENARIO_DIR = Path(__file__).resolve().parents[3] / "scenarios"
MAX_EXTENDS_DEPTH = 10

# Other names of a section in an override path: DESIGN.md writes `--set alliance.gain_share`.
SECTION_ALIASES = {"alliance": "contract"}
DATA_SOURCE = "scenario data"  # where problems of a scenario given as a dict are located

Where = dict[Path_, tuple[str, int | None]]


class ScenarioWarning(UserWarning):
    """Something valid but seldom meant, located as ``FILE:LINE: path: problem``."""


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
    where: Where
    check("load_scenario", source=source, overrides=overrides)
    if isinstance(source, Scenario):
        data, where = source.model_dump(mode="python"), {(): (f"scenario {source.name!r}", None)}
    else:
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
    merged = _deep_merge(base, data)
    # a label names its scenario, as its name does: a child's replaces the parent's whole,
    # and a child with a name of its own and no label has none
    if "label" in data:
        merged["label"] = data["label"]
    elif data.get("name", base.get("name")) != base.get("name"):
        merged.pop("label", None)
    return merged, {**base_where, **where}


def _read(source: str | Path | Mapping[str, Any]) -> Document:
    if isinstance(source, Mapping):
        check_depth(source, DATA_SOURCE)
        return Document(dict(source), DATA_SOURCE)
    path = _locate(str(source), relative_to=None)
    if path is None:
        names = ", ".join(bundled_scenarios()) or "none"
        raise ScenarioError(
            [Problem(str(source), None, "", f"no such file or bundled scenario (bundled: {names})")]
        )
    return read_yaml_file(path)


def _locate(name: str, relative_to: str | None) -> Path | None:
    candidates = []
    if relative_to and Path(relative_to).is_file():
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
    """Set each dotted path to its value; a path through a non-mapping is a problem.

    Each override's problems are located at ``override PATH`` (``override_source``): the
    field it sets and the sections it creates. ``service.X`` sets the one service of the
    ``service:`` shorthand, whichever way the scenario wrote it."""
    data, where = _deep_merge(data, {}), dict(where)
    if "service" in data and "services" not in data:  # the shorthand, as the schema reads it
        data["services"] = {"service": data.pop("service")}
        where |= {("services", *k): v for k, v in where.items() if k[:1] == ("service",)}
        where.setdefault(("service",), where.get((), (DATA_SOURCE, None)))
    problems = []
    for dotted, value in overrides.items():
        file = override_source(str(dotted))
        parts = str(dotted).split(".")
        if not dotted or any(not part for part in parts):
            problems.append(Problem(file, None, str(dotted), "is not a dotted field path"))
            continue
        level = len(parts) - 1  # the value's own nesting counts from where it is set
        value = parse_value(value, file, level) if isinstance(value, str) else value
        check_depth(value, file, level)
        if parts[0] in SECTION_ALIASES:
            parts = [SECTION_ALIASES[parts[0]], *parts[1:]]
        if parts[0] == "service" and "service" not in data and _one_service(data):
            where.setdefault(("service",), (file, None))  # errors then name service.X
            parts = ["services", *parts]
        node = data
        for depth, part in enumerate(parts[:-1]):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
                where.setdefault(tuple(parts[: depth + 1]), (file, None))
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
            key = tuple(parts)
            where = {k: v for k, v in where.items() if k[: len(key)] != key}  # replaced
            where[key] = (file, None)
    if problems:
        raise ScenarioError(problems)
    return data, where


def _one_service(data: dict) -> bool:
    services = data.get("services")
    return isinstance(services, dict) and list(services) == ["service"]


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
    for line in booking_warnings(scenario, data, where):
        warnings.warn(line, ScenarioWarning, stacklevel=2)
    return scenario


def _schema_problems(error: ValidationError, data: dict, where: Where) -> list[Problem]:
    shorthand = any(k[:1] == ("service",) for k in where) and ("services",) not in where
    problems = []
    for item in error.errors(include_url=False):
        loc = _data_loc(item["loc"], data)
        message = _message(item, loc)
        if item["type"] == "missing":
            message += _new_entry_hint(loc, data, where)
        file, line = _position(loc, where)
        if shorthand and loc[:2] == ("services", "service"):
            loc = ("service", *loc[2:])
        path = _override_path(file, loc, item["type"]) or ".".join(str(part) for part in loc)
        if item["type"] == "missing":
            problems.append(Problem(file, line, path, message))
        else:
            problems.append(Problem(file, line, path, message, item["input"]))
    return problems


def _override_path(file: str, loc: Path_, kind: str) -> str | None:
    """The override's path as the user wrote it, for a problem with the field it sets, or an
    unknown section on its way there (``contrct`` of ``contrct.gain_share``)."""
    source, _, target = file.partition(" ")
    if source != OVERRIDE:
        return None
    parts = target.split(".")
    parts = [SECTION_ALIASES.get(parts[0], parts[0]), *parts[1:]]
    written = ("services", *parts) if parts[0] == "service" else tuple(parts)
    canonical = ("services", *loc) if loc[:1] == ("service",) else loc
    unknown_on_the_way = kind == "extra_forbidden" and written[: len(canonical)] == canonical
    return target if written == canonical or unknown_on_the_way else None


def _new_entry_hint(loc: Path_, data: dict, where: Where) -> str:
    """For a field missing in an entry an override created (``services.health_statoin``):
    the entry is new, and the existing one whose name is closest."""
    for end in range(1, len(loc)):
        source = where.get(loc[:end])
        if source is None or source[0].partition(" ")[0] != OVERRIDE:
            continue  # the outermost entry an override created comes first
        node: Any = data
        for part in loc[: end - 1]:
            node = node.get(part) if isinstance(node, dict) else None
        siblings = (
            [str(key) for key in node if key != loc[end - 1]] if isinstance(node, dict) else []
        )
        if not siblings:
            return ""
        guess = difflib.get_close_matches(str(loc[end - 1]), siblings, n=1)
        section = ".".join(map(str, loc[: end - 1])) or "the scenario"
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f" (the override makes a new '{loc[end - 1]}' in {section}{hint})"
    return ""


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
    """Where the value at ``loc`` was written; a section's problem (a check across its
    fields) is the last override's that set a field in it, if one did."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in where:
            source = where[loc[:end]]
            if loc and source[0].partition(" ")[0] != OVERRIDE:
                inside = [s for key, s in where.items() if key[: len(loc)] == loc]
                overrides = [s for s in inside if s[0].partition(" ")[0] == OVERRIDE]
                source = overrides[-1] if overrides else source
            return source
    files = {file for file, _ in where.values()}
    return (files.pop() if len(files) == 1 else DATA_SOURCE), None


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
        problems += _shared_booked_staff(data, services, where)
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
    care_24h = data.get("care_24h")
    known_providers = list(providers) if isinstance(providers, dict) else []
    housing = care_24h.get("provider") if isinstance(care_24h, dict) else None
    if housing is not None:
        checks.append((("care_24h", "provider"), housing, known_providers, "provider in providers"))
    unit = care_24h.get("unit") if isinstance(care_24h, dict) else None
    if isinstance(unit, dict) and isinstance(unit.get("provider"), str):
        checks.append(
            (
                ("care_24h", "unit", "provider"),
                unit["provider"],
                known_providers,
                "provider in providers",
            )
        )
    target = contract.get("target")
    scope = target.get("modelled_scope") if isinstance(target, dict) else None
    if isinstance(scope, list):
        known = scope_items(data, services)
        for index, item in enumerate(scope):
            checks.append(
                (("contract", "target", "modelled_scope", index), item, known, "modelled item")
            )
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


def scope_items(data: dict, services: Any) -> list[str]:
    """The names an alliance's ``contract.target.modelled_scope`` may list: services,
    ``channel.<name>``, ``care_24h`` (and ``care_24h.unit`` with a unit) and
    ``county_services.<item>`` of the scenario."""
    known = [str(name) for name in services] if isinstance(services, dict) else []
    channels = data.get("channels")
    if isinstance(channels, dict):
        known += [f"channel.{name}" for name, spec in channels.items() if isinstance(spec, dict)]
    if isinstance(data.get("care_24h"), dict):
        known.append("care_24h")
        if isinstance(data["care_24h"].get("unit"), dict):
            known.append("care_24h.unit")
    budget = data.get("budget")
    county = budget.get("county_services") if isinstance(budget, dict) else None
    if isinstance(county, dict):
        known += [f"county_services.{name}" for name in county]
    return known


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
    named += _booking_names(data, services, providers)
    problems = []
    for loc, value, allowed in named:
        choices = [str(n) for n in (allowed or services)]
        if value not in choices:
            what = {(): "service", NEEDS: "need", (*NEEDS, "default"): "need (or default)"}.get(
                allowed, "profession in the provider's staff"
            )
            guess = difflib.get_close_matches(value, choices, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(
                Problem(
                    *_position(loc, where), ".".join(map(str, loc)), f"no such {what}{hint}", value
                )
            )
    return problems


def _booking_names(data: dict, services: dict, providers: dict) -> list[tuple[tuple, str, tuple]]:
    """A booking's needs must be needs (or 'default') and each profession of its paths must be
    in the staff of the service's provider."""
    from ekosim.population.needs import NEEDS

    section = "services" if "services" in data else "service"
    named: list[tuple[tuple, str, tuple]] = []
    for name, service in services.items():
        booking = service.get("booking") if isinstance(service, dict) else None
        paths = booking.get("paths") if isinstance(booking, dict) else None
        if not isinstance(paths, dict):
            continue
        where_from = (section, name) if section == "services" else (section,)
        provider_name = service.get("provider")
        provider = providers.get(provider_name) if isinstance(provider_name, str) else None
        staff = provider.get("staff") if isinstance(provider, dict) else None
        professions = tuple(str(p) for p in staff) if isinstance(staff, dict) else ("",)
        for need, shares in paths.items():
            loc = (*where_from, "booking", "paths", need)
            named.append((loc, str(need), (*NEEDS, "default")))
            for path in shares if isinstance(shares, dict) and isinstance(provider, dict) else []:
                for step in str(path).split(">"):
                    named.append(((*loc, path), step, professions))
    return named


def booking_warnings(scenario: Scenario, data: dict, where: Where) -> list[str]:
    """``FILE:LINE: path: problem`` lines for bookings whose horizon is shorter than the care
    guarantee (contacts past the horizon wait unbooked: allowed, but seldom meant)."""
    limit = max(
        scenario.care_guarantee.limit_days_under_23, scenario.care_guarantee.limit_days_23_and_over
    )
    lines = []
    section = "services" if "services" in data else "service"
    for name, service in scenario.services.items():
        booking = service.booking
        if booking is None or booking.horizon_days >= limit:
            continue
        loc = (
            (section, name, "booking", "horizon_days")
            if section == "services"
            else (section, "booking", "horizon_days")
        )
        file, line = _position(loc, where)
        place = f"{file}:{line}" if line is not None else file
        lines.append(
            f"{place}: {'.'.join(loc)}: booking horizon {booking.horizon_days} days is shorter "
            f"than the care guarantee's {limit} days (contacts beyond it wait unbooked)"
        )
    return lines


def _shared_booked_staff(data: dict, services: dict, where: Where) -> list[Problem]:
    """A profession with a book works only in that book: no other service of its provider
    may name it (as ``profession`` or in another booking)."""
    section = "services" if "services" in data else "service"
    owner: dict[tuple[str, str], str] = {}  # (provider, profession) -> booked service
    for name, service in services.items():
        booking = service.get("booking") if isinstance(service, dict) else None
        paths = booking.get("paths") if isinstance(booking, dict) else None
        provider = service.get("provider") if isinstance(service, dict) else None
        if not isinstance(paths, dict) or not isinstance(provider, str):
            continue
        for shares in paths.values():
            for path in shares if isinstance(shares, dict) else []:
                for step in str(path).split(">"):
                    owner.setdefault((provider, step), str(name))
    problems = []
    for name, service in services.items():
        if not isinstance(service, dict) or not isinstance(service.get("provider"), str):
            continue
        for (provider, profession), booked in owner.items():
            if provider != service["provider"] or booked == str(name):
                continue
            booking = service.get("booking")
            paths = booking.get("paths") if isinstance(booking, dict) else None
            named = service.get("profession") == profession or (
                isinstance(paths, dict)
                and any(
                    profession in str(path).split(">")
                    for shares in paths.values()
                    if isinstance(shares, dict)
                    for path in shares
                )
            )
            if named:
                where_from = (section, name) if section == "services" else (section,)
                field = "profession" if service.get("profession") == profession else "booking"
                loc = (*where_from, field)
                problems.append(
                    Problem(
                        *_position(loc, where),
                        ".".join(map(str, loc)),
                        f"{provider}'s {profession} work in {booked}'s book; give this service "
                        "a profession of its own",
                        profession,
                    )
                )
    return problems
