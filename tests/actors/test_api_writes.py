"""Writing actors through /api/v1/actors/: who may do what, and field-level errors."""

import pytest

from actors.choices import ActorKind, KitchenType, ManagerRole
from actors.models import Actor, ActorLabel, ActorManager
from tests.factories import ActorFactory, LabelFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/actors/"


def detail(slug):
    return f"/api/v1/actors/{slug}/"


@pytest.fixture
def new_farm(municipality):
    return {
        "kind": "farmer",
        "name": "Hof ter Velde",
        "description": "Melkvee en aardappelen.",
        "municipality": municipality.nis_code,
        "postcode": "9000",
        "street_address": "Veldstraat 1",
        "latitude": 51.05,
        "longitude": 3.72,
        "phone": "09 000 00 00",
        "email": "info@hoftervelde.be",
        "website": "https://hoftervelde.be",
        "kbo_number": "BE 0123.456.749",
        "founded_year": 1999,
        "is_public": True,
        "open_data_consent": True,
    }


# --- Create -----------------------------------------------------------------------------------


def test_anonymous_cannot_register_an_actor(client_as, new_farm):
    response = client_as().post(LIST, new_farm, format="json")

    assert response.status_code == 401
    assert not Actor.objects.filter(name="Hof ter Velde").exists()


