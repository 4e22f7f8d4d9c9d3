"""The ``ekosim`` command. Exit codes: 0 success, 2 bad input (clear message), 1 internal error."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import importlib
import logging
import os
import shlex
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekosim.scenario import (
    OVERRIDE,
    Scenario,
    ScenarioError,
    bundled_scenarios,
    load_scenario,
    raw_scenario,
    relabelled,
    scaled,
)
from ekosim.scenario.scaling import scaling_source

if TYPE_CHECKING:
    from ekosim.results import Results

# pandas, scipy, Mesa and the model are imported inside the commands that need them, so that
# `ekosim --help` and `ekosim validate` start in a fraction of a second.

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
APPS_DIR = Path(__file__).resolve().parents[2] / "apps"
# The Panel apps `ekosim serve` knows: name -> module under apps/ with a create_app() that
# builds one app per browser session.
APPS = {"planner": "apps.planner", "wellbeing": "apps.wellbeing"}
POPULATION_HELP = "residents; the area's capacities, staff, hours and money amounts scale with them"
SERVE_ADDRESS = "127.0.0.1"  # loopback only: the apps are for the person at this machine
# Python's small-object allocator frees a 1 MiB arena only when every object in it is gone, so a
# server whose sessions come and go keeps most arenas pinned by a few long-lived objects (20
# planner sessions: 204 arenas once they had closed, half of them empty pools, RSS ~100 MB above
# the baseline). Under glibc's malloc the trim after each session hands the pages back (+27 MB).
SERVER_ALLOCATOR = "malloc"
# A closed browser tab's session (its answers and results) is dropped this soon, not Bokeh's
# default 15 s after a check every 17 s: memory returns sooner and nothing lingers.
UNUSED_SESSION_CHECK_MS, UNUSED_SESSION_LIFETIME_MS = 5_000, 5_000
# Apps whose sessions hold personal (health) data. At DEBUG, Panel logs every widget event with
# its value ("received events {'value': 77.7}") and Bokeh's TRACE every property patch, so a
# server started with PANEL_LOG_LEVEL=debug or BOKEH_PY_LOG_LEVEL=debug/trace would write
# residents' answers to its log: for these apps the Panel, Bokeh and Tornado loggers stay at INFO.
PERSONAL_DATA_APPS = frozenset({"wellbeing"})
PROGRESS_CHUNK_DAYS = 30
# Upper bounds of the counts on the command line: beyond them a typo would run for years or
# start a million processes; they match the experiment file's limits.
MAX_YEARS, MAX_REPLICATIONS, MAX_WORKERS, MAX_SAMPLES = 100, 100_000, 1024, 65_536


class BadInput(Exception):
    """Input the user can fix: printed as it is, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the command line, for the provenance.json of every results folder
    args.call = shlex.join(["ekosim", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.handler(args) or EXIT_OK)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as error:
        print(f"ekosim: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # a file or folder the user named cannot be read or written
        where = f"{error.filename}: " if error.filename else ""
        print(f"ekosim: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("ekosim: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if _is_experiment_error(error):
            print(f"ekosim: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        traceback.print_exc()
        print("ekosim: internal error (the traceback above is for the developers)", file=sys.stderr)
        return EXIT_INTERNAL


def _is_experiment_error(error: Exception) -> bool:
    """An experiment store's input error, without importing the store (pandas) to find out:
    if the store was never imported, the error cannot come from it."""
    store = sys.modules.get("ekosim.experiments.store")
    return store is not None and isinstance(error, store.ExperimentError)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ekosim",
        description="Simulate well-being and social/health-care ecosystems.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    run = commands.add_parser(
        "run",
        help="simulate a scenario and print its KPIs",
        description="Simulate a scenario and print its KPIs on three levels.",
    )
    run.add_argument("scenario", metavar="SCENARIO", help="a YAML file or a bundled name")
    run.add_argument(
        "--seed", type=_non_negative_int, default=0, help="root random seed (default 0)"
    )
    run.add_argument("--years", type=_years, help="simulated years (default: the scenario's)")
    run.add_argument("--population", type=_positive_int, help=POPULATION_HELP)
    add_set_option(run)
    add_projection_option(run, several=False)
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write kpis/flows/ledger parquet, summary.json, scenario.resolved.yaml "
        "(with --replications: the experiment folder, resumable)",
    )
    run.add_argument(
        "--replications",
        type=_replications,
        default=1,
        help="independent runs from the root seed; KPIs then get 95%% CIs (default 1)",
    )
    run.add_argument(
        "--profile",
        action="store_true",
        help="print the seconds spent in each phase of the day on stderr (a single run)",
    )
    add_execution_options(run)
    run.set_defaults(handler=_run)

    compare = commands.add_parser(
        "compare",
        help="compare scenarios: KPI means with 95%% CIs and differences",
        description="Compare scenarios on common random numbers (replication i of every "
        "scenario uses the same seed): KPI means with 95%% CIs, and each scenario's paired "
        "difference from the first.",
    )
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more")
    add_replication_options(compare)
    add_projection_option(compare, several=True)
    compare.set_defaults(handler=_compare)

    sweep = commands.add_parser(
        "sweep",
        help="run an experiment file's design; PRIM finds where outcomes turn bad",
        description="Run the design of an experiment YAML (full factorial or Latin hypercube "
        "over its uncertainties and levers), replications on common random numbers; print "
        "KPI means per design point and, with discovery:, PRIM's box of bad outcomes.",
    )
    add_experiment_options(sweep)
    sweep.set_defaults(handler=_sweep)

    sensitivity = commands.add_parser(
        "sensitivity",
        help="global sensitivity (Sobol or Morris) of KPIs to an experiment's parameters",
        description="Global sensitivity with SALib over the ranges of an experiment YAML: "
        "Sobol first-order and total indices, or Morris mu* and sigma, with 95%% bootstrap "
        "intervals.",
    )
    add_experiment_options(sensitivity)
    sensitivity.add_argument(
        "--method", choices=["sobol", "morris"], help="default: the experiment file's"
    )
    sensitivity.add_argument(
        "--samples",
        type=_samples,
        help="Sobol base sample (a power of 2) or Morris trajectories",
    )
    sensitivity.set_defaults(handler=_sensitivity)

    validate = commands.add_parser(
        "validate",
        help="check scenario files",
        description="Check scenarios; print one line per problem.",
    )
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    validate.set_defaults(handler=_validate)

    serve = commands.add_parser(
        "serve",
        help="start a Panel app in the browser",
        description="Serve a Panel app on this machine (127.0.0.1) only.",
    )
    serve.add_argument("app", choices=sorted(APPS), metavar="APP", help=" | ".join(sorted(APPS)))
    serve.add_argument("--port", type=_port, default=5006, help="TCP port (default 5006)")
    serve.set_defaults(handler=_serve)

    listing = commands.add_parser(
        "scenarios", help="list the bundled scenarios", description="List the bundled scenarios."
    )
    listing.set_defaults(handler=_scenarios)

    from ekosim.calibration.cli import add_calibration_commands

    add_calibration_commands(commands)  # calibrate, calibration report
    return parser


def add_replication_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--replications", type=_replications, default=5, help="runs per scenario (default 5)"
    )
    parser.add_argument(
        "--seed", type=_non_negative_int, default=0, help="root random seed (default 0)"
    )
    parser.add_argument("--years", type=_years, help="simulated years (default: the scenario's)")
    parser.add_argument("--population", type=_positive_int, help=POPULATION_HELP)
    add_set_option(parser)
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="experiment folder: runs are kept, reruns resume"
    )
    add_execution_options(parser)


