from django.db import connection


def test_it_reports_every_dependency_healthy_on_the_test_services(client, db):
    response = client.get("/sante/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "cache"}


def test_the_suite_runs_on_postgresql_and_redis(settings):
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def test_every_response_carries_a_request_id(client, db):
    response = client.get("/sante/", HTTP_X_REQUEST_ID="abcdef0123456789")

    assert response["X-Request-ID"] == "abcdef0123456789"


def test_a_broker_that_does_not_answer_makes_the_desk_degraded(client, db, monkeypatch):
    from config.celery import app as celery_app

    real_connection = celery_app.connection_for_write
    monkeypatch.setattr(
        celery_app,
        "connection_for_write",
        lambda: real_connection(url="redis://127.0.0.1:1/0"),  # nothing listens on port 1
    )

    response = client.get("/sante/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True


def test_a_cache_that_does_not_answer_makes_the_desk_degraded(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",
        }
    }

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "detail": "ConnectionError"}


def test_a_database_that_does_not_answer_makes_the_desk_degraded(client, db, monkeypatch):
    from django.db import OperationalError

    from common import health

    class DownConnection:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", DownConnection())

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "OperationalError"}


def test_the_health_answer_is_never_cached(client, db):
    response = client.get("/sante/")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_the_health_endpoint_only_answers_get(client, db):
    assert client.post("/sante/").status_code == 405
