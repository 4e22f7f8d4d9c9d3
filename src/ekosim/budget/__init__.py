"""The county's budget: the cost scope of a run (``scope_table``), the population-driven
county services and client fees (``ekosim.budget.scope``)."""

from ekosim.budget.scope import CountyServices, client_fees, format_scope, scope_table

__all__ = ["CountyServices", "client_fees", "format_scope", "scope_table"]
