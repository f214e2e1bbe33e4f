"""Who may do what in municipal support.

- Everyone reads the public record of support actions; an action that is not public is seen by
  the officers of its municipality and staff.
- An *officer* writes support actions, food-strategy goals and events only for the
  municipalities of their roles (a region role covers all municipalities of the region).
- A farm's managers write the farm's own survey answer, once a year, and read only their own;
  everyone else sees aggregates.
"""

from rest_framework import permissions

from municipality.models import SupportAction


def officer_municipality_ids(user) -> frozenset[int]:
    """Ids of the municipalities a user is an officer for (cached on the user per request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_officer_municipality_ids", None)
    if cached is None:
        from django.db.models import Q

        from network.models import Municipality

        cached = frozenset(
            Municipality.objects.filter(
                Q(officer_roles__user=user) | Q(regions__officer_roles__user=user)
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        user._officer_municipality_ids = cached
    return cached


def is_officer(user) -> bool:
    return bool(officer_municipality_ids(user)) or bool(
        user is not None and user.is_authenticated and user.is_staff
    )


def can_act_for_municipality(user, municipality_id: int | None) -> bool:
    if user is None or not user.is_authenticated or municipality_id is None:
        return False
    return user.is_staff or municipality_id in officer_municipality_ids(user)


def can_create_support_action(user, municipality) -> bool:
    return can_act_for_municipality(user, getattr(municipality, "pk", municipality))


def can_change_support_action(user, action: SupportAction) -> bool:
    return can_act_for_municipality(user, action.municipality_id)


can_delete_support_action = can_change_support_action
can_record_attendance = can_change_support_action


def can_view_support_action(user, action: SupportAction) -> bool:
    return action.is_public or can_change_support_action(user, action)


def can_change_goal(user, goal) -> bool:
    return can_act_for_municipality(user, goal.municipality_id)


def can_answer_survey(user, farmer) -> bool:
    """A farm's managers answer for it (not staff: an answer is the farmer's own)."""
    if user is None or not user.is_authenticated or farmer.kind != "farmer":
        return False
    return farmer.managers.filter(user=user).exists()


class CanChangeSupportAction(permissions.BasePermission):
    """Writes to an existing action: only its municipality's officers (and staff)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_change_support_action(request.user, obj)


class CanChangeGoal(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_change_goal(request.user, obj)
