"""From the open-book ledger: partners' yearly accounts, the region's cost, risk profiles."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ekosim.arguments import frame_groups
from ekosim.clock import DAYS_PER_YEAR
from ekosim.contracts.ledger import REGION

ACCOUNT_COLUMNS = ["revenue", "cost", "fee", "gain_pain", "kpi_reward", "result"]
# A sweep's frames also hold "point" (after "scenario"): every function here keeps it.
RISK_COLUMNS = [
    "scenario",
    "partner",
    "unit",
    "mean_eur",
    "p5_eur",
    "p95_eur",
    "loss_probability",
    "over_budget_probability",
]
REGION_RISK_COLUMNS = ["scenario", "mean_eur", "p5_eur", "p95_eur", "specialist_care_mean_eur"]
LEDGER_NEEDS = ("scenario", "replication", "year", "partner", "item", "amount_eur")
KPIS_NEEDS = ("scenario", "replication", "day", "kpi", "value")
PARTNER_UNIT, REGION_UNIT = "EUR", "EUR/resident"

Budgets = float | Mapping[str, float | None] | None


def partner_accounts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each partner's yearly revenue, cost, fee, gain/pain, KPI reward and result (EUR),
    one row per scenario, design point (a sweep's), replication, year and partner that the
    purchaser pays."""
    keys = [*frame_groups(ledger, LEDGER_NEEDS, "partner_accounts", "ledger"), "year", "partner"]
    rows = ledger[ledger["partner"] != REGION]
    item = rows["item"]

    def total(mask: pd.Series) -> pd.Series:
        return rows[mask].groupby(keys)["amount_eur"].sum()

    paid = total(item.str.startswith("revenue."))
    accounts = pd.DataFrame(
        {
            "revenue": paid,
            "cost": total(item.str.startswith("cost.")),
            "fee": total(item == "revenue.limb2_fee"),
            "gain_pain": total(item == "revenue.limb3_adjustment"),
            "kpi_reward": total(item == "revenue.kpi_reward"),
        }
    )
    accounts = accounts[accounts.index.isin(paid.index)].fillna(0.0)
    accounts["result"] = accounts["revenue"] - accounts["cost"]
    return accounts[ACCOUNT_COLUMNS].reset_index()


