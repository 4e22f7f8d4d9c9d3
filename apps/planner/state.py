"""The planner's data store: the scenario, the levers on it, the run settings, the runs and
their results (Panel's DataStore pattern: the views only read it).

It holds no widgets. Its parameters are mirrored in the URL, so a shared link restores them;
each lever's parameter comes from its declaration in ``apps.planner.levers``.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import param
import yaml

import ekosim
from apps import planner_data as data
from apps.planner import levers
from apps.planner.levers import LABELS, LEVERS, SWEEPABLE
from apps.planner.names import Names, change_lines, humanised, lever_name, lever_value, run_label
from apps.texts import kpi_name, number, text, unit_label
from ekosim.actors.staffing import ServiceCapacity
from ekosim.kpis import KPIS
from ekosim.scenario import ScenarioError, bundled_scenarios

DEFAULT_SCENARIO = "tesoma-alliance"
VIEWS = ("scorecard", "timeseries", "ledger", "risk", "waiting", "flows", "compare", "sweep")
RUN_SETTINGS = ("years", "replications", "seed")
UNDOABLE = ("scenario", *(lever.name for lever in LEVERS), *RUN_SETTINGS)
URL_NAMES = {
    name: name
    for name in (
        "language",
        "upload",
        *UNDOABLE,
        "view",
        "plot_kpi",
        "preview",
        "sweep_lever",
        "sweep_points",
        "compared_link",
        "ran",
    )
}
MAX_COMPARED = 4
MAX_DESCRIPTION = 2000  # the schema's limit
MAX_NAME = 80  # a compared scenario's name, characters
# Uploaded scenarios, kept for the server's lifetime under their content hash so that a link
# reopens them (the newest MAX_UPLOADS; a link to an older one says it is gone).
UPLOADS: collections.OrderedDict[str, ekosim.Scenario] = collections.OrderedDict()
MAX_UPLOADS = 64
UPLOAD_KEY_CHARS = 16


def keep_upload(content: bytes, scenario: ekosim.Scenario) -> str:
    """Keep an uploaded scenario on this server; its key (for the link) is its content's hash."""
    key = hashlib.sha256(content).hexdigest()[:UPLOAD_KEY_CHARS]
    UPLOADS[key] = scenario
    UPLOADS.move_to_end(key)
    while len(UPLOADS) > MAX_UPLOADS:
        UPLOADS.popitem(last=False)
    return key


@functools.cache
def bundled_scenario(name: str) -> ekosim.Scenario:
    """A bundled scenario, read and validated once per server (scenarios are not changed)."""
    return ekosim.load_scenario(name)


