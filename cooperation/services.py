"""Writes of the cooperation app. Views, forms and serializers parse input and call these.

The rules that matter live here and nowhere else:
- nobody becomes a member without consent: an actor asks (`membership_request`) and the
  coordinators accept, or the coordinators invite (`membership_invite`) and the actor's
  managers accept; the row is locked (`select_for_update`) while it is decided, and a partial
  unique constraint allows one open membership per actor, so two coordinators accepting at
  the same moment cannot make two memberships;
- a cooperation's status moves only along `ALLOWED_TRANSITIONS`;
- partnership requests are sent, decided and withdrawn only by the managers of the right side;
- e-mails are queued in the outbox in the same transaction (cooperation.notifications) and
  sent by Celery after it commits.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor
from actors.services import reserved_slugs, unique_slug
from cooperation import notifications
from cooperation.choices import (
    ALLOWED_TRANSITIONS,
    COORDINATING_ROLES,
    OPEN_MEMBERSHIP_STATUSES,
    ChainStepKind,
    CooperationStatus,
    MemberRole,
    MembershipStatus,
    PartnershipStatus,
)
from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)
from cooperation.permissions import (
    can_act_for_actor,
    can_change_cooperation,
    can_decide_membership,
    can_end_membership,
    managed_actor_ids,
)

# The fixed pages that sit beside `cooperations/<slug>/` (see cooperation/urls.py).
COOPERATION_FIXED_PAGES = ("cooperations/which-form/", "cooperations/new/", "cooperations/mine/")

COOPERATION_FIELDS = {
    "name",
    "form",
    "description",
    "started_on",
    "legal_form",
    "website",
    "shared_assets",
    "price_setting",
    "decision_making",
    "decision_notes",
    "accepts_new_members",
    "is_public",
}


def _today() -> datetime.date:
    return timezone.localdate()


def _apply_fields(cooperation: Cooperation, fields: dict) -> None:
    unknown = set(fields) - COOPERATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown cooperation fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(cooperation, name, value)


def _set_municipalities(cooperation: Cooperation, municipalities) -> None:
    """Store the municipalities and place the cooperation at their centre (for "near")."""
    municipalities = list(municipalities)
    cooperation.municipalities.set(municipalities)
    if municipalities:
        cooperation.latitude = sum(m.latitude for m in municipalities) / len(municipalities)
        cooperation.longitude = sum(m.longitude for m in municipalities) / len(municipalities)
    else:
        cooperation.latitude = cooperation.longitude = None
    cooperation.save(update_fields=["latitude", "longitude"])


@transaction.atomic
def cooperation_create(
    *,
    user,
    initiator: Actor,
    form: CooperationForm,
    name: str,
    municipalities=(),
    status: str = CooperationStatus.IDEA,
    **fields,
) -> Cooperation:
    """Start a cooperation; the actor that starts it becomes its first member, as initiator.

    An existing cooperation may be registered as already starting or active; ended ones not.
    """
    if not can_act_for_actor(user, initiator):
        raise PermissionDenied
    if status == CooperationStatus.ENDED:
        raise ValidationError(
            {"status": _("A new cooperation cannot start as ended.")}, code="invalid_status"
        )
    cooperation = Cooperation(form=form, name=name, status=status)
    _apply_fields(cooperation, fields)
    if status == CooperationStatus.ACTIVE and cooperation.started_on is None:
        cooperation.started_on = _today()
    cooperation.slug = unique_slug(
        Cooperation, name, reserved=reserved_slugs(*COOPERATION_FIXED_PAGES)
    )
    cooperation.full_clean()
    cooperation.save()
    _set_municipalities(cooperation, municipalities or [initiator.municipality])
    Membership.objects.create(
        cooperation=cooperation,
        actor=initiator,
        role=MemberRole.INITIATOR,
        status=MembershipStatus.ACTIVE,
        since=cooperation.started_on or _today(),
        created_by=user,
        decided_by=user,
        decided_at=timezone.now(),
    )
    return cooperation


@transaction.atomic
def cooperation_update(*, user, cooperation: Cooperation, municipalities=None, **fields):
    if not can_change_cooperation(user, cooperation):
        raise PermissionDenied
    _apply_fields(cooperation, fields)
    cooperation.full_clean()
    cooperation.save()
    if municipalities is not None:
        _set_municipalities(cooperation, municipalities)
    return cooperation


@transaction.atomic
def cooperation_set_status(
    *, user, cooperation: Cooperation, status: str, on: datetime.date | None = None
) -> Cooperation:
    """Move a cooperation along its lifecycle, recording when it started and ended."""
    if not can_change_cooperation(user, cooperation):
        raise PermissionDenied
    cooperation = Cooperation.objects.select_for_update(of=("self",)).get(pk=cooperation.pk)
    current = CooperationStatus(cooperation.status)
    if status not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("A cooperation cannot go from %(current)s to %(new)s.")
                % {"current": current.label, "new": CooperationStatus(status).label}
            },
            code="invalid_transition",
        )
    on = on or _today()
    cooperation.status = status
    if status == CooperationStatus.ACTIVE and cooperation.started_on is None:
        cooperation.started_on = on
    if status == CooperationStatus.ENDED:
        cooperation.ended_on = on
        cooperation.accepts_new_members = False
    cooperation.full_clean()
    cooperation.save()
    if status == CooperationStatus.ENDED:
        # Members of an ended cooperation have left it, and open requests lapse.
        Membership.objects.filter(cooperation=cooperation, status=MembershipStatus.ACTIVE).update(
            status=MembershipStatus.LEFT, until=on
        )
        Membership.objects.filter(
            cooperation=cooperation,
            status__in=(MembershipStatus.REQUESTED, MembershipStatus.INVITED),
        ).update(status=MembershipStatus.DECLINED, decided_at=timezone.now())
    return cooperation


def _refuse_if_open(cooperation: Cooperation, actor: Actor) -> None:
    existing = (
        Membership.objects.filter(
            cooperation=cooperation, actor=actor, status__in=OPEN_MEMBERSHIP_STATUSES
        )
        .values_list("status", flat=True)
        .first()
    )
    if existing == MembershipStatus.ACTIVE:
        raise ValidationError(
            {"actor": _("%(actor)s is already a member.") % {"actor": actor.name}},
            code="already_member",
        )
    if existing:
        raise ValidationError(
            {
                "actor": _("A request or invitation for %(actor)s is already open.")
                % {"actor": actor.name}
            },
            code="already_open",
        )


def _create_open_membership(**values) -> Membership:
    membership = Membership(**values)
    membership.full_clean(validate_constraints=False)
    try:
        # A savepoint, so a concurrent duplicate (the unique constraint) is a clean refusal.
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            {"actor": _("A request or invitation for this actor is already open.")},
            code="already_open",
        ) from None
    notifications.membership_notify(membership)
    return membership


@transaction.atomic
def membership_request(
    *, user, cooperation: Cooperation, actor: Actor, role: str, message: str = ""
) -> Membership:
    """An actor asks to join; the cooperation's coordinators decide."""
    if not can_act_for_actor(user, actor):
        raise PermissionDenied
    if role in COORDINATING_ROLES:
        raise ValidationError(
            {"role": _("Coordinators are appointed by the cooperation, not requested.")},
            code="role_not_requestable",
        )
    if not cooperation.accepts_new_members or cooperation.status == CooperationStatus.ENDED:
        raise ValidationError(
            _("%(cooperation)s does not take new members.") % {"cooperation": cooperation.name},
            code="closed",
        )
    _refuse_if_open(cooperation, actor)
    return _create_open_membership(
        cooperation=cooperation,
        actor=actor,
        role=role,
        status=MembershipStatus.REQUESTED,
        message=message,
        created_by=user,
    )


