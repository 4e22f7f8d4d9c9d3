"""Plain-text contract report for ``ekosim run`` and ``ekosim compare``: partners' accounts,
the region's cost, the KPI scorecard, the decision log and the partners' risk profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ekosim.arguments import frame_groups
from ekosim.contracts.kpi_pool import scorecard
from ekosim.contracts.outturn import OUTTURN_ITEM, TARGET_ITEM
from ekosim.contracts.risk import (
    LEDGER_NEEDS,
    REGION,
    Budgets,
    partner_accounts,
    region_costs,
    region_risk,
    risk_profile,
    yearly_residents,
)

if TYPE_CHECKING:
    from ekosim.results import Results


def format_contract(results: Results) -> str:
    """The contract section of one run's report."""
    scenario = results.scenario
    contract = scenario.contract
    lines = [f"\nContract: {contract.model}" + _terms(results)]
    accounts = partner_accounts(results.ledger)
    if not accounts.empty:
        lines.append("\nPartners by year, EUR (result = revenue - cost)")
        table = accounts.drop(columns=["scenario", "replication"]).set_index(["year", "partner"])
        lines.append(_indent(_money(table)))
    alliance = alliance_years(results.ledger)
    if not alliance.empty:
        lines.append(
            "\nAlliance by year, EUR: the target and the outturn inside the contract's scope by "
            "party (result = target - outturn; the partners share it by gain/pain share)"
        )
        table = alliance.drop(columns=["scenario", "replication"]).set_index("year")
        lines.append(_indent(_money(table)))
    residents = yearly_residents(results.kpis)
    region = region_costs(results.ledger, residents).merge(residents).set_index("year")
    lines.append("\nRegion by year, EUR per resident (the year's mean residents)")
    region = region[["residents", "total_eur_per_resident", "specialist_care_eur_per_resident"]]
    lines.append(
        _indent(
            region.rename(columns=lambda c: c.removesuffix("_eur_per_resident"))
            .round(1)
            .to_string()
        )
    )
    card = scorecard(results.kpis, contract)
    if not card.empty:
        lines.append("\nKPI scorecard by year (score -1..+1)")
        pivot = card.pivot(index="year", columns="kpi", values="score")
        lines.append(_indent(pivot.round(2).to_string()))
    if not results.decisions.empty:
        lines.append("\nJoint management group decisions")
        log = results.decisions[["year", "decision", "amount_eur", "note"]].set_index("year")
        lines.append(_indent(_money(log)))
    lines += _partner_decision_lines(results.partner_decisions)
    return "\n".join(lines)


def _partner_decision_lines(decisions: pd.DataFrame) -> list[str]:
    """The partners' decision log: staffing as a share of planned posts, investment in EUR."""
    if decisions.empty:
        return []
    log = decisions.sort_values(["year", "partner"], kind="stable")
    log = log[["year", "partner", "decision", "value", "unit", "note"]].set_index("year")
    text = log.to_string(formatters={"value": _decision_value})
    return ["\nPartners' decisions for the next year", _indent(text)]


