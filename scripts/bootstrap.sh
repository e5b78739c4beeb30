#!/usr/bin/env bash
# Install what the console and its tests need, idempotently and quickly when nothing changed:
# the Debian libraries Qt/QtWebEngine load (when root on Debian), a venv in .venv, the project
# with its test extra, and the map page's checks (eslint and tsc, from package-lock.json, into
# node_modules/). Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Shared libraries PySide6's wheels (Qt Widgets, QtWebEngine/Chromium, Qt Multimedia) expect on
# the system, plus fonts and poppler-utils (PDF text extraction in the report tests).
APT_PACKAGES=(
  libegl1 libgl1 libopengl0 libgbm1 libdrm2 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxcb-xfixes0 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxshmfence1 libxkbfile1 libxi6
  libxrender1 libxext6 libsm6 libice6 libnss3 libnspr4 libasound2 libpulse0 libcups2
  fonts-dejavu-core poppler-utils
)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "bootstrap: missing Debian packages (run as root or: sudo apt-get install ${missing[*]})" >&2
    fi
  fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "bootstrap: Python >= 3.11 is required ($PYTHON is $("$PYTHON" -V 2>&1))" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)
if [ "$(cat .venv/.bootstrap-stamp 2>/dev/null || true)" != "$stamp" ]; then
  echo "bootstrap: installing Python packages into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  echo "$stamp" > .venv/.bootstrap-stamp
fi

# The map page's checks (test.sh runs eslint and tsc on resources/map): what package-lock.json pins,
# reinstalled only when the lock file changes. Node is only needed for checks, never to run.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "bootstrap: installing Debian packages: nodejs npm" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  node_stamp=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
  node_ready() { [ "$(cat node_modules/.bootstrap-stamp 2>/dev/null || true)" = "$node_stamp" ]; }
  if ! node_ready; then
    # One install at a time: two runs in one checkout would unpack into each other's tree.
    (
      if command -v flock >/dev/null 2>&1; then flock 9; fi
      if ! node_ready; then
        echo "bootstrap: installing the map page's checks (npm ci)" >&2
        npm ci --no-audit --no-fund --loglevel=error
        echo "$node_stamp" > node_modules/.bootstrap-stamp
      fi
    ) 9<package-lock.json
  fi
else
  echo "bootstrap: npm is missing (install Node.js and npm): the map page's checks cannot run" >&2
fi