@transaction.atomic
def membership_invite(
    *, user, cooperation: Cooperation, actor: Actor, role: str, message: str = ""
) -> Membership:
    """The coordinators invite an actor; its managers decide."""
    if not can_change_cooperation(user, cooperation):
        raise PermissionDenied
    if cooperation.status == CooperationStatus.ENDED:
        raise ValidationError(_("This cooperation has ended."), code="ended")
    if not actor.is_public and not user.is_staff:
        raise ValidationError(
            {"actor": _("Only actors listed in the directory can be invited.")},
            code="actor_not_listed",
        )
    _refuse_if_open(cooperation, actor)
    return _create_open_membership(
        cooperation=cooperation,
        actor=actor,
        role=role,
        status=MembershipStatus.INVITED,
        message=message,
        created_by=user,
    )


def _lock_open_membership(membership: Membership) -> Membership:
    """Re-read the row under a lock: the second of two simultaneous deciders waits here and
    then finds it decided."""
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("cooperation", "actor")
        .get(pk=membership.pk)
    )
    if locked.status not in (MembershipStatus.REQUESTED, MembershipStatus.INVITED):
        raise ValidationError(_("This request has already been decided."), code="already_decided")
    return locked


@transaction.atomic
def membership_accept(*, user, membership: Membership) -> Membership:
    membership = _lock_open_membership(membership)
    if not can_decide_membership(user, membership):
        raise PermissionDenied
    membership.status = MembershipStatus.ACTIVE
    membership.since = membership.since or _today()
    membership.decided_by = user
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "since", "decided_by", "decided_at"])
    return membership


@transaction.atomic
def membership_decline(*, user, membership: Membership) -> Membership:
    membership = _lock_open_membership(membership)
    if not can_decide_membership(user, membership):
        raise PermissionDenied
    membership.status = MembershipStatus.DECLINED
    membership.decided_by = user
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    return membership


