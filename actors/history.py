"""The history page of an actor: changes to its details, sales points and offers.

Seen by the actor's managers (owners and editors) and staff; see network.history for what is
recorded and how authors are named.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.views import View

from actors.models import Actor, ActorManager, Offer, ProductCategory, SalesPoint
from actors.permissions import can_change_actor
from actors.selectors import actor_visibility_filter
from network.history import ObjectHistoryView, default_subject


class ActorHistoryView(ObjectHistoryView, View):
    """Who changed this actor's page, and when ("Geschiedenis")."""

    def find_object(self):
        return get_object_or_404(Actor, slug=self.kwargs["slug"])

    def can_see(self, user, obj) -> bool:
        return actor_visibility_filter(Actor.objects.filter(pk=obj.pk), user).exists()

    def can_view_history(self, user, obj) -> bool:
        return can_change_actor(user, obj)

    def history_records(self, obj) -> list:
        return [
            *Actor.history.filter(id=obj.pk).select_related("history_user"),
            *SalesPoint.history.filter(actor_id=obj.pk).select_related("history_user"),
            *Offer.history.filter(actor_id=obj.pk).select_related("history_user"),
        ]

    def colleague_ids(self, obj) -> set[int]:
        return set(ActorManager.objects.filter(actor=obj).values_list("user_id", flat=True))

    def subject(self, record, names) -> str:
        if record.instance_type is Offer:
            category = names.get((ProductCategory._meta.label, record.category_id), "")
            return f"{capfirst(str(Offer._meta.verbose_name))} “{category}”"
        return default_subject(record, names)

    def back_url(self, obj) -> str:
        return reverse("actors:actor_manage", kwargs={"slug": obj.slug})
