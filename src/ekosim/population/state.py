"""Resident state, declared once: every array kept per resident slot, as data.

Each per-resident array of the engine (the population's health and risk factors, home care,
continuity of care, the key result areas) is a ``StateField`` in ``FIELDS`` with its dtype,
unit, fill value, meaning and owner, in the spirit of covasim's ``PeopleMeta`` and starsim's
``People`` (which links every module's state and grows all of it together). One
``ResidentState`` holds the arrays of every field for one population; growing it (births and
in-migrants beyond the allocated slots) resizes all of them at once, new slots at their fill
value. The owners read and write their arrays as attributes (``residents.age``,
``home_care.client``) through ``StateArray`` descriptors, so no module keeps an array of its
own in step with the residents. ``markdown_table()`` renders the registry for the docs.

The arrays hold the slots in use plus a chunk (``capacity``) and grow in chunks, so the monthly
passes touch only those; ``planned_slots`` is the horizon's allowance the run plans for. Random
draws of one number a slot from a process's generator (not keyed by slot) are drawn for every
planned slot (``per_slot``), so a generator moves on the same however many slots are allocated
yet, and a value drawn at the start for every planned slot (``preset``) reaches a slot when
growth adds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, overload

import numpy as np

RESIDENTS = "ekosim.population.residents.Residents"
HOME_CARE = "ekosim.carepath.homecare.HomeCare"
CARE_24H = "ekosim.carepath.housing.Care24h"
CONTINUITY = "ekosim.carepath.continuity.Continuity"
KEY_RESULTS = "ekosim.population.keyresults.KeyResults"


@dataclass(frozen=True)
class StateField:
    """One per-resident array: ``dtype`` a NumPy dtype name, ``fill`` the value of a slot
    nobody has filled yet (and of the slots growth adds), ``owner`` the class whose attribute
    it is; ``per_action``: one column per personal action (``actions.ACTION_NAMES``)."""

    name: str
    dtype: str
    unit: str
    fill: float | int | bool
    meaning: str
    owner: str
    per_action: bool = False

    def blank(self, capacity: int, n_actions: int) -> np.ndarray:
        """An array of ``capacity`` slots at the fill value."""
        shape = (capacity, n_actions) if self.per_action else (capacity,)
        return np.full(shape, self.fill, dtype=self.dtype)


def _declare(owner: str) -> Callable[..., StateField]:
    """A declaration of ``owner``'s fields; the fill defaults to no/zero."""

    def declare(
        name: str,
        dtype: str,
        unit: str,
        meaning: str,
        fill: float | None = None,
        per_action: bool = False,
    ) -> StateField:
        default = False if dtype == "bool" else 0
        return StateField(
            name, dtype, unit, default if fill is None else fill, meaning, owner, per_action
        )

    return declare


_residents, _home_care = _declare(RESIDENTS), _declare(HOME_CARE)
_care_24h = _declare(CARE_24H)
_continuity, _key_results = _declare(CONTINUITY), _declare(KEY_RESULTS)
NOT_SEEN = "NaN until first seen alive"

