"""The scenario schema: every field typed, with its unit, range and meaning.

A Scenario is frozen: nothing in the model or an actor's policy mutates it. Numbers in the
defaults carry their source in ``description`` (or say "assumption"). ``docs/scenarios.md``
is generated from these declarations.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ekosim.clock import DAYS_PER_YEAR

AGE_BAND = re.compile(r"^(\d+)-(\d+)$|^(\d+)\+$")

Share = Annotated[float, Field(ge=0.0, le=1.0)]
MAX_RESIDENTS = 5_000_000  # Finland's population rounded down; larger is a mistake
# Opening hours are an area's amount, summed over its sites (kiosks, youth spaces, libraries),
# so they scale with the residents; a week's 168 hours bound one site, not an area.
MAX_AREA_HOURS_PER_WEEK = 1e6
# Memory a run needs per resident, bytes: the peak traced by tracemalloc over a month of
# tesoma-alliance was 262 B/resident at 20,000 and 200,000 residents (tests/population), and
# 315 B at 20,000 once contacts were drawn a month at a time on per-resident random streams.
BYTES_PER_RESIDENT = 360
Money = Annotated[float, Field(ge=0.0, le=1e12)]
# A calendar year as a mapping key: YAML reads keys as text, so '2026' is taken as 2026.
Year = Annotated[int, Strict(False), Field(ge=1900, le=2200)]
SUMMER_WEEKS = 6  # ISO weeks 26-31: when most Finnish health-care staff take their summer leave


class Section(BaseModel):
    """A strict, frozen part of a scenario: unknown keys and type coercion are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


# ---- labels: the names people read (the apps show them instead of the code names) --------

LABEL_LANGUAGES = ("fi", "en")
MAX_LABEL = 100  # characters


def _check_label(value: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(value) - set(LABEL_LANGUAGES))
    if unknown:
        raise ValueError(
            f"unknown label language {unknown[0]!r} (languages: {', '.join(LABEL_LANGUAGES)})"
        )
    if not value:
        raise ValueError(f"a label names at least one language ({', '.join(LABEL_LANGUAGES)})")
    for language, written in value.items():
        if not written.strip():
            raise ValueError(f"the {language!r} label is empty")
    return value


Label = Annotated[
    dict[str, Annotated[str, Field(max_length=MAX_LABEL)]], AfterValidator(_check_label)
]


def label_field(what: str) -> Any:
    """The optional ``label`` of a scenario, service, provider, profession, channel or NGO."""
    return Field(
        default=None,
        description=f"The {what}'s name as people read it, by language: {{fi: ..., en: ...}} "
        "(either may be left out, the other is shown); none = the apps show the code name "
        "written out.",
    )


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


def memory_needed(residents: int) -> str:
    """A run's memory for this many residents, in words (e.g. '600 GB')."""
    gigabytes = residents * BYTES_PER_RESIDENT / 1e9
    if gigabytes >= 1e6:
        return f"{gigabytes / 1e6:,.0f} PB"
    if gigabytes >= 1e3:
        return f"{gigabytes / 1e3:,.1f} TB"
    return f"{gigabytes:,.1f} GB" if gigabytes >= 1 else f"{gigabytes * 1e3:,.0f} MB"


def check_shares(shares: dict[str, float], what: str) -> dict[str, float]:
    total = sum(shares.values())
    if shares and abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} shares must sum to 1 (they sum to {total:.6g})")
    return shares


class AgeDistributionSpec(Section):
    """Residents by five-year or single-year age band, spreading ages within the broad bands
    of ``population.age_structure`` (whose shares stay the totals)."""

    unit: Literal["persons", "fraction"] = Field(
        description="What the band figures are: residents (persons) or shares of residents "
        "(fraction, summing to 1)."
    )
    source: str = Field(
        min_length=1, description="Where the figures come from: publisher, table, area, date."
    )
    bands: dict[str, Annotated[float, Field(ge=0.0, le=1e9)]] = Field(
        min_length=1,
        description="Figures by narrow age band ('75-79', '100+'), persons or fraction (as "
        "unit says). Each lies inside one band of age_structure (or outside them all: then "
        "unused); a broad band with any narrow bands is covered by them without gaps or "
        "overlaps; one without keeps an even spread.",
    )

    @field_validator("bands")
    @classmethod
    def _bands_are_ordered_and_apart(cls, value: dict[str, float]) -> dict[str, float]:
        spans = sorted((parse_age_band(band), band) for band in value)
        for ((_, high), before), ((low, _), after) in itertools.pairwise(spans):
            if low < high:
                raise ValueError(f"age bands {before!r} and {after!r} overlap")
        return value

    @model_validator(mode="after")
    def _fractions_sum_to_one(self) -> AgeDistributionSpec:
        if self.unit == "fraction":
            check_shares(self.bands, "age_distribution bands")
        if not sum(self.bands.values()) > 0:
            raise ValueError("age_distribution bands hold no residents")
        return self


def narrow_bands_within(
    broad: dict[str, float], narrow: dict[str, float]
) -> list[list[tuple[int, int, float]]]:
    """For each band of ``broad`` in order, the ``narrow`` bands inside it as (low, high,
    figure), sorted by age (narrow bands outside every broad band are left out); ValueError
    if one straddles broad bands or a broad band's narrow bands leave a gap."""
    spans = [parse_age_band(band) for band in broad]
    inside: list[list[tuple[int, int, float]]] = [[] for _ in spans]
    for band, figure in narrow.items():
        low, high = parse_age_band(band)
        owner = [i for i, (lo, hi) in enumerate(spans) if lo <= low and high <= hi]
        if owner:
            inside[owner[0]].append((low, high, figure))
        elif any(lo < high and low < hi for lo, hi in spans):
            raise ValueError(f"age band {band!r} straddles bands of age_structure")
    for (low, high), narrows, band in zip(spans, inside, broad, strict=True):
        narrows.sort()
        if narrows and [narrows[0][0], narrows[-1][1]] != [low, high]:
            raise ValueError(f"the age bands inside {band!r} must cover it from {low} on")
        for before, after in itertools.pairwise(narrows):
            if before[1] != after[0]:
                raise ValueError(f"the age bands inside {band!r} leave a gap at {before[1]}")
    return inside


class ProjectionSpec(Section):
    """A population projection the run follows: residents by the age bands of
    ``population.age_structure`` at the end of each year, for one or more variants (Statistics
    Finland's projection and its alternative calculations). The demography is calibrated to
    it as the run goes (``ekosim.population.projection``)."""

    source: str = Field(
        min_length=1,
        description="Where the figures come from: publisher, projection, table, area, date.",
    )
    unit: Literal["persons"] = Field(
        default="persons", description="What the figures are: residents at the end of a year."
    )
    base_year: int = Field(
        ge=1900,
        le=2200,
        description="The projection's year of the start population, calendar year (the run's "
        "year 0; each band then follows its projected change from it, scaled to the run).",
    )
    variants: dict[str, dict[Year, dict[str, Annotated[float, Field(ge=0.0, le=1e9)]]]] = Field(
        min_length=1,
        description="Residents by age band (the bands of age_structure), persons, by year, "
        "by variant name ('principal', 'no_migration', ...). Years between those given are "
        "interpolated linearly; after the last one its figures hold.",
    )
    variant: str = Field(
        default="principal",
        min_length=1,
        description="The variant the run follows (one of variants; ``--projection VARIANT`` "
        "on the command line picks another).",
    )

    @field_validator("variant")
    @classmethod
    def _variant_known(cls, value: str, info: ValidationInfo) -> str:
        variants = info.data.get("variants")
        if variants is not None and value not in variants:
            raise ValueError(f"unknown projection variant (known: {', '.join(sorted(variants))})")
        return value

    @model_validator(mode="after")
    def _variants_have_the_base_year(self) -> ProjectionSpec:
        for name, years in self.variants.items():
            if self.base_year not in years:
                raise ValueError(f"variant {name!r} has no figures for base_year {self.base_year}")
            for year, bands in years.items():
                if not sum(bands.values()) > 0:
                    raise ValueError(f"variant {name!r}, year {year}: no residents")
        return self

    def covers(self, years: int) -> bool:
        """Whether every variant has figures up to ``years`` after the base year."""
        return all(max(v) >= self.base_year + years for v in self.variants.values())


