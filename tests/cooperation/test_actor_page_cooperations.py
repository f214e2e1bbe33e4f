"""An actor's page lists the cooperations it takes part in, as the public may see them."""

import pytest
from django.urls import reverse

from cooperation.choices import MembershipStatus
from cooperation.models import Membership
from tests.cooperation.conftest import add_member

pytestmark = pytest.mark.django_db


def actor_page(client, actor):
    return client.get(reverse("actors:actor_detail", kwargs={"slug": actor.slug}))


def test_actor_page_lists_its_active_cooperations_with_form(client, cooperation, farm):
    add_member(cooperation, farm)

    html = actor_page(client, farm).content.decode()

    assert "Boerencoöperatie Leiestreek" in html
    assert reverse("cooperation:detail", kwargs={"slug": cooperation.slug}) in html


def test_requested_membership_is_not_shown_on_the_actor_page(client, cooperation, farm):
    Membership.objects.create(
        cooperation=cooperation, actor=farm, role="producer", status=MembershipStatus.REQUESTED
    )

    assert "Boerencoöperatie Leiestreek" not in actor_page(client, farm).content.decode()


def test_a_non_public_cooperation_is_hidden_from_the_public(client, cooperation, farm):
    add_member(cooperation, farm)
    cooperation.is_public = False
    cooperation.save(update_fields=["is_public"])

    assert "Boerencoöperatie Leiestreek" not in actor_page(client, farm).content.decode()


def test_a_non_public_cooperation_is_shown_to_the_managers_of_its_members(
    client, cooperation, farm, farmer
):
    add_member(cooperation, farm)
    cooperation.is_public = False
    cooperation.save(update_fields=["is_public"])
    client.force_login(farmer)

    assert "Boerencoöperatie Leiestreek" in actor_page(client, farm).content.decode()