FIELDS: tuple[StateField, ...] = (
    _residents("age", "float32", "years", "age"),
    _residents("female", "bool", "yes/no", "female"),
    _residents("alive", "bool", "yes/no", "alive and living in the area (unused slots: no)"),
    _residents("died", "bool", "yes/no", "died in the area (those who moved out: neither)"),
    _residents("living_alone", "bool", "yes/no", "lives alone"),
    _residents("area", "int8", "index", "home area, in the scenario's population.areas order"),
    _residents("bmi", "float32", "kg/m2", "body mass index"),
    _residents("waist_cm", "float32", "cm", "waist circumference"),
    _residents("active", "bool", "yes/no", "at least 30 min physical activity daily"),
    _residents("vegetables", "bool", "yes/no", "vegetables, fruit or berries every day"),
    _residents("smoker", "bool", "yes/no", "daily smoker"),
    _residents("alcohol_g_week", "float32", "g/week", "alcohol drunk a week"),
    _residents("sleep_hours", "float32", "hours/night", "sleep a night"),
    _residents("social", "bool", "yes/no", "takes part in a group, club or NGO activity"),
    _residents("lonely", "bool", "yes/no", "often lonely"),
    _residents("bp_medication", "bool", "yes/no", "ever on blood-pressure medication"),
    _residents("high_glucose", "bool", "yes/no", "impaired glucose tolerance or high glucose"),
    _residents("family_history", "int8", "0/1/2", "diabetes in family: none, 2nd, 1st degree"),
    _residents("diabetes", "bool", "yes/no", "has type 2 diabetes"),
    _residents("cvd", "bool", "yes/no", "has had a cardiovascular event"),
    _residents("mental_need", "bool", "yes/no", "needs mental-health care"),
    _residents("frail", "bool", "yes/no", "frail (Fried phenotype)"),
    _residents(
        "dementia",
        "bool",
        "yes/no",
        "has dementia, any cause (onset by age: population.health.dementia_incidence)",
    ),
    _residents("function", "float32", "0..1", "functional ability, 0 none to 1 full"),
    _residents("digital_literacy", "float32", "0..1", "ability to use digital services"),
    _residents("wellbeing", "float32", "WHO-5 %", "well-being, WHO-5 percent 0..100"),
    _residents(
        "action_strength", "float32", "0..1", "effect of each action still carried", per_action=True
    ),
    _residents("action_adhering", "bool", "yes/no", "doing each action now", per_action=True),
    _home_care("client", "bool", "yes/no", "regular home-care client"),
    _home_care(
        "limited", "bool", "yes/no", "long-term illness limits daily living (home-care need)"
    ),
    _care_24h("assisted_living", "bool", "yes/no", "lives in 24-hour service housing"),
    _home_care(
        "discharged_on",
        "int32",
        "day",
        "discharge day, first visit not yet made (-1: none)",
        fill=-1,
    ),
    _home_care(
        "client_until",
        "int32",
        "day",
        "last day (0-based) as a regular home-care client (-1: not a client since the start)",
        fill=-1,
    ),
    _continuity(
        "in_balance", "bool", "yes/no", "diabetes care in balance (drawn at start; added slots: no)"
    ),
    _key_results("child_index", "float32", "0..100", f"children's well-being ({NOT_SEEN})", np.nan),
    _key_results(
        "work_ability", "float32", "WAS 0..10", f"Work Ability Score ({NOT_SEEN})", np.nan
    ),
    _key_results("family_need", "bool", "yes/no", "family needs family work"),
    _key_results("family_supported", "bool", "yes/no", "family got family work this month"),
    _key_results("entered_24h_care", "bool", "yes/no", "entry to 24-hour care counted in a KPI"),
)
_BY_NAME = {field.name: field for field in FIELDS}
assert len(_BY_NAME) == len(FIELDS), "a state field is declared twice"


def fields(owner: str | None = None) -> tuple[StateField, ...]:
    """Every registered field (of ``owner``, a class's dotted name, if given), in order."""
    return tuple(field for field in FIELDS if owner is None or field.owner == owner)


