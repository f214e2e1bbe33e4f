"""The e-mail outbox: mails are rows first, and sent from the rows.

Why: a mail enqueued straight into Celery is lost when Redis is down at that moment, and a
mail sent inside the request fails the request when the mail server is slow. Here

1. `outbox_enqueue()` writes one `OutboxEmail` per recipient inside the caller's transaction
   (the action and its mail commit or roll back together);
2. after commit, `send_outbox_emails` is enqueued; if Redis is down that fails, is logged,
   and the request still succeeds;
3. the beat runs `flush_outbox` every minute and sends every pending row that is due, so
   whatever step 2 missed goes out within a minute of Redis (or the worker) coming back.

Sending is idempotent: `outbox_send_one()` locks the row (`select_for_update(skip_locked)`,
so two workers never send the same row: the second skips it), sends, and marks it sent in the
same transaction. The one at-least-once window is a crash after the mail server accepted the
message and before that transaction commits: the row stays pending and is sent again. Nothing
can close that window without the mail server taking part; it is a few milliseconds wide.

A failed send (the mail server refused or was unreachable) is retried with a growing delay,
1, 2, 4 … 60 minutes, and given up after `MAX_ATTEMPTS` (status "failed", visible in the admin).
Sent rows are deleted after 30 days. Password-reset mails do not come here on purpose: their
body is a live reset link, which must not sit in a table staff can read.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from network.models import OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # with the back-off below: about seven hours of a broken mail server
FLUSH_BATCH = 500
KEEP_SENT = datetime.timedelta(days=30)


def outbox_enqueue(
    *, key: str, to: Iterable[str], subject: str, body: str, html: str = ""
) -> list[OutboxEmail]:
    """Queue one mail per address, in the caller's transaction; send it after commit.

    `key` names the cause ("partnership-request:42"); with the address it is the row's
    deduplication key, so queuing the same cause twice queues nothing new.
    """
    rows = []
    for address in sorted({address.strip() for address in to if address and address.strip()}):
        row, created = OutboxEmail.objects.get_or_create(
            dedupe_key=f"{key}:{address.lower()}",
            defaults={"to": address, "subject": subject, "body_text": body, "body_html": html},
        )
        if created:
            rows.append(row)
    if rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _enqueue_send(ids))
    return rows


def _enqueue_send(ids: list[int]) -> None:
    from network.tasks import send_outbox_emails

    app = send_outbox_emails.app
    try:
        if app.conf.task_always_eager:
            send_outbox_emails.apply_async((ids,))
            return
        # Fail fast: no connection or publish retries (kombu would otherwise keep retrying
        # for broker_connection_timeout, 4 s, inside the request); the flush sends these rows.
        options = {**app.conf.broker_transport_options, "max_retries": 0}
        with app.connection_for_write(transport_options=options) as connection:
            send_outbox_emails.apply_async((ids,), connection=connection, retry=False)
    except Exception:  # the broker is outside our system; the rows are safe in the database
        logger.warning(
            "outbox: could not enqueue e-mails %s; the minute flush will send them",
            ids,
            exc_info=True,
        )


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 60))


def outbox_send_one(pk: int) -> bool:
    """Send one pending row unless another worker holds it; True when this call sent it."""
    with transaction.atomic():
        row = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if row is None:  # sent already, given up, or being sent right now by another worker
            return False
        message = EmailMultiAlternatives(row.subject, row.body_text, None, [row.to])
        if row.body_html:
            message.attach_alternative(row.body_html, "text/html")
        row.attempts += 1
        try:
            message.send()
        except Exception as exc:  # the mail server is outside our system: retry later
            row.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = OutboxEmail.Status.FAILED
            else:
                row.next_attempt_at = timezone.now() + _backoff(row.attempts)
            row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("outbox: sending e-mail %s failed (attempt %s)", pk, row.attempts)
            return False
        row.status = OutboxEmail.Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def outbox_flush(*, limit: int = FLUSH_BATCH) -> int:
    """Send every pending row that is due, oldest first; returns how many were sent.

    Also forgets sent mails after `KEEP_SENT` (30 days): they hold addresses and texts, and are kept
    only to answer "did it go out?".
    """
    OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENT, sent_at__lt=timezone.now() - KEEP_SENT
    ).delete()
    due = (
        OutboxEmail.objects.filter(
            status=OutboxEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_send_one(pk) for pk in list(due))
