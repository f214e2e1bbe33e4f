"""An actor's public page: what it offers, where and when to buy, who may see it, queries."""

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

from actors.choices import Channel, ManagerRole, NeedKind, ServiceKind
from actors.models import ActorLabel, ActorManager, ProductCategory
from tests.factories import (
    ActorFactory,
    LabelFactory,
    MunicipalityFactory,
    NeedFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    SalesPointFactory,
    UserFactory,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
SATURDAY_10 = datetime.datetime(2026, 6, 6, 10, 0, tzinfo=BRUSSELS)
SATURDAY_13 = datetime.datetime(2026, 6, 6, 13, 0, tzinfo=BRUSSELS)
# Bits for April to September: the potato season.
APRIL_TO_SEPTEMBER = sum(1 << (month - 1) for month in range(4, 10))


def page_url(actor) -> str:
    with translation.override("en"):
        return reverse("actors:actor_detail", kwargs={"slug": actor.slug})


@pytest.fixture
def gent(db):
    return MunicipalityFactory(
        nis_code="44021", slug="gent", name_nl="Gent", name_fr="Gand", postcodes="9000"
    )


@pytest.fixture
def owner(db):
    return UserFactory(email="oona.owner@example.org", first_name="Oona", last_name="Boer")


@pytest.fixture
def farm(gent, owner):
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
    farm = ActorFactory(
        name="Hoeve De Kouter",
        slug="hoeve-de-kouter",
        municipality=gent,
        description="Seizoensgroenten van eigen veld.",
        phone="09 123 45 67",
        email="info@dekouter.be",
        website="https://dekouter.be",
        owner=owner,
    )
    OfferFactory(
        actor=farm,
        category=potatoes,
        description="Nicola, ongewassen",
        season_months=APRIL_TO_SEPTEMBER,
    )
    shop = SalesPointFactory(
        actor=farm, channel=Channel.FARM_SHOP, name="Hoevewinkel", street_address="Kouterweg 3"
    )
    OpeningHoursFactory(sales_point=shop, weekday=5, opens="09:00", closes="12:00")
    OpeningHoursFactory(sales_point=shop, weekday=2, opens="14:00", closes="18:00")
    OpeningExceptionFactory(
        sales_point=shop, date=datetime.date(2026, 8, 15), is_closed=True, note="Hoogdag"
    )
    label = LabelFactory(slug="test-organic", kind="organic", name_en="Organic test label")
    ActorLabel.objects.create(actor=farm, label=label, certifier="Certisys")
    NeedFactory(
        actor=farm,
        kind=NeedKind.SERVICE,
        category=None,
        service=ServiceKind.COLD_STORAGE,
        max_distance_km=20,
    )
    return farm


def test_actor_page_shows_products_with_their_season(client, farm):
    response = client.get(page_url(farm))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="actor-name">Hoeve De Kouter</h1>' in html
    assert "Potatoes" in html and "Nicola, ongewassen" in html
    months = re.findall(r'<li class="(in-season)?[^"]*" title="(\w+)">', html)
    assert [name for in_season, name in months if in_season] == [
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
    ]


def test_actor_page_shows_the_weekly_hours_with_today_highlighted_and_open_now(client, farm):
    with time_machine.travel(SATURDAY_10, tick=False):
        response = client.get(page_url(farm))

    html = response.content.decode()
    assert "Hoevewinkel" in html and "Kouterweg 3" in html
    today = re.search(r'<tr class="is-today" aria-current="date">(.*?)</tr>', html, re.S).group(1)
    assert "Saturday" in today and "09:00–12:00" in today
    assert "14:00–18:00" in html  # Wednesday
    assert '<span class="badge badge-open">Open now</span>' in html


def test_actor_page_says_closed_now_outside_the_hours(client, farm):
    with time_machine.travel(SATURDAY_13, tick=False):
        html = client.get(page_url(farm)).content.decode()

    assert '<span class="badge badge-closed">Closed now</span>' in html
    assert "badge-open" not in html


def test_actor_page_announces_coming_exceptions(client, farm):
    with time_machine.travel(SATURDAY_10, tick=False):
        html = client.get(page_url(farm)).content.decode()

    assert "Coming changes" in html
    assert "Saturday 15 August" in html and "Hoogdag" in html


def test_actor_page_shows_labels_with_certifier_contact_and_needs(client, farm):
    html = client.get(page_url(farm)).content.decode()

    assert "Organic test label" in html and "certified by Certisys" in html
    assert 'href="tel:091234567"' in html
    assert 'href="mailto:info@dekouter.be"' in html
    assert 'href="https://dekouter.be"' in html
    assert "Looking for" in html and "Cold storage" in html


def test_actor_page_never_shows_the_managers_personal_data(client, farm, owner):
    html = client.get(page_url(farm)).content.decode()

    assert owner.email not in html
    assert "Oona" not in html


def test_actor_page_map_has_a_marker_per_sales_point_with_a_place(client, farm, gent):
    SalesPointFactory(actor=farm, channel=Channel.WEBSHOP, latitude=None, longitude=None)
    SalesPointFactory(
        actor=farm, channel=Channel.FARMERS_MARKET, name="Markt", latitude=51.06, longitude=3.72
    )

    html = client.get(page_url(farm)).content.decode()

    data = json.loads(
        re.search(
            r'<script id="actor-map-data" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    assert sorted(marker["name"] for marker in data["markers"]) == ["Hoevewinkel", "Markt"]


def test_unlisted_actor_is_not_found_for_anonymous_visitors_and_other_users(client, farm):
    farm.is_public = False
    farm.save()

    assert client.get(page_url(farm)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(page_url(farm)).status_code == 404


@pytest.mark.parametrize("role", [ManagerRole.OWNER, ManagerRole.EDITOR])
def test_unlisted_actor_is_visible_to_its_managers_with_a_notice(client, farm, role):
    farm.is_public = False
    farm.save()
    manager = UserFactory()
    ActorManager.objects.create(actor=farm, user=manager, role=role)
    client.force_login(manager)

    response = client.get(page_url(farm))

    assert response.status_code == 200
    assert "Not listed: this page is not in the directory" in response.content.decode()


def test_unlisted_actor_is_visible_to_staff(client, farm):
    farm.is_public = False
    farm.save()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(page_url(farm)).status_code == 200


def test_managers_see_links_to_manage_the_page_and_others_do_not(client, farm, owner):
    with translation.override("en"):
        manage = reverse("actors:actor_manage", kwargs={"slug": farm.slug})

    assert manage not in client.get(page_url(farm)).content.decode()
    client.force_login(UserFactory())
    assert manage not in client.get(page_url(farm)).content.decode()
    client.force_login(owner)
    assert manage in client.get(page_url(farm)).content.decode()


def test_an_unknown_actor_is_not_found(client, db):
    with translation.override("en"):
        url = reverse("actors:actor_detail", kwargs={"slug": "nobody-here"})

    assert client.get(url).status_code == 404


def test_the_cooperations_spot_prints_nothing_yet(client, farm):
    html = client.get(page_url(farm)).content.decode()

    assert "coming soon" not in html.lower()
    assert "COOPERATIONS OF THIS ACTOR" not in html  # the include's comment stays a comment


def _add_rows(farm, numbers: range) -> None:
    category = ProductCategory.objects.get(slug="aardappelen")
    for number in numbers:
        shop = SalesPointFactory(actor=farm, name=f"Punt {number}")
        OpeningHoursFactory(sales_point=shop, weekday=number % 7)
        OpeningExceptionFactory(sales_point=shop, date=datetime.date(2026, 12, 25))
        OfferFactory(actor=farm, category=category, description=f"Ras {number}")
        NeedFactory(actor=farm, category=category)


def test_the_actor_page_needs_as_many_queries_for_30_sales_points_and_offers_as_for_3(
    client, farm, owner, django_assert_num_queries
):
    client.force_login(owner)
    _add_rows(farm, range(2))
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_url(farm)).status_code == 200

    _add_rows(farm, range(2, 29))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(page_url(farm)).content.decode()
    assert "Punt 28" in html and "Ras 28" in html
