"""Fixtures shared by the whole suite."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient


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
