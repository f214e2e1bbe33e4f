"""The directory page: its wiring to the shared ActorFilterSet, htmx, errors and query counts.

The full filter matrix is tested once, through the API (test_api_filters.py); the FilterSet is
shared, so here each filter is checked through the page alone, with a few combinations. Pages
are read in English (/en/), so the assertions do not depend on the Dutch catalogue.
"""

import datetime
import json
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actors.choices import ActorKind, Channel
from actors.models import ActorLabel, ProductCategory
from network.models import Region
from tests.factories import (
    ActorFactory,
    LabelFactory,
    MunicipalityFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    SalesPointFactory,
    UserFactory,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
# A Saturday morning: the farm shop below is open on Saturdays from 9 to 12.
SATURDAY_10 = datetime.datetime(2026, 6, 6, 10, 0, tzinfo=BRUSSELS)
SATURDAY_13 = datetime.datetime(2026, 6, 6, 13, 0, tzinfo=BRUSSELS)


def directory_url(**params) -> str:
    with translation.override("en"):
        url = reverse("actors:directory")
    if params:
        query = "&".join(
            f"{key}={item}"
            for key, value in params.items()
            for item in (value if isinstance(value, list) else [value])
        )
        url = f"{url}?{query}"
    return url


def result_names(response) -> list[str]:
    """The names in the result list, in their order on the page."""
    html = response.content.decode()
    return re.findall(r'<h3 class="result-title"><a href="[^"]+">([^<]+)</a>', html)


def map_markers(response) -> list[dict]:
    html = response.content.decode()
    match = re.search(
        r'<script id="directory-map-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the map's JSON block is missing"
    return json.loads(match.group(1))["markers"]


def field_error(response, name: str) -> str:
    """The text in the error slot of facet `name` (empty when all is well)."""
    html = response.content.decode()
    match = re.search(
        rf'<div class="error facet-error" id="id_{name}_error"[^>]*>(.*?)</div>', html
    )
    assert match, f"no error slot for {name}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


@pytest.fixture
def merelbeke(db):
    return MunicipalityFactory(
        nis_code="44088",
        slug="merelbeke-melle",
        name_nl="Merelbeke-Melle",
        name_fr="Merelbeke-Melle",
        postcodes="9820 9090",
        latitude=50.9947,
        longitude=3.7456,
    )


@pytest.fixture
def brugge(db):
    return MunicipalityFactory(
        nis_code="31005",
        slug="brugge",
        name_nl="Brugge",
        name_fr="Bruges",
        postcodes="8000",
        latitude=51.2093,
        longitude=3.2247,
    )


@pytest.fixture
def apples(db):
    fruit, _ = ProductCategory.objects.update_or_create(
        slug="fruit", defaults={"name_nl": "Fruit", "name_fr": "Fruits", "name_en": "Fruit"}
    )
    category, _ = ProductCategory.objects.update_or_create(
        slug="appels",
        defaults={"name_nl": "Appels", "name_fr": "Pommes", "name_en": "Apples", "parent": fruit},
    )
    return category


@pytest.fixture
def potato_farm(gent, potatoes):
    """A farmer in Gent's centre offering potatoes, with a farm shop open Saturday 9–12."""
    farm = ActorFactory(
        name="Hoeve De Kouter",
        slug="hoeve-de-kouter",
        kind=ActorKind.FARMER,
        municipality=gent,
        latitude=51.0543,
        longitude=3.7174,
        description="Seizoensgroenten van eigen veld.",
    )
    OfferFactory(actor=farm, category=potatoes)
    shop = SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP, name="Hoevewinkel")
    OpeningHoursFactory(sales_point=shop, weekday=5, opens="09:00", closes="12:00")
    return farm


@pytest.fixture
def cheese_maker(merelbeke):
    """A processor 6.9 km south of Gent, selling at the farmers' market on Wednesdays."""
    maker = ActorFactory(
        name="Kaasmakerij Ter Beke",
        slug="kaasmakerij-ter-beke",
        kind=ActorKind.PROCESSOR,
        municipality=merelbeke,
        latitude=50.9947,
        longitude=3.7456,
        description="Rauwmelkse kaas.",
    )
    market = SalesPointFactory(actor=maker, channel=Channel.FARMERS_MARKET, name="Markt")
    OpeningHoursFactory(sales_point=market, weekday=2, opens="08:00", closes="13:00")
    return maker


@pytest.fixture
def orchard(brugge, apples):
    """A fruit farm in Brugge, about 40 km from Gent."""
    farm = ActorFactory(
        name="Fruitbedrijf Vandamme",
        slug="fruitbedrijf-vandamme",
        kind=ActorKind.FARMER,
        municipality=brugge,
        latitude=51.2093,
        longitude=3.2247,
        description="Appels en peren.",
    )
    OfferFactory(actor=farm, category=apples)
    SalesPointFactory(actor=farm, channel=Channel.VENDING_MACHINE, name="Automaat")
    return farm


@pytest.fixture
def everyone(potato_farm, cheese_maker, orchard):
    return potato_farm, cheese_maker, orchard


# --- The page and its results -----------------------------------------------------------------


def test_directory_lists_every_listed_actor_with_kind_place_products_and_channels(client, everyone):
    response = client.get(directory_url())

    assert response.status_code == 200
    assert result_names(response) == [
        "Fruitbedrijf Vandamme",
        "Hoeve De Kouter",
        "Kaasmakerij Ter Beke",
    ]
    html = response.content.decode()
    assert "<strong>3</strong> results" in html
    assert "Potatoes" in html  # the product tag, in the page's language
    assert "Farm shop" in html or "farm shop" in html
    assert 'class="badge kind-badge kind-processor"' in html
    assert "Merelbeke-Melle" in html


def test_directory_leaves_out_unlisted_actors(client, everyone, gent):
    ActorFactory(name="Verborgen Hoeve", slug="verborgen-hoeve", municipality=gent, is_public=False)

    response = client.get(directory_url())

    assert "Verborgen Hoeve" not in result_names(response)


def test_directory_shows_an_unlisted_actor_to_its_own_manager(client, everyone, gent):
    manager = UserFactory()
    ActorFactory(
        name="Verborgen Hoeve",
        slug="verborgen-hoeve",
        municipality=gent,
        is_public=False,
        owner=manager,
    )
    client.force_login(manager)

    response = client.get(directory_url())

    assert "Verborgen Hoeve" in result_names(response)
    assert "Not listed" in response.content.decode()


def test_directory_gives_the_map_one_marker_per_result_on_the_page(client, everyone):
    response = client.get(directory_url())

    markers = map_markers(response)
    assert [marker["name"] for marker in markers] == result_names(response)
    farm = next(marker for marker in markers if marker["name"] == "Hoeve De Kouter")
    assert farm["lat"] == pytest.approx(51.0543)
    assert farm["lon"] == pytest.approx(3.7174)
    assert farm["url"].endswith("/producers/hoeve-de-kouter/")


def test_directory_loads_leaflet_and_the_scripts_from_our_static_files_only(client, everyone):
    html = client.get(directory_url()).content.decode()

    assert "/static/leaflet/leaflet.js" in html
    assert "/static/js/directory.js" in html
    # No executable inline script: only JSON data blocks (a CSP without 'unsafe-inline').
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all('type="application/json"' in attributes for attributes in inline)


# --- Every filter through the page ------------------------------------------------------------


def test_search_for_aardappelen_finds_the_farmer_offering_potatoes(client, everyone):
    response = client.get(directory_url(q="aardappelen"))

    assert result_names(response) == ["Hoeve De Kouter"]


def test_kind_filter_keeps_only_the_chosen_kinds(client, everyone):
    response = client.get(directory_url(kind="processor"))
    assert result_names(response) == ["Kaasmakerij Ter Beke"]

    response = client.get(directory_url(kind=["processor", "farmer"]))
    assert len(result_names(response)) == 3


def test_product_filter_finds_a_sub_category_and_its_parent(client, everyone):
    assert result_names(client.get(directory_url(product="aardappelen"))) == ["Hoeve De Kouter"]
    # "groenten" (vegetables) includes its sub-category potatoes.
    assert result_names(client.get(directory_url(product="groenten"))) == ["Hoeve De Kouter"]


def test_channel_filter_keeps_actors_selling_that_way(client, everyone):
    response = client.get(directory_url(channel="farmers_market"))

    assert result_names(response) == ["Kaasmakerij Ter Beke"]


def test_label_filter_keeps_actors_carrying_the_label(client, everyone, orchard):
    label = LabelFactory(slug="test-bio-label", kind="organic")
    ActorLabel.objects.create(actor=orchard, label=label, certifier="Certisys")

    response = client.get(directory_url(label="test-bio-label"))

    assert result_names(response) == ["Fruitbedrijf Vandamme"]


def test_open_now_keeps_actors_with_a_sales_point_open_at_this_moment(client, everyone):
    with time_machine.travel(SATURDAY_10, tick=False):
        response = client.get(directory_url(open_now="true"))
    assert result_names(response) == ["Hoeve De Kouter"]
    assert '<span class="badge badge-open">Open now</span>' in response.content.decode()

    with time_machine.travel(SATURDAY_13, tick=False):
        response = client.get(directory_url(open_now="true"))
    assert result_names(response) == []


def test_open_now_badge_respects_a_holiday_closing(client, everyone, potato_farm):
    shop = potato_farm.sales_points.get()
    OpeningExceptionFactory(sales_point=shop, date=SATURDAY_10.date(), is_closed=True)

    with time_machine.travel(SATURDAY_10, tick=False):
        response = client.get(directory_url())

    assert "Hoeve De Kouter" in result_names(response)
    assert "badge-open" not in response.content.decode()


def test_open_on_keeps_actors_open_on_that_weekday(client, everyone):
    assert result_names(client.get(directory_url(open_on="wednesday"))) == ["Kaasmakerij Ter Beke"]
    assert result_names(client.get(directory_url(open_on="saturday"))) == ["Hoeve De Kouter"]


def test_municipality_filter_takes_a_nis_code(client, everyone):
    response = client.get(directory_url(municipality="31005"))

    assert result_names(response) == ["Fruitbedrijf Vandamme"]


def test_region_filter_keeps_actors_in_the_region(client, everyone, brugge):
    region = Region.objects.create(slug="test-brugse-ommeland", kind="region", name_nl="Ommeland")
    brugge.regions.add(region)

    response = client.get(directory_url(region="test-brugse-ommeland"))

    assert result_names(response) == ["Fruitbedrijf Vandamme"]


@pytest.mark.parametrize("place", ["9000", "44021", "Gent", "gent"])
def test_a_place_sorts_by_distance_shows_it_and_keeps_within_the_radius(client, everyone, place):
    response = client.get(directory_url(place=place, radius_km=10))

    assert result_names(response) == ["Hoeve De Kouter", "Kaasmakerij Ter Beke"]
    html = response.content.decode()
    assert "results within 10 km of Gent" in html
    assert "0.0\u00a0km" in html
    assert "6.9\u00a0km" in html


def test_a_wider_radius_reaches_the_far_orchard_last(client, everyone):
    response = client.get(directory_url(place="Gent", radius_km=50))

    assert result_names(response) == [
        "Hoeve De Kouter",
        "Kaasmakerij Ter Beke",
        "Fruitbedrijf Vandamme",
    ]


def test_near_my_location_sorts_by_distance_from_that_point(client, everyone):
    # A point just north of Merelbeke: the cheese maker is nearest.
    response = client.get(directory_url(near="51.00,3.745", radius_km=15))

    assert result_names(response) == ["Kaasmakerij Ter Beke", "Hoeve De Kouter"]
    assert "within 15 km of your location" in response.content.decode()


def test_combined_search_kind_and_place(client, everyone, cheese_maker, potatoes):
    OfferFactory(actor=cheese_maker, category=potatoes)

    response = client.get(
        directory_url(q="aardappelen", kind="processor", place="9000", radius_km=10)
    )

    assert result_names(response) == ["Kaasmakerij Ter Beke"]


def test_combined_product_channel_and_open_on(client, everyone):
    response = client.get(
        directory_url(product="groenten", channel="farm_shop", open_on="saturday")
    )
    assert result_names(response) == ["Hoeve De Kouter"]

    response = client.get(directory_url(product="groenten", channel="farmers_market"))
    assert result_names(response) == []


def test_the_radius_select_alone_is_ignored_without_a_place(client, everyone):
    # The page's radius select always sends a value; on its own it is no error.
    response = client.get(directory_url(q="", place="", radius_km=15))

    assert response.status_code == 200
    assert field_error(response, "radius_km") == ""
    assert len(result_names(response)) == 3


# --- Bad input: a field error on the facet, never a 500 ----------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"place": "Atlantis"}, "place", "No municipality or postcode Atlantis is known."),
        ({"place": "Gent", "radius_km": "9999"}, "radius_km", "less than or equal to 500"),
        ({"place": "Gent", "radius_km": "far"}, "radius_km", "Enter a number."),
        ({"near": "north"}, "near", "latitude,longitude"),
        ({"near": "95,3.7"}, "near", "between -90 and 90"),
        ({"kind": "wizard"}, "kind", "Select a valid choice."),
        ({"product": "unicorn-meat"}, "product", "Select a valid choice."),
        ({"open_on": "someday"}, "open_on", "Select a valid choice."),
        ({"municipality": "99999"}, "municipality", "Select a valid choice."),
        ({"ordering": "distance"}, "ordering", "Sorting by distance needs a place"),
    ],
)
def test_bad_input_shows_a_field_error_on_the_page_with_status_200(
    client, everyone, params, field, message
):
    response = client.get(directory_url(**params))

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert "Some filters could not be used" in response.content.decode()


