"""The collector that measures the KPIs of the catalogue (``ekosim.catalogue``) over windows.

Every part of the model that measures something is a ``KpiReporter``: it declares the KPIs it
reports (``KPIS``), counts what it needs as the days go, and ``report(window)`` returns those
KPIs' values for the window and restarts its counts. The collector only closes windows and
keeps the rows; it knows no component.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ekosim.catalogue import KPIS, LEVEL_TITLES, LEVELS, Kpi, Level
from ekosim.clock import DAYS_PER_YEAR

if TYPE_CHECKING:
    from ekosim.carepath import HomeCare
    from ekosim.population import Events, Residents
    from ekosim.population.keyresults import KeyResults

__all__ = [
    "KPIS",
    "LEVELS",
    "LEVEL_TITLES",
    "KeyResultsReport",
    "Kpi",
    "KpiCollector",
    "KpiReporter",
    "KpiWindow",
    "Level",
    "ResidentsReport",
    "ratio",
]


def window_ends(interval_days: int) -> frozenset[int]:
    """The days of the year (1..365) on which a KPI window closes: the year splits into
    ``round(365 / interval_days)`` windows of as equal length as possible (30 days -> twelve
    windows of 30 or 31 days), so every year ends a window and no window is a short remnant
    (a 5-day window at a year's end, two of its days a closed weekend, made a dip)."""
    count = max(round(DAYS_PER_YEAR / interval_days), 1)
    return frozenset(round(k * DAYS_PER_YEAR / count) for k in range(1, count + 1))


@dataclass(frozen=True)
class KpiWindow:
    """The window a report covers: it ends on ``day`` (1-based) and lasted ``days`` days;
    ``people`` is the residents' state at its end and ``residents`` how many live in the area
    then (at least 1: the per-resident denominator)."""

    day: int
    days: int
    people: Residents

    @property
    def residents(self) -> int:
        return max(self.people.size, 1)

    @property
    def per_year(self) -> float:
        """The factor that annualises a count over the window."""
        return DAYS_PER_YEAR / max(self.days, 1)


class KpiReporter(Protocol):
    """A part of the model that measures KPIs: ``KPIS`` names them (catalogue names), and
    ``report`` returns exactly those for the window, then restarts the part's counts."""

    @property
    def KPIS(self) -> tuple[str, ...]: ...

    def report(self, window: KpiWindow) -> dict[str, float]: ...


class KpiCollector:
    """Closes KPI windows: asks every reporter for its values and keeps one row per KPI.

    ``residents`` gives the residents' state at a window's end (the population's arrays,
    replaced when it grows). Rows follow the catalogue's order, so a frame does not depend on
    the order of the reporters.
    """

    def __init__(
        self, reporters: Sequence[KpiReporter], residents: Callable[[], Residents]
    ) -> None:
        names = [name for reporter in reporters for name in reporter.KPIS]
        unknown = sorted(set(names) - set(KPIS))
        twice = sorted({name for name in names if names.count(name) > 1})
        if unknown or twice:
            raise ValueError(
                f"KPI reporters: not in the catalogue {unknown}, reported twice {twice}"
            )
        self.reporters = list(reporters)
        self.residents = residents
        self.last_day = 0
        self.rows: list[tuple[int, str, float]] = []  # (day, kpi, value)

    @property
    def names(self) -> list[str]:
        """The KPIs these reporters report, in the catalogue's order."""
        reported = {name for reporter in self.reporters for name in reporter.KPIS}
        return [name for name in KPIS if name in reported]

    def observe(self, day: int) -> None:
        """Record every KPI for the window ending on ``day`` (1-based day number)."""
        window = KpiWindow(day, day - self.last_day, self.residents())
        values: dict[str, float] = {}
        for reporter in self.reporters:
            report = reporter.report(window)
            if report.keys() != set(reporter.KPIS):
                raise RuntimeError(
                    f"{type(reporter).__name__} reported {sorted(report)}, "
                    f"declared {sorted(reporter.KPIS)}"
                )
            values |= report
        self.rows.extend((day, name, values[name]) for name in KPIS if name in values)
        self.last_day = day


class ResidentsReport:
    """The population's KPIs: well-being, deaths, births, ageing and type 2 diabetes, and how
    many live in the area. Events (deaths, births, onsets) are the population's cumulative
    counts; a window's are what they grew by since the last report."""

    KPIS = (
        "wellbeing_who5_mean",
        "deaths_per_1000_year",
        "t2d_prevalence_30_plus_share",
        "t2d_incidence_per_1000_adults_year",
        "residents",
        "births_per_1000_year",
        "share_65_plus",
    )

    def __init__(self, events: Events) -> None:
        self.events = events
        self.counted = dataclasses.replace(events)

    def report(self, window: KpiWindow) -> dict[str, float]:
        people, events, counted = window.people, self.events, self.counted
        alive, age = people.alive, people.age
        per_1000_year = 1000 * window.per_year
        adults_at_risk = int((alive & (age >= 18) & ~people.diabetes).sum())
        values = {
            "wellbeing_who5_mean": float(people.wellbeing[alive].mean()),
            "deaths_per_1000_year": (events.deaths - counted.deaths)
            / window.residents
            * per_1000_year,
            "t2d_prevalence_30_plus_share": ratio(
                int((alive & (age >= 30) & people.diabetes).sum()), int((alive & (age >= 30)).sum())
            ),
            "t2d_incidence_per_1000_adults_year": ratio(
                events.diabetes_onsets - counted.diabetes_onsets, adults_at_risk
            )
            * per_1000_year,
            "residents": float(people.size),
            "births_per_1000_year": (events.births - counted.births)
            / window.residents
            * per_1000_year,
            "share_65_plus": ratio(int((alive & (age >= 65)).sum()), int(alive.sum())),
        }
        self.counted = dataclasses.replace(events)
        return values


class KeyResultsReport:
    """The key result areas' KPIs (``ekosim.population.keyresults``) at a window's end."""

    KPIS = (
        "child_wellbeing_index",
        "work_ability_mean",
        "sickness_absence_days_per_working_age_year",
        "functional_ability_mean_65_plus",
        "living_at_home_share_75_plus",
        "entries_24h_care_per_1000_75_plus_year",
        "specialist_care_visits_per_1000_year",
    )

    def __init__(self, key_results: KeyResults, home_care: HomeCare) -> None:
        self.key_results, self.home_care = key_results, home_care

    def report(self, window: KpiWindow) -> dict[str, float]:
        return self.key_results.observe(window.people, self.home_care.assisted_living, window.days)


def ratio(numerator: float, denominator: float, empty: float = 0.0) -> float:
    """``numerator / denominator``, or ``empty`` when nothing was counted."""
    return numerator / denominator if denominator else empty
