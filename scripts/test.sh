#!/usr/bin/env bash
# Lint, type-check, then the whole pytest suite. pytest's exit code 5 (no tests ran) fails too.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check . || exit 1
.venv/bin/ruff format --check . || exit 1
.venv/bin/mypy || exit 1
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then echo "test: pytest collected no tests" >&2; exit 1; fi
exit "$status"
