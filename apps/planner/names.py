"""Names people read instead of code names: scenarios, services, partners, professions,
channels and NGOs, in the page's language.

One source of truth: the scenario's own ``label`` (``{fi: ..., en: ...}``, validated by the
schema), then the apps' texts (``apps.texts``: generic names such as the phone channel or the
region), then the code name written out ("health_station" -> "Health station"). A raw dotted
path is never shown.

The changes to a scenario are written out here too ("Mehiläinen · Doctors: 12.47 → 14.47 FTE"),
for the page's change line, the exported YAML's description and the decision brief.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ekosim
from apps.planner.levers import BY_NAME, KPI_WEIGHTS, LABELS, LEVERS, lookup, starts
from apps.texts import CATALOGUE, kpi_name, number, text
from ekosim.contracts.ledger import REGION

CHANNEL_PREFIX = "channel."
NGO_PREFIX = "ngo."
# Levers whose changes are written per service, partner or NGO (the scenario fields they
# write); the others are written as the lever: "Gain share (partners): 0.50 → 0.70".
PER_ENTITY = ("capacity_pct", "staff_pct", "ngo_capacity_pct", "vacancy_pp")
MAX_RUN_LABEL = 80  # characters of a run's name made from its changes


def humanised(code: str) -> str:
    """A code name written out: 'health_station' -> 'Health station', 'walk-in' -> 'Walk in'."""
    words = code.replace("_", " ").replace("-", " ").split()
    written = " ".join(words)
    return written[:1].upper() + written[1:] if written else code


def pick(label: Mapping[str, str] | None, lang: str) -> str | None:
    """A label's text in ``lang``, else in the other language; None without a label."""
    if not label:
        return None
    return label.get(lang) or next(iter(label.values()), None)


