"""A citizen finds a producer near them, in a real browser: search, place, radius, map, page.

Map tiles are blocked (tests stay offline, see conftest.py): the markers must show anyway.
Screenshots of the directory at 1280 and 360 pixels wide are left in the temporary directory
for a person to look at the design.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from actors.choices import ActorKind, Channel, ManagerRole
from actors.models import ActorManager, ProductCategory
from tests.factories import (
    ActorFactory,
    MunicipalityFactory,
    OfferFactory,
    OpeningHoursFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(tempfile.gettempdir())


def directory_url(live_server) -> str:
    with translation.override("nl"):
        return live_server.url + reverse("actors:directory")


@pytest.fixture
def potato_country(db):
    """Gent; a potato farm 3 km from its centre, a cheese maker 7 km away, and a potato farm
    in Brugge, 40 km away."""
    gent = MunicipalityFactory(
        nis_code="44021",
        slug="gent",
        name_nl="Gent",
        name_fr="Gand",
        postcodes="9000 9030",
        latitude=51.0543,
        longitude=3.7174,
    )
    merelbeke = MunicipalityFactory(
        nis_code="44088",
        slug="merelbeke-melle",
        name_nl="Merelbeke-Melle",
        latitude=50.9947,
        longitude=3.7456,
    )
    brugge = MunicipalityFactory(
        nis_code="31005", slug="brugge", name_nl="Brugge", latitude=51.2093, longitude=3.2247
    )
    vegetables, _ = ProductCategory.objects.update_or_create(
        slug="groenten",
        defaults={"name_nl": "Groenten", "name_fr": "Légumes", "name_en": "Vegetables"},
    )
    potatoes, _ = ProductCategory.objects.update_or_create(
        slug="aardappelen",
        defaults={
            "name_nl": "Aardappelen",
            "name_fr": "Pommes de terre",
            "name_en": "Potatoes",
            "parent": vegetables,
        },
    )
    cheese, _ = ProductCategory.objects.update_or_create(
        slug="test-kaas", defaults={"name_nl": "Kaas", "name_fr": "Fromage", "name_en": "Cheese"}
    )
    near = ActorFactory(
        name="Hoeve De Kouter",
        slug="hoeve-de-kouter",
        kind=ActorKind.FARMER,
        municipality=gent,
        latitude=51.0300,
        longitude=3.7000,
        description="Seizoensgroenten van eigen veld.",
    )
    OfferFactory(actor=near, category=potatoes)
    shop = SalesPointFactory(actor=near, channel=Channel.FARM_SHOP, name="Hoevewinkel")
    OpeningHoursFactory(sales_point=shop, weekday=5, opens="09:00", closes="12:00")
    maker = ActorFactory(
        name="Kaasmakerij Ter Beke",
        slug="kaasmakerij-ter-beke",
        kind=ActorKind.PROCESSOR,
        municipality=merelbeke,
        latitude=50.9947,
        longitude=3.7456,
    )
    OfferFactory(actor=maker, category=cheese)
    SalesPointFactory(actor=maker, channel=Channel.FARMERS_MARKET, name="Vrijdagmarkt")
    far = ActorFactory(
        name="Aardappelhoeve Verhaeghe",
        slug="aardappelhoeve-verhaeghe",
        kind=ActorKind.FARMER,
        municipality=brugge,
        latitude=51.2093,
        longitude=3.2247,
    )
    OfferFactory(actor=far, category=potatoes)
    return near, maker, far


def test_a_citizen_finds_potatoes_within_10_km_on_the_list_and_the_map(
    page, live_server, potato_country
):
    page.goto(directory_url(live_server))
    expect(page.locator(".result")).to_have_count(3)
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)

    page.locator("#id_q").press_sequentially("aardappelen", delay=30)
    # Live filtering while typing: the cheese maker goes, both potato farms stay.
    expect(page.locator(".result")).to_have_count(2)
    page.fill("#id_place", "Gent")
    page.select_option("#id_radius_km", "10")
    page.locator("#id_place").dispatch_event("change")

    results = page.locator(".result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Hoeve De Kouter")
    expect(results.first.locator(".result-distance")).to_have_text(re.compile(r"\d+,\d\s*km"))
    expect(page.locator("#directory-results")).not_to_contain_text("Aardappelhoeve Verhaeghe")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    # The URL can be shared: it holds the search, and only what was filled in.
    assert "q=aardappelen" in page.url and "place=Gent" in page.url
    assert "radius_km=10" in page.url and "label=" not in page.url

    page.locator(".result-title a", has_text="Hoeve De Kouter").click()
    expect(page.locator("h1")).to_have_text("Hoeve De Kouter")
    expect(page.locator(".hours").first).to_be_visible()


def test_the_marker_popup_links_to_the_producer(page, live_server, potato_country):
    page.goto(directory_url(live_server) + "?q=aardappelen&place=9000&radius_km=10")

    page.locator(".leaflet-marker-icon").first.click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Hoeve De Kouter")
    popup.locator("a").click()
    expect(page.locator("h1")).to_have_text("Hoeve De Kouter")


def test_an_unknown_place_is_a_message_beside_the_field_while_filtering_live(
    page, live_server, potato_country
):
    page.goto(directory_url(live_server))

    page.fill("#id_place", "Atlantis")
    page.locator("#id_place").dispatch_event("change")

    expect(page.locator("#id_place_error")).to_contain_text("Atlantis")
    expect(page.locator(".result")).to_have_count(3)

    page.fill("#id_place", "Gent")
    page.locator("#id_place").dispatch_event("change")
    expect(page.locator("#id_place_error")).to_be_empty()


def test_the_directory_works_without_javascript(browser, live_server, potato_country):
    context = browser.new_context(java_script_enabled=False, locale="nl-BE")
    page = context.new_page()
    try:
        page.goto(directory_url(live_server))
        page.fill("#id_q", "aardappelen")
        page.fill("#id_place", "9000")
        page.select_option("#id_radius_km", "10")
        page.locator("#directory-form button[type=submit]").click()

        expect(page.locator(".result")).to_have_count(1)
        expect(page.locator(".result").first).to_contain_text("Hoeve De Kouter")
        expect(page.locator(".map-fallback")).to_be_visible()
    finally:
        context.close()


def test_the_directory_on_a_phone_shows_search_then_map_then_list(
    browser, live_server, potato_country
):
    context = browser.new_context(locale="nl-BE", viewport=PHONE)
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(directory_url(live_server) + "?q=aardappelen&place=Gent&radius_km=50")
        expect(page.locator(".leaflet-marker-icon")).to_have_count(2)

        # Nothing is wider than the phone, and the search comes first.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        search = page.locator("#id_q").bounding_box()
        map_box = page.locator("#directory-map").bounding_box()
        first_result = page.locator(".result").first.bounding_box()
        assert search["y"] < map_box["y"] < first_result["y"]
        # The extra filters fold away on a phone.
        expect(page.locator("#id_channel")).to_be_hidden()
        page.locator(".more-filters > summary").click()
        expect(page.locator("#id_channel")).to_be_visible()
        page.locator(".more-filters > summary").click()

        page.screenshot(path=str(SCREENSHOTS / "ketenwerk-directory-360.png"), full_page=True)
    finally:
        context.close()


def test_screenshot_of_the_directory_on_a_wide_screen(page, live_server, potato_country):
    page.goto(directory_url(live_server) + "?q=aardappelen&place=Gent&radius_km=50")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)

    # List and map side by side: the map starts beside the first result.
    map_box = page.locator("#directory-map").bounding_box()
    first_result = page.locator(".result").first.bounding_box()
    assert map_box["x"] > first_result["x"] + first_result["width"]

    page.screenshot(path=str(SCREENSHOTS / "ketenwerk-directory.png"), full_page=False)


def test_use_my_location_sorts_by_distance_from_where_the_citizen_is(
    browser, live_server, potato_country
):
    context = browser.new_context(
        locale="nl-BE",
        geolocation={"latitude": 50.99, "longitude": 3.75},  # beside the cheese maker
        permissions=["geolocation"],
    )
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(directory_url(live_server))
        page.locator("#locate-button").click()

        expect(page.locator("#near-status")).to_be_visible()
        expect(page.locator(".result")).to_have_count(2)
        expect(page.locator(".result").first).to_contain_text("Kaasmakerij Ter Beke")
        assert "near=50.990%2C3.750" in page.url or "near=50.990,3.750" in page.url

        # Typing a place replaces the location.
        page.fill("#id_place", "Brugge")
        page.locator("#id_place").dispatch_event("change")
        expect(page.locator("#near-status")).to_be_hidden()
        expect(page.locator(".result").first).to_contain_text("Aardappelhoeve Verhaeghe")
    finally:
        context.close()


def _log_in(page, live_server, client, user):
    """Give the browser the session of `user`, made by Django's test client."""
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_registering_shows_the_kitchen_type_for_kitchens_and_places_the_marker(
    page, live_server, client, potato_country
):
    _log_in(page, live_server, client, UserFactory())
    with translation.override("nl"):
        page.goto(live_server.url + reverse("actors:register"))

    expect(page.locator("#id_kitchen_type")).to_be_hidden()
    page.locator("#id_kind input[value=kitchen]").check()
    expect(page.locator("#id_kitchen_type")).to_be_visible()

    # A postcode finds the municipality; the marker and the point go to its centre.
    page.locator("#id_postcode").press_sequentially("9030")
    expect(page.locator("#id_municipality option:checked")).to_have_text("Gent")
    expect(page.locator("#id_latitude")).to_have_value("51.05430")
    expect(page.locator("#location-picker .leaflet-marker-icon")).to_have_count(1)

    # A click on the map moves the point there.
    page.locator("#location-picker").click(position={"x": 260, "y": 190})
    assert page.locator("#id_latitude").input_value() != "51.05430"


def test_a_manager_adds_a_row_of_opening_hours(page, live_server, client, potato_country):
    near = potato_country[0]
    owner = UserFactory()
    ActorManager.objects.create(actor=near, user=owner, role=ManagerRole.OWNER)
    _log_in(page, live_server, client, owner)
    shop = near.sales_points.get()
    with translation.override("nl"):
        page.goto(
            live_server.url
            + reverse("actors:sales_point_edit", kwargs={"slug": near.slug, "pk": shop.pk})
        )

    rows = page.locator("#hours-rows tr")
    expect(rows).to_have_count(4)  # Saturday, and three empty rows
    page.locator("[data-formset-add=hours]").click()
    expect(rows).to_have_count(5)
    expect(page.locator("#id_hours-TOTAL_FORMS")).to_have_value("5")
    page.select_option("#id_hours-4-weekday", "6")
    page.fill("#id_hours-4-opens", "10:00")
    page.fill("#id_hours-4-closes", "16:00")
    page.locator(".sales-point-form button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert [(hours.weekday, f"{hours.opens:%H:%M}") for hours in shop.opening_hours.all()] == [
        (5, "09:00"),
        (6, "10:00"),
    ]
