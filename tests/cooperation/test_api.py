"""/api/v1/ for cooperation: reads, the permission matrix of every write, query counts, 400s."""

import pytest
from django.core import mail

from actors.choices import ActorKind, KitchenType
from cooperation import services
from cooperation.choices import FormSlug, MembershipStatus, PartnershipStatus
from cooperation.models import ConsumerMembership, Cooperation, Membership, PartnershipRequest
from tests.cooperation.conftest import add_member
from tests.factories import (
    GENT,
    ActorFactory,
    MunicipalityFactory,
    NeedFactory,
    OfferFactory,
    ProductCategoryFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANONYMOUS, STRANGER, OWNER, STAFF = "anonymous", "stranger", "owner", "staff"


@pytest.fixture
def as_user(api_client):
    def login(user):
        api_client.force_authenticate(user)
        return api_client

    return login


@pytest.fixture
def client_for(api_client, stranger, staff):
    """A client acting as one of the matrix's people; `owner` is given per test."""

    def make(who, owner=None):
        user = {ANONYMOUS: None, STRANGER: stranger, STAFF: staff, OWNER: owner}[who]
        api_client.force_authenticate(user)
        return api_client

    return make


# ---- reads ----------------------------------------------------------------------------


def test_the_seven_forms_are_listed_in_order_with_mindsets_and_means(api_client, forms):
    response = api_client.get("/api/v1/cooperation-forms/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert [form["slug"] for form in body] == list(FormSlug.ALL)
    assert body[0]["name_nl"] == "Elkaars producten kopen"
    assert body[2]["mindsets"] == ["loss_aversion", "market_too_small"]
    assert body[5]["consumers_can_join"] is True


def test_cooperation_detail_shows_public_members_chain_and_scorecard_but_no_people(
    api_client, cooperation, farm, coordinator_farm
):
    hidden = ActorFactory(name="Unlisted farm", is_public=False)
    add_member(cooperation, farm)
    add_member(cooperation, hidden)
    ConsumerMembership.objects.create(
        user=UserFactory(email="citizen@example.org"), cooperation=cooperation
    )

    response = api_client.get(f"/api/v1/cooperations/{cooperation.slug}/")

    assert response.status_code == 200
    body = response.json()
    assert sorted(m["actor"]["name"] for m in body["members"]) == [
        "Hoeve De Kouter",
        "Hoeve Het Veld",
    ]
    assert body["member_count"] == 3  # the unlisted one is counted, not named
    assert body["consumer_member_count"] == 1
    assert [p["number"] for p in body["scorecard"]["principles"]] == [1, 2, 3, 4, 5]
    assert body["scorecard"]["principles"][0]["score"] == 100
    assert "citizen@example.org" not in response.content.decode()
    assert "coordinator@example.org" not in response.content.decode()


def test_a_private_cooperation_is_hidden_from_outsiders_and_shown_to_members(
    api_client, cooperation, coordinator, stranger
):
    Cooperation.objects.filter(pk=cooperation.pk).update(is_public=False)
    assert api_client.get(f"/api/v1/cooperations/{cooperation.slug}/").status_code == 404
    api_client.force_authenticate(stranger)
    assert api_client.get("/api/v1/cooperations/").json()["count"] == 0
    api_client.force_authenticate(coordinator)
    assert api_client.get(f"/api/v1/cooperations/{cooperation.slug}/").status_code == 200


def make_cooperations(n, forms):
    municipality = MunicipalityFactory()
    for i in range(n):
        owner = UserFactory()
        actor = ActorFactory(owner=owner, municipality=municipality)
        services.cooperation_create(
            user=owner,
            initiator=actor,
            form=forms[FormSlug.ALL[i % 7]],
            name=f"Coop {i:02d}",
            municipalities=[municipality, MunicipalityFactory()],
            status="active",
        )


@pytest.mark.parametrize("n", [3, 30])
def test_the_cooperation_list_takes_the_same_queries_at_3_and_30_rows(
    api_client, forms, n, django_assert_num_queries
):
    make_cooperations(n, forms)
    # count, page (counts as subqueries), municipalities
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/cooperations/")
    assert response.json()["count"] == n
    assert len(response.json()["results"]) == min(n, 20)


def test_filters_by_form_status_municipality_region_openness_and_product(
    api_client, forms, coordinator, coordinator_farm, municipality
):
    region = RegionFactory(slug="leiestreek")
    municipality.regions.add(region)
    cheese = ProductCategoryFactory(slug="cheese")
    OfferFactory(actor=coordinator_farm, category=cheese)
    wanted = services.cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.JOINT_PROCESSING],
        name="Kaasmakerij samen",
        municipalities=[municipality],
        status="active",
    )
    other_place = MunicipalityFactory(latitude=50.0, longitude=5.0)
    services.cooperation_create(
        user=coordinator,
        initiator=ActorFactory(
            owner=coordinator, municipality=other_place, latitude=50.0, longitude=5.0
        ),
        form=forms[FormSlug.FIELD_TO_FORK],
        name="Ver weg",
        municipalities=[other_place],
        accepts_new_members=False,
    )

    def slugs(query):
        response = api_client.get(f"/api/v1/cooperations/?{query}")
        assert response.status_code == 200, response.json()
        return [row["slug"] for row in response.json()["results"]]

    assert slugs("form=joint-processing") == [wanted.slug]
    assert slugs("status=active") == [wanted.slug]
    assert slugs(f"municipality={municipality.nis_code}") == [wanted.slug]
    assert slugs("region=leiestreek") == [wanted.slug]
    assert slugs("accepts_members=true") == [wanted.slug]
    assert slugs("product=cheese") == [wanted.slug]
    assert slugs(f"near={GENT[0]},{GENT[1]}&radius_km=10") == [wanted.slug]
    rows = api_client.get(f"/api/v1/cooperations/?near={GENT[0]},{GENT[1]}").json()["results"]
    assert rows[0]["distance_km"] == 0.0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("near=abc", "near"),
        ("near=95,3", "near"),
        ("radius_km=5", "radius_km"),
        ("near=51,3&radius_km=9999", "radius_km"),
        ("form=no-such-form", "form"),
        ("status=bogus", "status"),
        ("municipality=00000", "municipality"),
        ("product=nothing", "product"),
    ],
)
def test_bad_filters_are_field_errors(api_client, query, field):
    response = api_client.get(f"/api/v1/cooperations/?{query}")
    assert response.status_code == 400
    assert field in response.json()


