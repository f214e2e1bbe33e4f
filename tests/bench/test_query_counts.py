"""The pages and endpoints the benchmark measures run as many queries for 30 rows as for 3.

Most have their own test beside their app (directory API and page, actor page, partner finder,
support-action list, dashboard, home); these cover what the benchmark asks in the exact shape
it measures: the directory API with near + 15 km + product + channel, the GeoJSON of a region,
and the cooperation page with its scorecard and members.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.choices import Channel
from cooperation.choices import FormSlug
from tests.cooperation.conftest import add_member
from tests.factories import (
    ActorFactory,
    OfferFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm caches (content types, sessions) out of the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured), response


@pytest.fixture
def vegetables(db):
    return ProductCategoryFactory(slug="t-groenten")


@pytest.fixture
def potatoes(vegetables):
    return ProductCategoryFactory(slug="t-aardappelen", parent=vegetables)


def add_farms(count, start, municipality, potatoes):
    for index in range(start, start + count):
        farm = ActorFactory(
            slug=f"farm-{index}",
            municipality=municipality,
            latitude=51.05 + index * 0.001,
            longitude=3.72,
            owner=UserFactory(),
        )
        OfferFactory(actor=farm, category=potatoes)
        OfferFactory(actor=farm, category=ProductCategoryFactory())
        SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP)
        SalesPointFactory(actor=farm, channel=Channel.FARMERS_MARKET)


def test_the_benchmarked_directory_query_is_constant_at_3_and_30_actors(
    client, municipality, potatoes
):
    url = "/api/v1/actors/?near=51.05,3.72&radius_km=15&product=t-groenten&channel=farm_shop"
    add_farms(3, 0, municipality, potatoes)
    few, response = queries(client, url)
    assert response.json()["count"] == 3

    add_farms(27, 3, municipality, potatoes)
    many, response = queries(client, url)

    assert response.json()["count"] == 30
    assert many == few


def test_the_geojson_of_a_region_is_constant_at_3_and_30_actors(client, municipality, potatoes):
    region = RegionFactory(slug="t-leiestreek")
    municipality.regions.add(region)
    url = "/api/v1/actors/?format=geojson&region=t-leiestreek"
    add_farms(3, 0, municipality, potatoes)
    few, response = queries(client, url)
    assert len(response.json()["features"]) == 3

    add_farms(27, 3, municipality, potatoes)
    many, response = queries(client, url)

    assert len(response.json()["features"]) == 30
    assert many == few


def test_the_cooperation_page_with_its_scorecard_is_constant_at_3_and_30_members(
    client, cooperation, municipality, potatoes
):
    url = reverse("cooperation:detail", args=[cooperation.slug])

    def add(count, start):
        for index in range(start, start + count):
            farm = ActorFactory(slug=f"member-{index}", municipality=municipality)
            OfferFactory(actor=farm, category=potatoes)
            SalesPointFactory(actor=farm)
            add_member(cooperation, farm)

    add(3, 0)
    few, response = queries(client, url)
    assert len(response.context["sales_points"]) == 3

    add(27, 3)
    many, response = queries(client, url)

    assert len(response.context["sales_points"]) == 30
    assert many == few
    assert cooperation.form.slug == FormSlug.FARMERS_COOPERATIVE
