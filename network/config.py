"""Reading the environment for the settings, with one-line errors that say what to fix.

A platform that starts with a broken configuration fails later and worse (a generated secret
key logs everyone out on restart; a mistyped DATABASE_URL silently falls back). So every value
is checked here and a mistake stops start-up with `ConfigurationError`, whose message is the
whole story: which variable, what is wrong, how to fix it.
"""

from pathlib import Path

import environ

env = environ.Env()

KEY_ADVICE = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


class ConfigurationError(SystemExit):
    """Stops start-up with one line on stderr and exit status 1, without a traceback.

    A SystemExit subclass, so `manage.py`, gunicorn and celery all stop on it the same way.
    """

    def __init__(self, message: str):
        super().__init__(f"Configuration error: {message}")


def env_bool(name: str, *, default: bool) -> bool:
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean; use true or false.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = env.str(name, default="")
    if not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret_key(*, debug: bool) -> str:
    key = env.str("DJANGO_SECRET_KEY", default="")
    if key:
        if not debug and len(key) < 32:
            raise ConfigurationError(
                f"DJANGO_SECRET_KEY is too short ({len(key)} characters, need 32+); " + KEY_ADVICE
            )
        return key
    if debug:
        # Development only: a fixed, obviously unsafe key so sessions survive restarts.
        return "insecure-development-key-" + "ketenwerk" * 4
    raise ConfigurationError(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off; " + KEY_ADVICE
    )


# SQLite (the embedded default, and sqlite:/// URLs): wait for a lock rather than answer
# "database is locked" when two requests or a command overlap; and start every transaction
# as a writer (BEGIN IMMEDIATE). A deferred transaction that reads and then writes while
# another writes fails at once, whatever the timeout: schemathesis found it as a 500 on two
# concurrent membership updates.
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}


PG_SESSION_OPTIONS = "-c max_parallel_workers_per_gather=0"


def env_database(name: str, *, default_path: Path) -> dict:
    raw = env.str(name, default="").strip()
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_path),
            "OPTIONS": SQLITE_OPTIONS,
        }
    if not raw.startswith(("postgres://", "postgresql://", "sqlite:///")):
        raise ConfigurationError(
            f"{name} must look like postgresql://USER:PASSWORD@HOST:5432/NAME "
            f"(or sqlite:///PATH); got a value starting with {raw.split(':', 1)[0]!r}."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # environ raises several types for one problem: a bad URL
        raise ConfigurationError(f"{name} could not be read ({exc}).") from None
    if config.get("ENGINE", "").endswith("postgresql") and not config.get("NAME"):
        raise ConfigurationError(f"{name} names no database; end it with /DATABASE_NAME.")
    if config.get("ENGINE", "").endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    if config.get("ENGINE", "").endswith("postgresql"):
        # Keep connections across requests (a new one per request cut throughput ~5x here),
        # and check them before use so a restarted PostgreSQL is reconnected transparently.
        config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
        # No parallel query workers for the app's short reads: on a 2-core machine a worker
        # process competes with the other requests for the cores, and starting it cost more
        # than it saved (directory API p95 39 -> 25 ms, partner finder p50 56 -> 35 ms at
        # Flanders scale). A URL's own `?options=` replaces this.
        config.setdefault("OPTIONS", {}).setdefault("options", PG_SESSION_OPTIONS)
    return config


def env_email(name: str, *, default: str) -> dict:
    raw = env.str(name, default=default)
    try:
        return environ.Env.email_url_config(raw)
    except Exception as exc:  # a malformed URL, whatever environ raises for it
        raise ConfigurationError(f"{name} could not be read ({exc}).") from None


def map_tiles_origin(url: str) -> str:
    """The origin a tile URL template loads images from, for the CSP's img-src.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` becomes `https://*.tile.example.org`.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a-subdomain"))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigurationError(f"KETENWERK_MAP_TILES_URL={url!r} is not an http(s) URL template.")
    host = parts.netloc.replace("a-subdomain", "*")
    return f"{parts.scheme}://{host}"
