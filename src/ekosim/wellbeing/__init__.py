"""Well-being instruments, the personal action catalogue and the virtual trial."""

from ekosim.population.actions import ACTIONS, PACKAGES, Action
from ekosim.wellbeing.instruments import (
    AuditcResult,
    FindriscResult,
    Who5Result,
    auditc,
    findrisc,
    who5,
)
from ekosim.wellbeing.trial import DPS_COHORT, ArmResult, Cohort, TrialResult, trial

__all__ = [
    "ACTIONS",
    "DPS_COHORT",
    "PACKAGES",
    "Action",
    "ArmResult",
    "AuditcResult",
    "Cohort",
    "FindriscResult",
    "TrialResult",
    "Who5Result",
    "auditc",
    "findrisc",
    "trial",
    "who5",
]
