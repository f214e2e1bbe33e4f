"""django-axes' log-in records hold a person's e-mail address, IP address and browser: they go
with the account, and the logs are purged after KETENWERK_LOGIN_RECORDS_DAYS (30) every day."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from network.tasks import purge_login_records
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Ketenwerk-2026"  # the factories' password


def log_in(email, password):
    return Client().post(reverse("accounts:login"), {"username": email, "password": password})


def test_deleting_an_account_deletes_its_log_in_records_and_no_one_elses():
    lies = UserFactory(email="lies@example.org")
    jan = UserFactory(email="jan@example.org")
    for email in ("lies@example.org", "jan@example.org"):
        assert log_in(email, PASSWORD).status_code == 302  # a log-in: AccessLog
    log_in("LIES@example.org", "wrong")  # a failure under another spelling: AccessAttempt
    log_in("jan@example.org", "wrong")
    assert AccessLog.objects.filter(username__iexact="lies@example.org").exists()
    assert AccessAttempt.objects.filter(username__iexact="lies@example.org").exists()

    api = APIClient()
    api.force_authenticate(lies)
    assert api.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 200

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username__iexact="lies@example.org").exists()
    assert AccessLog.objects.filter(username=jan.email).exists()
    assert AccessAttempt.objects.filter(username=jan.email).exists()


def test_the_daily_purge_drops_logs_older_than_the_setting_and_expired_attempts():
    now = timezone.now()
    old = now - datetime.timedelta(days=settings.LOGIN_RECORDS_DAYS + 1)
    recent = now - datetime.timedelta(days=settings.LOGIN_RECORDS_DAYS - 1)
    common = {"ip_address": "192.0.2.7", "user_agent": "Firefox", "path_info": "/nl/aanmelden/"}
    for username, when in (("old@example.org", old), ("recent@example.org", recent)):
        row = AccessLog.objects.create(username=username, **common)
        AccessLog.objects.filter(pk=row.pk).update(attempt_time=when)  # auto_now_add on create
    expired = AccessAttempt.objects.create(
        username="expired@example.org", failures_since_start=2, get_data="", post_data="", **common
    )
    AccessAttempt.objects.filter(pk=expired.pk).update(
        attempt_time=now - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    AccessAttempt.objects.create(
        username="locked@example.org", failures_since_start=5, get_data="", post_data="", **common
    )

    assert purge_login_records.delay().get() == 2

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent@example.org"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["locked@example.org"]


def test_beat_runs_the_purge_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-login-records"]

    assert entry["task"] == "network.tasks.purge_login_records"
    assert entry["schedule"] == 24 * 60 * 60


def test_the_privacy_page_says_how_long_log_in_records_are_kept(client, settings):
    settings.LOGIN_RECORDS_DAYS = 45

    with translation.override("nl"):
        page = client.get(reverse("accounts:privacy")).content.decode()

    assert "het logboek van aanmeldingen 45 dagen" in page
    assert "Ze verdwijnen meteen wanneer je je account verwijdert." in page
