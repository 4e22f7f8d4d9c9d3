"""Scenario problems: every mistake found, each pointing at its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass, replace

_NO_VALUE = object()
OVERRIDE = "override"  # the source of an override's problems: ``override PATH``
OVERRIDE_PREFIXES = frozenset({OVERRIDE, "--set"})


def override_source(dotted: str, prefix: str = OVERRIDE) -> str:
    """Where an override's problems are located: ``override contract.gain_share`` (the
    command line says ``--set contract.gain_share``)."""
    return f"{prefix} {dotted}"


@dataclass(frozen=True)
class Problem:
    """One mistake in a scenario, printed as ``FILE:LINE: dotted.path: message (got VALUE)``."""

    file: str
    line: int | None
    path: str
    message: str
    value: object = _NO_VALUE

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        kind, _, target = self.file.partition(" ")
        if kind in OVERRIDE_PREFIXES and self.line is None and target == self.path:
            text = f"{where}: {self.message}"  # 'override contract.gain_shar: unknown field'
        else:
            text = f"{where}: {self.path or '<document>'}: {self.message}"
        if self.value is not _NO_VALUE:
            text += f" (got {_short(self.value)})"
        return text


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every mistake found."""

    def __init__(self, problems: list[Problem]) -> None:
        # In reading order: by file, then line (problems without a line first in their file).
        self.problems = sorted(problems, key=lambda p: (p.file, p.line is not None, p.line or 0))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def relabelled(
    error: ScenarioError, old: str, new: str, *, keep_target: bool = True
) -> ScenarioError:
    """``error`` with the problems located at ``old`` (a source, or a prefix before a space:
    ``override`` for every override) located at ``new`` (``--set``) instead; without
    ``keep_target``, at ``new`` alone (scaling's overrides are no one's own)."""

    def moved(file: str) -> str:
        return new if file == old or not keep_target else file.replace(old, new, 1)

    problems = [
        replace(problem, file=moved(problem.file))
        if problem.file == old or problem.file.startswith(f"{old} ")
        else problem
        for problem in error.problems
    ]
    return ScenarioError(problems)
