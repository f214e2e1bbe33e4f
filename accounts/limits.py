"""How often a password-reset mail may be asked for, per e-mail address and per client address.

django-axes guards the log-in; a reset form without a limit would let anyone flood a person's
mailbox, or probe many addresses from one place. Counts live in the default cache (Redis in
production) in fixed windows; if the cache is unreachable the request is let through: a lost
count is better than a reset nobody can ask for.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str, window: int) -> str:
    # Hash the address: cache keys are not the place to keep people's e-mail addresses.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"password-reset:{kind}:{digest}:{window}"


def _count(key: str, timeout: int) -> int:
    try:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1
    except Exception:  # a cache outage must not block resets
        return 0


def password_reset_allowed(*, email: str, ip_address: str | None) -> bool:
    """Count one request for a reset mail; False once either limit is passed in this window."""
    seconds = int(settings.PASSWORD_RESET_LIMIT_WINDOW.total_seconds())
    window = int(time.time()) // seconds
    per_email = _count(_key("email", email, window), seconds)
    per_ip = _count(_key("ip", ip_address or "unknown", window), seconds)
    return (
        per_email <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        and per_ip <= settings.PASSWORD_RESET_LIMIT_PER_IP
    )