def test_any_signed_in_user_registers_an_actor_and_becomes_its_owner(client_as, stranger, new_farm):
    response = client_as(stranger).post(LIST, new_farm, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "hof-ter-velde"
    assert body["kbo_number"] == "0123456749"  # normalised
    assert body["municipality"]["nis_code"] == new_farm["municipality"]
    assert body["sales_points"] == body["offers"] == body["needs"] == []
    actor = Actor.objects.get(slug="hof-ter-velde")
    assert actor.managers.get().user == stranger
    assert actor.managers.get().role == ManagerRole.OWNER
    assert actor.open_data_consent_at is not None
    assert stranger.email not in response.content.decode()


def test_a_second_actor_with_the_same_name_gets_its_own_slug(client_as, stranger, new_farm):
    client = client_as(stranger)
    client.post(LIST, new_farm, format="json")

    response = client.post(LIST, new_farm, format="json")

    assert response.json()["slug"] == "hof-ter-velde-2"


def test_registering_with_labels(client_as, stranger, new_farm):
    LabelFactory(slug="t-bio", kind="organic")
    LabelFactory(slug="t-hoeve")

    response = client_as(stranger).post(
        LIST,
        {
            **new_farm,
            "labels": [{"label": "t-bio", "certifier": "Certisys"}, {"label": "t-hoeve"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    labels = sorted(response.json()["labels"], key=lambda label: label["slug"])
    assert [(label["slug"], label["certifier"]) for label in labels] == [
        ("t-bio", "Certisys"),
        ("t-hoeve", ""),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kbo_number": "0123.456.789"}, "kbo_number"),  # check digits wrong
        ({"kbo_number": "abc"}, "kbo_number"),
        ({"kbo_number": "2123456749"}, "kbo_number"),  # must start with 0 or 1
        ({"postcode": "900"}, "postcode"),
        ({"postcode": "0900"}, "postcode"),
        ({"latitude": 95}, "latitude"),
        ({"latitude": "NaN"}, "latitude"),
        ({"longitude": -200}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"founded_year": 1700}, "founded_year"),
        ({"founded_year": 2200}, "founded_year"),
        ({"kitchen_type": "school"}, "kitchen_type"),  # a farm is no kitchen
        ({"initiative_type": "food_team"}, "initiative_type"),
        ({"kind": "alien"}, "kind"),
        ({"municipality": "99999"}, "municipality"),
        ({"municipality": None}, "municipality"),
        ({"email": "not-an-address"}, "email"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"labels": [{"label": "no-such-label"}]}, "labels"),
        ({"labels": [{"label": "t-bio"}, {"label": "t-bio"}]}, "labels"),
        ({"labels": "bio"}, "labels"),
    ],
)
def test_invalid_actor_is_a_400_naming_the_field(client_as, stranger, new_farm, change, field):
    LabelFactory(slug="t-bio")

    response = client_as(stranger).post(LIST, {**new_farm, **change}, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Actor.objects.filter(name=new_farm["name"]).exists()


def test_missing_required_fields_are_each_named(client_as, stranger):
    response = client_as(stranger).post(LIST, {}, format="json")

    assert response.status_code == 400
    assert {"kind", "name", "municipality", "latitude", "longitude"} <= set(response.json())


def test_a_kitchen_may_have_a_kitchen_type(client_as, stranger, new_farm):
    response = client_as(stranger).post(
        LIST, {**new_farm, "kind": "kitchen", "kitchen_type": "school"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["kitchen_type"] == "school"


def test_malformed_json_is_a_400(client_as, stranger):
    response = client_as(stranger).post(LIST, "{not json", content_type="application/json")

    assert response.status_code == 400


# --- Update -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 200), ("owner", 200), ("staff", 200)],
)
def test_who_may_change_an_actor(client_as, people, actor, who, status):
    response = client_as(people[who]).patch(
        detail(actor.slug), {"description": "Nieuw seizoen."}, format="json"
    )

    assert response.status_code == status
    actor.refresh_from_db()
    changed = status == 200
    assert (actor.description == "Nieuw seizoen.") is changed
    if changed:
        assert response.json()["description"] == "Nieuw seizoen."


@pytest.mark.parametrize(("who", "status"), [("stranger", 404), ("owner", 200), ("staff", 200)])
def test_an_unlisted_actor_is_not_found_for_others_when_writing(
    client_as, people, actor, who, status
):
    actor.is_public = False
    actor.save()

    response = client_as(people[who]).patch(detail(actor.slug), {"name": "X"}, format="json")

    assert response.status_code == status


def test_full_update_by_the_owner(client_as, owner, actor, new_farm):
    response = client_as(owner).put(detail(actor.slug), new_farm, format="json")

    assert response.status_code == 200, response.content
    actor.refresh_from_db()
    assert actor.name == "Hof ter Velde"
    assert actor.slug == "hoeve-de-kouter"  # a slug stays: links keep working


def test_full_update_needs_every_required_field(client_as, owner, actor):
    response = client_as(owner).put(detail(actor.slug), {"name": "Alleen"}, format="json")

    assert response.status_code == 400
    assert "kind" in response.json()


def test_changing_kind_away_from_kitchen_needs_the_kitchen_type_cleared(
    client_as, owner, municipality
):
    kitchen = ActorFactory(
        slug="keuken",
        kind=ActorKind.KITCHEN,
        kitchen_type=KitchenType.SCHOOL,
        municipality=municipality,
        owner=owner,
    )
    client = client_as(owner)

    refused = client.patch(detail("keuken"), {"kind": "farmer"}, format="json")
    accepted = client.patch(detail("keuken"), {"kind": "farmer", "kitchen_type": ""}, format="json")

    assert refused.status_code == 400
    assert "kitchen_type" in refused.json()
    assert accepted.status_code == 200
    kitchen.refresh_from_db()
    assert (kitchen.kind, kitchen.kitchen_type) == ("farmer", "")


def test_setting_a_kitchen_type_on_a_farm_is_refused(client_as, owner, actor):
    response = client_as(owner).patch(detail(actor.slug), {"kitchen_type": "school"}, format="json")

    assert response.status_code == 400
    assert "kitchen_type" in response.json()


def test_labels_are_replaced_when_given_and_kept_when_not(client_as, owner, actor):
    bio = LabelFactory(slug="t-bio")
    LabelFactory(slug="t-hoeve")
    ActorLabel.objects.create(actor=actor, label=bio)
    client = client_as(owner)

    client.patch(detail(actor.slug), {"description": "x"}, format="json")
    assert list(actor.labels.values_list("slug", flat=True)) == ["t-bio"]

    client.patch(detail(actor.slug), {"labels": [{"label": "t-hoeve"}]}, format="json")
    assert list(actor.labels.values_list("slug", flat=True)) == ["t-hoeve"]

    client.patch(detail(actor.slug), {"labels": []}, format="json")
    assert not actor.labels.exists()


def test_withdrawing_open_data_consent_clears_its_moment(client_as, owner, actor):
    client_as(owner).patch(detail(actor.slug), {"open_data_consent": False}, format="json")

    actor.refresh_from_db()
    assert actor.open_data_consent is False
    assert actor.open_data_consent_at is None


def test_unlisting_hides_the_actor_from_others_but_not_its_owner(client_as, owner, actor):
    response = client_as(owner).patch(detail(actor.slug), {"is_public": False}, format="json")

    assert response.status_code == 200
    assert response.json()["is_public"] is False
    assert client_as().get(detail(actor.slug)).status_code == 404
    assert client_as(owner).get(detail(actor.slug)).status_code == 200


def test_the_slug_and_the_managers_cannot_be_written(client_as, owner, actor, stranger):
    response = client_as(owner).patch(
        detail(actor.slug),
        {"slug": "taken-over", "managers": [stranger.pk], "id": 999},
        format="json",
    )

    assert response.status_code == 200
    actor.refresh_from_db()
    assert actor.slug == "hoeve-de-kouter"
    assert not ActorManager.objects.filter(user=stranger).exists()


# --- Delete -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("editor", 403), ("owner", 204), ("staff", 204)],
)
def test_who_may_delete_an_actor(client_as, people, actor, who, status):
    response = client_as(people[who]).delete(detail(actor.slug))

    assert response.status_code == status
    assert Actor.objects.filter(pk=actor.pk).exists() is (status != 204)
