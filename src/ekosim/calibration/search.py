"""The search: an Optuna study over a spec's parameters, resumable from its storage.

Each trial runs the spec's replications on the same seeds (common random numbers: every
trial meets the same random draws, so the noise does not steer the search). After the first
replication the trial reports its distance and may be pruned (median pruner). Only the
spec's ``fit`` targets enter the objective; validation targets never do.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import pandas as pd
from tqdm import tqdm

from ekosim.calibration.measure import measure, objective_value, replication_means
from ekosim.calibration.spec import CalibrationSpec, load_spec
from ekosim.experiments.executors import execute
from ekosim.experiments.seeds import replication_seeds
from ekosim.scenario import load_scenario

FINISHED = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
PROGRESS_POLL_SECONDS = 1.0
PRUNE_AFTER_COMPLETE = 5


@dataclass(frozen=True)
class CalibrationResult:
    """The best parameters found, the Optuna study, and one row per trial.

    ``trials``: ``trial, state, distance, <parameter paths>..., model.<target>...`` (the
    replication means of each fitted target's model value).
    """

    spec: CalibrationSpec
    best_params: dict[str, Any]
    best_distance: float
    study: optuna.Study
    trials: pd.DataFrame


def study_name(spec: CalibrationSpec) -> str:
    """The spec's name and a fingerprint of everything that changes what a trial computes,
    so a changed spec starts a new study in the same storage instead of mixing trials."""
    content = spec.model_dump(mode="json", exclude={"description"})
    targets = spec.load_targets()
    content["target_values"] = {
        name: targets.targets[name].model_dump(mode="json") for name in spec.targets
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:12]
    return f"{spec.name}-{digest}"


def calibrate(
    spec: str | Path | CalibrationSpec,
    *,
    trials: int = 20,
    workers: int = 1,
    scheduler: str | None = None,
    storage: str | None = None,
    progress: bool = False,
) -> CalibrationResult:
    """Fit the spec's parameters to its targets with ``trials`` Optuna trials in all.

    ``storage`` (e.g. ``sqlite:///study.db``) keeps the study: a rerun after Ctrl-C or a kill
    resumes, counting finished (complete or pruned) trials and rerunning only interrupted
    ones. ``workers`` > 1 (or a ``scheduler``) runs trials in parallel on Dask workers that
    share the study through the storage (required then); each stops when the total is
    reached, so up to ``workers - 1`` trials still running then finish too.
    """
    spec = load_spec(spec)
    if trials < 1:
        raise ValueError(f"trials must be at least 1, got {trials}")
    parallel = workers > 1 or scheduler is not None
    if parallel and storage is None:
        raise ValueError("parallel trials share the study through --storage; give one")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    name = study_name(spec)
    study = optuna.create_study(
        study_name=name,
        storage=storage,
        direction="minimize",
        pruner=_pruner(),
        load_if_exists=True,
    )
    _fail_interrupted(study)
    if not study.trials:
        study.enqueue_trial(_current_values(spec))  # as starsim's guess: today's values first
    started = len(study.trials)
    study.sampler = _sampler(spec, started, worker=0)
    done = _finished(study)
    if done and progress:
        print(f"resuming {name}: {done} of {trials} trials already done", file=sys.stderr)
    if done < trials:
        with _progress(study, trials, enabled=progress):
            if parallel:
                assert storage is not None
                jobs = [_Job(spec, name, storage, trials, started, i) for i in range(workers)]
                for _ in execute(
                    _run_job, jobs, executor="dask", workers=workers, scheduler=scheduler
                ):
                    pass
            else:
                study.optimize(
                    Objective(spec),
                    callbacks=[optuna.study.MaxTrialsCallback(trials, states=FINISHED)],
                    n_trials=trials - done,
                )
    return _result(spec, study)


class Objective:
    """One trial: the spec's replications at the trial's parameter values."""

    def __init__(self, spec: CalibrationSpec) -> None:
        self.spec = spec
        targets = spec.load_targets()
        self.targets = {name: targets.targets[name] for name in spec.targets}
        self.weights = {name: fit.weight for name, fit in spec.targets.items()}
        self.seeds = replication_seeds(spec.seed, spec.replications)
        self.scale = spec.population_scale()

    def __call__(self, trial: optuna.Trial) -> float:
        values = {path: _suggest(trial, path, p) for path, p in self.spec.parameters.items()}
        scenario = self.spec.scenario_at(values)
        rows: list[dict[str, float]] = []
        for replication, seed in enumerate(self.seeds):
            rows.append(
                measure(
                    scenario,
                    self.targets,
                    seed=seed,
                    years=self.spec.years,
                    warmup_days=self.spec.warmup_days,
                    replication=replication,
                )
            )
            means = replication_means(rows)
            distance = objective_value(means, self.targets, self.weights, self.scale)
            for target, value in means.items():
                trial.set_user_attr(f"model.{target}", value)
            if replication == 0 and len(self.seeds) > 1:
                trial.report(distance, step=0)
                if trial.should_prune():
                    raise optuna.TrialPruned()
        return distance


@dataclass(frozen=True)
class _Job:
    spec: CalibrationSpec
    name: str
    storage: str
    trials: int
    started: int  # trials in the study when this command began
    worker: int


def _run_job(job: _Job) -> int:
    """A worker's share: trials of the shared study until the total is reached."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(
        study_name=job.name,
        storage=job.storage,
        sampler=_sampler(job.spec, job.started, job.worker),
        pruner=_pruner(),
    )
    if _finished(study) < job.trials:
        study.optimize(
            Objective(job.spec),
            callbacks=[optuna.study.MaxTrialsCallback(job.trials, states=FINISHED)],
        )
    return _finished(study)


def _current_values(spec: CalibrationSpec) -> dict[str, Any]:
    """The base scenario's values of the parameters that lie in their ranges: the first
    trial, so the search starts from (and is never worse than) the hand-set scenario. Read
    before scaling to the spec's residents: ranges are in the scenario's own units (a staff
    level of 23,000 residents' area, not of the 5,000 a trial runs)."""
    experiment = spec.experiment()
    data = load_scenario(experiment._scenario_source(), dict(spec.overrides)).model_dump()
    values: dict[str, Any] = {}
    for path, parameter in spec.parameters.items():
        value: Any = data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        inside = (
            value in parameter.values
            if parameter.values is not None
            else isinstance(value, int | float) and parameter.low <= value <= parameter.high  # type: ignore[operator]
        )
        if inside:
            values[path] = value
    return values


def _suggest(trial: optuna.Trial, path: str, parameter: Any) -> Any:
    if parameter.values is not None:
        return trial.suggest_categorical(path, parameter.values)
    if parameter.integer:
        return trial.suggest_int(path, round(parameter.low), round(parameter.high))
    return trial.suggest_float(path, parameter.low, parameter.high)


def _sampler(spec: CalibrationSpec, started: int, worker: int) -> optuna.samplers.BaseSampler:
    """A sampler whose random draws differ between the workers of one command and between a
    first run and its resumption (the same seed would propose the same points again), and
    are the same for the same spec, study history and worker."""
    sequence = np.random.SeedSequence([spec.seed, started, worker])
    seed = int(sequence.generate_state(1, np.uint32)[0])
    if spec.sampler == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed)


