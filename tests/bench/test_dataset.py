"""The Flanders dataset of the benchmark: its sizes, its spread, and that it runs once."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from actors.models import Actor, Offer, OpeningHours, SalesPoint
from bench.dataset import SIZES, TARGET_MUNICIPALITIES, generate
from cooperation.models import Cooperation, Membership, PartnershipRequest
from municipality.models import SupportAction
from network.models import Municipality
from tests.bench.conftest import restore_migration_data


@pytest.mark.parametrize("fraction", ["0", "1.5", "-1"])
def test_seed_demo_refuses_a_flanders_fraction_outside_0_to_1(db, fraction):
    with pytest.raises(CommandError, match="fraction"):
        call_command("seed_demo", f"--flanders={fraction}", verbosity=0)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_dataset_has_the_issue_proportions_clustered_in_towns_and_is_written_once():
    restore_migration_data()

    result = generate(fraction=0.02)
    again = generate(fraction=0.02)

    assert again.skipped and not again.counts
    assert Municipality.objects.count() == TARGET_MUNICIPALITIES
    synthetic = Municipality.objects.filter(nis_code__startswith="99")
    assert synthetic.count() == TARGET_MUNICIPALITIES - 149  # the built-in 149 are real
    assert all(m.name_nl.startswith("Benchmarkgemeente") for m in synthetic)
    by_kind = dict(Actor.objects.values_list("kind").annotate(n=Count("pk")))
    assert by_kind == {kind: round(SIZES[kind] * 0.02) for kind in by_kind}
    assert SalesPoint.objects.count() == round(SIZES["sales_points"] * 0.02)
    assert OpeningHours.objects.count() > SalesPoint.objects.count()
    assert Offer.objects.count() == round(SIZES["offers"] * 0.02)
    assert Cooperation.objects.count() == round(SIZES["cooperations"] * 0.02)
    # About ten members each, drawn from the town and its neighbours (fewer in a small place).
    assert 0.85 < Membership.objects.count() / round(SIZES["memberships"] * 0.02) <= 1
    assert PartnershipRequest.objects.count() == round(SIZES["partnership_requests"] * 0.02)
    assert SupportAction.objects.count() == round(SIZES["support_actions"] * 0.02)
    assert result.counts["users"] == round(SIZES["users"] * 0.02)
    # Clustered: every actor lies within 15 km of its municipality's centre.
    for actor in Actor.objects.select_related("municipality")[:500]:
        town = actor.municipality
        assert abs(actor.latitude - town.latitude) < 0.14
        assert abs(actor.longitude - town.longitude) < 0.22
    # The identity sequences moved past the copied ids: the ORM can add rows.
    Actor.objects.create(
        kind="farmer",
        name="Nieuw",
        slug="nieuw",
        municipality=Municipality.objects.first(),
        latitude=51,
        longitude=3.7,
    )
