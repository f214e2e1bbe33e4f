"""/health/: 200 when every configured part answers, 503 naming the parts that do not.

The failures are real: Redis at a port nothing listens on, and a database connection that
cannot be opened. The running PostgreSQL and Redis are never stopped.
"""

import copy

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings

from network import health

CLOSED_REDIS = "redis://127.0.0.1:1/0"

EMBEDDED = override_settings(
    REDIS_URL="",
    CELERY_BROKER_URL="memory://",
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "health-test",
        }
    },
)

REDIS_DOWN = override_settings(
    REDIS_URL=CLOSED_REDIS,
    CELERY_BROKER_URL=CLOSED_REDIS,
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
        }
    },
)


@pytest.fixture
def unreachable_database(monkeypatch, tmp_path):
    """The health check's connection, replaced by a real one that cannot be opened."""
    real = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(real.settings_dict)
    if real.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    broken = type(real)(settings_dict, DEFAULT_DB_ALIAS)
    monkeypatch.setattr(health, "connection", broken)
    yield broken
    broken.close()


@EMBEDDED
def test_embedded_default_is_healthy_with_the_broker_not_configured(client, db):
    # Given the embedded default: SQLite or PostgreSQL, local-memory cache, eager tasks
    # When the health endpoint is asked
    response = client.get("/health/")

    # Then everything that is configured answers, and the missing broker does not fail it
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["database"] == {"status": "ok", "detail": connection.vendor}
    assert body["checks"]["cache"] == {"status": "ok", "detail": "locmem"}
    assert body["checks"]["broker"]["status"] == "not configured"


def test_health_reflects_the_configured_stack(client, db):
    # Given the stack this run is configured with (CI's second run sets REDIS_URL)
    response = client.get("/health/")

    # Then it is healthy, and the broker is checked against the real Redis when there is one
    assert response.status_code == 200
    checks = response.json()["checks"]
    if settings.REDIS_URL:
        assert checks["broker"] == {"status": "ok", "detail": "redis"}
        assert checks["cache"] == {"status": "ok", "detail": "redis"}
    else:
        assert checks["broker"]["status"] == "not configured"
        assert checks["cache"] == {"status": "ok", "detail": "locmem"}


@REDIS_DOWN
def test_unreachable_redis_answers_503_naming_the_broker_and_the_cache(client, db):
    # Given Redis configured at a port nothing listens on
    # When the health endpoint is asked
    response = client.get("/health/")

    # Then it is unavailable and names both parts that depend on Redis, not the database
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert set(body["failing"]) == {"broker", "cache"}
    assert body["checks"]["broker"] == {"status": "down", "detail": "redis: ConnectionError"}
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["cache"]["detail"].startswith("redis: ")
    assert body["checks"]["database"]["status"] == "ok"


@EMBEDDED
def test_unreachable_database_answers_503_naming_the_database(client, db, unreachable_database):
    # Given a database connection that cannot be opened
    # When the health endpoint is asked
    response = client.get("/health/")

    # Then it is unavailable, names the database and says what kind of error it met
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "down", "detail": "OperationalError"}
    assert body["checks"]["cache"]["status"] == "ok"


def test_health_answers_are_never_cached(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
