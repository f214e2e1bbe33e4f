"""Settings for the load test only: production settings on a plain-HTTP loopback.

DJANGO_DEBUG off (no query log, no browsable API), with plain static files so no collectstatic
is needed, and cookies that work without HTTPS. The throttle rates come from the environment
the runner sets (generous, so the throttles do not turn load into 429s). Never used by the
platform itself.
"""

import os
import secrets

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from network.settings import *  # noqa: E402, F403
from network.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
