"""The county's cost scope: what the region pays, item by item, modelled or not.

- ``CountyServices``: the population-driven county services of a scenario's
  ``budget.county_services`` (maternity and child clinics, school health care, child welfare
  and family work, disability services, adult social work and income support): each day every
  item costs its clients (residents of each age band times the band's client share) times its
  cost per client-year, booked as the region's ``cost.county_services.<item>``;
- client fees (``budget.client_fees``): a share of each part's gross cost, booked as the
  region's ``income.client_fees.<part>`` and netted from its cost;
- ``scope_table(results)``: each item of the scope in EUR per resident a year (the run's
  final year), modelled or not, the modelled total net of fees, and (with
  ``budget.published``) the published figure beside it, the difference shown as "not
  modelled". The planner calls it as ``ekosim.budget.scope_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ekosim.clock import DAYS_PER_YEAR
from ekosim.contracts.ledger import REGION
from ekosim.scenario.schema import BudgetScopeSpec, PublishedBudgetSpec, parse_age_band

if TYPE_CHECKING:
    from ekosim.results import Results

SCOPE_COLUMNS = ["item", "eur_per_resident_year", "modelled", "note"]
CARE_24H_KPI = "care_24h_eur_per_resident_year"  # the 24-hour service housing's cost (issue 20.1)
CONTACT_ITEMS = r"cost\.[a-z_]+\.(?:service|channel)_contacts$"  # contacts' costs in the ledger
CARE_24H_ITEMS = r"cost\.[a-z_]+\.care_24h$"  # 24-hour housing's cost (region or provider)
FEE_PARTS = ("services", "specialist_care", "county_services")
SPECIALIST_TITLES = {
    "outpatient": "Specialist care: outpatient visits",
    "emergency": "Specialist care: emergency department",
    "inpatient": "Specialist care: inpatient days",
}


class CountyServices:
    """The scenario's population-driven county services; ``book(item, eur)`` posts a cost."""

    def __init__(self, spec: BudgetScopeSpec, book: Callable[[str, float], None]) -> None:
        self.spec, self._book = spec, book
        self._bands = {
            name: [(parse_age_band(band), share) for band, share in item.client_share.items()]
            for name, item in spec.county_services.items()
        }
        self._daily_eur: dict[str, float] = dict.fromkeys(spec.county_services, 0.0)

    def count_residents(self, ages: np.ndarray) -> None:
        """Refresh each item's clients from the living residents' ``ages``."""
        for name, item in self.spec.county_services.items():
            clients = sum(
                share * int(np.count_nonzero((ages >= low) & (ages < high)))
                for (low, high), share in self._bands[name]
            )
            per_client = item.cost_per_client_eur_year * item.price_index
            self._daily_eur[name] = clients * per_client / DAYS_PER_YEAR

    def clients(self, ages: np.ndarray) -> dict[str, float]:
        """Each item's clients among residents of ``ages`` (expected, a share of each band)."""
        return {
            name: sum(
                share * int(np.count_nonzero((ages >= low) & (ages < high)))
                for (low, high), share in bands
            )
            for name, bands in self._bands.items()
        }

    def day(self) -> float:
        """Book today's cost of every item; returns their sum, EUR."""
        for name, amount in self._daily_eur.items():
            if amount:
                self._book(name, amount)
        return sum(self._daily_eur.values())


def client_fees(spec: BudgetScopeSpec, gross: dict[str, float]) -> dict[str, float]:
    """Client fees by part of the scope for these gross costs (part -> EUR), EUR."""
    shares = {str(part): share for part, share in spec.client_fees.share_of_cost.items()}
    return {part: gross.get(part, 0.0) * shares.get(part, 0.0) for part in FEE_PARTS}


