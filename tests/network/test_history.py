"""History ("Geschiedenis") of actors, cooperations, memberships and support actions.

Changes are made through the API, so the request middleware records who made them; the
history pages are then read as each role would: managers and staff see it, others are refused.
"""

import datetime
import importlib

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from actors.choices import ManagerRole
from actors.models import Actor, ActorManager
from cooperation.choices import FormSlug
from cooperation.models import CooperationForm, Membership
from cooperation.services import cooperation_create
from municipality.choices import SupportActionType
from municipality.models import OfficerRole, SupportAction
from municipality.services import support_action_log
from tests.factories import ActorFactory, MunicipalityFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def api_as(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def page_as(client, user, path):
    if user is not None:
        client.force_login(user)
    return client.get(path)


@pytest.fixture
def gent(db):
    return MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.org", first_name="Oona", last_name="Eigenaar")


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.org", first_name="Eddy", last_name="Helper")


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.org", first_name="Stan", last_name="Vreemd")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def farm(gent, owner, editor):
    farm = ActorFactory(
        name="Hoeve De Kouter", slug="hoeve-de-kouter", municipality=gent, phone="09 111 11 11"
    )
    ActorManager.objects.create(actor=farm, user=owner, role=ManagerRole.OWNER)
    ActorManager.objects.create(actor=farm, user=editor, role=ManagerRole.EDITOR)
    return farm


@pytest.fixture
def forms(db):
    from django.apps import apps

    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)
    return {form.slug: form for form in CooperationForm.objects.all()}


# --- Actors -----------------------------------------------------------------------------------


def test_a_change_through_the_api_is_recorded_with_its_author_and_field_diff(
    client, farm, owner, editor
):
    response = api_as(owner).patch(
        f"/api/v1/actors/{farm.slug}/", {"phone": "09 222 22 22"}, format="json"
    )
    assert response.status_code == 200

    record = Actor.history.filter(id=farm.pk).latest("history_date")
    assert (record.history_type, record.history_user) == ("~", owner)

    page = page_as(client, editor, url("actors:history", slug=farm.slug))
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert (entry.kind, entry.author) == ("~", "Oona Eigenaar")
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("Business phone", "09 111 11 11", "09 222 22 22")
    ]
    text = page.content.decode()
    assert "09 222 22 22" in text and "Oona Eigenaar" in text


def test_the_author_reads_you_for_their_own_change(client, farm, owner):
    api_as(owner).patch(f"/api/v1/actors/{farm.slug}/", {"description": "Nieuw"}, format="json")

    page = page_as(client, owner, url("actors:history", slug=farm.slug))

    assert page.context["entries"][0].author == "you"


def test_offers_and_sales_points_are_in_the_actors_history(client, farm, owner):
    offer = OfferFactory(actor=farm)
    offer.description = "Bintjes"
    offer.save()

    page = page_as(client, owner, url("actors:history", slug=farm.slug))

    subjects = [e.subject for e in page.context["entries"]]
    assert subjects[0] == f"Offer “{offer.category.name}”"
    assert page.context["entries"][0].changes[0].new == "Bintjes"


@pytest.mark.parametrize(
    ("who", "expected"), [("stranger", 403), ("editor", 200), ("owner", 200), ("staff", 200)]
)
def test_actor_history_is_for_its_managers_and_staff(client, farm, people, who, expected):
    response = page_as(client, people[who], url("actors:history", slug=farm.slug))

    assert response.status_code == expected


@pytest.fixture
def people(owner, editor, stranger, staff):
    return {"owner": owner, "editor": editor, "stranger": stranger, "staff": staff}


def test_actor_history_sends_anonymous_visitors_to_log_in(client, farm):
    response = client.get(url("actors:history", slug=farm.slug))

    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


def test_an_unlisted_actors_history_is_not_found_for_strangers(client, farm, stranger, owner):
    Actor.objects.filter(pk=farm.pk).update(is_public=False)
    path = url("actors:history", slug=farm.slug)

    assert page_as(client, stranger, path).status_code == 404
    assert page_as(client, owner, path).status_code == 200
    assert page_as(client, owner, url("actors:history", slug="no-such-farm")).status_code == 404


