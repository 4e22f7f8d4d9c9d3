# The two commands of the README. Each sets up .venv on its own first.
.PHONY: run test lint setup

run:            ## the bundled tesoma-alliance scenario end to end, printing its KPIs
	@scripts/setup.sh
	@.venv/bin/ekosim run tesoma-alliance

test:           ## lint, type-check and the whole test suite, browser tests included
	@scripts/setup.sh --with-browser
	@scripts/test.sh

lint:
	@scripts/setup.sh
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy
