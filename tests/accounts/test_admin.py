"""The admin: people by e-mail address, and tokens that staff may read and revoke only."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        email="beheer@ketenwerk.be", password="Beheer-2026!"
    )
    client.force_login(admin)
    return client


def test_user_list_shows_e_mail_and_name_and_searches_by_e_mail(admin_client, user):
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "lies@"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [user]
    assert response.context["cl"].list_display[:4] == [
        "action_checkbox",
        "email",
        "first_name",
        "last_name",
    ]


def test_user_forms_have_no_username_field(admin_client, user):
    add = admin_client.get(reverse("admin:accounts_user_add"))
    change = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert "username" not in add.context["adminform"].form.fields
    assert "email" in add.context["adminform"].form.fields
    assert "username" not in change.context["adminform"].form.fields
    assert "email" in change.context["adminform"].form.fields


def test_adding_a_user_in_the_admin_lower_cases_and_refuses_duplicates(admin_client, user):
    url = reverse("admin:accounts_user_add")
    data = {
        "usable_password": "true",
        "password1": "Korte-keten-2026!",
        "password2": "Korte-keten-2026!",
    }

    created = admin_client.post(url, {**data, "email": "Nieuw@Example.org"})
    duplicate = admin_client.post(
        url, {**data, "email": "LIES@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert created.status_code == 302
    assert User.objects.filter(email="nieuw@example.org").exists()
    assert duplicate.status_code == 200
    assert duplicate.context["adminform"].form.errors["email"] == [
        "An account with this e-mail address already exists."
    ]


def test_tokens_are_read_only_in_the_admin_and_cannot_be_added(admin_client, user, make_token):
    token, raw = make_token(user)

    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    detail = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    add = admin_client.get(reverse("admin:accounts_apitoken_add"))

    assert listing.status_code == 200
    assert token.token_key in listing.content.decode()
    assert raw not in listing.content.decode()
    assert detail.status_code == 200
    assert detail.context["adminform"].form.fields == {}
    assert add.status_code == 403


def test_staff_may_revoke_a_token_in_the_admin(admin_client, user, make_token):
    token, _raw = make_token(user)

    response = admin_client.post(
        reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
