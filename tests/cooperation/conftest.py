"""Fixtures of the cooperation tests: actors with managers, and cooperations set up through
the real services."""

import importlib

import pytest
from rest_framework.test import APIClient

from cooperation.choices import FormSlug, MemberRole, MembershipStatus
from cooperation.models import CooperationForm, Membership
from cooperation.services import cooperation_create
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def api_client():
    """An API client that asks for English, so messages compare with the msgids."""
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def forms(db):
    """The seven forms, as loaded by the data migration.

    Loaded again (an idempotent upsert) because a transactional test that ran earlier, such as
    a browser journey, flushes the tables, migration data included.
    """
    from django.apps import apps

    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)
    return {form.slug: form for form in CooperationForm.objects.all()}


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name_nl="Gent", latitude=51.0543, longitude=3.7174)


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org")


@pytest.fixture
def coordinator_farm(coordinator, municipality):
    return ActorFactory(name="Hoeve De Kouter", owner=coordinator, municipality=municipality)


@pytest.fixture
def farmer(db):
    return UserFactory(email="farmer@example.org")


@pytest.fixture
def farm(farmer, municipality):
    return ActorFactory(name="Hoeve Het Veld", owner=farmer, municipality=municipality)


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.org")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.fixture
def cooperation(forms, coordinator, coordinator_farm, municipality):
    return cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Boerencoöperatie Leiestreek",
        municipalities=[municipality],
        status="active",
    )


def add_member(cooperation, actor, role=MemberRole.PRODUCER):
    """An active member without the request dance, for tests about something else."""
    return Membership.objects.create(
        cooperation=cooperation, actor=actor, role=role, status=MembershipStatus.ACTIVE
    )
