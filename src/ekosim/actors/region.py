"""The purchaser (wellbeing services county or city) as a Mesa agent: pays its partners yearly."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import mesa
import numpy as np
import pandas as pd

from ekosim.contracts import YearInputs, pay_year
from ekosim.contracts.kpi_pool import scorecard, weighted_score
from ekosim.contracts.ledger import REGION
from ekosim.contracts.outturn import OUTTURN_ITEM, TARGET_ITEM
from ekosim.scenario.schema import parse_age_band

if TYPE_CHECKING:
    from ekosim.model import EcosystemModel


class Region(mesa.Agent):
    """Bills contacts under fee-for-service, books specialist care, and settles each year
    with the non-owner partners under the scenario's payment model."""

    model: EcosystemModel
    name = REGION

    def __init__(self, model: EcosystemModel) -> None:
        super().__init__(model)
        self._billed: defaultdict[str, float] = defaultdict(float)  # partner -> FFS bill, EUR
        self._volume_at_start = 0.0  # the indexation's volume when the contract began
        self.target_base_eur: float | None = None  # the target at the start, EUR/year

    def start_contract(self) -> None:
        """Remember the area's need at the start, the base of the target's indexation."""
        self._volume_at_start = self._volume()
        contract = self.model.scenario.contract
        residents = float(self.model.population.residents.size)
        self.target_base_eur = contract.target_cost_eur_per_year
        if self.target_base_eur is None and contract.target is not None:
            self.target_base_eur = contract.target.base_eur_per_year(residents)

    def target_cost(self, year: int) -> float | None:
        """The alliance's target this year before volume indexation and reinvestment, EUR:
        the contract's (carried to the area and price level, with its yearly indexation) or
        the scenario's ``target_cost_eur_per_year``."""
        contract = self.model.scenario.contract
        if self.target_base_eur is None:
            return None
        target = contract.target if contract.target_cost_eur_per_year is None else None
        growth = (1.0 + target.indexation_per_year) ** year if target is not None else 1.0
        return self.target_base_eur * growth

    def target_index(self) -> float:
        """The alliance target's multiplier for the area's need now against the start."""
        if not self._volume_at_start:
            return 1.0
        return self._volume() / self._volume_at_start

    def _volume(self) -> float:
        """What the target is indexed by: residents, need-weighted residents, or nothing."""
        match self.model.scenario.contract.target_indexation:
            case "residents":
                return float(self.model.population.residents.size)
            case "need_weighted_residents":
                return self.weighted_residents()
        return 0.0

    def bill_contacts(self, partner: str, flow: str, started: int, unit_cost_eur: float) -> None:
        """Price a day's contacts by the fee-for-service list (unlisted: cost plus markup)."""
        contract = self.model.scenario.contract
        price = contract.prices_eur_per_contact.get(
            flow, unit_cost_eur * (1.0 + contract.ffs_markup)
        )
        self._billed[partner] += started * price

    def book_specialist_care(self, year: int, amount_eur: float, stream: str = "") -> None:
        """Post specialist-care cost, of a ``stream`` (outpatient, emergency, inpatient) or
        flat (readmissions and flat referral costs), as the region's cost."""
        if amount_eur:
            item = f"cost.specialist_care.{stream}" if stream else "cost.specialist_care"
            self.model.ledger.post(year, REGION, item, amount_eur)

    def settle_year(self, year: int) -> None:
        model, contract = self.model, self.model.scenario.contract
        alliance = model.alliance
        if alliance is not None:
            alliance.book_prevention(year)
        ledger = model.ledger
        partners = [p for p in model.providers.values() if not p.is_purchasers_own]
        for provider in partners:
            provider.book_investment(year)
        outturn = self.outturn(year) if contract.model == "alliance" else None
        inputs = YearInputs(
            costs={p.name: ledger.total(year, partner=p.name, prefix="cost.") for p in partners},
            fees={p.name: p.fee_eur_per_year for p in partners},
            priced_contacts=dict(self._billed),
            weighted_residents=self.weighted_residents(),
            specialist_cost=ledger.total(year, partner=REGION, prefix="cost.specialist_care"),
            kpi_score=self.kpi_score(year),
            extra_target=alliance.extra_target(year) if alliance is not None else 0.0,
            target_index=self.target_index(),
            target_cost=self.target_cost(year),
            outturn=sum(outturn.values()) if outturn else None,
        )
        self._billed.clear()
        payments = pay_year(contract, inputs)
        if payments.settlement is not None and outturn:
            for party, amount in outturn.items():
                ledger.post(year, party, OUTTURN_ITEM, amount)
            ledger.post(year, REGION, TARGET_ITEM, payments.settlement.target_cost)
        for partner, items in payments.payments.items():
            for item, amount in items.items():
                if amount:
                    ledger.post(year, partner, f"revenue.{item}", amount)
                    ledger.post(year, REGION, f"purchase.{item}", amount)
        if alliance is not None and payments.settlement is not None:
            alliance.decide(year, payments.settlement)

    def outturn(self, year: int) -> dict[str, float]:
        """The alliance's actual cost of ``year`` inside the contract's scope by party, EUR
        (``contracts.outturn``): the non-owner partners' costs, the owner's in-scope ones."""
        model = self.model
        partners = [p.name for p in model.providers.values() if not p.is_purchasers_own]
        public = [p.name for p in model.providers.values() if p.is_purchasers_own]
        return model.outturn.by_party(year, model.ledger, partners, public)

    def weighted_residents(self) -> float:
        """Living residents, each weighted by the capitation weight of their age band."""
        residents = self.model.population.residents
        age = residents.age[residents.alive]
        weights = self.model.scenario.contract.capitation_age_weights
        total = 0.0
        for band, weight in weights.items():
            low, high = parse_age_band(band)
            total += weight * int(np.count_nonzero((age >= low) & (age < high)))
        return total

    def kpi_score(self, year: int) -> float:
        """The contract KPIs' weighted score for ``year``, in [-1, 1] (0 without KPIs)."""
        contract = self.model.scenario.contract
        if not contract.kpis:
            return 0.0
        rows = pd.DataFrame(self.model.kpis.rows, columns=["day", "kpi", "value"])
        card = scorecard(rows, contract)
        return weighted_score(card[card["year"] == year])
