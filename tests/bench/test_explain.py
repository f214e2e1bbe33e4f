"""EXPLAIN of the directory and the partner finder on PostgreSQL: index scans, no full scans.

The rows come from the benchmark's own generator (bench.dataset, a few thousand actors with
their offers and sales points), so the planner makes its real choice on a realistic spread of
data instead of being talked into an index with `enable_seqscan = off`. The data is committed
and vacuumed, as autovacuum leaves a production database, so the visibility map is set (hence
transactional tests, with the migrations' data restored afterwards). The plans are run
(EXPLAIN ANALYZE) and only the nodes that executed count: the partner finder's wide ring is
planned but skipped at run time when the close ring already holds enough candidates.
"""

import re

import pytest
from django.test import RequestFactory

from actors.filters import ActorFilterSet
from actors.models import Actor
from actors.selectors import actor_list_visible_to
from bench.dataset import generate
from cooperation.choices import MembershipStatus
from cooperation.matching import CANDIDATE_LIMIT, nearest
from cooperation.models import Membership
from tests.bench.conftest import restore_migration_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULL_SCANS = re.compile(r"Seq Scan on (actors_actor|actors_salespoint|actors_offer)\b")
ACTOR_BY_INDEX = re.compile(
    r"Bitmap Index Scan on actor_latlon|Index Scan using actors_actor_pkey on actors_actor"
)
DIRECTORY_QUERIES = [
    {"near": "51.0543,3.7174", "radius_km": "15", "product": "groenten", "channel": "farm_shop"},
    {"near": "50.9300,5.3300", "radius_km": "15", "product": "aardappelen"},
    {"near": "51.2194,4.4025", "radius_km": "15", "channel": "farmers_market"},
]


@pytest.fixture
def flanders():
    restore_migration_data()
    result = generate(fraction=0.08)
    assert result.counts["actors"] > 3000
    assert result.counts["offers"] > 15000
    return result


def executed_plan(queryset) -> str:
    plan = queryset.explain(analyze=True)
    return "\n".join(line for line in plan.splitlines() if "never executed" not in line)


def directory_queryset(query: dict):
    request = RequestFactory().get("/api/v1/actors/", query)
    filterset = ActorFilterSet(query, queryset=actor_list_visible_to(None), request=request)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def test_the_directory_query_and_its_count_use_indexes(flanders):
    for query in DIRECTORY_QUERIES:
        queryset = directory_queryset(query)

        page_plan = executed_plan(queryset[:20])
        count_plan = executed_plan(queryset.order_by())

        for plan in (page_plan, count_plan):
            assert not FULL_SCANS.search(plan), (query, plan)
            # Either the location index, or (a rare product) the offers' category index
            # leading to actors by primary key.
            assert ACTOR_BY_INDEX.search(plan), (query, plan)


def test_the_partner_finder_uses_the_location_index_and_finds_the_nearest(flanders):
    farmer = Actor.objects.filter(kind="farmer", is_public=True).order_by("pk").first()
    co_members = Membership.objects.filter(
        cooperation__memberships__actor=farmer, status=MembershipStatus.ACTIVE
    ).values("actor_id")
    candidates = Actor.objects.listed().exclude(pk=farmer.pk).exclude(pk__in=co_members)

    plan = executed_plan(nearest(candidates, farmer.latitude, farmer.longitude, 50, 250))

    assert not FULL_SCANS.search(plan), plan
    assert "actor_latlon" in plan, plan
    # The two-ring query returns what ordering everything within the radius returns: in a
    # town, on the coast, and in the Limburg countryside.
    for lat, lon in ((51.0543, 3.7174), (51.30, 2.90), (50.93, 5.33)):
        everything = Actor.objects.listed().near(lat, lon, 50).order_by("distance_km", "pk")
        expected = list(everything.values_list("pk", flat=True)[:CANDIDATE_LIMIT])

        found = [row.pk for row in nearest(Actor.objects.listed(), lat, lon, 50, CANDIDATE_LIMIT)]

        assert found == expected
