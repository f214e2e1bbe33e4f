"""Background work of the actors app: e-mails, sent after the transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from actors.models import ActorInvitation


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_actor_invitation(self, invitation_id: int) -> None:
    """Mail an editor invitation. Exits quietly if it was withdrawn or already accepted."""
    invitation = ActorInvitation.objects.select_related("actor").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("actors:invitation_accept", kwargs={"token": invitation.token})
        context = {"invitation": invitation, "url": settings.SITE_URL + path}
        subject = render_to_string("actors/email/invitation_subject.txt", context).strip()
        body = render_to_string("actors/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError as exc:  # the mail server is outside our system: retry later
        raise self.retry(exc=exc) from exc
