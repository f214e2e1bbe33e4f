"""Bad input on cooperations, memberships, chains and partnership requests: a field message.

The API answers 400 with `{field: [messages]}` and writes nothing; the pages show the message
on the field. Dates must be ones a person could mean (network.validators), enums are exact,
texts have a maximum, and what must be unique is refused with a message, not a 500.
"""

import pytest

from cooperation.choices import FormSlug
from cooperation.models import ChainLink, Cooperation, Membership, PartnershipRequest

pytestmark = pytest.mark.django_db


def assert_field_error(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert body[field], body


def new_cooperation(farm, **change):
    return {
        "initiator": farm.slug,
        "name": "Samen Verwerken",
        "form": FormSlug.JOINT_PROCESSING,
        **change,
    }


# --- Cooperations through the API ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"form": "no-such-form"}, "form"),
        ({"status": "ended"}, "status"),  # a new cooperation cannot start as ended
        ({"status": "ACTIVE"}, "status"),
        ({"legal_form": "llc"}, "legal_form"),
        ({"price_setting": "auction"}, "price_setting"),
        ({"decision_making": "dictator"}, "decision_making"),
        ({"started_on": "0202-05-01"}, "started_on"),  # a typing error for 2020
        ({"started_on": "2202-05-01"}, "started_on"),
        ({"started_on": "2024-13-01"}, "started_on"),
        ({"description": "x" * 5001}, "description"),
        ({"shared_assets": "x" * 2001}, "shared_assets"),
        ({"decision_notes": "x" * 2001}, "decision_notes"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"municipalities": ["99999"]}, "municipalities"),
        ({"municipalities": "44021"}, "municipalities"),
        ({"accepts_new_members": "maybe"}, "accepts_new_members"),
    ],
)
def test_an_invalid_cooperation_is_a_400_and_writes_nothing(
    api_client, farmer, farm, forms, change, field
):
    api_client.force_authenticate(farmer)

    response = api_client.post(
        "/api/v1/cooperations/", new_cooperation(farm, **change), format="json"
    )

    assert_field_error(response, field)
    assert not Cooperation.objects.exists()


def test_the_date_message_says_what_is_expected(api_client, farmer, farm, forms):
    api_client.force_authenticate(farmer)

    response = api_client.post(
        "/api/v1/cooperations/",
        new_cooperation(farm, started_on="0202-05-01"),
        format="json",
    )

    assert response.json()["started_on"] == ["Give a date between 1900 and 2100."]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "dissolved"}, "status"),
        ({"status": "ended", "on": "0001-01-01"}, "on"),
        ({"status": "ended", "on": "yesterday"}, "on"),
        ({"status": "idea"}, "status"),  # active cannot go back to idea
    ],
)
def test_an_invalid_status_change_is_a_400(api_client, coordinator, cooperation, body, field):
    api_client.force_authenticate(coordinator)

    response = api_client.post(
        f"/api/v1/cooperations/{cooperation.slug}/status/", body, format="json"
    )

    assert_field_error(response, field)
    cooperation.refresh_from_db()
    assert cooperation.status == "active"


def test_an_end_before_the_start_is_refused(api_client, coordinator, cooperation):
    api_client.force_authenticate(coordinator)
    started = cooperation.started_on

    response = api_client.post(
        f"/api/v1/cooperations/{cooperation.slug}/status/",
        {"status": "ended", "on": started.replace(year=started.year - 3).isoformat()},
        format="json",
    )

    assert response.status_code == 400, response.content
    cooperation.refresh_from_db()
    assert (cooperation.status, cooperation.ended_on) == ("active", None)


@pytest.mark.parametrize(
    ("links", "field"),
    [
        ([{"step_kind": "teleport"}], "links"),
        ([{"step_kind": "farm", "description": "x" * 201}], "links"),
        ([{"step_kind": "farm", "category": "no-such-product"}], "links"),
        ("farm", "links"),
    ],
)
def test_an_invalid_chain_is_a_400_and_keeps_the_old_one(
    api_client, coordinator, cooperation, links, field
):
    api_client.force_authenticate(coordinator)
    before = ChainLink.objects.count()

    response = api_client.post(
        f"/api/v1/cooperations/{cooperation.slug}/chain/", {"links": links}, format="json"
    )

    assert_field_error(response, field)
    assert ChainLink.objects.count() == before


# --- Memberships and partnership requests -----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "maybe"}, "kind"),
        ({"role": "boss"}, "role"),
        ({"message": "x" * 1001}, "message"),
        ({"cooperation": "no-such-cooperation"}, "cooperation"),
        ({"actor": "no-such-actor"}, "actor"),
    ],
)
def test_an_invalid_membership_request_is_a_400(
    api_client, farmer, farm, cooperation, change, field
):
    api_client.force_authenticate(farmer)
    body = {
        "kind": "request",
        "cooperation": cooperation.slug,
        "actor": farm.slug,
        "role": "producer",
        **change,
    }

    response = api_client.post("/api/v1/memberships/", body, format="json")

    assert_field_error(response, field)
    assert not Membership.objects.filter(actor=farm).exists()


