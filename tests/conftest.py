"""Fixtures shared by the whole suite."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(email="lies@example.org", password="pw-Lies-2026!")
