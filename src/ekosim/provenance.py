"""A results folder's reproducibility record, ``provenance.json``.

Every results folder (``ekosim run --out``, ``compare --out``, sweeps, sensitivity,
calibration) carries one: which ekosim (version and git commit, if it runs from a checkout),
Python, NumPy, pandas and Mesa made it, the command or call, the root seed, and each resolved
scenario's name and hash (SHA-256 of its canonical JSON), so a reader can tell whether a
rerun used the same inputs.

>>> record = provenance(call="ekosim run tesoma-alliance --seed 3", seed=3, scenarios=[])
>>> sorted(record)[:4]
['call', 'created_utc', 'ekosim', 'git_commit']
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ekosim.scenario import Scenario

FILE = "provenance.json"
PACKAGES = ("numpy", "pandas", "mesa")


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the resolved scenario's canonical JSON (sorted keys): equal inputs, equal
    hash."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def provenance(
    *,
    call: str,
    seed: int,
    scenarios: Iterable[Scenario],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The record for a results folder: versions, ``call`` (the command line or Python call
    that made the results), the root ``seed``, and each scenario's name and hash; ``extra``
    adds fields (e.g. an experiment's design)."""
    import ekosim

    record: dict[str, Any] = {
        "ekosim": ekosim.__version__,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        **{name: _version(name) for name in PACKAGES},
        "call": call,
        "seed": int(seed),
        "scenarios": [{"name": s.name, "sha256": scenario_hash(s)} for s in scenarios],
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return record | (extra or {})


def write_provenance(folder: Path, record: dict[str, Any]) -> Path:
    """Write ``record`` as ``folder/provenance.json`` (atomically)."""
    from ekosim.results import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n"
    return write_atomic(folder / FILE, text)


def read_provenance(folder: Path) -> dict[str, Any]:
    """The record in ``folder`` (empty if the folder has none, e.g. from an older ekosim)."""
    path = folder / FILE
    if not path.is_file():
        return {}
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise ValueError(f"{path}: not a provenance record (a JSON object)")
    return record


@cache
def git_commit() -> str | None:
    """The commit of the checkout ekosim runs from, with ``+dirty`` if files changed; None
    when ekosim is installed from a wheel (no git repository around it) or git is missing."""
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = "+dirty" if status.returncode == 0 and status.stdout.strip() else ""
    return commit.stdout.strip() + dirty


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
