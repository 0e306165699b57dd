#!/usr/bin/env bash
# Runs the desk on the embedded default: SQLite, a server-less Celery broker (kombu's
# filesystem transport), the sandbox account core in-process, e-mails written to var/mail.
# Served as in production: gunicorn, DEBUG off, static files collected and served by WhiteNoise.
# Web + Celery worker + Celery beat run together in the foreground; Ctrl-C stops all. The URL,
# the logins and the sandbox core's companies are printed once the web server answers.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
# shellcheck source=scripts/demo_env.sh
. scripts/demo_env.sh
mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/private
# The sandbox core's API token: generated once per installation, never a default in code.
if [ ! -s var/sandbox-core-token ]; then
  (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" \
    > var/sandbox-core-token)
fi

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
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py demo_data --no-banner
exec .venv/bin/honcho -f Procfile.demo start
