#!/usr/bin/env bash
# Creates .venv with Python >= 3.12 and installs ekosim with everything the tests need,
# including Debian's Chromium for the browser tests. Idempotent: a second call is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    for candidate in python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    local root; root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in "$root"/versions/3.1[3-9]*/bin/python3 "$root"/versions/3.12*/bin/python3; do
        [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

install_chromium() {
    command -v chromium >/dev/null 2>&1 && return 0
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian's chromium for the browser tests" >&2
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
}

stamp=.venv/.ekosim-installed
wanted=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    python=$(find_python) || { echo "setup: no Python >= 3.12 on PATH or in pyenv" >&2; exit 1; }
    echo "setup: creating .venv with $("$python" --version)" >&2
    "$python" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
    .venv/bin/python -m pip install -q -e ".[${EKOSIM_EXTRAS:-dev}]" 2>&1 | grep -v '^WARNING: Location' || true
    .venv/bin/python -c 'import ekosim' || { echo "setup: installing ekosim failed" >&2; exit 1; }
    echo "$wanted" > "$stamp"
fi
if [ "${1:-}" = "--with-browser" ]; then install_chromium; fi