def _decision_value(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def format_partner_decisions(ledger: pd.DataFrame) -> str:
    """Each partner's yearly staff cost and digital investment, the ledger items its staffing
    and investment decisions move, as means over runs and years (for ``ekosim compare``)."""
    groups = frame_groups(ledger, LEDGER_NEEDS, "format_partner_decisions", "ledger")
    if "point" in groups and ledger["point"].nunique() == 1:
        groups.remove("point")  # not a sweep: one design point, as the risk profile shows it
    outer = [key for key in groups if key != "replication"]
    costs = ledger[ledger["partner"] != REGION]
    item = costs["item"]
    costs = costs.assign(
        staff_eur_per_year=costs["amount_eur"].where(item.str.startswith("cost.staff."), 0.0),
        digital_investment_eur_per_year=costs["amount_eur"].where(
            item == "cost.it.digital_investment", 0.0
        ),
    )
    columns = ["staff_eur_per_year", "digital_investment_eur_per_year"]
    yearly = costs.groupby([*groups, "year", "partner"])[columns].sum()
    table = yearly.groupby([*outer, "partner"]).mean()
    table = table[table["staff_eur_per_year"] > 0]
    if table.empty:
        return ""
    return "\nPartners' staffing and digital investment, mean EUR a year\n" + _indent(
        table.to_string(formatters=dict.fromkeys(columns, "{:,.0f}".format))
    )


def format_risk_profile(
    ledger: pd.DataFrame,
    residents: dict[str, float] | pd.DataFrame | None = None,
    budget: Budgets = None,
) -> str:
    """Each partner's whole-run result across replications (for ``ekosim compare``); with
    ``residents`` (scenario -> residents, or the frame of ``yearly_residents``), also the
    region's cost per resident: as the risk profile's region row (over the whole run, with
    the probability of exceeding ``budget``) when ``residents`` is a frame, and a year."""
    replications = ledger.groupby("scenario")["replication"].nunique().max()
    frame = residents if isinstance(residents, pd.DataFrame) else None
    profile = risk_profile(ledger, frame, budget)
    if profile.empty:
        text = "\nRisk profile: no partner is paid by the region"
    else:
        profile = _without_single_point(profile)
        keys = [key for key in ("scenario", "point", "partner") if key in profile]
        text = (
            f"\nRisk profile: whole-run result (partners) and cost per resident (region) over "
            f"{replications} replications"
            + ("" if profile["over_budget_probability"].notna().any() else "; no region budget")
            + "\n"
            + _indent(
                profile.set_index(keys).to_string(
                    na_rep="n/a",
                    formatters={
                        **_money_formatters(),
                        "loss_probability": _probability,
                        "over_budget_probability": _probability,
                    },
                )
            )
        )
    outcome = target_outcome(ledger)
    if not outcome.empty:
        outcome = _without_single_point(outcome)
        keys = [key for key in ("scenario", "point", "partner") if key in outcome]
        text += (
            "\n\nAgainst the target: each partner's whole-run gain (+) or pain (-) share of "
            f"the alliance's underrun or overrun of its target (limb 3), {replications} "
            "replications; loss_probability = P(pain over the run)\n"
            + _indent(
                outcome.set_index(keys).to_string(
                    formatters={**_money_formatters(), "loss_probability": _probability}
                )
            )
        )
    result = alliance_result(ledger)
    if not result.empty:
        result = _without_single_point(result)
        keys = [key for key in ("scenario", "point") if key in result]
        text += (
            "\n\nThe alliance's whole-run result against its target (target - outturn of all "
            f"partners inside the contract's scope), EUR, {replications} replications; "
            "overrun_probability = P(outturn over target over the run)\n"
            + _indent(
                result.set_index(keys).to_string(
                    formatters={
                        **_money_formatters(),
                        "target_eur": "{:,.0f}".format,
                        "outturn_eur": "{:,.0f}".format,
                        "overrun_probability": _probability,
                    }
                )
            )
        )
    if residents is not None and len(residents):
        region = region_risk(ledger, residents)
        region = _without_single_point(region).set_index("scenario")
        text += (
            f"\n\nRegion's cost per resident a year over {replications} replications, EUR\n"
            + _indent(region.to_string(formatters=_money_formatters(decimals=1)))
        )
    return text


def _without_single_point(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without its ``point`` column when it holds one design point (not a sweep)."""
    if "point" in frame and frame["point"].nunique() == 1:
        return frame.drop(columns="point")
    return frame


def alliance_years(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each alliance year's target, outturn by party (``outturn.<party>``: the cost inside
    the contract's scope, ``contracts.outturn``), total outturn and result (target -
    outturn), EUR, one row per scenario, design point, replication and year; empty
    without an alliance."""
    groups = frame_groups(ledger, LEDGER_NEEDS, "alliance_years", "ledger")
    keys = [*groups, "year"]
    memo = ledger[ledger["item"].isin([OUTTURN_ITEM, TARGET_ITEM])]
    if memo.empty:
        return pd.DataFrame(columns=[*keys, "target", "outturn", "result"])
    target = memo[memo["item"] == TARGET_ITEM].groupby(keys)["amount_eur"].sum()
    parties = (
        memo[memo["item"] == OUTTURN_ITEM]
        .pivot_table(index=keys, columns="partner", values="amount_eur", aggfunc="sum")
        .fillna(0.0)
    )
    frame = parties.rename(columns=lambda p: f"outturn.{p}")
    frame.columns.name = None
    frame.insert(0, "target", target)
    frame["outturn"] = parties.sum(axis=1)
    frame["result"] = frame["target"] - frame["outturn"]
    return frame.reset_index()


def alliance_result(ledger: pd.DataFrame) -> pd.DataFrame:
    """Across replications: the alliance's whole-run result (the sum over its years of
    target - outturn, EUR): mean, 5th and 95th percentile, the mean target and outturn, and
    the probability of an overrun; one row per scenario (and design point) with an
    alliance."""
    years = alliance_years(ledger)
    runs = [key for key in ("scenario", "point", "replication") if key in years]
    outer = [key for key in runs if key != "replication"]
    columns = [*outer, "target_eur", "outturn_eur", "mean_eur", "p5_eur", "p95_eur"]
    if years.empty:
        return pd.DataFrame(columns=[*columns, "overrun_probability"])
    whole = years.groupby(runs)[["target", "outturn", "result"]].sum()
    grouped = whole.groupby(outer)
    frame = grouped["result"].agg(
        mean_eur="mean",
        p5_eur=lambda r: float(np.percentile(r, 5)),
        p95_eur=lambda r: float(np.percentile(r, 95)),
        overrun_probability=lambda r: float((r < 0).mean()),
    )
    frame["target_eur"] = grouped["target"].mean()
    frame["outturn_eur"] = grouped["outturn"].mean()
    return frame.reset_index()[[*columns, "overrun_probability"]]


def target_outcome(ledger: pd.DataFrame) -> pd.DataFrame:
    """Across replications: each alliance partner's whole-run limb-3 adjustment (its share
    of the underrun, or the pain of an overrun, of the target), EUR: mean, 5th and 95th
    percentile, and the probability that it is a pain (negative). One row per scenario (and
    design point) and partner that has a limb 3; empty without an alliance."""
    accounts = partner_accounts(ledger)
    limb3 = ledger[ledger["item"] == "revenue.limb3_adjustment"]
    if accounts.empty or limb3.empty:
        return pd.DataFrame(
            columns=["scenario", "partner", "mean_eur", "p5_eur", "p95_eur", "loss_probability"]
        )
    runs = [key for key in ("scenario", "point", "replication") if key in accounts]
    alliance = [key for key in runs if key != "replication"] + ["partner"]
    settled = limb3[alliance].drop_duplicates()
    accounts = accounts.merge(settled, on=alliance)  # partners with a limb 3 in that scenario
    outer = [key for key in runs if key != "replication"] + ["partner"]
    whole = accounts.groupby([*runs, "partner"])["gain_pain"].sum()
    frame = whole.groupby(outer).agg(
        mean_eur="mean",
        p5_eur=lambda r: float(np.percentile(r, 5)),
        p95_eur=lambda r: float(np.percentile(r, 95)),
        loss_probability=lambda r: float((r < 0).mean()),
    )
    return frame.reset_index()


def _probability(value: float) -> str:
    return f"{value:.2f}"


def _money_formatters(decimals: int = 0) -> dict[str, object]:
    columns = ("mean_eur", "p5_eur", "p95_eur", "specialist_care_mean_eur")
    return {column: f"{{:,.{decimals}f}}".format for column in columns}


def _terms(results: Results) -> str:
    contract = results.scenario.contract
    if contract.model != "alliance":
        return ""
    target = contract.target
    if target is not None and contract.target_cost_eur_per_year is None:
        stated = (
            f" (target from the contract: {target.toc_eur_per_year:,.0f} EUR/year for "
            f"{target.contract_residents:,} residents in {target.year}, "
            f"x{target.modelled_share:.2f} for the modelled services"
        )
    else:
        stated = f" (target {contract.target_cost_eur_per_year or 0.0:,.0f} EUR/year"
    return (
        stated
        + (
            f", indexed by {contract.target_indexation.replace('_', '-')}"
            if contract.target_indexation != "none"
            else ""
        )
        + ", gain share "
        f"{contract.gain_share:.2f}, pain share {contract.pain_share:.2f}, fee at risk "
        f"{contract.fee_at_risk:.2f}, KPI pool {contract.kpi_pool_eur_per_year:,.0f} EUR/year)"
    )


def _money(table: pd.DataFrame) -> str:
    formatters = {
        column: "{:,.0f}".format
        for column in table.columns
        if pd.api.types.is_numeric_dtype(table[column])
    }
    return table.to_string(formatters=formatters)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
