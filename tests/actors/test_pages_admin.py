"""The admin of the actors app opens for staff: lists with search and filters, and the inlines."""

import pytest
from django.urls import reverse

from actors.models import ActorInvitation
from tests.factories import (
    ActorFactory,
    NeedFactory,
    OfferFactory,
    OpeningHoursFactory,
    SalesPointFactory,
    UserFactory,
)


@pytest.fixture
def admin_client_(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def farm(db):
    owner = UserFactory()
    farm = ActorFactory(name="Hoeve De Kouter", slug="hoeve-de-kouter", owner=owner)
    OpeningHoursFactory(sales_point=SalesPointFactory(actor=farm))
    OfferFactory(actor=farm)
    NeedFactory(actor=farm)
    ActorInvitation.objects.create(actor=farm, email="nieuw@example.org", invited_by=owner)
    return farm


@pytest.mark.parametrize(
    "model", ["actor", "salespoint", "offer", "need", "productcategory", "label", "actorinvitation"]
)
def test_admin_lists_open_with_search_for_staff(admin_client_, farm, model):
    response = admin_client_.get(reverse(f"admin:actors_{model}_changelist") + "?q=kouter")

    assert response.status_code == 200


def test_admin_actor_page_shows_sales_points_offers_needs_and_managers_inline(admin_client_, farm):
    response = admin_client_.get(reverse("admin:actors_actor_change", args=[farm.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for prefix in ("sales_points", "offers", "needs", "managers", "actor_labels"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html


def test_admin_sales_point_page_shows_its_hours_inline(admin_client_, farm):
    point = farm.sales_points.get()

    response = admin_client_.get(reverse("admin:actors_salespoint_change", args=[point.pk]))

    assert 'name="opening_hours-TOTAL_FORMS"' in response.content.decode()


def test_admin_never_shows_an_invitation_token(admin_client_, farm):
    invitation = farm.invitations.get()

    response = admin_client_.get(
        reverse("admin:actors_actorinvitation_change", args=[invitation.pk])
    )

    assert invitation.token not in response.content.decode()


def test_admin_actor_list_filters_by_kind_and_listing(admin_client_, farm):
    response = admin_client_.get(
        reverse("admin:actors_actor_changelist") + "?kind__exact=farmer&is_public__exact=1"
    )

    assert "Hoeve De Kouter" in response.content.decode()
