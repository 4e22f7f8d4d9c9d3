"""How much common random numbers narrow a lever's comparison.

Runs a scenario and a one-lever variant of it with the same seeds (replication i of both uses
seed i) and reports, for a few KPIs, the 95% half-width of the paired difference beside the
half-width the same runs would give unpaired (Welch). The narrower the paired interval against
the unpaired one, the more the two runs share their randomness. Run it before and after a
change to the model's random streams to see what the change bought:

    python benchmarks/crn.py --replications 10 --years 1 --population 5000

One JSON line per KPI: lever, kpi, mean difference, paired and unpaired half-widths, ratio.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from scipy import stats

import ekosim
import ekosim.clock
from ekosim.model import resolve

KPIS = (
    "cost_per_resident_eur_year",
    "unmet_need_share",
    "median_wait_days",
    "p90_wait_days",
    "within_guarantee_share",
    "wellbeing_who5_mean",
)


def final_year(scenario: ekosim.Scenario, seed: int, years: int) -> dict[str, float]:
    """The final year's mean of each KPI of one run."""
    kpis = ekosim.run(scenario, seed=seed, years=years).kpis
    last = kpis[kpis["day"] > kpis["day"].max() - ekosim.clock.DAYS_PER_YEAR]
    means = last.groupby("kpi")["value"].mean()
    return {name: float(means[name]) for name in KPIS if name in means}


def half_widths(base: np.ndarray, lever: np.ndarray) -> tuple[float, float]:
    """95% half-widths of the mean difference: paired, and unpaired (Welch)."""
    n = len(base)
    paired = stats.t.ppf(0.975, n - 1) * np.std(lever - base, ddof=1) / np.sqrt(n)
    var_b, var_l = np.var(base, ddof=1) / n, np.var(lever, ddof=1) / n
    dof = (var_b + var_l) ** 2 / (var_b**2 / (n - 1) + var_l**2 / (n - 1)) if var_b + var_l else 1
    unpaired = stats.t.ppf(0.975, dof) * np.sqrt(var_b + var_l)
    return float(paired), float(unpaired)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="tesoma-base")
    parser.add_argument("--lever", default="providers.mehilainen.staff.dental_team.posts=*0.7")
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--population", type=int, default=5000)
    options = parser.parse_args()
    base = resolve(options.scenario, options.population)
    path, value = options.lever.split("=", 1)
    if value.startswith("*"):  # relative to the scaled scenario's own value
        current: object = base
        for part in path.split("."):
            current = current[part] if isinstance(current, dict) else getattr(current, part)
        scaled = float(current) * float(value[1:])  # type: ignore[arg-type]
        value = str(round(scaled) if isinstance(current, int) else scaled)
    lever = resolve(base, overrides={path: float(value) if "." in value else int(value)})
    runs = [
        (final_year(base, seed, options.years), final_year(lever, seed, options.years))
        for seed in range(options.replications)
    ]
    for kpi in KPIS:
        if not all(kpi in b and kpi in v for b, v in runs):
            continue
        b = np.array([r[0][kpi] for r in runs])
        v = np.array([r[1][kpi] for r in runs])
        paired, unpaired = half_widths(b, v)
        print(
            json.dumps(
                {
                    "scenario": options.scenario,
                    "lever": options.lever,
                    "kpi": kpi,
                    "difference": round(float((v - b).mean()), 6),
                    "paired_half_width": round(paired, 6),
                    "unpaired_half_width": round(unpaired, 6),
                    "paired_over_unpaired": round(paired / unpaired, 3) if unpaired else None,
                }
            )
        )


if __name__ == "__main__":
    main()
