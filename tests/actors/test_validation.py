"""Bad input on actors, sales points, hours, offers and needs: a field message, never a 500.

Both doors are tried: the API answers 400 with `{field: [messages]}` and writes nothing; the
pages show the message on the field and write nothing. Validators live on the models
(network.validators, actors.validators) so both doors say the same thing. Text is stored as
typed, HTML included, and escaped wherever a page shows it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from actors.models import Actor, Need, Offer, OpeningException, SalesPoint
from tests.factories import ProductCategoryFactory, SalesPointFactory

pytestmark = pytest.mark.django_db

OUTSIDE_BELGIUM = "lies outside Belgium"


def page(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def potatoes():
    return ProductCategoryFactory(slug="t-aardappelen", name_nl="Aardappelen")


@pytest.fixture
def client_as(client_as):
    """The API client of tests/actors, asking for English: these tests read the msgids, and
    the API otherwise answers in Dutch, the platform's default."""

    def make(user=None):
        client = client_as(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def new_actor(municipality, **change):
    return {
        "kind": "farmer",
        "name": "Hoeve Validatie",
        "municipality": municipality.nis_code,
        "latitude": 51.05,
        "longitude": 3.72,
        **change,
    }


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    messages = body[field]
    assert isinstance(messages, list | dict) and messages, body


# --- Actors through the API ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"latitude": 10.0}, "latitude"),  # on Earth, not in Belgium
        ({"longitude": 12.5}, "longitude"),
        ({"latitude": -91}, "latitude"),
        ({"longitude": 181}, "longitude"),
        ({"latitude": "Infinity"}, "latitude"),
        ({"latitude": "51,05"}, "latitude"),  # a decimal comma is no number in JSON
        ({"description": "x" * 5001}, "description"),
        ({"street_address": "x" * 201}, "street_address"),
        ({"phone": "0" * 31}, "phone"),
        ({"website": "https://" + "x" * 250 + ".be"}, "website"),
        ({"kind": "FARMER"}, "kind"),  # enums are exact
        ({"kind": ""}, "kind"),
        ({"founded_year": "nineteen"}, "founded_year"),
        ({"founded_year": 99999}, "founded_year"),
        ({"postcode": "9000a"}, "postcode"),
        ({"is_public": "perhaps"}, "is_public"),
        ({"name": "\x00"}, "name"),  # a NUL byte PostgreSQL could not store
    ],
)
def test_an_invalid_actor_is_a_400_on_the_field_and_writes_nothing(
    client_as, stranger, municipality, change, field
):
    response = client_as(stranger).post(
        "/api/v1/actors/", new_actor(municipality, **change), format="json"
    )

    assert_field_error(response, field)
    assert not Actor.objects.exists()


