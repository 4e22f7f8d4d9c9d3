"""Compiled kernels (numba) of the engine's hot loops, with the Python code as their oracle.

``EcosystemModel(..., engine="compiled")`` (the default) runs the parts that have a kernel
here; ``engine="python"`` runs the NumPy code they replace. Each kernel keeps NumPy's
arithmetic and draw order, so both engines give identical results (tests/kernels).

Compiled code is cached on disk in a per-user directory, ``$EKOSIM_CACHE_DIR`` or
``$XDG_CACHE_HOME/ekosim/numba`` (default ``~/.cache/ekosim/numba``), set before numba is
imported: the package folder may not be writable (a wheel, a shared install), and Dask
workers and the apps import ekosim the same way, so they share the cache.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

ENGINES = ("python", "compiled")
DEFAULT_ENGINE = "compiled"


def cache_dir() -> Path:
    """Where compiled kernels are cached for this user."""
    if explicit := os.environ.get("EKOSIM_CACHE_DIR"):
        return Path(explicit) / "numba"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ekosim" / "numba"


os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir()))


def load(name: str) -> Any:
    """The kernel ``module.function`` of this package (e.g. ``"choice.draw_rows"``), its
    module imported on first use: numba loads in about a second, so the Python engine and
    ``ekosim --help`` never import it."""
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
