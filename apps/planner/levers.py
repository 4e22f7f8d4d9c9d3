"""The planner's levers, each declared once as data.

A lever has its name (the parameter, the URL key, the widget's CSS class), its label in
Finnish and English, its sidebar section, its kind and range, the value it starts from in a
scenario, the dotted-path overrides it makes there, and the contract models under which it
does anything. The app builds its parameters, widgets, URL state, undo snapshots, overrides
and the exported scenario's description from this one table.

Assumptions (``assumption=True``) are what the planner cannot choose but may doubt: the
baseline with only them changed is drawn as its own series.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import param

import ekosim
from apps.i18n import Catalogue
from apps.texts import text

# The schema's payment models, in the order a planner weighs them.
CONTRACT_MODELS = ("in_house", "fee_for_service", "capitation", "fixed_price", "alliance")
MAX_KPI_WEIGHTS = 6  # a contract has at most six KPIs (ContractSpec.kpis)
MAX_VACANCY_RATE = 0.95
MAX_KIOSK_HOURS = 168

Values = Mapping[str, Any]
Overrides = dict[str, Any]


@dataclass(frozen=True)
class Lever:
    """One lever: how it looks, where it starts and what it changes in a scenario."""

    name: str
    label: Mapping[str, str]  # {"fi": ..., "en": ...}
    section: str  # the sidebar card (a text key)
    kind: str  # "choice", "share" (a float slider), "count" (an int slider) or "switch"
    default: Any
    start: Callable[[ekosim.Scenario], Any]  # its value in the scenario as it is
    overrides: Callable[[ekosim.Scenario, Values], Overrides]  # the paths it changes
    bounds: tuple[float, float] | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    contracts: tuple[str, ...] = CONTRACT_MODELS  # the contract models it acts under
    assumption: bool = False

    def parameter(self) -> param.Parameter:
        doc = self.label["en"]
        if self.kind == "choice":
            return param.Selector(default=self.default, objects=list(self.choices), doc=doc)
        if self.kind == "switch":
            return param.Boolean(default=self.default, doc=doc)
        if self.kind == "count":
            low, high = self.bounds or (None, None)
            bounds = (None if low is None else int(low), None if high is None else int(high))
            step = None if self.step is None else int(self.step)
            return param.Integer(default=self.default, bounds=bounds, step=step, doc=doc)
        return param.Number(default=self.default, bounds=self.bounds, step=self.step, doc=doc)

    def acts_under(self, contract_model: str) -> bool:
        return contract_model in self.contracts


def lookup(scenario: Any, dotted: str) -> Any:
    """The scenario's field at a dotted path (None where a section is missing)."""
    node: Any = scenario
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, Mapping) else getattr(node, part, None)
    return node


def _field(path: str, decimals: int | None = None) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """start and overrides of a lever that is one scenario field."""

    def start(scenario: ekosim.Scenario) -> Any:
        return lookup(scenario, path)

    def overrides(scenario: ekosim.Scenario, values: Values, name: str) -> Overrides:
        value = values[name]
        if decimals is not None:
            value = round(value, decimals)
        return {} if start(scenario) == value else {path: value}

    return start, overrides


def field_lever(name: str, path: str, decimals: int | None = None, **spec: Any) -> Lever:
    start, overrides = _field(path, decimals)
    return Lever(
        name=name,
        start=start,
        overrides=lambda scenario, values: overrides(scenario, values, name),
        **spec,
    )


def percent_lever(
    name: str, scaled: Callable[[ekosim.Scenario, float], Overrides], **spec: Any
) -> Lever:
    """A lever in percent of the scenario's own values (100 changes nothing)."""
    return Lever(
        name=name,
        kind="count",
        default=100,
        start=lambda scenario: 100,
        overrides=lambda scenario, values: (
            {} if values[name] == 100 else scaled(scenario, values[name] / 100)
        ),
        **spec,
    )


def staff(scenario: ekosim.Scenario) -> Iterator[tuple[str, str, Any]]:
    """(provider, profession, StaffSpec) of every provider's staff."""
    for provider, spec in scenario.providers.items():
        for profession, member in spec.staff.items():
            yield provider, profession, member


def _capacity(scenario: ekosim.Scenario, factor: float) -> Overrides:
    return {
        f"services.{name}.capacity_per_day": round(service.capacity_per_day * factor)
        for name, service in scenario.services.items()
    }


