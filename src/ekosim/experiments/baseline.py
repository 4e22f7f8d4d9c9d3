"""A target outturn cost derived from a baseline run (NACG 2015: gainshare only for real
performance, not an inflated target): an analysis tool ("what target would an in-house
baseline give?") to set beside the contract's own target (``contract.target``), which the
bundled alliance uses. Given as ``contract.target_cost_eur_per_year`` it overrides the
contract's. An experiment: it runs the model, so it lives here and not among the contracts,
which the model imports."""

from __future__ import annotations

from typing import Any

from ekosim.model import run
from ekosim.scenario import Scenario, load_scenario


def baseline_target(
    scenario: Scenario | str | dict[str, Any],
    *,
    seed: int = 0,
    years: int | None = None,
    headroom: float = 0.0,
) -> float:
    """The non-owner partners' mean yearly cost when the scenario runs in-house, times
    (1 + headroom), EUR/year: a target with no incentive responses or reinvestment in it."""
    in_house = load_scenario(scenario, {"contract.model": "in_house"})
    partners = [name for name, spec in in_house.providers.items() if spec.kind != "public"]
    ledger = run(in_house, seed=seed, years=years).ledger
    cost = ledger[ledger["partner"].isin(partners) & ledger["item"].str.startswith("cost.")]
    yearly = cost.groupby("year")["amount_eur"].sum()
    return float(yearly.mean()) * (1.0 + headroom) if len(yearly) else 0.0
