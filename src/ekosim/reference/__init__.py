"""One Mesa agent per resident: an independent oracle and speed baseline for the engine."""

from ekosim.reference.model import ReferenceModel, ResidentAgent

__all__ = ["ReferenceModel", "ResidentAgent"]
