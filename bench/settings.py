"""Settings for the benchmark only: production settings, with the bench URLconf on top.

Production mode (DJANGO_DEBUG off: no query log, no browsable API, hashed-static storage
switched back to plain files so no collectstatic is needed) on a plain-HTTP loopback, so the
figures are those of the real stack. Never used by the platform itself.
"""

import os
import secrets
import warnings

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from network.settings import *  # noqa: E402, F403
from network.settings import REST_FRAMEWORK, STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Thousands of requests from one address in seconds: the throttles would answer 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        scope: "1000000/second" for scope in REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}) or {}
    },
}

# Static files come from the finders (no collectstatic for a benchmark): no STATIC_ROOT needed.
warnings.filterwarnings("ignore", message="No directory at")
