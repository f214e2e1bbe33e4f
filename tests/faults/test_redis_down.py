"""Redis stopped: pages and the API keep answering, a write that queues an e-mail succeeds,
and the e-mail goes out exactly once when Redis is back.

A real redis-server of the test's own is stopped and started; this process's cache and
Celery broker point at it. Runs on SQLite and on PostgreSQL; the same story with a real
worker process is in test_worker.py (PostgreSQL).
"""

import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient

from network.models import OutboxEmail
from network.tasks import flush_outbox, send_outbox_emails
from tests.faults.conftest import web_side_on

pytestmark = pytest.mark.django_db


def _api(user=None) -> APIClient:
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        client.force_authenticate(user)
    return client


def _request_partnership(sender, sender_farm, receiver_farm, capture):
    with capture(execute=True):
        return _api(sender).post(
            "/api/v1/partnership-requests/",
            {"from_actor": sender_farm.slug, "to_actor": receiver_farm.slug, "message": "Samen?"},
            format="json",
        )


def test_with_redis_stopped_everything_answers_and_the_mail_goes_out_once_it_is_back(
    redis_server,
    client,
    sender,
    sender_farm,
    receiver_farm,
    django_capture_on_commit_callbacks,
    caplog,
):
    with web_side_on(redis_server.url):
        # Given a platform whose cache and broker are a running Redis
        cache.set("probe", "cached")
        assert cache.get("probe") == "cached"

        # When Redis stops
        redis_server.stop()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            page = client.get("/en/producers/")
            detail = client.get(f"/en/producers/{receiver_farm.slug}/")
            listing = _api().get("/api/v1/actors/")
            geojson = _api().get("/api/v1/actors/", {"format": "geojson"})
            created = _request_partnership(
                sender, sender_farm, receiver_farm, django_capture_on_commit_callbacks
            )
            health = client.get("/health/")
        elapsed = time.monotonic() - started
        print(f"\nRedis down: 5 pages/API calls + 1 write answered in {elapsed:.2f} s")

        # Then pages, reads and the write answer, promptly
        assert page.status_code == 200
        assert detail.status_code == 200
        assert listing.status_code == 200
        assert receiver_farm.name in [row["name"] for row in listing.json()["results"]]
        assert geojson.status_code == 200
        assert geojson.json()["type"] == "FeatureCollection"
        assert created.status_code == 201, created.content
        assert elapsed < 10
        # the cache reads as empty, and readiness says what is down
        assert cache.get("probe") is None
        assert health.status_code == 503
        assert health.json()["checks"]["cache"]["status"] == "down"
        assert health.json()["checks"]["broker"]["status"] == "down"
        # the mail waits in the outbox; the failed enqueue was logged, not raised
        row = OutboxEmail.objects.get()
        assert (row.to, row.status) == ("receiver@example.org", OutboxEmail.Status.PENDING)
        assert mail.outbox == []
        assert "could not enqueue e-mails" in caplog.text

        # When Redis is back and the beat's minute flush runs
        redis_server.start()
        assert flush_outbox.apply().get() == 1

        # Then the mail is sent, once, and nothing sends it again
        assert [message.to for message in mail.outbox] == [["receiver@example.org"]]
        assert "Hoeve Het Veld" in mail.outbox[0].subject
        send_outbox_emails.apply(args=([row.pk],))
        flush_outbox.apply()
        assert len(mail.outbox) == 1
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 1)
        # and the cache and the broker work again
        cache.set("probe", "again")
        assert cache.get("probe") == "again"
        send_outbox_emails.apply_async(([row.pk],), retry=False)
        assert redis_server.client().llen("celery") == 1


def test_with_redis_up_the_mail_is_enqueued_right_after_commit(
    redis_server, sender, sender_farm, receiver_farm, django_capture_on_commit_callbacks
):
    with web_side_on(redis_server.url):
        response = _request_partnership(
            sender, sender_farm, receiver_farm, django_capture_on_commit_callbacks
        )

    assert response.status_code == 201
    # The task waits in Redis for a worker; the row stays pending until one sends it
    assert redis_server.client().llen("celery") == 1
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