def yearly_residents(kpis: pd.DataFrame) -> pd.DataFrame:
    """The mean living residents of each year (from the ``residents`` KPI of a kpis frame),
    one row per scenario, design point, replication and year: per-resident costs' denominator."""
    groups = frame_groups(kpis, KPIS_NEEDS, "yearly_residents", "kpis")
    rows = kpis[kpis["kpi"] == "residents"]
    year = ((rows["day"] - 1) // DAYS_PER_YEAR).rename("year")
    keys = [rows[key] for key in groups] + [year]
    return rows.groupby(keys)["value"].mean().rename("residents").reset_index()


def region_costs(ledger: pd.DataFrame, residents: float | pd.DataFrame) -> pd.DataFrame:
    """The region's yearly total cost (purchases, own production, specialist care) and
    specialist-care cost, EUR and EUR per resident; ``residents`` is a number or the frame
    of ``yearly_residents``."""
    keys = [*frame_groups(ledger, LEDGER_NEEDS, "region_costs", "ledger"), "year"]
    item = ledger["item"]
    own = ledger["partner"].eq(REGION) & item.str.startswith(("purchase.", "cost."))
    in_house = ~ledger["partner"].eq(REGION) & item.str.startswith("cost.")
    paid_partners = set(ledger.loc[item.str.startswith("revenue."), "partner"])
    in_house &= ~ledger["partner"].isin(paid_partners)  # public providers: the region's own
    total = ledger[own | in_house].groupby(keys)["amount_eur"].sum()
    specialist = (
        ledger[item.str.startswith("cost.specialist_care")].groupby(keys)["amount_eur"].sum()
    )
    fees = ledger[ledger["partner"].eq(REGION) & item.str.startswith("income.client_fees")]
    total = total.sub(fees.groupby(keys)["amount_eur"].sum(), fill_value=0.0)
    frame = pd.DataFrame({"total_eur": total, "specialist_care_eur": specialist}).fillna(0.0)
    frame = frame.reset_index()
    if isinstance(residents, pd.DataFrame):
        frame_groups(residents, ("year", "residents"), "region_costs", "residents")
        on = [key for key in keys if key in residents]
        if set(keys) - set(on):
            raise ValueError(
                "region_costs(): residents has no column "
                f"{', '.join(sorted(set(keys) - set(on)))} that the ledger has (pass "
                "yearly_residents of the same runs' kpis)"
            )
        count = frame.merge(residents, on=on, how="left")["residents"].to_numpy()
    else:
        count = residents
    frame["total_eur_per_resident"] = frame["total_eur"] / count
    frame["specialist_care_eur_per_resident"] = frame["specialist_care_eur"] / count
    return frame


def risk_profile(
    ledger: pd.DataFrame, residents: pd.DataFrame | None = None, budget: Budgets = None
) -> pd.DataFrame:
    """Across replications: the distribution of each partner's result over the whole run
    (sum of its yearly results, EUR): mean, 5th and 95th percentile, probability of a loss;
    one row per scenario (and design point) and partner.

    With ``residents`` (the frame of ``yearly_residents``) a row for the region too: its
    total cost per resident over the whole run (EUR/resident, the sum of its yearly costs
    per resident), and with ``budget`` (EUR per resident a year: a number, or scenario ->
    number, e.g. each scenario's ``region.budget_eur_per_resident_year``) the probability
    that this cost is over the budget of the run's years; without a budget that
    probability is NaN (no budget to be over)."""
    groups = frame_groups(ledger, LEDGER_NEEDS, "risk_profile", "ledger")
    outer = [key for key in groups if key != "replication"]
    accounts = partner_accounts(ledger)
    results = accounts.groupby([*groups, "partner"])["result"].sum()
    profile = _spread(results, [*outer, "partner"])
    profile["loss_probability"] = results.groupby([*outer, "partner"]).agg(
        lambda r: float((r < 0).mean())
    )
    profile = profile.reset_index().assign(unit=PARTNER_UNIT, over_budget_probability=np.nan)
    if residents is not None:
        profile = pd.concat([profile, _region_row(ledger, residents, budget, groups, outer)])
    columns = [*outer, *RISK_COLUMNS[1:]] if "point" in outer else RISK_COLUMNS
    if profile.empty:
        return pd.DataFrame(columns=columns)
    return profile[columns].reset_index(drop=True)


def _region_row(
    ledger: pd.DataFrame,
    residents: pd.DataFrame,
    budget: Budgets,
    groups: list[str],
    outer: list[str],
) -> pd.DataFrame:
    """The region's rows of the risk profile: its whole-run cost per resident."""
    costs = region_costs(ledger, residents)
    if costs.empty:
        return pd.DataFrame()
    per_run = costs.groupby(groups).agg(
        cost=("total_eur_per_resident", "sum"), years=("year", "nunique")
    )
    row = _spread(per_run["cost"], outer).reset_index()
    per_run = per_run.reset_index()
    limit = per_run["scenario"].map(_budget_of(budget)).astype(float) * per_run["years"]
    per_run["over"] = np.where(limit.isna(), np.nan, per_run["cost"] > limit)
    over = per_run.groupby(outer)["over"].mean().rename("over_budget_probability")
    row = row.merge(over.reset_index(), on=outer)
    return row.assign(partner=REGION, unit=REGION_UNIT, loss_probability=np.nan)


def _budget_of(budget: Budgets) -> Callable[[str], float]:
    if budget is None or isinstance(budget, Mapping):
        known = dict(budget or {})
        return lambda name: np.nan if known.get(name) is None else float(known[name])  # type: ignore[arg-type]
    return lambda name: float(budget)


def _spread(values: pd.Series, by: list[str], *, sort: bool = True) -> pd.DataFrame:
    """Mean, 5th and 95th percentile of ``values`` in each group."""
    return values.groupby(by, sort=sort).agg(
        mean_eur="mean",
        p5_eur=lambda r: float(np.percentile(r, 5)),
        p95_eur=lambda r: float(np.percentile(r, 95)),
    )


def region_risk(ledger: pd.DataFrame, residents: dict[str, float] | pd.DataFrame) -> pd.DataFrame:
    """Across replications: the region's total cost per resident a year (mean over the run's
    years), its mean, 5th and 95th percentile, and the mean specialist-care part, EUR.
    ``residents``: scenario -> residents, or the frame of ``yearly_residents``."""
    groups = frame_groups(ledger, LEDGER_NEEDS, "region_risk", "ledger")
    outer = [key for key in groups if key != "replication"]
    if isinstance(residents, pd.DataFrame):
        frames = [region_costs(ledger, residents)] if len(ledger) else []
    else:
        frames = [
            region_costs(ledger[ledger["scenario"] == name], size)
            for name, size in residents.items()
            if (ledger["scenario"] == name).any()
        ]
    columns = [*outer, *REGION_RISK_COLUMNS[1:]]
    if not frames:
        return pd.DataFrame(columns=columns)
    per_run = (
        pd.concat(frames)
        .groupby(groups)[["total_eur_per_resident", "specialist_care_eur_per_resident"]]
        .mean()
    )
    profile = _spread(per_run["total_eur_per_resident"], outer, sort=False)
    profile["specialist_care_mean_eur"] = per_run.groupby(outer, sort=False)[
        "specialist_care_eur_per_resident"
    ].mean()
    return profile.reset_index()[columns]
