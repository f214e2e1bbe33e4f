"""The fail-safe Redis cache: with Redis unreachable every operation answers like an empty
cache, quickly, instead of raising; with Redis there it is Django's RedisCache.

Real sockets: a port nothing listens on, and the shared Redis (the test's own database
number, keys under a unique prefix, never flushed).
"""

import logging
import time
import uuid

from django.conf import settings

from network.cache import FailSafeRedisCache

CLOSED = "redis://127.0.0.1:1/0"


def _cache(location, **options):
    return FailSafeRedisCache(
        location,
        {
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **options},
        },
    )


def test_with_redis_unreachable_every_operation_returns_what_an_empty_cache_would(
    caplog, monkeypatch
):
    # The "down" state is per process and location: another test that met the same closed
    # port first would have taken the one warning this test reads.
    monkeypatch.setattr("network.cache._down_until", {})
    cache = _cache(CLOSED, DOWN_RETRY_SECONDS=0)

    with caplog.at_level(logging.WARNING, logger="network.cache"):
        assert cache.get("key") is None
        assert cache.get("key", "fallback") == "fallback"
        assert cache.set("key", 1) is None
        assert cache.add("key", 1) is False
        assert cache.get_or_set("key", "computed") == "computed"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.has_key("key") is False
        assert cache.incr("counter", 3) == 3
        assert cache.touch("key") is False
        assert cache.delete("key") is False
        assert cache.delete_many(["a"]) is None
        assert cache.clear() is False

    assert "Redis unavailable (ConnectionError during get)" in caplog.text


def test_after_one_failure_redis_is_not_tried_again_for_a_while(monkeypatch):
    cache = _cache(CLOSED, DOWN_RETRY_SECONDS=30)
    cache.get("key")  # the failure that opens the circuit
    tried = []
    monkeypatch.setattr(type(cache._cache), "get", lambda *args: tried.append(args))

    started = time.monotonic()
    for _ in range(100):
        assert cache.get("key") is None

    assert tried == []
    assert time.monotonic() - started < 0.5
    assert cache.is_down


def test_with_redis_there_it_caches(request):
    location = settings.REDIS_URL or "redis://127.0.0.1:6379/6"
    cache = _cache(location, DOWN_RETRY_SECONDS=0)
    request.addfinalizer(lambda: cache.delete_many(["key", "counter"]))

    cache.set("key", {"value": 1}, 30)
    cache.set("counter", 1, 30)

    assert cache.get("key") == {"value": 1}
    assert cache.incr("counter", 2) == 3
    assert cache.is_down is False
