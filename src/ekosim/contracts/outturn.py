"""The alliance's outturn cost: every cost inside the contract's scope, whoever produces it.

An alliance's target outturn cost (TOC) covers all the alliance partners' costs inside the
contract's scope: the non-owner partners' (NOPs') and the owner's own units' (in Tesoma the
City of Tampere's home care and social work beside Mehiläinen's health station and dental
care). So the actual cost set against the target is

- every cost of the non-owner partners (their limb-1 reimbursable costs, all inside the
  alliance: contacts, cover, prevention, digital investment), plus
- for the owner's side (public providers and the region's own production), the cost of each
  modelled item that ``contract.target.modelled_scope`` names: a service's or channel's
  contacts, 24-hour housing's resident-days (``care_24h``; family carers' support, booked
  with it, is not part of it) or its own unit's (``care_24h.unit``), a county service. A
  public provider's other costs (staff cover) count in the share of its direct costs that
  is in scope.

Without a ``modelled_scope`` the outturn is the non-owner partners' costs only.
The model books each direct cost here as it books it in the ledger (``add``); the region's
settlement asks for the year's outturn by party (``by_party``) and posts it in the ledger as
``memo.alliance.outturn`` of each party, with the target as the region's
``memo.alliance.target``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ekosim.contracts.ledger import REGION, Ledger

if TYPE_CHECKING:
    from ekosim.scenario.schema import Scenario

OUTTURN_ITEM = "memo.alliance.outturn"
TARGET_ITEM = "memo.alliance.target"


class AllianceOutturn:
    """The owner side's direct costs of the year by party, in scope and in all."""

    def __init__(self, scenario: Scenario) -> None:
        contract = scenario.contract
        target = contract.target if contract.model == "alliance" else None
        self.scope = frozenset(target.modelled_scope if target is not None else ())
        self._direct: defaultdict[tuple[int, str], float] = defaultdict(float)
        self._in_scope: defaultdict[tuple[int, str], float] = defaultdict(float)

    def add(self, year: int, party: str, item: str, amount_eur: float) -> None:
        """A direct cost of ``item`` (a service, ``channel.<name>``, ``care_24h``,
        ``county_services.<item>``) booked on ``party`` (a provider or the region)."""
        if not self.scope or not amount_eur:
            return
        self._direct[(year, party)] += amount_eur
        if item in self.scope:
            self._in_scope[(year, party)] += amount_eur

    def by_party(
        self, year: int, ledger: Ledger, partners: list[str], public: list[str]
    ) -> dict[str, float]:
        """The year's outturn by party, EUR: the non-owner ``partners``' whole cost, the
        ``public`` providers' in-scope cost (their other costs pro rata) and the region's
        in-scope direct cost."""
        outturn = {p: ledger.total(year, partner=p, prefix="cost.") for p in partners}
        if not self.scope:
            return outturn
        for party in public:
            direct = self._direct.get((year, party), 0.0)
            inside = self._in_scope.get((year, party), 0.0)
            other = ledger.total(year, partner=party, prefix="cost.") - direct
            outturn[party] = inside + (max(other, 0.0) * inside / direct if direct else 0.0)
        outturn[REGION] = self._in_scope.get((year, REGION), 0.0)
        return outturn
