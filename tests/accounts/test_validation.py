"""Bad input on the account: token names and the person's name get a field message.

Sign-up is covered in test_signup.py; here the token name through the API and the page, the
profile form, and a name with HTML in it, which is shown escaped.
"""

import pytest
from django.urls import reverse

from accounts.models import ApiToken

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/tokens/"


@pytest.mark.parametrize(
    ("name", "field"),
    [("", "name"), ("   ", "name"), ("x" * 101, "name"), (None, "name"), (["till"], "name")],
    ids=["empty", "blank", "too-long", "null", "list"],
)
def test_an_invalid_token_name_is_a_400_and_creates_no_token(api_client, user, name, field):
    api_client.force_login(user)  # a session: tokens cannot create tokens

    response = api_client.post(TOKENS, {"name": name}, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ApiToken.objects.exists()


def test_a_second_token_with_the_same_name_whatever_its_case_is_refused(api_client, user):
    api_client.force_login(user)

    first = api_client.post(TOKENS, {"name": "Hoevewinkel kassa"}, format="json")
    second = api_client.post(TOKENS, {"name": "HOEVEWINKEL KASSA "}, format="json")

    assert first.status_code == 201, first.content
    assert second.status_code == 400
    assert list(second.json()) == ["name"]
    assert ApiToken.objects.count() == 1


def test_the_token_page_shows_a_too_long_name_on_the_field(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:token_create"), {"name": "x" * 101}, follow=True)

    html = response.content.decode()
    assert "at most 100 characters" in html
    assert not ApiToken.objects.exists()


def test_the_profile_page_refuses_a_name_longer_than_the_column(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_update"), {"first_name": "x" * 151, "last_name": "Peeters"}
    )

    assert response.status_code == 200
    assert 'id="id_first_name_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.last_name == ""


def test_html_in_a_name_is_shown_escaped_on_the_account_page(client, user):
    client.force_login(user)

    client.post(
        reverse("accounts:profile_update"),
        {"first_name": "<script>alert(1)</script>", "last_name": "<b>Peeters</b>"},
    )

    user.refresh_from_db()
    assert user.first_name == "<script>alert(1)</script>"
    html = client.get(reverse("accounts:account")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b>Peeters</b>" not in html
