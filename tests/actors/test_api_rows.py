"""Lists of what belongs to actors: /api/v1/sales-points/, /offers/ and /needs/.

Who sees which rows (active rows of listed actors; every row of one's own actors; all for
staff), the filters of each list, and constant query counts.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.choices import Channel, NeedKind, ServiceKind
from tests.factories import (
    ActorFactory,
    NeedFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = ["sales-points", "offers", "needs"]


def url(endpoint, query=""):
    return f"/api/v1/{endpoint}/{query}"


@pytest.fixture
def vegetables():
    return ProductCategoryFactory(slug="t-groenten", name_nl="Groenten", name_en="Vegetables")


@pytest.fixture
def potatoes(vegetables):
    return ProductCategoryFactory(
        slug="t-aardappelen", parent=vegetables, name_nl="Aardappelen", name_en="Potatoes"
    )


@pytest.fixture
def cheese():
    return ProductCategoryFactory(slug="t-kaas", name_nl="Kaas", name_en="Cheese")


@pytest.fixture
def rows(actor, owner, municipality, potatoes, cheese):
    """The farm's active and paused rows, and an active row of each kind of an unlisted actor."""
    unlisted = ActorFactory(
        slug="stille-hoeve", municipality=municipality, is_public=False, owner=owner
    )
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP, name="Hoevewinkel")
    SalesPointFactory(actor=actor, channel=Channel.VENDING_MACHINE, is_active=False)
    SalesPointFactory(actor=unlisted, channel=Channel.FARM_SHOP, name="Geheime winkel")
    OfferFactory(actor=actor, category=potatoes, season_months=0b000011100000)  # Jun–Aug
    OfferFactory(actor=actor, category=cheese, is_active=False)
    OfferFactory(actor=unlisted, category=potatoes)
    NeedFactory(actor=actor, kind=NeedKind.PRODUCT, category=cheese)
    NeedFactory(
        actor=actor,
        kind=NeedKind.SERVICE,
        category=None,
        service=ServiceKind.TRANSPORT,
        is_active=False,
    )
    NeedFactory(actor=unlisted, kind=NeedKind.PRODUCT, category=potatoes)
    return {"actor": actor, "unlisted": unlisted}


def results(client, address):
    response = client.get(address)
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- Visibility --------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # (rows of the listed farm, active only?) → how many of its and the unlisted's rows
        ("anonymous", {"hoeve-de-kouter": 1}),
        ("stranger", {"hoeve-de-kouter": 1}),
        ("editor", {"hoeve-de-kouter": 2}),  # a manager also sees the paused row
        ("owner", {"hoeve-de-kouter": 2, "stille-hoeve": 1}),
        ("staff", {"hoeve-de-kouter": 2, "stille-hoeve": 1}),
    ],
)
def test_who_sees_which_rows(client_as, people, rows, endpoint, who, expected):
    body = client_as(people[who]).get(url(endpoint)).json()

    seen = {}
    for row in body["results"]:
        seen[row["actor"]] = seen.get(row["actor"], 0) + 1
    assert seen == expected
    assert body["count"] == sum(expected.values())


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_row_of_an_unlisted_actor_is_not_found_for_others(client_as, people, rows, endpoint):
    model = {"sales-points": "sales_points", "offers": "offers", "needs": "needs"}[endpoint]
    row = getattr(rows["unlisted"], model).get()

    assert client_as().get(url(endpoint, f"{row.pk}/")).status_code == 404
    assert client_as(people["stranger"]).get(url(endpoint, f"{row.pk}/")).status_code == 404
    assert client_as(people["owner"]).get(url(endpoint, f"{row.pk}/")).status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_filtering_on_an_unlisted_actor_answers_as_for_an_unknown_one(
    client_as, people, rows, endpoint
):
    hidden = client_as().get(url(endpoint, "?actor=stille-hoeve"))
    unknown = client_as().get(url(endpoint, "?actor=no-such-actor"))

    assert hidden.status_code == unknown.status_code == 400
    assert "actor" in hidden.json()
    assert len(results(client_as(people["owner"]), url(endpoint, "?actor=stille-hoeve"))) == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_user_email_in_row_lists(client_as, people, rows, endpoint, owner, editor):
    for who in ("anonymous", "owner"):
        content = client_as(people[who]).get(url(endpoint)).content.decode()
        assert owner.email not in content
        assert editor.email not in content


# --- Sales points ------------------------------------------------------------------------------


def test_sales_point_shows_its_hours_coming_exceptions_and_whether_it_is_open(client_as, actor):
    shop = SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP, postcode="9000")
    OpeningHoursFactory(
        sales_point=shop, weekday=5, opens=datetime.time(9), closes=datetime.time(12)
    )
    OpeningExceptionFactory(sales_point=shop, date=datetime.date(2026, 6, 1))  # past
    OpeningExceptionFactory(sales_point=shop, date=datetime.date(2026, 12, 25), note="Kerstmis")
    saturday_morning = datetime.datetime(2026, 6, 13, 10, tzinfo=ZoneInfo("Europe/Brussels"))

    with time_machine.travel(saturday_morning, tick=False):
        [row] = results(client_as(), url("sales-points"))

    assert row["actor"] == "hoeve-de-kouter"
    assert row["actor_name"] == "Hoeve De Kouter"
    assert row["channel"] == "farm_shop"
    assert row["municipality"] == {"nis_code": "44021", "name": "Gent"}
    assert row["opening_hours"] == [{"weekday": 5, "opens": "09:00:00", "closes": "12:00:00"}]
    assert [exception["date"] for exception in row["opening_exceptions"]] == ["2026-12-25"]
    assert row["is_open_now"] is True


