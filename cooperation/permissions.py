"""Who may do what with cooperations, memberships and partnership requests.

- A cooperation is changed by its *coordinators*: the managers of an actor that is an active
  member with the role initiator or coordinator (and staff).
- A membership request (the actor asked) is decided by the coordinators; an invitation (the
  cooperation asked) by the invited actor's managers. Nobody decides for the other side.
- A partnership request is sent by the sender's managers, accepted or declined by the
  receiver's managers, withdrawn by the sender's managers, and seen only by the managers of
  the two actors (and staff).
"""

from rest_framework import permissions

from actors.models import Actor, ActorManager
from actors.permissions import can_change_actor
from cooperation.choices import (
    COORDINATING_ROLES,
    MembershipStatus,
    PartnershipStatus,
)
from cooperation.models import Cooperation, Membership, PartnershipRequest


def managed_actor_ids(user) -> set[int]:
    """Ids of the actors a user manages (one query, cached on the user object per request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_managed_actor_ids", None)
    if cached is None:
        cached = set(ActorManager.objects.filter(user=user).values_list("actor_id", flat=True))
        user._managed_actor_ids = cached
    return cached


def is_coordinator(user, cooperation: Cooperation) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        cooperation=cooperation,
        status=MembershipStatus.ACTIVE,
        role__in=COORDINATING_ROLES,
        actor__managers__user=user,
    ).exists()


def can_change_cooperation(user, cooperation: Cooperation) -> bool:
    return user.is_authenticated and (user.is_staff or is_coordinator(user, cooperation))


def can_view_cooperation(user, cooperation: Cooperation) -> bool:
    if cooperation.is_public:
        return True
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or Membership.objects.filter(
            cooperation=cooperation, actor_id__in=managed_actor_ids(user)
        ).exists()
    )


def can_act_for_actor(user, actor: Actor) -> bool:
    """Sending a membership request or partnership request on behalf of an actor."""
    return can_change_actor(user, actor)


def can_decide_membership(user, membership: Membership) -> bool:
    """The side that did not ask decides: coordinators a request, the actor an invitation."""
    if not user.is_authenticated:
        return False
    if membership.status == MembershipStatus.REQUESTED:
        return can_change_cooperation(user, membership.cooperation)
    if membership.status == MembershipStatus.INVITED:
        return can_change_actor(user, membership.actor)
    return False


def can_end_membership(user, membership: Membership) -> bool:
    """A member leaves by its own managers' hand, or coordinators withdraw an open invitation."""
    return can_change_actor(user, membership.actor) or can_change_cooperation(
        user, membership.cooperation
    )


def can_view_partnership_request(user, request: PartnershipRequest) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or bool(
        {request.from_actor_id, request.to_actor_id} & managed_actor_ids(user)
    )


def can_decide_partnership_request(user, request: PartnershipRequest) -> bool:
    return (
        request.status == PartnershipStatus.PENDING
        and user.is_authenticated
        and request.to_actor_id in managed_actor_ids(user)
    )


def can_withdraw_partnership_request(user, request: PartnershipRequest) -> bool:
    return (
        request.status == PartnershipStatus.PENDING
        and user.is_authenticated
        and request.from_actor_id in managed_actor_ids(user)
    )


class CanChangeCooperation(permissions.BasePermission):
    """Reads follow the selector; writes to a cooperation need a coordinator (or staff)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_change_cooperation(request.user, obj)
