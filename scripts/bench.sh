#!/usr/bin/env bash
# `make bench [N=100000]`: our scenarios and the peer's harness, on this machine, at one size.
#   1. PostgreSQL and Redis as the tests start them (scripts/services.sh);
#   2. the desk seeded to N (only what is missing: seed_bench is resumable), every registered
#      scenario (bench/scenarios/), filing over HTTP (gunicorn, 4 workers, loopback), approval
#      to the reset e-mail with a real Celery worker, the CSV export at 10k / 100k rows, then the
#      knowledge-base search and the SLA scan;
#   3. django-helpdesk 2.6.1 from PyPI into var/peer/venv (its code is never committed), its
#      harness (/work/shared/peer-bench or $PEER_HARNESS) copied to var/peer/harness, seeded to
#      N tickets on the same PostgreSQL server, its in-process client run, and its HTTP run
#      (bench_http.py: gunicorn + wrk; wrk is installed with apt-get when missing and root);
#   4. the ratio of each comparable page, filing over HTTP included (python -m bench compare).
# PEER=0 skips step 3. Every load loop is bounded in count and time; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100000}"
PEER="${PEER:-1}"
PEER_HARNESS="${PEER_HARNESS:-/work/shared/peer-bench/django-helpdesk}"
scripts/services.sh start
eval "$(scripts/services.sh env)"
if ! command -v wrk >/dev/null && [ "$(id -u)" = "0" ]; then   # the peer's HTTP harness uses it
  apt-get install -y -q wrk >/dev/null || echo "wrk could not be installed"
fi
export GUICHET_VAR_DIR="${GUICHET_VAR_DIR:-$PWD/var/bench}"
mkdir -p "$GUICHET_VAR_DIR"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

FAILED=""
.venv/bin/python -m bench desk_pages --requests "$N"
.venv/bin/python -m bench filing_http --requests "$N" --clients 8 --seconds 15 --max 5000 \
  --port "${BENCH_HTTP_PORT:-8766}" || FAILED="$FAILED filing_http"
.venv/bin/python -m bench approval_email --requests "$N" --approvals 30 || FAILED="$FAILED approval_email"
.venv/bin/python -m bench export_csv --requests "$N" || FAILED="$FAILED export_csv"
.venv/bin/python -m bench search --articles 5000 --rounds 10 || true   # its verdict is printed
.venv/bin/python -m bench sla_scan --requests 30000 || true

if [ "$PEER" = "1" ]; then
  PEER_DIR="$PWD/var/peer"
  mkdir -p "$PEER_DIR/results"
  if [ ! -x "$PEER_DIR/venv/bin/python" ]; then
    python3.11 -m venv "$PEER_DIR/venv"
    "$PEER_DIR/venv/bin/pip" install -q -r "$PEER_HARNESS/requirements.txt"
  fi
  rm -rf "$PEER_DIR/harness" && cp -r "$PEER_HARNESS" "$PEER_DIR/harness"
  (
    cd "$PEER_DIR/harness"
    export HD_ANCHOR="$PEER_DIR" HD_DB_PORT="$GUICHET_PG_PORT" HD_DB_NAME=helpdesk_peer
    source env.sh
    psql -h 127.0.0.1 -p "$HD_DB_PORT" -U postgres -tc \
      "SELECT 1 FROM pg_database WHERE datname='$HD_DB_NAME'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$HD_DB_PORT" -U postgres -qc "CREATE DATABASE $HD_DB_NAME"
    python manage.py migrate -v0
    python manage.py loaddata -v0 emailtemplate.json
    python seed.py --target "$N"
    psql -h 127.0.0.1 -p "$HD_DB_PORT" -U postgres "$HD_DB_NAME" -qc "VACUUM ANALYZE"
    SKIP=""
    if [ "$N" -ge 1000000 ]; then SKIP="api_list,timeline"; fi   # O(all tickets) per request
    python bench_client.py --label "n$N" --reps "${PEER_REPS:-20}" --write-reps 50 \
      --budget "${PEER_BUDGET:-60}" --skip "$SKIP" --out "$PEER_DIR/results/n$N-client.json"
    if command -v wrk >/dev/null; then
      HTTP_SKIP=""
      if [ "$N" -ge 1000000 ]; then HTTP_SKIP="dashboard"; fi
      HD_HTTP_PORT="${PEER_HTTP_PORT:-8765}" python bench_http.py --label "n$N" --duration 15 \
        --connections 4 --skip "$HTTP_SKIP" --out "$PEER_DIR/results/n$N-http.json"
    else
      echo "wrk is not installed: the peer's HTTP numbers (filing over HTTP) are skipped"
    fi
  )
  HTTP_ARGS=()
  if [ -f "$PEER_DIR/results/n$N-http.json" ]; then
    HTTP_ARGS=(--peer-http "$PEER_DIR/results/n$N-http.json")
  fi
  .venv/bin/python -m bench compare --peer "$PEER_DIR/results/n$N-client.json" "${HTTP_ARGS[@]}"
fi
if [ -n "$FAILED" ]; then
  echo "scenarios that failed:$FAILED" >&2
  exit 1
fi