def test_sales_points_filter_on_actor_and_channels(client_as, rows, municipality):
    other = ActorFactory(slug="andere", municipality=municipality)
    SalesPointFactory(actor=other, channel=Channel.FARMERS_MARKET)
    client = client_as()

    def actors_and_channels(query):
        rows = results(client, url("sales-points", query))
        return [(row["actor"], row["channel"]) for row in rows]

    assert actors_and_channels("?actor=andere") == [("andere", "farmers_market")]
    assert actors_and_channels("?channel=farm_shop") == [("hoeve-de-kouter", "farm_shop")]
    assert sorted(actors_and_channels("?channel=farm_shop&channel=farmers_market")) == [
        ("andere", "farmers_market"),
        ("hoeve-de-kouter", "farm_shop"),
    ]
    assert actors_and_channels("?actor=andere&channel=farm_shop") == []


@pytest.mark.parametrize(
    ("endpoint", "query", "field"),
    [
        ("sales-points", "?channel=teleport", "channel"),
        ("sales-points", "?actor=", None),  # empty means no filter
        ("offers", "?category=no-such-product", "category"),
        ("offers", "?audience=aliens", "audience"),
        ("offers", "?month=13", "month"),
        ("offers", "?month=juni", "month"),
        ("needs", "?kind=wish", "kind"),
        ("needs", "?service=teleportation", "service"),
        ("needs", "?category=a%00b", "category"),
    ],
)
def test_bad_row_filters_are_a_400_naming_the_field(client_as, rows, endpoint, query, field):
    response = client_as().get(url(endpoint, query))

    if field is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()


# --- Offers ---------------------------------------------------------------------------------------


def test_offer_shows_its_product_and_months(client_as, rows):
    [row] = results(client_as(), url("offers"))

    assert row["actor"] == "hoeve-de-kouter"
    assert row["category"] == {"slug": "t-aardappelen", "name": "Aardappelen"}
    assert row["months"] == [6, 7, 8]
    assert row["for_citizens"] is True
    assert row["is_active"] is True


def test_offers_filter_on_category_including_sub_categories(
    client_as, rows, vegetables, cheese, municipality
):
    other = ActorFactory(slug="andere", municipality=municipality)
    OfferFactory(actor=other, category=vegetables)
    OfferFactory(actor=other, category=cheese, for_kitchens=True, for_citizens=False)
    client = client_as()

    def pairs(query):
        return sorted(
            (row["actor"], row["category"]["slug"]) for row in results(client, url("offers", query))
        )

    assert pairs("?category=t-groenten") == [
        ("andere", "t-groenten"),
        ("hoeve-de-kouter", "t-aardappelen"),
    ]
    assert pairs("?category=t-aardappelen") == [("hoeve-de-kouter", "t-aardappelen")]
    assert pairs("?category=t-kaas") == [("andere", "t-kaas")]
    assert pairs("?actor=andere&category=t-groenten") == [("andere", "t-groenten")]


def test_offers_filter_on_audience_and_month(client_as, rows, cheese, municipality):
    other = ActorFactory(slug="andere", municipality=municipality)
    OfferFactory(actor=other, category=cheese, for_kitchens=True, for_citizens=False)
    client = client_as()

    def actors(query):
        return sorted(row["actor"] for row in results(client, url("offers", query)))

    assert actors("?audience=kitchens") == ["andere"]
    assert actors("?audience=citizens") == ["hoeve-de-kouter"]
    assert actors("?month=7") == ["andere", "hoeve-de-kouter"]  # the cheese is all year
    assert actors("?month=1") == ["andere"]


# --- Needs ----------------------------------------------------------------------------------------


def test_needs_filter_on_kind_service_and_category(client_as, rows, potatoes, municipality):
    other = ActorFactory(slug="andere", municipality=municipality)
    NeedFactory(actor=other, kind=NeedKind.SERVICE, category=None, service=ServiceKind.TRANSPORT)
    NeedFactory(actor=other, kind=NeedKind.PRODUCT, category=potatoes)
    client = client_as()

    def pairs(query):
        return sorted(
            (row["actor"], row["kind"], row["service"] or row["category"]["slug"])
            for row in results(client, url("needs", query))
        )

    assert pairs("?kind=service") == [("andere", "service", "transport")]
    assert pairs("?service=transport") == [("andere", "service", "transport")]
    assert pairs("?category=t-groenten") == [("andere", "product", "t-aardappelen")]
    assert pairs("?kind=product&actor=hoeve-de-kouter") == [
        ("hoeve-de-kouter", "product", "t-kaas")
    ]


# --- Query counts ---------------------------------------------------------------------------------


def make_rows(count, municipality, category):
    for _index in range(count):
        farm = ActorFactory(municipality=municipality, owner=UserFactory())
        point = SalesPointFactory(actor=farm)
        OpeningHoursFactory(sales_point=point)
        OpeningExceptionFactory(sales_point=point, date=datetime.date(2099, 1, 1))
        OfferFactory(actor=farm, category=category)
        NeedFactory(actor=farm, category=category)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "query"),
    [("anonymous", ""), ("owner", ""), ("staff", ""), ("anonymous", "?category=t-groenten")],
)
def test_row_lists_run_as_many_queries_for_30_rows_as_for_3(
    client_as, people, municipality, potatoes, endpoint, who, query
):
    if endpoint == "sales-points" and query:
        query = "?channel=farm_shop"
    client = client_as(people[who])
    make_rows(3, municipality, potatoes)
    client.get(url(endpoint, query))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(endpoint, query)).json()["count"] == 3

    make_rows(27, municipality, potatoes)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(endpoint, query)).json()["count"] == 30

    assert len(many) == len(few)
