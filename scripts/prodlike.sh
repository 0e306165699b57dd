#!/usr/bin/env bash
# A production-shaped run on one machine (make prodlike): the production profile on PostgreSQL
# and Redis (scripts/services.sh), documents in an S3-protocol store (moto's server), the sandbox
# account core as its own HTTP service (a second gunicorn, config.urls_sandbox) reached through
# the HTTP adapter, the desk's gunicorn with several workers over TLS (a self-signed certificate
# made here), two Celery workers, two beats of which one schedules (common.beat_lock), clamd as
# the upload gate's antivirus (as the tests run it), and a debugging SMTP server that prints the
# e-mails. Secrets are generated once into var/prodlike/.
# Ctrl-C stops everything (honcho). docs/operations.md maps it onto several machines.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=var/prodlike
export GUICHET_PORT=${GUICHET_PORT:-8443} GUICHET_CORE_PORT=${GUICHET_CORE_PORT:-8601}
export GUICHET_S3_PORT=${GUICHET_S3_PORT:-8602} GUICHET_SMTP_PORT=${GUICHET_SMTP_PORT:-8625}
export GUICHET_PG_PORT=${GUICHET_PG_PORT:-54330} GUICHET_REDIS_PORT=${GUICHET_REDIS_PORT:-63800}

secret() {  # a secret generated once per installation, never a default in code
  [ -s "$STATE/$1" ] || (umask 077 && .venv/bin/python -c \
    "import secrets; print(secrets.token_urlsafe(48))" > "$STATE/$1")
  cat "$STATE/$1"
}

environment() {
  export GUICHET_VAR_DIR=$PWD/$STATE/run
  export GUICHET_PROFILE=production DEBUG=false
  export SECRET_KEY; SECRET_KEY=$(secret secret-key)
  export ALLOWED_HOSTS=127.0.0.1,localhost
  export GUICHET_BASE_URL=https://127.0.0.1:$GUICHET_PORT
  export GUICHET_BIND=127.0.0.1:$GUICHET_PORT WEB_CONCURRENCY=${WEB_CONCURRENCY:-3}
  export GUICHET_TLS_CERT=$PWD/$STATE/tls.crt GUICHET_TLS_KEY=$PWD/$STATE/tls.key
  export DATABASE_URL=postgres://postgres@127.0.0.1:$GUICHET_PG_PORT/guichet
  export REDIS_URL=redis://127.0.0.1:$GUICHET_REDIS_PORT/1
  export CELERY_BROKER_URL=redis://127.0.0.1:$GUICHET_REDIS_PORT/0
  export GUICHET_BEAT_LOCK_URL=redis://127.0.0.1:$GUICHET_REDIS_PORT/2
  export EMAIL_URL=smtp://127.0.0.1:$GUICHET_SMTP_PORT
  # The desk reaches the core over HTTP only; the core runs in its own process (Procfile).
  export SANDBOX_CORE_ENABLED=false GUICHET_CORE_ADAPTER=http
  export GUICHET_CORE_URL=http://127.0.0.1:$GUICHET_CORE_PORT/sandbox/api/v1
  export GUICHET_CORE_TOKEN; GUICHET_CORE_TOKEN=$(secret sandbox-core-token)
  export SANDBOX_CORE_API_TOKEN=$GUICHET_CORE_TOKEN
  export SANDBOX_RESET_BASE_URL=http://127.0.0.1:$GUICHET_CORE_PORT
  export GUICHET_DOCUMENT_STORE=s3 GUICHET_S3_BUCKET=guichet-documents
  export GUICHET_S3_ENDPOINT_URL=http://127.0.0.1:$GUICHET_S3_PORT
  export AWS_ACCESS_KEY_ID=prodlike AWS_SECRET_ACCESS_KEY; AWS_SECRET_ACCESS_KEY=$(secret s3-secret)
  export GUICHET_METRICS_TOKEN; GUICHET_METRICS_TOKEN=$(secret metrics-token)
  export PROMETHEUS_MULTIPROC_DIR=$PWD/$STATE/run/metrics
  export GUICHET_CELERY_LOG_LEVEL=WARNING PYTHONUNBUFFERED=1
  # The upload gate's antivirus: a real clamd on a unix socket (Procfile: antivirus).
  export GUICHET_CLAMD_ADDRESS=unix://$PWD/$STATE/clamd/clamd.sock
  export GUICHET_CLAMD_CONF=$PWD/$STATE/clamd/clamd.conf
  export GUICHET_CLAMD_BIN; GUICHET_CLAMD_BIN=$(command -v clamd || echo /usr/sbin/clamd)
}

