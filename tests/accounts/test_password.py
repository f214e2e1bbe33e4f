"""Changing a password, and resetting a forgotten one by e-mail."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nieuw-wachtwoord-77"


def reset_link_path(message, site_url):
    """The path of the single link in a reset e-mail, as a browser would open it."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    assert links[0].startswith(site_url + "/en/")
    return links[0].removeprefix(site_url)


def test_password_reset_sends_one_mail_whose_link_sets_a_new_password(client, user, settings):
    response = client.post(reverse("accounts:password_reset"), {"email": "Lies@Example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lies@example.org"]
    assert message.subject == "Choose a new password for Ketenwerk"

    link_page = client.get(reset_link_path(message, settings.SITE_URL), follow=True)
    assert link_page.status_code == 200
    assert link_page.context["validlink"] is True
    set_password_url = link_page.redirect_chain[-1][0]

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")

    client.post(
        reverse("accounts:login"), {"username": "lies@example.org", "password": NEW_PASSWORD}
    )
    assert client.session[SESSION_KEY] == str(user.pk)
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)


def test_password_reset_link_works_only_once(client, user, settings):
    client.post(reverse("accounts:password_reset"), {"email": "lies@example.org"})
    path = reset_link_path(mail.outbox[0], settings.SITE_URL)
    first = client.get(path, follow=True)
    client.post(
        first.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(path, follow=True)

    assert again.context["validlink"] is False
    assert "This link does not work (any more)" in again.content.decode()


def test_password_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_done_page_does_not_say_whether_the_address_exists(client):
    response = client.get(reverse("accounts:password_reset_done"))

    assert "If an account exists for the address you entered" in response.content.decode()


def test_password_reset_refuses_a_weak_new_password(client, user, settings):
    client.post(reverse("accounts:password_reset"), {"email": "lies@example.org"})
    page = client.get(reset_link_path(mail.outbox[0], settings.SITE_URL), follow=True)

    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert "This password is entirely numeric." in response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")


def test_password_change_with_the_old_password_sets_the_new_one_and_keeps_the_session(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert "Your password is changed." in client.get(response.url).content.decode()


def test_password_change_refuses_a_wrong_old_password(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
