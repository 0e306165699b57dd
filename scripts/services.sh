#!/usr/bin/env bash
# Starts (or stops) throwaway PostgreSQL 15 and Redis servers on loopback for the tests.
#   scripts/services.sh start|stop|env|redis-stop|redis-start|pg-stop|pg-start
# (redis-stop / redis-start, pg-stop / pg-start: the failure tests and `python -m bench faults`
# take the broker or the database away and bring it back.)
# Ports and data directory can be moved with GUICHET_PG_PORT, GUICHET_REDIS_PORT and
# GUICHET_SERVICES_DIR, so that several checkouts can test side by side.
set -euo pipefail

PG_PORT=${GUICHET_PG_PORT:-54329}
REDIS_PORT=${GUICHET_REDIS_PORT:-63799}
DIR=${GUICHET_SERVICES_DIR:-/tmp/guichet-services-$PG_PORT}
PG_DATA=$DIR/pg
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v pg_ctl)")

as_pg() {
  # PostgreSQL refuses to run as root: use the postgres system user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_redis_installed() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "==> installing redis-server (apt-get)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  fi
}

ensure_clamd_installed() {
  # The upload tests run a real clamd with a signature file they write themselves (EICAR).
  if ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
    echo "==> installing clamav-daemon (apt-get)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq clamav-daemon >/dev/null
  fi
}

start_pg() {
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$DIR"
  fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$DIR/pg.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$DIR \
       -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
  fi
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='guichet'" | grep -q 1 ||
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres guichet
}

start_redis() {
  ensure_redis_installed
  mkdir -p "$DIR/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' \
      --appendonly no --dir "$DIR/redis" --logfile "$DIR/redis.log" \
      --pidfile "$DIR/redis.pid" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

case "${1:-start}" in
  start)
    start_pg
    start_redis
    ensure_clamd_installed
    echo "==> PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT," \
         "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT"
    ;;
  stop)
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    ;;
  redis-stop)
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
    ;;
  redis-start)
    start_redis
    ;;
  pg-stop)
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  pg-start)
    start_pg
    ;;
  env)
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/guichet"
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1"
    echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export GUICHET_REDIS_PORT=$REDIS_PORT"
    echo "export GUICHET_SERVICES_DIR=$DIR"
    ;;
  *) echo "usage: $0 start|stop|env|redis-stop|redis-start|pg-stop|pg-start" >&2; exit 2 ;;
esac
