"""Calibration and validation: reality targets as data, Optuna searches over scenario
parameters on common random numbers, and the validation report (docs/VALIDATION.md)."""

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