def check_projection_bands(broad: dict[str, float], projection: ProjectionSpec) -> None:
    """ValueError unless every year of every variant gives exactly the bands of ``broad``."""
    expected = list(broad)
    for name, years in projection.variants.items():
        for year, bands in years.items():
            if set(bands) != set(expected):
                missing = [band for band in expected if band not in bands]
                extra = [band for band in bands if band not in broad]
                parts = [f"missing {', '.join(missing)}"] if missing else []
                parts += [f"not in age_structure: {', '.join(extra)}"] if extra else []
                raise ValueError(
                    f"projection variant {name!r}, year {year}: its bands must be "
                    f"age_structure's ({', '.join(expected)}); {'; '.join(parts)}"
                )


class PopulationSpec(Section):
    size: int = Field(
        ge=1,
        le=MAX_RESIDENTS,
        description="Residents at the start, persons. Pirkanmaa 515,095 "
        "(Statistics Finland 31.12.2018); Tesoma area about 20,000-23,000 (City of Tampere).",
    )
    age_structure: dict[str, Share] = Field(
        default={"0-14": 0.16, "15-64": 0.63, "65-74": 0.12, "75+": 0.09},
        description="Share of residents by age band, summing to 1. Default: Pirkanmaa "
        "31.12.2018 (Statistics Finland).",
    )
    age_distribution: AgeDistributionSpec | None = Field(
        default=None,
        description="Residents by five-year or single-year age band with unit and source; ages "
        "within each broad band follow it. None: ages spread evenly within each band (an open "
        "band thinning out with age).",
    )
    projection: ProjectionSpec | None = Field(
        default=None,
        description="A population projection by age band and year, with its source and "
        "variants; the run's demography is calibrated to follow the chosen variant. None: "
        "births, deaths and migration at the rates below.",
    )
    areas: dict[str, Share] = Field(
        default_factory=dict,
        description="Residents' home areas (districts or municipalities) with their shares of "
        "residents, fractions summing to 1; empty = one area. NGOs may serve only some areas.",
    )
    female_share: Share = Field(
        default=0.507, description="Share of women, fraction. Statistics Finland 2018 (50.7%)."
    )
    births_per_1000_year: float = Field(
        default=8.6,
        ge=0.0,
        le=50.0,
        description="Live births, births/1000 residents/year. Finland 2018: 8.6 (Statistics "
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

    @field_validator("size", mode="before")  # before the bound, to say what it would take
    @classmethod
    def _fits_in_memory(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_RESIDENTS:
            raise ValueError(
                f"population {value:,} would need about {memory_needed(value)} of memory; "
                f"at most {MAX_RESIDENTS:,} residents are allowed"
            )
        return value

    @field_validator("areas")
    @classmethod
    def _areas_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value, "areas")

    @field_validator("age_structure")
    @classmethod
    def _bands_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        for band in value:
            parse_age_band(band)
        return check_shares(value, "age_structure")

    @field_validator("age_distribution")
    @classmethod
    def _narrow_bands_fit(
        cls, value: AgeDistributionSpec | None, info: ValidationInfo
    ) -> AgeDistributionSpec | None:
        if value is not None and "age_structure" in info.data:
            narrow_bands_within(info.data["age_structure"], value.bands)
        return value

    @field_validator("projection")
    @classmethod
    def _projection_bands_match(
        cls, value: ProjectionSpec | None, info: ValidationInfo
    ) -> ProjectionSpec | None:
        if value is not None and "age_structure" in info.data:
            check_projection_bands(info.data["age_structure"], value)
        return value


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
        description="Primary-care contacts, contacts/resident/year. THL 2023: 29.8 M "
        "outpatient contacts / 5.6 M residents.",
    )
    arrivals_per_day: float | None = Field(
        default=None,
        ge=0.0,
        le=1e6,
        description="Poisson arrivals (source 'poisson' only), contacts/day.",
    )

    @model_validator(mode="after")
    def _rate_for_poisson(self) -> DemandSpec:
        if self.source == "poisson" and self.arrivals_per_day is None:
            raise ValueError("source 'poisson' needs arrivals_per_day")
        return self