# The professions with a lever of their own ("+2 doctors"), by their name in the scenarios'
# staff; a test checks that every bundled scenario's professions are here. Their names are
# the scenario's labels, else apps.texts' ``name_profession_*``.
PROFESSIONS = (
    "doctor",
    "nurse",
    "home_care_nurse",
    "mental_health_team",
    "physiotherapist",
    "dental_team",
)
MAX_POSTS_ADDED = 100


def profession_lever(profession: str) -> str:
    return f"posts_{profession}"


def main_provider(scenario: ekosim.Scenario, profession: str) -> str | None:
    """The provider with the most posts of a profession (the first of equals), where a
    profession lever adds or removes posts; None where no provider has the profession."""
    found = [
        (member.posts, provider) for provider, name, member in staff(scenario) if name == profession
    ]
    return max(found, key=lambda item: item[0])[1] if found else None


def _staff_posts(scenario: ekosim.Scenario, values: Values) -> Overrides:
    """Every provider's posts: the scenario's times the staff percentage, plus the posts a
    profession's lever adds at its main provider (never below zero). The staff lever and the
    profession levers all write these same paths."""
    factor = values["staff_pct"] / 100
    changed: Overrides = {}
    for provider, profession, member in staff(scenario):
        added = 0
        name = profession_lever(profession)
        if name in values and values[name] and main_provider(scenario, profession) == provider:
            added = values[name]
        if factor == 1 and not added:
            continue
        # posts are full-time equivalents (floats): kept to two decimals, never below zero
        changed[f"providers.{provider}.staff.{profession}.posts"] = max(
            0.0, round(member.posts * factor + added, 2)
        )
    return changed


def _ngo_capacity(scenario: ekosim.Scenario, factor: float) -> Overrides:
    changed: Overrides = {}
    for name, ngo in scenario.ngos.items():
        changed[f"ngos.{name}.volunteers"] = round(ngo.volunteers * factor)
        hours = min(round(ngo.kiosk_hours_per_week * factor, 2), MAX_KIOSK_HOURS)
        changed[f"ngos.{name}.kiosk_hours_per_week"] = hours
    return changed


def _demand(scenario: ekosim.Scenario, factor: float) -> Overrides:
    demand = scenario.demand
    if demand.source == "poisson" and demand.arrivals_per_day is not None:
        return {"demand.arrivals_per_day": round(demand.arrivals_per_day * factor, 4)}
    return {
        "demand.contacts_per_resident_year": round(demand.contacts_per_resident_year * factor, 4)
    }


def _vacancies(scenario: ekosim.Scenario, values: Values) -> Overrides:
    points = values["vacancy_pp"]
    if not points:
        return {}
    return {
        f"providers.{provider}.staff.{profession}.vacancy_rate": round(
            min(max(member.vacancy_rate + points / 100, 0.0), MAX_VACANCY_RATE), 4
        )
        for provider, profession, member in staff(scenario)
    }


def integration_level(scenario: ekosim.Scenario) -> float:
    """The scenario's integration level; without the section hand-offs have no frictions,
    which the lever shows as fully integrated."""
    return scenario.integration.level if scenario.integration is not None else 1.0


def _integration(scenario: ekosim.Scenario, values: Values) -> Overrides:
    level = values["integration_level"]
    return {} if level == integration_level(scenario) else {"integration.level": round(level, 4)}


def _integrator_on(scenario: ekosim.Scenario) -> bool:
    return scenario.integrator is not None and scenario.integrator.enabled


def _integrator(scenario: ekosim.Scenario, values: Values) -> Overrides:
    wanted = values["integrator_enabled"]
    if scenario.integrator is None or wanted == scenario.integrator.enabled:
        return {}
    return {"integrator.enabled": wanted}


def reinvest_share(scenario: ekosim.Scenario) -> float:
    """The share of an alliance gain reinvested in prevention; 0 when it is paid out."""
    management = scenario.contract.joint_management
    return management.reinvest_share if management.rule == "reinvest" else 0.0


def _reinvest(scenario: ekosim.Scenario, values: Values) -> Overrides:
    share = values["reinvest_share"]
    if share == reinvest_share(scenario):
        return {}
    changed: Overrides = {"contract.joint_management.reinvest_share": round(share, 4)}
    if scenario.contract.joint_management.rule != "reinvest":
        changed["contract.joint_management.rule"] = "reinvest"
    return changed


def kpi_weight_slot(slot: int) -> str:
    return f"kpi_weight_{slot + 1}"


