"""The accounts API: /me/, token authentication, and the /tokens/ endpoints."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
TOKENS = "/api/v1/tokens/"


# --- /me/ and token authentication ------------------------------------------------------------


def test_me_answers_the_token_owners_own_account_and_nothing_more(user, make_token, token_client):
    user.first_name, user.last_name = "Lies", "Claes"
    user.save()
    _token, raw = make_token(user)

    response = token_client(raw).get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "lies@example.org",
        "first_name": "Lies",
        "last_name": "Claes",
    }


def test_me_works_with_a_browser_session(api_client, user):
    api_client.force_login(user)

    assert api_client.get(ME).json()["id"] == user.pk


def test_me_refuses_anonymous_with_401_and_says_how_to_authenticate(api_client):
    response = api_client.get(ME)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header",
    ["Token 0123456789abcdef", "Token", "Token a b", "Token ÿÿÿ"],
    ids=["unknown", "empty", "spaces", "not-utf8"],
)
def test_a_bad_token_is_refused_with_401(api_client, user, make_token, header):
    make_token(user)
    api_client.credentials(HTTP_AUTHORIZATION=header)

    assert api_client.get(ME).status_code == 401


def test_a_token_with_the_right_prefix_but_wrong_rest_is_refused(user, make_token, token_client):
    _token, raw = make_token(user)
    forged = raw[:15] + ("0" if raw[15] != "0" else "1") + raw[16:]

    assert token_client(forged).get(ME).status_code == 401


def test_a_revoked_token_is_refused(user, make_token, token_client):
    token, raw = make_token(user)
    token.delete()

    assert token_client(raw).get(ME).status_code == 401


def test_an_expired_token_is_refused_and_removed(user, make_token, token_client):
    token, raw = make_token(user)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))

    response = token_client(raw).get(ME)

    assert response.status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_a_new_token_expires_after_the_configured_time(user, make_token, settings):
    token, _raw = make_token(user)

    expected = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    assert abs(token.expiry - expected) < timedelta(seconds=5)


def test_a_token_of_an_inactive_user_is_refused(user, make_token, token_client):
    _token, raw = make_token(user)
    user.is_active = False
    user.save()

    assert token_client(raw).get(ME).status_code == 401


def test_using_a_token_records_when_it_was_last_used(user, make_token, token_client):
    token, raw = make_token(user)
    assert token.last_used is None

    token_client(raw).get(ME)

    token.refresh_from_db()
    assert timezone.now() - token.last_used < timedelta(seconds=5)


def test_last_used_is_written_at_most_once_a_minute(user, make_token, token_client):
    token, raw = make_token(user)
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used=recent)

    token_client(raw).get(ME)
    token.refresh_from_db()
    assert token.last_used == recent

    a_while_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used=a_while_ago)
    token_client(raw).get(ME)
    token.refresh_from_db()
    assert token.last_used > a_while_ago + timedelta(minutes=1)


def test_a_recent_use_does_not_write_the_token_row(
    user, make_token, token_client, django_assert_num_queries
):
    token, raw = make_token(user)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    client = token_client(raw)

    # token lookup with its user, knox's check of the user's other tokens: no UPDATE.
    with django_assert_num_queries(2):
        assert client.get(ME).status_code == 200


# --- /tokens/ ---------------------------------------------------------------------------------


def test_tokens_list_shows_only_the_users_own_tokens_and_never_a_secret(
    api_client, user, other_user, make_token
):
    mine, raw = make_token(user, "Farm shop till")
    make_token(other_user, "Jan's export")
    api_client.force_login(user)

    response = api_client.get(TOKENS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "name": "Farm shop till",
            "token_key": mine.token_key,
            "created": body["results"][0]["created"],
            "expiry": body["results"][0]["expiry"],
            "last_used": None,
        }
    ]
    assert raw not in response.content.decode()
    assert mine.digest not in response.content.decode()


def test_tokens_list_works_with_a_token(user, make_token, token_client):
    _token, raw = make_token(user, "Farm shop till")

    response = token_client(raw).get(TOKENS)

    assert [t["name"] for t in response.json()["results"]] == ["Farm shop till"]


def test_tokens_endpoints_refuse_anonymous(api_client, user, make_token):
    token, _raw = make_token(user)

    assert api_client.get(TOKENS).status_code == 401
    assert api_client.post(TOKENS, {"name": "x"}).status_code == 401
    assert api_client.delete(f"{TOKENS}{token.token_key}/").status_code == 401
    assert ApiToken.objects.count() == 1


def test_creating_a_token_by_api_returns_the_raw_token_once_and_it_works(
    api_client, user, token_client
):
    api_client.force_login(user)

    response = api_client.post(TOKENS, {"name": "Weekly stock export"}, format="json")

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    token = ApiToken.objects.get(user=user)
    assert body["name"] == "Weekly stock export"
    assert body["token_key"] == token.token_key == body["token"][:15]
    assert set(body) == {"name", "token_key", "created", "expiry", "last_used", "token"}
    assert "token" not in api_client.get(TOKENS).json()["results"][0]

    api_client.logout()
    assert token_client(body["token"]).get(ME).json()["id"] == user.pk


def test_a_token_cannot_create_another_token(user, make_token, token_client):
    _token, raw = make_token(user)

    response = token_client(raw).post(TOKENS, {"name": "Forever"}, format="json")

    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "name", "This field is required."),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": "x" * 101}, "name", "Ensure this field has no more than 100 characters."),
    ],
)
def test_creating_a_token_with_a_bad_name_is_a_400_on_the_field(
    api_client, user, payload, field, message
):
    api_client.force_login(user)

    response = api_client.post(TOKENS, payload, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not ApiToken.objects.exists()


def test_creating_a_token_with_a_name_in_use_is_a_400_on_the_name(api_client, user, make_token):
    make_token(user, "Farm shop till")
    api_client.force_login(user)

    response = api_client.post(TOKENS, {"name": "Farm shop till"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "name": ["You already have a token with this name. Choose another name."]
    }


def test_creating_a_token_beyond_the_limit_is_a_400(api_client, user, make_token, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 1}
    make_token(user, "one")
    api_client.force_login(user)

    response = api_client.post(TOKENS, {"name": "two"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "You already have 1 API token. Revoke it first if you no longer use it."
        ]
    }


def test_revoking_an_own_token_by_api(api_client, user, make_token, token_client):
    token, raw = make_token(user)
    api_client.force_login(user)

    response = api_client.delete(f"{TOKENS}{token.token_key}/")

    assert response.status_code == 204
    assert not ApiToken.objects.exists()
    assert token_client(raw).get(ME).status_code == 401


def test_a_token_can_revoke_itself(user, make_token, token_client):
    token, raw = make_token(user)
    client = token_client(raw)

    assert client.delete(f"{TOKENS}{token.token_key}/").status_code == 204
    assert client.get(ME).status_code == 401


def test_revoking_another_users_token_by_api_is_not_found(api_client, user, other_user, make_token):
    theirs, _raw = make_token(other_user)
    api_client.force_login(user)

    response = api_client.delete(f"{TOKENS}{theirs.token_key}/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_tokens_cannot_be_changed_or_read_one_by_one(api_client, user, make_token):
    token, _raw = make_token(user)
    api_client.force_login(user)
    url = f"{TOKENS}{token.token_key}/"

    assert api_client.get(url).status_code == 405
    assert api_client.patch(url, {"name": "renamed"}, format="json").status_code == 405
    token.refresh_from_db()
    assert token.name == "farm shop till"


@pytest.mark.parametrize("count", [3, 10])
def test_tokens_list_queries_do_not_grow_with_the_number_of_tokens(
    api_client, user, make_token, django_assert_num_queries, count
):
    for number in range(count):
        make_token(user, f"client {number}")
    api_client.force_login(user)

    # session, user, count, page.
    with django_assert_num_queries(4):
        response = api_client.get(TOKENS)

    assert response.json()["count"] == count