class ChannelSpec(Section):
    label: Label | None = label_field("channel")
    capacity_per_day: int = Field(
        ge=0, le=10_000_000, description="Contacts handled a day, contacts/day."
    )
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
    patience_days: float | None = Field(
        default=None,
        gt=0.0,
        le=365.0,
        description="Mean wait for a callback before a contact not answered on its day gives "
        "up, days (urgent contacts never give up); none = waits however long it takes.",
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


PATH_STEP = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class BookingSpec(Section):
    """A service's appointment books: each profession has its own daily slots and queue.

    The needs assessment decides who is needed (``paths``: a profession, or professions in
    sequence joined by ``>``, e.g. ``nurse>doctor``); a non-urgent contact is booked into the
    first free slot of its profession's book on a working day, an urgent one the same or the
    next working day from the reserved slots.
    """

    paths: dict[str, dict[str, Share]] = Field(
        min_length=1,
        description="Need type (ekosim.population.needs.NEEDS) or 'default' -> {path: share}: "
        "who the assessment books, a profession of the provider's staff or professions in "
        "sequence ('nurse>doctor'), shares summing to 1 (assumption unless a source is given).",
    )
    horizon_days: int = Field(
        default=90,
        ge=1,
        le=730,
        description="How far ahead the books are open, days; contacts beyond wait unbooked "
        "(in arrival order) until a day opens.",
    )
    urgent_share: Share = Field(
        default=0.15,
        description="Share of each day's slots kept for urgent contacts (same or next working "
        "day), fraction; slots left unused that day are lost (assumption).",
    )
    no_show_rate: Share = Field(
        default=0.0,
        description="Share of booked non-urgent appointments the patient does not turn up to "
        "(the slot is lost; the need goes unmet), fraction.",
    )
    cancellation_rate: Share = Field(
        default=0.0,
        description="Share of booked non-urgent appointments cancelled ahead (the slot is free "
        "again and the next booking takes it; the need goes unmet), fraction.",
    )
    doctor: str = Field(
        default="doctor",
        description="The profession whose book gives T3 and the doctor KPIs "
        "(doctor_visit_share, doctor_within_7/14_days_share).",
    )
    task_shifts: dict[str, str] = Field(
        default_factory=dict,
        description="Task shifting when a book is full: profession -> the profession that "
        "takes its non-urgent contacts (e.g. nurse: doctor, whose slots they then use) when "
        "its own first free slot is more than task_shift_after_days ahead and the other's is "
        "sooner; none = no shifting (assumption: in a nurse shortage Finnish health stations "
        "book nurses' tasks with doctors rather than turn patients away).",
    )
    task_shift_after_days: int = Field(
        default=14,
        ge=0,
        le=730,
        description="Calendar days ahead of a profession's first free slot beyond which its "
        "non-urgent contacts shift to the profession named in task_shifts, days (assumption: "
        "the care guarantee's 14 days for the young, the wait a station tries to keep).",
    )

    @field_validator("paths")
    @classmethod
    def _paths_are_shares(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for need, shares in value.items():
            for path in shares:
                steps = path.split(">")
                if not all(PATH_STEP.match(step) for step in steps):
                    raise ValueError(
                        f"path {path!r} of {need!r}: professions joined by '>' (nurse>doctor)"
                    )
                if len(set(steps)) != len(steps):
                    raise ValueError(f"path {path!r} of {need!r} names a profession twice")
            check_shares(shares, f"paths.{need}")
        return value

    @model_validator(mode="after")
    def _shifts_name_books(self) -> BookingSpec:
        professions = self.professions()
        for source, target in self.task_shifts.items():
            for name in (source, target):
                if name not in professions:
                    raise ValueError(
                        f"task_shifts: {name!r} has no book here (the paths name "
                        f"{', '.join(professions)})"
                    )
            if source == target:
                raise ValueError(f"task_shifts: {source!r} shifts to itself")
        return self

    def professions(self) -> list[str]:
        """Every profession the paths name, in order of first appearance."""
        seen: dict[str, None] = {}
        for shares in self.paths.values():
            for path in shares:
                seen.update(dict.fromkeys(path.split(">")))
        return list(seen)


class ServiceSpec(Section):
    label: Label | None = label_field("service")
    provider: str = Field(description="The partner that produces this service.")
    capacity_per_day: float = Field(
        ge=0.0,
        le=10_000_000.0,
        description="Contacts started a working day, contacts/day (a fraction is a slot some "
        "days: its mean is exact). With ``booking`` the appointment slots of all its books "
        "together a working day (rooms), of which its staff fill what they can.",
    )
    cost_per_contact_eur: Money = Field(default=0.0, description="Unit cost, EUR/contact.")
    open_days_per_week: int = Field(
        default=5, ge=1, le=7, description="Working days a week (Monday first), days."
    )
    patience_days: float | None = Field(
        default=None,
        gt=0.0,
        le=3650.0,
        description="Mean wait before a waiting client abandons, days; none = never abandons.",
    )
    share_of_needs: Share = Field(
        default=1.0,
        description="Share of escalated contacts routed to this service when ``routing`` does "
        "not name their need; over all services the shares sum to 1.",
    )
    referrals: dict[str, Share] = Field(
        default_factory=dict,
        description="Multi-professional paths: chance that a contact started here is referred "
        "on to each named service (joining its queue the next day), fraction (assumption).",
    )
    initial_waiting: int = Field(
        default=0,
        ge=0,
        le=10_000_000,
        description="Contacts already waiting on day 0 (an existing waiting list), contacts; "
        "their arrival days spread evenly over the 30 days before the start.",
    )
    profession: str | None = Field(
        default=None,
        description="The provider's staff profession that produces this service; its present "
        "staff then limit the day's capacity (shared with the provider's other services of that "
        "profession). None = capacity_per_day every working day.",
    )
    primary_care: bool = Field(
        default=True,
        description="Whether the care guarantee and the wait KPIs cover this service (home-care "
        "visits do not).",
    )
    booking: BookingSpec | None = Field(
        default=None,
        description="Appointment books by profession (doctors, nurses, ...); none = one queue "
        "served in arrival order (urgent first) up to the day's capacity.",
    )

    @model_validator(mode="after")
    def _one_way_to_staff(self) -> ServiceSpec:
        if self.booking is not None and self.profession is not None:
            raise ValueError(
                "a service with booking takes its staff from booking.paths' professions; "
                "remove profession"
            )
        return self


class StaffSpec(Section):
    """One profession's staff at a provider."""

    label: Label | None = label_field("profession")
    posts: float = Field(
        ge=0.0,
        le=1_000_000.0,
        description="Staff in full-time equivalents (a fraction is part of a person's time), "
        "full-time equivalents.",
    )
    contacts_per_day: float = Field(
        gt=0.0,
        le=1000.0,
        description="Contacts (or visits) one present person handles a day, contacts/person/day.",
    )
    vacancy_rate: Share = Field(
        default=0.0,
        description="Share of posts unfilled, fraction (nurse shortage: 16,600 registered nurses "
        "short in Finland 2023; the local rate is an assumption).",
    )
    sickness_absence: Share = Field(
        default=0.05,
        description="Share of working days lost to sickness absence, fraction (assumption, the "
        "order of Finnish municipal social and health care).",
    )
    summer_leave_weeks: float = Field(
        default=0.0,
        ge=0.0,
        le=SUMMER_WEEKS,
        description="Weeks of each FTE's annual leave taken in the summer (ISO weeks 26-31), "
        "when appointment books open fewer slots, weeks; only professions with a book (the "
        "rest of the leave is within contacts_per_day).",
    )


# Assumption, of the order of Finnish health centres' operating costs (personnel costs about
# two thirds; Statistics Finland, municipal finances): how a contact's unit cost is booked.
DEFAULT_COST_STRUCTURE: dict[str, float] = {
    "staff": 0.70,
    "facilities": 0.10,
    "purchased_services": 0.15,
    "it": 0.05,
}


class ProviderSpec(Section):
    label: Label | None = label_field("partner")
    kind: Literal["public", "private", "ngo", "integrator"] = Field(
        description="Ownership of the partner."
    )
    fee_eur_per_year: Money = Field(
        default=0.0, description="Limb-2 fee (overhead and profit) under an alliance, EUR/year."
    )
    staff: dict[str, StaffSpec] = Field(
        default_factory=dict,
        description="Staff by profession; services name their profession (ServiceSpec.profession).",
    )
    cost_structure: dict[str, Share] = Field(
        default_factory=lambda: dict(DEFAULT_COST_STRUCTURE),
        description="How the unit cost of this provider's contacts is booked in the open-book "
        "ledger, fractions by item (staff, facilities, purchased_services, it) summing to 1. "
        "Default: an assumption of the order of health centres' cost structure (personnel "
        "about two thirds; Statistics Finland).",
    )

    @field_validator("cost_structure")
    @classmethod
    def _structure_is_split_by_item(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(DEFAULT_COST_STRUCTURE))
        if unknown:
            raise ValueError(
                f"unknown cost item {unknown[0]!r}; items: {', '.join(DEFAULT_COST_STRUCTURE)}"
            )
        return check_shares(value, "cost_structure")


class KpiTargetSpec(Section):
    name: str = Field(description="A KPI name from ekosim.kpis.KPIS.")
    target: float = Field(
        description="The value that earns the full reward, KPI unit (ekosim.kpis.KPIS)."
    )
    weight: Share = Field(description="Weight in the KPI reward pool, fraction.")


class BehaviourSpec(Section):
    """How partners respond to the payment model's incentives; each 0 turns a response off."""

    ffs_induced_contact_share: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        default=0.08,
        description="Under fee-for-service: extra contacts (follow-ups) the providers supply "
        "per contact needed, fraction. Assumption: supplier-induced demand of a few percent.",
    )
    capitation_referral_increase: Annotated[float, Field(ge=0.0, le=5.0)] = Field(
        default=0.3,
        description="Under capitation, relative rise in referrals to specialist care (cost "
        "shifting to the region), fraction. Assumption (DOMAIN.md: risk of cost shifting).",
    )
    capitation_capacity_reduction: Share = Field(
        default=0.05,
        description="Under capitation, relative cut in the partners' service capacity "
        "(under-provision), fraction. Assumption (DOMAIN.md: risk of under-provision).",
    )
    alliance_referral_reduction: Share = Field(
        default=0.1,
        description="In an alliance whose target or KPIs include specialist care, relative fall in "
        "referrals (a raised referral threshold), fraction. Assumption.",
    )
    prevention_contact_reduction_per_100_eur: Share = Field(
        default=0.15,
        description="Share of contacts avoided per 100 EUR/resident/year of prevention (kiosk "
        "hours, exercise advisers, digital clinic, NGO grants), fraction; 0 = no effect. "
        "Assumption of the order of lifestyle-programme effects (DPS 2001: -58% diabetes risk "
        "in a high-risk group).",
    )
    capitation_staff_trim: Share = Field(
        default=0.05,
        description="Under capitation, share of its costliest profession's posts (by the unit "
        "cost of the services it produces) a partner leaves unfilled the next year, with their "
        "appointment slots (skill-mix trimming), fraction; 0 = off. Assumption.",
    )
    ffs_extra_staff_share: Share = Field(
        default=0.05,
        description="Under fee-for-service, posts a partner adds the next year, per planned "
        "post, to each profession whose services end the year with a waiting list (staffing "
        "for billable volume, with the slots they open), fraction; 0 = off. Assumption.",
    )
    digital_investment_eur_per_resident_year: Annotated[float, Field(ge=0.0, le=1000.0)] = Field(
        default=10.0,
        description="Yearly IT spend on the digital channel by the partner that runs it, when "
        "the partner keeps all of its savings (capitation, fixed price), EUR/resident/year; "
        "scaled by the share of savings it keeps (an alliance's gain_share, none under "
        "fee-for-service, where each contact pays); 0 = off. Assumption: about 2% of the "
        "modelled primary-care cost.",
    )
    digital_effect_per_10_eur: Share = Field(
        default=0.1,
        description="Effect of each 10 EUR/resident/year of digital investment on that year's "
        "digital channel: its capacity rises by this fraction and this fraction of the gap "
        "between its resolution rate and 1 closes, fraction (compounded); 0 = no effect. "
        "Assumption.",
    )


class JointManagementSpec(Section):
    """The alliance's joint management group: its yearly decision on using a gain."""

    rule: Literal["pay_out", "reinvest"] = Field(
        default="reinvest",
        description="'reinvest': put reinvest_share of the year's alliance gain into next "
        "year's prevention; 'pay_out': nothing is reinvested.",
    )
    reinvest_share: Share = Field(
        default=0.5, description="Share of an alliance gain reinvested in prevention (assumption)."
    )
    prevention_mix: dict[str, Share] = Field(
        default={
            "kiosk_hours": 0.3,
            "exercise_advisers": 0.3,
            "digital_clinic": 0.2,
            "ngo_grants": 0.2,
        },
        description="Split of the prevention budget by use, summing to 1 (assumption).",
    )

    @field_validator("prevention_mix")
    @classmethod
    def _mix_sums_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value, "prevention_mix")


