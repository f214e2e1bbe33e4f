"""Fixtures for the actors tests: the people around an actor, and API clients acting as them.

The permission matrix of every write needs the same five people: nobody (anonymous), a
stranger, an editor, the owner and staff. `actor` is a listed farm managed by `owner` (owner)
and `editor` (editor).
"""

import pytest
from rest_framework.test import APIClient

from actors.choices import ManagerRole
from actors.models import ActorManager, ProductCategory
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(email="owner.of.the.farm@example.org", first_name="Oona")


@pytest.fixture
def editor(db):
    return UserFactory(email="editor.of.the.farm@example.org", first_name="Eddy")


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.org")


@pytest.fixture
def staff_user(db):
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(
        nis_code="44021",
        slug="gent",
        name_nl="Gent",
        name_fr="Gand",
        postcodes="9000 9030 9031 9032",
        latitude=51.0543,
        longitude=3.7174,
    )


@pytest.fixture
def gent(municipality):
    """Gent by its name, for the tests that place actors in several municipalities."""
    return municipality


@pytest.fixture
def potatoes(db):
    """Potatoes under vegetables, created or updated: the migration may have loaded both."""
    vegetables, _ = ProductCategory.objects.update_or_create(
        slug="groenten",
        defaults={"name_nl": "Groenten", "name_fr": "Légumes", "name_en": "Vegetables"},
    )
    category, _ = ProductCategory.objects.update_or_create(
        slug="aardappelen",
        defaults={
            "name_nl": "Aardappelen",
            "name_fr": "Pommes de terre",
            "name_en": "Potatoes",
            "parent": vegetables,
        },
    )
    return category


@pytest.fixture
def actor(owner, editor, municipality):
    farm = ActorFactory(
        name="Hoeve De Kouter",
        slug="hoeve-de-kouter",
        municipality=municipality,
        email="info@dekouter.be",
        owner=owner,
    )
    ActorManager.objects.create(actor=farm, user=editor, role=ManagerRole.EDITOR)
    return farm


@pytest.fixture
def client_as():
    """An API client authenticated as `user` (None: anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def people(owner, editor, stranger, staff_user):
    """The people of the permission matrix by name, so tests can be parametrised on names."""
    return {
        "anonymous": None,
        "stranger": stranger,
        "editor": editor,
        "owner": owner,
        "staff": staff_user,
    }
