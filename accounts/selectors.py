"""Reads of the accounts app."""

from django.db.models import QuerySet

from accounts.models import ApiToken


def api_token_list_visible_to(user) -> QuerySet[ApiToken]:
    """A person sees their own API tokens and nobody else's, newest first."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created")
