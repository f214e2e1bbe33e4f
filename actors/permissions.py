"""Who may change what in the actors app: predicates, and thin DRF permission classes.

An actor is changed only by its managers (owner or editor) and staff; only owners (and staff)
invite or remove editors and delete the actor.
"""

from rest_framework import permissions

from actors.choices import ManagerRole
from actors.models import Actor, ActorManager


def _role(user, actor: Actor) -> str | None:
    if not user.is_authenticated:
        return None
    # Use prefetched managers when the caller loaded them; else one small query.
    cache = getattr(actor, "_prefetched_objects_cache", {})
    if "managers" in cache:
        for manager in cache["managers"]:
            if manager.user_id == user.pk:
                return manager.role
        return None
    return (
        ActorManager.objects.filter(actor=actor, user=user).values_list("role", flat=True).first()
    )


def can_change_actor(user, actor: Actor) -> bool:
    return user.is_authenticated and (user.is_staff or _role(user, actor) is not None)


def can_manage_editors(user, actor: Actor) -> bool:
    return user.is_authenticated and (user.is_staff or _role(user, actor) == ManagerRole.OWNER)


def can_delete_actor(user, actor: Actor) -> bool:
    return can_manage_editors(user, actor)


class CanChangeActor(permissions.BasePermission):
    """Object permission for an Actor, or for a row that belongs to one (`obj.actor`)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        actor = obj if isinstance(obj, Actor) else obj.actor
        if request.method == "DELETE" and isinstance(obj, Actor):
            return can_delete_actor(request.user, actor)
        return can_change_actor(request.user, actor)