class ContractTargetSpec(Section):
    """The target outturn cost as the contract sets it: the agreed sum for the contract's
    area and services, carried to the modelled area and price level."""

    toc_eur_per_year: Money = Field(
        description="The contract's target outturn cost for its own area, EUR/year "
        "contract-wide (Tesoma 2022: 15.84 M; 2024: 17.22 M; City of Tampere)."
    )
    year: int = Field(
        ge=1990, le=2100, description="The TOC's year (and price year), calendar year."
    )
    contract_residents: Annotated[int, Field(ge=1, le=10_000_000)] = Field(
        description="The contract area's population the TOC is for, residents (Tesoma: "
        "about 23,000)."
    )
    price_index: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=1.0,
        description="Multiplier from the TOC's year's prices to the scenario's unit costs' "
        "price level, ratio.",
    )
    indexation_per_year: Annotated[float, Field(ge=-0.5, le=0.5)] = Field(
        default=0.0,
        description="The contract's yearly indexation of the target beyond the volume "
        "indexation (target_indexation), fraction/year; the model's unit costs are constant, "
        "so a price indexation would hand the partner a gain (Tesoma 2022-2024: +4.3%/year "
        "in all, mostly prices).",
    )
    services_in_scope: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        max_length=30,
        description="The services the contract's TOC covers (names as the contract has them).",
    )
    modelled_scope: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        max_length=60,
        description="The modelled items inside the contract's scope, whoever produces them: "
        "service names, channels as 'channel.<name>', 'care_24h' (24-hour housing's "
        "resident-days), 'care_24h.unit' (those of its own unit) and county services as "
        "'county_services.<item>'. The outturn compared "
        "with the target is every non-owner partner's cost plus the cost of these items of "
        "the owner's own units and the region (empty: the non-owner partners' costs only).",
    )
    modelled_share: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        default=1.0,
        description="Share of the TOC that the modelled items of the scope (modelled_scope, "
        "and the non-owner partners' services) stand for, fraction (1 = they are the whole "
        "scope).",
    )
    source: str = Field(min_length=1, max_length=500, description="Where the TOC comes from.")

    def base_eur_per_year(self, residents: float) -> float:
        """The target for ``residents`` residents at the scenario's price level, EUR/year."""
        per_resident = self.toc_eur_per_year / self.contract_residents
        return per_resident * residents * self.price_index * self.modelled_share


class ContractSpec(Section):
    model: Literal["in_house", "fee_for_service", "capitation", "fixed_price", "alliance"] = Field(
        default="in_house", description="Payment model between the purchaser and the partners."
    )
    target_cost_eur_per_year: Money | None = Field(
        default=None,
        description="Target outturn cost (TOC) of the modelled area as a number, EUR/year. "
        "An analysis target (e.g. from a baseline run: ekosim.experiments.baseline_target); "
        "given, it overrides ``target`` (the contract's TOC).",
    )
    target: ContractTargetSpec | None = Field(
        default=None,
        description="The target outturn cost from the contract (replaces "
        "target_cost_eur_per_year, which a baseline analysis can still set).",
    )
    target_indexation: Literal["none", "residents", "need_weighted_residents"] = Field(
        default="none",
        description="How the target follows the area's need from year to year: 'none' keeps it "
        "fixed; 'residents' scales it by the living residents, 'need_weighted_residents' by "
        "them weighted by capitation_age_weights, relative to the start (alliances agree such "
        "adjustments for changes in scope and volume; NACG 2015).",
    )
    gain_share: Share = Field(
        default=0.5, description="NOPs' share of an underrun. 50:50 is 'traditional' (NACG 2015)."
    )
    pain_share: Share = Field(default=0.5, description="NOPs' share of an overrun (NACG 2015).")
    fee_at_risk: Share = Field(
        default=1.0, description="Share of the fee that caps the painshare (NACG 2015)."
    )
    fee_holdback_share: Share = Field(
        default=0.5,
        description="Share of the fee held back during a year for which an overrun is forecast "
        "(last year's cost above this year's target), fraction; set off against the painshare "
        "at settlement (NACG 2015 control).",
    )
    nop_shares: dict[str, Share] = Field(
        default_factory=dict,
        description="Agreed split of limb 3 and the KPI reward among the non-owner partners, "
        "summing to 1; empty = in proportion to each partner's cost.",
    )
    specialist_care_in_target: bool = Field(
        default=False,
        description="Whether specialist-care cost counts in the alliance's actual and target "
        "cost (a scenario choice; Tesoma's KPI areas include less specialist care).",
    )
    kpis: list[KpiTargetSpec] = Field(
        default_factory=list,
        max_length=6,
        description="Key result areas with targets and weights; at most six (NACG 2015).",
    )
    kpi_pool_eur_per_year: Money = Field(
        default=0.0,
        description="KPI reward/liability pool, EUR/year: full score earns it, the worst "
        "score costs it (NACG 2015: a separate performance reward/liability).",
    )
    kpi_full_score_deviation: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=0.1,
        description="Relative deviation from a KPI target that earns the full score of +1 "
        "(better) or -1 (worse), fraction (assumption).",
    )
    prices_eur_per_contact: dict[str, Money] = Field(
        default_factory=dict,
        description="Fee-for-service price list by service or channel ('channel.phone'), "
        "EUR/contact; unlisted ones are priced at unit cost times (1 + ffs_markup).",
    )
    ffs_markup: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.05, description="Fee-for-service margin over unit cost, fraction (assumption)."
    )
    capitation_eur_per_resident_year: Money | None = Field(
        default=None,
        description="Capitation for a resident of age weight 1, EUR/resident/year.",
    )
    capitation_age_weights: dict[str, Annotated[float, Field(ge=0.0, le=20.0)]] = Field(
        default={"0-14": 0.8, "15-64": 0.8, "65-74": 1.5, "75+": 2.2},
        description="Capitation weight by age band, relative weight (use of primary care; "
        "assumption shaped on THL visits by age, as the population's demand).",
    )
    fixed_price_eur_per_year: Money | None = Field(
        default=None, description="Fixed yearly price of the outsourced services, EUR/year."
    )
    behaviour: BehaviourSpec = Field(default_factory=BehaviourSpec)
    joint_management: JointManagementSpec = Field(default_factory=JointManagementSpec)

    @field_validator("capitation_age_weights")
    @classmethod
    def _age_bands(cls, value: dict[str, float]) -> dict[str, float]:
        for band in value:
            parse_age_band(band)
        return value

    @field_validator("nop_shares")
    @classmethod
    def _nop_shares_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares(value, "nop_shares")

    @model_validator(mode="after")
    def _model_has_its_price(self) -> ContractSpec:
        needed = {
            "alliance": "target_cost_eur_per_year",
            "capitation": "capitation_eur_per_resident_year",
            "fixed_price": "fixed_price_eur_per_year",
        }.get(self.model)
        if needed == "target_cost_eur_per_year" and self.target is not None:
            return self
        if needed is not None and getattr(self, needed) is None:
            extra = (
                " (or target, the contract's TOC)" if needed == "target_cost_eur_per_year" else ""
            )
            raise ValueError(f"contract model {self.model!r} needs {needed}{extra}")
        return self


