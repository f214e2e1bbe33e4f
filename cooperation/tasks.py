"""E-mails of the cooperation app, sent by Celery after the transaction commits.

Each task takes an id, re-reads the row, exits quietly when it is gone or no longer relevant,
and is idempotent: it locks the row, checks its sent-marker, sends, and sets the marker in
the same transaction, so a retry (or a second enqueue) never mails twice. Recipients are the
managers of the actor concerned; their addresses never leave the e-mail.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from actors.models import ActorManager


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


def _send(subject: str, body: str, recipients: list[str]) -> None:
    # One message per recipient: managers of different actors never see each other's address.
    send_mass_mail([(subject, body, None, [address]) for address in recipients])


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_membership_notification(self, membership_id: int) -> None:
    """Tell the deciding side about a membership request or invitation."""
    from cooperation.choices import COORDINATING_ROLES, MembershipStatus
    from cooperation.models import Membership

    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("cooperation", "actor")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None or membership.notified_at is not None:
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
        try:
            _send(subject, body, recipients)
        except OSError as exc:  # the mail server is outside our system: retry later
            raise self.retry(exc=exc) from exc
        membership.notified_at = timezone.now()
        membership.save(update_fields=["notified_at"])


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_partnership_request_notification(self, request_id: int) -> None:
    """Tell the receiving actor's managers that a partnership request is waiting."""
    from cooperation.choices import PartnershipStatus
    from cooperation.models import PartnershipRequest

    with transaction.atomic():
        request = (
            PartnershipRequest.objects.select_for_update(of=("self",))
            .select_related("from_actor", "to_actor", "form")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.request_notified_at is not None:
            return
        if request.status != PartnershipStatus.PENDING:
            return
        subject, body = _render(
            "partnership_request",
            {"request": request, "path_name": "cooperation:partnership_requests"},
        )
        try:
            _send(subject, body, _manager_emails([request.to_actor_id]))
        except OSError as exc:
            raise self.retry(exc=exc) from exc
        request.request_notified_at = timezone.now()
        request.save(update_fields=["request_notified_at"])


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_partnership_decision_notification(self, request_id: int) -> None:
    """Tell the sender's managers that their request was accepted or declined."""
    from cooperation.choices import PartnershipStatus
    from cooperation.models import PartnershipRequest

    with transaction.atomic():
        request = (
            PartnershipRequest.objects.select_for_update(of=("self",))
            .select_related("from_actor", "to_actor", "form")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.decision_notified_at is not None:
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
        try:
            _send(subject, body, _manager_emails([request.from_actor_id]))
        except OSError as exc:
            raise self.retry(exc=exc) from exc
        request.decision_notified_at = timezone.now()
        request.save(update_fields=["decision_notified_at"])