@transaction.atomic
def membership_leave(*, user, membership: Membership) -> Membership:
    """An active member leaves; the last coordinator cannot leave a cooperation still going."""
    if not can_end_membership(user, membership):
        raise PermissionDenied
    membership = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Only an active member can leave."), code="not_active")
    if membership.role in COORDINATING_ROLES:
        others = (
            Membership.objects.coordinating()
            .filter(cooperation_id=membership.cooperation_id)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(
                _("Appoint another coordinator before the last one leaves."),
                code="last_coordinator",
            )
    membership.status = MembershipStatus.LEFT
    membership.until = _today()
    membership.save(update_fields=["status", "until"])
    return membership


@transaction.atomic
def consumer_membership_join(*, user, cooperation: Cooperation) -> ConsumerMembership:
    """A citizen becomes a consumer member; only counted, never listed."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not cooperation.form.consumers_can_join:
        raise ValidationError(
            _("Citizens can join only a co-operative of farmers and consumers."),
            code="form_has_no_consumers",
        )
    if not cooperation.accepts_new_members or cooperation.status == CooperationStatus.ENDED:
        raise ValidationError(
            _("%(cooperation)s does not take new members.") % {"cooperation": cooperation.name},
            code="closed",
        )
    membership, _created = ConsumerMembership.objects.get_or_create(
        user=user, cooperation=cooperation
    )
    return membership


@transaction.atomic
def consumer_membership_leave(*, user, cooperation: Cooperation) -> None:
    ConsumerMembership.objects.filter(user=user, cooperation=cooperation).delete()


@transaction.atomic
def chain_links_set(*, user, cooperation: Cooperation, links: Sequence[dict]) -> list[ChainLink]:
    """Replace the chain with `links`, in order: each a dict of step_kind, actor, category,
    description. Positions are 1, 2, 3… in the order given."""
    if not can_change_cooperation(user, cooperation):
        raise PermissionDenied
    rows = []
    for position, link in enumerate(links, start=1):
        row = ChainLink(
            cooperation=cooperation,
            position=position,
            step_kind=link["step_kind"],
            actor=link.get("actor"),
            category=link.get("category"),
            description=link.get("description", ""),
        )
        if row.step_kind == ChainStepKind.CONSUMER and row.actor is not None:
            raise ValidationError(
                {"actor": _("The consumer step names no actor.")}, code="consumer_actor"
            )
        row.full_clean(exclude=["cooperation"], validate_unique=False)
        rows.append(row)
    ChainLink.objects.filter(cooperation=cooperation).delete()
    return ChainLink.objects.bulk_create(rows)


# ---- partnership requests -------------------------------------------------------------


@transaction.atomic
def partnership_request_send(
    *,
    user,
    from_actor: Actor,
    to_actor: Actor,
    form: CooperationForm | None = None,
    message: str = "",
) -> PartnershipRequest:
    """One actor proposes to another to work together; the other's managers decide."""
    if not can_act_for_actor(user, from_actor):
        raise PermissionDenied
    if from_actor.pk == to_actor.pk:
        raise ValidationError(
            {"to_actor": _("An actor cannot send a request to itself.")}, code="self"
        )
    if not to_actor.is_public and not user.is_staff:
        raise ValidationError(
            {"to_actor": _("Only actors listed in the directory can receive requests.")},
            code="not_listed",
        )
    existing = PartnershipRequest.objects.between(from_actor, to_actor).filter(
        status__in=(PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED)
    )
    for other in existing:
        if other.status == PartnershipStatus.ACCEPTED:
            raise ValidationError(
                {"to_actor": _("You are already partners.")}, code="already_partners"
            )
        if other.from_actor_id == to_actor.pk:
            raise ValidationError(
                {
                    "to_actor": _("%(actor)s has already sent you a request: answer it instead.")
                    % {"actor": to_actor.name}
                },
                code="reverse_pending",
            )
        raise ValidationError(
            {
                "to_actor": _("A request to %(actor)s is already waiting for an answer.")
                % {"actor": to_actor.name}
            },
            code="already_pending",
        )
    request = PartnershipRequest(
        from_actor=from_actor, to_actor=to_actor, form=form, message=message, created_by=user
    )
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            {"to_actor": _("A request to this actor is already waiting for an answer.")},
            code="already_pending",
        ) from None
    notifications.partnership_request_notify(request)
    return request


def _lock_pending(request: PartnershipRequest) -> PartnershipRequest:
    locked = PartnershipRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if locked.status != PartnershipStatus.PENDING:
        raise ValidationError(_("This request has already been answered."), code="already_decided")
    return locked


def _decide(user, request: PartnershipRequest, status: str) -> PartnershipRequest:
    request = _lock_pending(request)
    if request.to_actor_id not in managed_actor_ids(user):
        raise PermissionDenied
    request.status = status
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    notifications.partnership_decision_notify(request)
    return request


@transaction.atomic
def partnership_request_accept(*, user, request: PartnershipRequest) -> PartnershipRequest:
    """Accepted: the two actors see each other's business contact and are linked."""
    return _decide(user, request, PartnershipStatus.ACCEPTED)


@transaction.atomic
def partnership_request_decline(*, user, request: PartnershipRequest) -> PartnershipRequest:
    return _decide(user, request, PartnershipStatus.DECLINED)


@transaction.atomic
def partnership_request_withdraw(*, user, request: PartnershipRequest) -> PartnershipRequest:
    request = _lock_pending(request)
    if request.from_actor_id not in managed_actor_ids(user):
        raise PermissionDenied
    request.status = PartnershipStatus.WITHDRAWN
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request
