"""Settings for the test suite: the ordinary settings, made fast and self-contained.

`DATABASE_URL` and `REDIS_URL` still choose the stack, so CI runs the same suite on SQLite
and again on PostgreSQL with Redis.
"""

from network.settings import *  # noqa: F403
from network.settings import REST_FRAMEWORK

# Argon2 is slow on purpose; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests assert on tasks' effects; unless a test starts a real worker, run them in process.
CELERY_TASK_ALWAYS_EAGER = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
WHITENOISE_AUTOREFRESH = True  # serve from the finders: tests never run collectstatic
# The whole suite calls the API from one address within minutes, and counts in a shared cache
# outlive a test: limits are out of the way here; tests/network/test_rate_limits.py sets
# low ones to prove them.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "100000/minute", "user": "100000/minute"}
PASSWORD_RESET_LIMIT_PER_EMAIL = 1000
PASSWORD_RESET_LIMIT_PER_IP = 1000
