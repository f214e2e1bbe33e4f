"""Writing sales points, offers and needs: the permission matrix and field-level errors.

An actor's managers (owner and editors) and staff write its rows. A listed actor one does not
manage is refused with 403; an actor one cannot see is unknown (400 on `actor`), as a slug
nobody uses, so an unlisted actor's existence cannot be probed.
"""

import datetime

import pytest

from actors.choices import Channel, NeedKind, ServiceKind
from actors.models import Need, Offer, OpeningException, OpeningHours, SalesPoint
from tests.factories import (
    ActorFactory,
    NeedFactory,
    OfferFactory,
    OpeningHoursFactory,
    ProductCategoryFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db

MODELS = {"sales-points": SalesPoint, "offers": Offer, "needs": Need}
ENDPOINTS = list(MODELS)


@pytest.fixture
def potatoes():
    return ProductCategoryFactory(slug="t-aardappelen", name_nl="Aardappelen")


def payload(endpoint, actor_slug):
    return {
        "sales-points": {
            "actor": actor_slug,
            "channel": "farm_shop",
            "name": "Hoevewinkel",
            "latitude": 51.05,
            "longitude": 3.72,
            "opening_hours": [{"weekday": 5, "opens": "09:00", "closes": "12:00"}],
        },
        "offers": {"actor": actor_slug, "category": "t-aardappelen", "months": [8, 6, 7]},
        "needs": {"actor": actor_slug, "kind": "product", "category": "t-aardappelen"},
    }[endpoint]


def existing_row(endpoint, actor, category):
    if endpoint == "sales-points":
        return SalesPointFactory(actor=actor)
    if endpoint == "offers":
        return OfferFactory(actor=actor, category=category)
    return NeedFactory(actor=actor, category=category)


def url(endpoint, pk=None):
    return f"/api/v1/{endpoint}/" + (f"{pk}/" if pk else "")


# --- The permission matrix ----------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 201), ("owner", 201), ("staff", 201)],
)
def test_who_may_add_a_row_to_an_actor(client_as, people, actor, potatoes, endpoint, who, status):
    response = client_as(people[who]).post(
        url(endpoint), payload(endpoint, actor.slug), format="json"
    )

    assert response.status_code == status, response.content
    assert MODELS[endpoint].objects.filter(actor=actor).exists() is (status == 201)
    if status == 201:
        assert response.json()["actor"] == actor.slug


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 200), ("owner", 200), ("staff", 200)],
)
def test_who_may_change_a_row(client_as, people, actor, potatoes, endpoint, who, status):
    row = existing_row(endpoint, actor, potatoes)

    response = client_as(people[who]).patch(
        url(endpoint, row.pk), {"description": "Aangepast"}, format="json"
    )

    assert response.status_code == status, response.content
    row.refresh_from_db()
    assert (row.description == "Aangepast") is (status == 200)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 204), ("owner", 204), ("staff", 204)],
)
def test_who_may_delete_a_row(client_as, people, actor, potatoes, endpoint, who, status):
    row = existing_row(endpoint, actor, potatoes)

    response = client_as(people[who]).delete(url(endpoint, row.pk))

    assert response.status_code == status
    assert MODELS[endpoint].objects.filter(pk=row.pk).exists() is (status != 204)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_adding_to_an_unlisted_actor_of_someone_else_is_an_unknown_actor(
    client_as, people, municipality, owner, potatoes, endpoint
):
    ActorFactory(slug="stille-hoeve", municipality=municipality, is_public=False, owner=owner)
    body = payload(endpoint, "stille-hoeve")

    hidden = client_as(people["stranger"]).post(url(endpoint), body, format="json")
    unknown = client_as(people["stranger"]).post(
        url(endpoint), payload(endpoint, "no-such-actor"), format="json"
    )
    own = client_as(owner).post(url(endpoint), body, format="json")

    assert hidden.status_code == unknown.status_code == 400
    assert "actor" in hidden.json() and "actor" in unknown.json()
    assert own.status_code == 201


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_changing_a_row_of_an_unlisted_actor_is_not_found_for_others(
    client_as, people, municipality, owner, potatoes, endpoint
):
    hidden = ActorFactory(municipality=municipality, is_public=False, owner=owner)
    row = existing_row(endpoint, hidden, potatoes)

    for method in ("patch", "delete"):
        response = getattr(client_as(people["stranger"]), method)(url(endpoint, row.pk))
        assert response.status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_row_cannot_move_to_another_actor(
    client_as, owner, actor, municipality, potatoes, endpoint
):
    ActorFactory(slug="tweede-hoeve", municipality=municipality, owner=owner)
    row = existing_row(endpoint, actor, potatoes)
    client = client_as(owner)

    moved = client.patch(url(endpoint, row.pk), {"actor": "tweede-hoeve"}, format="json")
    same = client.patch(url(endpoint, row.pk), {"actor": actor.slug}, format="json")

    assert moved.status_code == 400
    assert "actor" in moved.json()
    assert same.status_code == 200
    row.refresh_from_db()
    assert row.actor_id == actor.pk


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_manager_can_read_and_reactivate_a_paused_row(
    client_as, editor, actor, potatoes, endpoint
):
    row = existing_row(endpoint, actor, potatoes)
    client = client_as(editor)

    client.patch(url(endpoint, row.pk), {"is_active": False}, format="json")
    assert client_as().get(url(endpoint, row.pk)).status_code == 404
    response = client.patch(url(endpoint, row.pk), {"is_active": True}, format="json")

    assert response.status_code == 200
    assert response.json()["is_active"] is True


