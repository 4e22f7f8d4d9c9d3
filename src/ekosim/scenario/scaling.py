"""A scenario moved to another number of residents: the area's own amounts scale with it.

Capacities, staff posts, volunteers, opening hours, waiting lists and yearly money amounts
(target cost, fees, fixed price, KPI pool, grants) belong to the whole area, so a Tesoma-like
area of 3,000 residents gets 3,000/23,000 of each; rates per resident, per contact or per
client stay as they are. The area amounts are recognised by their unit in the schema.
"""

from __future__ import annotations

from typing import Any

from ekosim.arguments import check
from ekosim.scenario.errors import OVERRIDE, ScenarioError, relabelled
from ekosim.scenario.loader import load_scenario
from ekosim.scenario.reference import field_rows
from ekosim.scenario.schema import Scenario

# Units (as docs/scenarios.md gives them) of amounts that belong to the whole area.
AREA_UNITS = frozenset(
    {
        "contacts/day",
        "contacts",
        "orders/day",
        "visits/day",
        "persons",
        "full-time equivalents",
        "hours",
        "hours a week",
        "EUR/year",
        "area places",
    }
)


def area_fields() -> list[tuple[str, bool]]:
    """(dotted path pattern, holds an integer) of every area amount but the size itself."""
    return [
        (row.path, row.type.startswith("int"))
        for row in field_rows()
        if row.unit in AREA_UNITS and row.path != "population.size"
    ]


def scaled(scenario: Scenario, residents: int) -> Scenario:
    """``scenario`` for ``residents`` residents, its area amounts scaled in proportion.

    Whole numbers are rounded and never scaled to zero from a positive value (a service
    keeps at least one post and one appointment a day).
    """
    check("scaled", scenario=scenario, residents=residents)
    factor = residents / scenario.population.size
    data = scenario.model_dump(mode="python")
    overrides: dict[str, Any] = {"population.size": residents}
    for pattern, integer in area_fields():
        for path, value in _values(data, pattern.split(".")):
            if value:
                new = value * factor
                overrides[path] = max(1, round(new)) if integer else new
    try:
        return load_scenario(scenario, overrides)
    except ScenarioError as error:  # the user never wrote these overrides: scaling did
        raise relabelled(error, OVERRIDE, scaling_source(residents), keep_target=False) from None


def scaling_source(residents: int) -> str:
    """Where problems caused by scaling are located (``--population N`` on the command line)."""
    return f"scaled to {residents} residents"


def _values(node: Any, parts: list[str], prefix: str = "") -> list[tuple[str, Any]]:
    """The concrete (path, value) pairs of a path pattern with ``<name>`` keys."""
    if not parts:
        return [(prefix.rstrip("."), node)]
    if not isinstance(node, dict):
        return []
    head, rest = parts[0], parts[1:]
    keys = list(node) if head == "<name>" else [head] if head in node else []
    return [pair for key in keys for pair in _values(node[key], rest, f"{prefix}{key}.")]
