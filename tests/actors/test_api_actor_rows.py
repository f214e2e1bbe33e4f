"""The directory row is written by hand (ActorSerializer.to_representation) for speed: it must
say exactly what DRF's generic field-by-field loop says for the declared fields, for every
shape an actor can take, in each language, and through the API."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.choices import ActorKind, Channel, KitchenType
from actors.models import ActorLabel
from actors.selectors import (
    actor_detail_visible_to,
    actor_list_visible_to,
    attach_row_details,
)
from tests.factories import (
    ActorFactory,
    LabelFactory,
    OfferFactory,
    ProductCategoryFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db

# The smallest valid GIF: an ImageField accepts it as a photo.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture
def varied_actors(municipality, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vegetables = ProductCategoryFactory(slug="r-groenten", name_nl="Groenten", name_en="Veg")
    eggs = ProductCategoryFactory(slug="r-eieren", name_nl="Eieren", name_fr="Œufs")
    organic = LabelFactory(slug="r-bio", name_nl="Bio", name_fr="Bio", name_en="Organic")
    full = ActorFactory(
        name="Hoeve Rijk",
        municipality=municipality,
        description="Alles: foto, labels, producten, kanalen.",
        phone="+32 9 123 45 67",
        website="https://rijk.example.org",
        kbo_number="0123456749",
        founded_year=1987,
        photo=SimpleUploadedFile("rijk.gif", GIF, content_type="image/gif"),
        open_data_consent=True,
    )
    OfferFactory(actor=full, category=vegetables)
    OfferFactory(actor=full, category=vegetables)  # the same product twice: listed once
    OfferFactory(actor=full, category=eggs)
    OfferFactory(actor=full, category=eggs, is_active=False)
    SalesPointFactory(actor=full, channel=Channel.VENDING_MACHINE)
    SalesPointFactory(actor=full, channel=Channel.FARM_SHOP)
    SalesPointFactory(actor=full, channel=Channel.FARMERS_MARKET, is_active=False)
    ActorLabel.objects.create(actor=full, label=organic, certifier="Certisys")
    bare = ActorFactory(name="Kaal", municipality=municipality, description="", website="")
    kitchen = ActorFactory(
        name="Schoolkeuken",
        kind=ActorKind.KITCHEN,
        kitchen_type=KitchenType.SCHOOL,
        municipality=municipality,
    )
    return [full, bare, kitchen]


def generic(serializer, actor):
    """What DRF's own loop over the declared fields answers."""
    return serializers.ModelSerializer.to_representation(serializer, actor)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("with_request", [True, False])
def test_the_hand_written_row_equals_the_declared_fields(varied_actors, language, with_request):
    request = APIRequestFactory().get("/api/v1/actors/") if with_request else None
    queryset = actor_detail_visible_to(None).with_distance(51.05, 3.72).order_by("name")
    with translation.override(language):
        serializer = ActorSerializer(context={"request": request})
        rows = [(serializer.to_representation(a), generic(serializer, a)) for a in queryset]
    assert len(rows) == 3
    for fast, slow in rows:
        assert fast == slow
        assert list(fast) == list(slow)  # the same order of keys as documented
    full = rows[0][0] if rows[0][0]["name"] == "Hoeve Rijk" else rows[1][0]
    assert full["photo"].endswith(".gif")
    assert [p["slug"] for p in full["products"]] == ["r-groenten", "r-eieren"]
    assert full["channels"] == [Channel.FARM_SHOP, Channel.VENDING_MACHINE]
    assert full["labels"][0]["certifier"] == "Certisys"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_rows_from_plain_values_equal_rows_from_the_prefetch(varied_actors, language):
    """The API list reads products, channels and labels as values (attach_row_details), the
    detail from prefetched instances: the same row either way."""
    serializer = ActorSerializer(context={"request": None})
    with translation.override(language):
        prefetched = [serializer.to_representation(a) for a in actor_detail_visible_to(None)]
        plain = attach_row_details(list(actor_list_visible_to(None)))
        assert [serializer.to_representation(a) for a in plain] == prefetched
    assert any(row["labels"] and row["products"] and row["channels"] for row in prefetched)


def test_row_details_take_three_queries_whatever_the_number_of_actors(
    varied_actors, django_assert_num_queries
):
    actors = list(actor_list_visible_to(None))
    with django_assert_num_queries(3):
        attach_row_details(actors)
    with django_assert_num_queries(0):
        attach_row_details([])


def test_without_a_place_the_distance_is_null(varied_actors):
    serializer = ActorSerializer(context={"request": None})
    for actor in actor_detail_visible_to(None):
        row = serializer.to_representation(actor)
        assert row["distance_km"] is None
        assert row == generic(serializer, actor)


def test_the_detail_adds_its_sales_points_offers_and_needs(varied_actors):
    serializer = ActorDetailSerializer(context={"request": None})
    for actor in actor_detail_visible_to(None):
        row = serializer.to_representation(actor)
        assert row == generic(serializer, actor)
        assert list(row)[-3:] == ["sales_points", "offers", "needs"]


def test_the_api_list_answers_the_hand_written_rows(varied_actors, client_as):
    answer = client_as().get("/api/v1/actors/", {"near": "51.05,3.72", "radius_km": 30})
    assert answer.status_code == 200
    rows = {row["name"]: row for row in answer.json()["results"]}
    assert set(rows) == {"Hoeve Rijk", "Kaal", "Schoolkeuken"}
    assert rows["Schoolkeuken"]["kind"] == ActorKind.KITCHEN
    assert rows["Hoeve Rijk"]["photo"].startswith("http://testserver/")
    assert rows["Kaal"]["labels"] == [] and rows["Kaal"]["products"] == []
    assert isinstance(rows["Kaal"]["distance_km"], float)
    updated = datetime.datetime.fromisoformat(rows["Kaal"]["updated"])
    assert updated.tzinfo is not None