# --- Sales points and opening hours ---------------------------------------------------------------


def test_sales_point_is_created_with_its_weekly_hours(client_as, owner, actor, potatoes):
    body = payload("sales-points", actor.slug)
    body["opening_hours"] = [
        {"weekday": 5, "opens": "09:00", "closes": "12:00"},
        {"weekday": 2, "opens": "16:00", "closes": "19:00"},
        {"weekday": 5, "opens": "13:00", "closes": "17:00"},
    ]

    response = client_as(owner).post(url("sales-points"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["opening_hours"] == [
        {"weekday": 2, "opens": "16:00:00", "closes": "19:00:00"},
        {"weekday": 5, "opens": "09:00:00", "closes": "12:00:00"},
        {"weekday": 5, "opens": "13:00:00", "closes": "17:00:00"},
    ]


def test_hours_are_replaced_when_given_and_kept_when_not(client_as, owner, actor):
    point = SalesPointFactory(actor=actor)
    OpeningHoursFactory(sales_point=point, weekday=0)
    client = client_as(owner)

    client.patch(url("sales-points", point.pk), {"name": "Nieuwe naam"}, format="json")
    assert list(point.opening_hours.values_list("weekday", flat=True)) == [0]

    client.patch(
        url("sales-points", point.pk),
        {"opening_hours": [{"weekday": 3, "opens": "10:00", "closes": "11:00"}]},
        format="json",
    )
    assert list(point.opening_hours.values_list("weekday", flat=True)) == [3]

    client.patch(url("sales-points", point.pk), {"opening_hours": []}, format="json")
    assert not point.opening_hours.exists()


@pytest.mark.parametrize(
    "hours",
    [
        [{"weekday": 5, "opens": "12:00", "closes": "09:00"}],  # closes before it opens
        [{"weekday": 5, "opens": "09:00", "closes": "09:00"}],
        [{"weekday": 7, "opens": "09:00", "closes": "12:00"}],  # no eighth day
        [{"weekday": 5, "opens": "9 o'clock", "closes": "12:00"}],
        [{"weekday": 5, "opens": "09:00"}],
        [  # two periods that overlap on one day
            {"weekday": 5, "opens": "09:00", "closes": "12:00"},
            {"weekday": 5, "opens": "11:00", "closes": "14:00"},
        ],
        "Saturday mornings",
    ],
)
def test_bad_opening_hours_are_a_400_and_nothing_is_saved(client_as, owner, actor, hours):
    body = {**payload("sales-points", actor.slug), "opening_hours": hours}

    response = client_as(owner).post(url("sales-points"), body, format="json")

    assert response.status_code == 400, response.content
    assert "opening_hours" in response.json()
    assert not SalesPoint.objects.filter(actor=actor).exists()
    assert not OpeningHours.objects.exists()


def test_overlapping_hours_on_update_leave_the_old_hours(client_as, owner, actor):
    point = SalesPointFactory(actor=actor)
    OpeningHoursFactory(sales_point=point, weekday=0)
    hours = [
        {"weekday": 1, "opens": "09:00", "closes": "12:00"},
        {"weekday": 1, "opens": "10:00", "closes": "11:00"},
    ]

    response = client_as(owner).patch(
        url("sales-points", point.pk), {"name": "X", "opening_hours": hours}, format="json"
    )

    assert response.status_code == 400
    assert "opening_hours" in response.json()
    point.refresh_from_db()
    assert point.name == "Hoevewinkel"
    assert list(point.opening_hours.values_list("weekday", flat=True)) == [0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"latitude": 51.0, "longitude": None}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"latitude": 91}, "latitude"),
        ({"channel": "teleport"}, "channel"),
        ({"postcode": "12345"}, "postcode"),
        ({"municipality": "99999"}, "municipality"),
        ({"channel": None}, "channel"),
    ],
)
def test_invalid_sales_point_is_a_400_naming_the_field(client_as, owner, actor, change, field):
    body = {**payload("sales-points", actor.slug), **change}

    response = client_as(owner).post(url("sales-points"), body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_webshop_needs_no_place(client_as, owner, actor):
    body = {"actor": actor.slug, "channel": "webshop", "name": "Webwinkel"}

    response = client_as(owner).post(url("sales-points"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["latitude"] is None
    assert response.json()["municipality"] is None


# --- Opening exceptions ---------------------------------------------------------------------------


def exceptions_url(point, date=None):
    return f"/api/v1/sales-points/{point.pk}/opening-exceptions/" + (f"{date}/" if date else "")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 201), ("owner", 201), ("staff", 201)],
)
def test_who_may_record_a_closed_day(client_as, people, actor, who, status):
    point = SalesPointFactory(actor=actor)

    response = client_as(people[who]).post(
        exceptions_url(point), {"date": "2026-12-25", "note": "Kerstmis"}, format="json"
    )

    assert response.status_code == status
    assert OpeningException.objects.filter(sales_point=point).exists() is (status == 201)
    if status == 201:
        assert response.json() == {
            "date": "2026-12-25",
            "is_closed": True,
            "opens": None,
            "closes": None,
            "note": "Kerstmis",
        }


