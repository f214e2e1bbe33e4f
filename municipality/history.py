"""The history page of a support action: who recorded and changed it, and when.

Seen by the officers of its municipality (directly or through their intermunicipal region)
and staff; see network.history for what is recorded and how authors are named. Registrations
for events (citizens' names) are not tracked.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.views import View

from municipality.models import OfficerRole, SupportAction
from municipality.permissions import can_change_support_action
from municipality.selectors import support_action_visibility_filter
from network.history import ObjectHistoryView


class SupportActionHistoryView(ObjectHistoryView, View):
    """Who changed this support action, and when ("Geschiedenis")."""

    def find_object(self):
        return get_object_or_404(SupportAction, pk=self.kwargs["pk"])

    def can_see(self, user, obj) -> bool:
        visible = SupportAction.objects.filter(pk=obj.pk)
        return support_action_visibility_filter(visible, user).exists()

    def can_view_history(self, user, obj) -> bool:
        return can_change_support_action(user, obj)

    def history_records(self, obj) -> list:
        return list(SupportAction.history.filter(id=obj.pk).select_related("history_user"))

    def colleague_ids(self, obj) -> set[int]:
        roles = OfficerRole.objects.filter(
            Q(municipality_id=obj.municipality_id) | Q(region__municipalities=obj.municipality_id)
        )
        return set(roles.values_list("user_id", flat=True))
