"""How the API recognises a client application by its token."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox import auth
from rest_framework import exceptions

from accounts.models import ApiToken

# "Last used" helps a person spot a token they no longer need; minute precision is plenty and
# keeps a busy client from writing to the token row on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuthentication(auth.TokenAuthentication):
    """Knox's hashed, expiring tokens, recording when each token was last used."""

    def authenticate_credentials(self, token):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            # Knox would let this escape as a 500; a garbled header is just a wrong token.
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        user, auth_token = super().validate_user(auth_token)
        self.record_use(auth_token)
        return user, auth_token

    @staticmethod
    def record_use(auth_token):
        now = timezone.now()
        stale_before = now - LAST_USED_RESOLUTION
        if auth_token.last_used is not None and auth_token.last_used > stale_before:
            return
        # The condition is repeated in SQL so concurrent requests write the row at most once.
        ApiToken.objects.filter(pk=auth_token.pk).filter(
            Q(last_used__isnull=True) | Q(last_used__lte=stale_before)
        ).update(last_used=now)
        auth_token.last_used = now
