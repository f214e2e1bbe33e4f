"""/api/v1/actors/: what an actor looks like, who sees it, and at what query cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.choices import ActorKind, Channel, KitchenType, NeedKind, ServiceKind
from actors.models import ActorLabel
from tests.factories import (
    ActorFactory,
    LabelFactory,
    NeedFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/actors/"


def detail(slug):
    return f"/api/v1/actors/{slug}/"


@pytest.fixture
def vegetables():
    return ProductCategoryFactory(
        slug="t-groenten", name_nl="Groenten", name_fr="Légumes", name_en="Vegetables"
    )


@pytest.fixture
def potatoes(vegetables):
    return ProductCategoryFactory(
        slug="t-aardappelen",
        parent=vegetables,
        name_nl="Aardappelen",
        name_fr="Pommes de terre",
        name_en="Potatoes",
    )


@pytest.fixture
def leeks(vegetables):
    return ProductCategoryFactory(
        slug="t-prei", parent=vegetables, name_nl="Prei", name_fr="Poireaux", name_en="Leeks"
    )


@pytest.fixture
def organic():
    return LabelFactory(slug="t-bio", kind="organic", name_nl="Biologisch", name_en="Organic")


@pytest.fixture
def furnished_actor(actor, potatoes, leeks, organic):
    """The farm with a label, offers (one repeated, one paused) and sales points."""
    actor.phone = "09 123 45 67"
    actor.website = "https://dekouter.be"
    actor.kbo_number = "0123456749"
    actor.founded_year = 1987
    actor.save()
    ActorLabel.objects.create(actor=actor, label=organic, certifier="Certisys")
    OfferFactory(actor=actor, category=potatoes)
    OfferFactory(actor=actor, category=potatoes, description="Bintje")
    OfferFactory(actor=actor, category=leeks, is_active=False)
    SalesPointFactory(actor=actor, channel=Channel.FARMERS_MARKET)
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP)
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP, name="Tweede winkel")
    SalesPointFactory(actor=actor, channel=Channel.VENDING_MACHINE, is_active=False)
    return actor


# --- Representation ---------------------------------------------------------------------------


def test_list_shows_an_actor_with_its_public_business_details(client_as, furnished_actor):
    response = client_as().get(LIST)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "hoeve-de-kouter"
    assert row["name"] == "Hoeve De Kouter"
    assert row["kind"] == "farmer"
    assert row["municipality"] == {"nis_code": "44021", "name": "Gent"}
    assert row["email"] == "info@dekouter.be"
    assert row["phone"] == "09 123 45 67"
    assert row["website"] == "https://dekouter.be"
    assert row["kbo_number"] == "0123456749"
    assert row["founded_year"] == 1987
    assert row["photo"] is None
    assert row["labels"] == [{"slug": "t-bio", "name": "Biologisch", "certifier": "Certisys"}]
    assert row["is_public"] is True
    assert row["open_data_consent"] is True
    assert row["distance_km"] is None
    assert row["url"] == "http://testserver" + furnished_actor.get_absolute_url()
    assert set(row) == {
        "id",
        "slug",
        "name",
        "kind",
        "kind_display",
        "kitchen_type",
        "initiative_type",
        "description",
        "municipality",
        "postcode",
        "street_address",
        "latitude",
        "longitude",
        "phone",
        "email",
        "website",
        "photo",
        "kbo_number",
        "founded_year",
        "labels",
        "products",
        "channels",
        "is_public",
        "open_data_consent",
        "updated",
        "url",
        "distance_km",
    }


def test_products_are_the_distinct_categories_of_active_offers(client_as, furnished_actor):
    row = client_as().get(LIST).json()["results"][0]

    assert row["products"] == [{"slug": "t-aardappelen", "name": "Aardappelen"}]


def test_channels_are_the_distinct_channels_of_active_sales_points(client_as, furnished_actor):
    row = client_as().get(LIST).json()["results"][0]

    assert row["channels"] == ["farm_shop", "farmers_market"]


def test_names_follow_the_language_of_the_request(client_as, furnished_actor):
    english = client_as().get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert english["kind_display"] == "farmer"
    assert english["products"] == [{"slug": "t-aardappelen", "name": "Potatoes"}]

    response = client_as().get(LIST, HTTP_ACCEPT_LANGUAGE="fr")

    row = response.json()["results"][0]
    assert row["municipality"]["name"] == "Gand"
    assert row["products"] == [{"slug": "t-aardappelen", "name": "Pommes de terre"}]


def test_detail_shows_sales_points_with_hours_offers_and_needs(client_as, furnished_actor):
    shop = furnished_actor.sales_points.get(channel=Channel.FARM_SHOP, name="Hoevewinkel")
    OpeningHoursFactory(
        sales_point=shop, weekday=5, opens=datetime.time(9), closes=datetime.time(12)
    )
    OpeningExceptionFactory(sales_point=shop, date=datetime.date(2099, 12, 25))
    NeedFactory(
        actor=furnished_actor, kind=NeedKind.SERVICE, category=None, service=ServiceKind.TRANSPORT
    )

    response = client_as().get(detail(furnished_actor.slug))

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Hoeve De Kouter"
    shop_row = next(row for row in body["sales_points"] if row["id"] == shop.pk)
    assert shop_row["opening_hours"] == [{"weekday": 5, "opens": "09:00:00", "closes": "12:00:00"}]
    assert shop_row["opening_exceptions"] == [
        {"date": "2099-12-25", "is_closed": True, "opens": None, "closes": None, "note": ""}
    ]
    assert len(body["sales_points"]) == 3  # the inactive vending machine is left out
    assert sorted(offer["category"]["slug"] for offer in body["offers"]) == [
        "t-aardappelen",
        "t-aardappelen",
    ]
    assert [need["service"] for need in body["needs"]] == ["transport"]


def test_unknown_slug_is_404(client_as, db):
    assert client_as().get(detail("nobody-here")).status_code == 404


# --- Privacy: no user data in public output ----------------------------------------------------


def test_no_manager_email_or_name_in_list_or_detail(client_as, furnished_actor, owner, editor):
    for user in (None, UserFactory(email="someone.else@example.org")):
        client = client_as(user)
        for url in (LIST, detail(furnished_actor.slug), LIST + "?format=geojson"):
            content = client.get(url).content.decode()
            assert owner.email not in content
            assert editor.email not in content
            assert "Oona" not in content and "Eddy" not in content
            assert "managers" not in content


# --- Visibility ---------------------------------------------------------------------------------


@pytest.fixture
def unlisted(municipality, owner):
    return ActorFactory(
        name="Stille Hoeve",
        slug="stille-hoeve",
        municipality=municipality,
        is_public=False,
        owner=owner,
    )


@pytest.mark.parametrize("who", ["anonymous", "stranger", "editor"])
def test_unlisted_actor_is_invisible_to_others(client_as, people, actor, unlisted, who):
    client = client_as(people[who])

    listed = client.get(LIST).json()
    assert [row["slug"] for row in listed["results"]] == ["hoeve-de-kouter"]
    assert listed["count"] == 1
    assert client.get(detail("stille-hoeve")).status_code == 404
    assert client.get(LIST + "?q=stille").json()["count"] == 0


@pytest.mark.parametrize("who", ["owner", "staff"])
def test_unlisted_actor_is_visible_to_its_manager_and_staff(
    client_as, people, actor, unlisted, who
):
    client = client_as(people[who])

    slugs = [row["slug"] for row in client.get(LIST).json()["results"]]
    assert slugs == ["hoeve-de-kouter", "stille-hoeve"]
    response = client.get(detail("stille-hoeve"))
    assert response.status_code == 200
    assert response.json()["is_public"] is False


def test_an_actor_with_several_managers_is_listed_once(client_as, actor, owner):
    # `owner` and `editor` both manage it: the visibility join must not repeat the row.
    body = client_as(owner).get(LIST).json()

    assert [row["slug"] for row in body["results"]] == ["hoeve-de-kouter"]
    assert body["count"] == 1


# --- Query counts ---------------------------------------------------------------------------------


def make_actors(count, municipality, category, label, start=0):
    for index in range(start, start + count):
        farm = ActorFactory(
            name=f"Hoeve {index:03d}",
            slug=f"hoeve-q{index:03d}",
            municipality=municipality,
            latitude=51.05 + index / 1000,
            longitude=3.72,
            owner=UserFactory(),
        )
        ActorLabel.objects.create(actor=farm, label=label)
        OfferFactory(actor=farm, category=category)
        OfferFactory(actor=farm, category=ProductCategoryFactory())
        OpeningHoursFactory(sales_point=SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP))
        SalesPointFactory(actor=farm, channel=Channel.WEBSHOP)
        NeedFactory(actor=farm, category=category)


def queries_for(client, url):
    client.get(url)  # warm up per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context), response


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("anonymous", ""),
        ("owner", ""),
        ("staff", ""),
        ("anonymous", "?near=51.05,3.72&radius_km=50&product=t-aardappelen"),
        ("owner", "?near=51.05,3.72&radius_km=50&product=t-aardappelen"),
        ("anonymous", "?q=hoeve&kind=farmer&channel=farm_shop&label=t-bio&ordering=-updated"),
        ("anonymous", "?place=44021&open_on=saturday"),
    ],
)
def test_list_runs_as_many_queries_for_30_actors_as_for_3(
    client_as, people, municipality, potatoes, organic, query, who
):
    client = client_as(people[who])
    make_actors(3, municipality, potatoes, organic)
    few, response = queries_for(client, LIST + query)
    assert response.json()["count"] == 3

    make_actors(27, municipality, potatoes, organic, start=3)
    many, response = queries_for(client, LIST + query)

    assert response.json()["count"] == 30
    assert many == few


def test_detail_runs_a_fixed_number_of_queries(client_as, municipality, potatoes, organic):
    make_actors(1, municipality, potatoes, organic)
    client = client_as()
    few, _ = queries_for(client, detail("hoeve-q000"))
    make_actors(1, municipality, potatoes, organic, start=1)
    farm = ActorFactory(slug="big-farm", municipality=municipality)
    for _index in range(10):
        OfferFactory(actor=farm, category=ProductCategoryFactory())
        point = SalesPointFactory(actor=farm)
        OpeningHoursFactory(sales_point=point)
        NeedFactory(actor=farm, category=potatoes)

    many, _ = queries_for(client, detail("big-farm"))

    assert many == few


# --- Reference data -------------------------------------------------------------------------------


def test_product_categories_list_the_tree_with_parent_and_children(client_as, potatoes, leeks):
    response = client_as().get("/api/v1/product-categories/")

    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()}
    assert rows["t-groenten"]["parent"] is None
    assert sorted(rows["t-groenten"]["children"]) == ["t-aardappelen", "t-prei"]
    assert rows["t-aardappelen"]["parent"] == "t-groenten"
    assert rows["t-aardappelen"]["children"] == []
    slugs = [row["slug"] for row in response.json()]
    assert slugs.index("t-groenten") < slugs.index("t-aardappelen")


def test_product_category_by_slug(client_as, potatoes):
    response = client_as().get("/api/v1/product-categories/t-aardappelen/")

    assert response.status_code == 200
    assert response.json()["name_en"] == "Potatoes"
    assert client_as().get("/api/v1/product-categories/nope/").status_code == 404


def test_product_categories_are_read_only(client_as, staff_user, potatoes):
    client = client_as(staff_user)

    assert client.post("/api/v1/product-categories/", {"slug": "x"}).status_code == 405
    assert client.delete("/api/v1/product-categories/t-aardappelen/").status_code == 405


def test_labels_list_and_detail(client_as, organic):
    rows = client_as().get("/api/v1/labels/").json()

    assert {"slug": "t-bio", "kind": "organic"}.items() <= next(
        row for row in rows if row["slug"] == "t-bio"
    ).items()
    assert client_as().get("/api/v1/labels/t-bio/").json()["name_en"] == "Organic"


def test_a_kitchen_shows_its_kitchen_type(client_as, municipality):
    ActorFactory(
        slug="schoolkeuken",
        kind=ActorKind.KITCHEN,
        kitchen_type=KitchenType.SCHOOL,
        municipality=municipality,
    )

    row = client_as().get(detail("schoolkeuken")).json()

    assert (row["kind"], row["kitchen_type"]) == ("kitchen", "school")


@pytest.mark.parametrize(
    "path",
    [
        "actors/",
        "actors/hoeve-de-kouter/",
        "product-categories/",
        "labels/",
        "sales-points/",
        "offers/",
        "needs/",
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_options_describes_every_endpoint(client_as, people, actor, path, who):
    response = client_as(people[who]).options(f"/api/v1/{path}")

    assert response.status_code == 200
    assert response.json()["renders"][0] == "application/json"
