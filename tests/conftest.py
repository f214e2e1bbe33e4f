"""Fixtures shared by the whole suite."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (real workers and threads on separate connections, which an
    in-memory SQLite test database cannot serve) are deselected, not skipped, on SQLite;
    CI runs them in its PostgreSQL pass."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(email="lies@example.org", password="pw-Lies-2026!")


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code run outside a request (services, forms, admin) speaks English in tests, so
    assertions read against the msgids; pages under /nl/ and /fr/ still speak their language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    """The cached directory answers (network.response_cache) are off outside their own tests.

    Their invalidation runs when a transaction commits, and a test's transaction never does:
    a test that reads the directory, writes and reads again would be served the first answer.
    tests/network/test_response_cache.py switches the cache on and runs the commit callbacks.
    """
    settings.API_RESPONSE_CACHE_SECONDS = 0