def add_experiment_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", metavar="EXPERIMENT", help="an experiment YAML file")
    parser.add_argument("--replications", type=_replications, help="default: the file's")
    parser.add_argument("--seed", type=_non_negative_int, help="default: the file's")
    parser.add_argument("--years", type=_years, help="default: the file's")
    parser.add_argument("--population", type=_positive_int, help=POPULATION_HELP)
    add_set_option(parser)
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="experiment folder: runs are kept, reruns resume"
    )
    add_execution_options(parser)


def add_execution_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warmup-days",
        type=_non_negative_int,
        metavar="D",
        help="discard KPI windows overlapping the first D days (runs start from empty "
        "queues; default 0, or the experiment file's)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="parallel runs; more than 1 starts a local Dask cluster on 127.0.0.1 (default 1)",
    )
    parser.add_argument(
        "--scheduler",
        type=_scheduler_address,
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the results in --out (run), or reuse an --out folder that holds a "
        "different experiment",
    )
    parser.add_argument(
        "--plots", action="store_true", help="also save plots as PNG and HTML into --out"
    )


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        type=_assignment,
        metavar="PATH=VALUE",
        help="override one field by its dotted path, e.g. contract.gain_share=0.4",
    )


def add_projection_option(parser: argparse.ArgumentParser, *, several: bool) -> None:
    parser.add_argument(
        "--projection",
        metavar="VARIANT[,VARIANT...]" if several else "VARIANT",
        type=_variants if several else str,
        help="follow this variant of the scenario's population.projection"
        + (" (several, comma-separated: every scenario under each)" if several else ""),
    )


