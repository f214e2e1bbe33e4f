"""Writes of the accounts app: signing up, and issuing and revoking API tokens."""

from dataclasses import dataclass, field

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError, RestrictedError
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


@transaction.atomic
def api_token_revoke_all(*, user: User) -> int:
    """Revoke every token of the user at once (a lost laptop, a leaked script); how many."""
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted


# --- Deleting an account ------------------------------------------------------------------------


@dataclass
class AccountDeletion:
    """What deleting an account did to the rows the person managed (for the message and tests)."""

    actors_handed_over: list[str] = field(default_factory=list)
    actors_unpublished: list[str] = field(default_factory=list)
    cooperations_handed_over: list[str] = field(default_factory=list)
    cooperations_paused: list[str] = field(default_factory=list)


def _check_account_deletion(user: User, password: str) -> None:
    if not user.is_authenticated or not password or not user.check_password(password):
        raise ValidationError(
            {"password": _("Your password is not correct. Your account is not deleted.")},
            code="wrong_password",
        )
    if user.is_superuser:
        others = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ValidationError(
                _(
                    "You are the only administrator of Ketenwerk. Make someone else an "
                    "administrator before you delete your account."
                ),
                code="last_superuser",
            )


@transaction.atomic
def login_records_delete(email: str) -> int:
    """django-axes' records under an e-mail address (the name people log in with): failed
    attempts and lockouts, the log of log-ins and of failures. They hold the person's address,
    IP address and browser."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(username__iexact=email).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )


def login_records_purge(*, days: int) -> int:
    """django-axes' log of log-ins and of failures older than `days`, and expired attempts:
    kept only as long as they help against abuse (they hold IP addresses and browsers)."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.models import AccessAttempt
    from django.conf import settings

    # Attempts past the cool-off lock nobody; axes itself drops them only when someone next
    # logs in (its own clean-up needs a request), the rule is the same.
    expired = AccessAttempt.objects.filter(
        attempt_time__lte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    return (
        AxesProxyHandler.reset_logs(age_days=days)
        + AxesProxyHandler.reset_failure_logs(age_days=days)
        + expired.delete()[0]
    )


def user_delete(*, user: User, password: str) -> AccountDeletion:
    """Delete a person's account, after they confirmed it with their password. The rules:

    1. Actors they manage together with someone else are handed over: the others keep managing
       them. When the person was the only owner, the longest-standing editor becomes owner.
    2. Actors nobody else manages are *unpublished and kept without a manager*: out of the
       directory, the map, the API and open data, and their business phone and e-mail cleared
       (from the actor and from its history: for a one-person business these are personal
       data, and nobody is left to keep them right). They are kept rather than deleted because
       other people's records point at them — cooperations and their chains, partnerships,
       municipal support actions and outcomes, survey aggregates — and deleting would cascade
       into those records. Staff find them in the admin and reassign or delete them.
       Such an actor leaves its cooperations; its open membership and partnership requests are
       closed (sent ones withdrawn, received ones declined); its places at future events freed.
    3. A cooperation that was coordinated only through actors that now have no manager is
       handed to the longest-standing other active member that still has a manager (its role
       becomes coordinator); when there is none, the cooperation is paused and takes no new
       members.
    4. Pending requests the person sent are withdrawn: partnership requests, membership
       requests and invitations, and invitations to co-manage an actor.
    5. Personal rows go: citizen profile and favourites, consumer memberships, their own
       registrations for events, officer roles, API tokens, and the log-in records kept
       under their e-mail address (failed attempts, lockouts, the log of log-ins).
    6. Records of others stay without the link to the person: support actions they logged
       (the municipal record), survey answers they submitted for a farm, decisions they took,
       and the history of changes they made (the change is kept, the author becomes unknown).
    7. The only remaining superuser cannot delete their account: the platform needs one.
    """
    from actors.choices import ManagerRole
    from actors.models import Actor, ActorInvitation, ActorManager, CitizenProfile
    from cooperation.choices import (
        COORDINATING_ROLES,
        CooperationStatus,
        MemberRole,
        MembershipStatus,
        PartnershipStatus,
    )
    from cooperation.models import ConsumerMembership, Cooperation, Membership, PartnershipRequest
    from municipality.models import EventRegistration, OfficerRole, SupportAction, SurveyResponse

    _check_account_deletion(user, password)
    user = User.objects.select_for_update().get(pk=user.pk)
    result = AccountDeletion()
    now, today = timezone.now(), timezone.localdate()

    def close_membership(membership, status):
        membership.status = status
        if status == MembershipStatus.LEFT:
            membership.until = today
        else:
            membership.decided_at = now
        membership.save()

    def close_partnership(request, status):
        request.status, request.decided_at = status, now
        request.save(update_fields=["status", "decided_at"])

    roles = list(
        ActorManager.objects.select_for_update()
        .filter(user=user)
        .select_related("actor")
        .order_by("actor__name")
    )
    managed_ids = [role.actor_id for role in roles]
    coordinated = set(
        Membership.objects.coordinating()
        .filter(actor_id__in=managed_ids)
        .values_list("cooperation_id", flat=True)
    )

    # 1 and 2: hand over or unpublish every actor the person manages.
    orphan_ids = []
    for role in roles:
        actor = role.actor
        others = (
            ActorManager.objects.filter(actor=actor).exclude(user=user).order_by("created", "pk")
        )
        if others.exists():
            if (
                role.role == ManagerRole.OWNER
                and not others.filter(role=ManagerRole.OWNER).exists()
            ):
                successor = others.first()
                successor.role = ManagerRole.OWNER
                successor.save(update_fields=["role"])
            result.actors_handed_over.append(actor.name)
            continue
        actor.is_public = False
        actor.open_data_consent = False
        actor.open_data_consent_at = None
        actor.phone = actor.email = ""
        actor.save()
        Actor.history.filter(id=actor.pk).update(phone="", email="")
        orphan_ids.append(actor.pk)
        result.actors_unpublished.append(actor.name)

    for membership in Membership.objects.filter(
        actor_id__in=orphan_ids, status=MembershipStatus.ACTIVE
    ):
        close_membership(membership, MembershipStatus.LEFT)
    for membership in Membership.objects.filter(
        actor_id__in=orphan_ids,
        status__in=(MembershipStatus.REQUESTED, MembershipStatus.INVITED),
    ):
        close_membership(membership, MembershipStatus.DECLINED)
    pending = PartnershipRequest.objects.filter(status=PartnershipStatus.PENDING)
    for request in pending.filter(from_actor_id__in=orphan_ids):
        close_partnership(request, PartnershipStatus.WITHDRAWN)
    for request in pending.filter(to_actor_id__in=orphan_ids):
        close_partnership(request, PartnershipStatus.DECLINED)
    EventRegistration.objects.filter(actor_id__in=orphan_ids, action__starts_at__gt=now).delete()

    # 3: every cooperation keeps a coordinator who can act for it, or is paused.
    still_managed = Exists(
        ActorManager.objects.filter(actor_id=OuterRef("actor_id")).exclude(user=user)
    )
    for cooperation in Cooperation.objects.filter(pk__in=coordinated).order_by("name"):
        members = Membership.objects.active().filter(cooperation=cooperation).filter(still_managed)
        if (
            cooperation.status == CooperationStatus.ENDED
            or members.filter(role__in=COORDINATING_ROLES).exists()
        ):
            continue
        successor = members.order_by("since", "created", "pk").first()
        if successor is not None:
            successor.role = MemberRole.COORDINATOR
            successor.save()
            result.cooperations_handed_over.append(cooperation.name)
        else:
            cooperation.status = CooperationStatus.PAUSED
            cooperation.accepts_new_members = False
            cooperation.save()
            result.cooperations_paused.append(cooperation.name)

    # 4: what the person sent and nobody answered yet is withdrawn.
    for request in pending.filter(created_by=user):
        close_partnership(request, PartnershipStatus.WITHDRAWN)
    for membership in Membership.objects.filter(
        created_by=user, status__in=(MembershipStatus.REQUESTED, MembershipStatus.INVITED)
    ):
        close_membership(membership, MembershipStatus.DECLINED)
    ActorInvitation.objects.filter(invited_by=user, accepted_at__isnull=True).delete()

    # 5: the person's own rows.
    CitizenProfile.objects.filter(user=user).delete()
    ConsumerMembership.objects.filter(user=user).delete()
    EventRegistration.objects.filter(user=user).delete()
    OfficerRole.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    login_records_delete(user.email)

    # 6: other people's records keep what happened, without the person (the foreign keys are
    # SET_NULL, history_user included; said here so the rule does not hang on a model option).
    SupportAction.objects.filter(created_by=user).update(created_by=None)
    SurveyResponse.objects.filter(submitted_by=user).update(submitted_by=None)
    try:
        user.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Your account still holds records that cannot be removed. Please contact the staff."),
            code="protected",
        ) from None
    return result
