"""docs/ODD.md's generated sections (state variables, phases) match the code."""

from __future__ import annotations

from scripts.gen_odd import PAGE, render


def test_the_odd_pages_generated_sections_are_up_to_date() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert render(page) == page, "docs/ODD.md is stale: run python scripts/gen_odd.py"


def test_every_resident_array_and_phase_is_in_the_odd() -> None:
    from ekosim.model import DAILY_PLAN
    from ekosim.population import state

    page = PAGE.read_text(encoding="utf-8")
    assert all(f"| `{f.name}` |" in page for f in state.fields())
    assert all(f"| `{phase.name}` |" in page for phase in DAILY_PLAN)
