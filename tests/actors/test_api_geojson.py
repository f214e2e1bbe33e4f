"""The open-data map layer: GET /api/v1/actors/?format=geojson (or Accept: application/geo+json)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.api import geojson
from actors.choices import ActorKind, Channel
from tests.factories import (
    ActorFactory,
    OfferFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/actors/?format=geojson"


@pytest.fixture
def potatoes():
    return ProductCategoryFactory(
        slug="t-aardappelen", name_nl="Aardappelen", name_fr="Pommes de terre"
    )


@pytest.fixture
def layer(actor, municipality, owner, potatoes):
    """The owner's listed, consenting farm; a listed but non-consenting one; an unlisted one."""
    actor.latitude, actor.longitude = 51.06, 3.71
    actor.save()
    OfferFactory(actor=actor, category=potatoes)
    OfferFactory(actor=actor, category=potatoes)
    SalesPointFactory(actor=actor, channel=Channel.FARMERS_MARKET)
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP)
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP)
    ActorFactory(
        slug="no-consent",
        municipality=municipality,
        is_public=True,
        open_data_consent=False,
        owner=owner,
    )
    ActorFactory(
        slug="unlisted",
        municipality=municipality,
        is_public=False,
        open_data_consent=True,
        owner=owner,
    )
    return actor


def test_geojson_is_a_feature_collection_of_open_data_actors(client_as, layer):
    response = client_as().get(GEOJSON)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == body["numberReturned"] == 1
    assert body["limit"] == geojson.GEOJSON_MAX_FEATURES
    [feature] = body["features"]
    assert feature == {
        "type": "Feature",
        "id": "hoeve-de-kouter",
        "geometry": {"type": "Point", "coordinates": [3.71, 51.06]},
        "properties": {
            "slug": "hoeve-de-kouter",
            "name": "Hoeve De Kouter",
            "kind": "farmer",
            "municipality": "Gent",
            "products": [{"slug": "t-aardappelen", "name": "Aardappelen"}],
            "channels": ["farm_shop", "farmers_market"],
            "url": "http://testserver" + layer.get_absolute_url(),
        },
    }


def test_accept_header_chooses_geojson(client_as, layer):
    response = client_as().get("/api/v1/actors/", HTTP_ACCEPT="application/geo+json")

    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["type"] == "FeatureCollection"


def test_plain_json_stays_the_default(client_as, layer):
    response = client_as().get("/api/v1/actors/")

    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()


@pytest.mark.parametrize("who", ["anonymous", "owner", "staff"])
def test_only_listed_and_consenting_actors_even_for_their_manager_or_staff(
    client_as, people, layer, who
):
    # The layer is open data: who asks makes no difference.
    body = client_as(people[who]).get(GEOJSON).json()

    assert [feature["id"] for feature in body["features"]] == ["hoeve-de-kouter"]


def test_geojson_takes_the_directory_filters(client_as, layer, municipality):
    ActorFactory(
        slug="kaasmakerij",
        name="Kaasmakerij",
        kind=ActorKind.PROCESSOR,
        municipality=municipality,
        latitude=51.2,
        longitude=3.71,
    )
    client = client_as()

    def ids(query):
        return [feature["id"] for feature in client.get(GEOJSON + query).json()["features"]]

    assert ids("") == ["hoeve-de-kouter", "kaasmakerij"]
    assert ids("&kind=processor") == ["kaasmakerij"]
    assert ids("&product=t-aardappelen") == ["hoeve-de-kouter"]
    assert ids("&channel=farm_shop") == ["hoeve-de-kouter"]
    assert ids("&near=51.06,3.71&radius_km=5") == ["hoeve-de-kouter"]


def test_geojson_with_a_place_has_distances(client_as, layer):
    body = client_as().get(GEOJSON + "&near=51.05,3.71&radius_km=10").json()

    assert body["features"][0]["properties"]["distance_km"] == pytest.approx(1.1, abs=0.05)


def test_names_in_the_language_of_the_request(client_as, layer):
    body = client_as().get(GEOJSON, HTTP_ACCEPT_LANGUAGE="fr").json()

    properties = body["features"][0]["properties"]
    assert properties["municipality"] == "Gand"
    assert properties["products"] == [{"slug": "t-aardappelen", "name": "Pommes de terre"}]


def test_geojson_is_capped_and_says_how_many_matched(client_as, municipality, monkeypatch):
    monkeypatch.setattr(geojson, "GEOJSON_MAX_FEATURES", 3)
    for index in range(5):
        ActorFactory(slug=f"farm-{index}", municipality=municipality)

    body = client_as().get(GEOJSON).json()

    assert body["numberMatched"] == 5
    assert body["numberReturned"] == len(body["features"]) == 3
    assert body["limit"] == 3


def test_geojson_has_no_user_data(client_as, layer, owner, editor):
    content = client_as().get(GEOJSON).content.decode()

    assert owner.email not in content
    assert editor.email not in content


def test_geojson_is_not_offered_for_one_actor(client_as, layer):
    response = client_as().get("/api/v1/actors/hoeve-de-kouter/?format=geojson")

    assert response.status_code == 404


def test_geojson_runs_a_fixed_number_of_queries(client_as, municipality, potatoes):
    def add(count, start):
        for index in range(start, start + count):
            farm = ActorFactory(
                slug=f"farm-{index}", municipality=municipality, owner=UserFactory()
            )
            OfferFactory(actor=farm, category=potatoes)
            OfferFactory(actor=farm, category=ProductCategoryFactory())
            SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP)

    client = client_as()
    url = GEOJSON + "&product=t-aardappelen&near=51.05,3.72&radius_km=20"
    add(3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["features"]) == 3
    add(40, 3)

    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["features"]) == 43

    assert len(many) == len(few)
