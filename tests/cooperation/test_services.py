"""Services: consent for membership, permissions, lifecycle, partnership requests, e-mails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation import notifications, services
from cooperation.choices import (
    CooperationStatus,
    FormSlug,
    MemberRole,
    MembershipStatus,
    PartnershipStatus,
)
from cooperation.models import ConsumerMembership, Membership, PartnershipRequest
from cooperation.permissions import can_view_partnership_request
from cooperation.selectors import (
    can_see_business_contact,
    partnership_request_list_visible_to,
)
from network.models import OutboxEmail
from network.outbox import outbox_flush
from tests.factories import ActorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mails_in_english(settings):
    """E-mails are written in the site's language; compare them with the English msgids."""
    settings.LANGUAGE_CODE = "en"


# ---- cooperations ---------------------------------------------------------------------


def test_creating_a_cooperation_makes_the_initiator_an_active_member(cooperation, coordinator_farm):
    membership = Membership.objects.get(cooperation=cooperation)
    assert (membership.actor, membership.role, membership.status) == (
        coordinator_farm,
        MemberRole.INITIATOR,
        MembershipStatus.ACTIVE,
    )
    assert cooperation.slug == "boerencooperatie-leiestreek"
    assert (cooperation.latitude, cooperation.longitude) == (51.0543, 3.7174)
    assert cooperation.started_on is not None


def test_only_a_manager_of_the_initiator_can_create_a_cooperation(forms, stranger, farm):
    with pytest.raises(PermissionDenied):
        services.cooperation_create(
            user=stranger, initiator=farm, form=forms[FormSlug.JOINT_PROCESSING], name="X"
        )


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (CooperationStatus.IDEA, CooperationStatus.STARTING, True),
        (CooperationStatus.IDEA, CooperationStatus.ACTIVE, False),
        (CooperationStatus.STARTING, CooperationStatus.ACTIVE, True),
        (CooperationStatus.ACTIVE, CooperationStatus.PAUSED, True),
        (CooperationStatus.PAUSED, CooperationStatus.ACTIVE, True),
        (CooperationStatus.ACTIVE, CooperationStatus.IDEA, False),
        (CooperationStatus.ACTIVE, CooperationStatus.ENDED, True),
    ],
)
def test_status_moves_only_along_the_lifecycle(
    forms, coordinator, coordinator_farm, start, target, allowed
):
    coop = services.cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.JOINT_PROCESSING],
        name="Gedeelde keuken",
        status=start,
    )
    if allowed:
        coop = services.cooperation_set_status(user=coordinator, cooperation=coop, status=target)
        assert coop.status == target
    else:
        with pytest.raises(ValidationError) as error:
            services.cooperation_set_status(user=coordinator, cooperation=coop, status=target)
        assert "status" in error.value.message_dict


def test_ending_records_the_date_and_closes_memberships(
    cooperation, coordinator, farm, farmer, staff
):
    request = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role=MemberRole.PRODUCER
    )
    services.cooperation_set_status(
        user=coordinator,
        cooperation=cooperation,
        status=CooperationStatus.ENDED,
        on=datetime.date(2026, 12, 31),
    )
    cooperation.refresh_from_db()
    request.refresh_from_db()
    assert cooperation.ended_on == datetime.date(2026, 12, 31)
    assert cooperation.accepts_new_members is False
    assert request.status == MembershipStatus.DECLINED
    assert not Membership.objects.filter(cooperation=cooperation, status="active").exists()
    with pytest.raises(ValidationError):
        services.cooperation_set_status(
            user=staff, cooperation=cooperation, status=CooperationStatus.ACTIVE
        )


def test_a_non_coordinator_cannot_change_the_cooperation(cooperation, farmer, farm):
    services.membership_request(user=farmer, cooperation=cooperation, actor=farm, role="producer")
    with pytest.raises(PermissionDenied):
        services.cooperation_update(user=farmer, cooperation=cooperation, name="Hijacked")
    with pytest.raises(PermissionDenied):
        services.cooperation_set_status(user=farmer, cooperation=cooperation, status="paused")