def _pruner() -> optuna.pruners.BasePruner:
    """Prune a trial whose first replication is worse than the median of the complete
    trials' first replications, once five trials have completed (with fewer, the median of
    the first lucky ones would prune nearly every later trial)."""
    return optuna.pruners.MedianPruner(n_startup_trials=PRUNE_AFTER_COMPLETE)


def _finished(study: optuna.Study) -> int:
    return len(study.get_trials(deepcopy=False, states=FINISHED))


def _fail_interrupted(study: optuna.Study) -> None:
    """Trials left running by a killed command are marked failed, so they are run again (a
    study belongs to one command at a time: its own workers start after this)."""
    running = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,))
    for trial in running:
        study._storage.set_trial_state_values(trial._trial_id, optuna.trial.TrialState.FAIL)


class _progress:
    """A progress bar (trials, best distance, ETA) fed by polling the study's storage, so it
    follows trials finished by Dask workers too."""

    def __init__(self, study: optuna.Study, total: int, *, enabled: bool) -> None:
        self.study, self.total, self.enabled = study, total, enabled
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> _progress:
        if self.enabled:
            self.thread = threading.Thread(target=self._poll, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()

    def _poll(self) -> None:
        start = _finished(self.study)
        with tqdm(
            total=self.total, initial=start, unit="trial", desc="calibrate", file=sys.stderr
        ) as bar:
            while True:
                stopping = self.stop.wait(PROGRESS_POLL_SECONDS)
                finished = self.study.get_trials(deepcopy=False, states=FINISHED)
                bar.update(min(len(finished), self.total) - bar.n)
                values = [t.value for t in finished if t.value is not None]
                if values:
                    bar.set_postfix_str(f"best distance {min(values):.3g}", refresh=False)
                bar.refresh()
                if stopping:
                    return


def _result(spec: CalibrationSpec, study: optuna.Study) -> CalibrationResult:
    rows = []
    for trial in study.get_trials(deepcopy=False):
        rows.append(
            {
                "trial": trial.number,
                "state": trial.state.name.lower(),
                "distance": trial.value,
                **trial.params,
                **{k: v for k, v in trial.user_attrs.items() if k.startswith("model.")},
            }
        )
    frame = pd.DataFrame(rows)
    complete = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    if not complete:
        return CalibrationResult(spec, {}, float("nan"), study, frame)
    best = min(complete, key=_value)
    return CalibrationResult(spec, dict(best.params), float(_value(best)), study, frame)


def _value(trial: optuna.trial.FrozenTrial) -> float:
    return float(trial.value) if trial.value is not None else float("inf")
