"""Payment models, the open-book ledger, alliance settlement, KPI rewards and risk profiles."""

from ekosim.contracts.alliance import Settlement, settle_alliance
from ekosim.contracts.ledger import COST_CATEGORIES, Ledger
from ekosim.contracts.payment import YearInputs, YearPayments, pay_year
from ekosim.contracts.risk import (
    partner_accounts,
    region_costs,
    region_risk,
    risk_profile,
    yearly_residents,
)

__all__ = [
    "COST_CATEGORIES",
    "Ledger",
    "Settlement",
    "YearInputs",
    "YearPayments",
    "partner_accounts",
    "pay_year",
    "region_costs",
    "region_risk",
    "risk_profile",
    "settle_alliance",
    "yearly_residents",
]
