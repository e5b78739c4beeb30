#!/usr/bin/env bash
# Run the OpticalLock dispatcher console (installs what it needs first).
# With no arguments it starts the embedded reference cloud and signs in to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/bootstrap.sh
if [ "$(id -u)" = 0 ]; then
  # Chromium (QtWebEngine) refuses to run as root with its sandbox on.
  export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---no-sandbox --disable-gpu}"
fi
exec .venv/bin/python main.py "$@"
