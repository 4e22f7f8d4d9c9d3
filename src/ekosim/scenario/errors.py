"""Scenario problems: every mistake found, each pointing at its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass

_NO_VALUE = object()


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