def _variants(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"variant names separated by commas (got {text!r})")
    return names


def with_projection(scenario: Scenario, variant: str) -> Scenario:
    """``scenario`` following its projection's ``variant`` (``--projection``)."""
    if scenario.population.projection is None:
        raise BadInput(
            f"--projection {variant}: scenario {scenario.name!r} has no population.projection"
        )
    try:
        return load_scenario(scenario, {"population.projection.variant": variant})
    except ScenarioError as error:
        raise relabelled(error, OVERRIDE, "--projection", keep_target=False) from None


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    return _load(args.scenario, args)


def _load(name: str, args: argparse.Namespace) -> Scenario:
    """A scenario scaled to --population residents (if given), then with the --set overrides."""
    scenario = load_scenario(name)
    if getattr(args, "population", None):
        try:
            scenario = scaled(scenario, args.population)
        except ScenarioError as error:
            raise relabelled(
                error, scaling_source(args.population), f"--population {args.population}"
            ) from None
    variant = getattr(args, "projection", None)
    if isinstance(variant, str):  # run: one variant (compare expands its list itself)
        scenario = with_projection(scenario, variant)
    try:
        return load_scenario(scenario, dict(args.overrides))
    except ScenarioError as error:
        raise relabelled(error, OVERRIDE, "--set") from None


def _run(args: argparse.Namespace) -> int:
    scenario = scenario_from_args(args)
    if args.replications > 1 or args.workers > 1 or args.scheduler or args.plots:
        if args.profile:
            raise BadInput("--profile: times a single run; drop --replications/--workers/--plots")
        return _experiment(args, [scenario])
    if args.out is not None:
        check_out_folder(args.out, overwrite=args.overwrite)
    results = simulate_with_progress(
        scenario, seed=args.seed, years=args.years, profile=args.profile
    )
    print(format_summary(results))
    from ekosim.budget import format_scope
    from ekosim.contracts.report import format_contract

    print(format_contract(results))
    print(format_scope(results))
    if args.out is not None:
        for path in results.write(args.out, call=args.call):
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def check_out_folder(out: Path, *, overwrite: bool) -> None:
    """A run's --out must be a folder (or not exist yet) without results, unless --overwrite."""
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out}: exists and is not a folder")
    from ekosim.results import RUN_FILES

    held = [name for name in RUN_FILES if (out / name).exists()]
    if held and not overwrite:
        raise BadInput(
            f"--out {out}: already holds results ({', '.join(held)}); "
            "choose another folder or add --overwrite to replace them"
        )


def _compare(args: argparse.Namespace) -> int:
    scenarios = [_load(name, args) for name in args.scenarios]
    if args.projection:  # every scenario under each variant, in that order
        scenarios = [with_projection(s, v) for s in scenarios for v in args.projection]
    if len(scenarios) < 2:
        raise BadInput("compare needs at least two scenarios (or one under two projections)")
    return _experiment(args, scenarios)


def _experiment(args: argparse.Namespace, scenarios: list[Scenario]) -> int:
    """Replications of one scenario, or a comparison of several, with CIs on stdout."""
    from ekosim import experiments
    from ekosim.experiments.report import format_replications

    _check_plots(args)
    run = experiments.compare if len(scenarios) > 1 else experiments.replicate
    source: Any = scenarios if len(scenarios) > 1 else scenarios[0]
    results = run(
        source,
        replications=args.replications,
        seed=args.seed,
        years=args.years,
        warmup_days=args.warmup_days or 0,
        workers=args.workers,
        scheduler=args.scheduler,
        out=args.out,
        overwrite=args.overwrite,
        progress=True,
    )
    print(format_replications(results.summary, results.differences))
    from ekosim.contracts import yearly_residents
    from ekosim.contracts.report import format_partner_decisions, format_risk_profile

    budgets = {s.name: s.region.budget_eur_per_resident_year for s in scenarios}
    print(format_risk_profile(results.ledger, yearly_residents(results.kpis), budgets))
    decisions = format_partner_decisions(results.ledger)
    if decisions:
        print(decisions)
    _write_experiment(args, results)
    return EXIT_OK


