"""The cooperation pages draw their places on a map, in a real browser, without map tiles."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from cooperation.choices import FormSlug, MemberRole, MembershipStatus
from cooperation.models import CooperationForm, Membership
from cooperation.services import cooperation_create
from tests.factories import ActorFactory, MunicipalityFactory, SalesPointFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def cooperation_with_shops(db):
    # Browser tests flush the database between tests, migration data included: reload the forms.
    importlib.import_module("cooperation.migrations.0002_load_cooperation_forms").load_forms(
        apps, None
    )
    gent = MunicipalityFactory(name_nl="Gent", latitude=51.0543, longitude=3.7174)
    coordinator = UserFactory()
    initiator = ActorFactory(name="Hoeve De Kouter", owner=coordinator, municipality=gent)
    member = ActorFactory(
        name="Tuinderij Ter Meulen", municipality=gent, latitude=51.08, longitude=3.70
    )
    cooperation = cooperation_create(
        user=coordinator,
        initiator=initiator,
        form=CooperationForm.objects.get(slug=FormSlug.FARMERS_COOPERATIVE),
        name="Boerencoöperatie Leiestreek",
        municipalities=[gent],
        status="active",
    )
    Membership.objects.create(
        cooperation=cooperation,
        actor=member,
        role=MemberRole.PRODUCER,
        status=MembershipStatus.ACTIVE,
    )
    SalesPointFactory(actor=initiator)
    SalesPointFactory(actor=member, latitude=51.08, longitude=3.70)
    return cooperation


def test_cooperation_page_shows_its_sales_points_on_the_map(
    page, live_server, cooperation_with_shops
):
    with translation.override("nl"):
        path = reverse("cooperation:detail", kwargs={"slug": cooperation_with_shops.slug})

    page.goto(live_server.url + path)

    expect(page.locator(".coop-map .leaflet-marker-icon")).to_have_count(2)


def test_cooperation_list_shows_each_cooperation_on_the_map(
    page, live_server, cooperation_with_shops
):
    with translation.override("nl"):
        path = reverse("cooperation:list")

    page.goto(live_server.url + path)

    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