AgeRates = dict[str, Annotated[float, Field(ge=0.0, le=1e6)]]


def _check_bands(value: dict[str, Any]) -> dict[str, Any]:
    for band in value:
        parse_age_band(band)
    return value


class SpecialistCareSpec(Section):
    """Specialist care paid by the region in three streams: outpatient visits from the
    services' referrals, emergency-department visits (urgent needs out of hours, falls of the
    frail, unmet care) and inpatient days (admissions from emergency and referrals, length of
    stay by age). Unit costs are in ``price_year`` prices, times ``price_index``."""

    referral_share: dict[str, Share] = Field(
        default_factory=dict,
        description="Share of a service's started contacts referred to specialist care, by "
        "service, fraction; at a service with appointment books (booking), the share of its "
        "doctors' visits (a referral is a physician's: Health Care Act 1326/2010 s. 52); "
        "unlisted services refer none.",
    )
    cost_per_referral_eur: Money = Field(
        default=0.0,
        description="Flat specialist-care cost of one referral on top of the streams, "
        "EUR/referral (0 when the streams price the referral's visits and admissions).",
    )
    outpatient_visits_per_referral: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        default=0.0,
        description="Specialist outpatient visits a referral leads to (first visit and "
        "follow-ups), visits/referral.",
    )
    outpatient_visit_cost_eur: Money = Field(
        default=0.0, description="Unit cost of a specialist outpatient visit, EUR/visit."
    )
    referral_admission_share: Share = Field(
        default=0.0, description="Share of referrals admitted to a ward, fraction."
    )
    emergency_visits_per_1000_year: AgeRates = Field(
        default_factory=dict,
        description="Emergency-department visits from urgent needs out of hours by age band, "
        "visits/1000 residents/year (of the band).",
    )
    frail_emergency_visits_per_client_year: Annotated[float, Field(ge=0.0, le=50.0)] = Field(
        default=0.0,
        description="Emergency-department visits of regular home-care clients (falls of the "
        "frail), visits/client/year.",
    )
    emergency_admission_share: Share = Field(
        default=0.0, description="Share of emergency visits admitted to a ward, fraction."
    )
    emergency_visit_cost_eur: Money = Field(
        default=0.0, description="Unit cost of an emergency-department visit, EUR/visit."
    )
    length_of_stay_days: AgeRates = Field(
        default_factory=dict,
        description="Mean length of an inpatient stay by age band, days (unlisted ages: the "
        "mean of the bands).",
    )
    inpatient_day_cost_eur: Money = Field(
        default=0.0, description="Unit cost of an inpatient day, EUR/day."
    )
    price_year: int = Field(
        default=2017,
        ge=1990,
        le=2100,
        description="Price year of the unit costs above, calendar year.",
    )
    price_index: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=1.0,
        description="Multiplier from price_year's prices to the scenario's price level "
        "(a published price index), ratio.",
    )
    source: str = Field(default="", max_length=500, description="Where the unit costs come from.")

    @field_validator("emergency_visits_per_1000_year", "length_of_stay_days")
    @classmethod
    def _age_bands(cls, value: dict[str, float]) -> dict[str, float]:
        return _check_bands(value)


class CountyServiceSpec(Section):
    """One population-driven county service: clients by age band times a cost per client."""

    client_share: dict[str, Share] = Field(
        min_length=1,
        description="Share of the residents of each age band who are clients in a year, "
        "fraction; unlisted ages are not clients.",
    )
    cost_per_client_eur_year: Money = Field(
        description="Net cost of a client in the item's price year, EUR/client/year."
    )
    price_index: Annotated[float, Field(gt=0.0, le=10.0)] = Field(
        default=1.0, description="Multiplier to the scenario's price level, ratio."
    )
    source: str = Field(min_length=1, max_length=500, description="Where the figures come from.")

    @field_validator("client_share")
    @classmethod
    def _age_bands(cls, value: dict[str, float]) -> dict[str, float]:
        return _check_bands(value)


class ClientFeesSpec(Section):
    """Client fees (asiakasmaksut): what clients pay back, which lowers the region's net cost."""

    share_of_cost: dict[Literal["services", "specialist_care", "county_services"], Share] = Field(
        default_factory=dict,
        description="Fees as a share of the gross cost of each part of the modelled scope "
        "(the services' contacts, specialist care, the county services), fraction.",
    )
    source: str = Field(default="", max_length=500, description="Where the shares come from.")


class PublishedBudgetSpec(Section):
    """A published cost per resident that the modelled scope is compared with."""

    name: str = Field(min_length=1, max_length=300, description="What the figure is.")
    eur_per_resident_year: Money = Field(description="The figure, EUR/resident/year.")
    year: int = Field(ge=1990, le=2100, description="The figure's year, calendar year.")
    price_index: str = Field(
        min_length=1, max_length=300, description="The price level it is compared at."
    )
    source: str = Field(min_length=1, max_length=500, description="Publisher and date.")


class BudgetScopeSpec(Section):
    """The county's cost scope: the population-driven services beyond the service network,
    client fees, the items left out (named), and a published figure to compare with."""

    county_services: dict[str, CountyServiceSpec] = Field(
        default_factory=dict,
        description="Population-driven county services paid by the region (maternity and "
        "child clinics, school health care, child welfare and family work, disability "
        "services, adult social work and income support, ...).",
    )
    client_fees: ClientFeesSpec = Field(default_factory=ClientFeesSpec)
    not_modelled: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list,
        max_length=50,
        description="Items of the county's budget the model leaves out, named.",
    )
    published_specialist_care: PublishedBudgetSpec | None = Field(
        default=None,
        description="A published specialist-care cost per resident the modelled specialist "
        "streams (outpatient, emergency, inpatient) are compared with.",
    )
    published: PublishedBudgetSpec | None = Field(
        default=None,
        description="A published cost per resident the modelled total is compared with; the "
        "difference shows as 'not modelled'.",
    )


