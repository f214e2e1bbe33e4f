"""A response cache for public read endpoints, invalidated by a version per namespace.

The directory (`/api/v1/actors/`) costs the database 5–25 ms per request; the same few hundred
searches (a town, a product, a channel) come back again and again. `cache_public_response`
stores the rendered answer of a DRF view's `list` in Django's default cache and serves it
again until anything the answer shows or filters on changes.

What is cached — only answers that are the same for every visitor:

- GET, anonymous (no session user, no token: managers and staff see unlisted actors), status
  200, rendered as JSON or GeoJSON (never the browsable API, which shows a form per user);
- not when a parameter makes the answer depend on the clock (`open_now`: the directory's only
  one; `open_on` names a weekday and is as stable as the data);
- errors (a 400 on a bad filter) never: they are cheap and rare.

The key: namespace, the namespace's current version, the database's name (two sites or two
test processes may share one Redis; every process of one site must name it alike), the
active language, the accepted media type, the scheme and host (pagination links and photo
URLs are absolute), the path and the query string with its parameters sorted by name (the
order of repeated values is kept: `?page=1&page=2` means page 2). A hit answers with the
stored body, its content type and the stored headers; the view's middleware adds the rest as
for any answer (Vary, Content-Language, security headers). `X-Cache: hit|miss` tells tests
and the benchmark what happened; a request that cannot be cached gets no such header. It
says nothing about the data or about other visitors.

Invalidation: each namespace ("directory") has a version, an integer kept in the same cache.
Every write to a model the directory shows or filters on bumps it (signal receivers in
`actors.signals`; bulk writes that send no signals call `bump_after_commit` themselves), and
old entries are never read again; they expire after `API_RESPONSE_CACHE_SECONDS`.

Why a stale answer is never stored under a new version:

1. A request reads the version FIRST, then runs its queries, then stores under the version it
   read. A write bumps AFTER its transaction commits (`transaction.on_commit`).
2. So a request that read the new version started its queries after the commit: with
   autocommit or READ COMMITTED (Django's default on PostgreSQL; each statement sees what was
   committed before it began) it sees the write.
3. A request that read the old version may have computed with the old data and store it after
   the bump: under the old version, which nobody reads any more. Harmless.
4. A missing version (evicted, or never set) starts at a random number, never at 0, so a
   restart of the count cannot bring back entries stored under an earlier count.

Bumping before the commit would be wrong: a request could read the new version, still see
the old data, and store it under the new version. A write that is rolled back does not bump
(Django drops its on_commit callbacks). Writes made outside Django (psql by hand) do not
bump: their answers show after the TTL at most.

Where it is active: only where every process sees the same cache. With a per-process cache
(`LocMemCache`, the default without REDIS_URL) two gunicorn workers would not see each
other's bumps, and one would serve an answer the other has invalidated; so with LocMemCache
the cache is off unless `API_RESPONSE_CACHE_PER_PROCESS` says the process is alone (a
development server, the tests). `API_RESPONSE_CACHE_SECONDS = 0` switches it off everywhere.

Failures: a cache that cannot be read or written never fails a request. network.cache's
FailSafeRedisCache already answers "miss" while Redis is down; every cache call here is also
guarded, so any other backend error (e.g. Redis out of memory) only costs the cache. One
limit: a bump lost to a Redis outage (the write committed while Redis was unreachable) cannot
be replayed, so an answer cached before the outage may be served until its TTL runs out.
"""

import functools
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.utils import translation
from rest_framework.response import Response

logger = logging.getLogger(__name__)

DIRECTORY = "directory"

# Renderer formats whose output is the same for everyone (not the browsable API's HTML).
CACHEABLE_FORMATS = ("json", "geojson")
# Headers kept with the body when present on the rendered answer; middleware sets the rest.
STORED_HEADERS = ("Content-Language", "Vary")
HEADER = "X-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "API_RESPONSE_CACHE_SECONDS", 0) or 0)


def is_active() -> bool:
    """On when a TTL is set and the cache is shared by every process (see the docstring)."""
    if cache_seconds() <= 0:
        return False
    if isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache):
        return bool(getattr(settings, "API_RESPONSE_CACHE_PER_PROCESS", False))
    return True


