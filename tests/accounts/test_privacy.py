"""Privacy: the privacy page, downloading one's data, and deleting one's account by its rules.

Everything is driven through the pages and the API; rows are set up with factories and the
real services.
"""

import datetime
import importlib
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from accounts.services import api_token_create
from actors.choices import ManagerRole
from actors.models import Actor, ActorInvitation, ActorManager, CitizenProfile
from cooperation.choices import FormSlug, MemberRole, MembershipStatus, PartnershipStatus
from cooperation.models import ConsumerMembership, Cooperation, CooperationForm, Membership
from cooperation.services import (
    cooperation_create,
    membership_request,
    partnership_request_send,
)
from municipality.choices import SupportActionType
from municipality.models import EventRegistration, OfficerRole, SupportAction, SurveyResponse
from municipality.services import event_register, support_action_log, survey_response_submit
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "pw-Ketenwerk-2026"  # the factories' password
ME, ME_DATA = "/api/v1/me/", "/api/v1/me/data/"


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def forms(db):
    """The seven forms (loaded again: a transactional test may have flushed them)."""
    from django.apps import apps

    migration = importlib.import_module("cooperation.migrations.0002_load_cooperation_forms")
    migration.load_forms(apps, None)
    return {form.slug: form for form in CooperationForm.objects.all()}


@pytest.fixture
def gent(db):
    return MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")


@pytest.fixture
def lies(db):
    return UserFactory(email="lies@example.org", first_name="Lies", last_name="Claes")


@pytest.fixture
def jan(db):
    """Another person, whose data must never reach Lies's download."""
    return UserFactory(email="jan.private@example.org", first_name="Janus", last_name="Geheim")


def api_as(user):
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def delete_via_api(user, password=PASSWORD):
    return api_as(user).delete(ME, {"password": password}, format="json")


def add_manager(actor, user, role, created):
    manager = ActorManager.objects.create(actor=actor, user=user, role=role)
    ActorManager.objects.filter(pk=manager.pk).update(created=created)
    return manager


def gone(user):
    return not User.objects.filter(pk=user.pk).exists()


# --- The privacy page -------------------------------------------------------------------------


def test_privacy_page_is_public_and_linked_from_every_page_footer(client):
    privacy = url("accounts:privacy")
    assert privacy == "/en/privacy/"

    page = client.get(privacy)
    home = client.get(url("network:home"))

    assert page.status_code == 200
    text = page.content.decode()
    for words in ("What is kept, and who sees it", "Download your data", "Delete your account"):
        assert words in text
    assert f'href="{privacy}"' in home.content.decode()


