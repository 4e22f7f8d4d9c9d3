"""From the open-book ledger: partners' yearly accounts, the region's cost, risk profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ekosim.clock import DAYS_PER_YEAR
from ekosim.contracts.ledger import REGION

ACCOUNT_COLUMNS = ["revenue", "cost", "fee", "gain_pain", "kpi_reward", "result"]
RISK_COLUMNS = ["scenario", "partner", "mean_eur", "p5_eur", "p95_eur", "loss_probability"]
REGION_RISK_COLUMNS = ["scenario", "mean_eur", "p5_eur", "p95_eur", "specialist_care_mean_eur"]


def partner_accounts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each partner's yearly revenue, cost, fee, gain/pain, KPI reward and result (EUR),
    one row per scenario, replication, year and partner that the purchaser pays."""
    keys = ["scenario", "replication", "year", "partner"]
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
    one row per scenario, replication and year: the denominator of per-resident costs."""
    rows = kpis[kpis["kpi"] == "residents"]
    year = ((rows["day"] - 1) // DAYS_PER_YEAR).rename("year")
    keys = [rows[key] for key in ("scenario", "replication") if key in rows] + [year]
    return rows.groupby(keys)["value"].mean().rename("residents").reset_index()


def region_costs(ledger: pd.DataFrame, residents: float | pd.DataFrame) -> pd.DataFrame:
    """The region's yearly total cost (purchases, own production, specialist care) and
    specialist-care cost, EUR and EUR per resident; ``residents`` is a number or the frame
    of ``yearly_residents``."""
    keys = ["scenario", "replication", "year"]
    item = ledger["item"]
    own = ledger["partner"].eq(REGION) & item.str.startswith(("purchase.", "cost."))
    in_house = ~ledger["partner"].eq(REGION) & item.str.startswith("cost.")
    paid_partners = set(ledger.loc[item.str.startswith("revenue."), "partner"])
    in_house &= ~ledger["partner"].isin(paid_partners)  # public providers: the region's own
    total = ledger[own | in_house].groupby(keys)["amount_eur"].sum()
    specialist = ledger[item.eq("cost.specialist_care")].groupby(keys)["amount_eur"].sum()
    frame = pd.DataFrame({"total_eur": total, "specialist_care_eur": specialist}).fillna(0.0)
    frame = frame.reset_index()
    if isinstance(residents, pd.DataFrame):
        on = [key for key in keys if key in residents]
        count = frame.merge(residents, on=on, how="left")["residents"].to_numpy()
    else:
        count = residents
    frame["total_eur_per_resident"] = frame["total_eur"] / count
    frame["specialist_care_eur_per_resident"] = frame["specialist_care_eur"] / count
    return frame


def risk_profile(ledger: pd.DataFrame) -> pd.DataFrame:
    """Across replications: the distribution of each partner's result over the whole run
    (sum of its yearly results): mean, 5th and 95th percentile, probability of a loss."""
    accounts = partner_accounts(ledger)
    if accounts.empty:
        return pd.DataFrame(columns=RISK_COLUMNS)
    results = accounts.groupby(["scenario", "partner", "replication"])["result"].sum()
    profile = results.groupby(["scenario", "partner"]).agg(
        mean_eur="mean",
        p5_eur=lambda r: float(np.percentile(r, 5)),
        p95_eur=lambda r: float(np.percentile(r, 95)),
        loss_probability=lambda r: float((r < 0).mean()),
    )
    return profile.reset_index()[RISK_COLUMNS]


def region_risk(ledger: pd.DataFrame, residents: dict[str, float] | pd.DataFrame) -> pd.DataFrame:
    """Across replications: the region's total cost per resident a year (mean over the run's
    years), its mean, 5th and 95th percentile, and the mean specialist-care part, EUR.
    ``residents``: scenario -> residents, or the frame of ``yearly_residents``."""
    if isinstance(residents, pd.DataFrame):
        frames = [region_costs(ledger, residents)] if len(ledger) else []
    else:
        frames = [
            region_costs(ledger[ledger["scenario"] == name], size)
            for name, size in residents.items()
            if (ledger["scenario"] == name).any()
        ]
    if not frames:
        return pd.DataFrame(columns=REGION_RISK_COLUMNS)
    per_run = (
        pd.concat(frames)
        .groupby(["scenario", "replication"])[
            ["total_eur_per_resident", "specialist_care_eur_per_resident"]
        ]
        .mean()
    )
    grouped = per_run.groupby("scenario", sort=False)
    profile = grouped["total_eur_per_resident"].agg(
        mean_eur="mean",
        p5_eur=lambda r: float(np.percentile(r, 5)),
        p95_eur=lambda r: float(np.percentile(r, 95)),
    )
    profile["specialist_care_mean_eur"] = grouped["specialist_care_eur_per_resident"].mean()
    return profile.reset_index()[REGION_RISK_COLUMNS]
