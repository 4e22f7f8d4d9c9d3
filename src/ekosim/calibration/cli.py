"""``ekosim calibrate`` and ``ekosim calibration report``: parsers and handlers, registered
from ``ekosim.cli`` by :func:`add_calibration_commands`. Heavy imports (Optuna, pandas, the
model) happen inside the handlers, so ``ekosim --help`` stays quick."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ekosim.calibration.search import CalibrationResult

DEFAULT_TRIALS = 20
STUDY_FILE = "study.db"
# The size of the published docs/VALIDATION.md (ekosim calibration report's defaults; a few
# minutes on two cores): replications, residents per scenario, simulated years, root seed.
PUBLISHED = {"replications": 5, "population": 23_000, "years": 1, "seed": 0}


def add_calibration_commands(commands: Any) -> None:
    """Add ``calibrate`` and ``calibration`` to the ``ekosim`` subcommands."""
    from ekosim import cli

    calibrate = commands.add_parser(
        "calibrate",
        help="fit scenario parameters to the reality targets (Optuna, resumable)",
        description="Fit a calibration spec's parameters to its fit targets. With --storage "
        "(or --out, whose study.db is then used) the study is kept: after Ctrl-C or a kill the "
        "same command resumes, redoing no finished trial.",
    )
    calibrate.add_argument("spec", metavar="SPEC", help="a calibration spec (YAML)")
    calibrate.add_argument(
        "--trials",
        type=cli._at_most(100_000),
        default=DEFAULT_TRIALS,
        help=f"trials in all, counting finished ones in the storage (default {DEFAULT_TRIALS})",
    )
    where = calibrate.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=cli._workers,
        default=1,
        help="parallel trials on a local Dask cluster (127.0.0.1), sharing the storage",
    )
    where.add_argument(
        "--scheduler",
        type=cli._scheduler_address,
        metavar="ADDR",
        help="run trials on an existing Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    calibrate.add_argument(
        "--storage",
        metavar="URL",
        help="Optuna storage, e.g. sqlite:///study.db (default: DIR/study.db with --out, "
        "else in memory)",
    )
    calibrate.add_argument("--out", type=Path, metavar="DIR", help="write trials, best, plots")
    calibrate.add_argument("--population", type=cli._positive_int, help=cli.POPULATION_HELP)
    calibrate.add_argument(
        "--plots", action="store_true", help="history, importances, model vs target (--out)"
    )
    calibrate.set_defaults(handler=_calibrate)

    calibration = commands.add_parser(
        "calibration",
        help="the validation report",
        description="Validation: every target beside the model (docs/VALIDATION.md).",
    )
    actions = calibration.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=cli._Parser
    )
    report = actions.add_parser(
        "report",
        help="run the bundled scenarios against every target; write VALIDATION.md",
        description="Run the bundled scenarios the targets name and write VALIDATION.md: one "
        "row per target, grouped by area, and the scenario-direction checks.",
    )
    report.add_argument(
        "--replications",
        type=cli._replications,
        default=PUBLISHED["replications"],
        help=f"runs per scenario, common random numbers (default {PUBLISHED['replications']})",
    )
    report.add_argument(
        "--population",
        type=cli._positive_int,
        default=PUBLISHED["population"],
        help=f"residents per scenario, area amounts scaled (default {PUBLISHED['population']:,})",
    )
    report.add_argument(
        "--years", type=cli._years, default=PUBLISHED["years"], help="simulated years (default 1)"
    )
    report.add_argument(
        "--out", type=Path, metavar="DIR", help="folder of VALIDATION.md (default docs/)"
    )
    report.add_argument("--workers", type=cli._workers, default=1, help="parallel runs")
    report.set_defaults(handler=_report)


def _calibrate(args: argparse.Namespace) -> int:
    from ekosim.calibration.search import calibrate
    from ekosim.calibration.spec import load_spec
    from ekosim.cli import BadInput

    spec = load_spec(args.spec)
    if args.population:
        spec = spec.model_copy(update={"residents": args.population})
    if args.plots and args.out is None:
        raise BadInput("--plots needs --out DIR")
    storage = args.storage
    if storage is None and args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        storage = f"sqlite:///{(args.out / STUDY_FILE).resolve()}"
    if (args.workers > 1 or args.scheduler) and storage is None:
        raise BadInput("parallel trials share the study through --storage (or --out); give one")
    if storage is not None and not storage.startswith(("sqlite:///", "postgresql", "mysql")):
        raise BadInput(
            f"--storage: expected a database URL such as sqlite:///study.db, got {storage!r}"
        )
    result = calibrate(
        spec,
        trials=args.trials,
        workers=args.workers,
        scheduler=args.scheduler,
        storage=storage,
        progress=True,
    )
    comparison = comparison_table(result)
    print(format_result(result, comparison))
    if args.out is not None:
        for path in write_outputs(
            result, comparison, args.out, storage, plots=args.plots, call=args.call
        ):
            print(f"wrote {path}", file=sys.stderr)
    return 0


def comparison_table(result: CalibrationResult) -> pd.DataFrame:
    """The best trial's model value of each fitted target beside the target."""
    import pandas as pd

    targets = result.spec.load_targets()
    scale = result.spec.population_scale()
    best = result.trials[result.trials["distance"] == result.best_distance].head(1)
    rows = []
    for name in result.spec.targets:
        target = targets.targets[name]
        model = float(best[f"model.{name}"].iloc[0]) if len(best) else float("nan")
        factor = scale if target.scales_with_population else 1.0
        reference = target.value if target.value is not None else sum(target.range or (0, 0)) / 2
        distance = target.distance(model, factor)
        rows.append(
            {
                "label": name,
                "target": target.target_text(),
                "unit": target.unit,
                "model": model,
                "ratio": model / (reference * factor) if reference else float("nan"),
                "distance": distance,
                "within": abs(distance) <= 1,
            }
        )
    return pd.DataFrame(rows)


