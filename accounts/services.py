"""Writes of the accounts app: signing up, and issuing and revoking API tokens."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import get_digest_token, get_expiry
from knox.settings import CONSTANTS, knox_settings

from accounts.models import ApiToken, User

# The e-mail address is mirrored into the inherited username column, which holds 150 characters.
EMAIL_MAX_LENGTH = User._meta.get_field("username").max_length


@transaction.atomic
def user_sign_up(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an account for a person; every broken rule is reported at once, per field."""
    email = User.objects.normalize_email(email)
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    errors: dict[str, list] = {}

    if len(email) > EMAIL_MAX_LENGTH:
        errors["email"] = [
            _("Use an e-mail address of at most %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}
        ]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account with this e-mail address already exists.")]
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        errors["password"] = error.error_list

    try:
        # The username column is derived from the e-mail; its own character rules do not apply.
        user.full_clean(exclude=["username", "password", *errors])
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Two sign-ups for one address at the same moment: the second loses, with the same words.
        raise ValidationError(
            {"email": [_("An account with this e-mail address already exists.")]}
        ) from None
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for one client application; the raw token is returned here and only here.

    Only a hash is stored, so nobody (not even an administrator) can show the token again.
    """
    # Serialise token creation per user, so two requests cannot both slip under the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    name = (name or "").strip()
    live = ApiToken.objects.filter(user=user).exclude(expiry__lte=timezone.now())

    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and live.count() >= limit:
        raise ValidationError(
            ngettext(
                "You already have %(limit)d API token. Revoke it first if you no longer use it.",
                "You already have %(limit)d API tokens. Revoke one you no longer use first.",
                limit,
            )
            % {"limit": limit}
        )
    if name and live.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("You already have a token with this name. Choose another name.")}
        )

    digest, raw = get_digest_token()
    token = ApiToken(
        user=user,
        name=name,
        digest=digest,
        token_key=raw[: CONSTANTS.TOKEN_KEY_LENGTH],
        expiry=get_expiry(knox_settings.TOKEN_TTL),
    )
    token.full_clean()
    token.save(force_insert=True)
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_key: str) -> None:
    """Revoke one of the user's own tokens; another user's token is as good as absent."""
    deleted, _rows = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise ApiToken.DoesNotExist(f"No API token {token_key!r} for this user.")
