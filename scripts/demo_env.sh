# The demo's environment, sourced by scripts/demo.sh (and by tests/config/test_demo_server.py):
# the embedded default (nothing set), served as in production.
unset DATABASE_URL CELERY_BROKER_URL REDIS_URL EMAIL_URL GUICHET_PROFILE
export GUICHET_PORT=${GUICHET_PORT:-8000}
export GUICHET_BASE_URL=${GUICHET_BASE_URL:-http://127.0.0.1:$GUICHET_PORT}
# gunicorn (config/gunicorn.conf.py) on loopback, a wrong URL gets the 404 page, not Django's
# debug page; static files are collected into var/static and served by WhiteNoise.
export GUICHET_BIND=127.0.0.1:$GUICHET_PORT WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export DEBUG=false
# Celery's per-task lines (beat and worker, every 2 s for the relay) would push the logins off
# the screen; the desk's own lines (guichet.*) still say what was done.
export GUICHET_CELERY_LOG_LEVEL=${GUICHET_CELERY_LOG_LEVEL:-WARNING}
# Four eyes on the liquidator's access: its execution waits for a second person's approval.
export GUICHET_FOUR_EYES_TYPES=${GUICHET_FOUR_EYES_TYPES:-liquidator_access}