def test_staff_can_change_any_cooperation(cooperation, staff):
    services.cooperation_update(user=staff, cooperation=cooperation, website="https://leie.be")
    cooperation.refresh_from_db()
    assert cooperation.website == "https://leie.be"


# ---- membership consent ---------------------------------------------------------------


def test_a_request_becomes_a_membership_only_when_a_coordinator_accepts(
    cooperation, farmer, farm, coordinator
):
    membership = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role=MemberRole.PRODUCER, message="Hallo"
    )
    assert membership.status == MembershipStatus.REQUESTED
    # The requesting farmer cannot accept their own request
    with pytest.raises(PermissionDenied):
        services.membership_accept(user=farmer, membership=membership)

    accepted = services.membership_accept(user=coordinator, membership=membership)

    assert accepted.status == MembershipStatus.ACTIVE
    assert accepted.since is not None
    assert accepted.decided_by == coordinator


def test_an_invitation_becomes_a_membership_only_when_the_actors_manager_accepts(
    cooperation, farmer, farm, coordinator
):
    invitation = services.membership_invite(
        user=coordinator, cooperation=cooperation, actor=farm, role=MemberRole.PRODUCER
    )
    assert invitation.status == MembershipStatus.INVITED
    with pytest.raises(PermissionDenied):
        services.membership_accept(user=coordinator, membership=invitation)

    services.membership_decline(user=farmer, membership=invitation)

    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.DECLINED


def test_a_stranger_cannot_request_on_behalf_of_an_actor_nor_invite(cooperation, stranger, farm):
    with pytest.raises(PermissionDenied):
        services.membership_request(
            user=stranger, cooperation=cooperation, actor=farm, role="producer"
        )
    with pytest.raises(PermissionDenied):
        services.membership_invite(
            user=stranger, cooperation=cooperation, actor=farm, role="producer"
        )


def test_a_second_open_request_for_the_same_actor_is_refused(
    cooperation, farmer, farm, coordinator
):
    services.membership_request(user=farmer, cooperation=cooperation, actor=farm, role="producer")
    with pytest.raises(ValidationError) as error:
        services.membership_invite(
            user=coordinator, cooperation=cooperation, actor=farm, role="buyer"
        )
    assert error.value.message_dict["actor"] == [
        "A request or invitation for Hoeve Het Veld is already open."
    ]


def test_coordinator_roles_cannot_be_requested(cooperation, farmer, farm):
    with pytest.raises(ValidationError) as error:
        services.membership_request(
            user=farmer, cooperation=cooperation, actor=farm, role="coordinator"
        )
    assert "role" in error.value.message_dict


def test_a_cooperation_closed_to_new_members_refuses_requests(
    cooperation, coordinator, farmer, farm
):
    services.cooperation_update(
        user=coordinator, cooperation=cooperation, accepts_new_members=False
    )
    with pytest.raises(ValidationError):
        services.membership_request(
            user=farmer, cooperation=cooperation, actor=farm, role="producer"
        )


def test_two_coordinators_accepting_the_same_request_yield_one_membership(
    cooperation, coordinator, farmer, farm, municipality
):
    # Given a second coordinator, both looking at the same open request
    second = UserFactory()
    second_farm = ActorFactory(owner=second, municipality=municipality)
    Membership.objects.create(
        cooperation=cooperation, actor=second_farm, role="coordinator", status="active"
    )
    request = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role="producer"
    )
    seen_by_first = Membership.objects.get(pk=request.pk)
    seen_by_second = Membership.objects.get(pk=request.pk)

    # When both accept
    services.membership_accept(user=coordinator, membership=seen_by_first)
    with pytest.raises(ValidationError) as error:
        services.membership_accept(user=second, membership=seen_by_second)

    # Then there is one membership, and the second is told it was decided already
    assert error.value.messages == ["This request has already been decided."]
    assert Membership.objects.filter(cooperation=cooperation, actor=farm).count() == 1
    assert Membership.objects.get(cooperation=cooperation, actor=farm).decided_by == coordinator


