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
