#!/usr/bin/env bash
# Run every check: lint (Python and the map page's scripts), import contracts, and the whole test
# suite (installs what it needs first).
# Extra arguments go to pytest, e.g. ./test.sh tests/cloudsim -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
export QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu"
export PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
echo "== ruff"
.venv/bin/ruff check .
echo "== mypy (the packages listed in pyproject.toml; strict on the domain package and cloudsim)"
.venv/bin/mypy
echo "== eslint (the map page's own scripts; never resources/vendor)"
npx --no-install eslint resources/map
echo "== tsc (the map page's JSDoc types: the messages and bridge calls of resources/map/messages.js)"
npx --no-install tsc -p resources/map/jsconfig.json
echo "== import contracts"
.venv/bin/lint-imports
echo "== pytest"
exec .venv/bin/python -m pytest "$@"