def test_staff_see_names_while_a_stranger_to_the_page_is_not_named(client, farm, stranger, staff):
    # A staff member's change, read by a manager: named as staff, not by name.
    api_as(staff).patch(
        f"/api/v1/actors/{farm.slug}/", {"description": "Door staff"}, format="json"
    )
    owner = farm.managers.get(role=ManagerRole.OWNER).user

    as_owner = page_as(client, owner, url("actors:history", slug=farm.slug))
    as_staff = page_as(client, staff, url("actors:history", slug=farm.slug))

    assert as_owner.context["entries"][0].author == "Ketenwerk staff"
    assert "staff@example.org" not in as_owner.content.decode()
    assert as_staff.context["entries"][0].author == "you"


def test_the_manage_page_links_to_the_history(client, farm, owner):
    page = page_as(client, owner, url("actors:actor_manage", slug=farm.slug))

    assert url("actors:history", slug=farm.slug) in page.content.decode()


def test_history_page_queries_do_not_grow_with_the_number_of_changes(
    client, farm, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    path = url("actors:history", slug=farm.slug)

    def change(times):
        for n in range(times):
            farm.description = f"Versie {n}"
            farm.save()

    change(3)
    with django_assert_max_num_queries(20) as three:
        client.get(path)
    change(7)
    with django_assert_max_num_queries(20) as ten:
        client.get(path)
    assert len(ten.captured_queries) == len(three.captured_queries)


def test_bulk_inserts_write_no_history(gent):
    before = Actor.history.count()

    Actor.objects.bulk_create(
        [
            Actor(
                kind="farmer",
                name=f"Bulk {n}",
                slug=f"bulk-{n}",
                municipality=gent,
                latitude=51.0,
                longitude=3.7,
            )
            for n in range(5)
        ]
    )

    assert Actor.history.count() == before


def test_a_deleted_authors_changes_stay_without_their_name(client, farm, owner, editor):
    api_as(editor).patch(f"/api/v1/actors/{farm.slug}/", {"description": "Eddy"}, format="json")
    editor.delete()

    page = page_as(client, owner, url("actors:history", slug=farm.slug))

    assert page.context["entries"][0].author.startswith("unknown")
    assert "Eddy Helper" not in page.content.decode()


def test_the_admin_shows_an_actors_history(client, farm, owner, staff):
    api_as(owner).patch(f"/api/v1/actors/{farm.slug}/", {"description": "Admin"}, format="json")
    client.force_login(staff)

    response = client.get(f"/admin/actors/actor/{farm.pk}/history/")

    assert response.status_code == 200
    assert "owner@example.org" in response.content.decode() or "Oona" in response.content.decode()


# --- Cooperations and memberships -------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org", first_name="Cora", last_name="Coördinator")


@pytest.fixture
def cooperation(forms, gent, coordinator):
    initiator = ActorFactory(name="Hoeve Initiatief", municipality=gent, owner=coordinator)
    return cooperation_create(
        user=coordinator,
        initiator=initiator,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Leiestreek",
        status="active",
    )


def test_membership_request_and_decision_are_in_the_cooperations_history(
    client, cooperation, coordinator, farm, owner
):
    asked = api_as(owner).post(
        "/api/v1/memberships/",
        {
            "kind": "request",
            "cooperation": cooperation.slug,
            "actor": farm.slug,
            "role": "producer",
        },
        format="json",
    )
    assert asked.status_code == 201
    accepted = api_as(coordinator).post(f"/api/v1/memberships/{asked.json()['id']}/accept/")
    assert accepted.status_code == 200

    page = page_as(client, coordinator, url("cooperation:history", slug=cooperation.slug))

    assert page.status_code == 200
    decision, request = page.context["entries"][:2]
    assert decision.subject == "Membership “Hoeve De Kouter”"
    assert (decision.author, request.author) == ("you", "another Ketenwerk user")
    assert ("Status", "requested", "active") in [(c.label, c.old, c.new) for c in decision.changes]
    # The requesting farmer is not named to the coordinator.
    assert "owner@example.org" not in page.content.decode()
    assert "Oona" not in page.content.decode()


def test_a_cooperation_change_is_recorded(client, cooperation, coordinator):
    response = api_as(coordinator).patch(
        f"/api/v1/cooperations/{cooperation.slug}/", {"description": "Samen sterk"}, format="json"
    )
    assert response.status_code == 200

    page = page_as(client, coordinator, url("cooperation:history", slug=cooperation.slug))

    entry = page.context["entries"][0]
    assert (entry.subject, entry.kind) == ("Cooperation “Leiestreek”", "~")
    assert [(c.label, c.new) for c in entry.changes] == [("Description", "Samen sterk")]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("stranger", 403), ("member", 403), ("coordinator", 200), ("staff", 200)],
)
def test_cooperation_history_is_for_its_coordinators_and_staff(
    client, cooperation, farm, owner, stranger, coordinator, staff, who, expected
):
    Membership.objects.create(cooperation=cooperation, actor=farm, role="producer", status="active")
    user = {"stranger": stranger, "member": owner, "coordinator": coordinator, "staff": staff}[who]

    response = page_as(client, user, url("cooperation:history", slug=cooperation.slug))

    assert response.status_code == expected