# ---- writes: the permission matrix -----------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 201), (STAFF, 201)]
)
def test_create_cooperation_matrix(client_for, farm, farmer, municipality, who, expected):
    client = client_for(who, owner=farmer)
    response = client.post(
        "/api/v1/cooperations/",
        {
            "initiator": farm.slug,
            "name": "Samen sap",
            "form": "joint-processing",
            "municipalities": [municipality.nis_code],
            "price_setting": "producers_together",
        },
        format="json",
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert body["slug"] == "samen-sap"
        assert body["members"][0]["role"] == "initiator"
        assert body["scorecard"]["principles"][2]["score"] == 80


def test_create_cooperation_bad_input_is_400(as_user, farmer, farm):
    response = as_user(farmer).post(
        "/api/v1/cooperations/",
        {
            "initiator": farm.slug,
            "name": "",
            "form": "nope",
            "legal_form": "llc",
            "status": "ended",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"name", "form", "legal_form", "status"}


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 200), (STAFF, 200)]
)
def test_update_cooperation_matrix(client_for, cooperation, coordinator, who, expected):
    client = client_for(who, owner=coordinator)
    response = client.patch(
        f"/api/v1/cooperations/{cooperation.slug}/",
        {"description": "Samen verkopen", "website": "https://leie.coop"},
        format="json",
    )
    assert response.status_code == expected
    cooperation.refresh_from_db()
    assert (cooperation.description == "Samen verkopen") is (expected == 200)


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 200), (STAFF, 200)]
)
def test_status_change_matrix(client_for, cooperation, coordinator, who, expected):
    client = client_for(who, owner=coordinator)
    response = client.post(
        f"/api/v1/cooperations/{cooperation.slug}/status/", {"status": "paused"}, format="json"
    )
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "paused"


