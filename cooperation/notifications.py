"""E-mails of the cooperation app, queued in the outbox by the services that cause them.

Each function is called inside the service's transaction: it renders the mail, queues one
outbox row per recipient (`network.outbox`, sent by Celery after commit and by the minute
flush if that fails) and sets the row's marker, so the same event is never queued twice.
Recipients are the managers of the actor concerned; one message each, so their addresses
never meet in one e-mail.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from actors.models import ActorManager
from cooperation.choices import COORDINATING_ROLES, MembershipStatus, PartnershipStatus
from cooperation.models import Membership, PartnershipRequest
from network.outbox import outbox_enqueue


def _manager_emails(actor_ids) -> list[str]:
    return sorted(
        set(
            ActorManager.objects.filter(actor_id__in=actor_ids)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.SITE_URL}
        if "path_name" in context:
            context["url"] = settings.SITE_URL + reverse(context.pop("path_name"))
        subject = render_to_string(f"cooperation/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"cooperation/email/{template}_body.txt", context)
    return " ".join(subject.split()), body


def membership_notify(membership: Membership) -> None:
    """Tell the deciding side about a membership request or invitation."""
    if membership.notified_at is not None:
        return
    if membership.status == MembershipStatus.REQUESTED:
        coordinators = Membership.objects.coordinating().filter(
            cooperation_id=membership.cooperation_id
        )
        recipients = _manager_emails(coordinators.values("actor_id"))
        template = "membership_requested"
    elif membership.status == MembershipStatus.INVITED:
        recipients = _manager_emails([membership.actor_id])
        template = "membership_invited"
    else:
        return
    subject, body = _render(
        template,
        {
            "membership": membership,
            "roles": COORDINATING_ROLES,
            "path_name": "cooperation:my_cooperations",
        },
    )
    outbox_enqueue(
        key=f"membership:{membership.pk}:{template}", to=recipients, subject=subject, body=body
    )
    # update(), not save(): the marker is bookkeeping, not a change for the history.
    membership.notified_at = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(notified_at=membership.notified_at)


def partnership_request_notify(request: PartnershipRequest) -> None:
    """Tell the receiving actor's managers that a partnership request is waiting."""
    if request.request_notified_at is not None or request.status != PartnershipStatus.PENDING:
        return
    subject, body = _render(
        "partnership_request",
        {"request": request, "path_name": "cooperation:partnership_requests"},
    )
    outbox_enqueue(
        key=f"partnership-request:{request.pk}",
        to=_manager_emails([request.to_actor_id]),
        subject=subject,
        body=body,
    )
    request.request_notified_at = timezone.now()
    PartnershipRequest.objects.filter(pk=request.pk).update(
        request_notified_at=request.request_notified_at
    )


def partnership_decision_notify(request: PartnershipRequest) -> None:
    """Tell the sender's managers that their request was accepted or declined."""
    if request.decision_notified_at is not None:
        return
    if request.status not in (PartnershipStatus.ACCEPTED, PartnershipStatus.DECLINED):
        return
    subject, body = _render(
        "partnership_decision",
        {
            "request": request,
            "accepted": request.status == PartnershipStatus.ACCEPTED,
            "path_name": "cooperation:partnership_requests",
        },
    )
    outbox_enqueue(
        key=f"partnership-decision:{request.pk}",
        to=_manager_emails([request.from_actor_id]),
        subject=subject,
        body=body,
    )
    request.decision_notified_at = timezone.now()
    PartnershipRequest.objects.filter(pk=request.pk).update(
        decision_notified_at=request.decision_notified_at
    )
