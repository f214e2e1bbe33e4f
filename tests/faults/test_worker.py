"""The real Celery worker: killed in the middle of a task, and Redis down and back.

A real `celery worker` subprocess (prefork, one child) consumes from a redis-server of the
test's own and writes to the PostgreSQL test database; the mail backend is a file, so
deliveries made in the worker can be counted here, and a send can be held at a gate so that
"in the middle of the task" is a moment the test chooses (tests/faults/mailbackend.py).
The re-run delays are printed (run with -s to see them).
"""

import os
import signal
import time

import pytest
from django.db import transaction

from network.models import OutboxEmail
from network.outbox import outbox_enqueue
from network.tasks import flush_outbox
from tests.faults.conftest import wait_until, web_side_on
from tests.faults.test_redis_down import _request_partnership

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VISIBILITY = 8  # seconds; production uses 60 (KETENWERK_CELERY_VISIBILITY_TIMEOUT)


def _queue_mail(key: str = "fault-test:1") -> OutboxEmail:
    with transaction.atomic():  # committed: the worker reads it from another connection
        (row,) = outbox_enqueue(
            key=key, to=["boer@example.org"], subject="Een bericht", body="Hallo"
        )
    return row


def _sent_once(row: OutboxEmail, mail_dir) -> None:
    wait_until(lambda: len(mail_dir.sent()) >= 1, timeout=30, what="the mail to be sent")
    wait_until(
        lambda: OutboxEmail.objects.get(pk=row.pk).status == OutboxEmail.Status.SENT,
        timeout=10,
        what="the sent-marker",
    )
    assert mail_dir.sent() == ["boer@example.org\tEen bericht"]


def test_a_killed_child_process_is_replaced_and_the_task_runs_again_once(
    redis_server, mail_dir, start_worker
):
    mail_dir.hold()
    start_worker(redis_server.url, visibility=VISIBILITY)
    with web_side_on(redis_server.url):
        # Given a mail whose sending task is running in the worker's child process
        row = _queue_mail()
        ((child, _),) = wait_until(mail_dir.started, timeout=30, what="the task to start")

        # When that child is killed in the middle of the task
        os.kill(child, signal.SIGKILL)
        killed_at = time.time()
        mail_dir.release()

        # Then the task is re-queued at once (late ack, reject on worker lost), runs again in
        # a new child, and the mail goes out once
        started = wait_until(
            lambda: mail_dir.started()[1:], timeout=60, what="the task to run again"
        )
        (again, again_at) = started[0]
        delay = again_at - killed_at
        print(f"\nchild killed mid-task: re-run after {delay:.1f} s in a new child")
        assert again != child
        assert delay < 30
        _sent_once(row, mail_dir)
        # and is acknowledged: nothing left in Redis to hand out again
        wait_until(redis_server.queue_is_idle, timeout=15, what="the acknowledgement")


def test_a_killed_worker_is_replaced_and_the_task_returns_after_the_visibility_timeout(
    redis_server, mail_dir, start_worker
):
    mail_dir.hold()
    first = start_worker(redis_server.url, visibility=VISIBILITY)
    with web_side_on(redis_server.url):
        # Given a mail whose sending task is running
        row = _queue_mail()
        wait_until(mail_dir.started, timeout=30, what="the task to start")
        handed_out_at = mail_dir.started()[0][1]

        # When the whole worker, main process and child, is killed: nobody re-queues the task
        first.kill_all()
        killed_at = time.time()
        mail_dir.release()
        assert redis_server.client().hlen("unacked") == 1  # Redis still holds it, unacked

        # And a new worker starts
        start_worker(redis_server.url, visibility=VISIBILITY)

        # Then the task is handed out again once it is VISIBILITY seconds old, and runs once
        started = wait_until(
            lambda: mail_dir.started()[1:], timeout=VISIBILITY + 60, what="the task to return"
        )
        again_at = started[0][1]
        print(
            f"\nwhole worker killed: task returned {again_at - killed_at:.1f} s after the kill, "
            f"{again_at - handed_out_at:.1f} s after it was first handed out "
            f"(visibility timeout {VISIBILITY} s)"
        )
        assert again_at - handed_out_at >= VISIBILITY - 1
        assert again_at - handed_out_at < VISIBILITY + 30
        _sent_once(row, mail_dir)
        # and is acknowledged: nothing left in Redis to hand out again
        wait_until(redis_server.queue_is_idle, timeout=15, what="the acknowledgement")


def test_with_redis_down_the_write_succeeds_and_the_real_worker_sends_the_mail_once_it_is_back(
    redis_server,
    mail_dir,
    start_worker,
    sender,
    sender_farm,
    receiver_farm,
    django_capture_on_commit_callbacks,
):
    with web_side_on(redis_server.url):
        # Given Redis is down when a partnership request is sent
        redis_server.stop()
        response = _request_partnership(
            sender, sender_farm, receiver_farm, django_capture_on_commit_callbacks
        )
        assert response.status_code == 201
        row = OutboxEmail.objects.get()
        assert row.status == OutboxEmail.Status.PENDING

        # When Redis is back (empty: the enqueue never reached it), a worker runs, and the
        # beat sends its minute flush
        redis_server.start()
        start_worker(redis_server.url, visibility=VISIBILITY)
        flush_outbox.apply_async()

        # Then the mail is sent once; a second flush (run here, so we can read its answer)
        # finds nothing left to send
        wait_until(
            lambda: OutboxEmail.objects.filter(pk=row.pk, status=OutboxEmail.Status.SENT).exists(),
            timeout=30,
            what="the mail to be marked sent",
        )
        assert flush_outbox.apply().get() == 0
        row.refresh_from_db()
        assert row.status == OutboxEmail.Status.SENT
        assert len(mail_dir.sent()) == 1
        assert mail_dir.sent()[0].startswith("receiver@example.org\t")
