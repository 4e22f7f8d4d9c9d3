"""The open-book ledger: every cost and payment, by year, partner and item."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

COLUMNS = ["year", "partner", "item", "amount_eur"]


class Ledger:
    """Postings summed by (year, partner, item).

    Items are ``cost.<category>`` for what a partner spends, ``revenue.<limb>`` for what a
    partner receives from the purchaser, and ``purchase.<limb>`` for what the purchaser pays;
    so the purchaser's purchases equal the partners' revenues.
    """

    def __init__(self) -> None:
        self._amounts: defaultdict[tuple[int, str, str], float] = defaultdict(float)

    def post(self, year: int, partner: str, item: str, amount_eur: float) -> None:
        self._amounts[(year, partner, item)] += float(amount_eur)

    def total(self, year: int, *, partner: str | None = None, prefix: str = "") -> float:
        return sum(
            amount
            for (y, p, item), amount in self._amounts.items()
            if y == year and (partner is None or p == partner) and item.startswith(prefix)
        )

    def frame(self) -> pd.DataFrame:
        rows = [(y, p, item, amount) for (y, p, item), amount in sorted(self._amounts.items())]
        return pd.DataFrame(rows, columns=COLUMNS).astype({"year": "int32"})
