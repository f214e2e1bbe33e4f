"""Rate limits: API throttles, log-in lockout (django-axes), password-reset limits, tokens.

The suite's own settings keep the limits out of the way (network/settings_test.py); these
tests set low ones. Counts live in the shared cache (Redis in CI), so each test uses addresses
and accounts of its own, or clears the one key it counts in.
"""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.factories import UserFactory

PASSWORD = "pw-Ketenwerk-2026"


def page(name):
    with translation.override("en"):
        return reverse(name)


def unique_ip() -> str:
    """A documentation-range address no other test (or earlier CI run) counted for."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }


# --- API throttles ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_client_is_throttled_per_address_with_a_retry_after(low_rates):
    client = APIClient(REMOTE_ADDR=unique_ip())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    answers = [client.get("/api/v1/actors/").status_code for _ in range(4)]
    throttled = client.get("/api/v1/actors/")

    assert answers == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "throttled" in throttled.json()["detail"].lower()
    # Another address is counted on its own.
    assert APIClient(REMOTE_ADDR=unique_ip()).get("/api/v1/actors/").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_user_is_throttled_per_account_not_per_address(low_rates):
    user = UserFactory()
    cache.delete(f"throttle_user_{user.pk}")
    _token, raw = api_token_create(user=user, name="Script")

    def client_from(address):
        client = APIClient(REMOTE_ADDR=address)
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    answers = [client_from(unique_ip()).get("/api/v1/me/").status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
    other = UserFactory()
    cache.delete(f"throttle_user_{other.pk}")
    fresh = APIClient()
    fresh.force_authenticate(other)
    assert fresh.get("/api/v1/me/").status_code == 200


def test_throttle_rates_come_from_the_environment_with_sane_defaults():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='network.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
    )
    env = {"PATH": "/usr/bin:/bin", "KETENWERK_API_THROTTLE_ANON": "7/second"}
    configured = subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    defaults = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin"},
        check=True,
    )

    assert configured.stdout.strip() == "{'anon': '7/second', 'user': '600/minute'}"
    assert defaults.stdout.strip() == "{'anon': '120/minute', 'user': '600/minute'}"


# --- Log-in lockout (django-axes) -------------------------------------------------------------


def login(client, email, password, address):
    return client.post(
        page("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_from_that_address_with_a_clear_message(settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory(email="lies@example.org")
    address = unique_ip()
    client = Client()

    failures = [login(client, user.email, "wrong", address).status_code for _ in range(4)]
    fifth = login(client, user.email, "wrong", address)
    right_password_now = login(client, user.email, PASSWORD, address)

    assert failures == [200] * 4  # the form again, with its error
    assert fifth.status_code == 429
    assert right_password_now.status_code == 429
    html = right_password_now.content.decode()
    assert "Too many attempts" in html
    assert "Try again in 15 minutes." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lockout_holds_for_the_account_and_address_together(settings):
    settings.AXES_FAILURE_LIMIT = 3
    lies, jan = UserFactory(email="lies@example.org"), UserFactory(email="jan@example.org")
    address = unique_ip()
    for _ in range(3):
        login(Client(), lies.email, "wrong", address)

    same_pair = login(Client(), lies.email, PASSWORD, address)
    other_address = login(Client(), lies.email, PASSWORD, unique_ip())
    other_account = login(Client(), jan.email, PASSWORD, address)

    assert same_pair.status_code == 429
    assert other_address.status_code == 302  # logged in: a stranger cannot lock her out
    assert other_account.status_code == 302


@pytest.mark.django_db
def test_after_the_cool_off_the_account_logs_in_again(settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    address = unique_ip()
    start = datetime.datetime(2026, 11, 27, 20, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            login(Client(), user.email, "wrong", address)
        assert login(Client(), user.email, PASSWORD, address).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert login(Client(), user.email, PASSWORD, address).status_code == 429
    # An attempt during the lockout starts the cool-off again: 15 minutes from minute 14.
    with time_machine.travel(start + datetime.timedelta(minutes=28), tick=False):
        assert login(Client(), user.email, PASSWORD, address).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=44), tick=False):
        assert login(Client(), user.email, PASSWORD, address).status_code == 302


@pytest.mark.django_db
def test_a_successful_log_in_forgets_earlier_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    address = unique_ip()
    for _ in range(2):
        login(Client(), user.email, "wrong", address)
    assert login(Client(), user.email, PASSWORD, address).status_code == 302

    for _ in range(2):
        login(Client(), user.email, "wrong", address)
    assert login(Client(), user.email, PASSWORD, address).status_code == 302


@pytest.mark.django_db
def test_the_admin_log_in_is_guarded_too(settings):
    settings.AXES_FAILURE_LIMIT = 3
    staff = UserFactory(is_staff=True, is_superuser=True)
    address = unique_ip()
    client = Client()
    for _ in range(3):
        client.post(
            "/admin/login/", {"username": staff.email, "password": "wrong"}, REMOTE_ADDR=address
        )

    response = client.post(
        "/admin/login/", {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR=address
    )

    assert response.status_code == 429


# --- Password reset ---------------------------------------------------------------------------


def ask_reset(email, address):
    return Client().post(
        page("accounts:password_reset"),
        {"email": email},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_password_reset_mails_are_limited_per_address_of_the_account(settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    email = f"reset-{uuid.uuid4().hex[:8]}@example.org"
    UserFactory(email=email)

    answers = [ask_reset(email, unique_ip()).status_code for _ in range(4)]
    refused = ask_reset(email, unique_ip())

    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert "Too many password-reset requests" in refused.content.decode()


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_client_address(settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    address = unique_ip()

    answers = [
        ask_reset(f"probe-{uuid.uuid4().hex[:8]}@example.org", address).status_code
        for _ in range(3)
    ]

    assert answers == [302, 302, 429]
    assert ask_reset(f"x-{uuid.uuid4().hex[:8]}@example.org", unique_ip()).status_code == 302


@pytest.mark.django_db
def test_a_limited_reset_answers_the_same_for_unknown_addresses(settings):
    """The limit must not tell whether an address has an account."""
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    known = f"known-{uuid.uuid4().hex[:8]}@example.org"
    UserFactory(email=known)
    unknown = f"unknown-{uuid.uuid4().hex[:8]}@example.org"

    answers = [ask_reset(email, unique_ip()).status_code for email in (known, known)]
    unknown_answers = [ask_reset(email, unique_ip()).status_code for email in (unknown, unknown)]

    assert answers == unknown_answers == [302, 429]


# --- Token revocation -------------------------------------------------------------------------


def token_client(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.mark.django_db
def test_revoking_all_tokens_through_the_api_stops_every_one():
    user = UserFactory()
    raws = [api_token_create(user=user, name=name)[1] for name in ("Kassa", "Script")]
    session = APIClient()
    session.force_login(user)

    response = session.post("/api/v1/tokens/revoke-all/")

    assert (response.status_code, response.json()) == (200, {"revoked": 2})
    assert [token_client(raw).get("/api/v1/me/").status_code for raw in raws] == [401, 401]


@pytest.mark.django_db
def test_revoking_all_tokens_on_the_account_page_stops_them_and_keeps_others():
    user, other = UserFactory(), UserFactory()
    _, raw = api_token_create(user=user, name="Kassa")
    _, others_raw = api_token_create(user=other, name="Kassa")
    client = Client()
    client.force_login(user)

    response = client.post(
        page("accounts:token_revoke_all"), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "1 token is revoked. It no longer works." in response.content.decode()
    assert token_client(raw).get("/api/v1/me/").status_code == 401
    assert token_client(others_raw).get("/api/v1/me/").status_code == 200
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_token_revoked_on_the_account_page_gets_401():
    user = UserFactory()
    token, raw = api_token_create(user=user, name="Kassa")
    assert token_client(raw).get("/api/v1/me/").status_code == 200
    client = Client()
    client.force_login(user)

    with translation.override("en"):
        url = reverse("accounts:token_revoke", kwargs={"token_key": token.token_key})
    client.post(url)

    assert token_client(raw).get("/api/v1/me/").status_code == 401


# --- Behind a reverse proxy -------------------------------------------------------------------


def login_via_proxy(email, password, forwarded_for):
    return Client().post(
        page("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR="172.18.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_lockout_counts_the_visitor_not_the_proxy(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    attacker, owner = unique_ip(), unique_ip()
    for _ in range(3):
        login_via_proxy(user.email, "wrong", attacker)

    assert login_via_proxy(user.email, PASSWORD, attacker).status_code == 429
    assert login_via_proxy(user.email, PASSWORD, owner).status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    for _ in range(3):
        login_via_proxy(user.email, "wrong", unique_ip())

    assert login_via_proxy(user.email, PASSWORD, unique_ip()).status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_api_throttles_each_visitor(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 1,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "5/minute"},
    }
    noisy, quiet = unique_ip(), unique_ip()
    client = APIClient(REMOTE_ADDR="172.18.0.2")

    noisy_answers = [
        client.get("/api/v1/labels/", HTTP_X_FORWARDED_FOR=noisy).status_code for _ in range(3)
    ]
    quiet_answer = client.get("/api/v1/labels/", HTTP_X_FORWARDED_FOR=quiet).status_code

    assert noisy_answers == [200, 200, 429]
    assert quiet_answer == 200
