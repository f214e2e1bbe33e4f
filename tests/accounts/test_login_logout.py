"""Logging in with e-mail and password, and out with a POST only."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_asks_for_the_e_mail_address(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()
    assert response.context["form"].fields["username"].label == "E-mail address"


def test_login_with_e_mail_and_password_opens_the_account_page(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": "lies@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_does_not_care_how_the_address_is_capitalised(client, user):
    client.post(reverse("accounts:login"), {"username": "LIES@Example.org", "password": PASSWORD})

    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_with_a_wrong_password_says_so_and_does_not_log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": "lies@example.org", "password": "wrong-1234"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Enter a correct e-mail address and password. The password is case-sensitive."
    ]
    assert SESSION_KEY not in client.session


def test_login_with_an_unknown_address_gives_the_same_answer_as_a_wrong_password(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": "nobody@example.org", "password": PASSWORD}
    )

    assert response.context["form"].non_field_errors() == [
        "Enter a correct e-mail address and password. The password is case-sensitive."
    ]


def test_an_inactive_user_cannot_log_in(client, user):
    user.is_active = False
    user.save()

    client.post(reverse("accounts:login"), {"username": "lies@example.org", "password": PASSWORD})

    assert SESSION_KEY not in client.session


def test_login_follows_a_safe_next_page(client, user):
    response = client.post(
        reverse("accounts:login") + "?next=/en/about/",
        {"username": "lies@example.org", "password": PASSWORD, "next": "/en/about/"},
    )

    assert response.url == "/en/about/"


def test_login_ignores_a_next_page_on_another_site(client, user):
    response = client.post(
        reverse("accounts:login"),
        {"username": "lies@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.url == reverse("accounts:account")


def test_login_page_keeps_the_next_page_in_the_form(client):
    response = client.get(reverse("accounts:login") + "?next=/en/about/")

    assert '<input type="hidden" name="next" value="/en/about/">' in response.content.decode()


def test_logout_by_post_logs_out_and_goes_home(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("network:home")
    assert SESSION_KEY not in client.session


def test_logout_by_get_is_refused_and_keeps_the_user_logged_in(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(user.pk)


def test_account_page_has_a_logout_button_posting_to_logout(client, user):
    client.force_login(user)

    content = client.get(reverse("accounts:account")).content.decode()

    assert f'<form method="post" action="{reverse("accounts:logout")}">' in content