def test_an_invalid_status_transition_is_400(as_user, cooperation, coordinator):
    response = as_user(coordinator).post(
        f"/api/v1/cooperations/{cooperation.slug}/status/",
        {"status": "idea"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["status"] == ["A cooperation cannot go from active to idea."]


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 200), (STAFF, 200)]
)
def test_chain_matrix(client_for, cooperation, coordinator, coordinator_farm, who, expected):
    client = client_for(who, owner=coordinator)
    response = client.post(
        f"/api/v1/cooperations/{cooperation.slug}/chain/",
        {
            "links": [
                {"step_kind": "farm", "actor": coordinator_farm.slug},
                {"step_kind": "consumer"},
            ]
        },
        format="json",
    )
    assert response.status_code == expected
    if expected == 200:
        assert [link["step_kind"] for link in response.json()] == ["farm", "consumer"]


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 201), (STAFF, 201)]
)
def test_membership_request_matrix(client_for, cooperation, farm, farmer, who, expected):
    client = client_for(who, owner=farmer)
    response = client.post(
        "/api/v1/memberships/",
        {
            "kind": "request",
            "cooperation": cooperation.slug,
            "actor": farm.slug,
            "role": "producer",
        },
        format="json",
    )
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["status"] == "requested"


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 201), (STAFF, 201)]
)
def test_membership_invite_matrix(client_for, cooperation, farm, coordinator, who, expected):
    client = client_for(who, owner=coordinator)
    response = client.post(
        "/api/v1/memberships/",
        {"kind": "invite", "cooperation": cooperation.slug, "actor": farm.slug, "role": "producer"},
        format="json",
    )
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["status"] == "invited"


@pytest.mark.parametrize(
    ("who", "expected"),
    [(ANONYMOUS, 401), (STRANGER, 404), ("requester", 403), (OWNER, 200), (STAFF, 200)],
)
@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_membership_decision_matrix(
    client_for, api_client, cooperation, farm, farmer, coordinator, who, expected, decision
):
    membership = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role="producer"
    )
    if who == "requester":
        client = api_client
        client.force_authenticate(farmer)
    else:
        client = client_for(who, owner=coordinator)
    response = client.post(f"/api/v1/memberships/{membership.pk}/{decision}/")
    assert response.status_code == expected
    membership.refresh_from_db()
    if expected == 200:
        assert membership.status == ("active" if decision == "accept" else "declined")
    else:
        assert membership.status == MembershipStatus.REQUESTED


def test_accepting_twice_through_the_api_is_400_and_one_membership(
    as_user, cooperation, farm, farmer, coordinator
):
    membership = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role="producer"
    )
    client = as_user(coordinator)
    assert client.post(f"/api/v1/memberships/{membership.pk}/accept/").status_code == 200
    second = client.post(f"/api/v1/memberships/{membership.pk}/accept/")
    assert second.status_code == 400
    assert second.json() == {"non_field_errors": ["This request has already been decided."]}
    assert Membership.objects.filter(actor=farm, cooperation=cooperation).count() == 1


def test_membership_list_hides_requests_from_the_public(
    api_client, as_user, cooperation, farm, farmer, coordinator
):
    services.membership_request(user=farmer, cooperation=cooperation, actor=farm, role="producer")
    assert [m["status"] for m in api_client.get("/api/v1/memberships/").json()["results"]] == [
        "active"
    ]
    statuses = [
        m["status"] for m in as_user(coordinator).get("/api/v1/memberships/").json()["results"]
    ]
    assert sorted(statuses) == ["active", "requested"]


# ---- partner matches ------------------------------------------------------------------


@pytest.fixture
def potato_farm(farmer, municipality):
    farm = ActorFactory(name="Aardappelhoeve", owner=farmer, municipality=municipality)
    OfferFactory(actor=farm, category=ProductCategoryFactory(slug="potatoes", name_en="potatoes"))
    return farm


def kitchens(n):
    potatoes = ProductCategoryFactory(slug="potatoes")
    for i in range(n):
        kitchen = ActorFactory(
            kind=ActorKind.KITCHEN,
            kitchen_type=KitchenType.SCHOOL,
            latitude=GENT[0] + (i + 1) / 200,
            longitude=GENT[1],
        )
        NeedFactory(actor=kitchen, category=potatoes, volume=20, unit="kg")


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 200), (STAFF, 200)]
)
def test_partner_matches_matrix(client_for, potato_farm, farmer, who, expected):
    kitchens(2)
    response = client_for(who, owner=farmer).get(
        f"/api/v1/partner-matches/?actor={potato_farm.slug}"
    )
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert len(body) == 2
        assert body[0]["reasons"] == ["school kitchen needs 20 kg potatoes every week"]
        assert body[0]["distance_km"] == 0.6


