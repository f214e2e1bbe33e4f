"""Signing up: an account per mailbox, a strong password, and logged in straight away."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

STRONG = "Korte-keten-2026!"


def sign_up(client, **overrides):
    data = {
        "email": "Boer.Piet@Example.ORG",
        "first_name": "Piet",
        "last_name": "Peeters",
        "password": STRONG,
        "password_confirm": STRONG,
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


def test_sign_up_page_shows_the_form(client):
    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    assert [f for f in response.context["form"].fields] == [
        "email",
        "first_name",
        "last_name",
        "password",
        "password_confirm",
    ]


def test_sign_up_creates_the_user_logs_them_in_and_opens_the_account_page(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    user = User.objects.get()
    assert user.email == "boer.piet@example.org"
    assert user.username == "boer.piet@example.org"
    assert (user.first_name, user.last_name) == ("Piet", "Peeters")
    assert user.check_password(STRONG)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_sign_up_without_a_name_is_fine(client):
    response = sign_up(client, first_name="", last_name="")

    assert response.status_code == 302
    assert User.objects.get().get_full_name() == ""


def test_sign_up_follows_a_safe_next_page(client):
    response = client.post(
        reverse("accounts:signup") + "?next=/en/about/",
        {"email": "a@example.org", "password": STRONG, "password_confirm": STRONG},
    )

    assert response.status_code == 302
    assert response.url == "/en/about/"


def test_sign_up_ignores_a_next_page_on_another_site(client):
    response = client.post(
        reverse("accounts:signup") + "?next=https://evil.example/",
        {"email": "a@example.org", "password": STRONG, "password_confirm": STRONG},
    )

    assert response.url == reverse("accounts:account")


@pytest.mark.parametrize(
    "existing", ["boer.piet@example.org", "BOER.PIET@EXAMPLE.ORG", "Boer.Piet@example.org"]
)
def test_sign_up_refuses_an_address_that_has_an_account_whatever_its_case(
    client, django_user_model, existing
):
    django_user_model.objects.create_user(email=existing, password=STRONG)

    response = sign_up(client, email="boer.PIET@example.org")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["email"] == ["An account with this e-mail address already exists."]
    assert User.objects.count() == 1
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "This password is too short. It must contain at least 8 characters."),
        ("12345678901", "This password is entirely numeric."),
        ("password123", "This password is too common."),
        ("boer.piet@example.org", "The password is too similar to the e-mail address."),
    ],
)
def test_sign_up_refuses_a_weak_password_with_the_validators_message_on_the_field(
    client, password, message
):
    response = sign_up(client, password=password, password_confirm=password)

    assert response.status_code == 200
    assert message in response.context["form"].errors["password"]
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_refuses_two_different_passwords(client):
    response = sign_up(client, password_confirm=STRONG + "x")

    assert response.context["form"].errors["password_confirm"] == [
        "The two passwords do not match."
    ]
    assert not User.objects.exists()


def test_sign_up_refuses_an_invalid_address(client):
    response = sign_up(client, email="not-an-address")

    assert "email" in response.context["form"].errors
    assert not User.objects.exists()


def test_sign_up_refuses_an_address_longer_than_the_account_can_hold(client):
    response = sign_up(client, email="a" * 60 + "@" + "b" * 50 + "." + "c" * 50 + ".org")

    assert response.context["form"].errors["email"] == [
        "Use an e-mail address of at most 150 characters."
    ]
    assert not User.objects.exists()


def test_sign_up_accepts_an_address_with_characters_usernames_do_not_allow(client):
    response = sign_up(client, email="o'brien+veg@example.org")

    assert response.status_code == 302
    assert User.objects.get().email == "o'brien+veg@example.org"


def test_a_logged_in_user_is_sent_from_sign_up_to_their_account(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
