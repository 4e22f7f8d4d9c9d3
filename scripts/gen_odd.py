"""Fill docs/ODD.md's generated sections from the code: `python scripts/gen_odd.py`.

The entities' state variables come from the resident-state registry
(`ekosim.population.state`), the process overview from the model's phase plan
(`ekosim.model.DAILY_PLAN`). Each lives between `<!-- generated: NAME -->` and
`<!-- /generated -->`; the rest of the page is written by hand. `--check` writes nothing and
exits 1 when the page differs from the code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from ekosim.population import state

PAGE = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def phases_table() -> str:
    from ekosim.model import DAILY_PLAN

    rows = ["| # | phase | when | what it does |", "|---|---|---|---|"]
    rows += [
        f"| {number} | `{phase.name}` | {phase.cadence} | {phase.meaning} |"
        for number, phase in enumerate(DAILY_PLAN, start=1)
    ]
    return "\n".join(rows)


SECTIONS: dict[str, Callable[[], str]] = {"state": state.markdown_table, "phases": phases_table}


def render(page: str) -> str:
    for name, table in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated: {name} -->\n).*?(\n<!-- /generated -->)", flags=re.DOTALL
        )
        if not pattern.search(page):
            raise SystemExit(f"{PAGE}: no '<!-- generated: {name} -->' section")
        text = table()
        page = pattern.sub(lambda match, text=text: match[1] + text + match[2], page)
    return page


def main(argv: list[str]) -> int:
    current = PAGE.read_text(encoding="utf-8")
    text = render(current)
    if "--check" in argv:
        stale = text != current
        print(f"{PAGE}: {'stale, run python scripts/gen_odd.py' if stale else 'up to date'}")
        return int(stale)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