def test_recording_a_date_again_replaces_it(client_as, owner, actor):
    point = SalesPointFactory(actor=actor)
    client = client_as(owner)
    client.post(exceptions_url(point), {"date": "2026-12-24"}, format="json")

    response = client.post(
        exceptions_url(point),
        {"date": "2026-12-24", "is_closed": False, "opens": "09:00", "closes": "12:00"},
        format="json",
    )

    assert response.status_code == 201
    exception = OpeningException.objects.get(sales_point=point)
    assert (exception.is_closed, exception.opens) == (False, datetime.time(9))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2026-12-24", "is_closed": False}, "opens"),
        ({"date": "2026-12-24", "is_closed": False, "opens": "12:00", "closes": "09:00"}, "closes"),
        ({"date": "24/12/2026"}, "date"),
        ({}, "date"),
    ],
)
def test_bad_opening_exception_is_a_400(client_as, owner, actor, body, field):
    point = SalesPointFactory(actor=actor)

    response = client_as(owner).post(exceptions_url(point), body, format="json")

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 204), ("owner", 204), ("staff", 204)],
)
def test_who_may_remove_an_opening_exception(client_as, people, actor, who, status):
    point = SalesPointFactory(actor=actor)
    OpeningException.objects.create(sales_point=point, date=datetime.date(2026, 12, 25))

    response = client_as(people[who]).delete(exceptions_url(point, "2026-12-25"))

    assert response.status_code == status
    assert OpeningException.objects.filter(sales_point=point).exists() is (status != 204)