def _sweep(args: argparse.Namespace) -> int:
    from ekosim.experiments.report import format_sweep
    from ekosim.experiments.sweeps import sweep

    _check_plots(args)
    found = sweep(_experiment_file(args), **_experiment_kwargs(args))
    print(format_sweep(found))
    _write_experiment(args, found)
    return EXIT_OK


def _sensitivity(args: argparse.Namespace) -> int:
    from ekosim.experiments.report import format_sensitivity
    from ekosim.experiments.sweeps import sensitivity

    _check_plots(args)
    found = sensitivity(
        _experiment_file(args),
        method=args.method,
        samples=args.samples,
        **_experiment_kwargs(args),
    )
    print(format_sensitivity(found))
    _write_experiment(args, found)
    return EXIT_OK


def _experiment_file(args: argparse.Namespace) -> Any:
    """The experiment file with --set, --population and --warmup-days applied."""
    from ekosim.experiments.design import load_experiment

    experiment = load_experiment(args.experiment)
    overrides = {**experiment.overrides, **dict(args.overrides)}
    changes: dict[str, Any] = {"overrides": overrides}
    if args.population:
        changes["residents"] = args.population
    if args.warmup_days is not None:
        changes["warmup_days"] = args.warmup_days
    return experiment.model_copy(update=changes)


def _experiment_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "replications": args.replications,
        "seed": args.seed,
        "years": args.years,
        "workers": args.workers,
        "scheduler": args.scheduler,
        "out": args.out,
        "overwrite": args.overwrite,
        "progress": True,
    }


def _write_experiment(args: argparse.Namespace, results: Any) -> None:
    if args.out is None:
        return
    paths = results.write(args.out, call=args.call)
    if args.plots:
        paths += results.write_plots(args.out)
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)


def _check_plots(args: argparse.Namespace) -> None:
    if args.plots and args.out is None:
        raise BadInput("--plots needs --out DIR to save them in")


def simulate_with_progress(
    scenario: Scenario, *, seed: int, years: int | None, profile: bool = False
) -> Results:
    """Run on Mesa's clock in monthly chunks, with a progress bar on stderr after a second
    (and with ``profile`` the seconds per phase on stderr at the end)."""
    from tqdm import tqdm

    from ekosim.model import DAYS_PER_YEAR, EcosystemModel
    from ekosim.results import Results

    model = EcosystemModel(scenario, rng=seed, profile=profile)
    days = (years or scenario.horizon_years) * DAYS_PER_YEAR
    with tqdm(
        total=days, unit="day", file=sys.stderr, delay=1.0, leave=False, desc=scenario.name
    ) as bar:
        while model.day < days:
            chunk = min(PROGRESS_CHUNK_DAYS, days - model.day)
            model.run_for(chunk)
            bar.update(chunk)
    if model.timer is not None:
        print(model.timer.table(), file=sys.stderr)
    return Results.from_model(model, seed=seed)


def format_summary(results: Results) -> str:
    from ekosim.kpis import LEVEL_TITLES, LEVELS

    summary = results.summary()
    lines = [
        f"{results.scenario.name}: KPIs of the final year "
        f"({results.scenario.population.size:,} residents)"
    ]
    width = max(map(len, summary["kpi"]), default=0)
    for level in LEVELS:
        rows = summary[summary["level"] == level]
        if rows.empty:
            continue
        lines.append(f"\n{LEVEL_TITLES[level]}")
        for row in rows.itertuples():
            lines.append(f"  {row.kpi:<{width}} {_number(row.value):>10}  {row.unit}")
    return "\n".join(lines)