def test_asking_twice_to_join_is_a_400_not_a_second_request(api_client, farmer, farm, cooperation):
    api_client.force_authenticate(farmer)
    body = {"kind": "request", "cooperation": cooperation.slug, "actor": farm.slug}
    body["role"] = "producer"

    first = api_client.post("/api/v1/memberships/", body, format="json")
    second = api_client.post("/api/v1/memberships/", body, format="json")

    assert first.status_code == 201, first.content
    assert second.status_code == 400, second.content
    assert Membership.objects.filter(actor=farm, cooperation=cooperation).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"message": "x" * 2001}, "message"),
        ({"form": "no-such-form"}, "form"),
        ({"to_actor": "no-such-actor"}, "to_actor"),
        ({"to_actor": None}, "to_actor"),
    ],
)
def test_an_invalid_partnership_request_is_a_400(
    api_client, farmer, farm, coordinator_farm, forms, change, field
):
    api_client.force_authenticate(farmer)
    body = {"from_actor": farm.slug, "to_actor": coordinator_farm.slug, **change}

    response = api_client.post("/api/v1/partnership-requests/", body, format="json")

    assert_field_error(response, field)
    assert not PartnershipRequest.objects.exists()


def test_a_partnership_request_to_oneself_is_refused(api_client, farmer, farm):
    api_client.force_authenticate(farmer)

    response = api_client.post(
        "/api/v1/partnership-requests/",
        {"from_actor": farm.slug, "to_actor": farm.slug},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert not PartnershipRequest.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "actor"),
        ("&limit=0", "limit"),
        ("&limit=51", "limit"),
        ("&limit=many", "limit"),
        ("&form=no-such-form", "form"),
    ],
)
def test_partner_matches_with_bad_parameters_are_a_400(api_client, farmer, farm, query, field):
    api_client.force_authenticate(farmer)
    actor = "" if query == "" else f"actor={farm.slug}"

    response = api_client.get(f"/api/v1/partner-matches/?{actor}{query}")

    assert_field_error(response, field)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("near=abc", "near"),
        ("near=51.05", "near"),
        ("near=95,3.7", "near"),
        ("near=51.05,3.72&radius_km=0", "radius_km"),
        ("near=51.05,3.72&radius_km=-4", "radius_km"),
        ("near=51.05,3.72&radius_km=501", "radius_km"),
        ("near=51.05,3.72&radius_km=far", "radius_km"),
        ("radius_km=10", "radius_km"),  # a radius without a place
        ("form=no-such-form", "form"),
        ("status=finished", "status"),
    ],
)
def test_cooperation_filters_with_bad_values_are_a_400(api_client, cooperation, query, field):
    response = api_client.get(f"/api/v1/cooperations/?{query}")

    assert_field_error(response, field)


# --- The pages ----------------------------------------------------------------------------------


def create_form(farm, municipality, **change):
    return {
        "initiator": farm.pk,
        "name": "Samen verwerken Leie",
        "form": FormSlug.JOINT_PROCESSING,
        "status": "starting",
        "municipalities": [municipality.pk],
        "legal_form": "cooperative",
        "price_setting": "producers_together",
        "decision_making": "one_member_one_vote",
        "accepts_new_members": "on",
        "is_public": "on",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"started_on": "1066-10-14"}, "started_on", "between 1900 and 2100"),
        ({"started_on": "14/10/2024"}, "started_on", "Enter a valid date."),
        ({"name": "x" * 151}, "name", "at most 150 characters"),
        ({"description": "x" * 5001}, "description", "at most 5000 characters"),
        ({"legal_form": "llc"}, "legal_form", "Select a valid choice"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
    ],
)
def test_the_create_page_shows_the_error_on_the_field(
    client, farmer, farm, municipality, forms, change, field, message
):
    client.force_login(farmer)

    response = client.post("/en/cooperations/new/", create_form(farm, municipality, **change))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Cooperation.objects.exists()


def test_html_in_a_cooperation_is_escaped_on_its_page(client, farmer, farm, municipality, forms):
    client.force_login(farmer)
    script = '<script>alert("coop")</script>'

    client.post(
        "/en/cooperations/new/",
        create_form(farm, municipality, name="Coop <b>vet</b>", description=script),
    )

    cooperation = Cooperation.objects.get()
    assert cooperation.description == script  # stored as typed
    html = client.get(cooperation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;coop&quot;)&lt;/script&gt;" in html
    assert "Coop &lt;b&gt;vet&lt;/b&gt;" in html
    assert "<script>alert(" not in html