def _database_tag(using: str = DEFAULT_DB_ALIAS) -> str:
    # The database's name only, not its host: a web worker and a Celery worker reaching one
    # database by two addresses must still share the version. Test databases differ by name
    # (one per xdist worker), so parallel test processes sharing one Redis never mix.
    conf = connections[using].settings_dict
    ident = f"{conf.get('ENGINE')}|{conf.get('NAME')}"
    return hashlib.sha256(ident.encode()).hexdigest()[:12]


def _version_key(namespace: str, using: str = DEFAULT_DB_ALIAS) -> str:
    return f"response-cache:{namespace}:{_database_tag(using)}:version"


def _fresh_version() -> int:
    # Random, not 0: see point 4 of the docstring.
    return secrets.randbits(48) + 1


def current_version(namespace: str) -> int | None:
    """The namespace's version, created when missing; None when the cache cannot say."""
    key = _version_key(namespace)
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh_version(), timeout=None)
        version = cache.get(key)
    return version


def bump(namespace: str = DIRECTORY, using: str = DEFAULT_DB_ALIAS) -> None:
    """Invalidate every cached answer of `namespace` now. Prefer `bump_after_commit`."""
    key = _version_key(namespace, using)
    try:
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or evicted): any new value will do
            cache.set(key, _fresh_version(), timeout=None)
    except Exception:
        logger.warning("response cache: could not bump %s", namespace, exc_info=True)


def bump_after_commit(namespace: str = DIRECTORY, using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump `namespace` once the current transaction commits (at once outside one).

    Called for every saved or deleted row. Each call costs one increment after the commit (a
    cascade deleting an actor with its offers and hours: a few dozen, well under a
    millisecond each). Not merged into one per transaction: a bump skipped because "one is
    already pending" would be lost by a test harness that runs only the later callbacks, and
    the saving is small.
    """
    transaction.on_commit(functools.partial(bump, namespace, using), using=using, robust=True)


def _cacheable(request, uncacheable_params) -> bool:
    if request.method != "GET" or not is_active():
        return False
    if request.user.is_authenticated:  # after DRF authentication: session or token
        return False
    renderer = getattr(request, "accepted_renderer", None)
    if getattr(renderer, "format", None) not in CACHEABLE_FORMATS:
        return False
    return not any(name in request.query_params for name in uncacheable_params)


def _entry_key(namespace: str, version: int, request) -> str:
    params = sorted(request.query_params.lists(), key=lambda item: item[0])
    parts = [
        translation.get_language() or "",
        request.accepted_renderer.format,
        request.accepted_media_type or "",
        request.scheme,
        request.get_host(),
        request.path,
        repr(params),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"response-cache:{namespace}:{_database_tag()}:{version}:{digest}"


def _hit(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["body"], content_type=entry["content_type"])
    for name, value in entry["headers"].items():
        response[name] = value
    response[HEADER] = "hit"
    return response


def cache_public_response(namespace: str = DIRECTORY, *, uncacheable_params=()):
    """Decorate a DRF view method (`list`) so anonymous GETs are served from the cache.

    `uncacheable_params`: query parameters whose presence makes the answer depend on
    something other than the data (the clock), so that request is computed every time.
    """

    def decorator(method):
        @functools.wraps(method)
        def wrapper(view, request, *args, **kwargs):
            if not _cacheable(request, uncacheable_params):
                return method(view, request, *args, **kwargs)
            key = None
            try:
                version = current_version(namespace)
                if version is not None:
                    key = _entry_key(namespace, version, request)
                    entry = cache.get(key)
                    if entry is not None:
                        return _hit(entry)
            except Exception:
                logger.warning("response cache: read failed", exc_info=True)
                key = None
            response = method(view, request, *args, **kwargs)
            if key is None or response.status_code != 200 or not isinstance(response, Response):
                return response
            # Render now, as APIView.finalize_response would; it then leaves the answer as is.
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = view.get_renderer_context()
            response.render()
            entry = {
                "body": response.content,
                "content_type": response["Content-Type"],
                "headers": {name: response[name] for name in STORED_HEADERS if name in response},
            }
            try:
                cache.set(key, entry, timeout=cache_seconds())
            except Exception:
                logger.warning("response cache: write failed", exc_info=True)
            response[HEADER] = "miss"
            return response

        return wrapper

    return decorator
