"""Calibration and validation: reality targets as data, Optuna searches over scenario
parameters on common random numbers, and the validation report (docs/VALIDATION.md).

Names load on first use, so the command line's parser (``ekosim.calibration.cli``) imports
neither Optuna nor pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ekosim.calibration.search import CalibrationResult, calibrate
    from ekosim.calibration.spec import CalibrationSpec, load_spec
    from ekosim.calibration.targets import (
        FUNCTIONS,
        TARGETS_FILE,
        RunFrames,
        Target,
        Targets,
        load_targets,
    )

_WHERE = {
    "CalibrationResult": "search",
    "calibrate": "search",
    "CalibrationSpec": "spec",
    "load_spec": "spec",
    "FUNCTIONS": "targets",
    "TARGETS_FILE": "targets",
    "RunFrames": "targets",
    "Target": "targets",
    "Targets": "targets",
    "load_targets": "targets",
}
__all__ = [
    "FUNCTIONS",
    "TARGETS_FILE",
    "CalibrationResult",
    "CalibrationSpec",
    "RunFrames",
    "Target",
    "Targets",
    "calibrate",
    "load_spec",
    "load_targets",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'ekosim.calibration' has no attribute {name!r}")
    return getattr(importlib.import_module(f"ekosim.calibration.{_WHERE[name]}"), name)
