#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it; no browser download).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing chromium (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