def field(name: str) -> StateField:
    """The registered field ``name``; KeyError naming the known ones otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no resident state field {name!r}; known: {', '.join(_BY_NAME)}") from None


def markdown_table() -> str:
    """The registry as a Markdown table: name, dtype, unit, fill, meaning, owner."""
    rows = [
        "| name | dtype | unit | fill | meaning | owner |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in FIELDS:
        dtype = f"{f.dtype} (slot, action)" if f.per_action else f.dtype
        row = (f.name, dtype, f.unit, str(f.fill), f.meaning, f.owner.removeprefix("ekosim."))
        rows.append("| " + " | ".join(f"`{c}`" if i == 0 else c for i, c in enumerate(row)) + " |")
    return "\n".join(rows) + "\n"


class ResidentState:
    """The arrays of every registered field for one population, one entry per slot."""

    def __init__(self, capacity: int, n_actions: int = 0) -> None:
        self.n_actions = n_actions
        self._arrays = {f.name: f.blank(capacity, n_actions) for f in FIELDS}
        self.planned_slots = capacity
        self._preset: dict[str, np.ndarray] = {}

    @property
    def capacity(self) -> int:
        """The slots allocated in every array (at most ``planned_slots``)."""
        return len(self._arrays[FIELDS[0].name])

    def plan(self, slots: int) -> None:
        """Plan for at least ``slots`` slots (the horizon's allowance, or more once outrun)."""
        self.planned_slots = max(self.planned_slots, slots)

    def per_slot(self, draw: Callable[[int], np.ndarray]) -> np.ndarray:
        """One number for each allocated slot from ``draw(count)`` (e.g. ``rng.random``),
        drawn for every planned slot: the generator moves on the same however many slots are
        allocated, so the numbers do not depend on the allocation."""
        return draw(self.planned_slots)[: self.capacity]

    def preset(self, name: str, values: np.ndarray) -> None:
        """Set field ``name`` from ``values``, one for each planned slot: the allocated slots
        now, the others when growth adds them (instead of the fill)."""
        if len(values) != self.planned_slots:
            raise ValueError(
                f"resident state {name!r}: preset needs {self.planned_slots} values, "
                f"one for each planned slot, got {len(values)}"
            )
        self[name] = values[: self.capacity].astype(self[name].dtype)
        self._preset[name] = values

    def __getitem__(self, name: str) -> np.ndarray:
        return self._arrays[name]

    def __setitem__(self, name: str, value: np.ndarray) -> None:
        """Replace a field's array by one of the same shape and dtype (else TypeError)."""
        old = self._arrays[name]
        if (
            not isinstance(value, np.ndarray)
            or value.shape != old.shape
            or value.dtype != old.dtype
        ):
            got = f"{value.dtype}{value.shape}" if isinstance(value, np.ndarray) else type(value)
            raise TypeError(f"resident state {name!r} must be {old.dtype}{old.shape}, got {got}")
        self._arrays[name] = value

    def grow(self, capacity: int) -> None:
        """Room for ``capacity`` slots in every array; old values kept, new slots at their
        preset values, else at the fill. Plans for at least as many slots."""
        if capacity < self.capacity:
            raise ValueError(f"resident state cannot shrink from {self.capacity} to {capacity}")
        start = self.capacity
        for f in FIELDS:
            bigger = f.blank(capacity, self.n_actions)
            bigger[:start] = self._arrays[f.name]
            preset = self._preset.get(f.name)
            if preset is not None:
                end = min(capacity, len(preset))
                bigger[start:end] = preset[start:end]
            self._arrays[f.name] = bigger
        self.plan(capacity)


class HasState(Protocol):
    state: ResidentState


class StateArray:
    """A class attribute that reads and writes the registered field of its name in the
    instance's ``state``; checks at class creation that the class owns that field."""

    def __set_name__(self, owner: type, name: str) -> None:
        declared = field(name).owner
        where = f"{owner.__module__}.{owner.__qualname__}"
        if declared != where:
            raise TypeError(f"resident state {name!r} belongs to {declared}, not {where}")
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> StateArray: ...
    @overload
    def __get__(self, instance: HasState, owner: type) -> np.ndarray: ...
    def __get__(self, instance: HasState | None, owner: type) -> np.ndarray | StateArray:
        return self if instance is None else instance.state[self.name]

    def __set__(self, instance: HasState, value: np.ndarray) -> None:
        instance.state[self.name] = value


def attributes(cls: type) -> tuple[str, ...]:
    """The names of ``cls``'s StateArray attributes (to check them against the registry)."""
    return tuple(name for name, value in vars(cls).items() if isinstance(value, StateArray))