def test_swapped_coordinates_are_named_on_both_fields(client_as, stranger, municipality):
    body = new_actor(municipality, latitude=3.72, longitude=51.05)

    response = client_as(stranger).post("/api/v1/actors/", body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert OUTSIDE_BELGIUM in errors["latitude"][0]
    assert "-180" not in errors["longitude"][0]  # 51.05 is a longitude on Earth, not here
    assert OUTSIDE_BELGIUM in errors["longitude"][0]


def test_a_point_on_the_border_is_accepted(client_as, stranger, municipality):
    # De Panne, the westernmost municipality, and Arlon near the Luxembourg border.
    for latitude, longitude in ((51.10, 2.59), (49.68, 5.82)):
        body = new_actor(municipality, name=f"Grens {longitude}", latitude=latitude)
        body["longitude"] = longitude

        response = client_as(stranger).post("/api/v1/actors/", body, format="json")

        assert response.status_code == 201, response.content


def test_a_change_that_moves_an_actor_abroad_leaves_it_where_it_was(client_as, owner, actor):
    response = client_as(owner).patch(
        f"/api/v1/actors/{actor.slug}/", {"latitude": 48.85, "longitude": 2.35}, format="json"
    )

    assert_field_error(response, "latitude")
    actor.refresh_from_db()
    assert (round(actor.latitude, 2), round(actor.longitude, 2)) == (51.05, 3.72)


# --- HTML in text fields ------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script><b onmouseover="steal()">Hoeve</b>'


def test_html_in_text_is_stored_as_typed_and_escaped_on_the_pages(
    client_as, client, stranger, municipality
):
    body = new_actor(municipality, name="Hoeve <i>Schuin</i>", description=SCRIPT)

    response = client_as(stranger).post("/api/v1/actors/", body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["description"] == SCRIPT  # JSON carries the text; it is no HTML
    assert data["name"] == "Hoeve <i>Schuin</i>"
    actor = Actor.objects.get()
    actor.is_public = True
    actor.save()
    html = client.get(page("actors:actor_detail", slug=actor.slug)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Hoeve &lt;i&gt;Schuin&lt;/i&gt;" in html
    assert '<script>alert("x")' not in html
    assert 'onmouseover="steal()"' not in html
    directory = client.get(page("actors:directory")).content.decode()
    assert "Hoeve &lt;i&gt;Schuin&lt;/i&gt;" in directory
    assert "<i>Schuin</i>" not in directory


# --- Sales points and opening hours through the API ---------------------------------------------


def period(weekday, opens, closes):
    return {"weekday": weekday, "opens": opens, "closes": closes}


def sales_point(actor, **change):
    return {
        "actor": actor.slug,
        "channel": "farm_shop",
        "name": "Hoevewinkel",
        "latitude": 51.05,
        "longitude": 3.72,
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"latitude": 52.5, "longitude": 4.9}, "latitude"),  # Amsterdam
        ({"latitude": 51.05, "longitude": -3.72}, "longitude"),
        ({"name": "x" * 151}, "name"),
        ({"description": "x" * 2001}, "description"),
        ({"channel": "Farm_Shop"}, "channel"),
        ({"opening_hours": [period(7, "09:00", "12:00")]}, "opening_hours"),
        ({"opening_hours": [period(-1, "09:00", "12:00")]}, "opening_hours"),
        ({"opening_hours": [period(1, "12:00", "09:00")]}, "opening_hours"),
        ({"opening_hours": [period(1, "09:00", "09:00")]}, "opening_hours"),
        ({"opening_hours": [period(1, "24:00", "25:00")]}, "opening_hours"),
        ({"opening_hours": [period(1, "9u", "12u")]}, "opening_hours"),
        ({"opening_hours": [{"weekday": 1, "opens": "09:00"}]}, "opening_hours"),
        ({"opening_hours": {"monday": "9-12"}}, "opening_hours"),
        (
            {
                "opening_hours": [
                    period(2, "09:00", "13:00"),
                    period(2, "12:00", "18:00"),  # overlaps the morning
                ]
            },
            "opening_hours",
        ),
    ],
)
def test_an_invalid_sales_point_is_a_400_and_writes_nothing(client_as, owner, actor, change, field):
    response = client_as(owner).post(
        "/api/v1/sales-points/", sales_point(actor, **change), format="json"
    )

    assert_field_error(response, field)
    assert not SalesPoint.objects.exists()


def test_two_separate_periods_on_one_day_are_fine(client_as, owner, actor):
    hours = [
        {"weekday": 2, "opens": "09:00", "closes": "12:00"},
        {"weekday": 2, "opens": "12:00", "closes": "18:00"},  # touching is not overlapping
    ]

    response = client_as(owner).post(
        "/api/v1/sales-points/", sales_point(actor, opening_hours=hours), format="json"
    )

    assert response.status_code == 201, response.content
    assert [(h["opens"], h["closes"]) for h in response.json()["opening_hours"]] == [
        ("09:00:00", "12:00:00"),
        ("12:00:00", "18:00:00"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2001-01-01"}, "date"),  # in the past
        ({"date": "9999-12-31"}, "date"),  # far beyond any plan
        ({"date": "31/12/2026"}, "date"),
        ({"date": "{tomorrow}", "is_closed": False}, "opens"),
        ({"date": "{tomorrow}", "is_closed": False, "opens": "18:00", "closes": "10:00"}, "closes"),
        ({"date": "{tomorrow}", "note": "x" * 151}, "note"),
    ],
)
def test_an_invalid_opening_exception_is_a_400(client_as, owner, actor, body, field):
    point = SalesPointFactory(actor=actor)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = {**body, "date": body["date"].replace("{tomorrow}", tomorrow)}

    response = client_as(owner).post(
        f"/api/v1/sales-points/{point.pk}/opening-exceptions/", body, format="json"
    )

    assert_field_error(response, field)
    assert not OpeningException.objects.exists()