class PlannerState(param.Parameterized):
    """A scenario, levers on it, and the replicated runs against its baseline."""

    language: Any = param.Selector(default="en", objects=["en", "fi"])
    scenario: Any = param.Selector(default=DEFAULT_SCENARIO, objects=list(bundled_scenarios()))
    years = param.Integer(default=10, bounds=(1, 50))
    replications = param.Integer(default=5, bounds=(1, 30))
    seed = param.Integer(default=0, bounds=(0, 2**31 - 1))
    view: Any = param.Selector(default="scorecard", objects=list(VIEWS))
    plot_kpi: Any = param.Selector(default="p90_wait_days", objects=list(KPIS))  # it moves
    preview = param.Boolean(default=True, doc="run by itself shortly after a lever moves")
    compare_name = param.String(default="", doc="the name the next compared scenario gets")
    upload = param.String(default="", doc="the uploaded scenario's key on this server (links)")
    compared_link = param.String(default="", doc="the compared scenarios' settings, as JSON")
    ran = param.Boolean(default=False, doc="results were shown: a link with it runs by itself")
    sweep_lever: Any = param.Selector(default="gain_share", objects=list(SWEEPABLE))
    sweep_points = param.Integer(default=5, bounds=(3, 9), doc="values of the swept lever")
    sweep_version = param.Integer(default=0, doc="counts the sweep's published points")
    sweeping = param.Boolean(default=False)

    message = param.Tuple(default=("ready", {}), length=2, doc="(text key, its values)")
    problems = param.List(default=[], item_type=str)
    progress = param.Integer(default=0)
    running = param.Boolean(default=False)
    results_version = param.Integer(default=0)
    scenario_version = param.Integer(default=0, doc="counts the base scenario's changes")
    # what the results shown are: the first replication's years so far, the replications
    # complete in every series, of how many years and replications the run is
    shown_year = param.Integer(default=0)
    complete = param.Integer(default=0)
    run_years = param.Integer(default=0)
    run_total = param.Integer(default=0)

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._upload: ekosim.Scenario | None = None
        self._quiet = False
        self.history: list[dict[str, Any]] = []
        self.run_token = 0
        self.baseline: data.RunSet | None = None
        self.changed: data.RunSet | None = None
        self.assumed: data.RunSet | None = None  # the baseline under changed assumptions
        self.compared: list[data.RunSet] = []
        self.ran_with: tuple[Any, ...] | None = None  # the settings the results are for
        self.ran_entry: dict[str, Any] = {}  # the same, as a link's comparison entry
        self.pending_compare: list[dict[str, Any]] = []  # a link's comparison, to be run
        self.link_run = False  # a link's results to be run again as the page opens
        self._upload_key: str | None = None
        # the problems listed, to be written again when the language changes
        self._problems_written: Callable[[str], list[str]] = lambda _: []
        # the lever sweep: (the lever's value, its run set) per point, and the settings of it
        self.sweep: list[tuple[float, data.RunSet]] = []
        self.swept_with: tuple[Any, ...] | None = None
        self.swept_lever = ""
        self.sweep_token = 0
        self.reset_levers()
        self.param.watch(self._on_user_change, list(UNDOABLE))
        self.param.watch(self._rewrite_problems, "language")

    # ---- problems ----------------------------------------------------------------------------

    def report(self, written: Callable[[str], list[str]]) -> None:
        """List problems, ``written(language)``, in the page's language (and again in the
        other when it switches)."""
        self._problems_written = written
        self.problems = written(self.language)

    def report_error(self, error: ScenarioError, lead: str | None = None) -> None:
        """List a scenario's problems in plain words, after the text ``lead`` names."""

        def written(lang: str) -> list[str]:
            first = [text(lead, lang)] if lead is not None else []
            return first + data.plain_problems(error, lang)

        self.report(written)

    def _rewrite_problems(self, *_: Any) -> None:
        if self.problems:
            self.problems = self._problems_written(self.language)

    # ---- scenario and levers -------------------------------------------------------------

    def base_scenario(self) -> ekosim.Scenario:
        """The uploaded scenario, or the bundled one chosen (cached, not re-read)."""
        return self._upload if self._upload is not None else bundled_scenario(self.scenario)

    def lever_values(self) -> dict[str, Any]:
        return {lever.name: getattr(self, lever.name) for lever in LEVERS}

    def assumption_overrides(self) -> dict[str, Any]:
        """The changed assumptions (demand, vacancies) as dotted-path overrides."""
        return levers.overrides(self.base_scenario(), self.lever_values(), assumptions=True)

    def lever_overrides(self) -> dict[str, Any]:
        """The policy levers as dotted-path overrides, only where they differ from the
        scenario."""
        return levers.overrides(self.base_scenario(), self.lever_values(), assumptions=False)

    def overrides(self) -> dict[str, Any]:
        """The levers and assumptions as dotted-path overrides, only where they differ from
        the scenario."""
        return {**self.assumption_overrides(), **self.lever_overrides()}

    def _with(self, overrides: dict[str, Any]) -> ekosim.Scenario:
        base = self.base_scenario()
        return ekosim.load_scenario(base, overrides) if overrides else base

    def assumed_scenario(self) -> ekosim.Scenario:
        """The baseline with the changed assumptions but none of the levers."""
        return self._with(self.assumption_overrides())

    def changed_scenario(self) -> ekosim.Scenario:
        return self._with(self.overrides())

    def reset_levers(self) -> None:
        base = self.base_scenario()
        self._set_quietly({**levers.starts(base), "years": min(self.years, base.horizon_years)})

    def _set_quietly(self, values: dict[str, Any]) -> None:
        self._quiet = True
        try:
            self.param.update(**values)
        finally:
            self._quiet = False

    def _on_user_change(self, *events: param.parameterized.Event) -> None:
        if self._quiet:
            return
        if any(event.name == "scenario" for event in events):
            if self._upload is not None:
                # leaving an upload: the levers before it were on another scenario
                self._leave_upload()
                return
            self._record({event.name: event.old for event in events})
            self.reset_levers()
            self.scenario_version += 1
        else:
            self._record({event.name: event.old for event in events})
        self.problems = []

    def _record(self, before: dict[str, Any]) -> None:
        snapshot = {name: getattr(self, name) for name in UNDOABLE}
        snapshot.update(before)
        self.history.append(snapshot)

    def _leave_upload(self) -> None:
        self._upload, self._upload_key = None, None
        self._set_quietly({"upload": ""})
        self.history.clear()
        self.reset_levers()
        self.problems = []
        self.scenario_version += 1

    def choose_scenario(self, name: str) -> None:
        """Choose a bundled scenario (the chooser's pick); the bundled scenario an upload
        replaced is chosen again too, leaving the upload."""
        if self._upload is not None and name == self.scenario:
            self._leave_upload()
        else:
            self.scenario = name

    def upload_name(self) -> str | None:
        """The uploaded scenario's name as people read it (its label), None without one."""
        return Names(self._upload, self.language).scenario() if self._upload is not None else None

    def undo(self, *_: Any) -> None:
        """Restore the state before the last change of scenario, lever or run setting, and
        say what was taken back, or why nothing could be."""
        if not self.history:
            key = "undo_upload" if self._upload is not None else "undo_nothing"
            self.message = (key, {})
            return
        before = self.history.pop()
        undone = [name for name, value in before.items() if getattr(self, name) != value]
        self._set_quietly(before)
        self.scenario_version += 1
        self.message = ("undone", {"what": ", ".join(self.setting_label(n) for n in undone)})

    def setting_label(self, name: str) -> str:
        """A lever's or setting's name in the page's language."""
        return LABELS(name, self.language) if name in LABELS else text(name, self.language)

    def restore(self, query: dict[str, Any]) -> None:
        """Apply a shared link's state: the scenario first, then its levers over it.

        A garbled part of a link keeps that setting's default instead of failing the page.
        """
        first = ("scenario", "upload")
        names = sorted(
            (name for name in query if name in URL_NAMES),
            key=lambda n: first.index(n) if n in first else len(first),
        )
        for name in names:
            if name == "ran":
                self.link_run = str(query[name]).lower() in ("true", "1")
                self._set_quietly({"ran": self.link_run})
                continue
            if name == "upload":
                self._restore_upload(str(query[name]))
                continue
            if name == "compared_link":
                raw = query[name]
                entries = read_entries(raw if isinstance(raw, str) else json.dumps(raw))
                self.pending_compare = entries
                self._set_quietly({"compared_link": json.dumps(entries) if entries else ""})
                continue
            try:
                self._set_quietly({name: query[name]})
            except (ValueError, TypeError):
                continue
            if name == "scenario":
                self.reset_levers()

    def _restore_upload(self, key: str) -> None:
        """Reopen the uploaded scenario a link names, or say that it is gone."""
        scenario = UPLOADS.get(key)
        if scenario is None:
            self._set_quietly({"upload": ""})
            self.report(lambda lang: [text("upload_gone", lang)])
            return
        self._upload, self._upload_key = scenario, key
        self._set_quietly({"upload": key})
        self.reset_levers()
        self.scenario_version += 1
        self.message = ("uploaded", {"name": Names(scenario, self.language).scenario()})

    def load_upload(self, content: bytes) -> bool:
        """Use an uploaded YAML scenario; on problems, list them in plain words."""
        try:
            scenario = data.read_uploaded_scenario(content.decode("utf-8"))
        except UnicodeDecodeError:
            self.report(lambda lang: [text("not_utf8", lang)])
            return False
        except ScenarioError as error:
            self.report_error(error)
            return False
        self._upload = scenario
        self._upload_key = keep_upload(content, scenario)
        self._set_quietly({"upload": self._upload_key})
        self.history.clear()
        self.reset_levers()
        self.problems = []
        self.scenario_version += 1
        self.message = ("uploaded", {"name": Names(scenario, self.language).scenario()})
        return True

    # ---- results -----------------------------------------------------------------------------

    def runsets(self) -> list[data.RunSet]:
        """The current run's distinct run sets: baseline, changed assumptions, scenario."""
        found = (self.baseline, self.assumed, self.changed)
        return list(dict.fromkeys(r for r in found if r is not None))

    def has_results(self) -> bool:
        return self.changed is not None and bool(self.changed.replications)

    def settings_key(self) -> tuple[Any, ...]:
        """What the results depend on: the scenario, the overrides and the run settings."""
        source = self._upload_key if self._upload is not None else self.scenario
        changes = repr(sorted(self.overrides().items()))
        return source, changes, self.years, self.replications, self.seed

    def stale(self) -> bool:
        """Whether the results shown are for other settings than the current ones."""
        return self.ran_with is not None and self.ran_with != self.settings_key()

    def caption(self) -> str:
        """What the results shown are, in words: "Year 1 of 10, replication 1 of 5"."""
        values = {"year": self.shown_year, "years": self.run_years, "total": self.run_total}
        n = self.complete
        if n == 0:
            key = "caption_year" if self.shown_year < self.run_years else "caption_first"
        elif n < self.run_total:
            key = "caption_first" if n == 1 else "caption_partial"
        else:
            key = "caption_one" if n == 1 else "caption_all"
        return text(key, self.language, n=n, **values)

    def names(self) -> Names:
        """The names of the scenario's parts (and the compared scenarios') in the page's
        language: labels, never code names."""
        compared = [runset.scenario for runset in self.compared]
        return Names([self.base_scenario(), *compared], self.language)

    def scenario_name(self) -> str:
        """The scenario's name as people read it (its label)."""
        return self.names().scenario()

    def change_label(self) -> str:
        """The run's name: the scenario's label with its levers' changes in a few words."""
        return run_label(self.base_scenario(), self.lever_values(), self.language)

    def change_lines(self) -> list[str]:
        """What the levers change in the scenario, in words, one line a change."""
        return change_lines(self.base_scenario(), self.lever_values(), self.language)

    def add_to_comparison(self, *_: Any) -> None:
        if self.changed is None or self.running:
            return
        if len(self.compared) >= MAX_COMPARED:
            self.message = ("compare_full", {})
            return
        label = self._compare_label()
        self.compared.append(dataclasses.replace(self.changed, label=label))
        entries = [*self.compared_entries(), {**self.ran_entry, "name": label}]
        self._set_quietly({"compare_name": "", "compared_link": json.dumps(entries)})
        self.view = "compare"
        self.results_version += 1

    def link_entry(self) -> dict[str, Any]:
        """The settings of a run as a link's comparison entry: the scenario (bundled, or an
        upload's key) and the levers moved from it."""
        base = self.base_scenario()
        start = levers.starts(base)
        moved = {k: v for k, v in self.lever_values().items() if v != start[k]}
        source = {"upload": self._upload_key} if self._upload is not None else {}
        settings = {name: getattr(self, name) for name in RUN_SETTINGS}
        return {"scenario": self.scenario, **source, "levers": moved, **settings}

    def compared_entries(self) -> list[dict[str, Any]]:
        """The comparison in the link, as (name, scenario, levers) entries."""
        return read_entries(self.compared_link)

    def _compare_label(self) -> str:
        """The name typed for it, or the run's own label; unique in the comparison (the
        views and the CSV tell the compared scenarios apart by it). A run's own label that
        another compared run has already gets what tells the two apart ("… [Doctors +2]",
        "… [seed 3]"), and a number only when nothing does."""
        assert self.changed is not None
        typed = " ".join(self.compare_name.split())[:MAX_NAME]
        wanted = typed or self.changed.label
        taken = {runset.label for runset in self.compared}
        if not typed and wanted in taken:
            entries = {entry["name"]: entry for entry in self.compared_entries()}
            twins = [entries[wanted]] if wanted in entries else []
            apart = "; ".join(dict.fromkeys(d for twin in twins for d in self.differences(twin)))
            if apart:
                room = MAX_NAME - len(apart) - 3
                head = wanted if len(wanted) <= room else wanted[: room - 1] + "…"
                wanted = f"{head} [{apart}]"
        return unique_name(wanted, taken)

    def differences(self, entry: dict[str, Any]) -> list[str]:
        """What this run's settings have that a compared entry's do not, in a few words:
        its scenario, the levers it sets otherwise, its years, replications and seed."""
        lang, mine = self.language, self.ran_entry
        found: list[str] = []
        base = self.base_scenario()
        source = ("scenario", "upload")
        if [mine.get(key) for key in source] != [entry.get(key) for key in source]:
            if ("upload" in mine) != ("upload" in entry):
                found.append(text("uploaded_tag" if "upload" in mine else "bundled_tag", lang))
            else:
                found.append(humanised(base.name))
        start = levers.starts(base)
        mine_levers = {**start, **mine.get("levers", {})}
        their_levers = {**start, **entry.get("levers", {})}
        for name, value in mine_levers.items():
            if value != their_levers.get(name):
                found.append(f"{lever_name(base, name, lang)} {lever_value(name, value, lang)}")
        for name in RUN_SETTINGS:
            if name in mine and name in entry and mine[name] != entry[name]:
                found.append(text(f"{name}_count", lang, n=number(mine[name], lang)))
        return found

    def clear_comparison(self, *_: Any) -> None:
        self.compared = []
        self.pending_compare = []
        self._set_quietly({"compared_link": ""})
        self.results_version += 1

    def sweep_scenario(self, value: float) -> ekosim.Scenario:
        """The scenario as it would run now, with the swept lever at ``value``."""
        values = {**self.lever_values(), self.sweep_lever: value}
        base = self.base_scenario()
        overrides = {
            **levers.overrides(base, values, assumptions=True),
            **levers.overrides(base, values, assumptions=False),
        }
        return ekosim.load_scenario(base, overrides) if overrides else base

    def sweep_stale(self) -> bool:
        """Whether the sweep shown was run with other settings than the current ones (the
        swept lever's own value aside)."""
        return bool(self.sweep) and self.swept_with != self.sweep_key()

    def sweep_key(self) -> tuple[Any, ...]:
        values = {k: v for k, v in self.lever_values().items() if k != self.sweep_lever}
        source = self._upload_key if self._upload is not None else self.scenario
        changes = repr(sorted(values.items()))
        lever = (self.sweep_lever, self.sweep_points)
        return source, changes, *lever, self.years, self.replications, self.seed

    def staff_limits(self) -> list[ServiceCapacity]:
        """The staff-bound services of the scenario as it would run now (levers and
        assumptions applied); none while the settings are not a valid scenario."""
        try:
            return data.staff_limits(self.changed_scenario())
        except ScenarioError:
            return []

    # ---- export ----------------------------------------------------------------------------

    def scenario_yaml(self) -> io.StringIO:
        """The scenario with the changes, resolved, as YAML that loads back (dates stay YAML
        dates: the JSON dump's quoted date strings are refused by the strict schema)."""
        resolved = self.changed_scenario().model_dump(mode="python")
        resolved["description"] = self.changed_description()
        return io.StringIO(yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True))

    def changed_description(self) -> str:
        """The scenario's description and, after it, what the planner changed, in words."""
        base = self.base_scenario()
        changes = self.change_lines()
        lead = text("exported_changes", self.language) if changes else ""
        written = " ".join(filter(None, [base.description, lead, "; ".join(changes)]))
        return written[:MAX_DESCRIPTION]

    def kpis_csv(self) -> io.StringIO:
        """Every series' KPIs and the compared scenarios', each row labelled by its series
        and its scenario's name, with the KPI's name in the page's language and its unit (as
        the KPI catalogue writes it and as the page shows it), as CSV."""
        out = io.StringIO()
        lang = self.language
        runsets = list(dict.fromkeys([*self.runsets(), *self.compared]))
        frame = data.labelled(runsets, "kpis")
        if len(frame):
            scenarios = {r.label: Names(r.scenario, lang).scenario() for r in runsets}
            frame.insert(1, "scenario_name", frame["series"].map(scenarios))
            names = {kpi: kpi_name(kpi, lang) for kpi in frame["kpi"].unique()}
            frame.insert(frame.columns.get_loc("kpi") + 1, "kpi_name", frame["kpi"].map(names))
            units = frame["kpi"].map(lambda kpi: KPIS[kpi].unit)
            frame.insert(frame.columns.get_loc("kpi_name") + 1, "unit", units)
            shown = units.map(lambda unit: unit_label(unit, lang))
            frame.insert(frame.columns.get_loc("unit") + 1, "unit_shown", shown)
            frame.to_csv(out, index=False)
        out.seek(0)
        return out

    def results_parquet(self) -> io.BytesIO:
        """The same KPI rows as ``kpis_csv``, as a parquet file."""
        out = io.BytesIO()
        frame: pd.DataFrame = data.labelled(self.runsets(), "kpis")
        frame.to_parquet(out, index=False)
        out.seek(0)
        return out


