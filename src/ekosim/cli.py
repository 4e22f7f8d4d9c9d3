"""The ``ekosim`` command. Exit codes: 0 success, 2 bad input (clear message), 1 internal error."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ekosim.contracts.report import format_contract
from ekosim.kpis import LEVELS
from ekosim.model import DAYS_PER_YEAR, EcosystemModel
from ekosim.results import Results
from ekosim.scenario import Scenario, ScenarioError, bundled_scenarios, load_scenario, raw_scenario

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
PROGRESS_CHUNK_DAYS = 30
LEVEL_TITLES = {
    "client_value": "Client value",
    "service_process": "Service process",
    "organisation": "Organisation",
}


class BadInput(Exception):
    """Input the user can fix: printed as it is, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as error:
        print(f"ekosim: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("ekosim: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print("ekosim: internal error (the traceback above is for the developers)", file=sys.stderr)
        return EXIT_INTERNAL


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
    run.add_argument(
        "--years", type=_positive_int, help="simulated years (default: the scenario's)"
    )
    run.add_argument(
        "--population", type=_positive_int, help="residents (overrides population.size)"
    )
    add_set_option(run)
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write kpis/flows/ledger parquet, summary.json, scenario.resolved.yaml",
    )
    run.set_defaults(handler=_run)

    validate = commands.add_parser(
        "validate",
        help="check scenario files",
        description="Check scenarios; print one line per problem.",
    )
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    validate.set_defaults(handler=_validate)

    listing = commands.add_parser(
        "scenarios", help="list the bundled scenarios", description="List the bundled scenarios."
    )
    listing.set_defaults(handler=_scenarios)
    return parser


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


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    overrides = dict(args.overrides)
    if getattr(args, "population", None):
        overrides["population.size"] = args.population
    return load_scenario(args.scenario, overrides)


def _run(args: argparse.Namespace) -> int:
    scenario = scenario_from_args(args)
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise BadInput(f"--out {args.out}: exists and is not a folder")
    results = simulate_with_progress(scenario, seed=args.seed, years=args.years)
    print(format_summary(results))
    print(format_contract(results))
    if args.out is not None:
        for path in results.write(args.out):
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def simulate_with_progress(scenario: Scenario, *, seed: int, years: int | None) -> Results:
    """Run on Mesa's clock in monthly chunks, with a progress bar on stderr after a second."""
    model = EcosystemModel(scenario, rng=seed)
    days = (years or scenario.horizon_years) * DAYS_PER_YEAR
    with tqdm(
        total=days, unit="day", file=sys.stderr, delay=1.0, leave=False, desc=scenario.name
    ) as bar:
        while model.day < days:
            chunk = min(PROGRESS_CHUNK_DAYS, days - model.day)
            model.run_for(chunk)
            bar.update(chunk)
    return Results.from_model(model, seed=seed)


def format_summary(results: Results) -> str:
    summary = results.summary()
    lines = [
        f"{results.scenario.name}: KPIs of the final year "
        f"({results.scenario.population.size:,} residents)"
    ]
    for level in LEVELS:
        rows = summary[summary["level"] == level]
        if rows.empty:
            continue
        lines.append(f"\n{LEVEL_TITLES[level]}")
        for row in rows.itertuples():
            lines.append(f"  {row.kpi:<30} {_number(row.value):>14}  {row.unit}")
    return "\n".join(lines)


def _number(value: float) -> str:
    if pd.isna(value):
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


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text!r}")
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
