"""The scenario reference (``docs/scenarios.md``), generated from the schema's declarations.

One row per field that holds a value: its dotted path (``<name>`` for a key the scenario
chooses, ``[i]`` for a list item), type, unit, default, allowed range and description. The
unit is the one the description names after its first comma ("Unit cost, EUR/contact."),
else "fraction" for shares and "-" for values without one.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ekosim.scenario.schema import Scenario, Section

HEADER = """# Scenario reference

Generated from `src/ekosim/scenario/schema.py` by `python scripts/gen_scenario_docs.py`; do not
edit by hand (`tests/scenario/test_reference.py` fails when this page is stale). A scenario is
YAML; `extends: NAME` inherits a bundled scenario or file, and `--set dotted.path=VALUE` (or
`load_scenario(name, {"dotted.path": value})`) overrides one field. In a path, `<name>` is a key
the scenario chooses (a service, provider, profession, NGO, need type or age band) and `[i]` an
item of a list. Shares are fractions from 0 to 1; the bundled scenarios in `scenarios/` carry
each number's source in a comment.
"""

UNIT_AFTER_COMMA = re.compile(r",\s*([^,()]{1,30}?)\s*(?:\(|\.\s|\.$|[;:]|$)")
UNIT_WORDS = re.compile(r"^(?!(?:.* )?\d+(?: |$))[\w%/-]+(?: [\w%/-]+){0,2}$")  # no bare number
NUMBER_TYPES = (int, float)


@dataclass(frozen=True)
class FieldRow:
    path: str
    type: str
    unit: str
    default: str
    range: str
    description: str


def field_rows(model: type[BaseModel] = Scenario, prefix: str = "") -> Iterator[FieldRow]:
    """Every value-holding field of ``model``, depth first in declaration order."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner, key_suffix = _container_item(info.annotation)
        if _is_section(inner):
            yield from field_rows(inner, f"{path}{key_suffix}.")
            continue
        yield FieldRow(
            path=path,
            type=type_name(info.annotation),
            unit=unit_of(info),
            default=_default(info),
            range=_range(info),
            description=" ".join((info.description or "").split()),
        )


def render() -> str:
    """The whole reference page, one table per top-level section."""
    sections: dict[str, list[FieldRow]] = {}
    for row in field_rows():
        top = row.path.split(".")[0] if "." in row.path else "scenario"
        sections.setdefault(top, []).append(row)
    parts = [HEADER]
    for top, rows in sections.items():
        parts.append(f"\n## `{top}`\n" if top != "scenario" else "\n## The scenario itself\n")
        doc = _section_doc(top)
        if doc:
            parts.append(f"\n{doc}\n")
        parts.append(
            "\n| field | type | unit | default | range | description |\n|---|---|---|---|---|---|\n"
        )
        parts.extend(
            f"| `{r.path}` | {r.type} | {r.unit} | {r.default} | {r.range} | "
            f"{_cell(r.description)} |\n"
            for r in rows
        )
    return "".join(parts)


def type_name(annotation: Any) -> str:
    """A reader's name for a type: 'float', 'int or none', 'map of name to fraction'."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin is Literal:
        return " \\| ".join(f"`{arg}`" for arg in args)
    if origin in (types.UnionType, typing.Union):
        kept = [type_name(arg) for arg in args if arg is not type(None)]
        return " or ".join(kept) + (" or none" if len(kept) < len(args) else "")
    if origin is dict:
        return f"map of name to {type_name(args[1])}"
    if origin is list:
        return f"list of {type_name(args[0])}"
    if annotation is dt.date:
        return "date"
    return getattr(annotation, "__name__", str(annotation))


def unit_of(info: FieldInfo) -> str:
    """The unit named after the description's first comma, else 'fraction' for a 0..1 number."""
    match = UNIT_AFTER_COMMA.search(info.description or "")
    if match and UNIT_WORDS.match(match.group(1)) and _is_number(info.annotation):
        return match.group(1)
    bounds = _bounds(info)
    if _is_number(info.annotation) and bounds.get("ge") == 0.0 and bounds.get("le") == 1.0:
        return "fraction"
    return "-"


def _container_item(annotation: Any) -> tuple[Any, str]:
    """The section a field holds, with the path suffix of a map key or list item."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (types.UnionType, typing.Union):
        kept = [arg for arg in args if arg is not type(None)]
        if len(kept) == 1:
            return _container_item(kept[0])
    if origin is dict and _is_section(args[1]):
        return args[1], ".<name>"
    if origin is list and _is_section(args[0]):
        return args[0], "[i]"
    return annotation, ""


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Section)


def _is_number(annotation: Any) -> bool:
    """Whether the field holds numbers (directly, optionally, or as a map's values)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _is_number(args[0])
    if origin in (types.UnionType, typing.Union):
        return any(_is_number(arg) for arg in args if arg is not type(None))
    if origin is dict:
        return _is_number(args[1])
    return annotation in NUMBER_TYPES


def _bounds(info: FieldInfo) -> dict[str, float]:
    """Numeric bounds of the field, or of its values when it is a map of numbers."""
    metadata = list(info.metadata)
    for arg in _value_annotations(info.annotation):
        for item in typing.get_args(arg)[1:]:
            metadata.extend(getattr(item, "metadata", []))
    bounds: dict[str, float] = {}
    for item in metadata:
        for kind in ("ge", "gt", "le", "lt"):
            value = getattr(item, kind, None)
            if value is not None:
                bounds[kind] = float(value)
    return bounds


def _value_annotations(annotation: Any) -> Iterator[Any]:
    """Annotated[...] types inside a field's type (a Share among a map's values, say)."""
    if typing.get_origin(annotation) is typing.Annotated:
        yield annotation
    for arg in typing.get_args(annotation):
        if typing.get_origin(annotation) is not typing.Annotated:
            yield from _value_annotations(arg)


def _range(info: FieldInfo) -> str:
    bounds = _bounds(info)
    low = _number(bounds["ge"]) + " ≤" if "ge" in bounds else None
    low = _number(bounds["gt"]) + " <" if "gt" in bounds else low
    high = "≤ " + _number(bounds["le"]) if "le" in bounds else None
    high = "< " + _number(bounds["lt"]) if "lt" in bounds else high
    lengths = [
        f"at most {item.max_length} items"
        for item in info.metadata
        if isinstance(item, annotated_types.MaxLen) and typing.get_origin(info.annotation) is list
    ]
    if low or high:
        return " ".join(part for part in (low, "x", high) if part)
    return lengths[0] if lengths else "-"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    elif info.default is PydanticUndefined:
        return "required"
    else:
        value = info.default
    return f"`{_flow(value)}`"


def _flow(value: Any) -> str:
    """A value as YAML flow text: none, true, {0-14: 0.16}, [a, b]."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if value == "":
        return '""'

    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return str(value)


def _section_doc(top: str) -> str:
    info = Scenario.model_fields.get(top)
    if info is None:
        return ""
    section, _ = _container_item(info.annotation)
    own = " ".join((info.description or "").split())
    doc = " ".join((section.__doc__ or "").split()) if _is_section(section) else ""
    if doc.startswith("A strict, frozen part"):
        doc = ""
    return " ".join(part for part in (own, doc) if part)


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or "-"
