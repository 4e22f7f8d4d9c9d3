"""Mesa's own DataCollector on an EcosystemModel, so ``mesa.batch_run`` and Mesa's tools work.

The collector only reads: its model reporters are the KPI catalogue (``ekosim.kpis.KPIS``),
each the value of the KPI window that ended last (NaN for a KPI the scenario does not
measure); its agent reporters describe the actors (region, providers, NGOs, the integrator,
the alliance's joint management group) with their year-to-date money from the open-book
ledger. It collects once at the end of every KPI window (after the day's step and, on a
year's last day, after the settlement), so Mesa's records line up with the ``kpis`` frame.

>>> import mesa, ekosim
>>> records = mesa.batch_run(  # doctest: +SKIP
...     ekosim.EcosystemModel,
...     parameters={"scenario": ["tesoma-alliance", "tesoma-inhouse"], "population": 2000},
...     rng=[1, 2],
...     max_steps=365,
... )
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import mesa
from mesa.time import Priority, Schedule

from ekosim.kpis import KPIS

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel

# The agent reporters' columns: what the actor is, and its money in the current year, EUR.
AGENT_REPORTERS = ("actor", "name", "cost_eur", "revenue_eur", "result_eur", "purchases_eur")


def latest_kpis(model: EcosystemModel) -> dict[str, float]:
    """Every KPI of the last window observed (empty before the first window ends)."""
    rows = model.kpis.rows
    if not rows:
        return {}
    cache = model.__dict__.get("_mesa_latest")
    if cache is not None and cache[0] == len(rows):
        return cache[1]
    last_day = rows[-1][0]
    values: dict[str, float] = {}
    for day, name, value in reversed(rows):
        if day != last_day:
            break
        values.setdefault(name, value)
    model.__dict__["_mesa_latest"] = (len(rows), values)
    return values


def kpi_reporter(model: EcosystemModel, *, kpi: str) -> float:
    return latest_kpis(model).get(kpi, float("nan"))


def _name(agent: mesa.Agent) -> str:
    return str(getattr(agent, "name", None) or getattr(agent, "lead_partner", type(agent).__name__))


def _money(agent: mesa.Agent, prefix: str) -> float:
    model: Any = agent.model
    return float(model.ledger.total(model.year, partner=_name(agent), prefix=prefix))


def _result(agent: mesa.Agent) -> float:
    return _money(agent, "revenue.") - _money(agent, "cost.")


def agent_reporters() -> dict[str, Any]:
    """The actors' columns: kind and name, and this year's cost, revenue, result (revenue -
    cost) and, for the purchaser, purchases from its partners, EUR (the alliance's joint
    management group books under its lead partner's name)."""
    reporters: dict[str, Any] = {
        "actor": lambda agent: type(agent).__name__,
        "name": _name,
        "cost_eur": partial(_money, prefix="cost."),
        "revenue_eur": partial(_money, prefix="revenue."),
        "result_eur": _result,
        "purchases_eur": partial(_money, prefix="purchase."),
    }
    assert tuple(reporters) == AGENT_REPORTERS
    return reporters


class WindowCollector(mesa.DataCollector):
    """Mesa's DataCollector, collecting ``model`` whenever a new KPI window has been
    observed."""

    def __init__(self, model: EcosystemModel) -> None:
        super().__init__(
            model_reporters={name: partial(kpi_reporter, kpi=name) for name in KPIS},
            agent_reporters=agent_reporters(),
        )
        self._model = model
        self._rows_collected = 0

    def collect_new_window(self) -> None:
        rows = len(self._model.kpis.rows)
        if rows != self._rows_collected:
            self._rows_collected = rows
            self.collect(self._model)


def attach(model: EcosystemModel) -> WindowCollector:
    """A DataCollector for ``model`` that collects at the end of every KPI window."""
    collector = WindowCollector(model)
    # Low priority: after the day's step and the year's settlement at the same time. Mesa
    # keeps a weak reference to the method; the model keeps the collector.
    model.schedule_recurring(
        collector.collect_new_window, Schedule(interval=1, start=1), Priority.LOW
    )
    return collector