def test_removing_an_exception_that_is_not_there_is_404(client_as, owner, actor):
    point = SalesPointFactory(actor=actor)
    client = client_as(owner)

    assert client.delete(exceptions_url(point, "2026-12-25")).status_code == 404
    assert client.delete(exceptions_url(point, "2026-13-45")).status_code == 404
    assert client.delete(exceptions_url(point, "christmas")).status_code == 404


# --- Offers ---------------------------------------------------------------------------------------


def test_offer_months_are_stored_as_a_season(client_as, owner, actor, potatoes):
    response = client_as(owner).post(url("offers"), payload("offers", actor.slug), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["months"] == [6, 7, 8]
    offer = Offer.objects.get(actor=actor)
    assert offer.in_season(7) and not offer.in_season(9)


def test_an_offer_without_months_is_all_year(client_as, owner, actor, potatoes):
    body = {"actor": actor.slug, "category": "t-aardappelen"}

    response = client_as(owner).post(url("offers"), body, format="json")

    assert response.json()["months"] == list(range(1, 13))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"months": []}, "months"),
        ({"months": [0]}, "months"),
        ({"months": [13]}, "months"),
        ({"months": "summer"}, "months"),
        ({"category": "no-such-product"}, "category"),
        ({"category": None}, "category"),
        ({"volume_per_week": -1}, "volume_per_week"),
        ({"volume_per_week": "NaN"}, "volume_per_week"),
        ({"volume_per_week": "123456789012"}, "volume_per_week"),
        ({"unit": "gallon"}, "unit"),
        ({"description": "x" * 301}, "description"),
    ],
)
def test_invalid_offer_is_a_400_naming_the_field(client_as, owner, actor, potatoes, change, field):
    response = client_as(owner).post(
        url("offers"), {**payload("offers", actor.slug), **change}, format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json()


# --- Needs ----------------------------------------------------------------------------------------


def test_a_service_need(client_as, owner, actor):
    body = {"actor": actor.slug, "kind": "service", "service": "cold_storage", "volume": "2"}

    response = client_as(owner).post(url("needs"), body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["service"] == ServiceKind.COLD_STORAGE
    assert response.json()["category"] is None


def test_a_product_need_drops_a_service_given_with_it(client_as, owner, actor, potatoes):
    body = {**payload("needs", actor.slug), "service": "transport"}

    response = client_as(owner).post(url("needs"), body, format="json")

    assert response.status_code == 201
    assert Need.objects.get(actor=actor).service == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": None}, "category"),  # a product need names the product
        ({"kind": "service", "category": None}, "service"),  # a service need names the service
        ({"kind": "wish"}, "kind"),
        ({"service": "teleportation"}, "service"),
        ({"max_distance_km": 0}, "max_distance_km"),
        ({"max_distance_km": 301}, "max_distance_km"),
        ({"frequency": "hourly"}, "frequency"),
        ({"start_date": "tomorrow"}, "start_date"),
    ],
)
def test_invalid_need_is_a_400_naming_the_field(client_as, owner, actor, potatoes, change, field):
    response = client_as(owner).post(
        url("needs"), {**payload("needs", actor.slug), **change}, format="json"
    )

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Need.objects.filter(actor=actor).exists()


def test_changing_a_need_to_a_service_keeps_the_rules(client_as, owner, actor, potatoes):
    need = NeedFactory(actor=actor, kind=NeedKind.PRODUCT, category=potatoes)
    client = client_as(owner)

    refused = client.patch(url("needs", need.pk), {"kind": "service"}, format="json")
    accepted = client.patch(
        url("needs", need.pk), {"kind": "service", "service": "transport"}, format="json"
    )

    assert refused.status_code == 400
    assert "service" in refused.json()
    assert accepted.status_code == 200
    assert accepted.json()["service"] == "transport"


def test_rows_answer_with_channel_labels(client_as, owner, actor):
    SalesPointFactory(actor=actor, channel=Channel.SELF_HARVEST)

    row = client_as(owner).get(url("sales-points"), HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert row["channel_display"] == "self-harvest"