class UnmetCareSpec(Section):
    """What care not given does (``ekosim.carepath.unmet``): contacts abandoned at the front
    door or at a service and referrals lost between services ("unmet contacts"), and home-care
    visits missed. Each event draws its consequences from its own random stream."""

    return_share: Share = Field(
        default=0.4,
        description="Share of unmet contacts whose need comes back later as an urgent contact, "
        "fraction (assumption: most unmet needs persist; Finnish residents who give up on a "
        "health centre often seek care again, THL Avohilmo shows repeat contacts).",
    )
    return_after_days: float = Field(
        default=14.0,
        ge=1.0,
        le=365.0,
        description="Mean time until an unmet need comes back, days (assumption; geometric, at "
        "least the next day).",
    )
    emergency_share: Share = Field(
        default=0.05,
        description="Share of unmet contacts that become an emergency visit or a hospital stay, "
        "fraction (assumption: the order of avoidable emergency use among people without timely "
        "primary care).",
    )
    lost_referral_emergency_share: Share = Field(
        default=0.15,
        description="Share of referrals lost between services that become an emergency visit "
        "or a hospital stay instead, fraction (assumption: a referral is a need a professional "
        "judged to want another service, so losing it is riskier than a contact given up).",
    )
    missed_visit_emergency_share: Share = Field(
        default=0.03,
        description="Share of missed home-care visits that end in an emergency visit or a "
        "hospital stay (falls, dehydration, medication errors), fraction (assumption).",
    )
    emergency_cost_eur: Money | None = Field(
        default=1100.0,
        description="Mean cost of one such emergency visit or stay to the region where "
        "specialist_care prices no emergency visits (else they go to its emergency stream), "
        "EUR/event (assumption of the order of THL unit costs: an emergency visit about 400 "
        "EUR, a third admitted for about three 700-EUR inpatient days); none = specialist_care."
        "cost_per_referral_eur.",
    )
    wellbeing_loss_points: float = Field(
        default=2.0,
        ge=0.0,
        le=100.0,
        description="Drop in the resident's WHO-5 well-being for each unmet contact or missed "
        "visit, points/event (assumption).",
    )
    function_loss: float = Field(
        default=0.005,
        ge=0.0,
        le=1.0,
        description="Drop in the resident's functional ability (0..1) for each unmet contact "
        "or missed visit, ability/event (assumption).",
    )


class StaffCoverSpec(Section):
    """How providers cover staff not at work (vacancies, sickness absence) on the days their
    services are open: first overtime of their own staff, then agency (leased) staff, each at a
    premium over the regular hour already in the contacts' unit cost (``ekosim.actors.cover``).
    """

    overtime_share_of_gap: Share = Field(
        default=0.10,
        description="Share of the posts not at work covered by the own staff's overtime, "
        "fraction (assumption).",
    )
    agency_share_of_gap: Share = Field(
        default=0.20,
        description="Share of the posts not at work covered by agency staff, fraction "
        "(assumption: Finnish wellbeing services counties cover part of their nurse vacancies "
        "with leased staff, who are scarce too; overtime and agency together at most 1. "
        "Order: leased work was 3.7% of the counties' labour costs in January-July 2024, STT "
        "in Demokraatti 10/2024; Helsinki about 20% of its nurses' shifts, most of them from "
        "its own staffing company at its own pay, Helsingin Sanomat 6/2023).",
    )
    overtime_premium_eur_per_hour: Money = Field(
        default=16.0,
        description="Extra cost of an overtime hour over a regular hour, EUR/hour (KVTES: 50% "
        "supplement for the first two daily overtime hours; a nurse's regular hour with side "
        "costs about 32 EUR, assumption).",
    )
    agency_premium_eur_per_hour: Money = Field(
        default=35.0,
        description="Extra cost of an agency staff hour over a regular hour, EUR/hour "
        "(assumption of the order reported: leased nurses nearly twice the cost of the "
        "municipality's own, 7,000-8,000 EUR a month against 4,500 EUR of employer's costs, "
        "Turun Sanomat on Salo; leased work 'two to three times' as costly, a county director "
        "to STT, Demokraatti 10/2024; so about 35 EUR/h over about 32 EUR/h of own staff).",
    )
    hours_per_day: float = Field(
        default=7.65,
        gt=0.0,
        le=24.0,
        description="Working hours of one covered person-day, hours/day (KVTES: 38.25 h a week "
        "over five days).",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> StaffCoverSpec:
        if self.overtime_share_of_gap + self.agency_share_of_gap > 1.0 + 1e-9:
            raise ValueError("overtime_share_of_gap + agency_share_of_gap must not exceed 1")
        return self


class HomeCareSpec(Section):
    """Regular home care: who becomes a client, and the visits clients need."""

    service: str | None = Field(
        default=None,
        description="The service that assesses home-care needs and makes the visits; none = no "
        "regular home care modelled.",
    )
    function_threshold: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        default=0.47,
        description="Frail residents whose functional ability (0..1) is below this become "
        "regular clients when assessed. Assumption calibrated to THL 2022 regular home care: 8% "
        "of ages 75-84, 30% of 85-94, 57% of 95+.",
    )
    to_assisted_living_per_year: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.0,
        description="Rate at which clients move on to 24-hour assisted living (and leave home "
        "care for good), 1/client-year (assumption).",
    )
    visits_per_client_day: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=1.0,
        description="Home-care visits a client at the function threshold needs, "
        "visits/client/day (assumption); clients with less function need more "
        "(``visit_need_exponent``).",
    )
    visit_need_exponent: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.0,
        description="Visit intensity by need: a client of functional ability f needs "
        "visits_per_client_day x ((1 - f) / (1 - function_threshold)) ** this, exponent "
        "(assumption; 0 = every client the same; THL: the 45% of clients with most needs "
        "receive 98% of visits).",
    )
    limitation_onset_per_year: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.0,
        description="Home care for a long-term illness at any adult age: onset of a limitation "
        "of daily living among adults with type 2 diabetes, cardiovascular disease, "
        "mental-health need or dementia, 1/person-year (assumption; 0 = none). A limited "
        "resident's assessed function is lowered by limitation_function_loss.",
    )
    limitation_recovery_per_year: Annotated[float, Field(ge=0.0, le=50.0)] = Field(
        default=0.5,
        description="Rate at which such a limitation ends (rehabilitation, recovery), "
        "1/person-year (assumption).",
    )
    limitation_function_loss: Share = Field(
        default=0.6,
        description="Functional ability a limitation takes off the assessment, 0..1 "
        "(assumption: enough to need home care at any age).",
    )
    take_up_share: Share = Field(
        default=1.0,
        description="Fraction of the residents whose assessed need qualifies who take up "
        "regular home care (the others manage with family, private help or support services, "
        "or decline); who takes it up is a lasting trait of each resident, 0..1 (1 = all).",
    )


class Care24hUnitSpec(Section):
    """One unit of the area's 24-hour housing produced by a named provider (e.g. a
    well-being centre's own unit inside an alliance), its places counted within the area's."""

    places: Annotated[int, Field(ge=0, le=1_000_000)] = Field(
        description="The unit's 24-hour places, area places (counted within the area's "
        "places_per_1000_75_plus, not on top of them; the unit is full first, as a unit with "
        "a waiting list runs: its resident-days are min(occupied, places))."
    )
    provider: str = Field(
        min_length=1,
        description="The provider that produces the unit and books its resident-days.",
    )


