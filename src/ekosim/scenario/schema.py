"""The scenario schema: every field typed, with its unit, range and meaning.

A Scenario is frozen: nothing in the model or an actor's policy mutates it. Numbers in the
defaults carry their source in ``description`` (or say "assumption"). ``docs/scenarios.md``
is generated from these declarations.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

AGE_BAND = re.compile(r"^(\d+)-(\d+)$|^(\d+)\+$")

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Money = Annotated[float, Field(ge=0.0, le=1e12)]


class Section(BaseModel):
    """A strict, frozen part of a scenario: unknown keys and type coercion are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


def parse_age_band(band: str) -> tuple[int, int]:
    """'15-64' -> (15, 65); '75+' -> (75, 111). Upper bound exclusive, in years."""
    match = AGE_BAND.match(band.strip())
    if not match:
        raise ValueError(f"age band {band!r} must look like '15-64' or '75+'")
    if match.group(3) is not None:
        return int(match.group(3)), 111
    low, high = int(match.group(1)), int(match.group(2))
    if high < low:
        raise ValueError(f"age band {band!r} ends before it starts")
    return low, high + 1


def check_shares(shares: dict[str, float], what: str) -> dict[str, float]:
    total = sum(shares.values())
    if shares and abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} shares must sum to 1 (they sum to {total:.6g})")
    return shares


class PopulationSpec(Section):
    size: int = Field(
        ge=1,
        le=5_000_000,
        description="Residents at the start, persons. Pirkanmaa 515,095 (Statistics Finland "
        "31.12.2018); Tesoma area about 20,000-23,000 (City of Tampere).",
    )
    age_structure: dict[str, Share] = Field(
        default={"0-14": 0.16, "15-64": 0.63, "65-74": 0.12, "75+": 0.09},
        description="Share of residents by age band, summing to 1. Default: Pirkanmaa "
        "31.12.2018 (Statistics Finland).",
    )
    female_share: Share = Field(
        default=0.507, description="Share of women, fraction. Statistics Finland 2018 (50.7%)."
    )
    births_per_1000_year: float = Field(
        default=8.6,
        ge=0.0,
        le=50.0,
        description="Live births per 1,000 residents a year. Finland 2018: 8.6 (Statistics "
        "Finland).",
    )
    in_migration_per_year: Share = Field(
        default=0.035,
        description="Residents moving in a year, fraction of residents. Assumption giving "
        "Pirkanmaa's net gain of about +0.6%/year (Statistics Finland 2018, approx.).",
    )
    out_migration_per_year: Share = Field(
        default=0.029,
        description="Residents moving out a year, fraction of residents (assumption, see "
        "in_migration_per_year).",
    )

    @field_validator("age_structure")
    @classmethod
    def _bands_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        for band in value:
            parse_age_band(band)
        return check_shares(value, "age_structure")


class DemandSpec(Section):
    source: Literal["health", "poisson"] = Field(
        default="health",
        description="'health': needs arise from residents' health state; 'poisson': a fixed "
        "Poisson stream of arrivals_per_day into the only service (queueing checks).",
    )
    contacts_per_resident_year: float = Field(
        default=5.3,
        ge=0.0,
        le=100.0,
        description="Primary-care contacts per resident a year. THL 2023: 29.8 M outpatient "
        "contacts / 5.6 M residents.",
    )
    arrivals_per_day: float | None = Field(
        default=None, ge=0.0, le=1e6, description="Poisson arrivals a day (source 'poisson' only)."
    )

    @model_validator(mode="after")
    def _rate_for_poisson(self) -> DemandSpec:
        if self.source == "poisson" and self.arrivals_per_day is None:
            raise ValueError("source 'poisson' needs arrivals_per_day")
        return self


class ChannelSpec(Section):
    capacity_per_day: int = Field(ge=0, le=10_000_000, description="Contacts handled a day.")
    resolution_rate: Share = Field(
        default=0.0, description="Share of contacts resolved in the contact itself, fraction."
    )
    open_days_per_week: int = Field(
        default=5, ge=1, le=7, description="Days a week the channel answers (Monday first), days."
    )
    cost_per_contact_eur: Money = Field(default=0.0, description="Unit cost, EUR/contact.")
    provider: str | None = Field(
        default=None, description="Partner that runs the channel; none = the purchaser itself."
    )


