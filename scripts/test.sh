#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest against real PostgreSQL 15 and Redis.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/users -x).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
scripts/browser.sh
scripts/services.sh start
eval "$(scripts/services.sh env)"
export GUICHET_VAR_DIR=${GUICHET_VAR_DIR:-$(mktemp -d /tmp/guichet-test-var.XXXXXX)}
# One key for every process of the run (pytest, the Celery workers and servers it starts, each
# with a var/ of its own): links minted by a worker are checked by the test. Generated, never a
# default in code.
export SECRET_KEY=${SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}

echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import-linter (the layers of docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "==> mypy"
.venv/bin/mypy .
echo "==> pytest (PostgreSQL + Redis)"
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
.venv/bin/pytest "$@"
