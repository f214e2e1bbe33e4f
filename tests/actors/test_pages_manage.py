"""Registering and managing an actor through the pages: permissions on every write page, the
forms and their errors, and editor invitations.

The five people of every permission check: anonymous, another user (a stranger), an editor,
the owner, and staff.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from actors.choices import ALL_MONTHS, Channel, ManagerRole, NeedKind
from actors.models import (
    Actor,
    ActorInvitation,
    ActorLabel,
    ActorManager,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    SalesPoint,
)
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


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def login_url() -> str:
    return url("accounts:login")


@pytest.fixture
def gent(db):
    return MunicipalityFactory(
        nis_code="44021",
        slug="gent",
        name_nl="Gent",
        name_fr="Gand",
        postcodes="9000 9030",
        latitude=51.0543,
        longitude=3.7174,
    )


@pytest.fixture
def owner(db):
    return UserFactory(email="oona.owner@example.org")


@pytest.fixture
def editor(db):
    return UserFactory(email="eddy.editor@example.org")


@pytest.fixture
def stranger(db):
    return UserFactory(email="stan.stranger@example.org")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.fixture
def farm(gent, owner, editor, potatoes):
    """A listed farm with one of everything a manager edits: sales point, offer, need."""
    farm = ActorFactory(
        name="Hoeve De Kouter", slug="hoeve-de-kouter", municipality=gent, owner=owner
    )
    ActorManager.objects.create(actor=farm, user=editor, role=ManagerRole.EDITOR)
    shop = SalesPointFactory(actor=farm, channel=Channel.FARM_SHOP, name="Hoevewinkel")
    OpeningHoursFactory(sales_point=shop, weekday=5, opens="09:00", closes="12:00")
    OpeningExceptionFactory(
        sales_point=shop, date=timezone.localdate() + datetime.timedelta(days=30)
    )
    OfferFactory(actor=farm, category=potatoes)
    NeedFactory(actor=farm, category=potatoes)
    return farm


@pytest.fixture
def people(owner, editor, stranger, staff):
    return {
        "anonymous": None,
        "stranger": stranger,
        "editor": editor,
        "owner": owner,
        "staff": staff,
    }


# --- The permission matrix of every write page -----------------------------------------------

CHANGE = "change"  # managers (owner or editor) and staff
OWNER = "owner"  # owners and staff


def _targets(farm):
    shop = farm.sales_points.get()
    return {
        "shop": shop.pk,
        "exception": shop.opening_exceptions.get().pk,
        "offer": farm.offers.get().pk,
        "need": farm.needs.get().pk,
        "editor": farm.managers.get(role=ManagerRole.EDITOR).pk,
    }


# (URL name, who may use it, URL arguments beside the slug, whether it has a GET page)
WRITE_PAGES = [
    ("actors:actor_manage", CHANGE, {}, True),
    ("actors:actor_edit", CHANGE, {}, True),
    ("actors:sales_point_create", CHANGE, {}, True),
    ("actors:sales_point_edit", CHANGE, {"pk": "shop"}, True),
    ("actors:sales_point_delete", CHANGE, {"pk": "shop"}, True),
    ("actors:opening_exception_create", CHANGE, {"pk": "shop"}, True),
    (
        "actors:opening_exception_delete",
        CHANGE,
        {"pk": "shop", "exception_pk": "exception"},
        False,
    ),
    ("actors:offer_create", CHANGE, {}, True),
    ("actors:offer_edit", CHANGE, {"pk": "offer"}, True),
    ("actors:offer_delete", CHANGE, {"pk": "offer"}, True),
    ("actors:need_create", CHANGE, {}, True),
    ("actors:need_edit", CHANGE, {"pk": "need"}, True),
    ("actors:need_delete", CHANGE, {"pk": "need"}, True),
    ("actors:editors", OWNER, {}, True),
    ("actors:editor_remove", OWNER, {"pk": "editor"}, False),
    ("actors:actor_delete", OWNER, {}, True),
]
PAGE_IDS = [page[0].split(":")[1] for page in WRITE_PAGES]


def _page_url(farm, name, arguments):
    targets = _targets(farm)
    return url(name, slug=farm.slug, **{key: targets[value] for key, value in arguments.items()})


def _state(farm):
    """Everything a write page could change, to check that a refused request changed nothing."""
    return (
        Actor.objects.filter(pk=farm.pk).values_list("name", flat=True).first(),
        SalesPoint.objects.filter(actor=farm).count(),
        OpeningHours.objects.filter(sales_point__actor=farm).count(),
        OpeningException.objects.filter(sales_point__actor=farm).count(),
        Offer.objects.filter(actor=farm).count(),
        Need.objects.filter(actor=farm).count(),
        ActorManager.objects.filter(actor=farm).count(),
        ActorInvitation.objects.filter(actor=farm).count(),
    )


@pytest.mark.parametrize(("name", "level", "arguments", "has_get"), WRITE_PAGES, ids=PAGE_IDS)
def test_anonymous_visitors_are_sent_to_log_in(client, farm, name, level, arguments, has_get):
    page = _page_url(farm, name, arguments)
    before = _state(farm)

    for response in (
        client.get(page),
        client.post(page, {"name": "Overgenomen", "email": "x@y.be"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login_url())
    assert _state(farm) == before


@pytest.mark.parametrize(("name", "level", "arguments", "has_get"), WRITE_PAGES, ids=PAGE_IDS)
def test_another_user_is_refused_with_403(client, farm, stranger, name, level, arguments, has_get):
    page = _page_url(farm, name, arguments)
    before = _state(farm)
    client.force_login(stranger)

    assert client.get(page).status_code == 403
    assert client.post(page, {"name": "Overgenomen", "email": "x@y.be"}).status_code == 403
    assert _state(farm) == before


@pytest.mark.parametrize(("name", "level", "arguments", "has_get"), WRITE_PAGES, ids=PAGE_IDS)
def test_an_editor_may_change_the_actor_but_not_manage_editors_or_delete(
    client, farm, editor, name, level, arguments, has_get
):
    page = _page_url(farm, name, arguments)
    client.force_login(editor)

    if level == OWNER:
        before = _state(farm)
        assert client.get(page).status_code == 403
        assert client.post(page, {"email": "new.editor@example.org"}).status_code == 403
        assert _state(farm) == before
    elif has_get:
        assert client.get(page).status_code == 200


@pytest.mark.parametrize("person", ["owner", "staff"])
@pytest.mark.parametrize(("name", "level", "arguments", "has_get"), WRITE_PAGES, ids=PAGE_IDS)
def test_the_owner_and_staff_may_open_every_write_page(
    client, farm, people, person, name, level, arguments, has_get
):
    client.force_login(people[person])

    response = client.get(_page_url(farm, name, arguments))

    assert response.status_code == (200 if has_get else 405)


def test_a_stranger_cannot_even_see_that_an_unlisted_actor_exists(client, farm, stranger):
    farm.is_public = False
    farm.save()
    client.force_login(stranger)

    assert client.get(url("actors:actor_manage", slug=farm.slug)).status_code == 404
    assert client.get(url("actors:actor_edit", slug=farm.slug)).status_code == 404


def test_rows_of_another_actor_are_not_found_through_this_one(client, farm, owner, gent):
    other = ActorFactory(municipality=gent)
    foreign_shop = SalesPointFactory(actor=other)
    foreign_offer = OfferFactory(actor=other)
    client.force_login(owner)

    assert (
        client.get(url("actors:sales_point_edit", slug=farm.slug, pk=foreign_shop.pk)).status_code
        == 404
    )
    assert (
        client.post(url("actors:offer_delete", slug=farm.slug, pk=foreign_offer.pk)).status_code
        == 404
    )
    assert Offer.objects.filter(pk=foreign_offer.pk).exists()


# --- Register ---------------------------------------------------------------------------------


def _register_data(gent, **overrides):
    data = {
        "name": "Zuivelhoeve Ter Beke",
        "kind": "farmer",
        "kitchen_type": "",
        "postcode": "9000",
        "municipality": str(gent.pk),
        "latitude": "",
        "longitude": "",
        "description": "Melk en kaas van eigen koeien.",
        "phone": "09 222 33 44",
        "email": "info@terbeke.be",
        "website": "https://terbeke.be",
        "is_public": "on",
        "open_data_consent": "on",
    }
    data.update(overrides)
    return data


def test_register_asks_anonymous_visitors_to_log_in_first(client, db):
    response = client.get(url("actors:register"))

    assert response.status_code == 302
    assert response.url.startswith(login_url())


def test_register_shows_the_five_steps(client, owner, gent):
    client.force_login(owner)

    html = client.get(url("actors:register")).content.decode()

    for step in ("step-who", "step-where", "step-what", "step-contact", "step-publish"):
        assert f'id="{step}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'data-show-when="kind=kitchen"' in html


def test_register_creates_the_actor_with_the_user_as_owner(client, owner, gent):
    client.force_login(owner)

    response = client.post(url("actors:register"), _register_data(gent))

    actor = Actor.objects.get(name="Zuivelhoeve Ter Beke")
    assert response.status_code == 302
    assert response.url == url("actors:actor_manage", slug=actor.slug)
    assert actor.managers.get().user == owner
    assert actor.managers.get().role == ManagerRole.OWNER
    assert actor.is_public and actor.open_data_consent and actor.open_data_consent_at
    # No point given: the municipality's centre.
    assert (actor.latitude, actor.longitude) == (gent.latitude, gent.longitude)


def test_register_keeps_a_point_dragged_on_the_map(client, owner, gent):
    client.force_login(owner)

    client.post(url("actors:register"), _register_data(gent, latitude="51.07", longitude="3.70"))

    actor = Actor.objects.get(name="Zuivelhoeve Ter Beke")
    assert (actor.latitude, actor.longitude) == (51.07, 3.70)


def test_register_finds_the_municipality_from_the_postcode(client, owner, gent):
    client.force_login(owner)

    client.post(url("actors:register"), _register_data(gent, municipality="", postcode="9030"))

    assert Actor.objects.get(name="Zuivelhoeve Ter Beke").municipality == gent


def test_register_asks_for_the_municipality_when_the_postcode_is_unknown(client, owner, gent):
    client.force_login(owner)

    response = client.post(
        url("actors:register"), _register_data(gent, municipality="", postcode="1000")
    )

    assert response.status_code == 200
    assert "we could not find it from the postcode" in response.content.decode()
    assert not Actor.objects.filter(name="Zuivelhoeve Ter Beke").exists()


def test_register_drops_a_kitchen_type_for_a_farm(client, owner, gent):
    client.force_login(owner)

    client.post(url("actors:register"), _register_data(gent, kitchen_type="school"))

    assert Actor.objects.get(name="Zuivelhoeve Ter Beke").kitchen_type == ""


def test_register_keeps_the_kitchen_type_of_a_kitchen(client, owner, gent):
    client.force_login(owner)

    client.post(url("actors:register"), _register_data(gent, kind="kitchen", kitchen_type="school"))

    assert Actor.objects.get(name="Zuivelhoeve Ter Beke").kitchen_type == "school"


def test_register_saves_labels_with_their_certifier(client, owner, gent):
    label = LabelFactory(slug="test-organic", kind="organic")
    client.force_login(owner)

    client.post(
        url("actors:register"),
        _register_data(gent, labels=[str(label.pk)], **{f"certifier_{label.pk}": "Certisys"}),
    )

    row = ActorLabel.objects.get(actor__name="Zuivelhoeve Ter Beke")
    assert (row.label, row.certifier) == (label, "Certisys")


def test_register_asks_the_certifier_of_an_organic_label(client, owner, gent):
    label = LabelFactory(slug="test-organic", kind="organic")
    client.force_login(owner)

    response = client.post(url("actors:register"), _register_data(gent, labels=[str(label.pk)]))

    assert response.status_code == 200
    assert "Name the body that certifies you as organic" in response.content.decode()
    assert not Actor.objects.filter(name="Zuivelhoeve Ter Beke").exists()


def test_register_without_a_name_shows_the_error_on_the_field(client, owner, gent):
    client.force_login(owner)

    response = client.post(url("actors:register"), _register_data(gent, name=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in html
    assert Actor.objects.count() == 0


def test_register_refuses_a_form_without_csrf_token(owner, gent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(url("actors:register"), _register_data(gent))

    assert response.status_code == 403
    assert Actor.objects.count() == 0


# --- Edit details -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "editor", "staff"])
def test_managers_and_staff_edit_the_details(client, farm, people, person, gent):
    client.force_login(people[person])

    response = client.post(
        url("actors:actor_edit", slug=farm.slug),
        _register_data(gent, name="Hoeve De Kouter (bio)", latitude="51.05", longitude="3.71"),
    )

    assert response.status_code == 302
    farm.refresh_from_db()
    assert farm.name == "Hoeve De Kouter (bio)"
    assert farm.slug == "hoeve-de-kouter"  # links to the page keep working


def test_a_rejected_edit_changes_nothing(client, farm, owner, gent):
    client.force_login(owner)

    response = client.post(
        url("actors:actor_edit", slug=farm.slug), _register_data(gent, name="Nieuw", email="no")
    )

    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    farm.refresh_from_db()
    assert farm.name == "Hoeve De Kouter"


# --- Sales points and opening hours -----------------------------------------------------------


def _sales_point_data(gent, rows, initial=0, **overrides):
    data = {
        "channel": "farm_shop",
        "name": "Hoevewinkel",
        "description": "",
        "street_address": "Kouterweg 3",
        "postcode": "9000",
        "municipality": str(gent.pk),
        "latitude": "",
        "longitude": "",
        "is_active": "on",
        "hours-TOTAL_FORMS": str(len(rows)),
        "hours-INITIAL_FORMS": str(initial),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        weekday, opens, closes = row[:3]
        data[f"hours-{index}-weekday"] = str(weekday)
        data[f"hours-{index}-opens"] = opens
        data[f"hours-{index}-closes"] = closes
        if len(row) > 3 and row[3]:
            data[f"hours-{index}-DELETE"] = "on"
    data.update(overrides)
    return data


def test_a_new_sales_point_is_saved_with_its_weekly_hours(client, farm, editor, gent):
    client.force_login(editor)

    response = client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(
            gent,
            [(1, "09:00", "12:00"), (1, "13:00", "18:00"), (5, "08:00", "12:00"), (0, "", "")],
            name="Zaterdagmarkt",
            channel="farmers_market",
        ),
    )

    assert response.status_code == 302
    point = farm.sales_points.get(name="Zaterdagmarkt")
    assert [
        (h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in point.opening_hours.all()
    ] == [
        (1, "09:00", "12:00"),
        (1, "13:00", "18:00"),
        (5, "08:00", "12:00"),
    ]
    assert (point.latitude, point.longitude) == (gent.latitude, gent.longitude)


def test_hours_closing_before_they_open_are_an_error_on_that_row_and_nothing_is_saved(
    client, farm, owner, gent
):
    client.force_login(owner)

    response = client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(gent, [(1, "09:00", "12:00"), (2, "18:00", "09:00")], name="Nieuw punt"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    body = re.search(r'<tbody id="hours-rows">(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr( class=\"row-error\")?>\s*<td>", body)
    assert [bool(marker) for marker in rows] == [False, True]
    assert 'id="id_hours-1-closes_error"' in html
    assert "Closing time must be after opening time." in html
    assert not farm.sales_points.filter(name="Nieuw punt").exists()


def test_a_rejected_edit_of_the_hours_keeps_the_old_hours_and_name(client, farm, owner, gent):
    shop = farm.sales_points.get()
    client.force_login(owner)

    response = client.post(
        url("actors:sales_point_edit", slug=farm.slug, pk=shop.pk),
        _sales_point_data(gent, [(5, "12:00", "09:00")], initial=1, name="Andere naam"),
    )

    assert response.status_code == 200
    shop.refresh_from_db()
    assert shop.name == "Hoevewinkel"
    assert [(h.weekday, f"{h.opens:%H:%M}") for h in shop.opening_hours.all()] == [(5, "09:00")]


def test_overlapping_periods_on_one_day_are_refused(client, farm, owner, gent):
    client.force_login(owner)

    response = client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(gent, [(3, "09:00", "13:00"), (3, "12:00", "18:00")], name="Dubbel"),
    )

    assert "This period overlaps another one on the same day." in response.content.decode()
    assert not farm.sales_points.filter(name="Dubbel").exists()


def test_a_period_with_only_one_time_asks_for_the_other(client, farm, owner, gent):
    client.force_login(owner)

    response = client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(gent, [(3, "09:00", "")], name="Half"),
    )

    assert "Give the closing time too." in response.content.decode()


def test_editing_hours_replaces_them_and_a_ticked_row_is_removed(client, farm, owner, gent):
    shop = farm.sales_points.get()
    client.force_login(owner)

    client.post(
        url("actors:sales_point_edit", slug=farm.slug, pk=shop.pk),
        _sales_point_data(gent, [(5, "09:00", "12:00", True), (6, "10:00", "16:00")], initial=1),
    )

    assert [(h.weekday, f"{h.opens:%H:%M}") for h in shop.opening_hours.all()] == [(6, "10:00")]


def test_the_edit_page_shows_the_current_hours(client, farm, owner):
    shop = farm.sales_points.get()
    client.force_login(owner)

    html = client.get(url("actors:sales_point_edit", slug=farm.slug, pk=shop.pk)).content.decode()

    assert 'name="hours-0-opens" value="09:00"' in html
    assert 'id="hours-empty-row"' in html  # the template JavaScript adds rows from


def test_a_sales_point_other_than_a_webshop_needs_a_municipality(client, farm, owner, gent):
    client.force_login(owner)

    response = client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(gent, [], name="Nergens", municipality=""),
    )

    assert "Where can people find it?" in response.content.decode()


def test_a_webshop_needs_no_place(client, farm, owner, gent):
    client.force_login(owner)

    client.post(
        url("actors:sales_point_create", slug=farm.slug),
        _sales_point_data(
            gent, [], name="Webwinkel", channel="webshop", municipality="", postcode=""
        ),
    )

    point = farm.sales_points.get(name="Webwinkel")
    assert point.latitude is None and point.municipality is None


def test_deleting_a_sales_point(client, farm, editor):
    shop = farm.sales_points.get()
    client.force_login(editor)

    response = client.post(url("actors:sales_point_delete", slug=farm.slug, pk=shop.pk))

    assert response.status_code == 302
    assert not SalesPoint.objects.filter(pk=shop.pk).exists()


# --- Opening exceptions -----------------------------------------------------------------------


def test_a_holiday_closing_is_added_and_removed(client, farm, editor):
    shop = farm.sales_points.get()
    christmas = datetime.date(timezone.localdate().year + 1, 12, 25)
    client.force_login(editor)

    response = client.post(
        url("actors:opening_exception_create", slug=farm.slug, pk=shop.pk),
        {"date": christmas.isoformat(), "is_closed": "on", "note": "Kerstmis"},
    )

    assert response.status_code == 302
    exception = shop.opening_exceptions.get(date=christmas)
    assert exception.is_closed and exception.note == "Kerstmis"

    client.post(
        url(
            "actors:opening_exception_delete", slug=farm.slug, pk=shop.pk, exception_pk=exception.pk
        )
    )
    assert not shop.opening_exceptions.filter(date=christmas).exists()


def test_other_hours_need_both_times_in_order(client, farm, owner):
    shop = farm.sales_points.get()
    day = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(owner)

    response = client.post(
        url("actors:opening_exception_create", slug=farm.slug, pk=shop.pk),
        {"date": day.isoformat(), "opens": "18:00", "closes": "10:00"},
    )

    assert response.status_code == 200
    assert "Closing time must be after opening time." in response.content.decode()
    assert not shop.opening_exceptions.filter(date=day).exists()


def test_an_exception_in_the_past_is_refused(client, farm, owner):
    shop = farm.sales_points.get()
    client.force_login(owner)

    response = client.post(
        url("actors:opening_exception_create", slug=farm.slug, pk=shop.pk),
        {"date": "2001-01-01", "is_closed": "on"},
    )

    assert "Choose today or a later date." in response.content.decode()


# --- Offers and needs -------------------------------------------------------------------------


def test_an_offer_is_saved_with_its_months_and_audiences(client, farm, editor, potatoes):
    client.force_login(editor)

    response = client.post(
        url("actors:offer_create", slug=farm.slug),
        {
            "category": str(potatoes.pk),
            "description": "Vroege",
            "months": ["6", "7", "8"],
            "volume_per_week": "250",
            "unit": "kg",
            "audiences": ["citizens", "kitchens"],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    offer = farm.offers.get(description="Vroege")
    assert offer.season_months == (1 << 5) | (1 << 6) | (1 << 7)
    assert (offer.for_citizens, offer.for_shops, offer.for_kitchens) == (True, False, True)


def test_an_offer_without_months_is_refused(client, farm, owner, potatoes):
    client.force_login(owner)

    response = client.post(
        url("actors:offer_create", slug=farm.slug),
        {"category": str(potatoes.pk), "unit": "kg", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Choose at least one month." in response.content.decode()


def test_the_offer_form_lists_categories_in_groups_and_ticks_the_season(client, farm, owner):
    offer = farm.offers.get()
    offer.season_months = ALL_MONTHS
    offer.save()
    client.force_login(owner)

    html = client.get(url("actors:offer_edit", slug=farm.slug, pk=offer.pk)).content.decode()

    assert '<optgroup label="Vegetables">' in html
    assert len(re.findall(r'name="months" value="\d+"[^>]*checked', html)) == 12


def test_deleting_an_offer_and_a_need(client, farm, editor):
    offer, need = farm.offers.get(), farm.needs.get()
    client.force_login(editor)

    client.post(url("actors:offer_delete", slug=farm.slug, pk=offer.pk))
    client.post(url("actors:need_delete", slug=farm.slug, pk=need.pk))

    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert not Need.objects.filter(pk=need.pk).exists()


def test_a_product_need_asks_which_product(client, farm, owner):
    client.force_login(owner)

    response = client.post(
        url("actors:need_create", slug=farm.slug),
        {"kind": "product", "frequency": "weekly", "max_distance_km": "30", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Choose the product you need." in response.content.decode()


def test_a_service_need_is_saved_without_a_product(client, farm, owner, potatoes):
    client.force_login(owner)

    client.post(
        url("actors:need_create", slug=farm.slug),
        {
            "kind": "service",
            "category": str(potatoes.pk),  # left over in the hidden product select
            "service": "cold_storage",
            "frequency": "monthly",
            "max_distance_km": "25",
            "start_date": "2027-03-01",
            "is_active": "on",
        },
    )

    need = farm.needs.get(kind=NeedKind.SERVICE)
    assert (need.service, need.category, need.max_distance_km) == ("cold_storage", None, 25)
    assert need.start_date == datetime.date(2027, 3, 1)


# --- Editors and invitations ------------------------------------------------------------------


def test_the_owner_invites_an_editor_by_e_mail_with_an_accept_link(
    client, farm, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("actors:editors", slug=farm.slug), {"email": "Nieuw@Example.org"}
        )

    assert response.status_code == 302
    invitation = ActorInvitation.objects.get(actor=farm)
    assert invitation.email == "nieuw@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "Hoeve De Kouter" in message.subject
    with translation.override("nl"):
        accept_path = reverse("actors:invitation_accept", kwargs={"token": invitation.token})
    assert accept_path in message.body


def test_inviting_someone_who_already_manages_is_a_field_error(
    client, farm, owner, editor, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("actors:editors", slug=farm.slug), {"email": editor.email})

    assert response.status_code == 200
    assert "This person already manages this actor." in response.content.decode()
    assert mail.outbox == []


def test_the_invited_person_accepts_and_becomes_an_editor(client, farm, owner):
    invitee = UserFactory(email="nieuw@example.org")
    invitation = ActorInvitation.objects.create(actor=farm, email=invitee.email, invited_by=owner)
    client.force_login(invitee)
    page = url("actors:invitation_accept", token=invitation.token)

    shown = client.get(page)
    response = client.post(page)

    assert "Hoeve De Kouter" in shown.content.decode()
    assert "Accept the invitation" in shown.content.decode()
    assert response.status_code == 302
    assert response.url == url("actors:actor_manage", slug=farm.slug)
    assert ActorManager.objects.get(actor=farm, user=invitee).role == ManagerRole.EDITOR


def test_an_invitation_is_refused_to_a_user_with_another_e_mail(client, farm, owner, stranger):
    invitation = ActorInvitation.objects.create(
        actor=farm, email="nieuw@example.org", invited_by=owner
    )
    client.force_login(stranger)
    page = url("actors:invitation_accept", token=invitation.token)

    shown = client.get(page)
    response = client.post(page)

    assert "sent to another e-mail address" in shown.content.decode()
    assert "Accept the invitation" not in shown.content.decode()
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    assert not ActorManager.objects.filter(actor=farm, user=stranger).exists()


def test_an_expired_invitation_is_refused(client, farm, owner):
    invitee = UserFactory(email="laat@example.org")
    invitation = ActorInvitation.objects.create(actor=farm, email=invitee.email, invited_by=owner)
    client.force_login(invitee)

    ActorInvitation.objects.filter(pk=invitation.pk).update(
        created=timezone.now() - datetime.timedelta(days=15)
    )

    shown = client.get(url("actors:invitation_accept", token=invitation.token))
    response = client.post(url("actors:invitation_accept", token=invitation.token))

    assert "Accept the invitation" not in shown.content.decode()
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    assert not ActorManager.objects.filter(actor=farm, user=invitee).exists()


def test_accepting_an_invitation_needs_a_login(client, farm, owner):
    invitation = ActorInvitation.objects.create(actor=farm, email="x@example.org", invited_by=owner)

    response = client.get(url("actors:invitation_accept", token=invitation.token))

    assert response.status_code == 302
    assert response.url.startswith(login_url())


def test_an_unknown_invitation_is_not_found(client, stranger):
    client.force_login(stranger)

    assert client.get(url("actors:invitation_accept", token="nope")).status_code == 404


def test_the_owner_removes_an_editor(client, farm, owner, editor):
    manager = ActorManager.objects.get(actor=farm, user=editor)
    client.force_login(owner)

    response = client.post(url("actors:editor_remove", slug=farm.slug, pk=manager.pk))

    assert response.status_code == 302
    assert not ActorManager.objects.filter(pk=manager.pk).exists()


def test_the_last_owner_cannot_be_removed(client, farm, owner):
    manager = ActorManager.objects.get(actor=farm, user=owner)
    client.force_login(owner)

    response = client.post(url("actors:editor_remove", slug=farm.slug, pk=manager.pk), follow=True)

    assert "An actor keeps at least one owner." in response.content.decode()
    assert ActorManager.objects.filter(pk=manager.pk).exists()


def test_the_editors_page_lists_managers_and_open_invitations(client, farm, owner, editor):
    ActorInvitation.objects.create(actor=farm, email="wacht@example.org", invited_by=owner)
    client.force_login(owner)

    html = client.get(url("actors:editors", slug=farm.slug)).content.decode()

    assert editor.email in html
    assert "wacht@example.org" in html


# --- Delete and "my businesses" ---------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "staff"])
def test_the_owner_or_staff_delete_the_actor(client, farm, people, person):
    client.force_login(people[person])

    response = client.post(url("actors:actor_delete", slug=farm.slug))

    assert response.status_code == 302
    assert response.url == url("actors:my_actors")
    assert not Actor.objects.filter(pk=farm.pk).exists()


def test_my_businesses_lists_the_actors_a_user_manages_with_the_role(client, farm, editor, gent):
    ActorFactory(name="Iemand Anders", slug="iemand-anders", municipality=gent)
    client.force_login(editor)

    html = client.get(url("actors:my_actors")).content.decode()

    assert "Hoeve De Kouter" in html
    assert "You are an editor" in html
    assert "Iemand Anders" not in html


def test_my_businesses_needs_a_login(client, db):
    response = client.get(url("actors:my_actors"))

    assert response.status_code == 302
    assert response.url.startswith(login_url())


def test_the_manage_page_links_every_part(client, farm, owner):
    client.force_login(owner)

    html = client.get(url("actors:actor_manage", slug=farm.slug)).content.decode()

    for name in (
        "actors:actor_edit",
        "actors:sales_point_create",
        "actors:offer_create",
        "actors:need_create",
        "actors:editors",
        "actors:actor_delete",
    ):
        assert url(name, slug=farm.slug) in html


def test_the_manage_page_hides_owner_actions_from_editors(client, farm, editor, owner):
    client.force_login(editor)

    html = client.get(url("actors:actor_manage", slug=farm.slug)).content.decode()

    assert url("actors:editors", slug=farm.slug) not in html
    assert url("actors:actor_delete", slug=farm.slug) not in html
    assert owner.email not in html  # co-managers' addresses are for owners only


def test_register_with_a_photo_shows_it_on_the_page(client, owner, gent):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (44, 106, 63)).save(buffer, format="PNG")
    photo = SimpleUploadedFile("hoeve.png", buffer.getvalue(), content_type="image/png")
    client.force_login(owner)

    client.post(url("actors:register"), {**_register_data(gent), "photo": photo})

    actor = Actor.objects.get(name="Zuivelhoeve Ter Beke")
    assert actor.photo.name.startswith("actors/hoeve")
    page = client.get(url("actors:actor_detail", slug=actor.slug)).content.decode()
    assert f'src="{actor.photo.url}"' in page


def test_a_file_that_is_no_image_is_refused_on_the_photo_field(client, owner, gent):
    fake = SimpleUploadedFile("hoeve.png", b"not an image", content_type="image/png")
    client.force_login(owner)

    response = client.post(url("actors:register"), {**_register_data(gent), "photo": fake})

    assert response.status_code == 200
    assert 'id="id_photo_error"' in response.content.decode()
    assert not Actor.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Register", "Mine", "Registreren", "Mijn", "Inscription"])
def test_an_actor_named_like_a_fixed_page_gets_a_slug_that_keeps_its_page_reachable(client, name):
    from actors.services import actor_create
    from tests.factories import MunicipalityFactory, UserFactory

    actor = actor_create(
        user=UserFactory(),
        kind="farmer",
        name=name,
        municipality=MunicipalityFactory(),
        latitude=51.05,
        longitude=3.72,
        is_public=True,
    )

    assert actor.slug == f"{name.lower()}-2"
    for language in ("nl", "fr", "en"):
        with translation.override(language):
            response = client.get(actor.get_absolute_url())
        assert response.status_code == 200
        assert response.context["actor"] == actor