class ChannelsSpec(Section):
    phone: ChannelSpec | None = None
    digital: ChannelSpec | None = None
    walk_in: ChannelSpec | None = None
    digital_share: Share = Field(
        default=0.32,
        description="Share of first contacts made digitally, fraction. THL 2023: 32% of "
        "primary-care contacts remote.",
    )
    walk_in_share: Share = Field(
        default=0.10, description="Share of first contacts made by walking in (assumption)."
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> ChannelsSpec:
        if self.digital_share + self.walk_in_share > 1.0 + 1e-9:
            raise ValueError("digital_share + walk_in_share must not exceed 1")
        return self


class ServiceSpec(Section):
    provider: str = Field(description="The partner that produces this service.")
    capacity_per_day: int = Field(
        ge=0, le=10_000_000, description="Contacts started a working day, contacts/day."
    )
    cost_per_contact_eur: Money = Field(default=0.0, description="Unit cost, EUR/contact.")
    open_days_per_week: int = Field(
        default=5, ge=1, le=7, description="Working days a week (Monday first), days."
    )
    patience_days: float | None = Field(
        default=None,
        gt=0.0,
        le=3650.0,
        description="Mean days a waiting client waits before abandoning; none = never abandons.",
    )
    share_of_needs: Share = Field(
        default=1.0,
        description="Share of escalated contacts routed to this service; over all services "
        "the shares sum to 1.",
    )


class ProviderSpec(Section):
    kind: Literal["public", "private", "ngo", "integrator"] = Field(
        description="Ownership of the partner."
    )
    fee_eur_per_year: Money = Field(
        default=0.0, description="Limb-2 fee (overhead and profit) under an alliance, EUR/year."
    )


class KpiTargetSpec(Section):
    name: str = Field(description="A KPI name (see docs/kpis).")
    target: float = Field(description="The value that earns the full reward, in the KPI's unit.")
    weight: Share = Field(description="Weight in the KPI reward pool, fraction.")


class ContractSpec(Section):
    model: Literal["in_house", "alliance"] = Field(
        default="in_house", description="Payment model between the purchaser and the partners."
    )
    target_cost_eur_per_year: Money | None = Field(
        default=None,
        description="Target outturn cost (TOC), EUR/year. Tesoma 2022: 15.84 M (City of Tampere).",
    )
    gain_share: Share = Field(
        default=0.5, description="NOPs' share of an underrun. 50:50 is 'traditional' (NACG 2015)."
    )
    pain_share: Share = Field(default=0.5, description="NOPs' share of an overrun (NACG 2015).")
    fee_at_risk: Share = Field(
        default=1.0, description="Share of the fee that caps the painshare (NACG 2015)."
    )
    kpis: list[KpiTargetSpec] = Field(
        default_factory=list,
        max_length=6,
        description="Key result areas with targets and weights; at most six (NACG 2015).",
    )

    @model_validator(mode="after")
    def _alliance_has_target(self) -> ContractSpec:
        if self.model == "alliance" and self.target_cost_eur_per_year is None:
            raise ValueError("an alliance needs target_cost_eur_per_year")
        return self


class CareGuaranteeSpec(Section):
    limit_days_under_23: int = Field(
        default=14,
        ge=0,
        le=3650,
        description="Non-urgent primary care limit for under-23s, days (Health Care Act, "
        "from 1.1.2025).",
    )
    limit_days_23_and_over: int = Field(
        default=90,
        ge=0,
        le=3650,
        description="Non-urgent primary care limit for ages 23+, days (3 months from 1.1.2025).",
    )


class ReportingSpec(Section):
    kpi_interval_days: int = Field(
        default=30, ge=1, le=365, description="Days between KPI observations in the kpis frame."
    )


class Scenario(Section):
    """One wellbeing services area and its service network, ready to simulate."""

    name: str = Field(min_length=1, max_length=100, description="Short identifier.")
    description: str = Field(default="", max_length=2000, description="One line for listings.")
    horizon_years: int = Field(default=10, ge=1, le=50, description="Simulated years.")
    start_date: dt.date = Field(
        default=dt.date(2026, 1, 5), description="First simulated day (sets the weekdays)."
    )
    population: PopulationSpec
    demand: DemandSpec = Field(default_factory=DemandSpec)
    channels: ChannelsSpec = Field(default_factory=ChannelsSpec)
    services: dict[str, ServiceSpec] = Field(min_length=1, description="The service network.")
    providers: dict[str, ProviderSpec] = Field(min_length=1, description="Producing partners.")
    contract: ContractSpec = Field(default_factory=ContractSpec)
    care_guarantee: CareGuaranteeSpec = Field(default_factory=CareGuaranteeSpec)
    reporting: ReportingSpec = Field(default_factory=ReportingSpec)

    @model_validator(mode="before")
    @classmethod
    def _single_service_shorthand(cls, data: Any) -> Any:
        """``service: {...}`` is shorthand for a network of one service named 'service'."""
        if isinstance(data, dict) and "service" in data and "services" not in data:
            data = dict(data)
            data["services"] = {"service": data.pop("service")}
        return data

    @field_validator("services")
    @classmethod
    def _routing_sums_to_one(cls, value: dict[str, ServiceSpec]) -> dict[str, ServiceSpec]:
        check_shares({name: spec.share_of_needs for name, spec in value.items()}, "share_of_needs")
        return value

    @property
    def days(self) -> int:
        return self.horizon_years * 365
