"""What the apps' server needs besides the apps themselves.

Bokeh initialises a function app's sessions in worker threads, so two visitors arriving at
once build their pages at the same time. Panel keeps every JavaScript link and callback of
the process in one class-wide ``WeakKeyDictionary`` (``panel.links.Callback.registry``),
which one session's page build iterates while another's adds to it: "dictionary changed
size during iteration", and that visitor's page fails (seen in the planner's 20-session load
test). The registry is swapped for one whose writes and snapshots share a lock.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import Any


class LockedRegistry(weakref.WeakKeyDictionary[Any, Any]):
    """A WeakKeyDictionary whose writes hold a lock and whose views are snapshots taken
    under it, so a reader in one thread never sees another thread's insertion mid-way."""

    def __init__(self, contents: Any = ()) -> None:
        self._lock = threading.RLock()
        super().__init__(contents)

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            super().__delitem__(key)

    def values(self) -> Any:
        with self._lock:
            return list(super().values())

    def keys(self) -> Any:
        with self._lock:
            return list(super().keys())

    def items(self) -> Any:
        with self._lock:
            return list(super().items())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())


def thread_safe_panel_links() -> None:
    """Make Panel's process-wide link registry safe for sessions built in parallel (once)."""
    from panel.links import Callback

    if not isinstance(Callback.registry, LockedRegistry):
        Callback.registry = LockedRegistry(Callback.registry)
