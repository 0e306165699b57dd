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
mkdir -p var/broker/queue var/broker/processed var/broker/control var/mail var/private

.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py demo_data
exec .venv/bin/honcho -f Procfile.demo start