def test_bad_input_keeps_the_other_filters_working(client, everyone):
    response = client.get(directory_url(q="aardappelen", place="Atlantis"))

    assert result_names(response) == ["Hoeve De Kouter"]


# --- htmx ---------------------------------------------------------------------------------------


def test_an_htmx_request_gets_the_results_partial_only(client, everyone):
    response = client.get(directory_url(q="aardappelen"), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="directory-form"' not in html
    assert result_names(response) == ["Hoeve De Kouter"]
    assert [marker["name"] for marker in map_markers(response)] == ["Hoeve De Kouter"]
    assert "HX-Request" in response["Vary"]


def test_an_htmx_request_updates_the_facet_errors_out_of_band(client, everyone):
    response = client.get(directory_url(place="Atlantis"), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="id_place_error" hx-swap-oob="true"' in html
    assert "No municipality or postcode Atlantis is known." in field_error(response, "place")
    # Slots without an error are sent too, empty, so an old message disappears.
    assert field_error(response, "q") == ""


def test_the_full_page_also_varies_on_hx_request(client, everyone):
    response = client.get(directory_url())

    assert "HX-Request" in response["Vary"]
    assert 'id="directory-form"' in response.content.decode()


def test_an_htmx_history_restore_gets_the_full_page(client, everyone):
    response = client.get(
        directory_url(q="aardappelen"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_the_form_is_wired_for_htmx_and_works_as_a_plain_get_form(client, everyone):
    html = client.get(directory_url()).content.decode()

    form = re.search(r'<form id="directory-form"[^>]*>', html, re.S).group(0)
    assert 'method="get"' in form
    assert 'hx-get="/en/producers/"' in form
    assert 'hx-target="#directory-results"' in form
    assert 'hx-push-url="true"' in form
    assert "input changed delay:400ms from:#id_q" in form  # typing, pasting, clearing
    assert "change" in form
    assert '<button type="submit" class="button">Show results</button>' in html


def test_the_form_shows_the_submitted_values_again(client, everyone):
    response = client.get(
        directory_url(q="kaas", place="9000", radius_km=25, kind="processor", open_on="monday")
    )

    html = response.content.decode()
    assert 'name="q" id="id_q" value="kaas"' in html
    assert 'name="place" id="id_place" value="9000"' in html
    assert '<option value="25" selected>' in html
    assert 'value="processor" checked' in html
    assert '<option value="monday" selected>' in html


# --- Pagination ---------------------------------------------------------------------------------


def test_results_come_twenty_to_a_page_and_page_links_keep_the_filters(client, gent, potatoes):
    for number in range(25):
        farm = ActorFactory(
            name=f"Hoeve {number:02d}", slug=f"hoeve-{number:02d}", municipality=gent
        )
        OfferFactory(actor=farm, category=potatoes)

    first = client.get(directory_url(q="aardappelen"))
    second = client.get(directory_url(q="aardappelen", page=2))

    assert len(result_names(first)) == 20
    assert result_names(second) == [f"Hoeve {number:02d}" for number in range(20, 25)]
    assert 'href="?q=aardappelen&amp;page=2"' in first.content.decode()
    assert "Showing 21–25" in second.content.decode()
    # Numbers continue across pages, in the list and on the map's markers.
    assert [marker["number"] for marker in map_markers(second)] == [21, 22, 23, 24, 25]


def test_a_page_number_out_of_range_shows_the_last_page(client, everyone):
    response = client.get(directory_url(page=99))

    assert response.status_code == 200
    assert len(result_names(response)) == 3


# --- Query count --------------------------------------------------------------------------------


def _populate(numbers: range, municipality, category, label) -> None:
    for number in numbers:
        farm = ActorFactory(
            name=f"Boerderij {number:03d}",
            slug=f"boerderij-{number:03d}",
            municipality=municipality,
        )
        OfferFactory(actor=farm, category=category)
        OfferFactory(actor=farm, category=category, description="Vroege")
        shop = SalesPointFactory(actor=farm)
        OpeningHoursFactory(sales_point=shop, weekday=5)
        OpeningHoursFactory(sales_point=shop, weekday=2)
        OpeningExceptionFactory(
            sales_point=shop,
            date=SATURDAY_10.date(),
            is_closed=False,
            opens="08:00",
            closes="18:00",
        )
        SalesPointFactory(actor=farm, channel=Channel.VENDING_MACHINE)
        ActorLabel.objects.create(actor=farm, label=label)


@pytest.mark.parametrize(
    "params", [{}, {"q": "boerderij", "place": "Gent", "radius_km": 20, "open_now": "true"}]
)
def test_the_directory_needs_as_many_queries_for_30_actors_as_for_3(
    client, gent, potatoes, django_assert_num_queries, params
):
    label = LabelFactory(slug="test-query-label")
    user = UserFactory()
    client.force_login(user)
    _populate(range(3), gent, potatoes, label)
    with time_machine.travel(SATURDAY_10, tick=False):
        with CaptureQueriesContext(connection) as few:
            assert len(result_names(client.get(directory_url(**params)))) == 3

        _populate(range(3, 30), gent, potatoes, label)
        # The same queries however many actors; `open now` is one EXISTS per page, in SQL.
        with django_assert_num_queries(len(few.captured_queries)):
            assert len(result_names(client.get(directory_url(**params)))) == 20