def test_privacy_page_says_how_long_tokens_live_and_the_survey_group_size(client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 7
    text = client.get(url("accounts:privacy")).content.decode()

    assert "groups of at least 7 farms" in text
    assert "A token expires after 90 days" in text


def test_account_page_links_to_download_and_delete(client, lies):
    client.force_login(lies)
    text = client.get(url("accounts:account")).content.decode()

    assert url("accounts:data_download") in text
    assert url("accounts:delete") in text


# --- Download ---------------------------------------------------------------------------------


@pytest.fixture
def lies_everywhere(forms, gent, lies, jan):
    """Lies with a row of every kind, next to Jan's rows that are not hers."""
    farm = ActorFactory(
        name="Hoeve Lies", slug="hoeve-lies", municipality=gent, phone="09 111 11 11", owner=lies
    )
    add_manager(farm, jan, ManagerRole.EDITOR, timezone.now())
    shop = ActorFactory(name="Winkel Jan", slug="winkel-jan", municipality=gent, owner=jan)
    profile = CitizenProfile.objects.create(user=lies, home_municipality=gent)
    profile.favourites.add(shop)
    CitizenProfile.objects.create(user=jan, home_municipality=MunicipalityFactory())
    cooperation = cooperation_create(
        user=jan,
        initiator=shop,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Coöperatie Jan",
        status="active",
    )
    membership_request(
        user=lies, cooperation=cooperation, actor=farm, role="producer", message="Lies vraagt"
    )
    partnership_request_send(user=lies, from_actor=farm, to_actor=shop, message="Samen?")
    received = partnership_request_send(
        user=jan, from_actor=shop, to_actor=ActorFactory(owner=lies), message="Jans geheim"
    )
    OfficerRole.objects.create(user=lies, municipality=gent)
    event = support_action_log(
        user=lies,
        municipality=gent,
        action_type=SupportActionType.CONNECTION_MEETING,
        title="Boeren ontmoeten scholen",
        start_date=datetime.date(2031, 3, 10),
        starts_at=timezone.make_aware(datetime.datetime(2031, 3, 10, 19, 30)),
        capacity=10,
    )
    event_register(user=lies, action=event)
    event_register(user=jan, action=event)
    survey_response_submit(
        user=lies,
        farmer=farm,
        year=2026,
        contact_channels=["own_initiative"],
        municipality_important=True,
    )
    token, raw = api_token_create(user=lies, name="kassa")
    api_token_create(user=jan, name="jans-kassa")
    # A change Lies makes through the API, so the history knows her as its author.
    api_as(lies).patch(f"/api/v1/actors/{farm.slug}/", {"description": "Nieuw"}, format="json")
    return {"farm": farm, "shop": shop, "token": token, "raw": raw, "received": received}


def test_download_page_is_a_json_attachment_with_all_of_her_data(client, lies, lies_everywhere):
    client.force_login(lies)

    response = client.get(url("accounts:data_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="ketenwerk-data-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "lies@example.org"
    assert data["account"]["first_name"] == "Lies"
    assert data["citizen_profile"]["home_municipality"]["nis_code"] == "44021"
    assert [f["name"] for f in data["citizen_profile"]["favourites"]] == ["Winkel Jan"]
    roles = {row["actor"]["name"]: row["role"] for row in data["actors"]}
    assert roles["Hoeve Lies"] == "owner"
    assert [m["message"] for m in data["memberships"]] == ["Lies vraagt"]
    assert data["memberships"][0]["you"] == ["sent"]
    sent = [p for p in data["partnership_requests"] if p["you"] == ["sent"]]
    assert [(p["from_actor"]["name"], p["to_actor"]["name"]) for p in sent] == [
        ("Hoeve Lies", "Winkel Jan")
    ]
    assert [r["event"]["title"] for r in data["event_registrations"]] == [
        "Boeren ontmoeten scholen"
    ]
    assert data["survey_answers"][0]["year"] == 2026
    assert data["officer_roles"][0]["municipality"]["name"] == "Gent"
    assert data["support_actions_logged"][0]["title"] == "Boeren ontmoeten scholen"
    assert data["api_tokens"] == [
        {
            "name": "kassa",
            "created": data["api_tokens"][0]["created"],
            "expiry": data["api_tokens"][0]["expiry"],
            "last_used": None,
        }
    ]
    changes = {(h["model"], h["object"], h["change"]) for h in data["history"]}
    assert ("actors.actor", "Hoeve Lies", "changed") in changes


def test_download_never_holds_other_peoples_data_nor_token_secrets(client, lies, lies_everywhere):
    client.force_login(lies)

    body = client.get(url("accounts:data_download")).content.decode()

    # Jan co-manages her farm, sent her a request and registered for the same event.
    for secret in ("jan.private@example.org", "Janus", "Geheim", "Jans geheim", "jans-kassa"):
        assert secret not in body
    token = lies_everywhere["token"]
    assert token.token_key not in body
    assert token.digest not in body
    assert lies_everywhere["raw"] not in body


def test_api_download_answers_the_same_file(lies, lies_everywhere):
    response = api_as(lies).get(ME_DATA)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == "lies@example.org"


def test_api_download_works_with_a_token(lies, lies_everywhere):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {lies_everywhere['raw']}")

    assert json.loads(client.get(ME_DATA).content)["account"]["id"] == lies.pk


def test_download_refuses_anonymous(client):
    page = client.get(url("accounts:data_download"))

    assert page.status_code == 302
    assert page["Location"].startswith(url("accounts:login"))
    assert api_as(None).get(ME_DATA).status_code == 401


def test_download_of_a_fresh_account_has_empty_sections(client, lies):
    client.force_login(lies)

    data = json.loads(client.get(url("accounts:data_download")).content)

    assert data["citizen_profile"] is None
    for section in ("actors", "memberships", "partnership_requests", "history", "api_tokens"):
        assert data[section] == []


# --- Deletion: refusals -----------------------------------------------------------------------


def test_delete_page_with_a_wrong_password_keeps_the_account(client, lies):
    client.force_login(lies)

    response = client.post(url("accounts:delete"), {"password": "not-my-password"})

    assert response.status_code == 200
    assert "Your password is not correct" in response.content.decode()
    assert not gone(lies)


@pytest.mark.parametrize("payload", [{"password": "wrong"}, {}, {"password": ""}])
def test_api_delete_with_a_wrong_or_missing_password_is_400_with_a_field_message(lies, payload):
    response = api_as(lies).delete(ME, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert not gone(lies)


def test_delete_refuses_anonymous(client):
    page = client.get(url("accounts:delete"))

    assert page.status_code == 302
    assert page["Location"].startswith(url("accounts:login"))
    assert client.post(url("accounts:delete"), {"password": "x"}).status_code == 302
    assert api_as(None).delete(ME, {"password": "x"}, format="json").status_code == 401


def test_the_last_superuser_cannot_delete_their_account(lies):
    User.objects.filter(pk=lies.pk).update(is_superuser=True, is_staff=True)
    lies.refresh_from_db()

    response = delete_via_api(lies)

    assert response.status_code == 400
    assert "only administrator" in response.json()["non_field_errors"][0]
    assert not gone(lies)


def test_a_superuser_can_go_when_another_remains(lies, jan):
    User.objects.filter(pk__in=[lies.pk, jan.pk]).update(is_superuser=True, is_staff=True)
    lies.refresh_from_db()

    assert delete_via_api(lies).status_code == 200
    assert gone(lies)


# --- Deletion: the page -----------------------------------------------------------------------


def test_delete_page_deletes_logs_out_and_says_so(client, lies):
    client.force_login(lies)
    assert client.get(url("accounts:delete")).status_code == 200

    response = client.post(url("accounts:delete"), {"password": PASSWORD}, follow=True)

    assert gone(lies)
    assert response.redirect_chain[-1][0] == url("network:home")
    assert "Your account is deleted" in response.content.decode()
    assert not response.context["user"].is_authenticated


# --- Deletion: what happens to the actors -----------------------------------------------------


def test_sole_owner_leaving_hands_the_actor_to_the_longest_standing_editor(gent, lies, jan):
    farm = ActorFactory(municipality=gent, name="Hoeve Lies", owner=lies)
    newer = UserFactory()
    now = timezone.now()
    add_manager(farm, newer, ManagerRole.EDITOR, now - datetime.timedelta(days=1))
    add_manager(farm, jan, ManagerRole.EDITOR, now - datetime.timedelta(days=30))

    response = delete_via_api(lies)

    assert response.status_code == 200
    assert response.json()["actors_handed_over"] == ["Hoeve Lies"]
    roles = dict(ActorManager.objects.filter(actor=farm).values_list("user_id", "role"))
    assert roles == {jan.pk: ManagerRole.OWNER, newer.pk: ManagerRole.EDITOR}
    farm.refresh_from_db()
    assert farm.is_public is True


def test_with_a_co_owner_no_editor_is_promoted(gent, lies, jan):
    farm = ActorFactory(municipality=gent, owner=lies)
    add_manager(farm, jan, ManagerRole.OWNER, timezone.now())
    editor = UserFactory()
    add_manager(farm, editor, ManagerRole.EDITOR, timezone.now() - datetime.timedelta(days=99))

    delete_via_api(lies)

    roles = dict(ActorManager.objects.filter(actor=farm).values_list("user_id", "role"))
    assert roles == {jan.pk: ManagerRole.OWNER, editor.pk: ManagerRole.EDITOR}


def test_an_actor_nobody_else_manages_is_unpublished_kept_and_its_contact_cleared(gent, lies):
    farm = ActorFactory(
        municipality=gent,
        name="Hoeve Lies",
        slug="hoeve-lies",
        phone="0470 12 34 56",
        email="lies.thuis@example.org",
        owner=lies,
    )
    api_as(lies).patch(f"/api/v1/actors/{farm.slug}/", {"phone": "0470 65 43 21"}, format="json")
    assert api_as(None).get("/api/v1/actors/hoeve-lies/").status_code == 200

    response = delete_via_api(lies)

    assert response.json()["actors_unpublished"] == ["Hoeve Lies"]
    farm.refresh_from_db()
    assert (farm.is_public, farm.open_data_consent, farm.phone, farm.email) == (
        False,
        False,
        "",
        "",
    )
    assert not farm.managers.exists()
    assert set(Actor.history.filter(id=farm.pk).values_list("phone", "email")) == {("", "")}
    assert api_as(None).get("/api/v1/actors/hoeve-lies/").status_code == 404
    listed = api_as(None).get("/api/v1/actors/").json()["results"]
    assert "hoeve-lies" not in [row["slug"] for row in listed]


def test_an_unmanaged_actor_leaves_its_cooperations_and_its_open_requests_close(
    forms, gent, lies, jan
):
    farm = ActorFactory(municipality=gent, owner=lies)
    shop = ActorFactory(municipality=gent, owner=jan)
    other = ActorFactory(municipality=gent, owner=jan)
    cooperation = cooperation_create(
        user=jan,
        initiator=shop,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="C",
        status="active",
    )
    member = Membership.objects.create(
        cooperation=cooperation, actor=farm, role=MemberRole.PRODUCER, status="active"
    )
    sent = partnership_request_send(user=lies, from_actor=farm, to_actor=shop)
    received = partnership_request_send(user=jan, from_actor=other, to_actor=farm)

    delete_via_api(lies)

    member.refresh_from_db()
    sent.refresh_from_db()
    received.refresh_from_db()
    assert (member.status, member.until) == (MembershipStatus.LEFT, timezone.localdate())
    assert sent.status == PartnershipStatus.WITHDRAWN
    assert received.status == PartnershipStatus.DECLINED


def test_pending_requests_she_sent_for_a_handed_over_actor_are_withdrawn(forms, gent, lies, jan):
    farm = ActorFactory(municipality=gent, owner=lies)
    add_manager(farm, jan, ManagerRole.EDITOR, timezone.now())
    shop = ActorFactory(municipality=gent, owner=UserFactory())
    cooperation = cooperation_create(
        user=shop.managers.get().user,
        initiator=shop,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="C",
        status="active",
    )
    request = partnership_request_send(user=lies, from_actor=farm, to_actor=shop)
    asked = membership_request(user=lies, cooperation=cooperation, actor=farm, role="producer")
    ActorInvitation.objects.create(actor=farm, email="friend@example.org", invited_by=lies)

    delete_via_api(lies)

    request.refresh_from_db()
    asked.refresh_from_db()
    assert request.status == PartnershipStatus.WITHDRAWN
    assert asked.status == MembershipStatus.DECLINED
    assert not ActorInvitation.objects.filter(actor=farm).exists()
    assert ActorManager.objects.get(actor=farm).user == jan  # the farm itself stays


# --- Deletion: what happens to the cooperations -----------------------------------------------


@pytest.fixture
def lies_coordinates(forms, gent, lies):
    """A cooperation Lies alone coordinates, through a farm nobody else manages."""
    farm = ActorFactory(municipality=gent, owner=lies)
    return cooperation_create(
        user=lies,
        initiator=farm,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name="Leiestreek",
        status="active",
    )


def test_a_cooperation_she_alone_coordinated_goes_to_the_longest_standing_member(
    lies_coordinates, gent, lies, jan
):
    older, newer = ActorFactory(municipality=gent, owner=jan), ActorFactory(municipality=gent)
    ActorManager.objects.create(actor=newer, user=UserFactory(), role=ManagerRole.OWNER)
    first = Membership.objects.create(
        cooperation=lies_coordinates,
        actor=older,
        role=MemberRole.PRODUCER,
        status="active",
        since=datetime.date(2024, 1, 1),
    )
    Membership.objects.create(
        cooperation=lies_coordinates,
        actor=newer,
        role=MemberRole.PRODUCER,
        status="active",
        since=datetime.date(2025, 1, 1),
    )

    response = delete_via_api(lies)

    assert response.json()["cooperations_handed_over"] == ["Leiestreek"]
    first.refresh_from_db()
    assert first.role == MemberRole.COORDINATOR
    cooperation = Cooperation.objects.get(pk=lies_coordinates.pk)
    assert cooperation.status == "active"
    # Jan, who manages the new coordinator, may now change the cooperation.
    change = api_as(jan).patch(
        f"/api/v1/cooperations/{cooperation.slug}/", {"description": "Verder"}, format="json"
    )
    assert change.status_code == 200


def test_a_cooperation_with_no_member_left_to_coordinate_is_paused(lies_coordinates, lies):
    response = delete_via_api(lies)

    assert response.json()["cooperations_paused"] == ["Leiestreek"]
    cooperation = Cooperation.objects.get(pk=lies_coordinates.pk)
    assert (cooperation.status, cooperation.accepts_new_members) == ("paused", False)


def test_a_cooperation_coordinated_through_a_handed_over_actor_is_untouched(
    lies_coordinates, lies, jan
):
    farm = lies_coordinates.memberships.get().actor
    add_manager(farm, jan, ManagerRole.EDITOR, timezone.now())

    response = delete_via_api(lies)

    assert response.json()["cooperations_handed_over"] == []
    assert response.json()["cooperations_paused"] == []
    membership = lies_coordinates.memberships.get()
    assert (membership.status, membership.role) == ("active", MemberRole.INITIATOR)


# --- Deletion: her own rows, and other people's records ---------------------------------------


def test_her_own_rows_go_and_municipal_records_stay_without_her(forms, gent, lies, jan):
    profile = CitizenProfile.objects.create(user=lies, home_municipality=gent)
    profile.favourites.add(ActorFactory(municipality=gent))
    OfficerRole.objects.create(user=lies, municipality=gent)
    action = support_action_log(
        user=lies,
        municipality=gent,
        action_type=SupportActionType.CONNECTION_MEETING,
        title="Ontmoeting",
        start_date=datetime.date(2031, 3, 10),
        starts_at=timezone.make_aware(datetime.datetime(2031, 3, 10, 19, 30)),
        capacity=10,
    )
    event_register(user=lies, action=action)
    jans = event_register(user=jan, action=action)
    farm = ActorFactory(municipality=gent, owner=lies)
    add_manager(farm, jan, ManagerRole.EDITOR, timezone.now())
    survey_response_submit(
        user=lies,
        farmer=farm,
        year=2026,
        contact_channels=["own_initiative"],
        municipality_important=False,
    )
    coop = cooperation_create(
        user=jan,
        initiator=ActorFactory(municipality=gent, owner=jan),
        form=forms[FormSlug.FARMERS_CONSUMERS],
        name="Voedselteam",
        status="active",
    )
    ConsumerMembership.objects.create(user=lies, cooperation=coop)
    _token, raw = api_token_create(user=lies, name="kassa")
    api_as(lies).patch(
        f"/api/v1/support-actions/{action.pk}/", {"title": "Ontmoeting 2031"}, format="json"
    )

    assert delete_via_api(lies).status_code == 200

    assert not CitizenProfile.objects.filter(user_id=lies.pk).exists()
    assert not OfficerRole.objects.filter(user_id=lies.pk).exists()
    assert not ConsumerMembership.objects.filter(user_id=lies.pk).exists()
    assert list(EventRegistration.objects.all()) == [jans]
    action.refresh_from_db()
    assert (action.title, action.created_by) == ("Ontmoeting 2031", None)
    assert SurveyResponse.objects.get(farmer=farm).submitted_by is None
    history = SupportAction.history.filter(id=action.pk)
    assert history.count() == 2
    assert set(history.values_list("history_user", flat=True)) == {None}
    from rest_framework.test import APIClient

    tokened = APIClient()
    tokened.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert tokened.get(ME).status_code == 401


def test_api_delete_with_a_token_answers_what_happened(lies):
    _token, raw = api_token_create(user=lies, name="script")
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")

    response = client.delete(ME, {"password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "deleted": True,
        "actors_handed_over": [],
        "actors_unpublished": [],
        "cooperations_handed_over": [],
        "cooperations_paused": [],
    }
    assert gone(lies)


def test_staff_find_actors_left_without_a_manager_in_the_admin(client, gent, lies, jan):
    ActorFactory(municipality=gent, name="Hoeve Zonder Beheer", owner=lies)
    ActorFactory(municipality=gent, name="Hoeve Met Beheer", owner=jan)
    delete_via_api(lies)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    response = client.get("/admin/actors/actor/?managed=no")

    assert response.status_code == 200
    names = [actor.name for actor in response.context["cl"].result_list]
    assert names == ["Hoeve Zonder Beheer"]


def test_the_schema_documents_deleting_the_account_and_downloading_the_data():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert schema["paths"]["/api/v1/me/"]["delete"]["operationId"] == "me_destroy"
    assert "400" in schema["paths"]["/api/v1/me/"]["delete"]["responses"]
    assert schema["paths"]["/api/v1/me/data/"]["get"]["operationId"] == "me_data_retrieve"
