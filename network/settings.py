"""Settings for Ketenwerk, read from the environment.

With nothing configured the platform runs embedded: SQLite, a local-memory cache and Celery
tasks run eagerly, so `make run` works on a fresh machine. The real stack (PostgreSQL, Redis,
a Celery worker and beat) is switched on by `DATABASE_URL` and `REDIS_URL`. Every variable is
listed in `.env.example` and in the README.

A configuration mistake stops start-up with one line that says what to fix (see
`network.config`), never with a traceback or a silently unsafe default.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from network.config import (
    env,
    env_bool,
    env_database,
    env_email,
    env_list,
    env_secret_key,
    map_tiles_origin,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env_secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("KETENWERK_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "simple_history",
    # Ketenwerk, in the order their dependencies point
    "network",
    "accounts",
    "actors",
    "cooperation",
    "municipality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the history of actors, cooperations and support actions.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"
ASGI_APPLICATION = "network.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.site",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {"default": env_database("DATABASE_URL", default_path=BASE_DIR / "db.sqlite3")}

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Fail-safe: with Redis down, cache reads miss and writes are dropped, so pages
            # and the API keep answering (network/cache.py). Short timeouts bound the wait.
            "BACKEND": "network.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": "ketenwerk",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ketenwerk",
        }
    }

# Cached answers of public read endpoints (network/response_cache.py): the directory API for
# anonymous visitors, invalidated on every change of its data. 0 switches it off. With the
# local-memory cache it is off unless API_RESPONSE_CACHE_PER_PROCESS says the process is alone
# (several workers would not see each other's invalidations).
API_RESPONSE_CACHE_SECONDS = env.int("KETENWERK_API_CACHE_SECONDS", default=300)
API_RESPONSE_CACHE_PER_PROCESS = env_bool("KETENWERK_API_CACHE_PER_PROCESS", default=False)

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "network:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages --------------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet comes from the django-leaflet package's static files. Only its files: registering the
# app would import GeoDjango, which needs the GDAL system library we do not otherwise use.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    Path(importlib.util.find_spec("leaflet").origin).parent / "static",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Map tiles are the one outside dependency of the pages: a setting, so a region can point at
# its own tile server. Markers and lists keep working when tiles cannot load.
MAP_TILES_URL = env(
    "KETENWERK_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILES_ATTRIBUTION = env(
    "KETENWERK_MAP_TILES_ATTRIBUTION", default="© OpenStreetMap contributors"
)

# Survey results are shown only for groups of at least this many answers (municipality app).
SURVEY_MIN_GROUP_SIZE = env.int("KETENWERK_SURVEY_MIN_GROUP_SIZE", default=5)

# CSV imports (network/imports.py): larger uploads are refused with a message.
KETENWERK_IMPORT_MAX_BYTES = env.int("KETENWERK_IMPORT_MAX_MB", default=5) * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------

vars().update(env_email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Ketenwerk <noreply@ketenwerk.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "network.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # drf-spectacular's, plus the error answers every operation can give (network.api.schema).
    "DEFAULT_SCHEMA_CLASS": "network.api.schema.AutoSchema",
    # A service's Django ValidationError answers 400 with field messages, never 500.
    "EXCEPTION_HANDLER": "network.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenwerk API",
    "DESCRIPTION": (
        "Read and write the regional short-chain food network: actors, what they offer and "
        "need, cooperations, and municipal support. Public reads need no account; writes need "
        "a token (`Authorization: Token <key>`) created on your account page."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` (and `channel`/`channels` share one set): name each set.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.choices.ActorKind",
        "NeedKindEnum": "actors.choices.NeedKind",
        "LabelKindEnum": "actors.choices.LabelKind",
        "ChannelEnum": "actors.choices.Channel",
        "CooperationStatusEnum": "cooperation.choices.CooperationStatus",
        "MembershipStatusEnum": "cooperation.choices.MembershipStatus",
        "PartnershipStatusEnum": "cooperation.choices.PartnershipStatus",
        "PrincipleStatusEnum": "cooperation.choices.PrincipleStatus",
        "SupportActionStatusEnum": "municipality.choices.SupportActionStatus",
        "OutcomeKindEnum": "municipality.choices.OutcomeKind",
    },
}

# API tokens: stored hashed, expiring, one per named client application (see accounts.models).
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 — a model name, not a secret
# knox's own migrations create its default token table even when the model is swapped, and
# that orphan table's foreign key to users breaks flushing the database; with no migrations
# Django creates no table for a swapped-out model.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("KETENWERK_TOKEN_TTL_DAYS", default=90)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the tasks run in the web process, so the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A crashed worker must not lose a task: acknowledge late, re-queue on a lost worker, and let
# Redis hand an unacknowledged task back within about a minute (STACK.md, measured here).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A task whose worker died unacknowledged is handed out again once it is visibility_timeout
# old; the worker looks for such tasks every 5 s (kombu's default is about every 100 s, which
# would make "about a minute" nearly three). Tasks must finish well within the timeout or they
# are handed out a second time while still running. Overridable so the worker-crash tests see
# a lost task return in seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("KETENWERK_CELERY_VISIBILITY_TIMEOUT", default=60),
    "unacked_restore_interval": 5,
    "unacked_restore_throttle": 1,
}
# Exactly one beat: it sends, every minute, the outbox mails that were not sent right after
# their action committed (Redis down at that moment, worker lost): network/outbox.py.
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {"task": "network.tasks.flush_outbox", "schedule": 60.0},
    "purge-login-records": {"task": "network.tasks.purge_login_records", "schedule": 86400.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Security ---------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /health/ answers the load balancer over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Content-Security-Policy (django-csp 4): our pages need no inline script or style, so a
# script or style injected into a page does not run. Map tiles are the one outside source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", map_tiles_origin(MAP_TILES_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# API throttles, counted in the default cache (Redis in production, shared by every worker).
# The classes read the rates at request time, so a test or an operator can change them.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "network.api.throttling.AnonRateThrottle",
    "network.api.throttling.UserRateThrottle",
]
# Reverse proxies in front of the app that append to X-Forwarded-For (network/client_ip.py):
# throttles, log-in lockouts and reset limits then count the visitor, not the proxy.
TRUSTED_PROXY_COUNT = env.int("KETENWERK_TRUSTED_PROXIES", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT or None
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env("KETENWERK_API_THROTTLE_ANON", default="120/minute"),
    "user": env("KETENWERK_API_THROTTLE_USER", default="600/minute"),
}

# Log-in brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair waits for the cool-off. Locking on the pair, not the account
# alone, keeps a stranger from locking a person out of their own account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("KETENWERK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("KETENWERK_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The log-in forms (ours and the admin's) send the e-mail address as "username"; axes would
# otherwise look for the model's USERNAME_FIELD ("email") and count failures for nobody.
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "network.client_ip.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_VERBOSE = False
# Days the log of log-ins and failures (addresses, browsers) is kept; purged daily (beat).
LOGIN_RECORDS_DAYS = env.int("KETENWERK_LOGIN_RECORDS_DAYS", default=30)
# Password-reset mails, per e-mail address and per client address, in fixed one-hour windows.
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("KETENWERK_PASSWORD_RESET_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_IP = env.int("KETENWERK_PASSWORD_RESET_PER_IP", default=10)
PASSWORD_RESET_LIMIT_WINDOW = timedelta(hours=1)

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # django-axes logs every successful log-in at INFO; lockouts and failures are warnings.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