def test_an_opening_exception_in_the_past_has_the_page_s_message(client_as, owner, actor):
    point = SalesPointFactory(actor=actor)

    response = client_as(owner).post(
        f"/api/v1/sales-points/{point.pk}/opening-exceptions/",
        {"date": "2001-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json()["date"] == ["Choose today or a later date."]


# --- Offers and needs through the API -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"volume_per_week": -1}, "volume_per_week"),
        ({"volume_per_week": "123456789.12"}, "volume_per_week"),  # 11 digits, 10 allowed
        ({"volume_per_week": "0.001"}, "volume_per_week"),  # 2 decimals allowed
        ({"volume_per_week": "NaN"}, "volume_per_week"),
        ({"volume_per_week": "1e400"}, "volume_per_week"),
        ({"months": [0]}, "months"),
        ({"months": [13]}, "months"),
        ({"months": []}, "months"),
        ({"months": "summer"}, "months"),
        ({"unit": "ton"}, "unit"),
        ({"category": "no-such-product"}, "category"),
        ({"description": "x" * 301}, "description"),
    ],
)
def test_an_invalid_offer_is_a_400_and_writes_nothing(
    client_as, owner, actor, potatoes, change, field
):
    body = {"actor": actor.slug, "category": potatoes.slug, **change}

    response = client_as(owner).post("/api/v1/offers/", body, format="json")

    assert_field_error(response, field)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"max_distance_km": 0}, "max_distance_km"),
        ({"max_distance_km": 301}, "max_distance_km"),
        ({"max_distance_km": -5}, "max_distance_km"),
        ({"volume": -0.5}, "volume"),
        ({"volume": "99999999999"}, "volume"),
        ({"start_date": "1850-01-01"}, "start_date"),
        ({"start_date": "2300-01-01"}, "start_date"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"kind": "wish"}, "kind"),
        ({"frequency": "hourly"}, "frequency"),
        ({"kind": "service", "service": "teleport", "category": None}, "service"),
    ],
)
def test_an_invalid_need_is_a_400_and_writes_nothing(
    client_as, owner, actor, potatoes, change, field
):
    body = {"actor": actor.slug, "kind": "product", "category": potatoes.slug, **change}

    response = client_as(owner).post("/api/v1/needs/", body, format="json")

    assert_field_error(response, field)
    assert not Need.objects.exists()


# --- The same rules on the pages ----------------------------------------------------------------


def register_form(municipality, **change):
    return {
        "name": "Zuivelhoeve Ter Beke",
        "kind": "farmer",
        "kitchen_type": "",
        "postcode": "9000",
        "municipality": str(municipality.pk),
        "latitude": "",
        "longitude": "",
        "description": "Melk en kaas.",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"latitude": "10", "longitude": "3.7"}, "latitude", OUTSIDE_BELGIUM),
        ({"latitude": "51.05", "longitude": "51.05"}, "longitude", OUTSIDE_BELGIUM),
        ({"latitude": "abc", "longitude": "3.7"}, "latitude", "Enter a number."),
        ({"description": "x" * 5001}, "description", "at most 5000 characters"),
        ({"name": "x" * 151}, "name", "at most 150 characters"),
        ({"kind": "alien"}, "kind", "Select a valid choice"),
        ({"founded_year": "1066"}, "founded_year", "greater than or equal to 1800"),
    ],
)
def test_the_register_page_shows_the_error_on_the_field(
    client, owner, municipality, change, field, message
):
    client.force_login(owner)

    response = client.post(page("actors:register"), register_form(municipality, **change))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Actor.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"max_distance_km": "0"}, "max_distance_km", "greater than or equal to 1"),
        ({"max_distance_km": "1000"}, "max_distance_km", "less than or equal to 300"),
        ({"volume": "-3"}, "volume", "greater than or equal to 0"),
        ({"volume": "123456789012"}, "volume", "no more than 10 digits"),
        ({"start_date": "1812-06-18"}, "start_date", "between 1900 and 2100"),
        ({"start_date": "not-a-date"}, "start_date", "Enter a valid date."),
    ],
)
def test_the_need_page_shows_the_error_on_the_field(
    client, owner, actor, potatoes, data, field, message
):
    client.force_login(owner)
    form = {
        "kind": "product",
        "category": str(potatoes.pk),
        "frequency": "weekly",
        "max_distance_km": "30",
        "is_active": "on",
        **data,
    }

    response = client.post(page("actors:need_create", slug=actor.slug), form)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Need.objects.exists()


def test_the_offer_page_refuses_a_negative_volume(client, owner, actor, potatoes):
    client.force_login(owner)

    response = client.post(
        page("actors:offer_create", slug=actor.slug),
        {"category": str(potatoes.pk), "months": ["6"], "volume_per_week": "-1", "unit": "kg"},
    )

    assert response.status_code == 200
    assert 'id="id_volume_per_week_error"' in response.content.decode()
    assert not Offer.objects.exists()


def test_the_opening_exception_page_refuses_an_absurd_year(client, owner, actor):
    point = SalesPointFactory(actor=actor)
    client.force_login(owner)

    response = client.post(
        page("actors:opening_exception_create", slug=actor.slug, pk=point.pk),
        {"date": "9999-12-31", "is_closed": "on"},
    )

    assert response.status_code == 200
    assert "between 1900 and 2100" in response.content.decode()
    assert not OpeningException.objects.exists()