def format_result(result: CalibrationResult, comparison: pd.DataFrame) -> str:
    states = result.trials["state"].value_counts().to_dict() if len(result.trials) else {}
    lines = [
        f"study {result.study.study_name}: "
        + ", ".join(f"{count} {state}" for state, count in sorted(states.items())),
        f"best distance {result.best_distance:.4g} (mean squared; 1 = every target at the edge "
        "of its tolerance)",
        "best parameters:",
        *(f"  {path}: {value:.6g}" if isinstance(value, float) else f"  {path}: {value}"
          for path, value in result.best_params.items()),
        "fitted targets at the best trial:",
    ]  # fmt: skip
    for row in comparison.itertuples():
        mark = "✓" if row.within else "✗"
        lines.append(
            f"  {mark} {row.label:<28} target {row.target:>10} {row.unit:<24} "
            f"model {row.model:.4g} (ratio {row.ratio:.3f})"
        )
    return "\n".join(lines)


def write_outputs(
    result: CalibrationResult,
    comparison: pd.DataFrame,
    out: Path,
    storage: str | None,
    *,
    plots: bool,
    call: str,
) -> list[Path]:
    import yaml

    from ekosim.provenance import provenance, write_provenance
    from ekosim.results import write_atomic
    from ekosim.scenario import load_scenario

    out.mkdir(parents=True, exist_ok=True)
    best = {
        "spec": result.spec.name,
        "study": result.study.study_name,
        "distance": result.best_distance,
        "overrides": result.best_params,
    }
    written = [
        write_atomic(out / "trials.csv", result.trials.to_csv(index=False)),
        write_atomic(out / "targets.csv", comparison.to_csv(index=False)),
        write_atomic(out / "best.yaml", yaml.safe_dump(best, sort_keys=False)),
        write_provenance(
            out,
            provenance(
                call=call,
                seed=result.spec.seed,
                scenarios=[
                    load_scenario(
                        result.spec.experiment()._scenario_source(), dict(result.spec.overrides)
                    )
                ],
                extra={
                    "calibration": {
                        "spec": result.spec.model_dump(mode="json"),
                        "study": result.study.study_name,
                        "storage": storage,
                        "trials": len(result.trials),
                        "best_distance": result.best_distance,
                        "best_params": result.best_params,
                    }
                },
            ),
        ),
    ]
    if plots:
        from ekosim.calibration.plots import save_calibration_plots

        written += save_calibration_plots(result, comparison, out)
    return written


def _report(args: argparse.Namespace) -> int:
    from ekosim.calibration.report import DOCS_DIR, write_report

    path = write_report(
        args.out if args.out is not None else DOCS_DIR,
        replications=args.replications,
        population=args.population,
        years=args.years,
        workers=args.workers,
        progress=True,
    )
    print(f"wrote {path}", file=sys.stderr)
    return 0