def _number(value: float) -> str:
    if value != value:  # NaN: the KPI is not defined for this run
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.scenarios:
        try:
            load_scenario(name)
        except ScenarioError as error:
            print(error, file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            print(f"{name}: valid")
    return status


def _serve(args: argparse.Namespace) -> int:
    """Start the app's Panel server; blocks until interrupted.

    Panel is imported here, never by the library, so ``import ekosim`` stays free of it.
    """
    module_file, package = APPS_DIR / f"{args.app}.py", APPS_DIR / args.app / "__init__.py"
    if not (module_file.is_file() or package.is_file()):
        raise BadInput(
            f"the {args.app} app is not available in this version (no apps/{args.app}.py)"
        )
    _restart_with_the_server_allocator(args)
    try:
        import panel as pn
    except ImportError:
        raise BadInput("the apps need Panel: pip install 'ekosim[apps]'") from None
    if str(APPS_DIR.parent) not in sys.path:
        sys.path.insert(0, str(APPS_DIR.parent))
    module = importlib.import_module(APPS[args.app])
    importlib.import_module("apps.serving").thread_safe_panel_links()  # parallel builds
    if args.app in PERSONAL_DATA_APPS:
        keep_answers_out_of_the_log()
    if hasattr(module, "start_workers"):  # the planner's replications run beside the server
        try:
            module.start_workers()
        except ValueError as error:
            raise BadInput(str(error)) from None
    address = f"{SERVE_ADDRESS}:{args.port}"
    print(f"ekosim: serving the {args.app} app at http://{address}/{args.app}", file=sys.stderr)
    return_arrow_memory_to_glibc()
    pn.state.on_session_destroyed(release_memory)
    # SIGTERM (a service manager, a test's terminate) ends the server as Ctrl-C does, so the
    # finally below stops the app's worker processes
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        pn.serve(
            {args.app: module.create_app},
            port=args.port,
            address=SERVE_ADDRESS,
            allow_websocket_origin=[address],
            show=False,
            title=f"ekosim {args.app}",
            check_unused_sessions_milliseconds=UNUSED_SESSION_CHECK_MS,
            unused_session_lifetime_milliseconds=UNUSED_SESSION_LIFETIME_MS,
        )
    finally:
        if hasattr(module, "stop_workers"):
            module.stop_workers(wait=False)  # a running replication ends by itself
    return EXIT_OK


def _restart_with_the_server_allocator(args: argparse.Namespace) -> None:
    """Re-execute this server (same process id) with PYTHONMALLOC=SERVER_ALLOCATOR, unless
    PYTHONMALLOC is set already: the allocator is chosen when the interpreter starts. Linux
    only, where the trim in release_memory hands pages back. The command is rebuilt from the
    parsed arguments: an option added to ``serve`` must be passed on here too."""
    if sys.platform != "linux" or "PYTHONMALLOC" in os.environ:
        return
    command = [sys.executable, "-m", "ekosim.cli", "serve", args.app, "--port", str(args.port)]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, {**os.environ, "PYTHONMALLOC": SERVER_ALLOCATOR})


def keep_answers_out_of_the_log() -> None:
    """Cap the server's loggers at INFO, whatever log level the environment asks for (called
    after Panel and Bokeh have set their levels on import; Panel's own logger is at DEBUG and
    filters by its handler's level, which PANEL_LOG_LEVEL lowers)."""
    for name in ("panel", "bokeh", "tornado"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


def return_arrow_memory_to_glibc() -> None:
    """Let pandas' Arrow-backed strings allocate from glibc, not from Arrow's own mimalloc pool.

    The server runs every session's model in a thread of its own; mimalloc keeps a heap per
    thread and holds on to it after the thread's work is done, so six concurrent Tesoma runs
    left ~85 MB behind that no collection or trim gave back (~20 MB from glibc's heap).
    """
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def release_memory(session_context: object) -> None:
    """After a session closes: collect its objects and hand freed heap back to the system, so
    the server's memory returns near its baseline (glibc keeps freed memory otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _scenarios(args: argparse.Namespace) -> int:
    for name, path in bundled_scenarios().items():
        try:
            description = raw_scenario(path).get("description", "")
        except ScenarioError:
            description = "(does not load: run ekosim validate)"
        print(f"{name:<24} {description}")
    return EXIT_OK


def _assignment(text: str) -> tuple[str, str]:
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise argparse.ArgumentTypeError(f"expected PATH=VALUE, got {text!r}")
    return path.strip(), value


def _scheduler_address(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    host, colon, port = rest.rpartition(":")
    if not sep or scheme not in {"tcp", "tls", "inproc", "ucx"} or not colon or not host:
        raise argparse.ArgumentTypeError(f"expected tcp://HOST:PORT, got {text!r}")
    if not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected a port number after the host, got {text!r}")
    return text


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
    return value


def _at_most(high: int) -> Callable[[str], int]:
    """A whole number from 1 to ``high``."""

    def parse(text: str) -> int:
        value = _positive_int(text)
        if value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}, got {text!r}")
        return value

    return parse


_years = _at_most(MAX_YEARS)
_replications = _at_most(MAX_REPLICATIONS)
_workers = _at_most(MAX_WORKERS)
_samples = _at_most(MAX_SAMPLES)


def _port(text: str) -> int:
    value = _int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number 1-65535, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