for _lever in LEVERS:  # the levers' parameters, from their one declaration
    PlannerState.param.add_parameter(_lever.name, _lever.parameter())


def read_entries(written: str) -> list[dict[str, Any]]:
    """A link's comparison entries, each checked (a name, a bundled scenario or an upload key,
    known levers); a garbled link or entry is left out rather than failing the page."""
    try:
        found = json.loads(written) if written else []
    except ValueError:
        return []
    entries: list[dict[str, Any]] = []
    for entry in found if isinstance(found, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        moved = entry.get("levers", {})
        if not isinstance(moved, dict) or not set(moved) <= {lever.name for lever in LEVERS}:
            continue
        if entry.get("scenario") not in bundled_scenarios() and "upload" not in entry:
            continue
        settings = {
            name: entry[name]
            for name in RUN_SETTINGS
            if isinstance(entry.get(name), int) and _within(name, entry[name])
        }
        name = unique_name(entry["name"][:MAX_NAME], {e["name"] for e in entries})
        entries.append(
            {
                "name": name,
                "scenario": entry.get("scenario"),
                **({"upload": str(entry["upload"])} if "upload" in entry else {}),
                "levers": moved,
                **settings,
            }
        )
    return entries[:MAX_COMPARED]


def _within(name: str, value: int) -> bool:
    low, high = PlannerState.param[name].bounds
    return not isinstance(value, bool) and low <= value <= high


def unique_name(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with the first free number after it: "As it is (2)"."""
    name, number_ = wanted, 2
    while name in taken:
        name, number_ = f"{wanted} ({number_})", number_ + 1
    return name


def value_text(value: Any) -> str:
    """An override's value in a few characters: a KPI list as its weights."""
    if isinstance(value, list):
        weights = "/".join(f"{item['weight']:g}" for item in value if isinstance(item, dict))
        return f"[{weights}]"
    return str(value)
