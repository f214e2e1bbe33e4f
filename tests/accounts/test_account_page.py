"""The account page: the person's name and e-mail, and their API tokens."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_account_page_requires_login(client):
    response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('accounts:account')}"


def test_account_page_shows_the_users_own_name_and_e_mail(logged_in, user):
    user.first_name, user.last_name = "Lies", "Claes"
    user.save()

    content = logged_in.get(reverse("accounts:account")).content.decode()

    assert "Lies Claes" in content
    assert "lies@example.org" in content
    assert reverse("accounts:password_change") in content


def test_name_form_saves_the_name(logged_in, user):
    response = logged_in.post(
        reverse("accounts:profile_update"), {"first_name": "Lies", "last_name": "Claes"}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    user.refresh_from_db()
    assert user.get_full_name() == "Lies Claes"


def test_name_form_refuses_a_too_long_name_and_keeps_the_old_one(logged_in, user):
    response = logged_in.post(
        reverse("accounts:profile_update"), {"first_name": "x" * 151, "last_name": ""}
    )

    assert response.status_code == 200
    assert response.context["profile_form"].errors["first_name"] == [
        "Ensure this value has at most 150 characters (it has 151)."
    ]
    user.refresh_from_db()
    assert user.first_name == ""


def test_name_form_answers_only_post(logged_in):
    assert logged_in.get(reverse("accounts:profile_update")).status_code == 405


def test_creating_a_token_shows_the_raw_token_once(logged_in, user):
    response = logged_in.post(reverse("accounts:token_create"), {"name": "Farm shop till"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    raw = response.context["raw_token"]
    assert token.name == "Farm shop till"
    assert token.token_key == raw[:15]
    assert token.digest != raw
    assert response.content.decode().count(raw) == 1
    assert "no-store" in response["Cache-Control"]

    account = logged_in.get(reverse("accounts:account")).content.decode()
    assert token.token_key in account
    assert raw not in account


def test_the_token_shown_on_the_page_authenticates_the_api(logged_in, token_client):
    response = logged_in.post(reverse("accounts:token_create"), {"name": "Farm shop till"})

    me = token_client(response.context["raw_token"]).get("/api/v1/me/")

    assert me.status_code == 200
    assert me.json()["email"] == "lies@example.org"


def test_creating_a_token_without_a_name_shows_the_error_on_the_account_page(logged_in):
    response = logged_in.post(reverse("accounts:token_create"), {"name": "  "})

    assert response.status_code == 200
    assert response.context["token_form"].errors["name"] == ["This field is required."]
    assert not ApiToken.objects.exists()


def test_creating_a_second_token_with_the_same_name_is_refused(logged_in, user, make_token):
    make_token(user, "Farm shop till")

    response = logged_in.post(reverse("accounts:token_create"), {"name": "farm SHOP till"})

    assert response.context["token_form"].errors["name"] == [
        "You already have a token with this name. Choose another name."
    ]
    assert ApiToken.objects.count() == 1


def test_creating_a_token_beyond_the_limit_is_refused(logged_in, user, make_token, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    make_token(user, "one")
    make_token(user, "two")

    response = logged_in.post(reverse("accounts:token_create"), {"name": "three"})

    assert response.context["token_form"].non_field_errors() == [
        "You already have 2 API tokens. Revoke one you no longer use first."
    ]
    assert ApiToken.objects.count() == 2


def test_token_creation_requires_login_and_post(client, user):
    anonymous = client.post(reverse("accounts:token_create"), {"name": "x"})
    client.force_login(user)
    by_get = client.get(reverse("accounts:token_create"))

    assert anonymous.status_code == 302
    assert anonymous.url == f"{reverse('accounts:login')}?next={reverse('accounts:account')}"
    assert by_get.status_code == 405
    assert not ApiToken.objects.exists()


def test_account_page_lists_the_users_tokens_and_not_other_users(
    logged_in, user, other_user, make_token
):
    mine, _raw = make_token(user, "Weekly stock export")
    theirs, _raw = make_token(other_user, "Someone else's till")
    ApiToken.objects.filter(pk=mine.pk).update(last_used=timezone.now())

    response = logged_in.get(reverse("accounts:account"))

    assert list(response.context["tokens"]) == [mine]
    content = response.content.decode()
    assert "Weekly stock export" in content
    assert mine.token_key in content
    assert "Someone else" not in content
    assert theirs.token_key not in content


def test_account_page_marks_an_expired_token(logged_in, user, make_token):
    token, _raw = make_token(user)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(days=1))

    content = logged_in.get(reverse("accounts:account")).content.decode()

    assert "<strong>expired</strong>" in content


def test_revoking_a_token_removes_it_and_it_stops_working(
    logged_in, user, make_token, token_client
):
    token, raw = make_token(user)

    response = logged_in.post(reverse("accounts:token_revoke", args=[token.token_key]))

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert token_client(raw).get("/api/v1/me/").status_code == 401


def test_revoking_another_users_token_is_not_found_and_keeps_it(logged_in, other_user, make_token):
    theirs, _raw = make_token(other_user)

    response = logged_in.post(reverse("accounts:token_revoke", args=[theirs.token_key]))

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_revoking_answers_only_post(logged_in, user, make_token):
    token, _raw = make_token(user)

    response = logged_in.get(reverse("accounts:token_revoke", args=[token.token_key]))

    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("count", [3, 10])
def test_account_page_queries_do_not_grow_with_the_number_of_tokens(
    logged_in, user, make_token, django_assert_num_queries, count
):
    for number in range(count):
        make_token(user, f"client {number}")

    # session, user, tokens: the same at 3 and at 10 tokens.
    with django_assert_num_queries(3):
        response = logged_in.get(reverse("accounts:account"))

    assert len(response.context["tokens"]) == count
