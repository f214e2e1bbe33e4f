"""The cooperation pages: list, detail with scorecard, coordinators' pages, joining, partners,
and the form guide."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cooperation import services
from cooperation.choices import FormSlug, MembershipStatus, PartnershipStatus
from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    Membership,
    PartnershipRequest,
)
from tests.cooperation.conftest import add_member
from tests.factories import (
    GENT,
    ActorFactory,
    MunicipalityFactory,
    NeedFactory,
    OfferFactory,
    ProductCategoryFactory,
    SalesPointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"cooperation:{name}", args=args)


def test_the_list_shows_public_cooperations_with_filters_and_map_data(client, cooperation):
    hidden = Cooperation.objects.create(
        name="Geheim", slug="geheim", form=cooperation.form, is_public=False
    )
    response = client.get(url("list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert cooperation.name in content
    assert hidden.name not in content
    assert 'id="coop-map-data"' in content
    assert response.context["map_data"]["markers"][0]["url"] == cooperation.get_absolute_url()


def test_the_list_filter_errors_show_on_the_page_not_a_500(client, cooperation):
    response = client.get(url("list") + "?near=abc&form=nope")
    assert response.status_code == 200
    assert list(response.context["cooperations"]) == []
    assert "near" in response.context["filter"].form.errors


@pytest.mark.parametrize("n", [3, 12])
def test_the_list_page_takes_the_same_queries_at_3_and_12_rows(
    client, forms, n, django_assert_num_queries
):
    municipality = MunicipalityFactory()
    for i in range(n):
        owner = UserFactory()
        services.cooperation_create(
            user=owner,
            initiator=ActorFactory(owner=owner, municipality=municipality),
            form=forms[FormSlug.ALL[i % 7]],
            name=f"Coop {i}",
            municipalities=[municipality],
        )
    # count, page, municipalities, forms for the filter, form choices of the filter form
    with django_assert_num_queries(7):
        response = client.get(url("list"))
    assert len(response.context["cooperations"]) == n


def test_the_detail_page_draws_the_scorecard_and_lists_only_public_members(
    client, cooperation, farm
):
    add_member(cooperation, farm)
    add_member(cooperation, ActorFactory(name="Verborgen hoeve", is_public=False))
    ConsumerMembership.objects.create(
        user=UserFactory(email="burger@example.org"), cooperation=cooperation
    )
    SalesPointFactory(actor=farm)
    ChainLink.objects.create(cooperation=cooperation, position=1, step_kind="farm", actor=farm)

    response = client.get(url("detail", cooperation.slug))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="radar"' in content
    assert content.count('class="scorecard-item scorecard-') == 5
    assert "Hoeve Het Veld" in content
    assert "Verborgen hoeve" not in content
    assert "burger@example.org" not in content
    assert "1 consumer member" in content
    assert "<script>" not in content.replace('<script src="', "")  # no inline script
    assert "farm shop" in content  # the member's sales point


def test_a_private_cooperation_page_is_404_for_outsiders(client, cooperation):
    Cooperation.objects.filter(pk=cooperation.pk).update(is_public=False)
    assert client.get(url("detail", cooperation.slug)).status_code == 404


def test_starting_a_cooperation_through_the_page(client, farmer, farm, municipality, forms):
    client.force_login(farmer)
    response = client.post(
        url("create"),
        {
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
        },
    )
    cooperation = Cooperation.objects.get(name="Samen verwerken Leie")
    assert response.status_code == 302
    assert response.url == cooperation.get_absolute_url()
    assert Membership.objects.get(cooperation=cooperation).actor == farm


def test_the_create_form_offers_only_the_users_own_actors(client, farmer, farm, coordinator_farm):
    client.force_login(farmer)
    response = client.post(
        url("create"),
        {"initiator": coordinator_farm.pk, "name": "X", "form": FormSlug.JOINT_PROCESSING},
    )
    assert response.status_code == 200
    assert "initiator" in response.context["form"].errors


def test_pages_for_members_need_a_login(client, cooperation):
    for path in (
        url("create"),
        url("my_cooperations"),
        url("partner_finder"),
        url("partnership_requests"),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", ["update", "members"])
def test_only_coordinators_and_staff_reach_the_managing_pages(
    client, cooperation, stranger, coordinator, staff, page
):
    client.force_login(stranger)
    assert client.get(url(page, cooperation.slug)).status_code == 403
    client.force_login(coordinator)
    assert client.get(url(page, cooperation.slug)).status_code == 200
    client.force_login(staff)
    assert client.get(url(page, cooperation.slug)).status_code == 200


def test_a_farmer_asks_to_join_and_the_coordinator_accepts_on_the_members_page(
    client, cooperation, farmer, farm, coordinator
):
    client.force_login(farmer)
    response = client.post(
        url("join", cooperation.slug), {"actor": farm.pk, "role": "producer", "message": "Graag!"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(cooperation=cooperation, actor=farm)
    assert membership.status == MembershipStatus.REQUESTED

    client.force_login(coordinator)
    page = client.get(url("members", cooperation.slug))
    assert "Graag!" in page.content.decode()
    client.post(
        url("membership_decide", membership.pk, "accept"),
        {"next": url("members", cooperation.slug)},
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_an_invitation_from_the_members_page_waits_for_the_actor(
    client, cooperation, coordinator, farm, farmer
):
    client.force_login(coordinator)
    response = client.post(
        url("members", cooperation.slug), {"invite": "1", "actor": farm.slug, "role": "buyer"}
    )
    assert response.status_code == 302
    invitation = Membership.objects.get(actor=farm)
    assert invitation.status == MembershipStatus.INVITED

    client.force_login(farmer)
    assert "invites" in client.get(url("my_cooperations")).content.decode()
    client.post(url("membership_decide", invitation.pk, "accept"))
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACTIVE


def test_an_invalid_status_change_shows_the_reason(client, cooperation, coordinator):
    client.force_login(coordinator)
    response = client.post(url("members", cooperation.slug), {"set_status": "1", "status": "idea"})
    assert response.status_code == 200
    assert response.context["status_form"].errors["status"] == [
        "A cooperation cannot go from active to idea."
    ]


def test_a_stranger_cannot_decide_a_request(client, cooperation, farmer, farm, stranger):
    membership = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role="producer"
    )
    client.force_login(stranger)
    assert client.post(url("membership_decide", membership.pk, "accept")).status_code == 404
    client.force_login(farmer)
    assert client.post(url("membership_decide", membership.pk, "accept")).status_code == 403


def test_a_citizen_joins_a_farmers_and_consumers_cooperative_privately(
    client, forms, coordinator, coordinator_farm, stranger
):
    csa = services.cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.FARMERS_CONSUMERS],
        name="Oogst",
        status="active",
    )
    client.force_login(stranger)
    client.post(url("consumer_membership", csa.slug))
    assert ConsumerMembership.objects.filter(cooperation=csa, user=stranger).exists()
    client.logout()
    content = client.get(url("detail", csa.slug)).content.decode()
    assert "1 consumer member" in content
    assert stranger.email not in content


def test_the_partner_finder_lists_matches_and_sends_a_request(
    client, farmer, farm, coordinator_farm, django_capture_on_commit_callbacks
):
    potatoes = ProductCategoryFactory(slug="potatoes", name_en="potatoes")
    OfferFactory(actor=farm, category=potatoes)
    NeedFactory(actor=coordinator_farm, category=potatoes, volume=30, unit="kg")
    client.force_login(farmer)

    response = client.get(url("partner_finder") + f"?actor={farm.slug}")

    assert response.status_code == 200
    assert [m.name for m in response.context["matches"]] == [coordinator_farm.name]
    assert "farmer needs 30 kg potatoes every week" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("partnership_request_create"),
            {
                "from_actor": farm.slug,
                "to_actor": coordinator_farm.slug,
                "message": "Samen?",
                "next": url("partner_finder"),
            },
        )
    assert response.status_code == 302
    assert PartnershipRequest.objects.get().message == "Samen?"


def test_a_request_cannot_be_sent_from_someone_elses_actor(
    client, stranger, farm, coordinator_farm
):
    client.force_login(stranger)
    client.post(
        url("partnership_request_create"),
        {"from_actor": farm.slug, "to_actor": coordinator_farm.slug},
    )
    assert PartnershipRequest.objects.count() == 0


def test_accepting_on_the_requests_page_reveals_both_contacts(
    client, farmer, farm, coordinator, coordinator_farm, stranger
):
    farm.phone = "09 123 45 67"
    farm.save()
    request = services.partnership_request_send(
        user=farmer, from_actor=farm, to_actor=coordinator_farm
    )
    client.force_login(coordinator)
    before = client.get(url("partnership_requests")).content.decode()
    assert farm.email not in before

    client.post(url("partnership_request_decide", request.pk, "accept"))

    request.refresh_from_db()
    assert request.status == PartnershipStatus.ACCEPTED
    assert "09 123 45 67" in client.get(url("partnership_requests")).content.decode()
    client.force_login(farmer)
    assert coordinator_farm.email in client.get(url("partnership_requests")).content.decode()
    client.force_login(stranger)
    assert client.post(url("partnership_request_decide", request.pk, "decline")).status_code == 404


def test_the_form_guide_ranks_forms_by_wishes_and_barriers_with_nearby_examples(
    client, cooperation, municipality
):
    response = client.get(
        url("form_guide"),
        {"wishes": ["process"], "mindsets": ["loss_aversion"], "municipality": municipality.pk},
    )
    fits = response.context["fits"]
    assert [fit.form.slug for fit in fits][:2] == [
        FormSlug.JOINT_PROCESSING,
        FormSlug.FIELD_TO_FORK,
    ]
    assert fits[0].score == 3
    cooperative = next(fit for fit in fits if fit.form.slug == FormSlug.FARMERS_COOPERATIVE)
    assert cooperative.examples == [cooperation]
    assert "Fits your wish: process my raw products" in response.content.decode()


def test_the_form_guide_without_answers_shows_all_seven(client, forms):
    response = client.get(url("form_guide"))
    assert [fit.form.slug for fit in response.context["fits"]] == list(FormSlug.ALL)
    assert "VLIF" in response.content.decode()


def test_nearby_example_is_limited_to_30_km(client, cooperation):
    far = MunicipalityFactory(latitude=GENT[0] + 1, longitude=GENT[1])
    response = client.get(url("form_guide"), {"municipality": far.pk})
    assert all(fit.examples == [] for fit in response.context["fits"])


def test_the_radar_coordinates_keep_a_decimal_point_in_every_language(client, cooperation):
    with translation.override("nl"):
        content = client.get(
            reverse("cooperation:detail", args=[cooperation.slug])
        ).content.decode()
    svg = content.split('<svg class="radar"')[1].split("</svg>")[0]
    coordinates = re.findall(r'\b(?:cx|cy|x|y|x1|y1|x2|y2)="([^"]*)"', svg)
    assert 'x1="120.0" y1="120.0"' in svg
    assert len(coordinates) == 5 * 6 + 5 * 2  # per axis a line and a label; per point cx, cy
    assert not [value for value in coordinates if "," in value]


def test_a_coordinator_writes_the_chain_step_by_step(
    client, cooperation, coordinator, coordinator_farm, stranger
):
    client.force_login(stranger)
    assert client.get(url("chain", cooperation.slug)).status_code == 403
    client.force_login(coordinator)
    assert client.get(url("chain", cooperation.slug)).status_code == 200
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-step_kind": "farm",
        "form-0-actor": coordinator_farm.slug,
        "form-1-step_kind": "consumer",
        "form-2-step_kind": "",
    }
    response = client.post(url("chain", cooperation.slug), data)
    assert response.status_code == 302
    assert list(cooperation.chain_links.values_list("position", "step_kind", "actor")) == [
        (1, "farm", coordinator_farm.pk),
        (2, "consumer", None),
    ]


def test_a_consumer_step_with_an_actor_is_refused_on_the_chain_page(
    client, cooperation, coordinator, coordinator_farm
):
    client.force_login(coordinator)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-step_kind": "consumer",
        "form-0-actor": coordinator_farm.slug,
    }
    response = client.post(url("chain", cooperation.slug), data)
    assert response.status_code == 200
    assert list(response.context["formset"].non_form_errors()) == [
        "The consumer step names no actor."
    ]
    assert not cooperation.chain_links.exists()
