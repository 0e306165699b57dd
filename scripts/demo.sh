#!/usr/bin/env bash
# Runs the desk on the embedded default: SQLite, a server-less Celery broker (kombu's
# filesystem transport), the sandbox account core in-process, e-mails written to var/mail.
# Web + Celery worker + Celery beat run together in the foreground; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
unset DATABASE_URL CELERY_BROKER_URL REDIS_URL EMAIL_URL GUICHET_PROFILE
export GUICHET_PORT=${GUICHET_PORT:-8000}
export GUICHET_BASE_URL=${GUICHET_BASE_URL:-http://127.0.0.1:$GUICHET_PORT}
# Four eyes on the liquidator's access: its execution waits for a second person's approval.
export GUICHET_FOUR_EYES_TYPES=${GUICHET_FOUR_EYES_TYPES:-liquidator_access}
mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/private

# A demo database made before the lifecycle got its own app (helpdesk/workflows tables) is set
# aside: the demo's data is made again by demo_data, nothing of value is lost.
if [ -f var/guichet.sqlite3 ] && .venv/bin/python - <<'PY'
import sqlite3, sys
rows = sqlite3.connect("var/guichet.sqlite3").execute(
    "SELECT 1 FROM sqlite_master WHERE name = 'helpdesk_request'").fetchall()
sys.exit(0 if rows else 1)
PY
then
  mv var/guichet.sqlite3 "var/guichet.sqlite3.before-lifecycle.$(date +%s)"
  echo "==> an older demo database was set aside; a new one is made"
fi
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py demo_data
exec .venv/bin/honcho -f Procfile.demo start