def _kpi_weight_start(slot: int) -> Callable[[ekosim.Scenario], float]:
    def start(scenario: ekosim.Scenario) -> float:
        targets = scenario.contract.kpis
        return targets[slot].weight if slot < len(targets) else 0.0

    return start


def _kpi_weights(scenario: ekosim.Scenario, values: Values) -> Overrides:
    """All the contract's KPI weights, as one list (every slot writes the same)."""
    targets = scenario.contract.kpis
    weights = [values[kpi_weight_slot(slot)] for slot in range(len(targets))]
    if weights == [target.weight for target in targets]:
        return {}
    return {
        "contract.kpis": [
            {**target.model_dump(mode="python"), "weight": round(weight, 4)}
            for target, weight in zip(targets, weights, strict=True)
        ]
    }


ALLIANCE = ("alliance",)
SHARE: dict[str, Any] = {"kind": "share", "bounds": (0.0, 1.0), "step": 0.05}

LEVERS: tuple[Lever, ...] = (
    field_lever(
        "contract_model",
        "contract.model",
        label={"en": "Contract model", "fi": "Sopimusmalli"},
        section="contract_section",
        kind="choice",
        default="in_house",
        choices=CONTRACT_MODELS,
    ),
    field_lever(
        "gain_share",
        "contract.gain_share",
        label={"en": "Gain share (partners)", "fi": "Säästöosuus (kumppanit)"},
        section="contract_section",
        default=0.5,
        contracts=ALLIANCE,
        **SHARE,
    ),
    field_lever(
        "pain_share",
        "contract.pain_share",
        label={"en": "Pain share (partners)", "fi": "Ylitysosuus (kumppanit)"},
        section="contract_section",
        default=0.5,
        contracts=ALLIANCE,
        **SHARE,
    ),
    field_lever(
        "fee_at_risk",
        "contract.fee_at_risk",
        label={"en": "Fee at risk", "fi": "Riskissä oleva palkkio"},
        section="contract_section",
        default=1.0,
        contracts=ALLIANCE,
        **SHARE,
    ),
    percent_lever(
        "capacity_pct",
        _capacity,
        label={
            "en": "Service capacity, % of scenario",
            "fi": "Palvelukapasiteetti, % skenaariosta",
        },
        section="services_section",
        bounds=(25, 300),
        step=5,
    ),
    field_lever(
        "digital_share",
        "channels.digital_share",
        decimals=4,
        label={
            "en": "Digital share of first contacts",
            "fi": "Digitaalisten yhteydenottojen osuus",
        },
        section="services_section",
        kind="share",
        default=0.32,
        bounds=(0.0, 0.9),
        step=0.01,
    ),
    field_lever(
        "guarantee_under_23",
        "care_guarantee.limit_days_under_23",
        label={"en": "Care guarantee under 23, days", "fi": "Hoitotakuu alle 23-v., päivää"},
        section="services_section",
        kind="count",
        default=14,
        bounds=(0, 365),
        step=1,
    ),
    field_lever(
        "guarantee_23_over",
        "care_guarantee.limit_days_23_and_over",
        label={"en": "Care guarantee 23+, days", "fi": "Hoitotakuu 23+ -v., päivää"},
        section="services_section",
        kind="count",
        default=90,
        bounds=(0, 365),
        step=1,
    ),
    Lever(
        "integration_level",
        label={
            "en": "Ecosystem integration (0 fragmented, 1 integrated)",
            "fi": "Ekosysteemin integraatio (0 hajanainen, 1 yhtenäinen)",
        },
        section="services_section",
        default=1.0,
        start=integration_level,
        overrides=_integration,
        **SHARE,
    ),
    Lever(
        "staff_pct",
        label={"en": "Staff posts, % of scenario", "fi": "Henkilöstön vakanssit, % skenaariosta"},
        section="partners_section",
        kind="count",
        default=100,
        start=lambda scenario: 100,
        overrides=_staff_posts,
        bounds=(25, 200),
        step=5,
    ),
    *(
        Lever(
            profession_lever(profession),
            label={
                lang: text(
                    "posts_lever", lang, profession=text(f"name_profession_{profession}", lang)
                )
                for lang in ("en", "fi")
            },
            section="partners_section",
            kind="count",
            default=0,
            start=lambda scenario: 0,
            overrides=_staff_posts,
            bounds=(-MAX_POSTS_ADDED, MAX_POSTS_ADDED),
            step=1,
        )
        for profession in PROFESSIONS
    ),
    percent_lever(
        "ngo_capacity_pct",
        _ngo_capacity,
        label={
            "en": "NGO capacity (volunteers, kiosk hours), % of scenario",
            "fi": "Järjestöjen kapasiteetti (vapaaehtoiset, pisteen tunnit), % skenaariosta",
        },
        section="partners_section",
        bounds=(0, 300),
        step=5,
    ),
    Lever(
        "integrator_enabled",
        label={
            "en": "Home services through the service integrator",
            "fi": "Kotipalvelut palveluintegraattorin kautta",
        },
        section="partners_section",
        kind="switch",
        default=False,
        start=_integrator_on,
        overrides=_integrator,
    ),
    Lever(
        "reinvest_share",
        label={
            "en": "Share of a gain reinvested in prevention",
            "fi": "Säästöstä ennaltaehkäisyyn investoitava osuus",
        },
        section="incentives_section",
        default=0.5,
        start=reinvest_share,
        overrides=_reinvest,
        contracts=ALLIANCE,
        **SHARE,
    ),
    *(
        Lever(
            kpi_weight_slot(slot),
            label={"en": f"KPI weight {slot + 1}", "fi": f"Mittarin {slot + 1} paino"},
            section="incentives_section",
            default=0.0,
            start=_kpi_weight_start(slot),
            overrides=_kpi_weights,
            **SHARE,
        )
        for slot in range(MAX_KPI_WEIGHTS)
    ),
    percent_lever(
        "demand_pct",
        _demand,
        label={
            "en": "Demand: contacts per resident, % of scenario",
            "fi": "Kysyntä: yhteydenotot asukasta kohden, % skenaariosta",
        },
        section="assumptions_section",
        bounds=(50, 200),
        step=5,
        assumption=True,
    ),
    Lever(
        "vacancy_pp",
        label={
            "en": "Vacancies: change in unfilled posts, percentage points",
            "fi": "Vajaus: täyttämättömien vakanssien muutos, %-yksikköä",
        },
        section="assumptions_section",
        kind="count",
        default=0,
        bounds=(-20, 50),
        step=1,
        start=lambda scenario: 0,
        overrides=_vacancies,
        assumption=True,
    ),
)
LABELS = Catalogue({lever.name: lever.label for lever in LEVERS})
BY_NAME: dict[str, Lever] = {lever.name: lever for lever in LEVERS}
KPI_WEIGHTS = tuple(kpi_weight_slot(slot) for slot in range(MAX_KPI_WEIGHTS))
POLICY = tuple(lever.name for lever in LEVERS if not lever.assumption)
PROFESSION_LEVERS = {profession_lever(profession): profession for profession in PROFESSIONS}
ASSUMPTIONS = tuple(lever.name for lever in LEVERS if lever.assumption)


