"""A Redis cache that degrades instead of failing when Redis is down.

Everything the platform keeps in the cache can be recomputed or forgotten: rendered
fragments, API throttle histories, lock-out counters. So when Redis stops, a page must still
answer: every operation here catches the connection error, logs it, and returns what an empty
cache would (a miss, "not added", nothing deleted). Throttles then see an empty history and
let the request through; that is the safe side for a public directory.

Two details keep an outage cheap: short socket timeouts (set in settings), and a short
circuit: after one failure the cache is treated as down for `DOWN_RETRY_SECONDS` without
trying Redis at all, so a request touching the cache twenty times does not wait twenty
timeouts. The first failure of an outage is logged as a warning, the recovery as info.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors meaning "Redis is not there", as opposed to a bug in how we use it.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per LOCATION, shared by the per-thread cache objects Django creates: monotonic time until
# which Redis is not tried again.
_down_until: dict[str, float] = {}
_state_lock = threading.Lock()


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache whose operations return defaults while Redis is unreachable.

    OPTIONS takes, besides redis-py's connection options, `DOWN_RETRY_SECONDS` (default 5):
    how long to skip Redis after a failure before trying again.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.down_retry_seconds = float(options.pop("DOWN_RETRY_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)

    @property
    def is_down(self) -> bool:
        return time.monotonic() < _down_until.get(self._location, 0)

    def _call(self, operation: str, default, method, *args, **kwargs):
        if self.is_down:
            return default
        try:
            result = method(*args, **kwargs)
        except UNAVAILABLE as exc:
            with _state_lock:
                first = self._location not in _down_until
                _down_until[self._location] = time.monotonic() + self.down_retry_seconds
            if first:
                logger.warning(
                    "cache: Redis unavailable (%s during %s); serving without cache",
                    exc.__class__.__name__,
                    operation,
                )
            return default
        if self._location in _down_until:
            with _state_lock:
                if _down_until.pop(self._location, None) is not None:
                    logger.info("cache: Redis is back")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts from zero: limits keyed on it let the caller in.
        return self._call("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