@pytest.mark.parametrize("n", [3, 30])
def test_partner_matches_take_the_same_queries_at_3_and_30_candidates(
    as_user, potato_farm, farmer, n, django_assert_num_queries
):
    kitchens(n)
    client = as_user(farmer)
    # form, actor, its managers (permission), then the finder's seven
    with django_assert_num_queries(10):
        response = client.get(
            f"/api/v1/partner-matches/?actor={potato_farm.slug}&limit=50&form=field-to-fork"
        )
    assert len(response.json()) == n


@pytest.mark.parametrize(
    ("query", "status_code"),
    [
        ("", 400),
        ("actor=nobody", 404),
        ("actor={slug}&form=nope", 400),
        ("actor={slug}&limit=0", 400),
    ],
)
def test_partner_matches_bad_input(as_user, potato_farm, farmer, query, status_code):
    response = as_user(farmer).get(
        "/api/v1/partner-matches/?" + query.format(slug=potato_farm.slug)
    )
    assert response.status_code == status_code


# ---- partnership requests -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, 401), (STRANGER, 403), (OWNER, 201), (STAFF, 201)]
)
def test_send_partnership_request_matrix(
    client_for, farm, farmer, coordinator_farm, who, expected, django_capture_on_commit_callbacks
):
    client = client_for(who, owner=farmer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/partnership-requests/",
            {
                "from_actor": farm.slug,
                "to_actor": coordinator_farm.slug,
                "form": "mutual-purchasing",
                "message": "Hallo",
            },
            format="json",
        )
    assert response.status_code == expected
    assert len(mail.outbox) == (1 if expected == 201 else 0)


def test_sending_to_itself_is_a_field_error(as_user, farm, farmer):
    response = as_user(farmer).post(
        "/api/v1/partnership-requests/",
        {"from_actor": farm.slug, "to_actor": farm.slug},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"to_actor": ["An actor cannot send a request to itself."]}


@pytest.fixture
def pending(farm, farmer, coordinator_farm):
    return services.partnership_request_send(
        user=farmer, from_actor=farm, to_actor=coordinator_farm, message="Samen?"
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [(ANONYMOUS, 401), (STRANGER, 404), ("sender", 403), (OWNER, 200), (STAFF, 403)],
)
@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_partnership_decision_matrix(
    client_for, api_client, pending, farmer, coordinator, who, expected, decision
):
    if who == "sender":
        client = api_client
        client.force_authenticate(farmer)
    else:
        client = client_for(who, owner=coordinator)
    response = client.post(f"/api/v1/partnership-requests/{pending.pk}/{decision}/")
    assert response.status_code == expected
    pending.refresh_from_db()
    assert pending.status == (
        {"accept": "accepted", "decline": "declined"}[decision] if expected == 200 else "pending"
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [(ANONYMOUS, 401), (STRANGER, 404), ("receiver", 403), (OWNER, 200)],
)
def test_partnership_withdraw_matrix(
    client_for, api_client, pending, farmer, coordinator, who, expected
):
    if who == "receiver":
        client = api_client
        client.force_authenticate(coordinator)
    else:
        client = client_for(who, owner=farmer)
    response = client.post(f"/api/v1/partnership-requests/{pending.pk}/withdraw/")
    assert response.status_code == expected


def test_contact_is_shared_only_after_acceptance(
    as_user, pending, farmer, coordinator, coordinator_farm, stranger
):
    body = as_user(farmer).get(f"/api/v1/partnership-requests/{pending.pk}/").json()
    assert body["contact"] is None
    as_user(coordinator).post(f"/api/v1/partnership-requests/{pending.pk}/accept/")
    farmer_view = (
        as_user(type(farmer).objects.get(pk=farmer.pk))
        .get(f"/api/v1/partnership-requests/{pending.pk}/")
        .json()
    )
    assert farmer_view["status"] == PartnershipStatus.ACCEPTED
    assert farmer_view["contact"]["email"] == coordinator_farm.email
    assert as_user(stranger).get("/api/v1/partnership-requests/").json()["count"] == 0
    assert PartnershipRequest.objects.get().message == "Samen?"


def test_a_chain_step_without_a_product_is_documented_as_null():
    """A chain link's product is optional (SET_NULL); schemathesis found the schema promised a
    string while the API answered null."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    category = schema["components"]["schemas"]["ChainLink"]["properties"]["category"]
    assert category.get("nullable") is True