def overrides(scenario: ekosim.Scenario, values: Values, assumptions: bool) -> Overrides:
    """The dotted-path overrides of the policy levers (or of the assumptions) at ``values``."""
    changed: Overrides = {}
    for lever in LEVERS:
        if lever.assumption == assumptions:
            changed.update(lever.overrides(scenario, values))
    return changed


def starts(scenario: ekosim.Scenario) -> dict[str, Any]:
    """Every lever's value in the scenario as it is."""
    return {lever.name: lever.start(scenario) for lever in LEVERS}


# A lever sweep runs one lever over a range: every share or count lever but the KPI weights,
# over its bounds or, for levers whose bounds reach far, over a range a planner weighs.
SWEEP_RANGES: dict[str, tuple[float, float]] = {
    "capacity_pct": (50, 150),
    "staff_pct": (50, 150),
    "ngo_capacity_pct": (0, 200),
    "demand_pct": (80, 140),
    "vacancy_pp": (-10, 20),
    "guarantee_under_23": (7, 30),
    "guarantee_23_over": (14, 180),
    "digital_share": (0.1, 0.7),
}
SWEEPABLE = tuple(
    lever.name
    for lever in LEVERS
    if lever.kind in ("share", "count") and lever.name not in KPI_WEIGHTS
)
SWEEP_RANGES.update({name: (-10, 10) for name in PROFESSION_LEVERS})


def sweep_values(name: str, points: int) -> list[float]:
    """``points`` evenly spaced values of a lever over its sweep range (whole for counts)."""
    lever = BY_NAME[name]
    low, high = SWEEP_RANGES.get(name) or lever.bounds or (0.0, 1.0)
    step = (high - low) / (points - 1)
    values = [low + step * position for position in range(points)]
    if lever.kind == "count":
        return list(dict.fromkeys(round(value) for value in values))
    return [round(value, 4) for value in values]