clamd_config() {  # the system's signatures when freshclam fetched them, else EICAR only
  local signatures=${GUICHET_CLAMAV_DB:-/var/lib/clamav}
  mkdir -p "$STATE/clamd"
  if ! ls "$signatures"/*.c[lvu]d >/dev/null 2>&1; then
    signatures=$PWD/$STATE/clamd/db
    mkdir -p "$signatures"
    # The EICAR test file's signature, in hex (no real signatures here: run freshclam for them).
    echo "Guichet.Prodlike.EICAR:0:*:58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a" > "$signatures/guichet-eicar.ndb"
  fi
  cat > "$GUICHET_CLAMD_CONF" <<CONF
LocalSocket $PWD/$STATE/clamd/clamd.sock
DatabaseDirectory $signatures
Foreground yes
LogFile $PWD/$STATE/clamd/clamd.log
StreamMaxLength 20M
CONF
  echo "==> clamd: signatures from $signatures"
}

if [ "${1:-}" = "--ready" ]; then  # the Procfile's last process: bucket, data, then the URL
  environment
  bucket_ready=no
  for _ in $(seq 100); do  # the object store may not listen yet: quiet until it answers
    .venv/bin/python - 2>/dev/null <<'PY' && bucket_ready=yes && break
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["GUICHET_S3_ENDPOINT_URL"], region_name="eu-west-3")
if os.environ["GUICHET_S3_BUCKET"] not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket=os.environ["GUICHET_S3_BUCKET"],
                     CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
PY
    sleep 0.3
  done
  if [ "$bucket_ready" != yes ]; then
    echo "==> le stockage d'objets ne répond pas sur $GUICHET_S3_ENDPOINT_URL" >&2
    exit 1
  fi
  clamd_ready=no
  for _ in $(seq 120); do  # clamd loads its signatures before it answers
    .venv/bin/python -c "import socket, sys; s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1]); s.sendall(b'zPING\0'); sys.exit(s.recv(8) != b'PONG\0')" \
      "${GUICHET_CLAMD_ADDRESS#unix://}" 2>/dev/null && clamd_ready=yes && break
    sleep 1
  done
  if [ "$clamd_ready" != yes ]; then  # honcho stops every process when this one exits
    echo "==> clamd ne répond pas sur $GUICHET_CLAMD_ADDRESS : voir $STATE/clamd/clamd.log" >&2
    exit 1
  fi
  SANDBOX_CORE_ENABLED=true GUICHET_ALLOW_SANDBOX_IN_PRODUCTION=true \
    .venv/bin/python manage.py demo_data --no-banner
  for _ in $(seq 120); do
    curl -sfk -o /dev/null "$GUICHET_BASE_URL/sante/" && break
    sleep 1
  done
  echo
  echo "==> Guichet (production profile) : $GUICHET_BASE_URL/  (certificat auto-signé de $STATE/tls.crt)"
  echo "    antivirus : clamd, $GUICHET_CLAMD_ADDRESS"
  echo "    cœur des comptes (bac à sable, HTTP) : http://127.0.0.1:$GUICHET_CORE_PORT/sandbox/"
  echo "    métriques : curl -k -H \"Authorization: Bearer \$(cat $STATE/metrics-token)\" $GUICHET_BASE_URL/metrics"
  echo "    Ctrl-C arrête tout."
  exec sleep infinity
fi

scripts/bootstrap.sh
mkdir -p "$STATE/run"
scripts/services.sh start
environment
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR/core"
if [ ! -s "$STATE/tls.key" ]; then
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$STATE/tls.key" -out "$STATE/tls.crt" 2>/dev/null)
fi
clamd_config
.venv/bin/python manage.py check --deploy --fail-level ERROR
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
exec .venv/bin/honcho -f Procfile.prodlike start
