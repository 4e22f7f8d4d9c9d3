"""The open-book ledger: every cost and payment, by year, partner and item."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ekosim.kpis import KpiWindow

COLUMNS = ["year", "partner", "item", "amount_eur"]
REGION = "region"  # the purchaser (the wellbeing services county) as a partner in the ledger
# What every cost is booked as: ``cost.<category>`` or ``cost.<category>.<detail>``.
COST_CATEGORIES = (
    "staff",
    "facilities",
    "purchased_services",
    "specialist_care",
    "it",
    "ngo_grants",
    "county_services",
)


class Ledger:
    """Postings summed by (year, partner, item).

    Items are ``cost.<category>[.<detail>]`` for what a partner spends (a category of
    ``COST_CATEGORIES``), ``revenue.<limb>`` for what a
    partner receives from the purchaser, and ``purchase.<limb>`` for what the purchaser pays;
    so the purchaser's purchases equal the partners' revenues.
    """

    KPIS = (
        "cost_per_resident_eur_year",
        "specialist_care_eur_per_resident_year",
        "sote_cost_eur_per_resident_year",
    )

    def __init__(self) -> None:
        self._amounts: defaultdict[tuple[int, str, str], float] = defaultdict(float)
        self.window_cost_eur = 0.0  # production cost of the KPI window, all partners
        self.window_specialist_eur = 0.0  # ... and the specialist care referred to
        self.window_region_eur = 0.0  # ... and the region's other scope, net of client fees

    def count_day(self, cost_eur: float, specialist_eur: float, region_eur: float = 0.0) -> None:
        """Add a day's production cost, specialist-care cost and the region's other costs in
        the modelled scope net of client fees (``region_eur``) to the KPI window."""
        self.window_cost_eur += cost_eur
        self.window_specialist_eur += specialist_eur
        self.window_region_eur += region_eur

    def report(self, window: KpiWindow) -> dict[str, float]:
        """The window's costs per resident, annualised (then the window's sums restart)."""
        values = {
            "cost_per_resident_eur_year": self.window_cost_eur / window.residents * window.per_year,
            "specialist_care_eur_per_resident_year": self.window_specialist_eur
            / window.residents
            * window.per_year,
            "sote_cost_eur_per_resident_year": (
                self.window_cost_eur + self.window_specialist_eur + self.window_region_eur
            )
            / window.residents
            * window.per_year,
        }
        self.window_cost_eur = self.window_specialist_eur = self.window_region_eur = 0.0
        return values

    def post(self, year: int, partner: str, item: str, amount_eur: float) -> None:
        self._amounts[(year, partner, item)] += float(amount_eur)

    def post_cost(
        self, year: int, partner: str, structure: dict[str, float], detail: str, amount_eur: float
    ) -> None:
        """Book a cost split by ``structure`` (category -> share), e.g. a day's contacts."""
        if amount_eur:
            for category, share in structure.items():
                self.post(year, partner, f"cost.{category}.{detail}", amount_eur * share)

    def total(self, year: int, *, partner: str | None = None, prefix: str = "") -> float:
        return sum(
            amount
            for (y, p, item), amount in self._amounts.items()
            if y == year and (partner is None or p == partner) and item.startswith(prefix)
        )

    def frame(self) -> pd.DataFrame:
        """One row per (year, partner, item): the yearly roll-up of every posting."""
        rows = [(y, p, item, amount) for (y, p, item), amount in sorted(self._amounts.items())]
        return pd.DataFrame(rows, columns=COLUMNS).astype({"year": "int32"})