def test_the_database_refuses_a_second_open_membership(cooperation, farm):
    from django.db import IntegrityError, transaction

    Membership.objects.create(
        cooperation=cooperation, actor=farm, role="producer", status="requested"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            cooperation=cooperation, actor=farm, role="buyer", status="invited"
        )


def test_a_member_can_leave_but_not_the_last_coordinator(cooperation, coordinator, farmer, farm):
    membership = services.membership_request(
        user=farmer, cooperation=cooperation, actor=farm, role="producer"
    )
    services.membership_accept(user=coordinator, membership=membership)
    services.membership_leave(user=farmer, membership=membership)
    membership.refresh_from_db()
    assert (membership.status, membership.until is not None) == (MembershipStatus.LEFT, True)

    initiator = Membership.objects.get(cooperation=cooperation, role="initiator")
    with pytest.raises(ValidationError) as error:
        services.membership_leave(user=coordinator, membership=initiator)
    assert error.value.messages == ["Appoint another coordinator before the last one leaves."]


def test_citizens_join_only_a_farmers_and_consumers_cooperative(
    cooperation, forms, coordinator, coordinator_farm, stranger
):
    with pytest.raises(ValidationError):
        services.consumer_membership_join(user=stranger, cooperation=cooperation)
    csa = services.cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.FARMERS_CONSUMERS],
        name="Oogstgemeenschap",
        status="active",
    )
    services.consumer_membership_join(user=stranger, cooperation=csa)
    services.consumer_membership_join(user=stranger, cooperation=csa)  # twice is once
    assert ConsumerMembership.objects.filter(cooperation=csa).count() == 1


def test_chain_links_are_stored_in_order_and_the_consumer_names_no_actor(
    cooperation, coordinator, farm
):
    links = services.chain_links_set(
        user=coordinator,
        cooperation=cooperation,
        links=[
            {"step_kind": "farm", "actor": farm},
            {"step_kind": "kitchen"},
            {"step_kind": "consumer"},
        ],
    )
    assert [(link.position, link.step_kind) for link in links] == [
        (1, "farm"),
        (2, "kitchen"),
        (3, "consumer"),
    ]
    with pytest.raises(ValidationError):
        services.chain_links_set(
            user=coordinator,
            cooperation=cooperation,
            links=[{"step_kind": "consumer", "actor": farm}],
        )


# ---- notifications --------------------------------------------------------------------


