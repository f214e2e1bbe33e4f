"""Readiness of the parts the platform stands on: database, cache and broker.

Each check answers ("ok" | "down" | "not configured", detail). In the embedded default the
broker is not configured (tasks run eagerly) and the cache is local memory: that is reported,
and does not fail the check.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> tuple[str, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means: not ready
        return "down", exc.__class__.__name__
    return "ok", connection.vendor


def check_cache() -> tuple[str, str]:
    path = settings.CACHES["default"]["BACKEND"]
    # network.cache.FailSafeRedisCache is Redis too
    backend = "redis" if "redis" in path.lower() else path.rsplit(".", 2)[-2]
    try:
        cache.set("health:probe", "1", timeout=5)
        if cache.get("health:probe") != "1":
            return "down", f"{backend}: value not read back"
    except Exception as exc:  # connection refused, timeout…
        return "down", f"{backend}: {exc.__class__.__name__}"
    return "ok", backend


def check_broker() -> tuple[str, str]:
    if not settings.REDIS_URL:
        return "not configured", "tasks run eagerly in the web process"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as exc:  # connection refused, timeout, auth…
        return "down", f"redis: {exc.__class__.__name__}"
    return "ok", "redis"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def readiness() -> tuple[bool, dict]:
    parts = {}
    for name, check in CHECKS.items():
        status, detail = check()
        parts[name] = {"status": status, "detail": detail}
    healthy = all(part["status"] != "down" for part in parts.values())
    return healthy, parts
