"""The directory filters through /api/v1/actors/: each alone, combined, and bad input as 400.

The map of the test region (distances from Gent's centre):

    Hoeve Aardappel   farmer     Gent, at the centre          potatoes; farm shop Sat 9–12; bio
    Kaasmakerij Leie  processor  Gent, ~4 km north            cheese; farmers' market Wed 8–13
    Buurtwinkel Eeklo shop       Eeklo (Meetjesland), ~18 km  vegetables; shop Mon–Fri 9–18
    Schoolkeuken      kitchen    Brugge, ~38 km               nothing on offer
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from actors.choices import ActorKind, Channel
from actors.models import Actor, ActorLabel, Offer
from network.models import Region
from tests.factories import (
    ActorFactory,
    LabelFactory,
    MunicipalityFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/actors/"
BRUSSELS = ZoneInfo("Europe/Brussels")
GENT_CENTRE = "51.0543,3.7174"
# A Saturday, the Monday after, and the Sunday between.
SATURDAY = datetime.date(2026, 6, 13)
SUNDAY = datetime.date(2026, 6, 14)
MONDAY = datetime.date(2026, 6, 15)


def at(day: datetime.date, hour: int, minute: int = 0):
    """Freeze the clock at a local (Brussels) moment."""
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def region(db):
    province = RegionFactory(
        slug="oost-vlaanderen", kind=Region.Kind.PROVINCE, name_nl="Oost-Vlaanderen"
    )
    west = RegionFactory(slug="west-vlaanderen", kind=Region.Kind.PROVINCE, name_nl="West")
    meetjesland = RegionFactory(slug="meetjesland", kind=Region.Kind.REGION, name_nl="Meetjesland")
    gent = MunicipalityFactory(
        nis_code="44021",
        name_nl="Gent",
        postcodes="9000 9030 9031",
        latitude=51.0543,
        longitude=3.7174,
        province=province,
    )
    eeklo = MunicipalityFactory(
        nis_code="43005",
        name_nl="Eeklo",
        postcodes="9900",
        latitude=51.1850,
        longitude=3.5660,
        province=province,
    )
    eeklo.regions.add(meetjesland)
    brugge = MunicipalityFactory(
        nis_code="31005",
        name_nl="Brugge",
        postcodes="8000 8200",
        latitude=51.2093,
        longitude=3.2247,
        province=west,
    )
    return {"gent": gent, "eeklo": eeklo, "brugge": brugge}


@pytest.fixture
def directory(region):
    vegetables = ProductCategoryFactory(slug="t-groenten", name_nl="Groenten", name_en="Vegetables")
    potatoes = ProductCategoryFactory(
        slug="t-aardappelen", parent=vegetables, name_nl="Aardappelen", name_en="Potatoes"
    )
    dairy = ProductCategoryFactory(slug="t-zuivel", name_nl="Zuivel", name_en="Dairy")
    cheese = ProductCategoryFactory(slug="t-kaas", parent=dairy, name_nl="Kaas", name_en="Cheese")
    bio = LabelFactory(slug="t-bio", kind="organic", name_nl="Biologisch")

    farm = ActorFactory(
        name="Hoeve Aardappel",
        slug="hoeve-aardappel",
        kind=ActorKind.FARMER,
        description="Familiebedrijf sinds 1950.",
        municipality=region["gent"],
        latitude=51.0543,
        longitude=3.7174,
    )
    OfferFactory(actor=farm, category=potatoes)
    ActorLabel.objects.create(actor=farm, label=bio, certifier="Certisys")
    farm_shop = SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP)
    OpeningHoursFactory(
        sales_point=farm_shop, weekday=5, opens=datetime.time(9), closes=datetime.time(12)
    )

    dairy_maker = ActorFactory(
        name="Kaasmakerij Leie",
        slug="kaasmakerij-leie",
        kind=ActorKind.PROCESSOR,
        description="Ambachtelijke kaas van rauwe melk.",
        municipality=region["gent"],
        latitude=51.0900,
        longitude=3.7200,
    )
    OfferFactory(actor=dairy_maker, category=cheese)
    market = SalesPointFactory(actor=dairy_maker, channel=Channel.FARMERS_MARKET)
    OpeningHoursFactory(
        sales_point=market, weekday=2, opens=datetime.time(8), closes=datetime.time(13)
    )

    shop = ActorFactory(
        name="Buurtwinkel Eeklo",
        slug="buurtwinkel-eeklo",
        kind=ActorKind.SHOP,
        description="Lokale producten.",
        municipality=region["eeklo"],
        latitude=51.1850,
        longitude=3.5660,
    )
    OfferFactory(actor=shop, category=vegetables)
    counter = SalesPointFactory(actor=shop, channel=Channel.NEIGHBOURHOOD_SHOP)
    for weekday in range(5):
        OpeningHoursFactory(
            sales_point=counter, weekday=weekday, opens=datetime.time(9), closes=datetime.time(18)
        )

    ActorFactory(
        name="Schoolkeuken Brugge",
        slug="schoolkeuken-brugge",
        kind=ActorKind.KITCHEN,
        description="Warme maaltijden voor 800 leerlingen.",
        municipality=region["brugge"],
        latitude=51.2093,
        longitude=3.2247,
    )
    # Unlisted: it matches many filters below, and must never show up in them.
    hidden = ActorFactory(
        name="Verborgen Hoeve Aardappel",
        slug="verborgen",
        kind=ActorKind.FARMER,
        municipality=region["gent"],
        latitude=51.0543,
        longitude=3.7174,
        is_public=False,
    )
    OfferFactory(actor=hidden, category=potatoes)
    hidden_shop = SalesPointFactory(actor=hidden, channel=Channel.FARM_SHOP)
    OpeningHoursFactory(sales_point=hidden_shop, weekday=5)
    return {"farm_shop": farm_shop, "market": market, "counter": counter}


def slugs(client, query):
    response = client.get(LIST + query)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def api(client_as):
    return client_as()


# --- Each filter alone --------------------------------------------------------------------------


def test_no_filter_lists_every_listed_actor_by_name(api, directory):
    assert slugs(api, "") == [
        "buurtwinkel-eeklo",
        "hoeve-aardappel",
        "kaasmakerij-leie",
        "schoolkeuken-brugge",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("kaasmakerij", ["kaasmakerij-leie"]),  # name
        ("AMBACHTELIJKE", ["kaasmakerij-leie"]),  # description, any case
        ("aardappelen", ["hoeve-aardappel"]),  # a product's name
        ("potatoes", ["hoeve-aardappel"]),  # …in another language
        ("groenten", ["buurtwinkel-eeklo", "hoeve-aardappel"]),  # a parent category's name
        ("hoeve sinds", ["hoeve-aardappel"]),  # every word must match
        ("nothing-like-this", []),
    ],
)
def test_q_searches_name_description_and_products(api, directory, q, expected):
    assert slugs(api, f"?q={q}") == expected


def test_kind_accepts_several_kinds(api, directory):
    assert slugs(api, "?kind=farmer") == ["hoeve-aardappel"]
    assert slugs(api, "?kind=farmer&kind=shop") == ["buurtwinkel-eeklo", "hoeve-aardappel"]


def test_product_includes_its_sub_categories(api, directory):
    assert slugs(api, "?product=t-aardappelen") == ["hoeve-aardappel"]
    assert slugs(api, "?product=t-groenten") == ["buurtwinkel-eeklo", "hoeve-aardappel"]
    assert slugs(api, "?product=t-zuivel") == ["kaasmakerij-leie"]


def test_product_ignores_paused_offers(api, directory):
    Offer.objects.filter(actor__slug="kaasmakerij-leie").update(is_active=False)

    assert slugs(api, "?product=t-zuivel") == []


def test_channel(api, directory):
    assert slugs(api, "?channel=farmers_market") == ["kaasmakerij-leie"]
    assert slugs(api, "?channel=farm_shop") == ["hoeve-aardappel"]
    assert slugs(api, "?channel=webshop") == []


def test_label(api, directory):
    assert slugs(api, "?label=t-bio") == ["hoeve-aardappel"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ((SATURDAY, 10), ["hoeve-aardappel"]),  # the farm shop's Saturday morning
        ((SATURDAY, 9), ["hoeve-aardappel"]),  # opening time is included…
        ((SATURDAY, 12), []),  # …closing time is not
        ((SATURDAY, 13), []),
        ((MONDAY, 10), ["buurtwinkel-eeklo"]),  # the shop on a weekday
        ((MONDAY, 20), []),
        ((SUNDAY, 10), []),
    ],
)
def test_open_now_follows_weekday_and_hours(api, directory, moment, expected):
    with at(*moment):
        assert slugs(api, "?open_now=true") == expected


def test_open_now_false_does_not_filter(api, directory):
    with at(SUNDAY, 10):
        assert len(slugs(api, "?open_now=false")) == 4


def test_open_now_respects_a_closed_day(api, directory):
    OpeningExceptionFactory(sales_point=directory["farm_shop"], date=SATURDAY, is_closed=True)

    with at(SATURDAY, 10):
        assert slugs(api, "?open_now=true") == []


def test_open_now_respects_other_hours_on_a_day(api, directory):
    # A special Sunday opening, and shorter hours on the Saturday.
    OpeningExceptionFactory(
        sales_point=directory["farm_shop"],
        date=SUNDAY,
        is_closed=False,
        opens=datetime.time(14),
        closes=datetime.time(16),
    )
    OpeningExceptionFactory(
        sales_point=directory["farm_shop"],
        date=SATURDAY,
        is_closed=False,
        opens=datetime.time(9),
        closes=datetime.time(10),
    )

    with at(SUNDAY, 15):
        assert slugs(api, "?open_now=true") == ["hoeve-aardappel"]
    with at(SATURDAY, 10, 30):
        assert slugs(api, "?open_now=true") == []
    with at(SATURDAY, 9, 30):
        assert slugs(api, "?open_now=true") == ["hoeve-aardappel"]


def test_open_now_ignores_an_inactive_sales_point(api, directory):
    directory["farm_shop"].is_active = False
    directory["farm_shop"].save()

    with at(SATURDAY, 10):
        assert slugs(api, "?open_now=true") == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("saturday", ["hoeve-aardappel"]),
        ("wednesday", ["buurtwinkel-eeklo", "kaasmakerij-leie"]),
        ("monday", ["buurtwinkel-eeklo"]),
        ("sunday", []),
    ],
)
def test_open_on_a_weekday(api, directory, day, expected):
    assert slugs(api, f"?open_on={day}") == expected


def test_municipality_by_nis_code(api, directory):
    assert slugs(api, "?municipality=43005") == ["buurtwinkel-eeklo"]
    assert slugs(api, "?municipality=44021") == ["hoeve-aardappel", "kaasmakerij-leie"]


def test_region_as_streek_and_as_province(api, directory):
    assert slugs(api, "?region=meetjesland") == ["buurtwinkel-eeklo"]
    assert slugs(api, "?region=oost-vlaanderen") == [
        "buurtwinkel-eeklo",
        "hoeve-aardappel",
        "kaasmakerij-leie",
    ]
    assert slugs(api, "?region=west-vlaanderen") == ["schoolkeuken-brugge"]


# --- Place, radius, distance --------------------------------------------------------------------


def test_near_lists_actors_within_the_radius_nearest_first(api, directory):
    response = api.get(LIST + f"?near={GENT_CENTRE}&radius_km=10")

    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == ["hoeve-aardappel", "kaasmakerij-leie"]
    assert rows[0]["distance_km"] == 0.0
    assert rows[1]["distance_km"] == pytest.approx(4.0, abs=0.1)
    assert all(row["distance_km"] <= 10 for row in rows)


def test_near_without_radius_uses_15_km(api, directory):
    assert slugs(api, f"?near={GENT_CENTRE}") == ["hoeve-aardappel", "kaasmakerij-leie"]


def test_a_larger_radius_reaches_further_in_distance_order(api, directory):
    rows = api.get(LIST + f"?near={GENT_CENTRE}&radius_km=50").json()["results"]

    assert [row["slug"] for row in rows] == [
        "hoeve-aardappel",
        "kaasmakerij-leie",
        "buurtwinkel-eeklo",
        "schoolkeuken-brugge",
    ]
    distances = [row["distance_km"] for row in rows]
    assert distances == sorted(distances)
    assert distances[2] == pytest.approx(18.0, abs=1.0)
    assert distances[3] == pytest.approx(38.5, abs=1.0)
    assert all(d == round(d, 1) for d in distances)


@pytest.mark.parametrize("place", ["44021", "9000", "9031", "Gent", "gent"])
def test_place_by_nis_code_postcode_or_name(api, directory, place):
    rows = api.get(LIST + f"?place={place}&radius_km=10").json()["results"]

    assert [row["slug"] for row in rows] == ["hoeve-aardappel", "kaasmakerij-leie"]
    assert rows[0]["distance_km"] == 0.0


def test_place_by_postcode_of_another_municipality(api, directory):
    rows = api.get(LIST + "?place=9900&radius_km=20").json()["results"]

    assert [row["slug"] for row in rows] == [
        "buurtwinkel-eeklo",
        "kaasmakerij-leie",
        "hoeve-aardappel",
    ]
    assert rows[0]["distance_km"] == 0.0


def test_ordering_by_name_and_by_recent_update(api, directory):
    Actor.objects.filter(slug="schoolkeuken-brugge").update(
        updated=datetime.datetime(2030, 1, 1, tzinfo=BRUSSELS)
    )

    assert slugs(api, "?ordering=-updated")[0] == "schoolkeuken-brugge"
    assert slugs(api, f"?near={GENT_CENTRE}&radius_km=50&ordering=name") == [
        "buurtwinkel-eeklo",
        "hoeve-aardappel",
        "kaasmakerij-leie",
        "schoolkeuken-brugge",
    ]


# --- Combined ---------------------------------------------------------------------------------


def test_the_documented_example_combines_kind_product_place_and_distance(api, directory):
    query = f"?kind=farmer&product=t-aardappelen&near={GENT_CENTRE}&radius_km=10&ordering=distance"

    rows = api.get(LIST + query).json()["results"]

    assert [(row["slug"], row["distance_km"]) for row in rows] == [("hoeve-aardappel", 0.0)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=kaas&channel=farmers_market&open_on=wednesday", ["kaasmakerij-leie"]),
        ("?q=kaas&channel=farm_shop", []),
        ("?kind=shop&kind=farmer&region=meetjesland", ["buurtwinkel-eeklo"]),
        ("?product=t-groenten&municipality=44021", ["hoeve-aardappel"]),
        ("?label=t-bio&open_on=saturday&place=9000", ["hoeve-aardappel"]),
        ("?label=t-bio&open_on=monday", []),
        (
            "?product=t-groenten&place=9900&radius_km=30&ordering=name",
            ["buurtwinkel-eeklo", "hoeve-aardappel"],
        ),
    ],
)
def test_filters_combine(api, directory, query, expected):
    assert slugs(api, query) == expected


def test_open_now_combines_with_place_and_kind(api, directory):
    with at(SATURDAY, 10):
        assert slugs(api, f"?open_now=true&kind=farmer&near={GENT_CENTRE}") == ["hoeve-aardappel"]
        assert slugs(api, "?open_now=true&kind=shop") == []


def test_counts_never_include_unlisted_actors(api, directory):
    for query in ("?product=t-aardappelen", f"?near={GENT_CENTRE}&radius_km=1", "?q=verborgen"):
        body = api.get(LIST + query).json()
        assert "verborgen" not in [row["slug"] for row in body["results"]]
        assert body["count"] == len(body["results"])


# --- Bad input: 400 naming the field, never a 500 ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?product=no-such-product", "product"),
        ("?label=no-such-label", "label"),
        ("?region=no-such-region", "region"),
        ("?municipality=99999", "municipality"),
        ("?municipality=abc", "municipality"),
        ("?kind=alien", "kind"),
        ("?kind=farmer&kind=alien", "kind"),
        ("?channel=teleport", "channel"),
        ("?open_on=funday", "open_on"),
        ("?ordering=price", "ordering"),
        ("?near=abc", "near"),
        ("?near=51.05", "near"),
        ("?near=51.05,3.72,7", "near"),
        ("?near=95,3", "near"),
        ("?near=51,-181", "near"),
        ("?near=nan,3.7", "near"),
        ("?near=inf,3.7", "near"),
        ("?near=51.05,3.72&radius_km=0", "radius_km"),
        ("?near=51.05,3.72&radius_km=-5", "radius_km"),
        ("?near=51.05,3.72&radius_km=100000", "radius_km"),
        ("?near=51.05,3.72&radius_km=abc", "radius_km"),
        ("?near=51.05,3.72&radius_km=NaN", "radius_km"),
        ("?radius_km=10", "radius_km"),
        ("?ordering=distance", "ordering"),
        ("?place=Atlantis", "place"),
        ("?place=99999", "place"),
        ("?place=1234", "place"),
        ("?q=" + "x" * 101, "q"),
        ("?q=a%00b", "q"),
        ("?near=51.05%00,3.72", "near"),
        ("?product=a%00b", "product"),
    ],
)
def test_bad_filter_input_is_a_400_naming_the_field(api, directory, query, field):
    response = api.get(LIST + query)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert field in body
    assert all(isinstance(message, str) and message for message in body[field])


def test_bad_filter_input_is_a_400_in_geojson_too(api, directory):
    response = api.get(LIST + "?format=geojson&near=abc")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "near" in response.json()


def test_several_bad_filters_are_all_reported(api, directory):
    body = api.get(LIST + "?product=nope&open_on=funday&radius_km=5").json()

    assert {"product", "open_on", "radius_km"} <= set(body)
