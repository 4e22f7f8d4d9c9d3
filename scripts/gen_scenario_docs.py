"""Write docs/scenarios.md from the scenario schema: `python scripts/gen_scenario_docs.py`.

`--check` writes nothing and exits 1 when the page differs from the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ekosim.scenario.reference import render

PAGE = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        stale = not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != text
        print(
            f"{PAGE}: {'stale, run python scripts/gen_scenario_docs.py' if stale else 'up to date'}"
        )
        return int(stale)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