class Care24hSpec(Section):
    """24-hour service housing (tehostettu palveluasuminen) of older people: places, a
    waiting list, moves in driven by function and dementia, a cost per resident-day; and
    family carers' support with short-term care as one parameterised stream."""

    provider: str | None = Field(
        default=None,
        description="The partner that produces the housing and books its cost; none = the "
        "region's own cost (purchased or produced by the county).",
    )
    unit: Care24hUnitSpec | None = Field(
        default=None,
        description="One unit of these places produced by its own provider (its "
        "resident-days are that provider's cost, item care_24h.unit of an alliance's "
        "scope); none = every place is the housing's provider's (or the region's).",
    )
    places_per_1000_75_plus: Annotated[float, Field(ge=0.0, le=1000.0)] = Field(
        description="Places of 24-hour service housing per 1,000 residents aged 75+ at the "
        "start (fixed for the run), places."
    )
    start_share_75_plus: Share = Field(
        description="Share of residents aged 75+ in 24-hour housing when the run starts, "
        "fraction (THL: 9.2% in 2015, falling since)."
    )
    cost_per_resident_day_eur: Money = Field(
        description="Cost of a resident-day, EUR/day (THL unit costs; say the price year)."
    )
    function_threshold: Share = Field(
        default=0.35,
        description="Residents whose assessed functional ability (0..1) is below this may "
        "apply for 24-hour housing, 0..1 (assumption).",
    )
    applications_per_year: Annotated[float, Field(ge=0.0, le=50.0)] = Field(
        default=0.25,
        description="Rate at which a resident below the function threshold without dementia "
        "is assessed as needing 24-hour care and joins the waiting list, 1/person-year "
        "(assumption).",
    )
    dementia_ratio: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        default=3.0,
        description="How many times that rate with dementia (most residents of 24-hour "
        "housing have a memory disorder; assumption), ratio.",
    )
    family_care_share_75_plus: Share = Field(
        default=0.0,
        description="Residents aged 75+ living at home whose family carer is supported (with "
        "short-term care), fraction (0 = not modelled).",
    )
    family_care_eur_per_client_year: Money = Field(
        default=0.0,
        description="Cost of a supported family-care client (carer's fee, respite and "
        "short-term care), EUR/client/year.",
    )

    @field_validator("start_share_75_plus")
    @classmethod
    def _room_to_start_in(cls, value: float, info: ValidationInfo) -> float:
        places = info.data.get("places_per_1000_75_plus")
        if places is not None and value > 0 and value * 1000 > places + 1e-9:
            raise ValueError(
                f"{value:g} of residents aged 75+ cannot start in 24-hour housing with "
                f"{places:g} places per 1,000 aged 75+ (needs at least {value * 1000:g})"
            )
        return value


class TransitionsSpec(Section):
    """Safe transitions: discharges from specialist care into home care."""

    discharges_per_client_year: Annotated[float, Field(ge=0.0, le=50.0)] = Field(
        default=1.2,
        description="Hospital discharges into home care, discharges/client/year (assumption).",
    )
    readmission_base: Share = Field(
        default=0.12,
        description="Chance of readmission within 30 days when home care starts on the day of "
        "discharge, fraction (assumption, the order of Finnish 30-day readmission rates).",
    )
    readmission_increase_per_gap_day: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.15,
        description="Relative rise in that chance per day between discharge and the first "
        "home-care visit, fraction/day (assumption).",
    )
    readmission_cost_eur: Money = Field(
        default=3500.0, description="Specialist-care cost of one readmission, EUR (assumption)."
    )


class ContinuitySpec(Section):
    """A named professional or team, and what continuity does for chronic care."""

    service: str | None = Field(
        default=None, description="The service whose visits are measured; none = not modelled."
    )
    named_professional_share: Share = Field(
        default=0.6,
        description="Chance a visit is booked with the resident's named professional when that "
        "professional is at work, fraction (assumption).",
    )
    balance_base: Share = Field(
        default=0.45,
        description="Chance a diabetic is in treatment balance after a visit with another "
        "professional, fraction (assumption, the order of Finnish HbA1c < 7% shares).",
    )
    balance_gain_same_professional: Share = Field(
        default=0.12,
        description="Added chance of balance after a visit with the named professional, "
        "fraction (assumption: continuity of care improves chronic-disease control).",
    )


class NgoSpec(Section):
    """A non-governmental organisation's low-threshold services (kiosk, groups, cafe, events)."""

    label: Label | None = label_field("NGO")
    volunteers: int = Field(ge=0, le=100_000, description="Active volunteers, persons.")
    contacts_per_volunteer_week: float = Field(
        default=3.0,
        ge=0.0,
        le=100.0,
        description="Low-threshold contacts a volunteer handles, contacts/volunteer/week.",
    )
    kiosk_hours_per_week: float = Field(
        default=0.0,
        ge=0.0,
        le=MAX_AREA_HOURS_PER_WEEK,
        description="Staffed kiosk hours a week summed over the NGO's kiosks in the area, hours.",
    )
    contacts_per_kiosk_hour: float = Field(
        default=2.0, ge=0.0, le=100.0, description="Walk-in contacts at the kiosk, contacts/hour."
    )
    diverted_needs: dict[str, Share] = Field(
        default_factory=dict,
        description="Share of non-urgent contacts of each need type that the NGO's low-threshold "
        "services take instead of a professional service, fraction (assumption).",
    )
    areas: list[str] = Field(
        default_factory=list,
        description="The population areas whose residents this NGO serves (its low-threshold "
        "services are local); empty = every area.",
    )
    participation_uptake: Share = Field(
        default=0.3,
        description="Chance a client served starts to take part in groups (social "
        "participation), fraction (assumption).",
    )
    grant_eur_per_year: Money = Field(
        default=0.0, description="Grant from the purchaser, EUR/year."
    )
    cost_per_contact_eur: Money = Field(
        default=0.0, description="Cost of a low-threshold contact for the NGO, EUR."
    )


class HomeServiceProviderSpec(Section):
    capacity_per_day: int = Field(
        ge=0, le=1_000_000, description="Orders delivered a day, orders/day."
    )
    price_eur: Money = Field(description="Price of an order, EUR.")
    quality: Share = Field(description="True chance a client is satisfied (unknown to routing).")
    distance_km: float = Field(default=5.0, ge=0.0, le=500.0, description="Mean distance, km.")


class IntegratorSpec(Section):
    """A service integrator in the Kotitori model (Tampere), or direct purchasing."""

    name: str = Field(default="kotitori", description="The integrator's partner name.")
    enabled: bool = Field(
        default=True,
        description="true: orders go through the integrator (routing rule, feedback, staff "
        "leasing); false: the purchaser orders directly from the first listed provider.",
    )
    rule: str = Field(
        default="quality",
        description="Routing rule by name from ekosim.actors.integrator.ROUTING_RULES.",
    )
    orders_per_client_year: float = Field(
        default=24.0,
        ge=0.0,
        le=1000.0,
        description="Home-service orders (safety, cleaning, shopping, meals) the purchaser makes "
        "per home-care client, orders/client/year (assumption).",
    )
    self_pay_orders_per_75plus_year: float = Field(
        default=2.0,
        ge=0.0,
        le=1000.0,
        description="Orders by self-paying residents aged 75+ (not clients), "
        "orders/resident/year (assumption).",
    )
    providers: dict[str, HomeServiceProviderSpec] = Field(
        min_length=1, description="Home-service providers (companies, NGOs, social enterprises)."
    )
    fee_per_order_eur: Money = Field(
        default=4.0, description="Integrator's handling cost per order, EUR (assumption)."
    )
    direct_admin_cost_per_order_eur: Money = Field(
        default=9.0,
        description="Purchaser's own handling cost per order when purchasing directly, EUR "
        "(assumption; Kotitori's benefit was put at 5.4 M EUR a year, 2013 costs).",
    )
    leasable_visits_per_day: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="Home-care visits the integrator can lease staff for in shortages, visits/day.",
    )
    lease_cost_per_visit_eur: Money = Field(default=60.0, description="Leased visit, EUR.")
    feedback_weight: Share = Field(
        default=0.05, description="Weight of one feedback in the provider's quality score."
    )


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
    t3_service: str | None = Field(
        default=None,
        description="Service whose T3 (third-next free non-urgent appointment) is reported; "
        "none = the continuity service, else the first service.",
    )


