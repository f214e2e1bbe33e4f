"""The accounts services, called directly as other apps and commands would."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.services import api_token_create, api_token_revoke, user_sign_up

pytestmark = pytest.mark.django_db

STRONG = "Korte-keten-2026!"


def test_user_sign_up_stores_the_address_in_lower_case():
    user = user_sign_up(email="  Boer@Hoeve.BE ", password=STRONG, first_name=" Piet ")

    assert user.email == "boer@hoeve.be"
    assert user.first_name == "Piet"
    assert User.objects.get_by_natural_key("BOER@hoeve.be") == user


def test_user_sign_up_reports_every_broken_rule_at_once(django_user_model):
    django_user_model.objects.create_user(email="boer@hoeve.be", password=STRONG)

    with pytest.raises(ValidationError) as raised:
        user_sign_up(email="BOER@hoeve.be", password="123")

    assert set(raised.value.message_dict) == {"email", "password"}
    assert User.objects.count() == 1


def test_the_database_refuses_a_second_account_for_the_same_mailbox(django_user_model):
    django_user_model.objects.create_user(email="boer@hoeve.be", password=STRONG)
    twin = User(email="x@example.org")
    twin.set_password(STRONG)
    twin.save()

    # A write that bypasses save(), as a bulk update would.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=twin.pk).update(email="BOER@HOEVE.BE")


def test_creating_users_through_the_manager_also_lower_cases(django_user_model):
    user = django_user_model.objects.create_superuser(email="Admin@Ketenwerk.BE", password=STRONG)

    assert (user.email, user.username) == ("admin@ketenwerk.be", "admin@ketenwerk.be")
    assert user.is_staff and user.is_superuser


def test_api_token_create_stores_only_a_hash_and_returns_the_raw_token(user):
    token, raw = api_token_create(user=user, name="  Till  ")

    stored = ApiToken.objects.get()
    assert stored == token
    assert stored.name == "Till"
    assert stored.token_key == raw[:15]
    assert len(raw) == 64
    assert raw not in (stored.digest, stored.token_key)


def test_an_expired_token_does_not_block_its_name(user):
    old, _raw = api_token_create(user=user, name="Till")
    ApiToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - timedelta(days=1))

    new, _raw = api_token_create(user=user, name="Till")

    assert ApiToken.objects.filter(user=user, name="Till").count() == 2
    assert new.expiry > timezone.now()


def test_two_users_may_name_their_tokens_the_same(user, other_user):
    api_token_create(user=user, name="Till")
    api_token_create(user=other_user, name="Till")

    assert ApiToken.objects.filter(name="Till").count() == 2


def test_api_token_revoke_refuses_another_users_token(user, other_user):
    theirs, _raw = api_token_create(user=other_user, name="Till")

    with pytest.raises(ApiToken.DoesNotExist):
        api_token_revoke(user=user, token_key=theirs.token_key)

    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_api_token_revoke_removes_only_that_token(user):
    keep, _raw = api_token_create(user=user, name="Till")
    drop, _raw = api_token_create(user=user, name="Export")

    api_token_revoke(user=user, token_key=drop.token_key)

    assert list(ApiToken.objects.all()) == [keep]
