"""Shared fixtures: small scenarios that run in a fraction of a second."""

from __future__ import annotations

from typing import Any

import pytest

import ekosim

# Browser files that share one work unit, so one worker, one Chromium and one served app (its
# server, warmed up, runs the model for every test). The planner's files are two units of about
# equal time, so the two workers share them, each with its own server; the well-being app's
# are one. The memory test serves the planner in its own process and needs neither server.
SHARED_WORKER = {
    "test_planner_ui": "planner-ui-a",
    "test_planner_decisions": "planner-ui-a",
    "test_planner_compare_brief": "planner-ui-b",
    "test_planner_names_links": "planner-ui-b",
    "test_planner_memory": "planner-ui-b",
    "test_planner_": "planner-ui-b",  # a new planner file, until it is placed above
    "test_wellbeing_": "wellbeing-ui",
}
# The longest work units (minutes each in CI), handed out first, longest first, so that no
# long unit starts when the other worker is nearly done; the rest follow in xdist's order.
SLOW_FIRST = (
    "planner-ui-b",
    "planner-ui-a",
    "wellbeing-ui",
    "tests/test_notebooks.py",
    "tests/test_documented_commands.py",
    "tests/calibration/test_cli.py",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` (scripts/test.sh) with the browser files of one app as one or two
    work units (``SHARED_WORKER``) and the slowest units first (``SLOW_FIRST``): every other
    test file stays one unit, so its module fixtures are built once. (pytest-xdist's own
    ``--dist loadgroup`` does not group under pytest 9: its renamed node ids do not reach the
    scheduler.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from collections import OrderedDict

    from xdist.scheduler import LoadFileScheduling

    class SharedBrowserFiles(LoadFileScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            folder, _, name = path.rpartition("/")
            if folder == "tests/ui":
                for prefix, unit in SHARED_WORKER.items():
                    if name.startswith(prefix):
                        return unit
            return str(super()._split_scope(nodeid))

        def _assign_work_unit(self, node: Any) -> None:
            if not self.ordered:  # the queue is complete when the first unit is handed out
                self.ordered = True
                self.workqueue = OrderedDict(
                    sorted(self.workqueue.items(), key=lambda item: slow_rank(item[0]))
                )
            super()._assign_work_unit(node)

    return SharedBrowserFiles(config, log)


def slow_rank(unit: str) -> int:
    """A work unit's place in ``SLOW_FIRST``; after all of them if it is not there (the sort
    is stable, so the others keep xdist's order)."""
    return SLOW_FIRST.index(unit) if unit in SLOW_FIRST else len(SLOW_FIRST)


@pytest.fixture(scope="session")
def small_tesoma() -> ekosim.Scenario:
    """The tesoma-alliance scenario shrunk to 3,000 residents and capacities to match."""
    return ekosim.load_scenario("tesoma-alliance", small_overrides(3000 / 23000))


def small_overrides(scale: float, scenario: str = "tesoma-alliance") -> dict[str, object]:
    """tesoma-base's area amounts scaled by ``scale``, for ``scenario`` (its own 24-hour
    unit's places too, where it has one)."""
    base = ekosim.load_scenario("tesoma-base")
    overrides: dict[str, object] = {"population.size": round(base.population.size * scale)}
    for name, service in base.services.items():  # slots and staff (FTE) are floats: exact
        overrides[f"services.{name}.capacity_per_day"] = service.capacity_per_day * scale
        if service.initial_waiting:
            overrides[f"services.{name}.initial_waiting"] = max(
                1, round(service.initial_waiting * scale)
            )
    for name in ("phone", "digital", "walk_in"):
        channel = getattr(base.channels, name)
        if channel is not None:
            overrides[f"channels.{name}.capacity_per_day"] = max(
                1, round(channel.capacity_per_day * scale)
            )
    for name, provider in base.providers.items():
        overrides[f"providers.{name}.fee_eur_per_year"] = provider.fee_eur_per_year * scale
        for profession, staff in provider.staff.items():
            overrides[f"providers.{name}.staff.{profession}.posts"] = staff.posts * scale
    housing = ekosim.load_scenario(scenario).care_24h
    if housing is not None and housing.unit is not None:  # the alliance's own 24-hour unit
        overrides["care_24h.unit.places"] = max(1, round(housing.unit.places * scale))
    alliance = ekosim.load_scenario("tesoma-alliance").contract
    for field in ("target_cost_eur_per_year", "kpi_pool_eur_per_year", "fixed_price_eur_per_year"):
        value = getattr(alliance, field)
        if value is not None:
            overrides[f"contract.{field}"] = value * scale
    return overrides