class ChildServicesSpec(Section):
    """Services for children, young people and families: the capacity behind the key result
    area 'children's, young people's and families' well-being' (0 = not offered)."""

    family_work_hours_per_week: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=0.0,
        description="Home help and family work for families with children, hours a week "
        "(Tesoma offers both; the amount is an assumption).",
    )
    school_nurses: Annotated[float, Field(ge=0.0, le=1e5)] = Field(
        default=0.0,
        description="School health nurses, full-time equivalents. The quality recommendation "
        "is at most 600 pupils per full-time nurse (STM 2004, Kouluterveydenhuollon "
        "laatusuositus).",
    )
    youth_space_hours_per_week: Annotated[float, Field(ge=0.0, le=MAX_AREA_HOURS_PER_WEEK)] = Field(
        default=0.0,
        description="Opening hours a week summed over the area's youth spaces, hours "
        "(Tesoma has one; the hours are an assumption).",
    )
    library_hours_per_week: Annotated[float, Field(ge=0.0, le=MAX_AREA_HOURS_PER_WEEK)] = Field(
        default=0.0,
        description="Opening hours a week summed over the area's libraries, hours (Tesoma has "
        "one; assumption).",
    )


class OlderPeopleSpec(Section):
    """Services that keep older people functioning at home (key result area 'older people's
    well-being and functioning')."""

    rehabilitation_places: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="Frail residents aged 65+ living at home who can be in rehabilitation "
        "(everyday rehabilitation in home care, exercise groups) at once, persons "
        "(assumption; 0 = none).",
    )


class IntegrationSpec(Section):
    """How well the organisations of the ecosystem work as one: shared client records and
    agreed processes (the source documents: organisations know each other, processes are
    transparent, information moves at the right level). Applies to hand-offs: referrals
    between services (``services.*.referrals``) and discharge notices from specialist care to
    home care (``transitions``). Each effect is interpolated linearly between its fragmented
    (level 0) and integrated (level 1) value."""

    level: Share = Field(
        default=1.0,
        description="Integration level, 0 (fragmented: no shared records, each organisation "
        "its own process) .. 1 (integrated: shared records, agreed care paths), fraction.",
    )
    hand_off_days_fragmented: Annotated[float, Field(ge=1.0, le=365.0)] = Field(
        default=7.0,
        description="Mean days from referral to joining the next service's queue when "
        "fragmented, days (assumption: referral letters and information requests take about a "
        "week).",
    )
    hand_off_days_integrated: Annotated[float, Field(ge=1.0, le=365.0)] = Field(
        default=1.0,
        description="The same when integrated, days (the next day, as without frictions).",
    )
    duplicate_assessment_share_fragmented: Share = Field(
        default=0.5,
        description="Share of hand-offs in which the receiving service repeats the needs "
        "assessment (one more contact) when fragmented, fraction (assumption).",
    )
    duplicate_assessment_share_integrated: Share = Field(
        default=0.05,
        description="The same when integrated, fraction (assumption).",
    )
    lost_referral_share_fragmented: Share = Field(
        default=0.15,
        description="Share of hand-offs that never reach the next service when fragmented, "
        "fraction (assumption; open referral loops are common, Mehrotra, Forrest & Lin 2011, "
        "Milbank Q).",
    )
    lost_referral_share_integrated: Share = Field(
        default=0.01,
        description="The same when integrated, fraction (assumption).",
    )

    def at_level(self, fragmented: float, integrated: float) -> float:
        return fragmented + self.level * (integrated - fragmented)


class RegionSpec(Section):
    """The purchaser's (wellbeing services county's) own figures."""

    budget_eur_per_resident_year: float | None = Field(
        default=None,
        ge=0.0,
        le=1e6,
        description="The region's budget for the area's services, EUR/resident/year: the risk "
        "profile gives the probability that the region's total cost per resident over a run "
        "is over it (none: no budget, the probability is not given).",
    )


class ReportingSpec(Section):
    kpi_interval_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="Time between KPI observations in the kpis frame, days: each year splits "
        "into round(365 / this) windows of as equal length as possible.",
    )


class Scenario(Section):
    """One wellbeing services area and its service network, ready to simulate."""

    name: str = Field(min_length=1, max_length=100, description="Short identifier.")
    label: Label | None = label_field("scenario")
    description: str = Field(default="", max_length=2000, description="One line for listings.")
    horizon_years: int = Field(default=10, ge=1, le=50, description="Simulated time, years.")
    start_date: dt.date = Field(
        default=dt.date(2026, 1, 5), description="First simulated day (sets the weekdays)."
    )
    population: PopulationSpec
    demand: DemandSpec = Field(default_factory=DemandSpec)
    channels: ChannelsSpec = Field(default_factory=ChannelsSpec)
    services: dict[str, ServiceSpec] = Field(min_length=1, description="The service network.")
    routing: dict[str, dict[str, Share]] = Field(
        default_factory=dict,
        description="The routing network as data: need type (ekosim.population.needs.NEEDS) "
        "-> {service: share} for escalated contacts, shares summing to 1; needs not named "
        "follow ``share_of_needs``.",
    )
    providers: dict[str, ProviderSpec] = Field(min_length=1, description="Producing partners.")
    contract: ContractSpec = Field(default_factory=ContractSpec)
    specialist_care: SpecialistCareSpec = Field(default_factory=SpecialistCareSpec)
    budget: BudgetScopeSpec = Field(default_factory=BudgetScopeSpec)
    care_guarantee: CareGuaranteeSpec = Field(default_factory=CareGuaranteeSpec)
    home_care: HomeCareSpec = Field(default_factory=HomeCareSpec)
    care_24h: Care24hSpec | None = Field(
        default=None,
        description="24-hour service housing of older people; none = not modelled (home-care "
        "clients then move on at home_care.to_assisted_living_per_year and cost nothing).",
    )
    transitions: TransitionsSpec = Field(default_factory=TransitionsSpec)
    continuity: ContinuitySpec = Field(default_factory=ContinuitySpec)
    ngos: dict[str, NgoSpec] = Field(
        default_factory=dict, description="NGOs and their low-threshold services."
    )
    integrator: IntegratorSpec | None = Field(
        default=None, description="Home-service orders through an integrator; none = not modelled."
    )
    children: ChildServicesSpec = Field(default_factory=ChildServicesSpec)
    older_people: OlderPeopleSpec = Field(default_factory=OlderPeopleSpec)
    integration: IntegrationSpec | None = Field(
        default=None,
        description="Frictions of hand-offs between services; none = referrals join the next "
        "service's queue the next day, never lost or assessed twice.",
    )
    region: RegionSpec = Field(default_factory=RegionSpec)
    unmet_care: UnmetCareSpec = Field(default_factory=UnmetCareSpec)
    staff_cover: StaffCoverSpec = Field(default_factory=StaffCoverSpec)
    reporting: ReportingSpec = Field(default_factory=ReportingSpec)

    @model_validator(mode="before")
    @classmethod
    def _single_service_shorthand(cls, data: Any) -> Any:
        """``service: {...}`` is shorthand for a network of one service named 'service'."""
        if isinstance(data, dict) and "service" in data and "services" not in data:
            data = dict(data)
            data["services"] = {"service": data.pop("service")}
        return data

    @field_validator("population")
    @classmethod
    def _projection_covers_horizon(cls, value: PopulationSpec, info: ValidationInfo) -> Any:
        horizon = info.data.get("horizon_years")
        if value.projection is not None and horizon and not value.projection.covers(horizon):
            last = value.projection.base_year + horizon
            raise ValueError(f"projection: every variant needs figures up to {last} (horizon)")
        return value

    @field_validator("services")
    @classmethod
    def _routing_sums_to_one(cls, value: dict[str, ServiceSpec]) -> dict[str, ServiceSpec]:
        check_shares({name: spec.share_of_needs for name, spec in value.items()}, "share_of_needs")
        return value

    @field_validator("routing")
    @classmethod
    def _routes_sum_to_one(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for need, shares in value.items():
            check_shares(shares, f"routing.{need}")
        return value

    @property
    def days(self) -> int:
        return self.horizon_years * DAYS_PER_YEAR