def scope_table(results: Results, year: int | None = None) -> pd.DataFrame:
    """The cost scope of one run's ``year`` (default: its last), EUR per resident: every
    item the region pays (modelled or named as not modelled), client fees, the modelled net
    total and, with ``budget.published``, the published figure and the difference shown as
    "not modelled". Columns: item, eur_per_resident_year, modelled, note."""
    scenario, ledger, kpis = results.scenario, results.ledger, results.kpis
    if year is None:
        year = int(ledger["year"].max()) if not ledger.empty else 0
    residents = _residents(kpis, year)
    rows: list[tuple[str, float, bool, str]] = []
    money = ledger[ledger["year"] == year]

    def region_sum(prefix: str) -> float:
        picked = money["partner"].eq(REGION) & money["item"].str.startswith(prefix)
        return float(money.loc[picked, "amount_eur"].sum()) / residents

    services = _services(results, year, residents)
    for name, value in services.items():
        rows.append((f"Service: {name}", value, True, "contacts x unit cost"))
    margin = _partner_margin(money) / residents
    if margin:
        rows.append(("Partners' fees, gain/pain and KPI rewards", margin, True, "contract"))
    contacts = money["partner"].eq(REGION) & money["item"].str.match(CONTACT_ITEMS)
    housing = money["item"].str.match(CARE_24H_ITEMS)  # its own row below, counted once
    other = (
        region_sum("cost.")
        - region_sum("cost.specialist_care")
        - region_sum("cost.county_services")
        - float(money.loc[contacts, "amount_eur"].sum()) / residents
        - float(money.loc[housing & money["partner"].eq(REGION), "amount_eur"].sum()) / residents
    )
    if other > 0.5:
        rows.append(("Other region costs (grants, home services, prevention)", other, True, ""))
    specialist = 0.0
    for stream, title in SPECIALIST_TITLES.items():
        value = region_sum(f"cost.specialist_care.{stream}")
        specialist += value
        # unverified: the scenarios' specialist_care.source says why
        basis = "events x assumed unit cost" if value else "not modelled"
        rows.append((title, value, bool(value), basis))
    legacy = region_sum("cost.specialist_care") - sum(
        region_sum(f"cost.specialist_care.{s}") for s in SPECIALIST_TITLES
    )
    if abs(legacy) > 0.5:  # not float dust
        rows.append(("Specialist care: readmissions and flat referral costs", legacy, True, ""))
    rows.extend(
        _beside_published(
            scenario.budget.published_specialist_care,
            specialist,
            "Specialist care: published minus its three streams",
        )
    )
    for name in scenario.budget.county_services:
        value = region_sum(f"cost.county_services.{name}")
        rows.append((f"County service: {name.replace('_', ' ')}", value, True, "per client"))
    care_24h = _final_kpi(kpis, CARE_24H_KPI, year)
    booked_24h = float(money.loc[housing, "amount_eur"].sum()) / residents
    if booked_24h:  # the ledger's, as the other rows (the KPI's windows average the same)
        care_24h = booked_24h
    if care_24h is None:
        rows.append(("24-hour service housing", float("nan"), False, "not modelled"))
    else:
        rows.append(("24-hour service housing", care_24h, True, CARE_24H_KPI))
    fees = region_sum("income.client_fees")
    rows.append(("Client fees (reduce the net cost)", -fees, bool(fees), "share of gross cost"))
    for name in scenario.budget.not_modelled:
        rows.append((name, float("nan"), False, "not modelled"))
    total = sum(value for _, value, modelled, _ in rows if modelled and np.isfinite(value))
    rows.append(("Modelled total, net of client fees", total, True, "sote_cost"))
    rows.extend(_beside_published(scenario.budget.published, total, "Difference: not modelled"))
    return pd.DataFrame(rows, columns=SCOPE_COLUMNS)


def _beside_published(
    published: PublishedBudgetSpec | None, modelled: float, difference: str
) -> list[tuple[str, float, bool, str]]:
    """The published figure's row and the difference's (none without a figure); neither
    counts in the modelled total."""
    if published is None:
        return []
    title = f"Published: {published.name} ({published.year}, {published.price_index})"
    share = modelled / published.eur_per_resident_year - 1
    return [
        (title, published.eur_per_resident_year, False, published.source),
        (
            difference,
            published.eur_per_resident_year - modelled,
            False,
            f"{share:+.1%} modelled vs published",
        ),
    ]


def format_scope(results: Results) -> str:
    """The scope table as aligned text for ``ekosim run`` (long names wrap; the published
    figure's name and source follow the table)."""
    table = scope_table(results)
    lines = ["\nCost scope, final year, EUR per resident (what the region pays)"]
    width = 56
    for row in table.itertuples():
        item = str(row.item)
        value = row.eur_per_resident_year
        shown = f"{value:,.0f}" if np.isfinite(value) else ""
        if item.startswith("Published: "):
            lines.append(f"  {'Published figure (below)':<{width}} {shown:>7}")
            lines.append(f"    {item.removeprefix('Published: ')}; {row.note}")
            continue
        state = "modelled" if row.modelled else "not modelled"
        note = "" if row.note == state else row.note
        if item.startswith("Difference"):
            state, note = "not modelled", str(row.note)
        elif str(row.note).endswith("modelled vs published"):  # a part beside its figure
            state, note = "", str(row.note)
        if len(item) > width:
            item = item[: width - 3] + "..."
        lines.append(f"  {item:<{width}} {shown:>7}  {state:<12}  {note}".rstrip())
    return "\n".join(lines)


def _residents(kpis: pd.DataFrame, year: int) -> float:
    rows = kpis[(kpis["kpi"] == "residents") & ((kpis["day"] - 1) // DAYS_PER_YEAR == year)]
    return float(rows["value"].mean()) if not rows.empty else 1.0


def _final_kpi(kpis: pd.DataFrame, name: str, year: int) -> float | None:
    rows = kpis[(kpis["kpi"] == name) & ((kpis["day"] - 1) // DAYS_PER_YEAR == year)]
    return float(rows["value"].mean()) if not rows.empty else None


def _services(results: Results, year: int, residents: float) -> dict[str, float]:
    """Each service's (and channel's) production cost in ``year``, EUR per resident."""
    scenario, flows = results.scenario, results.flows
    flows = flows[flows["day"] // DAYS_PER_YEAR == year]
    started = flows.groupby("service")["started"].sum()
    values: dict[str, float] = {}
    for name, count in started.items():
        name = str(name)
        if name in scenario.services:
            unit = scenario.services[name].cost_per_contact_eur
        elif name.startswith("channel."):
            unit = getattr(scenario.channels, name.removeprefix("channel.")).cost_per_contact_eur
        else:
            continue  # NGOs are paid by grants
        if count and unit:
            values[name] = float(count) * unit / residents
    return values


def _partner_margin(money: pd.DataFrame) -> float:
    """What the region paid its non-owner partners beyond their production cost, EUR."""
    paid = money["partner"].eq(REGION) & money["item"].str.startswith("purchase.")
    partners = set(money.loc[money["item"].str.startswith("revenue."), "partner"])
    produced = money["partner"].isin(partners) & (
        money["item"].str.match(CONTACT_ITEMS) | money["item"].str.match(CARE_24H_ITEMS)
    )
    return float(money.loc[paid, "amount_eur"].sum() - money.loc[produced, "amount_eur"].sum())
