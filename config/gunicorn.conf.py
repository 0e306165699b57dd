"""gunicorn settings for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Run one such process per machine (it forks WEB_CONCURRENCY workers); put several machines
behind the load balancer. See docs/operations.md.
"""

import os

bind = os.environ.get("GUICHET_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Load the app in the master: a missing or malformed variable stops start-up with one line,
# instead of every worker failing in turn.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# The longest request line gunicorn takes (its default, 4094, answered a long search link with its
# own English "Bad Request" before the desk could say anything in French; 8190 is its maximum).
limit_request_line = 8190
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The application writes one JSON line per request (with its request id): no access log here.
accesslog = None
errorlog = "-"
# Trust X-Forwarded-* only from the load balancer's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    """prometheus-client's multiprocess mode: a dead worker's live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# TLS served by gunicorn itself when no load balancer is in front (scripts/prodlike.sh).
certfile = os.environ.get("GUICHET_TLS_CERT") or None
keyfile = os.environ.get("GUICHET_TLS_KEY") or None
