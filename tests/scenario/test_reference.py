"""docs/scenarios.md documents every schema field and is regenerated when the schema changes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from ekosim.scenario.reference import field_rows, render, type_name, unit_of
from ekosim.scenario.schema import Share

PAGE = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
ROWS = list(field_rows())


@pytest.mark.parametrize("row", ROWS, ids=[row.path for row in ROWS])
def test_every_field_is_documented_with_a_unit(row) -> None:
    assert row.description, f"{row.path}: add Field(description=...) in scenario/schema.py"
    numeric = row.type.startswith(("int", "float", "map of name to float"))
    assert not numeric or row.unit != "-", (
        f"{row.path}: name the unit after a comma in its description ('Unit cost, EUR/contact.')"
    )


def test_page_is_up_to_date() -> None:
    text = render()
    page = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    diff = "".join(
        difflib.unified_diff(
            page.splitlines(keepends=True), text.splitlines(keepends=True), "docs", "schema", n=0
        )
    )
    assert page == text, (
        f"docs/scenarios.md is stale: run python scripts/gen_scenario_docs.py\n{diff}"
    )


def test_page_names_every_field() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert [row.path for row in ROWS if f"`{row.path}`" not in page] == []


def test_units_types_and_ranges_are_read_from_declarations() -> None:
    class Example(BaseModel):
        cost: float = Field(default=1.0, ge=0.0, description="Unit cost, EUR/contact.")
        share: Share = Field(default=0.5, description="A share (of something).")
        name: str | None = Field(default=None, description="A name, text.")

    cost, share, name = (Example.model_fields[key] for key in ("cost", "share", "name"))
    assert (unit_of(cost), unit_of(share), unit_of(name)) == ("EUR/contact", "fraction", "-")
    assert type_name(name.annotation) == "str or none"
    [row] = [r for r in field_rows() if r.path == "population.size"]
    assert (row.unit, row.default, row.range) == ("persons", "required", "1 ≤ x ≤ 5,000,000")