def test_a_membership_request_mails_the_coordinators_once(
    cooperation, farmer, farm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership = services.membership_request(
            user=farmer, cooperation=cooperation, actor=farm, role="producer"
        )
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert "Hoeve Het Veld asks to join Boerencoöperatie Leiestreek" in mail.outbox[0].subject

    # Notifying again, or the minute flush, does not mail again: the markers are set
    notifications.membership_notify(membership)
    outbox_flush()
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT
    membership.refresh_from_db()
    assert membership.notified_at is not None


def test_an_invitation_mails_the_invited_actors_managers(
    cooperation, coordinator, farm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            user=coordinator, cooperation=cooperation, actor=farm, role="producer"
        )
    assert [m.to for m in mail.outbox] == [["farmer@example.org"]]


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    cooperation, farmer, farm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.membership_request(
            user=farmer, cooperation=cooperation, actor=farm, role="producer"
        )
    # The callback is only registered; nothing was sent before commit
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING


# ---- partnership requests -------------------------------------------------------------


@pytest.fixture
def sent_request(farmer, farm, coordinator_farm, forms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.partnership_request_send(
            user=farmer,
            from_actor=farm,
            to_actor=coordinator_farm,
            form=forms[FormSlug.MUTUAL_PURCHASING],
            message="Kaas voor jullie winkel?",
        )


def test_sending_a_partnership_request_mails_the_receivers_managers_once(sent_request):
    assert sent_request.status == PartnershipStatus.PENDING
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert mail.outbox[0].subject == "Hoeve Het Veld would like to work with you"
    notifications.partnership_request_notify(sent_request)
    outbox_flush()
    assert len(mail.outbox) == 1


def test_only_the_senders_managers_can_send(stranger, farm, coordinator_farm):
    with pytest.raises(PermissionDenied):
        services.partnership_request_send(user=stranger, from_actor=farm, to_actor=coordinator_farm)


def test_an_actor_cannot_send_a_request_to_itself(farmer, farm):
    with pytest.raises(ValidationError) as error:
        services.partnership_request_send(user=farmer, from_actor=farm, to_actor=farm)
    assert error.value.message_dict["to_actor"] == ["An actor cannot send a request to itself."]


def test_a_second_request_between_the_same_pair_is_refused(
    sent_request, coordinator, farm, coordinator_farm, farmer
):
    with pytest.raises(ValidationError):
        services.partnership_request_send(user=farmer, from_actor=farm, to_actor=coordinator_farm)
    with pytest.raises(ValidationError) as error:
        services.partnership_request_send(
            user=coordinator, from_actor=coordinator_farm, to_actor=farm
        )
    assert "answer it instead" in error.value.message_dict["to_actor"][0]


def test_only_the_receivers_managers_accept_and_then_both_see_the_contact(
    sent_request,
    farmer,
    coordinator,
    stranger,
    farm,
    coordinator_farm,
    django_capture_on_commit_callbacks,
):
    assert not can_see_business_contact(farmer, coordinator_farm)
    with pytest.raises(PermissionDenied):
        services.partnership_request_accept(user=farmer, request=sent_request)
    with pytest.raises(PermissionDenied):
        services.partnership_request_accept(user=stranger, request=sent_request)

    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_request_accept(user=coordinator, request=sent_request)

    # Managers are cached per user object; fresh objects as in a new request
    farmer = type(farmer).objects.get(pk=farmer.pk)
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    stranger = type(stranger).objects.get(pk=stranger.pk)
    assert can_see_business_contact(farmer, coordinator_farm)
    assert can_see_business_contact(coordinator, farm)
    assert not can_see_business_contact(stranger, farm)
    assert mail.outbox[-1].subject == "Hoeve De Kouter accepted your partnership request"
    assert mail.outbox[-1].to == ["farmer@example.org"]
    with pytest.raises(ValidationError):
        services.partnership_request_decline(user=coordinator, request=sent_request)


def test_the_sender_can_withdraw_but_not_the_receiver(sent_request, farmer, coordinator):
    with pytest.raises(PermissionDenied):
        services.partnership_request_withdraw(user=coordinator, request=sent_request)
    services.partnership_request_withdraw(user=farmer, request=sent_request)
    sent_request.refresh_from_db()
    assert sent_request.status == PartnershipStatus.WITHDRAWN


def test_request_contents_are_private_to_the_two_actors_managers_and_staff(
    sent_request, farmer, coordinator, stranger, staff
):
    assert can_view_partnership_request(farmer, sent_request)
    assert can_view_partnership_request(coordinator, sent_request)
    assert can_view_partnership_request(staff, sent_request)
    assert not can_view_partnership_request(stranger, sent_request)
    assert list(partnership_request_list_visible_to(stranger)) == []
    assert list(partnership_request_list_visible_to(coordinator)) == [sent_request]
    assert PartnershipRequest.objects.count() == 1


@pytest.mark.parametrize("name", ["New", "Mine", "Nieuw", "Which form"])
def test_a_cooperation_named_like_a_fixed_page_gets_another_slug(
    forms, coordinator, coordinator_farm, name
):
    from cooperation.choices import FormSlug
    from cooperation.services import cooperation_create

    cooperation = cooperation_create(
        user=coordinator,
        initiator=coordinator_farm,
        form=forms[FormSlug.FARMERS_COOPERATIVE],
        name=name,
    )

    assert cooperation.slug.endswith("-2")
