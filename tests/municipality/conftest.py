"""Fixtures of the municipality tests: Gent with an officer, a neighbour municipality, farms."""

import datetime
import importlib

import pytest
from rest_framework.test import APIClient

from actors.choices import ActorKind
from cooperation.models import CooperationForm
from municipality import services
from municipality.choices import SupportActionType
from municipality.models import OfficerRole
from network.models import Region
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def api_client():
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def forms(db):
    """The seven forms, loaded again (a browser test may have flushed migration data)."""
    from django.apps import apps

    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)
    return {form.slug: form for form in CooperationForm.objects.all()}


@pytest.fixture
def gent(db):
    return MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")


@pytest.fixture
def eeklo(db):
    return MunicipalityFactory(
        nis_code="44019", slug="eeklo", name_nl="Eeklo", latitude=51.185, longitude=3.566
    )


@pytest.fixture
def meetjesland(eeklo):
    region = Region.objects.create(
        slug="meetjesland", kind=Region.Kind.INTERMUNICIPAL, name_nl="Meetjesland"
    )
    eeklo.regions.add(region)
    return region


@pytest.fixture
def officer(gent):
    user = UserFactory(email="officer@gent.example.org")
    OfficerRole.objects.create(user=user, municipality=gent)
    return user


@pytest.fixture
def eeklo_officer(eeklo):
    user = UserFactory(email="officer@eeklo.example.org")
    OfficerRole.objects.create(user=user, municipality=eeklo)
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.org")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.fixture
def adviser(gent):
    return ActorFactory(name="Innovatiesteunpunt", kind=ActorKind.ADVISER, municipality=gent)


@pytest.fixture
def goals(officer, gent):
    return {
        g.standard_key: g for g in services.food_strategy_create(user=officer, municipality=gent)
    }


def log_action(user, municipality, **fields):
    values = {
        "action_type": SupportActionType.PROMOTION,
        "title": "Korte-ketenweek",
        "start_date": datetime.date(2026, 3, 1),
        "budget": "1500.00",
    }
    values.update(fields)
    return services.support_action_log(user=user, municipality=municipality, **values)


def log_event(user, municipality, *, capacity=10, starts_at=None, **fields):
    from django.utils import timezone

    starts_at = starts_at or timezone.make_aware(datetime.datetime(2026, 3, 10, 19, 30))
    return log_action(
        user,
        municipality,
        action_type=SupportActionType.CONNECTION_MEETING,
        title=fields.pop("title", "Boeren ontmoeten scholen"),
        start_date=starts_at.date(),
        starts_at=starts_at,
        place="Stadhuis, Botermarkt 1",
        capacity=capacity,
        **fields,
    )


@pytest.fixture
def gent_action(officer, gent):
    return log_action(officer, gent)


@pytest.fixture
def eeklo_action(eeklo_officer, eeklo):
    return log_action(eeklo_officer, eeklo, title="Hoevefeest Eeklo")
