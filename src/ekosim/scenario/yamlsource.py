"""Reading scenario YAML safely, remembering the line of every key.

``yaml.safe_load`` alone loses line numbers, accepts duplicate keys silently and expands
alias bombs into gigabytes. Here the document is composed into nodes first (aliases stay
shared, so composing is cheap), then walked with a budget on expanded nodes and depth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ekosim.scenario.errors import Problem, ScenarioError

MAX_FILE_BYTES = 2_000_000  # a scenario is a few kilobytes; anything larger is a mistake
MAX_NODES = 100_000  # expanded nodes, so an alias bomb is refused before it eats memory
MAX_DEPTH = 64  # levels of collections below the top-level mapping

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data from one YAML file, with the line where each path was written."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)


def read_yaml_file(path: Path) -> Document:
    name = str(path)
    if not path.is_file():
        raise ScenarioError([Problem(name, None, "", "no such scenario file")])
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # the size on disk can lie (/proc, pipes)
    except OSError as error:
        raise ScenarioError([Problem(name, None, "", f"cannot read ({error.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(name, None, "", f"file is larger than {MAX_FILE_BYTES:,} bytes")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError([Problem(name, None, "", f"not UTF-8 text ({error.reason})")]) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Document:
    if not text.strip():
        raise ScenarioError([Problem(name, 1, "", "file is empty")])
    try:
        root = _compose(text, name)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioError([Problem(name, line, "", f"not valid YAML: {reason}")]) from None
    if root is None:
        raise ScenarioError([Problem(name, 1, "", "file is empty")])
    if not isinstance(root, yaml.MappingNode):
        raise ScenarioError(
            [
                Problem(
                    name, root.start_mark.line + 1, "", "the top level must be a mapping of fields"
                )
            ]
        )
    walker = _Walker(name)
    data = walker.build(root, (), 0)
    if walker.problems:
        raise ScenarioError(walker.problems)
    return Document(data, name, walker.lines)


def parse_value(text: str, name: str, level: int = 0) -> Any:
    """One value written as YAML (an override's ``VALUE``, set ``level`` sections deep), with
    the file's limits on depth and expanded nodes; text that is not YAML stays a string."""
    if not text.strip():
        return text
    try:
        root = _compose(text, name, level)
    except yaml.YAMLError:
        return text
    if root is None:
        return None
    walker = _Walker(name)
    value = walker.build(root, (), level)
    if walker.problems:
        raise ScenarioError(walker.problems)
    return value


def check_depth(value: Any, file: str, level: int = 0) -> None:
    """Refuse Python data nested deeper than MAX_DEPTH (or holding itself), without recursing;
    ``level``: how deep the value itself is set."""
    stack = [(value, level)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ScenarioError([Problem(file, None, "", _TOO_DEEP)])
        if isinstance(node, dict):
            stack += [(child, depth + 1) for child in node.values()]
        elif isinstance(node, list | tuple):
            stack += [(child, depth + 1) for child in node]


_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"


def _compose(text: str, name: str, level: int = 0) -> yaml.Node | None:
    loader = _DepthLimitedLoader(text, name, MAX_DEPTH + 1 - level)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's composer recurses once per level of nesting; this one stops at MAX_DEPTH
    (plus the top level) with one problem, long before Python's recursion limit."""

    def __init__(self, text: str, name: str, limit: int) -> None:
        super().__init__(text)
        self.name, self.limit = name, limit
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > self.limit:
                line = self.peek_event().start_mark.line + 1
                raise ScenarioError([Problem(self.name, line, "", _TOO_DEEP)])
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.own_keys: dict[int, set[int]] = {}
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        line = node.start_mark.line + 1
        if self.nodes > MAX_NODES:
            raise ScenarioError(
                [
                    Problem(
                        self.file,
                        line,
                        _dotted(path),
                        "document expands to too many nodes "
                        f"(over {MAX_NODES:,}); aliases that multiply are not allowed",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise ScenarioError([Problem(self.file, line, _dotted(path), _TOO_DEEP)])
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as error:  # ValueError: a date like 2020-13-01
            reason = getattr(error, "problem", None) or str(error)
            self.problems.append(Problem(self.file, line, _dotted(path), f"bad value: {reason}"))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        # Keys written here, not brought in by a merge; remembered per node, since an alias
        # visits the same node again after flatten_mapping has mixed the merged keys in.
        own = self.own_keys.setdefault(id(node), {id(key) for key, _ in node.value})
        try:
            self.constructor.flatten_mapping(node)  # resolves merge keys (<<), merged first
        except yaml.YAMLError as error:  # e.g. '<<: 5', a merge of something not a mapping
            reason = getattr(error, "problem", None) or str(error)
            line = node.start_mark.line + 1
            self.problems.append(Problem(self.file, line, _dotted(path), f"bad merge: {reason}"))
            return {}
        result: dict[str, Any] = {}
        merged: set[str] = set()
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key = self.build(key_node, path, depth + 1)
            if not isinstance(key, str | int | float | bool) or isinstance(key, bool):
                self.problems.append(
                    Problem(self.file, key_line, _dotted(path), "keys must be plain names", key)
                )
                continue
            key = str(key)
            child = (*path, key)
            if key in result and id(key_node) not in own:
                continue  # a later merge never overrides an earlier key
            if key in result and key not in merged:
                first = self.lines.get(child)
                self.problems.append(
                    Problem(
                        self.file,
                        key_line,
                        _dotted(child),
                        f"duplicate key (first given on line {first})",
                    )
                )
                continue
            if id(key_node) not in own:
                merged.add(key)
            else:
                merged.discard(key)  # written here: overrides the merged value (YAML 1.1)
            self.lines[child] = key_line
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)