def test_a_private_cooperations_history_is_not_found_for_strangers(client, cooperation, stranger):
    type(cooperation).objects.filter(pk=cooperation.pk).update(is_public=False)

    response = page_as(client, stranger, url("cooperation:history", slug=cooperation.slug))

    assert response.status_code == 404


def test_cooperation_history_sends_anonymous_visitors_to_log_in(client, cooperation):
    response = client.get(url("cooperation:history", slug=cooperation.slug))

    assert response.status_code == 302


def test_the_cooperation_page_links_coordinators_to_the_history(client, cooperation, coordinator):
    page = page_as(client, coordinator, url("cooperation:detail", slug=cooperation.slug))

    assert url("cooperation:history", slug=cooperation.slug) in page.content.decode()


# --- Support actions --------------------------------------------------------------------------


@pytest.fixture
def officer(gent):
    user = UserFactory(email="officer@gent.example.org", first_name="Olga", last_name="Ambtenaar")
    OfficerRole.objects.create(user=user, municipality=gent)
    return user


@pytest.fixture
def colleague(gent):
    user = UserFactory(email="colleague@gent.example.org", first_name="Karel", last_name="Collega")
    OfficerRole.objects.create(user=user, municipality=gent)
    return user


@pytest.fixture
def eeklo_officer(db):
    user = UserFactory(email="officer@eeklo.example.org")
    OfficerRole.objects.create(user=user, municipality=MunicipalityFactory(nis_code="44019"))
    return user


@pytest.fixture
def action(officer, gent):
    return support_action_log(
        user=officer,
        municipality=gent,
        action_type=SupportActionType.PROMOTION,
        title="Korte-ketenweek",
        start_date=datetime.date(2026, 3, 1),
        budget="1500.00",
    )


def test_a_support_action_change_is_shown_to_a_colleague_officer_by_name(
    client, action, officer, colleague
):
    response = api_as(officer).patch(
        f"/api/v1/support-actions/{action.pk}/", {"budget": "2000.00"}, format="json"
    )
    assert response.status_code == 200

    page = page_as(client, colleague, url("municipality:action_history", pk=action.pk))

    entry = page.context["entries"][0]
    assert entry.author == "Olga Ambtenaar"
    assert [c.label for c in entry.changes] == ["Budget (euro)"]
    assert entry.changes[0].new == "2000.00"


@pytest.mark.parametrize(
    ("who", "expected"),
    [("stranger", 403), ("eeklo_officer", 403), ("officer", 200), ("staff", 200)],
)
def test_support_action_history_is_for_its_officers_and_staff(
    client, action, stranger, eeklo_officer, officer, staff, who, expected
):
    user = {"stranger": stranger, "eeklo_officer": eeklo_officer, "officer": officer}.get(
        who, staff
    )

    response = page_as(client, user, url("municipality:action_history", pk=action.pk))

    assert response.status_code == expected


def test_a_private_actions_history_is_not_found_for_others(client, action, eeklo_officer):
    SupportAction.objects.filter(pk=action.pk).update(is_public=False)

    response = page_as(client, eeklo_officer, url("municipality:action_history", pk=action.pk))

    assert response.status_code == 404
    assert client.get(url("municipality:action_history", pk=999999)).status_code == 404


def test_the_action_page_links_officers_to_the_history(client, action, officer):
    page = page_as(client, officer, url("municipality:action_detail", pk=action.pk))

    assert url("municipality:action_history", pk=action.pk) in page.content.decode()
