"""The history page of a cooperation: changes to it and to its memberships.

Seen by the cooperation's coordinators (the managers of its initiating and coordinating
members) and staff; see network.history for what is recorded and how authors are named.
"""

from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.views import View

from actors.models import Actor, ActorManager
from cooperation.choices import COORDINATING_ROLES, MembershipStatus
from cooperation.models import Cooperation, Membership
from cooperation.permissions import can_change_cooperation
from cooperation.selectors import cooperation_visibility_filter
from network.history import ObjectHistoryView, default_subject


class CooperationHistoryView(ObjectHistoryView, View):
    """Who changed this cooperation and its memberships, and when ("Geschiedenis")."""

    def find_object(self):
        return get_object_or_404(Cooperation, slug=self.kwargs["slug"])

    def can_see(self, user, obj) -> bool:
        return cooperation_visibility_filter(Cooperation.objects.filter(pk=obj.pk), user).exists()

    def can_view_history(self, user, obj) -> bool:
        return can_change_cooperation(user, obj)

    def history_records(self, obj) -> list:
        return [
            *Cooperation.history.filter(id=obj.pk).select_related("history_user"),
            *Membership.history.filter(cooperation_id=obj.pk).select_related("history_user"),
        ]

    def colleague_ids(self, obj) -> set[int]:
        coordinating = Membership.objects.filter(
            cooperation=obj, status=MembershipStatus.ACTIVE, role__in=COORDINATING_ROLES
        ).values("actor_id")
        return set(
            ActorManager.objects.filter(actor_id__in=coordinating).values_list("user_id", flat=True)
        )

    def subject(self, record, names) -> str:
        if record.instance_type is Membership:
            actor = names.get((Actor._meta.label, record.actor_id), f"#{record.actor_id}")
            return f"{capfirst(str(Membership._meta.verbose_name))} “{actor}”"
        return default_subject(record, names)
