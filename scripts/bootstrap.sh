#!/usr/bin/env bash
# Installs everything the desk and its tests need into ./.venv (and ./node_modules).
# Idempotent: a second run only checks that the lock file is satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

export UV_PYTHON_DOWNLOADS=never
if ! command -v uv >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/uv" ]; then
  echo "==> installing uv (the lock-file installer) with pip"
  python3 -m pip install --quiet --user 'uv==0.13.9' || python3 -m pip install --quiet 'uv==0.13.9'
fi
UV=$(command -v uv || echo "$HOME/.local/bin/uv")

if ! command -v msgfmt >/dev/null 2>&1; then
  # gettext: the tests check that the committed English catalogue (locale/) is compiled.
  echo "==> installing gettext (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gettext >/dev/null
fi

PYTHON=$(command -v python3.11 || command -v python3)
echo "==> python packages (uv.lock)"
"$UV" sync --locked --python "$PYTHON" --quiet

if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> front-end packages (package-lock.json)"
    npm ci --no-audit --no-fund --silent
  fi
fi
