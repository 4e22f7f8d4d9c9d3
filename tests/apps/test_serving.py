"""The apps' server: Panel's link registry is safe for pages built in parallel threads."""

from __future__ import annotations

import gc
import threading

import panel as pn
from panel.links import Callback

from apps.serving import LockedRegistry, thread_safe_panel_links


def race(rounds: int) -> list[RuntimeError]:
    """One thread adds JavaScript callbacks (as a page being built does) while another reads
    the registry as Panel's preprocessing does; the errors the reader met."""
    errors: list[RuntimeError] = []
    stop = threading.Event()

    def build() -> None:
        buttons = []
        while not stop.is_set():
            button = pn.widgets.Button()
            button.js_on_click(code="")
            buttons.append(button)
            if len(buttons) > 200:
                buttons.clear()  # their entries go as the buttons are collected

    def read() -> None:
        try:
            for _ in range(rounds):
                [link for links in Callback.registry.values() for link in links]
        except RuntimeError as error:
            errors.append(error)
        finally:
            stop.set()

    threads = [threading.Thread(target=build), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_pages_built_in_parallel_never_meet_a_registry_changing_under_them() -> None:
    thread_safe_panel_links()
    thread_safe_panel_links()  # twice is once
    assert type(Callback.registry) is LockedRegistry
    assert race(20_000) == []


def test_the_locked_registry_keeps_what_the_plain_one_held_and_drops_the_collected() -> None:
    class Key:
        pass

    kept, dropped = Key(), Key()
    registry = LockedRegistry({kept: [1]})
    registry[dropped] = [2]
    assert registry.values() == [[1], [2]] and set(registry) == {kept, dropped}
    del dropped
    gc.collect()
    assert registry.items() == [(kept, [1])] and kept in registry
    del registry[kept]
    assert len(registry) == 0
