"""The production settings hash passwords with Argon2 (tests switch to MD5 for speed)."""

from django.contrib.auth.hashers import Argon2PasswordHasher

from network import settings as production_settings


def test_production_settings_hash_passwords_with_argon2_first():
    assert production_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_argon2_hasher_is_installed_and_verifies_a_password():
    hasher = Argon2PasswordHasher()

    encoded = hasher.encode("pw-Lies-2026!", hasher.salt())

    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("pw-Lies-2026!", encoded) is True
    assert hasher.verify("wrong", encoded) is False


def test_api_authenticates_with_our_token_class_before_the_session():
    classes = production_settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]

    assert classes[0] == "accounts.authentication.TokenAuthentication"
    assert "knox.auth.TokenAuthentication" not in classes
