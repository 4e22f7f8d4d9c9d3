"""Payment models, the open-book ledger and alliance settlement."""

from ekosim.contracts.alliance import Settlement, settle_alliance
from ekosim.contracts.ledger import Ledger

__all__ = ["Ledger", "Settlement", "settle_alliance"]
