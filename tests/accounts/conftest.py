"""Fixtures for the accounts tests: people and their API tokens, made through our services."""

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create

PASSWORD = "pw-Lies-2026!"


@pytest.fixture
def api_client():
    """The API has no language prefix; it answers in the language the client asks for."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user(email="jan@example.org", password="pw-Jan-2026!")


@pytest.fixture
def make_token():
    """Issue a token through the real service; returns (token row, raw token)."""

    def make(user, name="farm shop till"):
        return api_token_create(user=user, name=name)

    return make


@pytest.fixture
def token_client(api_client):
    """An API client that authenticates with a given raw token, as a client application would."""

    def authenticate(raw):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return api_client

    return authenticate
