"""What produced a calibration: code version, packages, command, spec and study.

A small stand-in: ``src/ekosim/provenance.py`` (the research work) will replace it; then
``write_provenance`` should call that module and add the ``calibration`` part below.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

from ekosim.results import write_atomic

PACKAGES = ("numpy", "pandas", "mesa", "optuna", "pydantic")
ROOT = Path(__file__).resolve().parents[3]


def provenance(calibration: dict[str, Any]) -> dict[str, Any]:
    return {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": sys.argv,
        "ekosim": _version("ekosim"),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "calibration": calibration,
    }


def write_provenance(out: Path, calibration: dict[str, Any]) -> Path:
    text = json.dumps(provenance(calibration), indent=2, default=str) + "\n"
    return write_atomic(out / "provenance.json", text)


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
