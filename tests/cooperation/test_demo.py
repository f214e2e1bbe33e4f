"""The cooperation demo step: seven forms, members, a chain, requests; a second run is a no-op."""

import pytest

from actors import demo as actors_demo
from cooperation import demo
from cooperation.choices import FormSlug
from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    Membership,
    PartnershipRequest,
)
from cooperation.scorecard import scorecard_for
from network.services import ensure_builtin_geography


@pytest.fixture
def demo_actors(forms):
    ensure_builtin_geography()
    actors_demo.seed()


def test_the_demo_has_one_cooperation_of_each_form_and_is_idempotent(demo_actors):
    result = demo.seed()

    assert result.counts["cooperations"] == 7
    assert sorted(Cooperation.objects.values_list("form__slug", flat=True)) == sorted(FormSlug.ALL)
    coop = Cooperation.objects.get(slug="boerencooperatie-leiestreek")
    assert Membership.objects.filter(cooperation=coop, status="active").count() == 6
    chain = Cooperation.objects.get(form__slug=FormSlug.FIELD_TO_FORK)
    assert list(
        ChainLink.objects.filter(cooperation=chain).values_list("step_kind", flat=True)
    ) == [
        "farm",
        "kitchen",
        "consumer",
    ]
    assert ConsumerMembership.objects.count() == 1
    assert PartnershipRequest.objects.count() == 3
    card = scorecard_for(chain)
    assert card.principles[1].score == 100  # one intermediary: the school kitchen

    counts = (
        Cooperation.objects.count(),
        Membership.objects.count(),
        PartnershipRequest.objects.count(),
    )
    again = demo.seed()
    assert sum(again.counts.values()) == 0
    assert counts == (
        Cooperation.objects.count(),
        Membership.objects.count(),
        PartnershipRequest.objects.count(),
    )


def test_the_demo_is_skipped_with_a_note_without_demo_actors(forms):
    result = demo.seed()
    assert Cooperation.objects.count() == 0
    assert result.notes[0].startswith("Cooperation demo skipped")