class Names:
    """The names of one or more scenarios' parts (the first scenario naming a part wins)."""

    def __init__(self, scenarios: ekosim.Scenario | Sequence[ekosim.Scenario], lang: str) -> None:
        found = [scenarios] if isinstance(scenarios, ekosim.Scenario) else list(scenarios)
        self.scenarios = list({id(s): s for s in found}.values())  # unhashable: by identity
        self.lang = lang

    def _fallback(self, key: str, code: str) -> str:
        return text(key, self.lang) if key in CATALOGUE else humanised(code)

    def _first(self, labels: Iterable[Mapping[str, str] | None]) -> str | None:
        for label in labels:
            written = pick(label, self.lang)
            if written:
                return written
        return None

    def scenario(self, scenario: ekosim.Scenario | None = None) -> str:
        """The scenario's label, else its name written out (the first scenario's)."""
        chosen = scenario if scenario is not None else self.scenarios[0]
        return pick(chosen.label, self.lang) or humanised(chosen.name)

    def service(self, code: str) -> str:
        found = self._first(s.services[code].label for s in self.scenarios if code in s.services)
        return found or self._fallback(f"name_service_{code}", code)

    def partner(self, code: str) -> str:
        """A provider, an NGO, the integrator or the region, as the ledger names them."""
        if code == REGION:
            return text("region_name", self.lang)
        found = self._first(
            [s.providers[code].label for s in self.scenarios if code in s.providers]
            + [s.ngos[code].label for s in self.scenarios if code in s.ngos]
        )
        return found or self._fallback(f"name_partner_{code}", code)

    def ngo(self, code: str) -> str:
        found = self._first(s.ngos[code].label for s in self.scenarios if code in s.ngos)
        return found or self._fallback(f"name_partner_{code}", code)

    def channel(self, code: str) -> str:
        found = self._first(
            getattr(s.channels, code).label
            for s in self.scenarios
            if getattr(s.channels, code, None) is not None
        )
        return found or self._fallback(f"name_channel_{code}", code)

    def profession(self, code: str, provider: str | None = None) -> str:
        """A profession's label at ``provider``, else at any provider that has it."""
        labels = [
            spec.staff[code].label
            for s in self.scenarios
            for name, spec in s.providers.items()
            if code in spec.staff and provider in (None, name)
        ]
        if provider is not None:
            labels += [
                spec.staff[code].label
                for s in self.scenarios
                for spec in s.providers.values()
                if code in spec.staff
            ]
        return self._first(labels) or self._fallback(f"name_profession_{code}", code)

    def flow(self, code: str) -> str:
        """A channel, NGO or service as the flows and waits frames name them."""
        if code.startswith(CHANNEL_PREFIX):
            return self.channel(code.removeprefix(CHANNEL_PREFIX))
        if code.startswith(NGO_PREFIX):
            return self.ngo(code.removeprefix(NGO_PREFIX))
        key = f"name_service_{code}"
        if key in CATALOGUE and not any(code in s.services for s in self.scenarios):
            return text(key, self.lang)
        return self.service(code)

    # ---- a scenario field's change, in words ------------------------------------------------

    def field_change(self, path: str, before: Any, after: Any) -> str:
        """A changed scenario field in words: "Mehiläinen · Doctors: 12.47 → 14.47 FTE"."""
        parts = path.split(".")
        field = parts[-1]
        if parts[0] == "providers" and len(parts) == 5 and parts[2] == "staff":
            who = f"{self.partner(parts[1])} · {self.profession(parts[3], parts[1])}"
        elif parts[0] == "services" and len(parts) == 3:
            who = self.service(parts[1])
        elif parts[0] == "ngos" and len(parts) == 3:
            who = self.ngo(parts[1])
        else:
            who = humanised(path.replace(".", " "))
        what = f"field_{field}"
        if what in CATALOGUE and text(what, self.lang):
            who = f"{who}: {text(what, self.lang)}"
        else:
            who = f"{who}:"
        unit = f"unit_{field}"
        suffix = f"\u00a0{text(unit, self.lang)}" if unit in CATALOGUE else ""
        return f"{who} {self.value(field, before)} → {self.value(field, after)}{suffix}"

    def value(self, field: str, value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        if field == "vacancy_rate":
            return f"{self.value('', round(100 * value, 2))}\u00a0%"
        decimals = len(f"{value:.2f}".rstrip("0").partition(".")[2])  # 12.47, 5.75, 28
        return number(value, self.lang, decimals)


# ---- a lever's change, in words -------------------------------------------------------------


def lever_value(name: str, value: Any, lang: str) -> str:
    """A lever's value as a planner reads it: "Alliance", "80 %", "+15 pp", "0.30"."""
    lever = BY_NAME[name]
    if lever.kind == "choice":
        return text(f"model_{value}", lang)
    if lever.kind == "switch":
        return text("yes" if value else "no", lang)
    if name.endswith("_pct"):
        return f"{number(value, lang)}\u00a0%"
    if name == "vacancy_pp":
        return f"{'+' if value > 0 else ''}{number(value, lang)}\u00a0{text('points', lang)}"
    if name.startswith("posts_"):
        return f"{'+' if value > 0 else ''}{number(value, lang)}"
    if lever.kind == "count":
        return number(value, lang)
    return number(value, lang, 2)


def lever_name(scenario: ekosim.Scenario, name: str, lang: str) -> str:
    """A lever's label; a KPI weight is named by its KPI, a profession's by the scenario's
    name for it."""
    if name in KPI_WEIGHTS:
        targets = scenario.contract.kpis
        slot = KPI_WEIGHTS.index(name)
        if slot < len(targets):
            return text("brief_weight_of", lang, kpi=kpi_name(targets[slot].name, lang))
    if name.startswith("posts_"):
        profession = Names(scenario, lang).profession(name.removeprefix("posts_"))
        return text("posts_lever", lang, profession=profession)
    return LABELS(name, lang)


def moved_levers(scenario: ekosim.Scenario, values: Mapping[str, Any]) -> list[str]:
    """The levers moved from the scenario's values that change it."""
    start = starts(scenario)
    return [
        lever.name
        for lever in LEVERS
        if values[lever.name] != start[lever.name] and lever.overrides(scenario, values)
    ]


def lever_changes(
    scenario: ekosim.Scenario, values: Mapping[str, Any], lang: str
) -> list[tuple[str, str, str, bool]]:
    """(lever, from, to, is an assumption) of every lever moved from the scenario's value."""
    start = starts(scenario)
    return [
        (
            lever_name(scenario, name, lang),
            lever_value(name, start[name], lang),
            lever_value(name, values[name], lang),
            BY_NAME[name].assumption,
        )
        for name in moved_levers(scenario, values)
    ]


def change_lines(scenario: ekosim.Scenario, values: Mapping[str, Any], lang: str) -> list[str]:
    """Every change the levers make to the scenario, in words: per service, partner or NGO
    where a lever changes their fields ("Mehiläinen · Doctors: 12.47 → 14.47 FTE"), else the
    lever's own change ("Contract model: Alliance → In-house")."""
    names = Names(scenario, lang)
    start = starts(scenario)
    lines: list[str] = []
    seen: set[str] = set()
    for name in moved_levers(scenario, values):
        lever = BY_NAME[name]
        if name in PER_ENTITY or name.startswith("posts_"):
            for path, value in lever.overrides(scenario, values).items():
                if path not in seen:
                    seen.add(path)
                    lines.append(names.field_change(path, lookup(scenario, path), value))
        else:
            before = lever_value(name, start[name], lang)
            after = lever_value(name, values[name], lang)
            lines.append(f"{lever_name(scenario, name, lang)}: {before} → {after}")
    return lines


def run_label(scenario: ekosim.Scenario, values: Mapping[str, Any], lang: str) -> str:
    """A run's name: the scenario's, with its levers' changes in a few words."""
    name = Names(scenario, lang).scenario()
    moved = lever_changes(scenario, values, lang)
    if not moved:
        return name
    written = f"{name} ({'; '.join(f'{lever} {after}' for lever, _, after, _ in moved)})"
    return written if len(written) <= MAX_RUN_LABEL else written[: MAX_RUN_LABEL - 2] + "…)"
