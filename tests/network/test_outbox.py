"""The e-mail outbox: mails are rows written with their action, sent once, retried with a
back-off when the mail server fails, and visible to staff in the admin."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from network.models import OutboxEmail
from network.outbox import MAX_ATTEMPTS, outbox_enqueue, outbox_flush, outbox_send_one
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queue(capture, *, key="test:1", to=("a@example.org",)):
    with capture(execute=True):
        return outbox_enqueue(key=key, to=list(to), subject="Onderwerp", body="Tekst")


def test_one_row_per_address_is_sent_after_commit_each_to_one_recipient(
    django_capture_on_commit_callbacks,
):
    rows = _queue(
        django_capture_on_commit_callbacks, to=["b@example.org", "a@example.org", "a@example.org"]
    )

    assert [row.to for row in rows] == ["a@example.org", "b@example.org"]
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_queuing_the_same_cause_again_queues_nothing_new(django_capture_on_commit_callbacks):
    _queue(django_capture_on_commit_callbacks)
    again = _queue(django_capture_on_commit_callbacks)

    assert again == []
    assert OutboxEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_queued_when_the_action_rolls_back(django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(key="test:1", to=["a@example.org"], subject="S", body="B")
        raise RuntimeError("the action failed")

    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_sent_row_is_never_sent_again(django_capture_on_commit_callbacks):
    (row,) = _queue(django_capture_on_commit_callbacks)

    assert outbox_send_one(row.pk) is False
    assert outbox_flush() == 0
    assert len(mail.outbox) == 1


def test_a_refusing_mail_server_is_retried_with_a_growing_delay_then_given_up(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.network.test_outbox.RefusingBackend"
    start = timezone.now()
    (row,) = _queue(django_capture_on_commit_callbacks)

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error == "SMTPServerDisconnected: the mail server went away"
    assert row.next_attempt_at - start >= datetime.timedelta(minutes=1)
    # Not due yet: the flush leaves it alone
    assert outbox_flush() == 0
    assert OutboxEmail.objects.get().attempts == 1

    with time_machine.travel(start, tick=False) as clock:
        delays = []
        for _ in range(MAX_ATTEMPTS - 1):
            clock.move_to(OutboxEmail.objects.get().next_attempt_at)
            before = timezone.now()
            outbox_flush()
            row.refresh_from_db()
            delays.append(round((row.next_attempt_at - before).total_seconds() / 60))

    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert delays[:7] == [2, 4, 8, 16, 32, 60, 60]
    assert mail.outbox == []


def test_the_flush_sends_what_is_due_when_the_server_is_back(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.network.test_outbox.RefusingBackend"
    (row,) = _queue(django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert outbox_flush() == 1

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert [message.subject for message in mail.outbox] == ["Onderwerp"]


class RefusingBackend:
    """A mail server that hangs up: what smtplib raises then."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def test_staff_see_the_outbox_and_can_send_a_failed_mail_again(
    client, django_capture_on_commit_callbacks
):
    (row,) = _queue(django_capture_on_commit_callbacks)
    OutboxEmail.objects.filter(pk=row.pk).update(status="failed", attempts=MAX_ATTEMPTS)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/admin/network/outboxemail/")
    added = client.get("/admin/network/outboxemail/add/")
    retried = client.post(
        "/admin/network/outboxemail/",
        {"action": "retry_now", "_selected_action": [row.pk]},
    )

    assert listing.status_code == 200
    assert "a@example.org" in listing.content.decode()
    assert added.status_code == 403  # rows come from actions, not from the admin
    assert retried.status_code == 302
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 2


def test_sent_mails_are_forgotten_after_thirty_days_pending_and_failed_ones_are_kept(
    django_capture_on_commit_callbacks,
):
    (sent,) = _queue(django_capture_on_commit_callbacks, key="test:sent")
    with django_capture_on_commit_callbacks(execute=False):
        (waiting,) = outbox_enqueue(key="test:waiting", to=["b@example.org"], subject="S", body="B")
    OutboxEmail.objects.filter(pk=waiting.pk).update(status="failed")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        outbox_flush()
        assert OutboxEmail.objects.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        outbox_flush()

    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["b@example.org"]
