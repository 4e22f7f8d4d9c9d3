#!/usr/bin/env bash
# Lint, type-check, then the whole pytest suite. pytest's exit code 5 (no tests ran) fails too.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check . || exit 1
.venv/bin/ruff format --check . || exit 1
.venv/bin/mypy || exit 1
# Two workers (the CI machines have two cores); a test file stays on one worker, so its
# module fixtures (served apps, browsers, runs) are built once, and the browser files of one app
# share a worker and its server (tests/conftest.py). EKOSIM_TEST_WORKERS=0 runs serially.
.venv/bin/python -m pytest -n "${EKOSIM_TEST_WORKERS:-2}" --dist loadfile --durations=15 "$@"
status=$?
if [ "$status" -eq 5 ]; then echo "test: pytest collected no tests" >&2; exit 1; fi
exit "$status"
