"""Who may do what with accounts and API tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.models import ApiToken


def can_create_api_token(user, auth) -> bool:
    """A person creates tokens while logged in, never with another token.

    A token that could mint tokens would let a leaked token outlive its own expiry for ever.
    """
    return bool(user and user.is_authenticated) and not isinstance(auth, ApiToken)


class CanCreateApiToken(permissions.BasePermission):
    message = _(
        "An API token cannot create other tokens. Create tokens on your account page, "
        "or from a logged-in browser session."
    )

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        return can_create_api_token(request.user, request.auth)
