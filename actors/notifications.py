"""E-mails of the actors app, queued in the outbox by the services that cause them.

Called inside the service's transaction: the invitation and its mail commit together, and
`network.outbox` sends the mail after commit (or the minute flush does, if Redis was down).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from actors.models import ActorInvitation
from network.outbox import outbox_enqueue


def actor_invitation_notify(invitation: ActorInvitation) -> None:
    """Mail an editor invitation with its accept link."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("actors:invitation_accept", kwargs={"token": invitation.token})
        context = {"invitation": invitation, "url": settings.SITE_URL + path}
        subject = render_to_string("actors/email/invitation_subject.txt", context).strip()
        body = render_to_string("actors/email/invitation_body.txt", context)
    outbox_enqueue(
        key=f"actor-invitation:{invitation.pk}",
        to=[invitation.email],
        subject=" ".join(subject.split()),
        body=body,
    )
